"""Per-edition judging options: who reads notes, feedback to entrants, the content rules (created on demand)."""
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from ...core.extensions import db
from ...core.timeutil import utcnow
from .audit import log_event
from .models import JudgingSettings

# DOMAIN.md: what a video may not contain (neutrality contests and the general rules).
DEFAULT_CONTENT_RULES = (
    _l("Tidak memuat warna partai politik"),
    _l("Tidak memuat simbol atau lambang partai politik"),
    _l("Tidak memuat kode jari (salam jari) peserta pemilu"),
    _l("Tidak memuat nomor urut peserta pemilu"),
    _l("Tidak memuat slogan atau jargon kandidat mana pun"),
    _l("Tidak memuat unsur SARA"),
    _l("Tidak memuat hoaks atau informasi palsu"),
    _l("Tidak memuat pornografi"),
    _l("Tidak melanggar hak cipta (musik, gambar, video pihak lain)"),
)
MAX_RULES = 30


def settings_for(contest_id):
    """The edition's settings row, or an unsaved one with the defaults."""
    row = db.session.get(JudgingSettings, contest_id)
    if row is None:
        row = JudgingSettings(contest_id=contest_id, committee_reads_notes=False, feedback_enabled=False,
                              content_rules=None, rule_fail_outcome="needs_fix")
    return row


def content_rules(settings):
    """The edition's rules: its own text, or the defaults in Indonesian (edition content, not UI)."""
    if settings.content_rules is not None:
        return list(settings.content_rules)
    with force_locale("id"):
        return [str(r) for r in DEFAULT_CONTENT_RULES]


def parse_rules(text):
    """One rule a line; blank lines dropped; duplicates dropped; at most MAX_RULES."""
    seen, rules = set(), []
    for line in (text or "").splitlines():
        line = " ".join(line.split())[:200]
        if line and line.casefold() not in seen:
            seen.add(line.casefold())
            rules.append(line)
    return rules[:MAX_RULES]


def update_settings(*, contest, actor, committee_reads_notes, feedback_enabled, rules, rule_fail_outcome):
    row = db.session.get(JudgingSettings, contest.id)
    if row is None:
        row = JudgingSettings(contest_id=contest.id)
        db.session.add(row)
    before = {"notes": row.committee_reads_notes, "feedback": row.feedback_enabled,
              "rules": row.content_rules, "outcome": row.rule_fail_outcome}
    row.committee_reads_notes = bool(committee_reads_notes)
    row.feedback_enabled = bool(feedback_enabled)
    row.content_rules = list(rules) if rules else None
    row.rule_fail_outcome = "fail" if rule_fail_outcome == "fail" else "needs_fix"
    row.updated_at = utcnow()
    db.session.flush()
    after = {"notes": row.committee_reads_notes, "feedback": row.feedback_enabled,
             "rules": row.content_rules, "outcome": row.rule_fail_outcome}
    if before != after:
        log_event(contest_id=contest.id, actor=actor, action="judging.settings",
                  data={"before": before, "after": after})
    return row
