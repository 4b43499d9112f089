"""Forms of the public vote (email, code) and of the committee (settings, candidates, voiding)."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..core.http.forms import Form


class VoteStartForm(Form):
    email = EmailField(_l("Alamat email Anda"), validators=[DataRequired(), Length(max=254)],
                       description=_l("Kami mengirim kode 6 angka ke alamat ini. "
                                      "Satu alamat email, satu suara."),
                       render_kw={"autocomplete": "email", "inputmode": "email"})


class VoteConfirmForm(Form):
    code = StringField(_l("Kode dari email"), validators=[DataRequired(), Length(min=6, max=12)],
                       render_kw={"autocomplete": "one-time-code", "inputmode": "numeric", "maxlength": 12})


class VotingSettingsForm(Form):
    allowed_domains = TextAreaField(
        _l("Domain email yang boleh memilih"), validators=[Optional(), Length(max=5000)],
        description=_l("Satu domain per baris, misalnya go.id atau kaltimprov.go.id (subdomain ikut "
                       "diizinkan). Kosongkan agar semua alamat email boleh memilih."),
        render_kw={"rows": 4})
    counts_public = BooleanField(_l("Tampilkan jumlah suara kepada publik"))


class CandidatesForm(Form):
    entry_ids = SelectMultipleField(_l("Karya peserta pemilihan"), coerce=int, choices=[])


class VoteActionForm(Form):
    """Void or restore the ticked votes, always with a reason."""

    vote_ids = SelectMultipleField(coerce=int, choices=[], validate_choice=False)
    reason = TextAreaField(_l("Alasan"), validators=[DataRequired(), Length(min=10, max=2000)],
                           description=_l("Wajib; tercatat di log pemilihan."), render_kw={"rows": 2})


class FavouriteForm(Form):
    entry_id = SelectField(_l("Video Terfavorit"), coerce=int, choices=[])
    reason = TextAreaField(_l("Alasan (wajib bila bukan peraih suara terbanyak atau suara imbang)"),
                           validators=[Optional(), Length(max=2000)], render_kw={"rows": 2})
