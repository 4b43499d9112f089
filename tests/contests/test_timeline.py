"""Moving a deadline: the committee sees who it reaches before saving, may tell them, and it is logged."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from contest.contests.timeline_models import TimelineChange
from contest.core.extensions import db
from contest.entries.models import EntryStatus
from contest.notifications.models import OutboxMessage
from tests import bulk
from tests.conftest import login, post, query_count, text_of
from tests.contests.test_admin_views import contest_form
from tests.judging.conftest import make_entry, make_judge  # noqa: F401  (fixtures)


@pytest.fixture
def admin(app, make_staff):
    client = app.test_client()
    login(client, make_staff("admin"))
    return client


@pytest.fixture
def edition(admin):
    """An edition made through the form (times in minutes, like the form), with 3 drafts and 1 submitted."""
    post(admin, "/admin/contests/new", contest_form())
    from contest.contests.services import get_contest_by_slug

    contest = get_contest_by_slug("netralitas-2025")
    owners = bulk.entrants(4)
    bulk.entries(contest, 3, owners=owners[:3], video=False, status=EntryStatus.DRAFT.value)
    bulk.entries(contest, 1, owners=owners[3:], video=False)
    db.session.commit()
    return contest


def test_moving_the_submission_deadline_earlier_shows_the_drafts_before_saving(admin, edition):
    url = f"/admin/contests/{edition.id}/edit"
    moved = contest_form(submissions_close_at="2025-01-25T23:59")
    page = post(admin, url, moved)
    text = text_of(page)
    assert page.status_code == 200 and "Periksa perubahan jadwal sebelum menyimpan" in text
    assert "3 draf belum dikirim" in text and "lebih awal" in text
    db.session.expire_all()
    assert edition.submissions_close_at.day == 29 and db.session.scalar(select(TimelineChange)) is None

    done = post(admin, url, {**moved, "timeline_confirmed": "1", "timeline_notify": "1",
                             "timeline_reason": "Libur nasional dimajukan."})
    assert done.status_code == 302
    db.session.expire_all()
    assert edition.submissions_close_at.day == 25
    change = db.session.scalar(select(TimelineChange))
    assert (change.field, change.affected, change.notified, change.reason) == (
        "submissions_close_at", 3, 3, "Libur nasional dimajukan.")
    assert change.old_value - change.new_value == timedelta(days=4)
    mails = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "deadline_changed")).all()
    assert len(mails) == 3 and all("Libur nasional dimajukan." in m.body for m in mails)
    assert "Semula: Rabu, 29 Januari 2025 pukul 23.59 WITA" in mails[0].body
    assert "Menjadi: Sabtu, 25 Januari 2025 pukul 23.59 WITA" in mails[0].body
    history = text_of(admin.get(url))
    assert "Riwayat perubahan jadwal" in history and "3 terdampak, 3 diberi tahu" in history
    assert "Libur nasional dimajukan." in history


def test_a_change_can_be_saved_without_telling_anyone_and_is_still_logged(admin, edition):
    url = f"/admin/contests/{edition.id}/edit"
    post(admin, url, {**contest_form(announcement_at="2025-02-15T10:00"), "timeline_confirmed": "1"})
    change = db.session.scalar(select(TimelineChange))
    assert (change.field, change.affected, change.notified) == ("announcement_at", 0, 0)
    assert db.session.scalar(select(OutboxMessage)) is None


def test_saving_without_moving_a_date_needs_no_confirmation(admin, edition):
    response = post(admin, f"/admin/contests/{edition.id}/edit", contest_form(title="Judul Lain"))
    assert response.status_code == 302 and db.session.scalar(select(TimelineChange)) is None


def test_the_edition_page_with_its_history_costs_the_same_for_5_and_50_changes(admin, edition):
    url = f"/admin/contests/{edition.id}/edit"
    contest_id = edition.id

    def changes(n):
        for i in range(n):
            db.session.add(TimelineChange(contest_id=contest_id, field="announcement_at", reason=f"r{i}"))
        db.session.commit()

    changes(5)
    small = query_count(admin, url)
    changes(45)
    assert query_count(admin, url) == small


def test_judging_closing_earlier_names_the_judges_still_scoring(make_contest, make_judge, make_entry, make_staff):
    from contest.contests import timeline as services
    from contest.judging.rounds.models import JudgingRound, RoundKind

    contest = make_contest()
    busy = make_judge()
    make_entry(contest)
    rnd = JudgingRound(contest=contest, kind=RoundKind.SCORING.value, name="Penilaian", position=2)
    rnd.judges = [busy]
    db.session.add(rnd)
    db.session.commit()
    values = {"judging_closes_at": contest.judging_closes_at - timedelta(days=1)}
    [row] = services.impact(contest, values, ["judging_closes_at"], {"judging_closes_at": "Penjurian selesai"})
    assert (row["earlier"], row["count"], str(row["note"])) == (True, 1, "1 juri belum menyelesaikan penilaian")
    admin = make_staff("admin")
    services.record(contest=contest, moved=[("judging_closes_at", contest.judging_closes_at,
                                             values["judging_closes_at"])],
                    labels={"judging_closes_at": "Penjurian selesai"}, actor=admin, reason="", tell=True)
    db.session.commit()
    [mail] = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "deadline_changed")).all()
    assert mail.user_id == busy.id and "Penjurian selesai" in mail.body and "/judging/" in mail.body
