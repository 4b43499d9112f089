"""The authorization matrix: every route of the URL map × six roles against an expected table.

Roles (tests/authz_world.py): anonymous, the entrant (owner of entry A), another entrant, the judge on
the panel of the round that judges entry A, a judge on no panel, and an admin. Each request runs once
per role on one seeded edition, GETs first; each answer is classed (tests/authz_matrix.py) as "ok",
"login", "403", "404", "405" or "500". A route without a row here fails the test: whoever adds a
route decides, in this table, who may use it.

Row shorthands (anonymous, entrant, other entrant, panel judge, off-panel judge, admin):
"""
from tests.authz_matrix import observe
from tests.authz_world import ROLES, seed_world

PUBLIC = ("ok",) * 6
ADMIN = ("login", "403", "403", "403", "403", "ok")
ADMIN_MISSING = ("login", "403", "403", "403", "403", "404")  # the admin's placeholder object does not exist
OWNER = ("login", "ok", "404", "403", "403", "403")  # the entrant's own entry: another entrant gets 404
ENTRANT = ("login", "ok", "ok", "403", "403", "403")
PANEL = ("login", "403", "403", "ok", "404", "403")  # the round's own judges; another judge gets 404
JUDGE = ("login", "403", "403", "ok", "ok", "403")
NOBODY = ("404",) * 6  # nothing to show yet (unpublished gallery, unknown code or caption)
WATCHERS = ("404", "ok", "404", "ok", "404", "ok")  # entry A's unpublished video: owner, its judge, admin
WATCHERS_SIGNED_IN = ("login", "ok", "404", "ok", "404", "ok")

EXPECTED = {
    "accounts.forgot_password": PUBLIC,
    "accounts.login": PUBLIC,
    "accounts.logout": ('login', 'ok', 'ok', 'ok', 'ok', 'ok'),
    "accounts.register": PUBLIC,
    "accounts.reset_password": PUBLIC,
    # runs after every role logged out, so each answer shows the session is dead (tests/accounts/test_sessions.py
    # covers the action itself)
    "accounts.logout_everywhere": ("login",) * 6,
    "certificates.check_pdf": PUBLIC,
    "judging.opened": PANEL,
    "judging_analysis.set_calibration": ADMIN,
    "privacy.ask_committee": ENTRANT,
    "privacy_duties.incident": ADMIN_MISSING,
    "privacy_duties.index": ADMIN,
    "privacy_duties.letter": ADMIN_MISSING,
    "privacy_duties.new_incident": ADMIN,
    "privacy_duties.notify": ADMIN_MISSING,
    "privacy_duties.processing": ADMIN,
    "privacy_duties.processing_download": ADMIN,
    "privacy_duties.resolve": ADMIN_MISSING,
    "privacy_duties.step": ADMIN_MISSING,
    "quality.settings": ADMIN,
    "apple_touch_icon": PUBLIC,
    "favicon": PUBLIC,
    "committee_captions.delete": ADMIN,
    "committee_captions.show": ADMIN,
    "committee_captions.upload": ADMIN,
    "console.phase_action": ADMIN,
    "hls.master": NOBODY,  # no ladder is built for an unpublished video (tests/media/hls/test_views.py)
    "hls.segment": NOBODY,
    "hls.subtitles": NOBODY,
    "posters.frame_webp": WATCHERS,
    "admin.contests": ADMIN,
    "admin.copy_contest": ADMIN,
    "admin.create_contest": ADMIN,
    "admin.edit_contest": ADMIN,
    "admin.make_current": ADMIN,
    "captions.settings": ADMIN,
    "captions.track": NOBODY,
    "captions.transcript": NOBODY,
    "captions.upload": OWNER,
    "certificates.download": ('login', '404', '404', '404', '404', '404'),
    "certificates.verify": NOBODY,
    "certificates.verify_form": PUBLIC,
    "certificates_admin.contest": ADMIN,
    "certificates_admin.generate": ADMIN,
    "certificates_admin.index": ADMIN,
    "certificates_admin.preview": ADMIN,
    "certificates_admin.revoke": ADMIN_MISSING,
    "console.dashboard": ADMIN,
    "console.entries": ADMIN,
    "console.export_entries": ADMIN,
    "console.export_judges": ADMIN,
    "console.export_registrants": ADMIN,
    "console.index": ADMIN,
    "console.registrants": ADMIN,
    "entries.create": ENTRANT,
    "entries.detail": OWNER,
    "entries.edit": OWNER,
    "entries.mine": ENTRANT,
    "entries.submit": OWNER,
    "entries.withdraw": OWNER,
    "entry_crew.edit": OWNER,
    "gallery.consent": OWNER,
    "gallery.edition": PUBLIC,
    "gallery.entries": NOBODY,
    "gallery.entry": NOBODY,
    "gallery.robots": PUBLIC,
    "gallery.sitemap": PUBLIC,
    "gallery.winners": PUBLIC,
    "gallery.winners_json": NOBODY,
    "gallery.winners_latest": PUBLIC,
    "gallery_admin.contest": ADMIN,
    "gallery_admin.save_note": ADMIN,
    "gallery_admin.save_settings": ADMIN,
    "health.healthz": PUBLIC,
    "health.readyz": PUBLIC,
    "judge_notes.add": PANEL,
    "judge_affiliations.edit": JUDGE,
    "judge_notes.delete": PANEL,
    "judge_notes.edit": PANEL,
    "judging.accept_invite": ('login',) * 6,  # a forged token goes back to the login page
    "judging.autosave": PANEL,
    "judging.dashboard": JUDGE,
    "judging.declare_conflict": PANEL,
    "judging.next_entry": PANEL,
    "judging.queue": PANEL,
    "judging.score": PANEL,
    "judging_panel.assign": ADMIN,
    "judging_checks.checks": ADMIN_MISSING,
    "judging_rounds.contest": ADMIN,
    "judging_rounds.copy_rubric": ADMIN_MISSING,
    "judging_rounds.create_round": ADMIN,
    "judging_rounds.default_rounds": ADMIN,
    "judging_panel.edit_judge": ADMIN,
    "judging_rounds.edit_round": ADMIN,
    "judging_rounds.finalists": ADMIN,
    "judging_rounds.index": ADMIN,
    "judging_panel.judges": ADMIN,
    "judging_rounds.lock": ADMIN,
    "judging_panel.override_assignment": ADMIN,
    "judging_checks.record_check": ADMIN,
    "judging_rounds.reopen": ADMIN,
    "judging_panel.resend_invite": ADMIN,
    "judging_rounds.round": ADMIN,
    "judging_rounds.rubric": ADMIN,
    "judging_panel.set_panel": ADMIN,
    "judging_analysis.create_pairwise": ADMIN,
    "judging_analysis.pairwise_settings": ADMIN,
    "judging_analysis.resolve_tie": ADMIN,
    "judging_analysis.set_method": ADMIN,
    "judging_analysis.tie_to_pairwise": ADMIN,
    "judging_panel.decide_match": ADMIN,
    "judging_results.entry": ADMIN,
    "judging_panel.judge_affiliations": ADMIN,
    "judging_rounds.options": ADMIN,
    "judging_checks.record_content_check": ADMIN,
    "judging_results.toggle_feedback": ADMIN_MISSING,
    "judging_results.assign_prizes": ADMIN,
    "judging_results.audit": ADMIN,
    "judging_results.export_csv": ADMIN,
    "judging_results.export_xlsx": ADMIN,
    "judging_results.finalize": ADMIN,
    "judging_results.override_prize": ADMIN,
    "judging_results.show": ADMIN,
    "main.home": PUBLIC,
    "main.set_language": PUBLIC,
    "main.terms": PUBLIC,
    "media.choose_poster": OWNER,
    "media.frame": WATCHERS,
    "media.original": ADMIN,
    "media.retry": ADMIN,
    "media.status": WATCHERS_SIGNED_IN,
    "media.stream": WATCHERS,
    "notification_log.user_log": ADMIN,
    "notification_templates.broadcast": ADMIN,
    "notification_templates.edit": ADMIN_MISSING,
    "notification_templates.index": ADMIN,
    "notification_templates.reset": ADMIN_MISSING,
    "notification_templates.settings": ADMIN,
    "notifications_admin.index": ADMIN,
    "notifications_admin.retry": ADMIN_MISSING,
    "pairwise.duel": PANEL,
    "pairwise.vote": ('login', '403', '403', '404', '404', '403'),  # an empty form names no pair of the final
    "pairwise_admin.lock": ADMIN,
    "pairwise_admin.reopen": ADMIN,
    "pairwise_admin.show": ADMIN,
    "privacy.accept_notice": ENTRANT,
    "privacy.correct": ENTRANT,
    "privacy.download_export": ('login', '404', '404', '403', '403', '403'),
    "privacy.erase": ENTRANT,
    "privacy.mine": ENTRANT,
    "privacy.notice": PUBLIC,
    "privacy.request_export": ENTRANT,
    "privacy.withdraw_publication": OWNER,
    "privacy_admin.edition": ADMIN,
    "privacy_admin.entrants": ADMIN,
    "privacy_admin.export_registrants": ADMIN,
    "privacy_admin.index": ADMIN,
    "privacy_admin.log": ADMIN,
    "privacy_admin.purge": ADMIN,
    "privacy_admin.reveal_nip": ADMIN,
    "static": PUBLIC,
    "tus.collection": ('login', 'ok', 'ok', 'ok', 'ok', 'ok'),
    ("tus.upload", "DELETE"): ('login', '404', '404', '404', '404', '404'),
    ("tus.upload", "GET"): ('405',) * 6,  # declared for the protocol's CORS/HEAD handling only
    ("tus.upload", "PATCH"): ('login', '404', '404', '404', '404', '404'),
    ("tus.upload", "POST"): ('405',) * 6,
    "voting.ask": PUBLIC,
    "voting.candidates_page": PUBLIC,
    "voting.confirm": PUBLIC,
    "voting.start": PUBLIC,
    "voting.thanks": PUBLIC,
    "voting_admin.anomaly_report": ADMIN,
    "voting_admin.candidates": ADMIN,
    "voting_admin.favourite": ADMIN,
    "voting_admin.index": ADMIN,
    "voting_admin.log": ADMIN,
    "voting_admin.overview": ADMIN,
    "voting_admin.restore": ADMIN,
    "voting_admin.save_settings": ADMIN,
    "voting_admin.void": ADMIN,
    "voting_admin.votes": ADMIN,
}


def expected_row(endpoint, method):
    return EXPECTED.get((endpoint, method)) or EXPECTED.get(endpoint)


def test_every_route_has_a_row_and_every_row_a_route(app):
    pairs = {(rule.endpoint, method) for rule in app.url_map.iter_rules()
             for method in rule.methods - {"HEAD", "OPTIONS"}}
    missing = sorted(f"{endpoint} {method}" for endpoint, method in pairs if expected_row(endpoint, method) is None)
    assert not missing, "routes without a row in EXPECTED (say who may use them):\n" + "\n".join(missing)
    known = {endpoint for endpoint, _ in pairs} | set(pairs)
    assert not set(EXPECTED) - known, f"stale rows: {set(EXPECTED) - known}"
    assert all(len(row) == len(ROLES) for row in EXPECTED.values())


def test_authorization_matrix(app):
    seen = observe(app, seed_world())
    failures = []
    for (endpoint, method), got in sorted(seen.items()):
        want = dict(zip(ROLES, expected_row(endpoint, method) or ("?",) * len(ROLES), strict=True))
        for role in ROLES:
            if got[role] != want[role]:
                failures.append(f"{method} {endpoint} as {role}: got {got[role]}, expected {want[role]}")
    assert not failures, f"{len(failures)} of {len(seen) * len(ROLES)} answers differ:\n" + "\n".join(failures)
    assert len(seen) * len(ROLES) >= 1000  # 184 routes × 6 roles when this was written
