"""Robust aggregates, bootstrap rank intervals over judges, ties at prize boundaries."""
import pytest

from contest.judging import robust, scoring


def test_trimmed_mean_drops_extremes_from_five_judges_only():
    assert scoring.trimmed_mean([10, 50, 52, 54, 100]) == pytest.approx(52)
    assert scoring.trimmed_mean([10, 50, 100, 40]) == pytest.approx(50)  # 4 judges: the plain mean


def test_ranking_follows_the_chosen_method():
    c = [scoring.Criterion(1, 100, 0, 100)]
    rows = [(e, j, 1, v) for e, vals in {"a": [90, 90, 90, 90, 10], "b": [80, 80, 80, 80, 80]}.items()
            for j, v in enumerate(vals)]
    order = {by: [r.entry_id for r in scoring.compute(rows, c, submitted_at=None, tie_break=[1], by=by).ranking]
             for by in scoring.METHODS}
    assert order["raw"] == ["b", "a"]  # 74 < 80
    assert order["median"] == ["a", "b"] and order["trimmed"] == ["a", "b"]
    with pytest.raises(ValueError):
        scoring.compute(rows, c, submitted_at=None, tie_break=[1], by="mode")


def panel(scores):
    return {e: dict(enumerate(vals)) for e, vals in scores.items()}


def test_bootstrap_flags_a_constructed_tie_and_not_a_clear_gap():
    judges = list(range(5))
    values = panel({
        "first": [95, 94, 96, 95, 95], "second": [90, 89, 91, 90, 90],
        # Third and fourth are close and the judges disagree on which is better.
        "third": [80, 70, 85, 72, 83], "fourth": [72, 84, 71, 82, 78],
        "fifth": [50, 52, 49, 51, 50], "sixth": [40, 41, 39, 40, 40], "seventh": [20, 21, 19, 20, 20],
    })
    intervals = robust.bootstrap_ranks(values, judges, method="raw")
    assert intervals["first"] == robust.RankInterval(1, 1)
    assert intervals["third"].worst >= 4 and intervals["fourth"].best <= 3
    ranking = [("first", 1), ("second", 2), ("third", 3), ("fourth", 4), ("fifth", 5), ("sixth", 6),
               ("seventh", 7)]
    boundaries = robust.prize_boundaries(["Juara I", "Juara II", "Juara III", "Harapan I", "Harapan II",
                                          "Harapan III"])
    assert boundaries == [3, 6]
    ties = robust.flag_ties(ranking, intervals, boundaries)
    assert [(t.boundary, set(t.entry_ids)) for t in ties] == [(3, {"third", "fourth"})]
    assert ties[0].key == "3:fourth,third"


def test_bootstrap_is_reproducible_and_handles_missing_judges():
    values = {"a": {1: 80, 2: 82}, "b": {2: 70, 3: 75}, "c": {1: 60, 3: 58}}
    one = robust.bootstrap_ranks(values, [1, 2, 3], method="median")
    assert one == robust.bootstrap_ranks(values, [1, 2, 3], method="median")
    assert one["a"].best == 1 and one["c"].worst == 3


def test_prize_boundaries_without_tiers():
    assert robust.prize_boundaries(["Emas", "Perak", "Perunggu"]) == [1, 2, 3]
    assert robust.prize_boundaries([]) == []
