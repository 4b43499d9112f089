"""Forms of the UU PDP duties: data-subject requests, their resolution, the incident register.

Times are typed in WITA (the platform's zone) and converted to UTC by `utc()`.
"""
from datetime import datetime
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from wtforms import DateTimeLocalField, RadioField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from ...core.http.forms import Form
from .models import DutyState
from .requests import CHANNEL_LABELS, KIND_LABELS

ZONE = ZoneInfo("Asia/Makassar")
FORMAT = "%Y-%m-%dT%H:%M"


def utc(local):
    """A naive WITA datetime from the form as an aware UTC instant (None stays None)."""
    return local.replace(tzinfo=ZONE) if local is not None else None


def wita_now():
    return datetime.now(ZONE).replace(tzinfo=None, second=0, microsecond=0)


class SubjectRequestForm(Form):
    """An entrant asks the committee (Data Saya)."""

    kind = SelectField(_l("Jenis permintaan"), choices=[SelectChoice(k, v) for k, v in KIND_LABELS.items()])
    detail = TextAreaField(_l("Uraian permintaan"), validators=[DataRequired(), Length(min=10, max=2000)],
                           description=_l("Misalnya data mana yang perlu dibetulkan atau pemrosesan mana yang "
                                          "ingin dibatasi, dan alasannya."), render_kw={"rows": 3})


class RecordRequestForm(Form):
    """The committee records a request received by letter, email or in person."""

    kind = SelectField(_l("Jenis permintaan"), choices=[SelectChoice(k, v) for k, v in KIND_LABELS.items()])
    channel = SelectField(_l("Diterima melalui"), choices=[
        SelectChoice(k, v) for k, v in CHANNEL_LABELS.items() if k not in ("web", "self_service")])
    subject_label = StringField(_l("Nama pemohon"), validators=[DataRequired(), Length(max=200)])
    contact = StringField(_l("Email pemohon"), validators=[Optional(), Email(), Length(max=320)])
    received_at = DateTimeLocalField(_l("Diterima pada (WITA)"), format=FORMAT, validators=[DataRequired()],
                                     default=wita_now)
    detail = TextAreaField(_l("Uraian permintaan"), validators=[DataRequired(), Length(max=2000)],
                           render_kw={"rows": 2})


class ResolveRequestForm(Form):
    state = RadioField(_l("Hasil"), choices=[SelectChoice(DutyState.DONE.value, _l("Dipenuhi")),
                                             SelectChoice(DutyState.REFUSED.value, _l("Ditolak"))],
                       default=DutyState.DONE.value)
    resolution = TextAreaField(_l("Yang dilakukan / alasan penolakan"),
                               validators=[DataRequired(), Length(min=10, max=2000)], render_kw={"rows": 2})


class IncidentForm(Form):
    title = StringField(_l("Judul insiden"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Apa yang terjadi"), validators=[DataRequired(), Length(max=5000)],
                                render_kw={"rows": 3})
    occurred_at = DateTimeLocalField(_l("Waktu kejadian (WITA, bila diketahui)"), format=FORMAT,
                                     validators=[Optional()])
    discovered_at = DateTimeLocalField(_l("Waktu diketahui (WITA)"), format=FORMAT, validators=[DataRequired()],
                                       default=wita_now,
                                       description=_l("Batas 3 × 24 jam dihitung dari waktu ini."))
    data_categories = TextAreaField(_l("Data pribadi yang terungkap"), validators=[DataRequired(), Length(max=2000)],
                                    description=_l("Misalnya: nama, email, NIP, nomor WhatsApp."),
                                    render_kw={"rows": 2})
    contest_id = SelectField(_l("Peserta edisi yang terdampak"), coerce=int, validators=[Optional()])
    affected_emails = TextAreaField(_l("Email orang lain yang terdampak"), validators=[Optional(), Length(max=100000)],
                                    description=_l("Satu alamat per baris; boleh dikosongkan bila memilih edisi."),
                                    render_kw={"rows": 3})
    measures = TextAreaField(_l("Langkah penanganan"), validators=[Optional(), Length(max=5000)],
                             render_kw={"rows": 2})


class NotifySubjectsForm(Form):
    subject = StringField(_l("Subjek email"), validators=[DataRequired(), Length(max=200)])
    body = TextAreaField(_l("Isi email"), validators=[DataRequired(), Length(max=10000)], render_kw={"rows": 12})


class IncidentNoteForm(Form):
    note = TextAreaField(_l("Catatan"), validators=[DataRequired(), Length(max=2000)], render_kw={"rows": 2})
