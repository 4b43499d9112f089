"""The entry form: title, synopsis, optional social-media link, originality statement."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField, TextAreaField, URLField
from wtforms.validators import DataRequired, Length, Optional, URL


class EntryForm(FlaskForm):
    title = StringField(_l("Judul karya"), validators=[DataRequired(), Length(max=200)])
    synopsis = TextAreaField(
        _l("Sinopsis"),
        validators=[DataRequired(), Length(max=2000)],
        description=_l("Ringkasan isi dan pesan video, maksimal 2.000 karakter."),
        render_kw={"rows": 5},
    )
    social_url = URLField(
        _l("Tautan unggahan media sosial (opsional)"),
        validators=[Optional(), URL(message=_l("Tautan tidak valid.")), Length(max=500)],
        description=_l("Bila karya juga diunggah ke Instagram/TikTok/YouTube sesuai ketentuan."),
    )
    originality = BooleanField(
        _l("Saya menyatakan karya ini asli buatan saya sendiri, belum pernah dipublikasikan atau "
           "diikutsertakan dalam lomba lain, dan tidak melanggar hak cipta pihak lain "
           "(Surat Pernyataan Keaslian Karya)."),
        validators=[DataRequired(message=_l("Anda harus menyetujui pernyataan keaslian karya."))],
    )
