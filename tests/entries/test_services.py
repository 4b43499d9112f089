"""Entry rules enforced by the services, with exact instants at the window's edges."""
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from contest.core.errors import DomainError
from contest.core.extensions import db
from contest.entries.models import Entry
from contest.entries.services import (
    create_entry,
    entries_of,
    submit_entry,
    update_entry,
    withdraw_entry,
)
from tests.entries.helpers import make_submittable

WITA = ZoneInfo("Asia/Makassar")
OPENS = datetime(2024, 11, 4, 8, 0, tzinfo=WITA)
CLOSES = datetime(2024, 11, 27, 23, 59, tzinfo=WITA)
TICK = timedelta(microseconds=1)
INSIDE = CLOSES - timedelta(hours=1)
CLOSED = "Pengumpulan karya sedang tidak dibuka."


@pytest.fixture
def contest(make_contest):
    return make_contest(registration_opens_at=OPENS, submissions_close_at=CLOSES,
                        judging_opens_at=CLOSES + timedelta(days=3),
                        judging_closes_at=CLOSES + timedelta(days=10),
                        voting_opens_at=None, voting_closes_at=None,
                        announcement_at=CLOSES + timedelta(days=17))


def new_entry(contest, user, now=INSIDE, **overrides):
    values = dict(title="  Netral Itu Pilihan ", synopsis=" Sinopsis ", social_url="")
    values.update(overrides)
    return make_submittable(create_entry(contest=contest, user=user, now=now, **values))


def test_create_makes_a_numbered_draft(contest, make_entrant):
    first = new_entry(contest, make_entrant())
    second = new_entry(contest, make_entrant())
    assert (first.number, second.number) == (1, 2)
    assert first.code == "NTR-2024-0001" and second.code == "NTR-2024-0002"
    assert first.is_draft and first.title == "Netral Itu Pilihan" and first.synopsis == "Sinopsis"
    assert first.social_url is None and first.originality_accepted_at == INSIDE


def test_numbers_are_per_contest(contest, make_contest, make_entrant):
    other = make_contest(current=False, code_prefix="PML-2024")
    user = make_entrant()
    new_entry(contest, user)
    assert create_entry(contest=other, user=user, title="T", synopsis="S", social_url=None).code == "PML-2024-0001"


@pytest.mark.parametrize("now,allowed", [
    (OPENS - TICK, False), (OPENS, True), (CLOSES - TICK, True), (CLOSES, False),
])
def test_create_only_inside_the_window(contest, make_entrant, now, allowed):
    user = make_entrant()
    if allowed:
        assert new_entry(contest, user, now=now).is_draft
    else:
        with pytest.raises(DomainError, match=CLOSED):
            new_entry(contest, user, now=now)


def test_staff_without_asn_profile_cannot_enter(contest, make_staff):
    with pytest.raises(DomainError, match="Hanya peserta ASN"):
        new_entry(contest, make_staff("judge"))


def test_entry_limit_counts_only_active_entries(contest, make_entrant):
    user = make_entrant()
    entry = new_entry(contest, user)
    with pytest.raises(DomainError, match="batas 1 karya"):
        new_entry(contest, user)
    withdraw_entry(entry=entry, now=INSIDE)
    assert new_entry(contest, user).number == 2


def test_update_inside_the_window_only(contest, make_entrant):
    entry = new_entry(contest, make_entrant())
    update_entry(entry=entry, title=" Baru ", synopsis="Isi baru", social_url="https://example.com/v",
                 now=CLOSES - TICK)
    assert (entry.title, entry.social_url) == ("Baru", "https://example.com/v")
    with pytest.raises(DomainError, match=CLOSED):
        update_entry(entry=entry, title="Telat", synopsis="x", social_url=None, now=CLOSES)
    assert entry.title == "Baru"


def test_submit_then_withdraw_before_the_deadline(contest, make_entrant):
    entry = new_entry(contest, make_entrant())
    submit_entry(entry=entry, now=CLOSES - TICK)
    assert entry.is_submitted and entry.submitted_at == CLOSES - TICK
    with pytest.raises(DomainError, match="Hanya draf"):
        submit_entry(entry=entry, now=INSIDE)
    withdraw_entry(entry=entry, now=CLOSES - TICK)
    assert entry.is_withdrawn and entry.withdrawn_at == CLOSES - TICK
    with pytest.raises(DomainError, match="sudah ditarik"):
        withdraw_entry(entry=entry, now=INSIDE)
    with pytest.raises(DomainError, match="tidak dapat diubah"):
        update_entry(entry=entry, title="x", synopsis="y", social_url=None, now=INSIDE)


def test_submit_and_withdraw_are_refused_at_the_deadline(contest, make_entrant):
    entry = new_entry(contest, make_entrant())
    with pytest.raises(DomainError, match=CLOSED):
        submit_entry(entry=entry, now=CLOSES)
    assert entry.is_draft
    submit_entry(entry=entry, now=INSIDE)
    with pytest.raises(DomainError, match=CLOSED):
        withdraw_entry(entry=entry, now=CLOSES)
    assert entry.is_submitted


def test_entries_of_lists_only_the_users_own(contest, make_contest, make_entrant):
    user, other = make_entrant(), make_entrant()
    mine = new_entry(contest, user)
    new_entry(contest, other)
    later = make_contest(current=False)
    also_mine = create_entry(contest=later, user=user, title="T", synopsis="S", social_url=None)
    db.session.commit()
    assert {e.id for e in entries_of(user)} == {mine.id, also_mine.id}
    assert [e.id for e in entries_of(user, contest)] == [mine.id]
    assert db.session.query(Entry).count() == 3
