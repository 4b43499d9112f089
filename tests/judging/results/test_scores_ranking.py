"""Ranking, tie-breaks and properties of contest.judging.results.scores (hand-computed cases in test_scoring)."""
from __future__ import annotations

import statistics
from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contest.judging.results.scores import (
    EntryResult,
    compute,
    default_tie_break,
    entry_results,
    judge_stats,
    normalize,
    rank,
)
from contest.judging.rounds.weights import Criterion, weighted_total
from tests.judging.results.test_scores import RUBRIC, RUBRIC_B, SINGLE, WITA, approx, rows_from

# --- ranking -------------------------------------------------------------------------------------

T10 = datetime(2024, 11, 20, 10, 0, tzinfo=WITA)
T11 = datetime(2024, 11, 20, 11, 0, tzinfo=WITA)
T12 = datetime(2024, 11, 20, 12, 0, tzinfo=WITA)
TIE_CARDS = {  # one judge, RUBRIC_B: total = 4·tema + 3·kreatif + 2·teknis + kepatuhan
    "W": (10, 10, 10, 0),  # 40 + 30 + 20 + 0 = 90
    "P": (8, 6, 5, 10),    # 32 + 18 + 10 + 10 = 70
    "T": (8, 6, 5, 10),    # same as P, same submission time → full tie
    "S": (8, 6, 5, 10),    # same as P, submitted later
    "R": (8, 5, 8, 7),     # 32 + 15 + 16 + 7 = 70
    "Q": (7, 8, 4, 10),    # 28 + 24 + 8 + 10 = 70
    "L": (5, 5, 5, 5),     # 20 + 15 + 10 + 5 = 50
}
TIE_SUBMITTED = {"W": T12, "P": T10, "T": T10, "S": T11, "R": T10, "Q": T10, "L": T10}


def tie_rows():
    names = ["tema", "kreatif", "teknis", "kepatuhan"]
    return [(e, "J1", c, v) for e, vals in TIE_CARDS.items() for c, v in zip(names, vals, strict=False)]


def test_tie_break_by_criterion_priority_then_submission_competition_ranks():
    res = compute(tie_rows(), RUBRIC_B, submitted_at=TIE_SUBMITTED,
                  tie_break=["tema", "kreatif"], by="raw")
    assert res.entries["P"].raw_mean == approx(70) and res.entries["W"].raw_mean == approx(90)
    got = [(r.rank, r.entry_id, r.shared, r.decided_by) for r in res.ranking]
    # 70-point group by (tema, kreatif) desc: P/T/S (8,6) > R (8,5) > Q (7,8);
    # within (8,6): P and T at 10:00 share rank 2, S at 11:00 → 4 (competition ranking 1,2,2,4).
    assert got == [
        (1, "W", False, None),
        (2, "P", True, None),
        (2, "T", True, None),
        (4, "S", False, "submitted_at"),
        (5, "R", False, "criterion:kreatif"),  # tema 8 = 8, kreatif 5 < 6
        (6, "Q", False, "criterion:tema"),     # tema 7 < 8
        (7, "L", False, None),
    ]


def test_tie_break_priority_order_matters():
    res = compute(tie_rows(), RUBRIC_B, submitted_at=TIE_SUBMITTED,
                  tie_break=["kreatif", "tema"], by="raw")
    # kreatif first: Q (8) > P/T/S (6) > R (5)
    assert [r.entry_id for r in res.ranking] == ["W", "Q", "P", "T", "S", "R", "L"]
    assert [r.rank for r in res.ranking] == [1, 2, 3, 3, 5, 6, 7]


def test_submission_time_breaks_tie_and_missing_time_goes_last():
    res = compute(tie_rows(), RUBRIC_B, submitted_at={"S": T11, "P": T12}, tie_break=["tema"],
                  by="raw")
    order = [r.entry_id for r in res.ranking]
    # P, T, S, R all have tema 8: S (11:00) < P (12:00) < T and R (no time → last, fully tied)
    assert order[:5] == ["W", "S", "P", "T", "R"]
    assert [r.rank for r in res.ranking][:5] == [1, 2, 3, 4, 4]


def test_rank_without_tie_break_or_times_shares_all_equal_scores():
    res = compute(tie_rows(), RUBRIC_B, submitted_at=None, tie_break=[], by="raw")
    assert [r.rank for r in res.ranking] == [1, 2, 2, 2, 2, 2, 7]  # five entries at 70


def test_raw_and_normalized_orders_differ_for_harsh_and_lenient_judges():
    # H (harsh) judges E1–E3, L (lenient) judges E4–E6; one judge per entry.
    totals = {("E1", "H"): 50.0, ("E2", "H"): 40.0, ("E3", "H"): 30.0,
              ("E4", "L"): 80.0, ("E5", "L"): 78.0, ("E6", "L"): 70.0}
    # μH = 40, σH = √(200/3) = 8.1650: z(E1) = 10/8.165 = 1.2247, z(E2) = 0, z(E3) = −1.2247
    # μL = 76, σL = √((16+4+36)/3) = √(56/3) = 4.3205: z(E4) = 0.9258, z(E5) = 0.4629, z(E6) = −1.3887
    # μ = 348/6 = 58, σ = √((64+324+784+484+400+144)/6) = √(2200/6) = 19.1485
    # E1: 58 + 19.1485 × 1.2247 = 81.4521;  E4: 58 + 19.1485 × 0.9258 = 75.7282
    rows, sub = rows_from(totals), {e: T10 for e in ("E1", "E2", "E3", "E4", "E5", "E6")}
    raw = compute(rows, SINGLE, submitted_at=sub, tie_break=["nilai"], by="raw")
    norm = compute(rows, SINGLE, submitted_at=sub, tie_break=["nilai"], by="normalized")
    assert [r.entry_id for r in raw.ranking] == ["E4", "E5", "E6", "E1", "E2", "E3"]
    assert [r.entry_id for r in norm.ranking] == ["E1", "E4", "E5", "E2", "E3", "E6"]
    assert norm.entries["E1"].normalized_mean == approx(81.4521, abs=1e-4)
    assert norm.entries["E4"].normalized_mean == approx(75.7282, abs=1e-4)
    assert norm.ranking[0].score == approx(81.4521, abs=1e-4)


def test_rank_rejects_unknown_mode_and_criteria():
    results = entry_results({("E", "A"): 50.0})
    with pytest.raises(ValueError):
        rank(results, by="mode", tie_break=[], submitted_at={})
    with pytest.raises(ValueError, match="unknown"):
        compute([], RUBRIC_B, submitted_at={}, tie_break=["durasi"])


def test_criterion_means_from_complete_cards():
    rows = tie_rows() + [("P", "J2", "tema", 6), ("P", "J2", "kreatif", 8),
                         ("P", "J2", "teknis", 5), ("P", "J2", "kepatuhan", 10)]
    res = compute(rows, RUBRIC_B, submitted_at={}, tie_break=[])
    # P: tema (8+6)/2 = 7, kreatif (6+8)/2 = 7 on their own 0–10 scale
    assert res.entries["P"].criterion_means == approx(
        {"tema": 7, "kreatif": 7, "teknis": 5, "kepatuhan": 10})
    # J2: 4·6 + 3·8 + 2·5 + 10 = 68 → P's raw mean (70 + 68)/2 = 69
    assert res.entries["P"].raw_mean == approx(69)


def test_default_tie_break_is_weight_order():
    assert default_tie_break(RUBRIC) == ["tema", "kreativitas", "isi", "teknik"]


def test_empty_input():
    res = compute([], RUBRIC, submitted_at={}, tie_break=[])
    assert res.ranking == [] and res.entries == {} and normalize({}) == {}


# --- properties ----------------------------------------------------------------------------------

JUDGES, ENTRIES = ["A", "B", "C", "D"], [f"E{i}" for i in range(8)]
score = st.integers(0, 1000).map(lambda n: n / 10)  # 0.0 … 100.0 in steps of 0.1


@st.composite
def panels(draw, min_per_judge=0):
    totals = {}
    for j in JUDGES:
        entries = draw(st.lists(st.sampled_from(ENTRIES), unique=True, min_size=min_per_judge))
        for e in entries:
            totals[(e, j)] = draw(score)
    return totals


@settings(max_examples=200, deadline=None)
@given(panels())
def test_property_normalization_preserves_each_judges_order(totals):
    norm = normalize(totals)
    for j in JUDGES:
        mine = [(x, norm[k]) for k, x in totals.items() if k[1] == j]
        for x1, n1 in mine:
            for x2, n2 in mine:
                if x1 < x2:
                    assert n1 < n2
                elif x1 == x2:
                    assert n1 == n2


@settings(max_examples=200, deadline=None)
@given(panels(min_per_judge=3), st.sampled_from(JUDGES), st.integers(-500, 500).map(lambda n: n / 10))
def test_property_constant_shift_of_one_judge_is_absorbed(totals, judge, c):
    # Each normalized score's position relative to the overall μ (in units of σ for scaled judges)
    # is unchanged: the judge's severity offset is fully absorbed by μj.
    shifted = {k: x + c if k[1] == judge else x for k, x in totals.items()}
    before, after = normalize(totals), normalize(shifted)
    stats = judge_stats(totals)
    mu0, sd0 = statistics.fmean(totals.values()), statistics.pstdev(totals.values())
    mu1, sd1 = statistics.fmean(shifted.values()), statistics.pstdev(shifted.values())
    for k in totals:
        if stats[k[1]].flat:
            assert (after[k], before[k]) == (approx(mu1), approx(mu0))
        else:
            assert (after[k] - mu1) / sd1 == approx((before[k] - mu0) / sd0, abs=1e-6)
    # The entries' normalized order is unchanged too (entry mean = μ + σ·mean(z); mean(z) does not move).
    if sd0 == 0:
        return
    m0 = {r.entry_id: r.normalized_mean for r in entry_results(totals)}
    m1 = {r.entry_id: r.normalized_mean for r in entry_results(shifted)}
    for a in m0:
        for b in m0:
            if (m0[a] - m0[b]) / sd0 > 1e-6:  # clearly ahead before → still ahead after
                assert m1[a] > m1[b]


def _mean_z(totals):
    """Each entry's mean z from normalize(): (norm − μ)/σ, the quantity the ranking orders."""
    mu, sd = statistics.fmean(totals.values()), statistics.pstdev(totals.values())
    norm = normalize(totals)
    per = {}
    for (e, _j), n in norm.items():
        per.setdefault(e, []).append((n - mu) / sd if sd else 0.0)
    return {e: statistics.fmean(zs) for e, zs in per.items()}


@settings(max_examples=300, deadline=None)
@given(panels(), st.sampled_from(JUDGES), st.integers(1, 400).map(lambda n: n / 20),
       st.integers(-1000, 1000).map(lambda n: n / 10))
def test_property_ranking_invariant_to_any_judges_affine_units(totals, judge, a, b):
    # Whatever the number of entries per judge (0, 1, 2 … 8): x → a·x + b (a > 0) for one judge
    # leaves every entry's mean z, hence the normalized ranking, unchanged.
    changed = {k: a * x + b if k[1] == judge else x for k, x in totals.items()}
    if len(set(totals.values())) < 2 or len(set(changed.values())) < 2:
        return
    before, after = _mean_z(totals), _mean_z(changed)
    assert after == approx(before, abs=1e-7)
    wide = [Criterion("nilai", 100, -1e4, 1e4)]  # holds any rescaled total

    def order(t):
        ranking = compute(rows_from(t), wide, submitted_at={}, tie_break=[]).ranking
        return [r.entry_id for r in ranking if all(abs(before[r.entry_id] - before[o]) > 1e-6
                                                   for o in before if o != r.entry_id)]

    assert order(changed) == order(totals)


@settings(max_examples=200, deadline=None)
@given(st.fixed_dictionaries({"tema": st.integers(1, 100), "kreativitas": st.integers(1, 10),
                              "isi": st.integers(1, 10), "teknik": st.integers(1, 100)}))
def test_property_weighted_total_in_range(card):
    assert -1e-9 <= weighted_total(card, RUBRIC) <= 100 + 1e-9


def test_entry_result_is_plain_data():
    r = entry_results({("E", "A"): 50.0, ("E", "B"): 70.0})[0]
    assert isinstance(r, EntryResult)
    assert r.judge_totals == {"A": 50.0, "B": 70.0} and r.n_judges == 2
