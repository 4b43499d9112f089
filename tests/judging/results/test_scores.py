"""Hand-computed checks and properties for contest.judging.results.scores."""
from __future__ import annotations

import math
import statistics
from datetime import timedelta, timezone

import pytest

from contest.judging.results.scores import (
    compute,
    entry_results,
    flag_disagreement,
    judge_stats,
    judge_totals,
    normalize,
)
from contest.judging.rounds.weights import Criterion, validate_weights, weighted_total

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
    assert not a.flat and not a.few
    # B: mean 70, σ = √((100+100)/2) = 10; only 2 entries → still scaled, flagged as few
    assert (b.mean, b.stdev, b.count, b.flat, b.few) == (approx(70), approx(10), 2, False, True)


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
    # D: σD = 0 → z = 0, i.e. exactly μ = 62.5 for every entry
    assert [norm[(e, "D")] for e in ("E1", "E2", "E3", "E4")] == approx([62.5] * 4)
    # A: scaled: 62.5 + 10.8972 × (40 − 55)/11.1803 = 62.5 − 14.6202 = 47.8798
    assert norm[("E1", "A")] == approx(62.5 + math.sqrt(118.75) * -15 / math.sqrt(125))
    assert norm[("E1", "A")] == approx(47.8798, abs=1e-4)
    assert judge_stats(totals)["D"].flat


def test_judge_with_fewer_than_three_entries_is_scaled_too():
    totals = {("E1", "A"): 40.0, ("E2", "A"): 50.0, ("E3", "A"): 60.0, ("E4", "A"): 70.0,
              ("E1", "B"): 80.0, ("E2", "B"): 60.0}
    # μ = (40+50+60+70+80+60)/6 = 360/6 = 60, σ = √((400+100+0+100+400+0)/6) = √(1000/6) = 12.9099
    # B: μB = 70, σB = 10, 2 entries → scaled like everyone else (z = ±1)
    norm = normalize(totals)
    assert norm[("E1", "B")] == approx(60 + math.sqrt(1000 / 6))  # 72.9099 (centring gave 70)
    assert norm[("E2", "B")] == approx(60 - math.sqrt(1000 / 6))  # 47.0901
    assert judge_stats(totals)["B"].few
    # A: 60 + 12.9099 × (70−55)/√125 = 77.3205
    assert norm[("E4", "A")] == approx(60 + math.sqrt(1000 / 6) * 15 / math.sqrt(125))
    assert norm[("E4", "A")] == approx(77.3205, abs=1e-4)


def test_a_single_entry_judge_contributes_the_overall_mean():
    totals = {("E1", "A"): 40.0, ("E2", "A"): 60.0, ("E1", "B"): 90.0}
    # μ = 190/3; B scored one entry: σB = 0 → z = 0 → μ, whatever B's units
    norm = normalize(totals)
    assert norm[("E1", "B")] == approx(190 / 3)
    assert judge_stats(totals)["B"].flat and judge_stats(totals)["B"].few


def test_the_worked_example_ranking_survives_another_judges_units():
    # The worked example: A = {j1 60, j2 62, x 90}, B = {j1 70, j2 64, x 60}, C = {j1 80, j2 66}.
    # The old rule centred x (2 entries) and z-scaled j1, j2: C, A, B; after j1 → 2·j1 − 50 it was C, B, A.
    # Now: j1 and j2 both give z = −1.2247, 0, +1.2247 to A, B, C; x gives +1, −1:
    # mean z: A −0.4832, B −0.3333, C +1.2247 → C, B, A, and the same after any change of j1's units.
    totals = {("A", "j1"): 60.0, ("A", "j2"): 62.0, ("A", "x"): 90.0,
              ("B", "j1"): 70.0, ("B", "j2"): 64.0, ("B", "x"): 60.0,
              ("C", "j1"): 80.0, ("C", "j2"): 66.0}

    def order(t):
        res = compute(rows_from(t), [Criterion("nilai", 100, 0, 200)], submitted_at={}, tie_break=[])
        return [r.entry_id for r in res.ranking]

    assert order(totals) == ["C", "B", "A"]
    rescaled = {k: (2 * x - 50 if k[1] == "j1" else x) for k, x in totals.items()}
    assert order(rescaled) == ["C", "B", "A"]


def test_shift_changes_values_through_overall_mean():
    # Documenting the formula: shifting one judge moves μ and σ, so values move, z-scores do not.
    shifted = {k: x + (30 if k[1] == "A" else 0) for k, x in NORM_TOTALS.items()}
    # A becomes 70,80,90,100: μ = (340+300+320)/12 = 80; z of A,E1 stays −1.341641
    before, after = normalize(NORM_TOTALS), normalize(shifted)
    mu2 = 80.0
    sigma2 = statistics.pstdev(shifted.values())
    assert after[("E1", "A")] == approx(mu2 + sigma2 * -15 / math.sqrt(125))
    assert after[("E1", "A")] != approx(before[("E1", "A")])
