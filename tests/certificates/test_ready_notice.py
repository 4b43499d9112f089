"""When certificates are made, each person who has one hears of it once."""
from sqlalchemy import select

from contest.certificates import tasks
from contest.core.extensions import db
from contest.notifications.models import OutboxMessage

ROOT = "https://sayembara.kaltimprov.go.id"


def test_each_certificate_holder_is_told_once(results):
    contest = results["contest"]
    tasks.generate_certificates(contest.id, root=ROOT)
    tasks.generate_certificates(contest.id, root=ROOT)  # a second run makes nothing new, tells nobody again
    messages = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "certificate_ready")).all()
    holders = {results["users"]["rina"].id, results["users"]["budi"].id}  # Tono failed the check: no certificate
    assert {m.user_id for m in messages} == holders and len(messages) == 2
    assert all(m.contest_id == contest.id and f"{ROOT}/entries/" in m.body and contest.title in m.subject
               for m in messages)
