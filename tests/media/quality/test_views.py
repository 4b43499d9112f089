"""The committee's side: quality rules per edition, warnings and look-alikes on the check page."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from contest.core.extensions import db
from contest.core.timeutil import utcnow
from contest.judging.rounds.editing import create_round
from contest.judging.rounds.models import RoundKind
from contest.media.models import Video
from contest.media.quality.models import QualitySettings, VideoMatch, VideoQuality
from tests import bulk
from tests.conftest import login, post, query_count, text_of
from tests.media.video_helpers import _clean_state  # noqa: F401  (fixture: the database is used)

WARNINGS = [{"code": "black", "start": 0.0, "end": 5.2, "params": {}},
            {"code": "too_quiet", "start": None, "end": None, "params": {"lufs": -31.4, "limit": -24.0}}]


def check_round(contest, admin):
    now = utcnow()
    rnd = create_round(contest=contest, kind=RoundKind.ADMIN_CHECK.value, actor=admin, values={
        "name": "Verifikasi", "opens_at": now, "closes_at": now + timedelta(days=1), "assignment_mode": "all",
        "judges_per_entry": None, "max_per_judge": None})
    db.session.commit()
    return rnd


def with_reports(contest, n):
    entries = bulk.entries(contest, n)
    videos = db.session.scalars(select(Video).where(Video.entry_id.in_([e.id for e in entries]))
                                .order_by(Video.id)).all()
    for video in videos:
        db.session.add(VideoQuality(video_id=video.id, analysed_at=utcnow(), report={}, warnings=WARNINGS))
    for older, newer in zip(videos, videos[1:], strict=False):
        db.session.add(VideoMatch(video_id=newer.id, other_video_id=older.id, query_share=0.93,
                                  other_share=0.95))
    db.session.commit()
    return entries


def test_check_page_costs_the_same_for_5_and_50_entries(client, make_contest, make_staff):
    admin = make_staff("admin")
    login(client, admin)
    urls = []
    for n in (5, 50):
        contest = make_contest(current=False)
        rnd = check_round(contest, admin)
        with_reports(contest, n)
        urls.append(f"/admin/judging/rounds/{rnd.id}/checks")
    few, many = [query_count(client, url) for url in urls]
    assert few == many, (few, many)


def test_check_page_shows_warnings_and_matches_under_the_policy(client, make_contest, make_staff):
    admin = make_staff("admin")
    contest = make_contest()
    rnd = check_round(contest, admin)
    first, second = with_reports(contest, 2)
    login(client, admin)
    page = text_of(client.get(f"/admin/judging/rounds/{rnd.id}/checks"))
    assert "Layar hitam 0:00–0:05" in page
    assert "Suara terlalu pelan (-31,4 LUFS; minimal -24 LUFS)" in page
    assert f"mirip dengan {first.code} (93 % bingkai cocok)" in page  # on the newer entry
    assert f"mirip dengan {second.code} (93 % bingkai cocok)" in page  # and on the older one

    response = post(client, f"/admin/contests/{contest.id}/quality",
                    {"policy_black": "ignore", "policy_too_quiet": "reject", "quiet_below_lufs": "-30"})
    assert response.status_code == 302
    rules = db.session.get(QualitySettings, contest.id).rules
    assert rules["policies"]["black"] == "ignore" and rules["policies"]["frozen"] == "warn"
    assert rules["thresholds"] == {"quiet_below_lufs": -30.0}
    page = text_of(client.get(f"/admin/judging/rounds/{rnd.id}/checks"))
    assert "Layar hitam" not in page and "Suara terlalu pelan" in page
    form = client.get(f"/admin/contests/{contest.id}/edit").get_data(as_text=True)
    assert 'id="quality"' in form and 'value="-30.0"' in form


def test_only_the_committee_sets_quality_rules(client, make_contest, make_entrant):
    contest = make_contest()
    login(client, make_entrant())
    response = post(client, f"/admin/contests/{contest.id}/quality", {"policy_black": "reject"})
    assert response.status_code in (403, 404)
    assert db.session.get(QualitySettings, contest.id) is None
