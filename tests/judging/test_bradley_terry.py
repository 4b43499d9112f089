"""Bradley–Terry recovers a known order from simulated duels; every pair is scheduled once."""
import random

import pytest

from contest.judging import bradley_terry as bt


def simulate(true, n_judges, rng):
    items = list(true)
    votes = []
    for judge in range(n_judges):
        for a, b in bt.schedule(items, judge):
            p = true[a] / (true[a] + true[b])
            votes.append((a, b) if rng.random() < p else (b, a))
    return votes


def test_recovers_a_known_order_from_simulated_comparisons():
    true = {"A": 16.0, "B": 8.0, "C": 4.0, "D": 2.0, "E": 1.0, "F": 0.5}
    votes = simulate(true, 12, random.Random(42))
    table = bt.standings(list(true), votes, resamples=200)
    assert [s.item for s in table] == ["A", "B", "C", "D", "E", "F"]
    assert all(s.best <= s.rank <= s.worst for s in table)
    assert table[0].win_probability > 0.5 > table[-1].win_probability


def test_unbeaten_entry_gets_a_finite_strength_and_symmetry():
    p = bt.strengths(["x", "y"], [("x", "y")] * 3)
    assert p["x"] > p["y"] > 0 and p["x"] < 1e6
    even = bt.strengths(["x", "y"], [("x", "y"), ("y", "x")])
    assert even["x"] == pytest.approx(even["y"])
    with pytest.raises(ValueError):
        bt.strengths(["x"], [("x", "x")])


def test_schedule_every_pair_once_in_a_judge_specific_order():
    items = list(range(8))
    pairs = bt.schedule(items, "j1")
    assert len(pairs) == 28 and len({frozenset(p) for p in pairs}) == 28
    assert pairs == bt.schedule(items, "j1") and pairs != bt.schedule(items, "j2")
    with pytest.raises(ValueError):
        bt.schedule(list(range(9)), "j1")
