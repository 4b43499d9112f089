"""Retention: nothing before the period ends; a dry run lists; the real run purges non-winners only."""
from datetime import timedelta

from sqlalchemy import select

from contest.accounts.models import User
from contest.core.extensions import db
from contest.core.timeutil import utcnow
from contest.media import storage
from contest.media.models import Video
from contest.privacy import retention
from contest.records.models import PersonalDataAccessLog
from tests.conftest import login, post, text_of
from tests.privacy.conftest import build_edition, put_original


def _edition(make_contest, make_entrant, clip_bytes, *, days_ago=400):
    edition = build_edition(make_contest, make_entrant, n=3, winners=1)
    edition.contest.announcement_at = utcnow() - timedelta(days=days_ago)
    db.session.commit()
    for video in edition.videos:
        put_original(video, clip_bytes)
    return edition


def test_nothing_is_due_before_the_period_ends(make_contest, make_entrant, clip_bytes):
    edition = _edition(make_contest, make_entrant, clip_bytes, days_ago=10)
    plan = retention.run(edition.contest)
    assert not plan.due and plan.empty
    assert all(storage.original_path(v).exists() for v in edition.videos)


def test_dry_run_lists_and_real_run_purges_non_winners_only(app, make_contest, make_entrant, clip_bytes):
    edition = _edition(make_contest, make_entrant, clip_bytes)
    winner_video, *loser_videos = edition.videos
    winner_user = edition.entries[0].user_id
    loser_users = {e.user_id for e in edition.entries[1:]}

    runner = app.test_cli_runner()
    dry = runner.invoke(args=["contest", "retention", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "2 video akan dihapus" in dry.output and "1 karya pemenang disimpan" in dry.output
    for video in loser_videos:
        assert video.uuid in dry.output
    assert winner_video.uuid not in dry.output
    db.session.expire_all()
    assert all(storage.original_path(v).exists() for v in edition.videos)  # the dry run changed nothing
    assert db.session.scalar(select(PersonalDataAccessLog.id)) is None

    real = runner.invoke(args=["contest", "retention"])
    assert real.exit_code == 0, real.output
    db.session.expire_all()
    for video in loser_videos:
        row = db.session.get(Video, video.id)
        assert row.files_deleted_at is not None
        assert not storage.original_path(row).exists() and not storage.rendition_dir(row).exists()
    assert storage.original_path(winner_video).exists()
    assert db.session.get(Video, winner_video.id).files_deleted_at is None
    for user_id in loser_users:
        assert db.session.get(User, user_id).full_name.startswith("Peserta dihapus")
    assert not db.session.get(User, winner_user).full_name.startswith("Peserta dihapus")
    assert db.session.scalar(select(PersonalDataAccessLog).where(PersonalDataAccessLog.action == "retention.purge"))
    assert retention.plan(edition.contest).empty  # a second run finds nothing left


def test_committee_page_shows_the_dry_run_and_saves_the_period(client, make_contest, make_entrant, make_staff,
                                                               clip_bytes):
    edition = _edition(make_contest, make_entrant, clip_bytes)
    login(client, make_staff("admin"))
    url = f"/admin/privasi/edisi/{edition.contest.id}"
    page = text_of(client.get(url))
    assert "Akan dihapus: 2 video" in page and edition.videos[1].uuid in page
    response = post(client, url, {"retention_days": "5000"})
    assert "antara 30 dan 3650" in text_of(response)
    post(client, url, {"retention_days": "800"})
    assert retention.retention_days(edition.contest) == 800
    assert "Belum ada yang akan dihapus" in text_of(client.get(url))
    assert "800 hari" in text_of(client.get("/privasi"))


def test_the_daily_task_runs_the_purge(make_contest, make_entrant, clip_bytes):
    from contest.privacy import tasks

    edition = _edition(make_contest, make_entrant, clip_bytes)
    tasks.retention_task.call_local()
    db.session.expire_all()
    assert db.session.get(Video, edition.videos[1].id).files_deleted_at is not None
