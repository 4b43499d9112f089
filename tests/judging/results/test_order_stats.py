"""Order effects, pure: Spearman against scipy, the position effect, drift, calibration deviations."""
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import spearmanr

from contest.judging.results.charts import drift_chart
from contest.judging.results.order_stats import Card, calibration, drift, position_effect, spearman
from contest.judging.scoring.order import judge_order


@pytest.mark.filterwarnings("ignore::scipy.stats.ConstantInputWarning")
@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 12), st.floats(0, 100, allow_nan=False)), min_size=3, max_size=60))
def test_spearman_matches_scipy(pairs):
    x, y = [p[0] for p in pairs], [p[1] for p in pairs]
    ours = spearman(x, y)
    theirs = spearmanr(x, y)
    if ours is None:  # a constant input: scipy answers nan
        assert theirs.statistic != theirs.statistic
        return
    assert ours[0] == pytest.approx(theirs.statistic, abs=1e-10)
    assert ours[1] == pytest.approx(theirs.pvalue, abs=1e-9)


def test_spearman_on_larger_samples_matches_scipy():
    rng = random.Random(3)
    for _ in range(200):
        n = rng.randint(3, 400)
        x = list(range(n))
        y = [0.05 * i + rng.gauss(0, 5) for i in x]
        rho, p = spearman(x, y)
        ref = spearmanr(x, y)
        assert rho == pytest.approx(ref.statistic, abs=1e-12) and p == pytest.approx(ref.pvalue, abs=1e-11)


def panel(*, n_entries=20, judges=5, drift_per_position=0.0, seed=1, bias=(0, -8, 6, 3, -4)):
    """Cards of judges who meet the entries in their own (Williams) order; quality + judge bias + drift."""
    rng = random.Random(seed)
    quality = {e: rng.gauss(65, 10) for e in range(n_entries)}
    cards = []
    for j in range(judges):
        order = judge_order(list(quality), seed="demo", slot=j, panel=judges)
        for pos, entry in enumerate(order, start=1):
            total = quality[entry] + bias[j % len(bias)] + drift_per_position * pos + rng.gauss(0, 3)
            cards.append(Card(j, entry, pos, pos, total))
    return cards


def test_a_drift_upwards_is_reported_as_later_higher():
    effect = position_effect(panel(drift_per_position=0.8))
    assert effect.verdict == "later_higher" and effect.rho > 0.2 and effect.p < 0.01
    assert effect.thirds[0].mean < effect.thirds[1].mean < effect.thirds[2].mean
    assert effect.gap > 5
    assert sum(t.count for t in effect.thirds) == effect.count == 100


def test_a_drift_downwards_is_reported_as_later_lower():
    assert position_effect(panel(drift_per_position=-0.8)).verdict == "later_lower"


@pytest.mark.parametrize(("judges", "entries", "alarms", "drift", "found"),
                         [(5, 20, 12, 0.3, 28), (3, 15, 13, 0.3, 20), (2, 9, 16, 1.0, 20)])
def test_false_alarms_stay_near_five_percent_and_a_drift_is_found(judges, entries, alarms, drift, found):
    """Nominal 5 %: at most `alarms` in 150 panels without drift; a drift is found in most of 30."""
    false_alarms = sum(position_effect(panel(seed=s, judges=judges, n_entries=entries)).verdict != "none"
                       for s in range(150))
    assert false_alarms <= alarms
    hits = sum(position_effect(panel(seed=s, judges=judges, n_entries=entries, drift_per_position=drift)).verdict
               == "later_higher" for s in range(30))
    assert hits >= found


def test_judge_harshness_is_not_mistaken_for_an_order_effect():
    # Strong harshness differences, no drift: normalization within each judge removes them.
    effect = position_effect(panel(bias=(0, -25, 25, 15, -15), seed=9))
    assert effect.verdict == "none"


def test_too_few_cards_say_so():
    effect = position_effect(panel(n_entries=3, judges=2))
    assert effect.verdict == "too_few" and effect.rho is None


def test_calibration_items_are_left_out_and_cards_without_position_are_not_placed():
    cards = panel(n_entries=6, judges=3)
    cards.append(Card(0, 99, None, None, 50.0))
    effect = position_effect(cards, exclude=[0, 1])
    assert effect.count == 3 * 4


def test_drift_fits_a_line_per_judge():
    cards = [Card("a", e, e, e, 50 + 2 * e) for e in range(1, 8)] + [Card("b", 1, 1, 1, 70.0)]
    found = drift(cards)
    assert found["a"].slope == pytest.approx(2) and found["a"].intercept == pytest.approx(50)
    assert found["b"].slope is None and found["b"].points == [(1, 70.0)]
    chart = drift_chart(found["a"].points, slope=found["a"].slope, intercept=found["a"].intercept)
    assert len(chart.dots) == 7 and chart.last == 7
    x1, y1, x2, y2 = chart.trend
    assert x1 < x2 and y1 > y2  # rising scores: the line climbs (SVG y grows downwards)
    assert drift_chart([]).dots == []


def test_calibration_shows_a_harsh_and_a_lenient_judge():
    cards = [Card(j, e, None, None, base + shift) for e, base in ((1, 70), (2, 60))
             for j, shift in (("keras", -12), ("longgar", 9), ("tengah", 1), ("tengah2", 0))]
    found = calibration(cards, [1, 2])
    assert found["keras"].verdict == "harsh" and found["keras"].mean == pytest.approx(-12 - 1)  # the others' median
    assert found["longgar"].verdict == "lenient" and found["tengah"].verdict == "aligned"
    assert set(found["keras"].deviations) == {1, 2}


def test_a_judge_who_has_not_scored_the_items_is_unknown():
    cards = [Card("a", 1, None, None, 70.0), Card("b", 1, None, None, 60.0), Card("c", 5, None, None, 50.0)]
    assert calibration(cards, [1])["c"].verdict == "unknown"
