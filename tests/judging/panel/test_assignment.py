"""Balanced assignment (pure): N judges per entry, the cap, conflicts, pins, best coverage."""
import math
import time
from collections import deque

from hypothesis import given, settings
from hypothesis import strategies as st

from contest.judging.panel.assignment import balanced_assignment


def max_coverage(entries, judges, per_entry, cap, forbidden):
    """Independent check: plain Edmonds–Karp max flow source → entry → judge → sink."""
    nodes = ["s", *[("e", e) for e in entries], *[("j", j) for j in judges], "t"]
    cap_of = {}

    def edge(a, b, c):
        cap_of[(a, b)] = cap_of.get((a, b), 0) + c
        cap_of.setdefault((b, a), 0)

    for e in entries:
        edge("s", ("e", e), per_entry)
        for j in judges:
            if (e, j) not in forbidden:
                edge(("e", e), ("j", j), 1)
    for j in judges:
        edge(("j", j), "t", cap)
    adj = {n: [] for n in nodes}
    for a, b in cap_of:
        adj[a].append(b)
    flow = 0
    while True:
        parent = {"s": None}
        queue = deque(["s"])
        while queue and "t" not in parent:
            a = queue.popleft()
            for b in adj[a]:
                if b not in parent and cap_of[(a, b)] > 0:
                    parent[b] = a
                    queue.append(b)
        if "t" not in parent:
            return flow
        node = "t"
        while parent[node] is not None:
            cap_of[(parent[node], node)] -= 1
            cap_of[(node, parent[node])] += 1
            node = parent[node]
        flow += 1


def check_plan(plan, entries, judges, per_entry, cap, forbidden):
    for e, js in plan.assignments.items():
        assert len(js) <= per_entry
        assert not any((e, j) in forbidden for j in js)
        assert js <= set(judges)
    assert all(load <= cap for load in plan.loads.values())
    assert set(plan.assignments) == set(entries)
    for e, js in plan.assignments.items():
        assert plan.shortfall.get(e, 0) == per_entry - len(js)


def test_every_entry_gets_n_judges_with_even_loads():
    entries, judges = list(range(45)), ["a", "b", "c", "d", "e"]
    plan = balanced_assignment(entries, judges, per_entry=3, cap=30)
    assert all(len(js) == 3 for js in plan.assignments.values())
    assert not plan.shortfall
    assert plan.max_load == math.ceil(45 * 3 / 5) == 27
    assert sorted(plan.loads.values()) == [27] * 5


def test_conflicts_are_never_assigned_and_cap_holds():
    entries, judges = list(range(20)), [1, 2, 3, 4]
    forbidden = {(e, 1) for e in range(0, 20, 2)} | {(3, 2), (5, 3)}
    plan = balanced_assignment(entries, judges, per_entry=2, cap=11, forbidden=forbidden)
    check_plan(plan, entries, judges, 2, 11, forbidden)
    assert not plan.shortfall  # 40 slots, 44 capacity, conflicts leave room


def test_greedy_trap_is_repaired_by_augmenting_paths():
    # Entry 0 may only go to judge "a"; a greedy pass that fills "a" first would strand it.
    entries, judges = [1, 2, 0], ["a", "b"]
    forbidden = {(0, "b")}
    plan = balanced_assignment(entries, judges, per_entry=1, cap=1, forbidden=forbidden)
    assert plan.assignments[0] == {"a"}
    assert not plan.shortfall or sum(plan.shortfall.values()) == 1  # 3 entries, 2 slots
    assert max_coverage(entries, judges, 1, 1, forbidden) == sum(len(v) for v in plan.assignments.values())


def test_infeasible_cap_reports_shortfall():
    plan = balanced_assignment(list(range(10)), ["a", "b"], per_entry=2, cap=6)
    assert sum(len(js) for js in plan.assignments.values()) == 12
    assert sum(plan.shortfall.values()) == 8


def test_pins_are_kept_and_forbidden_pins_dropped():
    plan = balanced_assignment([1, 2, 3], ["a", "b", "c"], per_entry=2, cap=3,
                               pinned={(1, "c"), (2, "a")}, forbidden={(2, "a")})
    assert "c" in plan.assignments[1]
    assert "a" not in plan.assignments[2]
    assert all(len(js) == 2 for js in plan.assignments.values())


def test_more_judges_needed_than_exist():
    plan = balanced_assignment([1, 2], ["a", "b"], per_entry=3)
    assert all(js == {"a", "b"} for js in plan.assignments.values())
    assert plan.shortfall == {1: 1, 2: 1}


def test_no_judges():
    plan = balanced_assignment([1, 2], [], per_entry=2)
    assert plan.shortfall == {1: 2, 2: 2} and plan.max_load == 0


def test_large_round_is_fast():
    entries, judges = list(range(1000)), list(range(7))
    forbidden = {(e, e % 7) for e in range(0, 1000, 3)}
    start = time.process_time()  # CPU time: the suite may share the machine
    plan = balanced_assignment(entries, judges, per_entry=3, cap=500, forbidden=forbidden)
    assert time.process_time() - start < 1.5
    assert not plan.shortfall and plan.max_load == math.ceil(3000 / 7)


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_property_valid_and_maximal(data):
    n_entries = data.draw(st.integers(0, 14))
    n_judges = data.draw(st.integers(1, 5))
    per_entry = data.draw(st.integers(1, 4))
    cap = data.draw(st.integers(0, 12))
    entries, judges = list(range(n_entries)), [f"j{i}" for i in range(n_judges)]
    pairs = [(e, j) for e in entries for j in judges]
    forbidden = set(data.draw(st.lists(st.sampled_from(pairs), unique=True))) if pairs else set()
    plan = balanced_assignment(entries, judges, per_entry=per_entry, cap=cap, forbidden=forbidden)
    check_plan(plan, entries, judges, per_entry, cap, forbidden)
    covered = sum(len(v) for v in plan.assignments.values())
    assert covered == max_coverage(entries, judges, per_entry, cap, forbidden)
    # Even loads: no smaller cap reaches the same coverage.
    if covered and plan.max_load > 0:
        assert max_coverage(entries, judges, per_entry, plan.max_load - 1, forbidden) < covered
