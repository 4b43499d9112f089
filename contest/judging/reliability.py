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
  either side does not vary.
"""
from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from dataclasses import dataclass

__all__ = [
    "ICC",
    "POOR_ALPHA",
    "TENTATIVE_ALPHA",
    "Reliability",
    "by_entry",
    "icc",
    "judge_vs_panel",
    "krippendorff_alpha",
    "reliability",
]

POOR_ALPHA = 0.667  # below: Krippendorff's own floor for tentative conclusions
TENTATIVE_ALPHA = 0.8  # at or above: reliable

Key = tuple[Hashable, Hashable]


@dataclass(frozen=True)
class ICC:
    """Shrout & Fleiss ICC(2,1) (one judge) and ICC(2,k) (the panel mean) over complete entries."""

    single: float | None
    average: float | None
    n_entries: int
    n_judges: int


@dataclass(frozen=True)
class Reliability:
    alpha: float | None
    icc: ICC
    judges: dict  # judge_id -> correlation with the rest of the panel (or None)
    n_entries: int  # entries with at least two scores (what alpha uses)

    @property
    def poor(self) -> bool:
        return self.alpha is not None and self.alpha < POOR_ALPHA


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


def reliability(ratings: Mapping[Key, float], judges: list | None = None) -> Reliability:
    """Alpha, ICC and judge-vs-panel correlations of one set of ratings (totals or one criterion)."""
    pairable = sum(1 for scores in by_entry(ratings).values() if len(scores) >= 2)
    return Reliability(krippendorff_alpha(ratings), icc(ratings, judges), judge_vs_panel(ratings), pairable)
