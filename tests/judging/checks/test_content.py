"""The content checklist: a failed rule needs a reason, sets the outcome, and the entrant is told."""
from sqlalchemy import select

from contest.core.extensions import db
from contest.judging.checks.models import AdminCheck, ContentCheck
from contest.judging.rounds.models import RoundKind
from contest.judging.rounds.settings import DEFAULT_CONTENT_RULES, settings_for
from contest.notifications.models import OutboxMessage
from tests.conftest import login, post


def _check(entry_id):
    db.session.expire_all()
    return db.session.scalar(select(AdminCheck).where(AdminCheck.entry_id == entry_id))


def test_failed_rule_sets_outcome_and_tells_the_entrant(client, make_contest, make_entry, make_round, make_staff):
    contest = make_contest()
    admin = make_staff("admin")
    entry = make_entry(contest)
    rnd = make_round(contest, [], kind=RoundKind.ADMIN_CHECK.value, actor=admin)
    login(client, admin)
    page = client.get(f"/admin/judging/rounds/{rnd.id}/checks").get_data(as_text=True)
    assert "Tidak memuat unsur SARA" in page and "Daftar periksa isi video" in page
    url = f"/admin/judging/rounds/{rnd.id}/checks/{entry.id}/content"
    rules = [str(r) for r in DEFAULT_CONTENT_RULES]

    # A ticked rule without a reason: refused, nothing written, no mail.
    response = post(client, url, {"outcome": "pass", "fail1": "1", "why1": " "}, follow_redirects=True)
    assert "Tuliskan alasan untuk aturan" in response.get_data(as_text=True)
    assert _check(entry.id) is None and db.session.scalar(select(OutboxMessage)) is None

    # With a reason: "Diterima" is overridden by the committee's default (Perlu Perbaikan).
    post(client, url, {"outcome": "pass", "fail1": "1", "why1": "Detik 0:42 ada lambang partai."})
    check = _check(entry.id)
    assert check.outcome == "needs_fix"
    assert rules[1] in check.reason and "Detik 0:42 ada lambang partai." in check.reason
    failures = db.session.scalar(select(ContentCheck).where(ContentCheck.entry_id == entry.id)).failures
    assert failures == [{"rule": rules[1], "reason": "Detik 0:42 ada lambang partai."}]
    mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "admin_check_result"))
    assert mail.to_address == entry.user.email and "Perlu Perbaikan" in mail.subject
    assert rules[1] in mail.body and "Detik 0:42" in mail.body

    # The committee can choose "Ditolak" per edition.
    settings = settings_for(contest.id)
    settings.rule_fail_outcome = "fail"
    db.session.add(settings)
    db.session.commit()
    post(client, url, {"fail6": "1", "why6": "Berita palsu tentang pemilu."})
    assert _check(entry.id).outcome == "fail"

    # The entrant reads which rule on the entry page.
    post(client, "/logout")
    login(client, entry.user)
    page = client.get(f"/entries/{entry.id}").get_data(as_text=True)
    assert "Ditolak" in page and rules[6] in page and "Berita palsu tentang pemilu." in page


def test_edition_edits_its_rules(client, make_contest, make_staff):
    contest = make_contest()
    login(client, make_staff("admin"))
    post(client, f"/admin/judging/contests/{contest.id}/options",
         {"rules": "Tanpa logo sponsor\n\nTanpa logo sponsor\nTanpa wajah anak tanpa izin",
          "rule_fail_outcome": "fail"})
    from contest.judging.rounds.settings import content_rules
    db.session.expire_all()
    assert content_rules(settings_for(contest.id)) == ["Tanpa logo sponsor", "Tanpa wajah anak tanpa izin"]
    assert settings_for(contest.id).rule_fail_outcome == "fail"
