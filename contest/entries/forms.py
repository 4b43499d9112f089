"""The entry form: title, synopsis, optional social-media link, originality statement."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, StringField, TextAreaField, URLField
from wtforms.validators import URL, DataRequired, Length, Optional, ValidationError

from ..core.http.forms import Form


class EntryForm(Form):
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
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
    )
    originality = BooleanField(
        _l("Saya menyatakan karya ini asli buatan saya sendiri, belum pernah dipublikasikan atau "
           "diikutsertakan dalam lomba lain, dan tidak melanggar hak cipta pihak lain "
           "(Surat Pernyataan Keaslian Karya)."),
        validators=[DataRequired(message=_l("Anda harus menyetujui pernyataan keaslian karya."))],
    )

    def validate_social_url(self, field):
        # Only web links: the page shows this as a link, and "javascript://…" passes URL().
        if field.data and not field.data.lower().startswith(("https://", "http://")):
            raise ValidationError(_l("Tautan harus diawali https:// atau http://."))
