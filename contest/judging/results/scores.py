"""Pure results math: judge totals, judge normalization, entry results and ranking.

A scorecard's weighted total (and the Criterion it is built from) is the rubric's own math, in
rounds/weights.py; everything here turns those totals into one ranked list. No Flask, no database.
"""
from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import NamedTuple

from ..rounds.weights import Criterion, check_value, counted_factors, criteria_by_id, validate_weights

__all__ = [
    "DISAGREEMENT_THRESHOLD", "MIN_ENTRIES_FOR_SCALING", "ScoreRow", "JudgeStats",
    "EntryResult", "RankedEntry", "Results", "judge_totals",
    "judge_stats", "normalize", "entry_results", "flag_disagreement", "default_tie_break", "rank",
    "compute", "METHODS", "TRIM_MIN_JUDGES", "median", "trimmed_mean", "score_of",
]

DISAGREEMENT_THRESHOLD = 15.0  # spread (population stdev of judges' totals) on the 0–100 scale
MIN_ENTRIES_FOR_SCALING = 3  # a judge with fewer scored entries is still scaled, but flagged as few
SIGMA_EPSILON = 1e-9  # a stdev below this (0–100 scale) counts as zero
TIE_DECIMALS = 6
METHODS = ("normalized", "raw", "median", "trimmed")  # how an entry's judge totals become one score
TRIM_MIN_JUDGES = 5  # the trimmed ("Olympic") mean drops the top and bottom score from 5 judges up

Key = tuple[Hashable, Hashable]  # (entry_id, judge_id)


class ScoreRow(NamedTuple):
    """One judge's value for one criterion of one entry (any 4-tuple in this order works too)."""

    entry_id: Hashable
    judge_id: Hashable
    criterion_id: Hashable
    value: float


@dataclass(frozen=True)
class JudgeStats:
    """A judge's severity. flat: σj = 0 (one entry or all equal), every total of theirs counts as z = 0;
    few: fewer than MIN_ENTRIES_FOR_SCALING entries (still scaled; the results page warns)."""

    mean: float
    stdev: float
    count: int
    min: float
    max: float
    flat: bool
    few: bool = False


@dataclass(frozen=True)
class EntryResult:
    """Per-entry aggregate of judges' 0–100 totals; criterion_means use each criterion's scale."""

    entry_id: Hashable
    raw_mean: float
    median: float
    spread: float
    n_judges: int
    normalized_mean: float
    criterion_means: dict
    judge_totals: dict
    normalized_totals: dict
    disagreement: bool
    trimmed_mean: float = 0.0  # the raw mean without the top and bottom total (5+ judges)


@dataclass(frozen=True)
class RankedEntry:
    """An entry's place; decided_by says what split it from the entry above on a score tie."""

    rank: int
    entry_id: Hashable
    score: float
    result: EntryResult
    shared: bool = False
    decided_by: str | None = None


@dataclass(frozen=True)
class Results:
    """Everything compute() derives from the score rows."""

    ranking: list[RankedEntry]
    entries: dict[Hashable, EntryResult]
    judges: dict[Hashable, JudgeStats]
    totals: dict[Key, float]
    normalized: dict[Key, float]
    incomplete: list[Key]
    overall_mean: float
    overall_stdev: float
    by: str


def _pstats(values: Sequence[float]) -> tuple[float, float]:
    """Mean and population stdev (0 for a single value or values closer than SIGMA_EPSILON)."""
    n = len(values)
    mean = math.fsum(values) / n
    if n < 2:
        return mean, 0.0
    sd = math.sqrt(math.fsum([(x - mean) ** 2 for x in values]) / n)
    return mean, (sd if sd >= SIGMA_EPSILON else 0.0)


def median(values: Sequence[float]) -> float:
    """Median; the mean of the two middle values for an even count."""
    s = sorted(values)
    n = len(s)
    mid = n // 2
    return s[mid] if n % 2 else (s[mid - 1] + s[mid]) / 2.0


def trimmed_mean(values: Sequence[float]) -> float:
    """Mean without the highest and lowest value for 5+ values; the plain mean below that."""
    if len(values) < TRIM_MIN_JUDGES:
        return math.fsum(values) / len(values)
    s = sorted(values)[1:-1]
    return math.fsum(s) / len(s)


def score_of(result: EntryResult, by: str) -> float:
    """The entry's score under one of METHODS."""
    if by == "normalized":
        return result.normalized_mean
    if by == "raw":
        return result.raw_mean
    if by == "median":
        return result.median
    if by == "trimmed":
        return result.trimmed_mean
    raise ValueError(f"by must be one of {METHODS}, not {by!r}")


def _scorecards(rows: Iterable[Sequence], index: Mapping[Hashable, Criterion]) -> dict[Key, dict]:
    """Group rows as {(entry, judge): {criterion: value}}; check ids, ranges, duplicates."""
    cards: dict[Key, dict] = {}
    for entry_id, judge_id, cid, value in rows:
        c = index.get(cid)
        if c is None:
            raise ValueError(f"score for unknown criterion {cid!r}")
        if not (c.scale_min <= value <= c.scale_max):
            check_value(c, value)
        key = (entry_id, judge_id)
        card = cards.get(key)
        if card is None:
            cards[key] = card = {}
        elif cid in card:
            raise ValueError(f"duplicate score: entry {entry_id!r}, judge {judge_id!r}, "
                             f"criterion {cid!r}")
        card[cid] = value
    return cards


def _totals_of(cards: Mapping[Key, dict], index: Mapping[Hashable, Criterion],
               strict: bool) -> tuple[dict[Key, float], list[Key]]:
    """Weighted totals of complete scorecards plus the keys of incomplete ones."""
    factors = counted_factors(index)
    totals: dict[Key, float] = {}
    incomplete: list[Key] = []
    for key, card in cards.items():
        total = 0.0
        for cid, lo, factor in factors:
            value = card.get(cid)
            if value is None:
                if strict:
                    raise ValueError(f"scorecard incomplete: entry {key[0]!r}, judge {key[1]!r}, "
                                     f"criterion {cid!r} missing")
                incomplete.append(key)
                break
            total += (value - lo) * factor
        else:
            totals[key] = total
    return totals, incomplete


def judge_totals(rows: Iterable[Sequence], criteria: Iterable[Criterion], *,
                 strict: bool = True) -> dict[Key, float]:
    """{(entry, judge): 0–100 total}; incomplete scorecards raise (strict) or are left out."""
    index = criteria_by_id(criteria)
    validate_weights(index.values())
    return _totals_of(_scorecards(rows, index), index, strict)[0]


def judge_stats(totals: Mapping[Key, float]) -> dict[Hashable, JudgeStats]:
    """Per-judge mean, population stdev, count, min and max of their totals."""
    per_judge: dict[Hashable, list[float]] = {}
    for (_, judge_id), x in totals.items():
        per_judge.setdefault(judge_id, []).append(x)
    stats: dict[Hashable, JudgeStats] = {}
    for judge_id, xs in per_judge.items():
        mean, sd = _pstats(xs)
        lo, hi = min(xs), max(xs)
        if lo == hi:
            sd = 0.0
        stats[judge_id] = JudgeStats(mean, sd, len(xs), lo, hi, flat=sd == 0.0,
                                     few=len(xs) < MIN_ENTRIES_FOR_SCALING)
    return stats


def _normalize(totals: Mapping[Key, float]) -> tuple[dict[Key, float], dict, float, float]:
    """normalize() plus the judge stats and overall mean / stdev it used."""
    if not totals:
        return {}, {}, 0.0, 0.0
    mu, sigma = _pstats(list(totals.values()))
    stats = judge_stats(totals)
    out: dict[Key, float] = {}
    for key, x in totals.items():
        s = stats[key[1]]
        # Every judge counts in z-units, so any judge's x -> a*x + b (a > 0) leaves each z unchanged and
        # moves all normalized scores by the same μ, σ: the ranking cannot change. A flat judge
        # (σj = 0) says nothing about order and contributes z = 0, i.e. exactly μ.
        out[key] = mu if s.flat else mu + sigma * (x - s.mean) / s.stdev
    return out, stats, mu, sigma


def normalize(totals: Mapping[Key, float]) -> dict[Key, float]:
    """norm = μ + σ·(x − μj)/σj for every judge with σj > 0; μ (z = 0) for a judge with σj == 0."""
    return _normalize(totals)[0]


def entry_results(totals: Mapping[Key, float], *,
                  normalized: Mapping[Key, float] | None = None,
                  criterion_means: Mapping[Hashable, Mapping[Hashable, float]] | None = None,
                  threshold: float = DISAGREEMENT_THRESHOLD) -> list[EntryResult]:
    """One EntryResult per entry in first-seen order (normalized is computed when not given)."""
    if normalized is None:
        normalized = normalize(totals)
    per_entry: dict[Hashable, dict[Hashable, float]] = {}
    for (entry_id, judge_id), x in totals.items():
        per_entry.setdefault(entry_id, {})[judge_id] = x
    results: list[EntryResult] = []
    for entry_id, by_judge in per_entry.items():
        xs = list(by_judge.values())
        mean, spread = _pstats(xs)
        norms = {j: normalized[(entry_id, j)] for j in by_judge}
        results.append(EntryResult(
            entry_id=entry_id, raw_mean=mean, median=median(xs), spread=spread, n_judges=len(xs),
            normalized_mean=math.fsum(norms.values()) / len(xs),
            criterion_means=dict(criterion_means.get(entry_id, {})) if criterion_means else {},
            judge_totals=by_judge, normalized_totals=norms, disagreement=spread > threshold,
            trimmed_mean=trimmed_mean(xs)))
    return results


def flag_disagreement(result: EntryResult, threshold: float = DISAGREEMENT_THRESHOLD) -> bool:
    """True when the judges' totals spread (population stdev) exceeds threshold points."""
    return result.spread > threshold


def default_tie_break(criteria: Iterable[Criterion]) -> list[Hashable]:
    """Counted criterion ids by descending weight (rubric order kept among equal weights)."""
    counted = [c for c in criteria if c.counted]
    return [c.id for c in sorted(counted, key=lambda c: -c.weight)]


def _r(x: float | None) -> float:
    """Round for tie detection; a missing value ranks lowest."""
    return -math.inf if x is None else round(x, TIE_DECIMALS)


def rank(results: Iterable[EntryResult], *, by: str = "normalized",
         tie_break: Sequence[Hashable], submitted_at: Mapping[Hashable, datetime] | None
         ) -> list[RankedEntry]:
    """Score desc, then tie_break criterion means desc, then earliest submission; 1,2,2,4 ranks."""
    if by not in METHODS:
        raise ValueError(f"by must be one of {METHODS}, not {by!r}")
    submitted_at = submitted_at or {}

    def sort_key(r: EntryResult) -> tuple:
        score = score_of(r, by)
        crits = tuple(-_r(r.criterion_means.get(cid)) for cid in tie_break)
        when = submitted_at.get(r.entry_id)
        return (-_r(score), crits, (0, when) if when is not None else (1, 0))

    keyed = sorted(((sort_key(r), r) for r in results), key=lambda kr: kr[0])
    ranked: list[RankedEntry] = []
    prev_key: tuple | None = None
    for i, (key, r) in enumerate(keyed):
        score = score_of(r, by)
        shared, decided_by, place = False, None, i + 1
        if prev_key is not None and key[0] == prev_key[0]:
            if key == prev_key:
                shared, place = True, ranked[-1].rank
                if not ranked[-1].shared:
                    ranked[-1] = replace(ranked[-1], shared=True)
            else:
                pairs = enumerate(zip(key[1], prev_key[1], strict=False))
                diff = next((k for k, (a, b) in pairs if a != b), None)
                decided_by = "submitted_at" if diff is None else f"criterion:{tie_break[diff]}"
        ranked.append(RankedEntry(place, r.entry_id, score, r, shared, decided_by))
        prev_key = key
    return ranked


def _criterion_means(totals: Mapping[Key, float], cards: Mapping[Key, dict]) -> dict[Hashable, dict]:
    """{entry: {criterion: mean value}} over the entry's complete scorecards."""
    per_entry: dict[Hashable, list[dict]] = {}
    for key in totals:
        per_entry.setdefault(key[0], []).append(cards[key])
    means: dict[Hashable, dict] = {}
    for entry_id, cs in per_entry.items():
        cids = dict.fromkeys(cid for c in cs for cid in c)
        out = {}
        for cid in cids:
            values = [c[cid] for c in cs if cid in c]
            out[cid] = sum(values) / len(values)
        means[entry_id] = out
    return means


def compute(rows: Iterable[Sequence], criteria: Iterable[Criterion], *,
            submitted_at: Mapping[Hashable, datetime] | None, tie_break: Sequence[Hashable],
            by: str = "normalized", threshold: float = DISAGREEMENT_THRESHOLD,
            strict: bool = False) -> Results:
    """Totals, judge stats, normalization, entry results and ranking in one O(rows) pass."""
    index = criteria_by_id(criteria)
    validate_weights(index.values())
    unknown = [cid for cid in tie_break if cid not in index]
    if unknown:
        raise ValueError(f"tie_break names unknown criteria {unknown!r}")
    if by not in METHODS:
        raise ValueError(f"by must be one of {METHODS}, not {by!r}")
    cards = _scorecards(rows, index)
    totals, incomplete = _totals_of(cards, index, strict)
    means = _criterion_means(totals, cards)
    normalized, stats, mu, sigma = _normalize(totals)
    results = entry_results(totals, normalized=normalized, criterion_means=means,
                            threshold=threshold)
    ranking = rank(results, by=by, tie_break=tie_break, submitted_at=submitted_at)
    return Results(ranking=ranking, entries={r.entry_id: r for r in results}, judges=stats,
                   totals=totals, normalized=normalized, incomplete=incomplete,
                   overall_mean=mu, overall_stdev=sigma, by=by)
