"""Rounds and rubrics: create, edit, the rubric (weights total 100 %), lock and re-open."""
from flask_babel import gettext as _
from sqlalchemy import func, select

from ...core.errors import DomainError
from ...core.extensions import db
from ...core.timeutil import utcnow
from ..scoring.models import Scorecard
from .audit import log_event
from .models import AssignmentMode, JudgingRound, RoundKind, RubricCriterion
from .rubric import KUTIM_RUBRIC, check_levels
from .weights import Criterion, validate_weights

ROUND_FIELDS = ("name", "opens_at", "closes_at", "assignment_mode", "judges_per_entry", "max_per_judge",
                "top_n", "source_round_id")


def _check_values(contest, kind, values):
    if kind not in {k.value for k in RoundKind}:
        raise DomainError(_("Jenis babak tidak dikenal."))
    opens, closes = values.get("opens_at"), values.get("closes_at")
    if opens and closes and closes <= opens:
        raise DomainError(_("Tanggal tutup harus setelah tanggal buka."), field="closes_at")
    if values.get("assignment_mode") == AssignmentMode.BALANCED.value and not values.get("judges_per_entry"):
        raise DomainError(_("Isi jumlah juri per karya untuk pembagian seimbang."), field="judges_per_entry")
    if kind == RoundKind.FINAL.value:
        if not values.get("top_n"):
            raise DomainError(_("Isi jumlah finalis (N teratas)."), field="top_n")
        source = db.session.get(JudgingRound, values.get("source_round_id") or 0)
        if source is None or source.contest_id != contest.id or not source.is_scored:
            raise DomainError(_("Pilih babak penilaian asal finalis."), field="source_round_id")


def _snapshot(rnd):
    return {field: (v.isoformat() if hasattr(v, "isoformat") else v)
            for field in ROUND_FIELDS if (v := getattr(rnd, field)) is not None}


def create_round(*, contest, kind, values, actor):
    """A new round after the existing ones."""
    _check_values(contest, kind, values)
    position = (db.session.scalar(select(func.max(JudgingRound.position))
                                  .where(JudgingRound.contest_id == contest.id)) or 0) + 1
    rnd = JudgingRound(contest=contest, kind=kind, position=position)
    for field in ROUND_FIELDS:
        setattr(rnd, field, values.get(field))
    rnd.assignment_mode = values.get("assignment_mode") or AssignmentMode.ALL.value
    db.session.add(rnd)
    db.session.flush()
    log_event(contest_id=contest.id, round_id=rnd.id, actor=actor, action="round.create",
              data={"kind": kind, **_snapshot(rnd)})
    return rnd


def update_round(*, rnd, values, actor):
    _check_values(rnd.contest, rnd.kind, values)
    before = _snapshot(rnd)
    for field in ROUND_FIELDS:
        if field in values:
            setattr(rnd, field, values[field])
    rnd.assignment_mode = rnd.assignment_mode or AssignmentMode.ALL.value
    after = _snapshot(rnd)
    if before != after:
        log_event(contest_id=rnd.contest_id, round_id=rnd.id, actor=actor, action="round.update",
                  data={"before": before, "after": after})
    db.session.flush()
    return rnd


def has_scores(rnd):
    return db.session.scalar(select(func.count(Scorecard.id)).where(Scorecard.round_id == rnd.id)) > 0


def save_rubric(*, rnd, criteria, actor):
    """Replace the rubric; refused once a judge has started scoring (results must name one rubric).

    criteria: dicts with name, description, weight, scale_min, scale_max, counted, levels.
    """
    if not rnd.is_scored:
        raise DomainError(_("Babak verifikasi administrasi tidak memakai rubrik."))
    if has_scores(rnd):
        raise DomainError(_("Rubrik terkunci karena penilaian sudah dimulai."))
    if not criteria:
        raise DomainError(_("Rubrik memerlukan minimal satu kriteria."))
    pure = []
    for n, spec in enumerate(criteria, start=1):
        if not (spec.get("name") or "").strip():
            raise DomainError(_("Kriteria %(n)s belum bernama.", n=n))
        try:
            pure.append(Criterion(n, float(spec["weight"]), float(spec["scale_min"]),
                                          float(spec["scale_max"]), bool(spec.get("counted", True))))
        except ValueError:
            raise DomainError(_("Kriteria “%(name)s”: skala atau bobot tidak valid.", name=spec["name"])) from None
        if check_levels(spec.get("levels") or [], float(spec["scale_min"]), float(spec["scale_max"])):
            raise DomainError(
                _(
                    "Kriteria “%(name)s”: rentang tingkat harus di dalam skala dan tidak saling tumpang-tindih.",
                    name=spec["name"],
                )
            )
    try:
        validate_weights(pure)
    except ValueError:
        total = sum(c.weight for c in pure if c.counted)
        raise DomainError(_("Jumlah bobot kriteria yang dihitung harus 100%% (sekarang %(total)s%%).",
                            total=f"{total:g}")) from None
    existing = list(rnd.criteria)
    for n, spec in enumerate(criteria, start=1):
        criterion = existing[n - 1] if n <= len(existing) else RubricCriterion()
        criterion.position = n
        criterion.name = spec["name"].strip()
        criterion.description = (spec.get("description") or "").strip()
        criterion.weight = float(spec["weight"])
        criterion.scale_min = float(spec["scale_min"])
        criterion.scale_max = float(spec["scale_max"])
        criterion.counted = bool(spec.get("counted", True))
        criterion.levels = list(spec.get("levels") or [])
        if n > len(existing):
            rnd.criteria.append(criterion)
    for criterion in existing[len(criteria):]:
        rnd.criteria.remove(criterion)
    db.session.flush()
    log_event(contest_id=rnd.contest_id, round_id=rnd.id, actor=actor, action="rubric.save",
              data={"criteria": [{"name": c.name, "weight": c.weight, "scale": [c.scale_min, c.scale_max],
                                  "counted": c.counted} for c in rnd.criteria]})
    return rnd


def copy_rubric(*, source, target, actor):
    """Give a round (e.g. the final) the same rubric as another."""
    return save_rubric(rnd=target, actor=actor, criteria=[
        {"name": c.name, "description": c.description, "weight": c.weight, "scale_min": c.scale_min,
         "scale_max": c.scale_max, "counted": c.counted, "levels": c.levels} for c in source.criteria])


def lock_round(*, rnd, actor, now=None):
    """Scores become read-only until an admin re-opens the round with a reason."""
    if rnd.locked_at is not None:
        raise DomainError(_("Babak ini sudah dikunci."))
    rnd.locked_at = now or utcnow()
    rnd.locked_by_id = actor.id
    log_event(contest_id=rnd.contest_id, round_id=rnd.id, actor=actor, action="round.lock", at=rnd.locked_at)
    db.session.flush()


def reopen_round(*, rnd, actor, reason, closes_at=None, now=None):
    """Unlock (and maybe extend) a round; the reason is mandatory and logged."""
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise DomainError(_("Tuliskan alasan pembukaan kembali (minimal 10 karakter)."), field="reason")
    if rnd.results_final_at is not None:
        raise DomainError(_("Hasil babak ini sudah final dan tidak dapat dibuka kembali."))
    now = now or utcnow()
    if rnd.locked_at is None and closes_at is None:
        raise DomainError(_("Babak ini tidak terkunci."))
    if closes_at is not None and closes_at <= now:
        raise DomainError(_("Tanggal tutup baru harus di masa depan."), field="closes_at")
    data = {"locked_at": rnd.locked_at.isoformat() if rnd.locked_at else None}
    if closes_at is not None:
        data["closes_at"] = [rnd.closes_at.isoformat() if rnd.closes_at else None, closes_at.isoformat()]
        rnd.closes_at = closes_at
    rnd.locked_at = None
    rnd.locked_by_id = None
    log_event(contest_id=rnd.contest_id, round_id=rnd.id, actor=actor, action="round.reopen",
              reason=reason, data=data, at=now)
    db.session.flush()


def ensure_default_rounds(*, contest, actor=None, opens_at=None, closes_at=None):
    """An administrative check and a scoring round with the Kutim rubric, unless rounds exist."""
    existing = db.session.scalars(select(JudgingRound).where(JudgingRound.contest_id == contest.id)).all()
    if existing:
        return existing
    check = create_round(contest=contest, kind=RoundKind.ADMIN_CHECK.value, actor=actor,
                         values={"name": _("Verifikasi Administrasi"),
                                 "opens_at": contest.registration_opens_at, "closes_at": contest.judging_opens_at})
    scoring_round = create_round(contest=contest, kind=RoundKind.SCORING.value, actor=actor,
                                 values={"name": _("Penilaian Dewan Juri"), "opens_at": opens_at,
                                         "closes_at": closes_at})
    save_rubric(rnd=scoring_round, actor=actor, criteria=[
        {**spec, "scale_min": 1, "scale_max": 100, "counted": True} for spec in KUTIM_RUBRIC])
    return [check, scoring_round]
