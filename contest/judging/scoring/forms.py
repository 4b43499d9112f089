"""A judge's forms: the scorecard and the declaration of a conflict of interest."""
from flask_babel import lazy_gettext as _l
from wtforms import (
    HiddenField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from ...core.http.forms import Form


class ScoreForm(Form):
    """Comment and flags; criterion values arrive as c<ID> fields read by the service."""

    comment = TextAreaField(_l("Catatan untuk panitia"), validators=[Optional(), Length(max=5000)],
                            render_kw={"rows": 4})
    watched = HiddenField(default="0")
    confirm_unwatched = HiddenField(default="")
    version = HiddenField(default="0")  # the card version this page started from (compare-and-set)


class ConflictForm(Form):
    reason = TextAreaField(_l("Alasan konflik kepentingan"), validators=[DataRequired(), Length(min=5, max=1000)],
                           description=_l("Misalnya: peserta adalah kerabat atau rekan satu unit kerja saya."),
                           render_kw={"rows": 3})
