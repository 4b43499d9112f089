"""The administrative check's form: pass, fail or needs fix, with the reason the entrant reads."""
from flask_babel import lazy_gettext as _l
from wtforms import (
    RadioField,
    SelectChoice,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from ...core.http.forms import Form
from .models import CheckOutcome

OUTCOME_LABELS = {
    CheckOutcome.PASS.value: _l("Diterima"),
    CheckOutcome.FAIL.value: _l("Ditolak"),
    CheckOutcome.NEEDS_FIX.value: _l("Perlu Perbaikan"),
}


class CheckForm(Form):
    outcome = RadioField(_l("Hasil verifikasi"),
                         choices=[SelectChoice(o, label) for o, label in OUTCOME_LABELS.items()],
                         validators=[DataRequired(message=_l("Pilih hasil verifikasi."))])
    reason = TextAreaField(_l("Alasan / yang perlu diperbaiki"), validators=[Optional(), Length(max=2000)],
                           render_kw={"rows": 2})
