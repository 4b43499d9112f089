"""Hand-computed checks and properties for contest.judging.scoring."""
from __future__ import annotations

import math
import statistics
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contest.judging.scoring import (
    Criterion,
    EntryResult,
    compute,
    default_tie_break,
    entry_results,
    flag_disagreement,
    judge_stats,
    judge_totals,
    normalize,
    rank,
    validate_weights,
    weighted_total,
)

approx = pytest.approx
WITA = timezone(timedelta(hours=8))

# Kutai Timur rubric (DOMAIN.md) on mixed scales, plus a non-counted note.
RUBRIC = [
    Criterion("tema", 30, 1, 100),
    Criterion("kreativitas", 25, 1, 10),
    Criterion("isi", 25, 1, 10),
    Criterion("teknik", 20, 1, 100),
    Criterion("kepatuhan", 10, 0, 1, counted=False),
]
# Second rubric seen (tema 40 / kreativitas 30 / teknis 20 / kepatuhan 10), all on 0–10:
# a value v contributes v * 10 * weight / 100, i.e. tema 4·v, kreatif 3·v, teknis 2·v, kepatuhan v.
RUBRIC_B = [
    Criterion("tema", 40, 0, 10),
    Criterion("kreatif", 30, 0, 10),
    Criterion("teknis", 20, 0, 10),
    Criterion("kepatuhan", 10, 0, 10),
]
SINGLE = [Criterion("nilai", 100, 0, 100)]  # total == value


def rows_from(totals):
    """Score rows on the SINGLE 0–100 criterion so each judge total equals the value given."""
    return [(e, j, "nilai", x) for (e, j), x in totals.items()]


# --- weighted totals -------------------------------------------------------------------------


def test_weighted_total_mixed_scales():
    card = {"tema": 67, "kreativitas": 7, "isi": 10, "teknik": 1, "kepatuhan": 1}
    # tema:        (67-1)/99*100 = 66.667 × 0.30 = 20.0
    # kreativitas: (7-1)/9*100   = 66.667 × 0.25 = 16.667
    # isi:         (10-1)/9*100  = 100    × 0.25 = 25.0
    # teknik:      (1-1)/99*100  = 0      × 0.20 = 0.0
    # total = 20 + 16.667 + 25 + 0 = 61.667 (= 185/3)
    assert weighted_total(card, RUBRIC) == approx(185 / 3)


def test_weighted_total_extremes():
    top = {"tema": 100, "kreativitas": 10, "isi": 10, "teknik": 100}
    bottom = {"tema": 1, "kreativitas": 1, "isi": 1, "teknik": 1}
    assert weighted_total(top, RUBRIC) == approx(100.0)  # 100×(.30+.25+.25+.20)
    assert weighted_total(bottom, RUBRIC) == approx(0.0)  # every value at scale_min


def test_non_counted_criterion_ignored():
    base = {"tema": 67, "kreativitas": 7, "isi": 10, "teknik": 1}
    # kepatuhan (weight 10, counted=False) neither adds to the total nor is required.
    assert weighted_total(base, RUBRIC) == approx(185 / 3)
    assert weighted_total({**base, "kepatuhan": 0}, RUBRIC) == approx(185 / 3)
    assert weighted_total({**base, "kepatuhan": 1}, RUBRIC) == approx(185 / 3)


def test_missing_counted_criterion_has_no_total():
    with pytest.raises(ValueError, match="teknik"):
        weighted_total({"tema": 67, "kreativitas": 7, "isi": 10}, RUBRIC)


def test_value_outside_scale_refused():
    with pytest.raises(ValueError, match="outside"):
        weighted_total({"tema": 67, "kreativitas": 11, "isi": 10, "teknik": 1}, RUBRIC)
    with pytest.raises(ValueError, match="outside"):
        weighted_total({"tema": 0, "kreativitas": 7, "isi": 10, "teknik": 1}, RUBRIC)


def test_weights_must_total_100():
    validate_weights(RUBRIC)  # 30+25+25+20 = 100; the non-counted 10 is not added
    validate_weights([Criterion(i, 100 / 3, 0, 10) for i in range(3)])  # 3 × 33.33… = 100 ± ulp
    with pytest.raises(ValueError, match="99"):  # 30+25+25+19 = 99
        validate_weights([Criterion("a", 30, 1, 10), Criterion("b", 25, 1, 10),
                          Criterion("c", 25, 1, 10), Criterion("d", 19, 1, 10)])
    with pytest.raises(ValueError, match="110"):  # 30+25+25+20+10 when all counted = 110
        validate_weights([Criterion(c.id, c.weight, c.scale_min, c.scale_max) for c in RUBRIC])
    with pytest.raises(ValueError):  # weighted_total refuses a broken rubric too
        weighted_total({"a": 5}, [Criterion("a", 90, 0, 10)])
    with pytest.raises(ValueError):  # compute as well
        compute([], [Criterion("a", 90, 0, 10)], submitted_at={}, tie_break=[])


def test_criterion_rejects_bad_definitions():
    with pytest.raises(ValueError):
        Criterion("x", 50, 10, 10)  # empty scale
    with pytest.raises(ValueError):
        Criterion("x", -5, 0, 10)  # negative weight
    with pytest.raises(ValueError):
        validate_weights([Criterion("x", 50, 0, 10), Criterion("x", 50, 0, 10)])  # duplicate id


def test_judge_totals_and_row_validation():
    rows = [("E1", "J1", "tema", 67), ("E1", "J1", "kreativitas", 7), ("E1", "J1", "isi", 10),
            ("E1", "J1", "teknik", 1), ("E1", "J1", "kepatuhan", 1),
            ("E2", "J1", "tema", 100)]  # E2 incomplete
    with pytest.raises(ValueError, match="incomplete"):
        judge_totals(rows, RUBRIC)
    assert judge_totals(rows, RUBRIC, strict=False) == {("E1", "J1"): approx(185 / 3)}
    with pytest.raises(ValueError, match="duplicate"):
        judge_totals(rows + [("E1", "J1", "tema", 50)], RUBRIC, strict=False)
    with pytest.raises(ValueError, match="unknown"):
        judge_totals([("E1", "J1", "durasi", 5)], RUBRIC)
    res = compute(rows, RUBRIC, submitted_at={}, tie_break=[])
    assert res.incomplete == [("E2", "J1")]
    assert list(res.entries) == ["E1"]


# --- median, spread, disagreement ---------------------------------------------------------------


def test_median_odd_and_even():
    odd = {("E", "A"): 60.0, ("E", "B"): 80.0, ("E", "C"): 70.0}
    even = {("E", "A"): 60.0, ("E", "B"): 90.0, ("E", "C"): 70.0, ("E", "D"): 80.0}
    assert entry_results(odd)[0].median == 70.0  # sorted 60,70,80 → middle 70
    assert entry_results(even)[0].median == 75.0  # sorted 60,70,80,90 → (70+80)/2 = 75


def test_spread_is_population_stdev():
    three = entry_results({("E", "A"): 60.0, ("E", "B"): 70.0, ("E", "C"): 80.0})[0]
    # mean 70; (100+0+100)/3 = 66.667; √66.667 = 8.165 (the sample stdev would be 10)
    assert three.raw_mean == approx(70.0)
    assert three.spread == approx(math.sqrt(200 / 3))
    assert three.spread == approx(8.16496581)
    four = entry_results({("E", "A"): 60.0, ("E", "B"): 70.0, ("E", "C"): 80.0,
                          ("E", "D"): 90.0})[0]
    # mean 75; (225+25+25+225)/4 = 125; √125 = 11.180
    assert four.spread == approx(math.sqrt(125))
    one = entry_results({("E", "A"): 42.0})[0]
    assert (one.spread, one.n_judges, one.median) == (0.0, 1, 42.0)


def test_judge_stats_population():
    stats = judge_stats({("E1", "A"): 40.0, ("E2", "A"): 50.0, ("E3", "A"): 60.0,
                         ("E4", "A"): 70.0, ("E1", "B"): 80.0, ("E2", "B"): 60.0})
    a, b = stats["A"], stats["B"]
    # A: mean (40+50+60+70)/4 = 55; σ = √((225+25+25+225)/4) = √125 = 11.180
    assert (a.mean, a.stdev, a.count, a.min, a.max) == (approx(55), approx(math.sqrt(125)),
                                                        4, 40.0, 70.0)
    assert not a.centred_only
    # B: mean 70, σ = √((100+100)/2) = 10, but only 2 entries → centred only
    assert (b.mean, b.stdev, b.count, b.centred_only) == (approx(70), approx(10), 2, True)


def test_disagreement_flag():
    wide = entry_results({("E", "A"): 40.0, ("E", "B"): 80.0})[0]
    # mean 60; σ = √((400+400)/2) = 20 > 15
    assert wide.spread == approx(20) and wide.disagreement and flag_disagreement(wide)
    edge = entry_results({("E", "A"): 50.0, ("E", "B"): 80.0})[0]
    # σ = √((225+225)/2) = 15 → not *above* 15
    assert edge.spread == approx(15) and not edge.disagreement
    assert flag_disagreement(edge, threshold=10)
    assert entry_results({("E", "A"): 50.0, ("E", "B"): 80.0}, threshold=10)[0].disagreement


# --- normalization ------------------------------------------------------------------------------

# 3 judges × 4 entries.  A harsh, B lenient, C lenient with a narrow range.
NORM_TOTALS = {
    ("E1", "A"): 40.0, ("E2", "A"): 50.0, ("E3", "A"): 60.0, ("E4", "A"): 70.0,
    ("E1", "B"): 60.0, ("E2", "B"): 70.0, ("E3", "B"): 80.0, ("E4", "B"): 90.0,
    ("E1", "C"): 80.0, ("E2", "C"): 90.0, ("E3", "C"): 70.0, ("E4", "C"): 80.0,
}
# μA = 55, σA = √125 = 11.1803;  μB = 75, σB = √125;  μC = 80, σC = √((0+100+100+0)/4) = √50 = 7.0711
# μ = (220+300+320)/12 = 70
# σ² = [A: 900+400+100+0 = 1400; B: 100+0+100+400 = 600; C: 100+400+0+100 = 600] / 12 = 2600/12
# σ = √216.667 = 14.7196
SIGMA = math.sqrt(2600 / 12)


def test_normalization_formula_three_judges_four_entries():
    norm = normalize(NORM_TOTALS)
    # A,E1: z = (40−55)/√125 = −1.341641 → 70 + 14.7196 × −1.341641 = 50.2516
    assert norm[("E1", "A")] == approx(70 + SIGMA * -15 / math.sqrt(125))
    assert norm[("E1", "A")] == approx(50.2516, abs=1e-4)
    # B,E4: z = (90−75)/√125 = +1.341641 → 70 + 19.7484 = 89.7484
    assert norm[("E4", "B")] == approx(89.7484, abs=1e-4)
    # C,E2: z = (90−80)/√50 = +1.414214 → 70 + 14.7196 × 1.414214 = 90.8167
    assert norm[("E2", "C")] == approx(70 + SIGMA * 10 / math.sqrt(50))
    assert norm[("E2", "C")] == approx(90.8167, abs=1e-4)
    # C,E1: z = 0 → exactly μ = 70
    assert norm[("E1", "C")] == approx(70.0)

    res = {r.entry_id: r for r in entry_results(NORM_TOTALS)}
    # entry mean = 70 + σ × mean(z):
    # E1: (−1.341641 −1.341641 + 0)/3 = −0.894427 → 70 − 13.1656 = 56.8344
    # E2: (−0.447214 −0.447214 + 1.414214)/3 = 0.173262 → 70 + 2.5504 = 72.5504
    # E3: (0.447214 + 0.447214 − 1.414214)/3 = −0.173262 → 67.4496
    # E4: (1.341641 + 1.341641 + 0)/3 = 0.894427 → 83.1656
    assert res["E1"].normalized_mean == approx(56.8344, abs=1e-4)
    assert res["E2"].normalized_mean == approx(72.5504, abs=1e-4)
    assert res["E3"].normalized_mean == approx(67.4496, abs=1e-4)
    assert res["E4"].normalized_mean == approx(83.1656, abs=1e-4)
    # raw means: E1 (40+60+80)/3 = 60, E2 (50+70+90)/3 = 70, E3 (60+80+70)/3 = 70, E4 80
    assert [res[e].raw_mean for e in ("E1", "E2", "E3", "E4")] == approx([60, 70, 70, 80])
    # E2/E3 tie raw (70) but normalization separates them: C's narrow range makes its +10 worth more.

    full = compute(rows_from(NORM_TOTALS), SINGLE, submitted_at={}, tie_break=[])
    assert full.overall_mean == approx(70) and full.overall_stdev == approx(SIGMA)
    assert [r.entry_id for r in full.ranking] == ["E4", "E2", "E3", "E1"]


def test_fallback_when_judge_sigma_is_zero():
    totals = {("E1", "A"): 40.0, ("E2", "A"): 50.0, ("E3", "A"): 60.0, ("E4", "A"): 70.0,
              ("E1", "D"): 70.0, ("E2", "D"): 70.0, ("E3", "D"): 70.0, ("E4", "D"): 70.0}
    # μ = (220 + 280)/8 = 62.5
    # σ² = (506.25+156.25+6.25+56.25 + 4×56.25)/8 = 950/8 = 118.75 → σ = 10.8972
    norm = normalize(totals)
    # D: σD = 0 → centre only: 62.5 + (70 − 70) = 62.5 for every entry
    assert [norm[(e, "D")] for e in ("E1", "E2", "E3", "E4")] == approx([62.5] * 4)
    # A: scaled: 62.5 + 10.8972 × (40 − 55)/11.1803 = 62.5 − 14.6202 = 47.8798
    assert norm[("E1", "A")] == approx(62.5 + math.sqrt(118.75) * -15 / math.sqrt(125))
    assert norm[("E1", "A")] == approx(47.8798, abs=1e-4)
    assert judge_stats(totals)["D"].centred_only


def test_fallback_when_judge_scored_fewer_than_three():
    totals = {("E1", "A"): 40.0, ("E2", "A"): 50.0, ("E3", "A"): 60.0, ("E4", "A"): 70.0,
              ("E1", "B"): 80.0, ("E2", "B"): 60.0}
    # μ = (40+50+60+70+80+60)/6 = 360/6 = 60
    # B: μB = 70, σB = 10 but only 2 entries → centre only
    norm = normalize(totals)
    assert norm[("E1", "B")] == approx(70.0)  # 60 + (80 − 70) = 70
    assert norm[("E2", "B")] == approx(50.0)  # 60 + (60 − 70) = 50
    # (scaling would have given 60 + σ·1 with σ = √(1000/6) = 12.91 → 72.91, not 70)
    # A keeps scaling: σ = √((400+100+0+100+400+0)/6) = 12.9099; 60 + 12.9099 × (70−55)/√125 = 77.3205
    assert norm[("E4", "A")] == approx(60 + math.sqrt(1000 / 6) * 15 / math.sqrt(125))
    assert norm[("E4", "A")] == approx(77.3205, abs=1e-4)


def test_shift_changes_values_through_overall_mean():
    # Documenting the formula: shifting one judge moves μ and σ, so values move, z-scores do not.
    shifted = {k: x + (30 if k[1] == "A" else 0) for k, x in NORM_TOTALS.items()}
    # A becomes 70,80,90,100: μ = (340+300+320)/12 = 80; z of A,E1 stays −1.341641
    before, after = normalize(NORM_TOTALS), normalize(shifted)
    mu2 = 80.0
    sigma2 = statistics.pstdev(shifted.values())
    assert after[("E1", "A")] == approx(mu2 + sigma2 * -15 / math.sqrt(125))
    assert after[("E1", "A")] != approx(before[("E1", "A")])


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
        if stats[k[1]].centred_only:
            assert after[k] - mu1 == approx(before[k] - mu0, abs=1e-6)
        else:
            assert (after[k] - mu1) / sd1 == approx((before[k] - mu0) / sd0, abs=1e-6)
    # With every judge scaled, the entries' normalized order is unchanged too
    # (entry mean = μ + σ·mean(z) and mean(z) does not move).
    if not any(s.centred_only for s in stats.values()):
        m0 = {r.entry_id: r.normalized_mean for r in entry_results(totals)}
        m1 = {r.entry_id: r.normalized_mean for r in entry_results(shifted)}
        for a in m0:
            for b in m0:
                if (m0[a] - m0[b]) / sd0 > 1e-6:  # clearly ahead before → still ahead after
                    assert m1[a] > m1[b]


@settings(max_examples=200, deadline=None)
@given(st.fixed_dictionaries({"tema": st.integers(1, 100), "kreativitas": st.integers(1, 10),
                              "isi": st.integers(1, 10), "teknik": st.integers(1, 100)}))
def test_property_weighted_total_in_range(card):
    assert -1e-9 <= weighted_total(card, RUBRIC) <= 100 + 1e-9


def test_entry_result_is_plain_data():
    r = entry_results({("E", "A"): 50.0, ("E", "B"): 70.0})[0]
    assert isinstance(r, EntryResult)
    assert r.judge_totals == {"A": 50.0, "B": 70.0} and r.n_judges == 2
