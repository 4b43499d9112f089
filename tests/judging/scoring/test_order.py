"""The pure order design: Williams squares and each judge's own order (calibration items first)."""
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contest.judging.scoring.order import judge_order, round_seed, williams


@pytest.mark.parametrize("n", range(2, 13))
def test_williams_square_is_latin_and_balanced_for_carry_over(n):
    rows = williams(n)
    assert len(rows) == (n if n % 2 == 0 else 2 * n)
    assert all(sorted(row) == list(range(n)) for row in rows)
    per_row = len(rows) // n  # each entry appears this often in every position
    for position in range(n):
        assert set(Counter(row[position] for row in rows).values()) == {per_row}
    pairs = Counter((row[i], row[i + 1]) for row in rows for i in range(n - 1))
    assert len(pairs) == n * (n - 1) and set(pairs.values()) == {per_row}


def test_every_judge_of_a_panel_gets_another_list():
    entries = list(range(100, 112))
    orders = [tuple(judge_order(entries, seed=round_seed(7), slot=k)) for k in range(5)]
    assert len(set(orders)) == 5
    assert all(sorted(o) == entries for o in orders)
    # Fixed for the round (a judge's queue does not reshuffle between page views) …
    assert judge_order(entries, seed=round_seed(7), slot=2) == list(orders[2])
    # … and entry numbers do not decide it: another round maps entries differently.
    assert judge_order(entries, seed=round_seed(8), slot=0) != list(orders[0])


def test_first_places_are_spread_over_the_entries():
    entries = list(range(1, 7))
    firsts = Counter(judge_order(entries, seed="s", slot=k)[0] for k in range(6))
    assert sorted(firsts) == entries  # six judges, six different first entries


def test_calibration_items_come_first_for_every_judge():
    entries = list(range(1, 10))
    for slot in range(6):
        order = judge_order(entries, seed="s", slot=slot, first=[7, 3])
        assert set(order[:2]) == {7, 3} and sorted(order) == entries


def test_calibration_items_outside_the_list_are_ignored():
    assert sorted(judge_order([1, 2, 3], seed="s", slot=0, first=[99])) == [1, 2, 3]


@given(st.lists(st.integers(1, 10_000), unique=True, max_size=30), st.integers(0, 40))
def test_an_order_is_a_permutation(entries, slot):
    assert sorted(judge_order(entries, seed="x", slot=slot)) == sorted(entries)
