"""The committee's prize override: another entry for a prize, with the reason the minutes keep."""
from flask_babel import lazy_gettext as _l
from wtforms import (
    SelectField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length

from ...core.http.forms import Form


class PrizeOverrideForm(Form):
    prize_id = SelectField(_l("Hadiah"), coerce=int, choices=[])
    entry_id = SelectField(_l("Karya"), coerce=int, choices=[])
    reason = TextAreaField(_l("Alasan perubahan"), validators=[DataRequired(), Length(min=10, max=2000)],
                           render_kw={"rows": 2})
