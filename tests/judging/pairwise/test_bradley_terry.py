"""Bradley–Terry recovers a known order from simulated duels; every pair is scheduled once."""
import random

import pytest

from contest.judging.pairwise import bradley_terry as bt


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


def test_standings_are_cached_by_the_set_of_votes():
    votes = simulate({"A": 4.0, "B": 2.0, "C": 1.0}, 5, random.Random(1))
    bt.cache_clear()
    first = bt.standings(["A", "B", "C"], votes)
    hits = bt._standings.cache_info().hits
    assert bt.standings(["A", "B", "C"], list(reversed(votes))) == first  # same multiset, other order
    assert bt._standings.cache_info().hits == hits + 1
    flipped = [(b, a) if n == 0 else (a, b) for n, (a, b) in enumerate(votes)]
    bt.standings(["A", "B", "C"], flipped)  # one vote changed: computed afresh
    assert bt._standings.cache_info().hits == hits + 1


def test_strengths_satisfy_the_mm_fixed_point():
    # Newton's answer is the point Hunter's MM update leaves unchanged:
    # p_i = (W_i + 1) / (Σ_j n_ij / (p_i + p_j) + 2 / (p_i + 1)).
    true = {i: 2.0 ** (i - 3) for i in range(7)}
    votes = simulate(true, 3, random.Random(7))
    p = bt.strengths(list(true), votes)
    for i in true:
        wins = sum(1 for w, _ in votes if w == i)
        denom = sum(1 / (p[a] + p[b]) for a, b in votes if i in (a, b)) + 2 / (p[i] + 1)
        assert p[i] == pytest.approx((wins + 1) / denom, rel=1e-10)
