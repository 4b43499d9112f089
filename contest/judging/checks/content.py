"""The content checklist of the administrative check: the edition's prohibited-content rules,
ticked per entry; a failed rule needs a reason, sets the outcome ("Ditolak" or "Perlu Perbaikan",
as the committee chooses) and is named to the entrant on the entry page and by mail."""
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from ...core.errors import DomainError
from ...core.extensions import db
from ...core.timeutil import utcnow
from ..rounds.settings import content_rules, settings_for
from .models import CheckOutcome, ContentCheck
from .services import record_check


def content_checks(rnd):
    """{entry_id: ContentCheck} for the round (one query, for the checks page)."""
    return {c.entry_id: c for c in db.session.scalars(select(ContentCheck).where(ContentCheck.round_id == rnd.id))}


def compose_reason(failures, reason):
    lines = [_("Melanggar aturan: %(rule)s — %(reason)s", rule=f["rule"], reason=f["reason"]) for f in failures]
    if (reason or "").strip():
        lines.append(reason.strip())
    return "\n".join(lines)


def record_with_rules(*, rnd, entry, outcome, reason, failed, actor, now=None):
    """failed: {rule index: reason}. Returns the AdminCheck; queues the entrant's message."""
    settings = settings_for(rnd.contest_id)
    rules = content_rules(settings)
    failures = []
    for index in sorted(failed):
        if not 0 <= index < len(rules):
            raise DomainError(_("Aturan tidak dikenal."))
        why = " ".join((failed[index] or "").split())
        if not why:
            raise DomainError(_("Tuliskan alasan untuk aturan yang dilanggar: %(rule)s", rule=rules[index]),
                              field="reason")
        failures.append({"rule": rules[index], "reason": why[:500]})
    if failures and outcome in (None, "", CheckOutcome.PASS.value):
        outcome = settings.rule_fail_outcome
    now = now or utcnow()
    with force_locale("id"):  # stored and shown to the entrant: Indonesian
        text = compose_reason(failures, reason)
    check = record_check(rnd=rnd, entry=entry, outcome=outcome, reason=text, actor=actor, now=now)
    row = db.session.scalar(select(ContentCheck).where(ContentCheck.round_id == rnd.id,
                                                       ContentCheck.entry_id == entry.id))
    if row is None:
        row = ContentCheck(round_id=rnd.id, entry_id=entry.id)
        db.session.add(row)
    row.failures, row.checked_at = failures, now
    db.session.flush()
    return check  # record_check() queued the entrant's message (the edition's admin_check_result template)
