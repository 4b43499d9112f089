"""The committee's forms for rounds: kind, window, mode, the rubric's criteria, a re-opening's reason."""
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    FieldList,
    FloatField,
    FormField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ...contests.timefmt import zone_abbreviation
from ...core.http.datetime_field import SplitDateTimeField
from ...core.http.forms import Form, SubForm
from .models import AssignmentMode, RoundKind

KIND_LABELS = {
    RoundKind.ADMIN_CHECK.value: _l("Verifikasi Administrasi"),
    RoundKind.SCORING.value: _l("Penilaian"),
    RoundKind.FINAL.value: _l("Penilaian Final (N teratas)"),
}


MODE_LABELS = {
    AssignmentMode.ALL.value: _l("Semua juri menilai semua karya"),
    AssignmentMode.BALANCED.value: _l("Pembagian seimbang: N juri per karya"),
}


def _local(field, zone):
    return field.data.replace(tzinfo=ZoneInfo(zone)) if field.data else None


class RoundForm(Form):
    name = StringField(_l("Nama babak"), validators=[DataRequired(), Length(max=120)])
    kind = SelectField(_l("Jenis babak"), choices=[SelectChoice(k, label) for k, label in KIND_LABELS.items()])
    opens_at = SplitDateTimeField(_l("Dibuka"), validators=[Optional()],
                                  description=_l("Kosongkan untuk memakai jadwal penjurian sayembara."))
    closes_at = SplitDateTimeField(_l("Ditutup"), validators=[Optional()])
    assignment_mode = SelectField(
        _l("Pembagian karya"), choices=[SelectChoice(m, label) for m, label in MODE_LABELS.items()]
    )
    judges_per_entry = IntegerField(_l("Juri per karya (N)"), validators=[Optional(), NumberRange(min=1, max=20)])
    max_per_judge = IntegerField(_l("Batas karya per juri"), validators=[Optional(), NumberRange(min=1, max=10000)],
                                 description=_l("Kosongkan bila tanpa batas."))
    top_n = IntegerField(_l("Jumlah finalis (N teratas)"), validators=[Optional(), NumberRange(min=1, max=500)])
    source_round_id = SelectField(_l("Babak asal finalis"), coerce=int, choices=[], validate_choice=False)

    def values(self, zone):
        return {
            "name": self.name.data.strip(), "opens_at": _local(self.opens_at, zone),
            "closes_at": _local(self.closes_at, zone), "assignment_mode": self.assignment_mode.data,
            "judges_per_entry": self.judges_per_entry.data, "max_per_judge": self.max_per_judge.data,
            "top_n": self.top_n.data, "source_round_id": self.source_round_id.data or None,
        }

    def load(self, rnd, zone):
        for key in ("opens_at", "closes_at"):
            getattr(self, key).zone_label = zone_abbreviation(zone)
            value = getattr(rnd, key)
            getattr(self, key).data = value.astimezone(ZoneInfo(zone)).replace(tzinfo=None) if value else None
        self.source_round_id.data = rnd.source_round_id or 0


class PlainFloatField(FloatField):
    """Shows 30 rather than 30.0."""

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return f"{self.data:g}" if isinstance(self.data, (int, float)) else ""


class CriterionForm(SubForm):
    name = StringField(_l("Kriteria"), validators=[Optional(), Length(max=120)])
    description = TextAreaField(_l("Deskripsi"), validators=[Optional()], render_kw={"rows": 2})
    weight = PlainFloatField(_l("Bobot (%)"), validators=[Optional(), NumberRange(min=0, max=100)])
    scale_min = PlainFloatField(_l("Skala dari"), default=1, validators=[Optional()])
    scale_max = PlainFloatField(_l("sampai"), default=100, validators=[Optional()])
    counted = BooleanField(_l("Dihitung dalam total"), default=True)
    levels = TextAreaField(
        _l("Deskripsi tingkat (satu per baris)"), validators=[Optional()], render_kw={"rows": 4},
        description=_l("Format: 81-100 | Sangat baik | deskripsi"))
    position = IntegerField(_l("Urutan"), validators=[Optional()])
    remove = BooleanField(_l("Hapus kriteria ini"))


class RubricForm(Form):
    criteria = FieldList(FormField(CriterionForm), min_entries=1, max_entries=15)


class ReasonForm(Form):
    reason = TextAreaField(_l("Alasan"), validators=[DataRequired(), Length(min=10, max=2000)],
                           render_kw={"rows": 3})


class ReopenForm(ReasonForm):
    closes_at = SplitDateTimeField(_l("Tutup kembali pada (opsional)"), validators=[Optional()])
