"""Panel reliability against published worked examples."""
import random

import pytest

from contest.judging.results import reliability as rel

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the 4 coders x 12 units
# example with missing values: interval alpha = 0.849.
KRIPPENDORFF = {
    "A": [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    "C": [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
}
# Shrout & Fleiss (1979), Table 2: 6 targets x 4 judges; ICC(2,1) = .29, ICC(2,k) = .62.
SHROUT_FLEISS = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]


def krippendorff_ratings():
    return {(unit, coder): v for coder, col in KRIPPENDORFF.items() for unit, v in enumerate(col) if v is not None}


def test_alpha_matches_krippendorffs_example_with_missing_values():
    assert rel.krippendorff_alpha(krippendorff_ratings()) == pytest.approx(0.849, abs=5e-4)


def test_alpha_ignores_units_with_a_single_value_and_order_of_input():
    ratings = krippendorff_ratings()
    shuffled = dict(random.Random(3).sample(list(ratings.items()), len(ratings)))
    assert rel.krippendorff_alpha(shuffled) == pytest.approx(rel.krippendorff_alpha(ratings))
    assert rel.reliability(ratings).n_entries == 11  # unit 12 has one value: not pairable


def test_alpha_perfect_agreement_and_undefined_cases():
    assert rel.krippendorff_alpha({(e, j): e * 10.0 for e in range(4) for j in "xyz"}) == pytest.approx(1.0)
    assert rel.krippendorff_alpha({(e, j): 5.0 for e in range(4) for j in "xyz"}) is None
    assert rel.krippendorff_alpha({(1, "x"): 3.0}) is None


def test_icc_matches_shrout_and_fleiss():
    ratings = {(i, j): v for i, row in enumerate(SHROUT_FLEISS) for j, v in enumerate(row)}
    result = rel.icc(ratings)
    assert result.single == pytest.approx(0.29, abs=0.005)
    assert result.average == pytest.approx(0.62, abs=0.005)
    assert (result.n_entries, result.n_judges) == (6, 4)


def test_icc_uses_only_entries_every_judge_scored():
    ratings = {(i, j): v for i, row in enumerate(SHROUT_FLEISS) for j, v in enumerate(row)}
    ratings[(99, 0)] = 1.0  # scored by one judge only: left out
    assert rel.icc(ratings).n_entries == 6
    assert rel.icc(ratings).average == pytest.approx(0.62, abs=0.005)
    assert rel.icc({(1, "a"): 3.0, (2, "b"): 4.0}).average is None


def test_judge_vs_panel_spots_the_judge_who_scores_against_the_others():
    rng = random.Random(7)
    quality = [rng.uniform(20, 90) for _ in range(12)]
    ratings = {}
    for e, q in enumerate(quality):
        for j in ("a", "b", "c"):
            ratings[(e, j)] = q + rng.gauss(0, 3)
        ratings[(e, "contrarian")] = 110 - q
    r = rel.judge_vs_panel(ratings)
    assert min(r["a"], r["b"], r["c"]) > 0.8
    assert r["contrarian"] < 0
    poor = rel.reliability(ratings)
    assert poor.alpha < rel.POOR_ALPHA and poor.poor


def panel_ratings(rng, n_entries, n_judges, noise):
    return {(e, j): q + rng.gauss(0, noise) for e, q in ((e, rng.gauss(60, 10)) for e in range(n_entries))
            for j in range(n_judges)}


def test_bootstrap_intervals_hold_the_estimates_and_narrow_with_more_entries():
    rng = random.Random(3)
    small, large = panel_ratings(rng, 15, 4, 6.0), panel_ratings(rng, 120, 4, 6.0)
    for ratings in (small, large):
        r = rel.reliability(ratings, with_intervals=True)
        assert r.ci.alpha[0] <= r.alpha <= r.ci.alpha[1]
        assert r.ci.average[0] <= r.icc.average <= r.ci.average[1]
        assert r.ci.single[0] <= r.icc.single <= r.ci.single[1]
    width = [rel.intervals(r).average[1] - rel.intervals(r).average[0] for r in (small, large)]
    assert width[1] < width[0]
    assert rel.intervals(small) == rel.intervals(small)  # fixed seed


def test_koo_and_li_bands():
    assert [rel.koo_li(v) for v in (0.2, 0.5, 0.74, 0.75, 0.9, 0.95, None)] == [
        "poor", "moderate", "moderate", "good", "excellent", "excellent", None]
    r = rel.reliability(panel_ratings(random.Random(4), 40, 4, 3.0), with_intervals=True)
    assert r.bands == (rel.koo_li(r.ci.average[0]), rel.koo_li(r.ci.average[1]))


def test_too_few_entries_or_judges_is_not_judged():
    assert rel.reliability(panel_ratings(random.Random(5), 9, 4, 3.0)).too_few
    assert rel.reliability(panel_ratings(random.Random(5), 30, 2, 3.0)).too_few
    enough = rel.reliability(panel_ratings(random.Random(5), 10, 3, 3.0))
    assert not enough.too_few
    tiny_poor = {(e, j): float((e * 7 + j * 13) % 10) for e in range(4) for j in range(3)}
    assert rel.krippendorff_alpha(tiny_poor) < rel.POOR_ALPHA and not rel.reliability(tiny_poor).poor


def test_a_missing_correlation_says_why():
    ratings = {(e, "a"): 50.0 + e for e in range(5)} | {(e, "b"): 60.0 + 2 * e for e in range(5)}
    ratings |= {(e, "flat"): 70.0 for e in range(5)} | {(0, "late"): 40.0, (1, "late"): 45.0}
    why = rel.judge_vs_panel_why(ratings)
    assert why == {"flat": "flat_judge", "late": "few"}
    assert rel.judge_vs_panel(ratings)["flat"] is None and rel.judge_vs_panel(ratings)["late"] is None
    constant_panel = {(e, "x"): 50.0 + e for e in range(4)} | {(e, "y"): 60.0 for e in range(4)}
    assert rel.judge_vs_panel_why(constant_panel) == {"x": "flat_panel", "y": "flat_judge"}
