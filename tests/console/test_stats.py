"""The dashboard's numbers for a constructed edition, computed with GROUP BY queries."""
from contest.console import stats


def test_dashboard_counts(edition):
    data = stats.dashboard(edition["contest"])
    e = data["entries"]
    status = e["status"]
    assert (status["draft"], status["submitted"], status["withdrawn"], status["active"]) == (2, 3, 1, 5)
    assert (e["video"]["ready"], e["video"]["rejected"], e["video"]["queued"], e["video"]["pending"],
            e["video"]["none"]) == (3, 1, 1, 1, 0)
    assert (e["check"]["pass"], e["check"]["needs_fix"], e["check"]["fail"], e["check"]["none"]) == (1, 1, 0, 1)
    assert sum(n for _a, n, _s in data["agencies"]) == 5
    assert sum(s for _a, _n, s in data["agencies"]) == 3
    assert data["regencies"] == [("Kota Samarinda", 5, 3)]
    assert data["registrants"] == 6  # everyone holding an entry of the edition
    assert [n for _d, n in data["votes"]] == [2, 4]  # voided votes are not counted
    assert data["certificates"]["total"] == 1
    (progress,) = data["progress"]
    # Only the passed entry is eligible for scoring; both judges have it, one scored it.
    assert progress.eligible == 1
    cards = {j.judge_id: (j.assigned, j.scored, j.last_active is not None) for j in progress.judges}
    first, second = edition["judges"]
    assert cards == {first.id: (1, 1, True), second.id: (1, 0, False)}


def test_a_judge_from_the_entrants_agency_is_not_counted_as_assigned(edition):
    from contest.core.extensions import db
    first = edition["judges"][0]
    first.judge_profile.agency = edition["submitted"][0].user.profile.agency
    db.session.commit()
    (progress,) = stats.dashboard(edition["contest"])["progress"]
    assert {j.judge_id: j.assigned for j in progress.judges}[first.id] == 0


def test_a_new_editions_registrants_are_not_every_account_on_the_platform(edition, make_contest):
    """An overlapping window must not count another edition's entrants as this edition's."""
    newer = make_contest(current=False)  # its window covers the moment the first edition's entrants registered
    assert stats.dashboard(newer)["registrants"] == 0
    assert stats.dashboard(edition["contest"])["registrants"] == 6
