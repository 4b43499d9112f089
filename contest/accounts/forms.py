"""Forms for registration, login and password reset."""
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, ValidationError

from ..core.http.forms import Form
from . import grades
from .nip import PNS, PPPK, NIPError, check_declared, parse_nip
from .nip_messages import grade_mismatch_message, nip_error_message
from .phone import PhoneError, normalize_phone
from .regions import REGENCIES

PASSWORD_MIN = 8


def _strip(value):
    """Phones and autocomplete often add stray spaces around an address."""
    return value.strip() if isinstance(value, str) else value


def grade_choices():
    """One select, two groups: PNS pangkat/golongan and PPPK golongan (works without JavaScript)."""
    pns, pppk = _l("PNS — pangkat/golongan"), _l("PPPK — golongan")
    return (
        [SelectChoice("", _l("— Tidak diisi —"))]
        + [SelectChoice(code, grades.describe(code), {"data-kind": PNS}, pns)
           for code in grades.codes_for(PNS)]
        + [SelectChoice(code, _l("Golongan %(grade)s", grade=code), {"data-kind": PPPK}, pppk)
           for code in grades.codes_for(PPPK)]
    )


def _password_field(label):
    return PasswordField(
        label,
        validators=[
            DataRequired(),
            Length(min=PASSWORD_MIN, max=128, message=_l("Kata sandi minimal 8 karakter.")),
        ],
    )


class RegistrationForm(Form):
    full_name = StringField(
        _l("Nama lengkap (dengan gelar)"), validators=[DataRequired(), Length(max=200)]
    )
    nip = StringField(
        _l("NIP / NI PPPK"),
        validators=[DataRequired()],
        description=_l("18 angka, tanpa spasi. Contoh: 198609262015051001"),
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )
    # Derived from the number as it is typed (the page shows them); not asked any more. A client that
    # still sends them has them checked against the number.
    employment_type = RadioField(
        _l("Status kepegawaian"),
        choices=[SelectChoice("PNS"), SelectChoice("PPPK")],
        validators=[Optional()],
    )
    gender = RadioField(
        _l("Jenis kelamin"),
        choices=[SelectChoice("L", _l("Laki-laki")), SelectChoice("P", _l("Perempuan"))],
        validators=[Optional()],
    )
    position = StringField(_l("Jabatan"), validators=[DataRequired(), Length(max=200)])
    rank = SelectField(
        _l("Pangkat/golongan (opsional)"),
        choices=grade_choices(),
        validators=[Optional()],
        description=_l("PNS: pangkat/golongan I/a–IV/e. PPPK: golongan I–XVII."),
    )
    work_unit = StringField(_l("Unit kerja"), validators=[DataRequired(), Length(max=200)])
    agency = StringField(
        _l("Instansi / perangkat daerah"), validators=[DataRequired(), Length(max=200)]
    )
    regency = SelectField(
        _l("Kabupaten/kota"),
        choices=[SelectChoice("", _l("— Pilih —"))] + [SelectChoice(r) for r in REGENCIES],
        validators=[DataRequired(message=_l("Pilih kabupaten/kota."))],
    )
    phone = StringField(
        _l("Nomor WhatsApp"),
        validators=[DataRequired()],
        description=_l("Contoh: 081234567890"),
        render_kw={"inputmode": "tel", "autocomplete": "tel"},
    )
    email = EmailField(
        _l("Email"),
        validators=[DataRequired(), Email(message=_l("Alamat email tidak valid.")), Length(max=254)],
        filters=[_strip],
        render_kw={"autocomplete": "email"},
    )
    password = _password_field(_l("Kata sandi"))
    password_confirm = PasswordField(
        _l("Ulangi kata sandi"),
        validators=[DataRequired(), EqualTo("password", message=_l("Kata sandi tidak sama."))],
    )
    accept_terms = BooleanField(
        _l("Saya menyetujui Syarat dan Ketentuan sayembara."),
        validators=[DataRequired(message=_l("Anda harus menyetujui Syarat dan Ketentuan."))],
    )
    accept_data = BooleanField(
        _l("Saya setuju data saya diproses panitia untuk keperluan sayembara ini."),
        validators=[DataRequired(message=_l("Anda harus menyetujui pemrosesan data pribadi."))],
    )

    parsed_nip = None

    def validate_nip(self, field):
        try:
            self.parsed_nip = parse_nip(field.data)
        except NIPError as error:
            raise ValidationError(nip_error_message(error.code)) from None
        field.data = self.parsed_nip.digits

    def validate_phone(self, field):
        try:
            field.data = normalize_phone(field.data)
        except PhoneError:
            raise ValidationError(
                _l("Nomor WhatsApp tidak valid. Gunakan format 08…, 628… atau +628….")
            ) from None

    def validate(self, extra_validators=None):
        """Field checks first, then what the NIP says against what the entrant chose."""
        valid = super().validate(extra_validators)
        # Only compare choices that are themselves valid: a tampered value is already an error.
        choices_valid = not self.employment_type.errors and not self.gender.errors
        if self.parsed_nip and choices_valid and self.employment_type.data and self.gender.data:
            for code in check_declared(
                self.parsed_nip, kind=self.employment_type.data, gender=self.gender.data
            ):
                if code == "kind_mismatch":
                    target, actual = self.employment_type, self.parsed_nip.kind
                else:
                    target, actual = self.gender, self.parsed_nip.gender
                message = nip_error_message(code, actual=actual, declared=target.data)
                target.errors = list(target.errors) + [message]
                valid = False
        # The grade must fit the employment type the number says (not the one ticked).
        grade_kind = grades.kind_of(self.rank.data)
        if self.parsed_nip and grade_kind and grade_kind != self.parsed_nip.kind:
            message = grade_mismatch_message(self.rank.data, self.parsed_nip.kind)
            self.rank.errors = list(self.rank.errors) + [message]
            valid = False
        return valid


class LoginForm(Form):
    email = EmailField(_l("Email"), validators=[DataRequired()], render_kw={"autocomplete": "email"})
    password = PasswordField(
        _l("Kata sandi"), validators=[DataRequired()], render_kw={"autocomplete": "current-password"}
    )
    remember = BooleanField(_l("Ingat saya"))


class ForgotPasswordForm(Form):
    email = EmailField(
        _l("Email"),
        validators=[DataRequired(), Email(message=_l("Alamat email tidak valid."))],
        filters=[_strip],
        render_kw={"autocomplete": "email"},
    )


class ResetPasswordForm(Form):
    password = _password_field(_l("Kata sandi baru"))
    password_confirm = PasswordField(
        _l("Ulangi kata sandi baru"),
        validators=[DataRequired(), EqualTo("password", message=_l("Kata sandi tidak sama."))],
    )
