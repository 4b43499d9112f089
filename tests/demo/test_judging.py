"""The demo: Kutim rubric, an open scoring round, a panel, checked entries, scores, videos."""
import pytest
from sqlalchemy import select

from contest.accounts.services import create_staff, find_user_by_email
from contest.core.extensions import db
from contest.demo.contests import JUDGES
from contest.demo.judging import attach_demo_videos, seed_judging
from contest.entries.models import Entry
from contest.judging.checks.models import AdminCheck
from contest.judging.panel.conflicts import conflict_map
from contest.judging.results.order_report import order_report
from contest.judging.results.services import round_results
from contest.judging.rounds.models import JudgingRound
from contest.judging.rounds.windows import round_state
from contest.judging.scoring.models import Scorecard
from contest.judging.scoring.queue import judge_queue
from contest.media.models import Video, VideoState
from tests.conftest import login, text_of


@pytest.fixture
def no_demo_videos(app):
    app.config["DEMO_VIDEOS"] = False
    yield
    app.config.pop("DEMO_VIDEOS")


@pytest.fixture
def demo_contest(make_contest):
    """The demo edition and its three judges, as seed_demo makes them (without the rest)."""
    contest = make_contest()
    for email, name in JUDGES:
        create_staff(email=email, password="rahasia-123", full_name=name, roles=["judge"])
    db.session.commit()
    return contest


def test_demo_is_ready_for_blind_judging(client, no_demo_videos, demo_contest):
    seed_judging(demo_contest)
    db.session.commit()
    scoring = db.session.scalar(select(JudgingRound).where(JudgingRound.kind == "scoring"))
    assert round_state(scoring) == "open"
    assert [(c.name, c.weight, c.scale_min, c.scale_max) for c in scoring.criteria] == [
        ("Kesesuaian tema", 30, 1, 100), ("Kreativitas & orisinalitas", 25, 1, 100),
        ("Isi & dampak pesan", 25, 1, 100), ("Teknik videografi", 20, 1, 100)]
    assert all(len(c.levels) == 4 for c in scoring.criteria)
    outcomes = sorted(c.outcome for c in db.session.scalars(select(AdminCheck)))
    assert outcomes.count("needs_fix") == 1 and outcomes.count("pass") == 11
    assert db.session.scalar(select(Scorecard)) is None  # no ready videos yet: nothing to judge

    # With ready videos (made by the media pipeline in a real demo), a second run scores.
    for entry in db.session.scalars(select(Entry).where(Entry.status == "submitted")):
        db.session.add(Video(entry=entry, state=VideoState.READY.value, duration=61.0, width=1280, height=720))
    db.session.commit()
    seed_judging(demo_contest)
    db.session.commit()
    assert db.session.scalar(select(db.func.count(JudgingRound.id))) == 2
    juri1, juri2 = (find_user_by_email(f"juri{n}@demo.kaltimprov.go.id") for n in (1, 2))
    fresh = judge_queue(scoring, juri1)
    assert len(fresh) == 10 and all(item.status is None for item in fresh)  # 11 passed, 1 own agency
    assert any(info.source == "agency" for (j, _), info in conflict_map(scoring.contest_id).items()
               if j == juri1.id)
    queue2 = judge_queue(scoring, juri2)
    assert [item.status for item in queue2] == ["submitted"] * 10 + [None]  # the first ten of their order
    res = round_results(scoring)
    assert 9 <= len(res.rows) <= 11
    # The results page's order report has data: both judges drift upwards, calibration shows who is harsh.
    report = order_report(scoring, res)
    assert report.effect.verdict == "later_higher"
    assert len(report.drifts) == 2 and all(d.per_ten > 0 for d in report.drifts)
    verdicts = {row.name: row.result.verdict for row in report.calibration}
    assert [verdicts.get(name) for _email, name in JUDGES] == ["unknown", "lenient", "harsh"]

    login(client, juri1)
    assert "0 dari 10 dinilai" in text_of(client.get("/judging/"))
    page = client.get(f"/judging/rounds/{scoring.id}/entries/{fresh[0].entry_id}").get_data(as_text=True)
    assert "/media/v/" in page and "Kesesuaian tema" in page


def test_demo_videos_go_through_the_media_pipeline(app, make_contest, make_entrant, tmp_path):
    contest = make_contest()
    user = make_entrant()
    entry = Entry(contest=contest, user=user, number=1, title="Demo", synopsis="Demo",
                  originality_accepted_at=contest.registration_opens_at, status="submitted")
    db.session.add(entry)
    db.session.commit()
    assert attach_demo_videos([entry], workdir=tmp_path) == 1
    video = db.session.scalar(select(Video).where(Video.entry_id == entry.id))
    assert video.state == VideoState.READY.value and video.duration >= 60
    assert attach_demo_videos([entry], workdir=tmp_path) == 0  # idempotent
