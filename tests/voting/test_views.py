"""The public vote end to end: email → code from the outbox → one vote; window, domains, limits."""
import shutil
from datetime import timedelta

import pytest
from flask import render_template_string
from sqlalchemy import func, select

from contest.core.extensions import db
from contest.core.timeutil import utcnow
from contest.voting import services as voting
from contest.voting.models import Vote, VoteChallenge
from tests.conftest import post, text_of
from tests.voting.helpers import code_in, make_candidates, read_outbox, submitted_entry, voting_window

UA = "Mozilla/5.0 (Linux; Android 14) Uji/1.0"


@pytest.fixture
def outbox(app):
    folder = app.config["MAIL_OUTBOX"]
    shutil.rmtree(folder, ignore_errors=True)
    return lambda: read_outbox(folder)


@pytest.fixture
def vote_setup(make_contest, make_entrant):
    """An open vote with two candidate entries and one entry that is not in the vote."""

    def factory(*, domains="", counts_public=False, **window):
        contest = make_contest(**voting_window(**window))
        owner = make_entrant()
        a, b, outside = (submitted_entry(contest, owner, t) for t in ("Netral Itu Pilihan", "Satu Suara", "Di Luar"))
        make_candidates(contest, a, b, domains=domains, counts_public=counts_public)
        return contest, a, b, outside

    return factory


def visitor(app, ip="203.0.113.10"):
    client = app.test_client()
    client.environ_base.update(REMOTE_ADDR=ip, HTTP_USER_AGENT=UA)
    return client


def start(client, entry, address, **extra):
    return post(client, f"/vote/{entry.id}/start", {"email": address, **extra})


def confirm(client, code):
    return post(client, "/vote/confirm", {"code": code})


def votes():
    return db.session.scalars(select(Vote).order_by(Vote.id)).all()


def test_visitor_votes_with_an_emailed_code_and_a_second_vote_is_refused(app, vote_setup, outbox):
    contest, entry, other, _ = vote_setup()
    client = visitor(app)
    page = client.get(f"/vote/{entry.id}")
    assert page.status_code == 200 and "Netral Itu Pilihan" in text_of(page)

    response = start(client, entry, "Rina.Sari+kantor@Example.go.id", next="/galeri/karya/1")
    assert response.status_code == 302 and response.location.endswith("/vote/confirm")
    [message] = outbox()
    assert message["To"] == "Rina.Sari+kantor@Example.go.id"
    assert message["Subject"] == "Kode pemilihan Video Terfavorit"
    code = code_in(message)
    assert code and "Netral Itu Pilihan" in message.get_content()
    page = client.get("/vote/confirm")
    assert "ri***@example.go.id" in text_of(page)
    assert "Kode berlaku sampai " in text_of(page)  # an end, not a start ("berlaku Senin…")
    assert votes() == []

    response = confirm(client, code)
    assert response.status_code == 302 and response.location.endswith("/vote/thanks")
    thanks = client.get("/vote/thanks")
    assert "suara Anda tercatat" in text_of(thanks)
    assert 'href="/galeri/karya/1"' in thanks.get_data(as_text=True)
    [vote] = votes()
    assert (vote.entry_id, vote.contest_id, vote.email_domain) == (entry.id, contest.id, "example.go.id")
    assert vote.user_agent == UA and vote.created_at is not None and vote.counts
    assert vote.ip_hash != "203.0.113.10" and len(vote.ip_hash) == 64
    assert "rina" not in vote.voter_hash

    # The same person again, spelled differently, for the other entry: no code, and no vote.
    again = visitor(app, ip="198.51.100.7")
    assert start(again, other, "rina.sari@example.go.id").status_code == 302
    notice = outbox()[-1]
    assert notice["Subject"] == "Pemilihan Video Terfavorit"
    assert "sudah memberikan suara" in notice.get_content() and code_in(notice) is None
    response = confirm(again, "000000")
    assert response.status_code == 400
    assert len(votes()) == 1
    # Re-using the first code does nothing either: it was used.
    assert confirm(client, code).status_code == 400
    assert len(votes()) == 1


def test_two_codes_confirmed_one_after_the_other_count_once(app, vote_setup, outbox):
    _, entry, other, _ = vote_setup()
    first, second = visitor(app), visitor(app, ip="198.51.100.9")
    start(first, entry, "budi@example.go.id")
    start(second, other, "budi@example.go.id")  # before the first is confirmed: a code is sent
    code_a, code_b = code_in(outbox()[0]), code_in(outbox()[1])
    assert code_a and code_b
    # The newer code closed the older one.
    assert confirm(first, code_a).status_code == 400
    assert confirm(second, code_b).status_code == 302
    [vote] = votes()
    assert vote.entry_id == other.id


def test_concurrent_challenges_meet_the_unique_constraint(app, vote_setup):
    """Two open challenges of one voter (a race): the second confirmed code is refused."""
    contest, entry, other, _ = vote_setup()
    a = voting.start_vote(entry=entry, email="sari@example.go.id")
    db.session.flush()
    b = voting.start_vote(entry=other, email="sari@example.go.id")
    a.challenge.closed_at = None  # as if both had been opened at the same instant
    db.session.commit()
    voting.confirm_vote(token=a.challenge.token, code=a.code, ip="203.0.113.1", user_agent=UA)
    db.session.commit()
    with pytest.raises(voting.CodeRejected, match="sudah memberikan suara"):
        voting.confirm_vote(token=b.challenge.token, code=b.code, ip="203.0.113.1", user_agent=UA)
    db.session.rollback()
    db.session.add(Vote(contest_id=contest.id, entry_id=other.id, voter_hash=votes()[0].voter_hash,
                        email_domain="x", email_masked="x", ip_hash="x", ip_prefix_hash="x"))
    with pytest.raises(Exception, match="(?i)unique"):
        db.session.flush()
    db.session.rollback()
    assert len(votes()) == 1


def test_wrong_codes_are_limited_per_code(app, vote_setup, outbox):
    _, entry, _, _ = vote_setup()
    client = visitor(app)
    start(client, entry, "tono@example.go.id")
    code = code_in(outbox()[0])
    wrong = "111111" if code != "111111" else "222222"
    for left in (4, 3, 2, 1):
        response = confirm(client, wrong)
        assert response.status_code == 400 and f"Sisa percobaan: {left}" in text_of(response)
    response = confirm(client, wrong)
    assert response.status_code == 302
    assert "Kode salah terlalu sering" in text_of(client.get(response.location))
    assert confirm(client, code).status_code == 400
    assert votes() == []
    assert db.session.scalar(select(VoteChallenge.attempts)) == 5


def test_an_expired_code_is_refused(app, vote_setup, outbox):
    _, entry, _, _ = vote_setup()
    client = visitor(app)
    start(client, entry, "tono@example.go.id")
    challenge = db.session.scalar(select(VoteChallenge))
    assert challenge.expires_at - challenge.created_at == timedelta(minutes=15)
    challenge.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert confirm(client, code_in(outbox()[0])).status_code == 400
    assert votes() == []


@pytest.mark.parametrize("window", [
    {"opened": timedelta(hours=-2), "left": timedelta(days=1)},  # opens in 2 hours
    {"opened": timedelta(days=2), "left": timedelta(hours=-1)},  # closed an hour ago
])
def test_no_vote_outside_the_window(app, vote_setup, outbox, window):
    """Outside the window a candidate's vote pages are the 404 of a missing entry,
    so nothing (code, title) of a possibly unpublished entry shows before the vote opens."""
    _, entry, _, _ = vote_setup(**window)
    client = visitor(app)
    missing = client.get("/vote/999999")
    for response in (client.get(f"/vote/{entry.id}"), start(client, entry, "tono@example.go.id")):
        assert response.status_code == 404
        assert entry.title not in text_of(response) and entry.code not in text_of(response)
    assert text_of(client.get(f"/vote/{entry.id}")) == text_of(missing)  # the same page as a missing entry
    assert outbox() == [] and votes() == []


def test_vote_page_only_for_candidates_of_an_open_vote(app, vote_setup):
    _, entry, _, outside = vote_setup()
    client = visitor(app)
    assert client.get(f"/vote/{entry.id}").status_code == 200
    assert client.get(f"/vote/{outside.id}").status_code == 404  # not a candidate
    assert start(client, outside, "tono@example.go.id").status_code == 404


def test_a_code_is_refused_once_the_window_has_closed(app, vote_setup, outbox):
    contest, entry, _, _ = vote_setup()
    client = visitor(app)
    start(client, entry, "tono@example.go.id")
    contest.voting_closes_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    response = confirm(client, code_in(outbox()[0]))
    assert response.status_code == 302
    assert "sedang tidak dibuka" in text_of(client.get(response.location))
    assert votes() == []


def test_domain_allow_list(app, vote_setup, outbox):
    _, entry, _, _ = vote_setup(domains="go.id\nunmul.ac.id")
    client = visitor(app)
    page = client.get(f"/vote/{entry.id}")
    assert "go.id, unmul.ac.id" in text_of(page)
    response = start(client, entry, "tono@gmail.com")
    assert response.status_code == 400 and "hanya untuk alamat email berdomain: go.id, unmul.ac.id" in text_of(response)
    response = start(client, entry, "tono@bkd.evilgo.id")
    assert response.status_code == 400
    assert outbox() == []
    assert start(client, entry, "tono@bkd.kaltimprov.go.id").status_code == 302
    assert start(client, entry, "dosen@fisip.unmul.ac.id").status_code == 302
    assert len(outbox()) == 2


def test_invalid_address_is_a_form_error(app, vote_setup, outbox):
    _, entry, _, _ = vote_setup()
    response = start(visitor(app), entry, "bukan-email")
    assert response.status_code == 400 and "Alamat email tidak valid" in text_of(response)
    assert outbox() == []


def test_only_candidates_have_vote_pages(app, vote_setup, outbox):
    _, _, _, outside = vote_setup()
    client = visitor(app)
    assert client.get(f"/vote/{outside.id}").status_code == 404
    assert start(client, outside, "tono@example.go.id").status_code == 404
    assert client.get("/vote/999999").status_code == 404
    assert outbox() == []


def test_withdrawn_candidate_cannot_be_voted_for(app, vote_setup, outbox):
    _, entry, _, _ = vote_setup()
    entry.status = "withdrawn"
    db.session.commit()
    client = visitor(app)
    assert start(client, entry, "tono@example.go.id").status_code == 404  # no longer a vote page
    assert client.get(f"/vote/{entry.id}").status_code == 404


def test_rate_limit_per_email(app, vote_setup, outbox):
    _, entry, _, _ = vote_setup()
    for n in range(3):  # a new code three times an hour, from different places
        assert start(visitor(app, ip=f"198.51.100.{n}"), entry, "Tono+x@example.go.id").status_code == 302
    response = start(visitor(app, ip="192.0.2.50"), entry, "tono@example.go.id")
    assert response.status_code == 429
    assert len(outbox()) == 3
    assert start(visitor(app, ip="192.0.2.50"), entry, "lain@example.go.id").status_code == 302


def test_rate_limit_per_ip(app, vote_setup, outbox):
    _, entry, _, _ = vote_setup()
    client = visitor(app, ip="203.0.113.99")
    for n in range(10):
        assert start(client, entry, f"orang{n}@example.go.id").status_code == 302
    assert start(client, entry, "orang10@example.go.id").status_code == 429
    assert start(visitor(app, ip="203.0.113.98"), entry, "orang11@example.go.id").status_code == 302
    assert len(outbox()) == 11


def test_confirm_is_rate_limited_per_ip(app, vote_setup):
    vote_setup()
    client = visitor(app, ip="203.0.113.77")
    statuses = [confirm(client, "123456").status_code for _ in range(21)]
    assert statuses[:20] == [400] * 20 and statuses[20] == 429


def test_networks_are_hashed_by_their_24(app, vote_setup, outbox):
    _, entry, other, _ = vote_setup()
    for n, (ip, target) in enumerate((("10.1.2.3", entry), ("10.1.2.200", other), ("10.1.3.3", entry))):
        client = visitor(app, ip=ip)
        start(client, target, f"p{n}@example.go.id")
        confirm(client, code_in(outbox()[-1]))
    a, b, c = votes()
    assert a.ip_prefix_hash == b.ip_prefix_hash != c.ip_prefix_hash
    assert len({a.ip_hash, b.ip_hash, c.ip_hash}) == 3


def _button(app, entry):
    with app.test_request_context("/galeri"):
        vote = voting.vote_states(entry.contest, [entry])[entry.id]
        return render_template_string('{% include "voting/_vote_button.html" %}', entry=entry, vote=vote)


def test_vote_button_shows_counts_only_when_public(app, vote_setup):
    contest, entry, _, outside = vote_setup()
    db.session.add(Vote(contest_id=contest.id, entry_id=entry.id, voter_hash="v1", email_domain="x.go.id",
                        email_masked="x", ip_hash="i", ip_prefix_hash="n"))
    db.session.commit()
    html = _button(app, entry)
    assert f'action="/vote/{entry.id}/start"' in html and "suara</span>" not in html
    assert _button(app, outside).strip() == ""
    voting.get_settings(contest.id).counts_public = True
    db.session.commit()
    assert "1 suara" in _button(app, entry)


def test_vote_button_before_and_after_the_window(app, vote_setup):
    contest, entry, _, _ = vote_setup(opened=timedelta(hours=-5))
    html = _button(app, entry)
    assert "dibuka" in html and "/start" not in html
    contest.voting_opens_at, contest.voting_closes_at = utcnow() - timedelta(days=2), utcnow() - timedelta(days=1)
    db.session.commit()
    assert "sudah ditutup" in _button(app, entry)


def test_voided_votes_are_not_counted_in_public(app, vote_setup):
    contest, entry, _, _ = vote_setup(counts_public=True)
    for n in range(3):
        db.session.add(Vote(contest_id=contest.id, entry_id=entry.id, voter_hash=f"v{n}", email_domain="x.go.id",
                            email_masked="x", ip_hash="i", ip_prefix_hash="n", voided_at=utcnow() if n == 0 else None))
    db.session.commit()
    assert voting.vote_state(entry)["count"] == 2
    assert voting.vote_states(contest, [entry])[entry.id]["count"] == 2
    assert voting.tallies(contest.id) == {entry.id: 2}
    assert db.session.scalar(select(func.count(Vote.id))) == 3
