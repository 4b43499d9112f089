"""The committee's certificate template form and the revoke form."""
import re

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, DateField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from ..core.http.forms import Form
from .services import TEMPLATE_FIELDS


def _nip(form, field):
    digits = re.sub(r"[\s.\-]", "", field.data or "")
    if digits and not re.fullmatch(r"\d{18}", digits):
        raise ValidationError(_l("NIP terdiri dari 18 angka."))
    field.data = digits


class TemplateForm(Form):
    organizer = TextAreaField(_l("Kop (penyelenggara)"), validators=[Optional(), Length(max=500)],
                              description=_l("Satu baris per baris kop, misalnya "
                                             "PEMERINTAH PROVINSI KALIMANTAN TIMUR."),
                              render_kw={"rows": 3})
    participation_title = StringField(_l("Judul sertifikat peserta"),
                                      validators=[DataRequired(), Length(max=120)])
    participation_text = StringField(_l("Kalimat sertifikat peserta"),
                                     validators=[DataRequired(), Length(max=300)],
                                     description=_l("Dicetak sebelum nama sayembara."))
    award_title = StringField(_l("Judul piagam pemenang"), validators=[DataRequired(), Length(max=120)])
    award_text = StringField(_l("Kalimat piagam pemenang"), validators=[DataRequired(), Length(max=300)],
                             description=_l("Dicetak sebelum nama penghargaan, misalnya JUARA I."))
    place = StringField(_l("Tempat penerbitan"), validators=[Optional(), Length(max=100)])
    issued_on = DateField(_l("Tanggal yang dicetak"), validators=[Optional()],
                          description=_l("Kosongkan untuk memakai tanggal sertifikat dibuat."))
    signatory1_name = StringField(_l("Penanda tangan 1: nama"), validators=[Optional(), Length(max=200)])
    signatory1_position = StringField(_l("Penanda tangan 1: jabatan"),
                                      validators=[Optional(), Length(max=200)])
    signatory1_nip = StringField(_l("Penanda tangan 1: NIP"), validators=[Optional(), _nip])
    signatory2_name = StringField(_l("Penanda tangan 2: nama"), validators=[Optional(), Length(max=200)])
    signatory2_position = StringField(_l("Penanda tangan 2: jabatan"),
                                      validators=[Optional(), Length(max=200)])
    signatory2_nip = StringField(_l("Penanda tangan 2: NIP"), validators=[Optional(), _nip])
    logo = FileField(_l("Logo"), description=_l("PNG, JPEG atau WebP, maksimal 2 MB."),
                     render_kw={"accept": "image/png,image/jpeg,image/webp"})
    remove_logo = BooleanField(_l("Hapus logo"))

    def values(self):
        return {name: getattr(self, name).data or ("" if name != "issued_on" else None)
                for name in TEMPLATE_FIELDS}


class RevokeForm(Form):
    reason = TextAreaField(_l("Alasan pencabutan"), validators=[DataRequired(), Length(min=10, max=2000)],
                           render_kw={"rows": 2})


class CheckPdfForm(Form):
    """A PDF someone received, checked against what the platform issued (never stored)."""

    document = FileField(_l("Berkas PDF sertifikat"), validators=[DataRequired(_l("Pilih berkas PDF."))],
                         description=_l("Maksimal 5 MB. Berkas hanya diperiksa, tidak disimpan."),
                         render_kw={"accept": "application/pdf,.pdf"})
