"""Pure panel-reliability math: Krippendorff's alpha (interval), ICC(2,1) / ICC(2,k), judge-vs-panel.

Input everywhere is a ratings mapping {(entry_id, judge_id): value}; a missing key is a missing
score (balanced rounds: each judge sees only some entries).

- Krippendorff's alpha (interval metric) uses every entry that at least two judges scored; it
  handles missing scores by design (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability").
- ICC(2,k) / ICC(2,1) (Shrout & Fleiss 1979, two-way random effects) need a complete table: they
  are computed over the entries that *every* judge of the panel scored; with fewer than two such
  entries (or two judges) they are None.
- judge_vs_panel: Pearson correlation of a judge's scores with the mean of the other judges on the
  same entries (entries only that judge scored are skipped); None below 3 shared entries or when
  either side does not vary — judge_vs_panel_why() says which.
- intervals(): 95 % percentile bootstrap intervals of alpha, ICC(2,1) and ICC(2,k) over entries
  (entries are the sampled units; the panel is fixed). Each resample reuses per-entry sums, so it
  costs one pass over the entries (and the k columns for ICC), not over every score.
- Koo & Li (2016) read an ICC by its 95 % interval: < 0.5 poor, 0.5–0.75 moderate, 0.75–0.9 good,
  > 0.9 excellent; the verdict names the bands the interval's ends fall in.
- Fewer than MIN_ENTRIES entries or MIN_JUDGES judges: too little data to judge reliability at all.
"""
from __future__ import annotations

import math
import random
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field

__all__ = [
    "ICC",
    "POOR_ALPHA",
    "TENTATIVE_ALPHA",
    "Reliability",
    "by_entry",
    "icc",
    "KOO_LI",
    "MIN_ENTRIES",
    "MIN_JUDGES",
    "Intervals",
    "intervals",
    "judge_vs_panel",
    "judge_vs_panel_why",
    "koo_li",
    "krippendorff_alpha",
    "reliability",
]

POOR_ALPHA = 0.667  # below: Krippendorff's own floor for tentative conclusions
TENTATIVE_ALPHA = 0.8  # at or above: reliable
MIN_ENTRIES = 10  # below this many entries scored by two or more judges, reliability is not judged
MIN_JUDGES = 3
RESAMPLES = 400
SEED = 20261207
CI_LEVEL = 0.95
KOO_LI = ((0.5, "poor"), (0.75, "moderate"), (0.9, "good"), (math.inf, "excellent"))  # upper band edges

Key = tuple[Hashable, Hashable]


@dataclass(frozen=True)
class ICC:
    """Shrout & Fleiss ICC(2,1) (one judge) and ICC(2,k) (the panel mean) over complete entries."""

    single: float | None
    average: float | None
    n_entries: int
    n_judges: int


@dataclass(frozen=True)
class Intervals:
    """95 % bootstrap intervals (low, high), None where the statistic is undefined."""

    alpha: tuple | None = None
    single: tuple | None = None
    average: tuple | None = None
    resamples: int = 0
    level: float = CI_LEVEL


@dataclass(frozen=True)
class Reliability:
    alpha: float | None
    icc: ICC
    judges: dict  # judge_id -> correlation with the rest of the panel (or None)
    n_entries: int  # entries with at least two scores (what alpha uses)
    n_judges: int = 0
    why: dict = field(default_factory=dict)  # judge_id -> why the correlation is None
    ci: Intervals = field(default_factory=Intervals)

    @property
    def too_few(self) -> bool:
        """Too little data to call the panel reliable or not."""
        return self.n_entries < MIN_ENTRIES or self.n_judges < MIN_JUDGES

    @property
    def bands(self) -> tuple | None:
        """Koo & Li bands of the ends of ICC(2,k)'s interval, e.g. ("moderate", "good")."""
        return (koo_li(self.ci.average[0]), koo_li(self.ci.average[1])) if self.ci.average else None

    min_entries = MIN_ENTRIES
    min_judges = MIN_JUDGES

    @property
    def poor(self) -> bool:
        return not self.too_few and self.alpha is not None and self.alpha < POOR_ALPHA


def by_entry(ratings: Mapping[Key, float]) -> dict[Hashable, dict[Hashable, float]]:
    """{entry: {judge: value}} in first-seen order."""
    out: dict[Hashable, dict[Hashable, float]] = {}
    for (entry_id, judge_id), value in ratings.items():
        out.setdefault(entry_id, {})[judge_id] = value
    return out


def krippendorff_alpha(ratings: Mapping[Key, float]) -> float | None:
    """Interval alpha = 1 − D_o / D_e over pairable entries; None when undefined.

    Uses sum_{i != j} (v_i − v_j)^2 = 2 (m·Σv² − (Σv)²), so it is linear in the number of scores.
    """
    units = [list(v.values()) for v in by_entry(ratings).values()]
    units = [u for u in units if len(u) >= 2]
    n = sum(len(u) for u in units)
    if n < 2:
        return None
    observed = 0.0
    s1 = s2 = 0.0
    for u in units:
        m = len(u)
        u1 = math.fsum(u)
        u2 = math.fsum(x * x for x in u)
        observed += 2.0 * (m * u2 - u1 * u1) / (m - 1)
        s1 += u1
        s2 += u2
    d_o = observed / n
    d_e = 2.0 * (n * s2 - s1 * s1) / (n * (n - 1))
    if d_e <= 1e-12:
        return None  # every score equal: agreement is undefined, not perfect
    return 1.0 - d_o / d_e


def icc(ratings: Mapping[Key, float], judges: list | None = None) -> ICC:
    """ICC(2,1) and ICC(2,k) over the entries every judge scored (two-way random, absolute)."""
    table = by_entry(ratings)
    if judges is None:
        seen: dict[Hashable, None] = {}
        for scores in table.values():
            seen.update(dict.fromkeys(scores))
        judges = list(seen)
    k = len(judges)
    rows = [[scores[j] for j in judges] for scores in table.values() if all(j in scores for j in judges)]
    n = len(rows)
    if n < 2 or k < 2:
        return ICC(None, None, n, k)
    grand = math.fsum(x for row in rows for x in row) / (n * k)
    row_means = [math.fsum(row) / k for row in rows]
    col_means = [math.fsum(row[c] for row in rows) / n for c in range(k)]
    ss_total = math.fsum((x - grand) ** 2 for row in rows for x in row)
    ss_rows = k * math.fsum((m - grand) ** 2 for m in row_means)
    ss_cols = n * math.fsum((m - grand) ** 2 for m in col_means)
    ss_err = ss_total - ss_rows - ss_cols
    msr = ss_rows / (n - 1)
    msc = ss_cols / (k - 1)
    mse = ss_err / ((n - 1) * (k - 1))
    single_den = msr + (k - 1) * mse + k * (msc - mse) / n
    average_den = msr + (msc - mse) / n
    single = (msr - mse) / single_den if abs(single_den) > 1e-12 else None
    average = (msr - mse) / average_den if abs(average_den) > 1e-12 else None
    return ICC(single, average, n, k)


def _pearson(xs: list[float], ys: list[float]) -> float | None:
    n = len(xs)
    if n < 3:
        return None
    mx, my = math.fsum(xs) / n, math.fsum(ys) / n
    sxy = math.fsum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = math.fsum((x - mx) ** 2 for x in xs)
    syy = math.fsum((y - my) ** 2 for y in ys)
    if sxx <= 1e-12 or syy <= 1e-12:
        return None
    return sxy / math.sqrt(sxx * syy)


def judge_vs_panel(ratings: Mapping[Key, float]) -> dict[Hashable, float | None]:
    """Each judge's Pearson r against the mean of the other judges on the same entries."""
    pairs: dict[Hashable, tuple[list, list]] = {}
    for scores in by_entry(ratings).values():
        m = len(scores)
        if m < 2:
            for judge_id in scores:
                pairs.setdefault(judge_id, ([], []))
            continue
        total = math.fsum(scores.values())
        for judge_id, x in scores.items():
            xs, ys = pairs.setdefault(judge_id, ([], []))
            xs.append(x)
            ys.append((total - x) / (m - 1))
    return {judge_id: _pearson(xs, ys) for judge_id, (xs, ys) in pairs.items()}


def judge_vs_panel_why(ratings: Mapping[Key, float]) -> dict[Hashable, str]:
    """Why a judge's correlation is missing: "few" (< 3 entries shared with another judge),
    "flat_judge" (the judge's scores there do not vary) or "flat_panel" (the others' mean does not)."""
    shared: dict[Hashable, list] = {}
    others: dict[Hashable, list] = {}
    for scores in by_entry(ratings).values():
        m = len(scores)
        total = math.fsum(scores.values())
        for judge_id, x in scores.items():
            shared.setdefault(judge_id, [])
            others.setdefault(judge_id, [])
            if m >= 2:
                shared[judge_id].append(x)
                others[judge_id].append((total - x) / (m - 1))
    out = {}
    for judge_id, xs in shared.items():
        if len(xs) < 3:
            out[judge_id] = "few"
        elif max(xs) - min(xs) <= 1e-9:
            out[judge_id] = "flat_judge"
        elif max(others[judge_id]) - min(others[judge_id]) <= 1e-9:
            out[judge_id] = "flat_panel"
    return out


def koo_li(value: float | None) -> str | None:
    """Koo & Li (2016) band of one ICC value."""
    if value is None:
        return None
    return next(name for edge, name in KOO_LI if value < edge)


def _alpha_from(units: list[tuple[int, float, float, float]]) -> float | None:
    """Interval alpha from per-unit (m, observed term, Σv, Σv²)."""
    n = sum(u[0] for u in units)
    if n < 2:
        return None
    observed = math.fsum(u[1] for u in units)
    s1 = math.fsum(u[2] for u in units)
    s2 = math.fsum(u[3] for u in units)
    d_e = 2.0 * (n * s2 - s1 * s1) / (n * (n - 1))
    if d_e <= 1e-12:
        return None
    return 1.0 - (observed / n) / d_e


def _icc_from(rows: list[list[float]]) -> tuple[float | None, float | None]:
    """ICC(2,1), ICC(2,k) of a complete table (the formulas of icc())."""
    n, k = len(rows), len(rows[0]) if rows else 0
    if n < 2 or k < 2:
        return None, None
    grand = math.fsum(map(math.fsum, rows)) / (n * k)
    row_means = [math.fsum(r) / k for r in rows]
    col_means = [math.fsum(c) / n for c in zip(*rows, strict=True)]
    ss_total = math.fsum((x - grand) ** 2 for r in rows for x in r)
    ss_rows = k * math.fsum((m - grand) ** 2 for m in row_means)
    ss_cols = n * math.fsum((m - grand) ** 2 for m in col_means)
    msr, msc = ss_rows / (n - 1), ss_cols / (k - 1)
    mse = (ss_total - ss_rows - ss_cols) / ((n - 1) * (k - 1))
    single_den = msr + (k - 1) * mse + k * (msc - mse) / n
    average_den = msr + (msc - mse) / n
    return ((msr - mse) / single_den if abs(single_den) > 1e-12 else None,
            (msr - mse) / average_den if abs(average_den) > 1e-12 else None)


def _percentiles(values: list[float | None], level: float) -> tuple | None:
    got = sorted(v for v in values if v is not None)
    if len(got) < max(20, len(values) // 2):
        return None
    lo = got[int(math.floor((1 - level) / 2 * (len(got) - 1)))]
    hi = got[int(math.ceil((1 + level) / 2 * (len(got) - 1)))]
    return (lo, hi)


def intervals(ratings: Mapping[Key, float], judges: list | None = None, *, resamples: int = RESAMPLES,
              seed: int = SEED, level: float = CI_LEVEL) -> Intervals:
    """Percentile bootstrap intervals of alpha, ICC(2,1) and ICC(2,k), resampling entries."""
    table = by_entry(ratings)
    units = []
    for scores in table.values():
        u = list(scores.values())
        m = len(u)
        if m >= 2:
            u1, u2 = math.fsum(u), math.fsum(x * x for x in u)
            units.append((m, 2.0 * (m * u2 - u1 * u1) / (m - 1), u1, u2))
    if judges is None:
        judges = list(dict.fromkeys(j for scores in table.values() for j in scores))
    rows = [[scores[j] for j in judges] for scores in table.values() if all(j in scores for j in judges)]
    if len(units) < 2:
        return Intervals()
    rng = random.Random(seed)
    alphas, singles, averages = [], [], []
    for _ in range(resamples):
        alphas.append(_alpha_from(rng.choices(units, k=len(units))))
        if len(rows) >= 2 and len(judges) >= 2:
            single, average = _icc_from(rng.choices(rows, k=len(rows)))
            singles.append(single)
            averages.append(average)
    return Intervals(_percentiles(alphas, level), _percentiles(singles, level) if singles else None,
                     _percentiles(averages, level) if averages else None, resamples, level)


def reliability(ratings: Mapping[Key, float], judges: list | None = None, *, with_intervals: bool = False
                ) -> Reliability:
    """Alpha, ICC and judge-vs-panel correlations of one set of ratings (totals or one criterion)."""
    table = by_entry(ratings)
    pairable = sum(1 for scores in table.values() if len(scores) >= 2)
    n_judges = len({j for _, j in ratings})
    return Reliability(krippendorff_alpha(ratings), icc(ratings, judges), judge_vs_panel(ratings), pairable,
                       n_judges, judge_vs_panel_why(ratings),
                       intervals(ratings, judges) if with_intervals else Intervals())
