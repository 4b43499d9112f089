"""The results page's order report: position effect, per-judge drift and calibration deviations.

One query (the submitted cards' positions) on top of the RoundResults the page already built,
plus the calibration items; the statistics are pure (order_stats.py, charts.py).
"""
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from ...core.extensions import db
from ..scoring.models import CardStatus, Scorecard
from ..scoring.sequence import calibration_ids
from . import order_stats
from .charts import DriftChart, drift_chart


@dataclass
class JudgeDrift:
    label: str
    name: str
    drift: order_stats.Drift
    chart: DriftChart

    @property
    def per_ten(self):
        """Trend in points per ten entries scored (None below three cards)."""
        return None if self.drift.slope is None else self.drift.slope * 10


@dataclass
class CalibrationRow:
    label: str
    name: str
    result: order_stats.JudgeCalibration


@dataclass
class OrderReport:
    effect: order_stats.PositionEffect
    verdict: str
    drifts: list = field(default_factory=list)
    calibration_items: list = field(default_factory=list)  # [(entry_id, code)]
    calibration: list = field(default_factory=list)  # CalibrationRow per judge
    recorded: int = 0  # submitted cards with a recorded position

    @property
    def min_cards(self):
        return order_stats.MIN_CARDS


def _fmt(x, digits=2):
    return f"{x:.{digits}f}".replace(".", ",")


def verdict_text(effect):
    """The position effect in plain Indonesian."""
    if effect.verdict == "too_few":
        return _("Terlalu sedikit nilai dengan urutan tercatat (%(n)s kartu; perlu minimal %(min)s) untuk "
                 "menilai pengaruh urutan.", n=effect.count, min=order_stats.MIN_CARDS)
    if effect.rho is None:
        return _("Tidak tampak pengaruh urutan: nilai tidak berubah menurut posisi.")
    stats = {"rho": _fmt(effect.rho), "p": _fmt(effect.p, 3)}
    if effect.verdict == "none":
        return _("Tidak tampak pengaruh urutan: karya yang dibuka juri di awal, tengah dan akhir daftarnya "
                 "mendapat nilai yang tidak berbeda secara bermakna (ρ = %(rho)s, p = %(p)s).", **stats)
    if effect.verdict == "later_higher":
        return _("Ada pengaruh urutan: karya yang dibuka juri belakangan cenderung mendapat nilai lebih tinggi "
                 "(ρ = %(rho)s, p = %(p)s). Karena setiap juri mendapat urutan berbeda, pengaruh ini tersebar "
                 "merata di antara karya, tetapi panitia sebaiknya mencermatinya.", **stats)
    return _("Ada pengaruh urutan: karya yang dibuka juri belakangan cenderung mendapat nilai lebih rendah "
             "(ρ = %(rho)s, p = %(p)s). Karena setiap juri mendapat urutan berbeda, pengaruh ini tersebar "
             "merata di antara karya, tetapi panitia sebaiknya mencermatinya.", **stats)


def order_report(rnd, res):
    """The order report of a round from its RoundResults (counted cards only)."""
    totals = res.results.totals if res.results else {}
    rows = db.session.execute(
        select(Scorecard.judge_id, Scorecard.entry_id, Scorecard.opened_position, Scorecard.submitted_position)
        .where(Scorecard.round_id == rnd.id, Scorecard.status == CardStatus.SUBMITTED.value)).all()
    cards = [order_stats.Card(judge_id, entry_id, opened or submitted, submitted, totals[(entry_id, judge_id)])
             for judge_id, entry_id, opened, submitted in rows if (entry_id, judge_id) in totals]
    items = calibration_ids(rnd)
    effect = order_stats.position_effect(cards, exclude=items)
    report = OrderReport(effect, verdict_text(effect), recorded=sum(1 for c in cards if c.position is not None))
    labels = {j.id: (f"J{i}", j.name) for i, j in enumerate(res.judges, start=1)}
    drifts = order_stats.drift(cards)
    for judge in res.judges:  # the ranking table's J1, J2, … order
        d = drifts.get(judge.id)
        if d is not None:
            report.drifts.append(JudgeDrift(*labels[judge.id], d, drift_chart(
                d.points, slope=d.slope, intercept=d.intercept)))
    if items:
        codes = {r.entry_id: r.code for r in res.rows}
        report.calibration_items = [(e, codes.get(e, f"#{e}")) for e in items]
        found = order_stats.calibration(cards, items)
        report.calibration = [CalibrationRow(*labels[j.id], found.get(j.id, order_stats.JudgeCalibration(j.id)))
                              for j in res.judges]  # a judge with no card yet shows as not yet calibrated
    return report
