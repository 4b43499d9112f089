"""Forms of the privacy pages: profile correction (validated like registration), erasure, retention."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, PasswordField
from wtforms.validators import DataRequired, NumberRange

from ..accounts.forms import RegistrationForm
from ..core.http.forms import Form


class ProfileForm(Form):
    """The fields an entrant may correct; the NIP (their identity) is not among them."""

    full_name = RegistrationForm.full_name
    position = RegistrationForm.position
    rank = RegistrationForm.rank
    work_unit = RegistrationForm.work_unit
    agency = RegistrationForm.agency
    regency = RegistrationForm.regency
    phone = RegistrationForm.phone
    email = RegistrationForm.email

    validate_phone = RegistrationForm.validate_phone


class ErasureForm(Form):
    password = PasswordField(_l("Kata sandi Anda"), validators=[DataRequired(message=_l("Masukkan kata sandi Anda."))],
                             render_kw={"autocomplete": "current-password"})
    understood = BooleanField(
        _l("Saya mengerti: persetujuan saya dicabut, karya saya ditarik dan data saya dihapus atau dianonimkan. "
           "Langkah ini tidak dapat dibatalkan."),
        validators=[DataRequired(message=_l("Centang pernyataan ini untuk melanjutkan."))])


class RetentionForm(Form):
    retention_days = IntegerField(
        _l("Masa simpan data peserta yang tidak menang (hari setelah pengumuman)"),
        validators=[DataRequired(message=_l("Isi jumlah hari.")),
                    NumberRange(min=30, max=3650, message=_l("Masa simpan antara 30 dan 3650 hari."))])
