"""Forms for judges (scoring, recusal) and the committee (rounds, rubric, panel, prizes)."""
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    FieldList,
    FloatField,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional

from ..contests.timefmt import zone_abbreviation
from ..datetime_field import SplitDateTimeField
from ..forms import Form, SubForm
from .models import AssignmentMode, CheckOutcome, RoundKind

KIND_LABELS = {
    RoundKind.ADMIN_CHECK.value: _l("Verifikasi Administrasi"),
    RoundKind.SCORING.value: _l("Penilaian"),
    RoundKind.FINAL.value: _l("Penilaian Final (N teratas)"),
}
MODE_LABELS = {
    AssignmentMode.ALL.value: _l("Semua juri menilai semua karya"),
    AssignmentMode.BALANCED.value: _l("Pembagian seimbang: N juri per karya"),
}
OUTCOME_LABELS = {
    CheckOutcome.PASS.value: _l("Diterima"),
    CheckOutcome.FAIL.value: _l("Ditolak"),
    CheckOutcome.NEEDS_FIX.value: _l("Perlu Perbaikan"),
}


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


class PanelForm(Form):
    judges = SelectMultipleField(_l("Anggota dewan juri babak ini"), coerce=int,
                                 option_widget=widgets.CheckboxInput(),
                                 widget=widgets.ListWidget(prefix_label=False))


class OverrideAssignmentForm(Form):
    entry_id = SelectField(_l("Karya"), coerce=int, choices=[])
    judge_id = SelectField(_l("Juri"), coerce=int, choices=[])
    action = RadioField(_l("Tindakan"),
                        choices=[SelectChoice("assign", _l("Tugaskan")), SelectChoice("remove", _l("Lepaskan"))],
                        default="assign")
    reason = StringField(_l("Alasan"), validators=[Optional(), Length(max=500)])


class ReasonForm(Form):
    reason = TextAreaField(_l("Alasan"), validators=[DataRequired(), Length(min=10, max=2000)],
                           render_kw={"rows": 3})


class ReopenForm(ReasonForm):
    closes_at = SplitDateTimeField(_l("Tutup kembali pada (opsional)"), validators=[Optional()])


class InviteForm(Form):
    full_name = StringField(_l("Nama lengkap (dengan gelar)"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(
        _l("Email"), validators=[DataRequired(), Email(message=_l("Alamat email tidak valid.")), Length(max=254)]
    )
    agency = StringField(_l("Instansi"), validators=[Optional(), Length(max=200)],
                         description=_l("Dipakai untuk mendeteksi konflik kepentingan: "
                                        "juri tidak menilai karya dari instansinya sendiri."))
    affiliation = StringField(_l("Lembaga / jabatan (untuk berita acara)"), validators=[Optional(), Length(max=200)])


class JudgeEditForm(Form):
    full_name = StringField(_l("Nama lengkap (dengan gelar)"), validators=[DataRequired(), Length(max=200)])
    agency = StringField(_l("Instansi"), validators=[Optional(), Length(max=200)])
    affiliation = StringField(_l("Lembaga / jabatan (untuk berita acara)"), validators=[Optional(), Length(max=200)])


class CheckForm(Form):
    outcome = RadioField(_l("Hasil verifikasi"),
                         choices=[SelectChoice(o, label) for o, label in OUTCOME_LABELS.items()],
                         validators=[DataRequired(message=_l("Pilih hasil verifikasi."))])
    reason = TextAreaField(_l("Alasan / yang perlu diperbaiki"), validators=[Optional(), Length(max=2000)],
                           render_kw={"rows": 2})


class PrizeOverrideForm(Form):
    prize_id = SelectField(_l("Hadiah"), coerce=int, choices=[])
    entry_id = SelectField(_l("Karya"), coerce=int, choices=[])
    reason = TextAreaField(_l("Alasan perubahan"), validators=[DataRequired(), Length(min=10, max=2000)],
                           render_kw={"rows": 2})
