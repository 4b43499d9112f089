"""The committee's forms for notification wording, settings and broadcasts."""
import re

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from ..core.http.datetime_field import SplitDateTimeField
from ..core.http.forms import Form

DAYS = re.compile(r"^\s*(\d{1,2}\s*(,\s*\d{1,2}\s*)*)?$")


class TemplateForm(Form):
    subject = StringField(_l("Subjek"), validators=[DataRequired(), Length(max=300)])
    body = TextAreaField(_l("Isi"), validators=[DataRequired(), Length(max=10000)], render_kw={"rows": 12})


class SettingsForm(Form):
    reminder_days = StringField(
        _l("Pengingat juri (hari sebelum penjurian ditutup)"),
        validators=[Optional(), Regexp(DAYS, message=_l("Tulis angka hari dipisah koma, misalnya 3,1."))],
        description=_l("Juri yang belum menyelesaikan penilaiannya diingatkan sekali pada setiap hari ini. "
                       "Kosongkan untuk tidak mengirim pengingat."))
    fix_deadline = SplitDateTimeField(
        _l("Batas perbaikan karya"), validators=[Optional()],
        description=_l("Disebut dalam email hasil verifikasi “perlu perbaikan”. Kosong: batas akhir pengumpulan."))


class BroadcastForm(Form):
    subject = StringField(_l("Subjek"), validators=[DataRequired(), Length(max=300)])
    body = TextAreaField(_l("Isi"), validators=[DataRequired(), Length(max=10000)], render_kw={"rows": 10})
    confirmed = HiddenField()
