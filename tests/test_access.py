"""Every URL of the app refuses the people it must refuse; state changes need POST and CSRF.

The route list comes from `app.url_map`, so a new route cannot escape these tests: an endpoint
is either PUBLIC, listed in ROLES (who may use it), covered by BLUEPRINT_ROLES, or by default
"requires login" (only anonymous refusal is checked). Features extend the tables below.
"""
import pytest
from flask import url_for
from sqlalchemy import select

from contest.core.extensions import db
from contest.entries.models import Entry
from contest.entries.services import create_entry
from tests.conftest import csrf_token, login

PUBLIC = {
    "static",
    "main.home",
    "main.terms",
    "main.set_language",
    "accounts.register",
    "accounts.login",
    "accounts.forgot_password",
    "accounts.reset_password",
    # The public gallery: each page shows only what is published (tests/gallery).
    "gallery.edition", "gallery.entries", "gallery.entry", "gallery.winners", "gallery.winners_json",
    "gallery.winners_latest", "gallery.sitemap", "gallery.robots",
    # Public favourite-video voting, confirmed by an emailed code (tests/gallery).
    "voting.ask", "voting.start", "voting.confirm", "voting.thanks", "voting.candidates_page",
    # Anyone may check that a certificate is genuine (tests/certificates).
    "certificates.verify_form", "certificates.verify",
    # A judge's one-time invitation link: the signed token is the credential (tests/judging).
    "judging.accept_invite",
    # Load balancer and monitoring checks (tests/test_health.py); nginx limits /readyz to the LAN.
    "health.healthz", "health.readyz",
    # The privacy notice (UU PDP) is for everyone, before registering too (tests/privacy).
    "privacy.notice",
    # The site's icons, asked for at the root by every browser and phone (tests/test_web.py).
    "favicon", "apple_touch_icon",
    # Anyone may upload a PDF to learn whether it is the issued, unchanged certificate (tests/certificates).
    "certificates.check_pdf",
}
EVERYONE = frozenset({"entrant", "judge", "admin", "norole"})  # any logged-in account
ROLES = {
    "accounts.logout": EVERYONE,
    "accounts.logout_everywhere": EVERYONE,
    "entries.mine": {"entrant"},
    "entries.create": {"entrant"},
    "entries.detail": {"entrant"},
    "entries.edit": {"entrant"},
    "entries.submit": {"entrant"},
    "entries.withdraw": {"entrant"},
    "admin.contests": {"admin"},
    "admin.create_contest": {"admin"},
    "admin.edit_contest": {"admin"},
    "admin.copy_contest": {"admin"},
    "admin.make_current": {"admin"},
    "captions.upload": {"entrant"},  # the owner's caption file (tests/media/captions/test_views.py)
    "captions.settings": {"admin"},  # the edition's caption rule
}
# Any endpoint of these blueprints not named in ROLES gets these roles.
BLUEPRINT_ROLES = {
    "admin": {"admin"},
    "notification_templates": {"admin"},
    "notification_log": {"admin"},
    "privacy_duties": {"admin"},
    "quality": {"admin"},
    "committee_captions": {"admin"},
    "entries": {"entrant"},
    "judging": {"judge"},
    "judging_rounds": {"admin"},
    "judging_results": {"admin"},
    "notifications_admin": {"admin"},
    "console": {"admin"},
    "judge_notes": {"judge"},
    "judging_panel": {"admin"},
    "judging_checks": {"admin"},
    "judge_affiliations": {"judge"},
    "entry_crew": {"entrant"},
    "privacy": {"entrant"},
    "privacy_admin": {"admin"},
    "judging_analysis": {"admin"},
    "pairwise_admin": {"admin"},
    "pairwise": {"judge"},
}
# Object-level guards: anyone not allowed to see the object (anonymous included) gets 404, so
# nobody learns it exists; the feature's own tests prove the guard with real objects.
OBJECT_GUARDED = {
    "media.stream",  # media.access.may_watch decides per video (tests/media)
    "media.frame",
    "captions.track",  # caption tracks and transcripts follow the video's rule (may_watch)
    "captions.transcript",
    "hls.master", "hls.segment", "hls.subtitles",  # the HLS ladder follows the video's rule (tests/media)
    "posters.frame_webp",
}
# GET handlers must not write; list an endpoint here only with the reason (a log of a read is not a
# change of state: the export itself stays a safe, repeatable GET).
GET_MAY_WRITE = {
    "judging_results.export_xlsx": "results carry entrants' names: each download is logged (UU PDP)",
    "judging_results.export_csv": "results carry entrants' names: each download is logged (UU PDP)",
    "console.export_registrants": "registrants' names, NIPs and contacts: each download is logged (UU PDP)",
    "console.export_entries": "entries with their entrants' names: each download is logged (UU PDP)",
    "console.export_judges": "judges' names and progress: each download is logged (UU PDP)",
}
# Actions that change state: they must not answer GET at all.
POST_ONLY = {
    "main.set_language", "accounts.logout", "accounts.logout_everywhere", "entries.submit", "entries.withdraw",
    "admin.copy_contest", "admin.make_current",
    "judging.autosave", "judging_rounds.default_rounds", "judging_rounds.copy_rubric", "judging_panel.set_panel",
    "judging_panel.assign", "judging_panel.override_assignment", "judging_rounds.lock", "judging_rounds.reopen",
    "judging_rounds.finalists", "judging_checks.record_check", "judging_panel.resend_invite",
    "judging_results.assign_prizes", "judging_results.override_prize", "judging_results.finalize",
    "notifications_admin.retry",
    "captions.upload",
    "captions.settings",
    "committee_captions.delete",
    "privacy.accept_notice",
    "privacy.request_export",
    "privacy.withdraw_publication",
    "privacy_admin.reveal_nip",
    "privacy_admin.export_registrants",
    "privacy_admin.purge",
    "judging_analysis.set_method", "judging_analysis.resolve_tie", "judging_analysis.tie_to_pairwise",
    "judging_analysis.pairwise_settings", "judging_analysis.create_pairwise",
    "pairwise_admin.lock", "pairwise_admin.reopen", "pairwise.vote",
    "notification_templates.settings",
    "notification_templates.reset",
    "judging.opened", "judging_analysis.set_calibration", "privacy.ask_committee",
}
# Headers a protocol needs before a route looks at the user (tus answers 412 without them).
REQUEST_HEADERS = {"tus": {"Tus-Resumable": "1.0.0", "Upload-Length": "1", "Upload-Offset": "0",
                           "Content-Type": "application/offset+octet-stream"}}
ENDING = ("accounts.logout", "accounts.logout_everywhere")  # each ends the session: they run last
WHO = ("anonymous", "entrant", "judge", "admin", "norole")
SKIPPED_METHODS = {"HEAD", "OPTIONS"}


def allowed_roles(endpoint):
    """The roles allowed on `endpoint`, or None when only "requires login" is known."""
    if endpoint in ROLES:
        return set(ROLES[endpoint])
    blueprint = endpoint.split(".", 1)[0] if "." in endpoint else None
    return set(BLUEPRINT_ROLES[blueprint]) if blueprint in BLUEPRINT_ROLES else None


def url_args(rule, objects):
    """Real ids where the argument names one of our objects, "1" otherwise."""
    known = {"entry_id": objects["entry"].id, "contest_id": objects["contest"].id, "fmt": "xlsx",
             "action": "close_submissions"}
    return {name: known.get(name, "1") for name in rule.arguments}


def protected_requests(app, objects):
    """(endpoint, method, url) for every non-public route; logout last (it ends the session)."""
    found = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if rule.endpoint in PUBLIC:
                continue
            url = url_for(rule.endpoint, **url_args(rule, objects))
            for method in sorted(rule.methods - SKIPPED_METHODS):
                found.append((rule.endpoint, method, url))
    # GETs first (to check they write nothing), then the rest; logout at the very end.
    return sorted(found, key=lambda r: (r[0] in ENDING, r[1] != "GET", r[0], r[1]))


def send(client, method, url, endpoint=""):
    token = csrf_token(client)
    headers = {"X-CSRFToken": token, **REQUEST_HEADERS.get(endpoint.split(".")[0], {})}
    if "Content-Type" in headers:  # a raw-body protocol: no form fields
        return client.open(url, method=method, data=b"x", headers=headers)
    return client.open(url, method=method, data={"csrf_token": token}, headers=headers)


def is_login_redirect(response):
    return response.status_code == 302 and response.location.split("?")[0].endswith("/login")


def is_phase_refusal(response):
    """A 403 that explains a closed phase is a timeline rule, not a role refusal."""
    return response.status_code == 403 and "Tahap ini sedang tidak dibuka" in response.get_data(as_text=True)


def database_snapshot():
    """Every table's rows, but the personal-data access log: the GET_MAY_WRITE exports write there."""
    snapshot = {}
    for table in db.metadata.sorted_tables:
        if table.name == "personal_data_access_log":
            continue
        rows = db.session.execute(select(table)).all()
        snapshot[table.name] = sorted(map(repr, rows))
    return snapshot


@pytest.fixture
def world(make_contest, make_entrant, make_staff):
    """An open contest, an entrant with a draft, another entrant, and staff of each kind."""
    contest = make_contest()
    entrant = make_entrant()
    other = make_entrant()
    entry = create_entry(contest=contest, user=entrant, title="Rahasia Dapur", synopsis="Isi",
                         social_url=None)
    create_entry(contest=contest, user=other, title="Milik Orang Lain", synopsis="Isi", social_url=None)
    db.session.commit()
    people = {
        "entrant": entrant,
        "judge": make_staff("judge"),
        "admin": make_staff("admin"),
        "norole": make_staff(),
    }
    return {"contest": contest, "entry": entry, "people": people}


def test_every_route_is_classified_and_public_list_is_current(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert PUBLIC <= endpoints, f"stale PUBLIC entries: {PUBLIC - endpoints}"
    assert set(ROLES) <= endpoints, f"stale ROLES entries: {set(ROLES) - endpoints}"
    assert OBJECT_GUARDED <= endpoints, f"stale OBJECT_GUARDED entries: {OBJECT_GUARDED - endpoints}"
    # Our own blueprints are fully described; anything else defaults to "requires login".
    for endpoint in endpoints - PUBLIC:
        if endpoint.split(".")[0] in {"main", "accounts", "entries", "admin"}:
            assert endpoint in ROLES, f"{endpoint} needs an explicit entry in ROLES"


@pytest.mark.parametrize("who", WHO)
def test_protected_urls_refuse_anonymous_and_wrong_roles(app, client, world, who):
    if who != "anonymous":
        login(client, world["people"][who])
    failures = []
    before = database_snapshot()
    checked_writes = False
    for endpoint, method, url in protected_requests(app, world):
        if method != "GET" and not checked_writes:
            after = database_snapshot()
            assert after == before, f"a GET request changed the database (as {who})"
            checked_writes = True
        response = send(client, method, url, endpoint)
        status = response.status_code
        roles = allowed_roles(endpoint)
        if who == "anonymous":
            # 405: the route declares the method for its protocol but serves nothing with it.
            ok = is_login_redirect(response) or status in (401, 403, 405) or (
                status == 404 and endpoint in OBJECT_GUARDED)
            expected = "redirect to /login, 401 or 403"
        elif roles is None:
            continue  # "requires login" only: roles are the feature's own business
        elif who in roles:
            ok = status < 500 and not is_login_redirect(response) and (
                status not in (401, 403) or is_phase_refusal(response))
            expected = "allowed"
        else:
            ok = status == 403 and not is_phase_refusal(response)
            expected = "403"
        if not ok:
            failures.append(f"{method} {url} ({endpoint}) as {who}: got {status}, expected {expected}")
        if endpoint in ENDING and who != "anonymous":
            login(client, world["people"][who])  # the session just ended: the next request needs a new one
    assert not failures, "\n".join(failures)


def test_get_only_handlers_do_not_write(app):
    """Allow-listed GET writers must say why, and write only the personal-data access log."""
    rules = {rule.endpoint for rule in app.url_map.iter_rules()}
    for endpoint, reason in GET_MAY_WRITE.items():
        assert endpoint in rules and "logged" in reason, endpoint


def test_state_changing_endpoints_refuse_get(app, client, world):
    login(client, world["people"]["admin"])
    rules = {rule.endpoint: rule for rule in app.url_map.iter_rules()}
    for endpoint in POST_ONLY:
        assert "GET" not in rules[endpoint].methods, endpoint
        with app.test_request_context():
            url = url_for(endpoint, **url_args(rules[endpoint], world))
        assert client.get(url).status_code == 405, endpoint


def test_csrf_is_enforced(app):
    assert app.config.get("WTF_CSRF_ENABLED", True) is True
    assert app.config.get("WTF_CSRF_CHECK_DEFAULT", True) is True


def test_post_without_csrf_token_is_refused_and_changes_nothing(client, world):
    login(client, world["people"]["entrant"])
    entry_id = world["entry"].id
    response = client.post(f"/entries/{entry_id}/withdraw", data={})
    assert response.status_code == 400
    assert "Permintaan tidak valid" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Entry, entry_id).status == "draft"

    response = client.post(f"/entries/{entry_id}/withdraw", data={"csrf_token": "forged"})
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(Entry, entry_id).status == "draft"


def test_login_without_csrf_token_is_refused(client, make_entrant):
    user = make_entrant()
    response = client.post("/login", data={"email": user.email, "password": "rahasia-123"})
    assert response.status_code == 400
    assert client.get("/entries/").status_code == 302  # still anonymous


def test_logout_by_get_is_not_possible(client, make_entrant):
    login(client, make_entrant())
    assert client.get("/logout").status_code == 405
    assert client.get("/entries/").status_code == 200  # still logged in


def test_entrant_never_sees_anothers_entry(client, world, make_entrant):
    intruder = make_entrant()
    login(client, intruder)
    entry_id = world["entry"].id
    for method, path in [("GET", ""), ("GET", "/edit"), ("POST", "/edit"),
                         ("POST", "/submit"), ("POST", "/withdraw")]:
        url = f"/entries/{entry_id}{path}"
        response = send(client, method, url)
        assert response.status_code == 404, (method, url)
    listing = client.get("/entries/").get_data(as_text=True)
    assert world["entry"].title not in listing
    db.session.expire_all()
    assert db.session.get(Entry, entry_id).status == "draft"


def test_security_headers(client):
    response = client.get("/")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert "script-src" not in response.headers["Content-Security-Policy"]  # default-src: no inline
