"""The committee's edition editor: settings, timeline, video rules, prizes."""
import re
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    FieldList,
    FormField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from ..core.http.datetime_field import SplitDateTimeField
from ..core.http.forms import Form, SubForm
from .phases import timeline_errors
from .services import TIMELINE_FIELDS
from .timefmt import zone_abbreviation

TIMEZONES = [
    SelectChoice("Asia/Jakarta", "WIB (Asia/Jakarta)"),
    SelectChoice("Asia/Makassar", "WITA (Asia/Makassar)"),
    SelectChoice("Asia/Jayapura", "WIT (Asia/Jayapura)"),
]
ORIENTATION_CHOICES = [
    SelectChoice("landscape", _l("Lanskap (16:9)")),
    SelectChoice("portrait", _l("Potret (9:16)")),
    SelectChoice("square", _l("Persegi (1:1)")),
]
TIMELINE_LABELS = {
    "registration_opens_at": _l("Pendaftaran & pengumpulan dibuka"),
    "submissions_close_at": _l("Batas akhir pengumpulan karya"),
    "judging_opens_at": _l("Penjurian dimulai"),
    "judging_closes_at": _l("Penjurian selesai"),
    "voting_opens_at": _l("Pemilihan Video Terfavorit dibuka"),
    "voting_closes_at": _l("Pemilihan Video Terfavorit ditutup"),
    "announcement_at": _l("Pengumuman pemenang"),
}
OPTIONAL_STEPS = {"voting_opens_at", "voting_closes_at"}
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


MAX_PRIZES = 12


class PrizeForm(SubForm):
    name = StringField(_l("Nama hadiah"), validators=[Optional(), Length(max=100)])
    amount_rp = IntegerField(
        _l("Nilai (Rp)"),
        validators=[Optional(), NumberRange(min=0, max=10**12, message=_l("Nilai hadiah tidak valid."))],
    )
    description = StringField(_l("Keterangan"), validators=[Optional(), Length(max=300)])

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        has_details = self.amount_rp.data or (self.description.data or "").strip()
        if has_details and not (self.name.data or "").strip():
            self.name.errors = list(self.name.errors) + [_l("Isi nama hadiah, atau kosongkan seluruh baris.")]
            return False
        return valid


def _datetime_field(key):
    # InputRequired, not DataRequired: a value that does not parse keeps its own message.
    required = Optional() if key in OPTIONAL_STEPS else InputRequired(message=_l("Tanggal wajib diisi."))
    return SplitDateTimeField(TIMELINE_LABELS[key], validators=[required])


class ContestForm(Form):
    title = StringField(_l("Judul sayembara"), validators=[DataRequired(), Length(max=200)])
    slug = StringField(
        _l("Slug (alamat)"),
        validators=[
            DataRequired(),
            Length(max=80),
            Regexp(SLUG, message=_l("Gunakan huruf kecil, angka dan tanda hubung.")),
        ],
    )
    theme = StringField(_l("Tema"), validators=[DataRequired(), Length(max=300)])
    description = TextAreaField(_l("Deskripsi (Markdown)"), render_kw={"rows": 5})
    rules = TextAreaField(_l("Ketentuan (Markdown)"), render_kw={"rows": 8})
    timezone = SelectField(
        _l("Zona waktu"),
        choices=TIMEZONES,
        default="Asia/Makassar",
        description=_l("Semua tanggal dan jam di bawah dibaca dalam zona waktu ini."),
    )
    code_prefix = StringField(
        _l("Awalan kode karya"),
        validators=[
            DataRequired(),
            Length(max=20),
            Regexp(r"^[A-Z0-9-]+$", message=_l("Huruf kapital, angka dan tanda hubung.")),
        ],
        description=_l("Contoh: NTR-2024 menghasilkan kode NTR-2024-0042."),
    )
    registration_opens_at = _datetime_field("registration_opens_at")
    submissions_close_at = _datetime_field("submissions_close_at")
    judging_opens_at = _datetime_field("judging_opens_at")
    judging_closes_at = _datetime_field("judging_closes_at")
    voting_opens_at = _datetime_field("voting_opens_at")
    voting_closes_at = _datetime_field("voting_closes_at")
    announcement_at = _datetime_field("announcement_at")
    # Defaults: the realistic contest of shared/DOMAIN.md (60–180 s, ≥ 720 px, ≤ 500 MB, sound, one entry).
    min_duration_s = IntegerField(
        _l("Durasi minimal (detik)"), default=60, validators=[InputRequired(), NumberRange(min=1, max=3600)],
        description=_l("Lazimnya 60 detik."),
    )
    max_duration_s = IntegerField(
        _l("Durasi maksimal (detik)"), default=180, validators=[InputRequired(), NumberRange(min=1, max=3600)],
        description=_l("Lazimnya 180 detik (3 menit)."),
    )
    min_short_side_px = IntegerField(
        _l("Sisi terpendek minimal (piksel)"), default=720,
        validators=[InputRequired(), NumberRange(min=144, max=4320)],
        description=_l("720 = HD; 1080 = Full HD."),
    )
    max_long_side_px = IntegerField(
        _l("Sisi terpanjang maksimal (piksel)"), default=4096,
        description=_l("Video 8K atau lebih besar ditolak sebelum diproses. Kosong = 4096."),
        validators=[Optional(), NumberRange(min=144, max=8192)]
    )
    max_frame_rate = IntegerField(
        _l("Laju bingkai maksimal (fps)"), default=60, description=_l("Kosong = 60."),
        validators=[Optional(), NumberRange(min=1, max=240)]
    )
    orientations = SelectMultipleField(
        _l("Orientasi yang diizinkan"),
        choices=ORIENTATION_CHOICES,
        option_widget=widgets.CheckboxInput(),
        widget=widgets.ListWidget(prefix_label=False),
        validators=[DataRequired(message=_l("Pilih minimal satu orientasi."))],
        default=["landscape", "portrait"],
    )
    max_size_mb = IntegerField(
        _l("Ukuran berkas maksimal (MB)"), default=500, validators=[InputRequired(), NumberRange(min=1, max=4096)],
        description=_l("Lazimnya 500 MB."),
    )
    audio_required = BooleanField(_l("Video wajib bersuara"), default=True)
    max_entries_per_entrant = IntegerField(
        _l("Maksimal karya per peserta"), default=1, validators=[InputRequired(), NumberRange(min=1, max=10)]
    )
    prizes = FieldList(FormField(PrizeForm), min_entries=7, max_entries=MAX_PRIZES)

    def validate_max_long_side_px(self, field):
        if self.min_short_side_px.data and field.data and field.data < self.min_short_side_px.data:
            raise ValidationError(_l("Sisi terpanjang maksimal tidak boleh lebih kecil dari sisi terpendek minimal."))
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        zone = zone_abbreviation(self.timezone.data or "Asia/Makassar")
        for key in TIMELINE_FIELDS:
            getattr(self, key).zone_label = zone

    def validate_max_duration_s(self, field):
        if self.min_duration_s.data and field.data and field.data <= self.min_duration_s.data:
            raise ValidationError(_l("Durasi maksimal harus lebih besar dari durasi minimal."))

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if not valid:
            return False
        values = self.timeline_values()
        for field, code in timeline_errors(values):
            earlier = code.split(":", 1)[1] if code.startswith("after:") else None
            if earlier:
                message = _l("Harus setelah “%(step)s”.", step=TIMELINE_LABELS[earlier])
            else:
                message = _l("Isi tanggal buka dan tutup pemilihan, atau kosongkan keduanya.")
            getattr(self, field).errors = list(getattr(self, field).errors) + [message]
            valid = False
        return valid

    def timeline_values(self):
        """The timeline as aware instants: inputs are read in the contest's timezone."""
        zone = ZoneInfo(self.timezone.data)
        return {
            key: getattr(self, key).data.replace(tzinfo=zone) if getattr(self, key).data else None
            for key in TIMELINE_FIELDS
        }

    def values(self):
        data = {
            key: getattr(self, key).data
            for key in ("slug", "title", "theme", "timezone", "code_prefix", "min_duration_s",
                        "max_duration_s", "min_short_side_px", "max_size_mb", "audio_required",
                        "max_entries_per_entrant")
        }
        data["max_long_side_px"] = self.max_long_side_px.data or 4096
        data["max_frame_rate"] = self.max_frame_rate.data or 60
        data["description"] = self.description.data or ""
        data["rules"] = self.rules.data or ""
        data["orientations"] = ",".join(c.value for c in ORIENTATION_CHOICES if c.value in self.orientations.data)
        data.update(self.timeline_values())
        return data

    def prize_rows(self):
        return [
            (row.form.name.data.strip(), row.form.amount_rp.data, row.form.description.data)
            for row in self.prizes
            if row.form.name.data and row.form.name.data.strip()
        ]

    def load(self, contest):
        """Fill the form from an edition, showing times in its own timezone."""
        zone = ZoneInfo(contest.timezone)
        for key in TIMELINE_FIELDS:
            value = getattr(contest, key)
            getattr(self, key).data = value.astimezone(zone).replace(tzinfo=None) if value else None
        self.orientations.data = sorted(contest.orientation_set)
        while len(self.prizes) < min(MAX_PRIZES, max(7, len(contest.prizes) + 1)):
            self.prizes.append_entry()
        for row, prize in zip(self.prizes, contest.prizes, strict=False):
            row.form.name.data, row.form.amount_rp.data, row.form.description.data = (
                prize.name, prize.amount_rp, prize.description)
