"""Run every route of the URL map as each of the six roles of tests/authz_world.py.

A response is classed as: "ok" (served: 2xx, 3xx other than to the login page, or a 400/409/422
form refusal), "login" (401 or a redirect to the login page), "403", "404", "405", "429" or "500".
"""
from flask import url_for

from contest.core.extensions import limiter
from tests.authz_world import PASSWORD, ROLES
from tests.conftest import csrf_token, post

SKIPPED_METHODS = {"HEAD", "OPTIONS"}
# Headers a protocol needs before a route looks at the user (tus answers 412 without them).
REQUEST_HEADERS = {"tus": {"Tus-Resumable": "1.0.0", "Upload-Length": "1", "Upload-Offset": "0",
                           "Content-Type": "application/offset+octet-stream"}}
# Requests that end or reshape the session or the seeded objects run last, in this order.
# Rows that earlier requests of the matrix may create (an outbox message, a data-subject request):
# an id no row has, so the answer does not depend on the database's sequences.
ABSENT = {"notifications_admin.retry", "privacy_duties.resolve"}
ABSENT_ID = 2_000_000_000
LAST = ("entries.withdraw", "privacy.erase", "privacy_admin.purge", "accounts.logout", "accounts.logout_everywhere")


def url_args(rule, world):
    """Real ids where an argument names a seeded object; a harmless placeholder otherwise."""
    judge_routes = rule.endpoint.split(".")[0] in {"judging_rounds", "judging_panel"}
    known = {
        "contest_id": world.contest.id, "entry_id": world.entry.id, "round_id": world.round.id,
        "user_id": world.people["judge_on_panel" if judge_routes else "entrant"].id,
        "note_id": world.note.id, "final_id": world.final.id, "uuid": world.video.uuid, "index": 0,
        "width": 480, "lang": "id", "slug": world.contest.slug, "number": world.entry.number,
        "filename": "css/app.css", "kind": "vote_code", "fmt": "xlsx",
    }
    if rule.endpoint in ABSENT:
        known.update(dict.fromkeys(rule.arguments, ABSENT_ID))
    if rule.endpoint == "console.phase_action":
        known["action"] = "close_submissions"
    if rule.endpoint == "judging_panel.resend_invite":
        known["user_id"] = world.spare_judge.id
    if rule.endpoint == "judge_notes.delete":
        known["note_id"] = world.spare_note.id
    if rule.endpoint.startswith("voting."):
        known["entry_id"] = world.other_entry.id  # the vote's candidate
    return {name: known.get(name, 1 if name.endswith("_id") else "x") for name in rule.arguments}


def requests_of(app, world):
    """(endpoint, method, url) for every route and method: GETs first, LAST at the very end."""
    found = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            url = url_for(rule.endpoint, **url_args(rule, world))
            for method in sorted(rule.methods - SKIPPED_METHODS):
                found.append((rule.endpoint, method, url))
    last = {name: n for n, name in enumerate(LAST)}
    return sorted(found, key=lambda r: (last.get(r[0], -1), r[1] != "GET", r[0], r[1]))


def category(response):
    status = response.status_code
    if status == 401 or (status == 302 and response.location.split("?")[0].endswith("/login")):
        return "login"
    if status in (403, 404, 405, 429) or status >= 500:
        return "500" if status >= 500 else str(status)
    return "ok"


def send(client, method, endpoint, url):
    headers = {"X-CSRFToken": csrf_token(client), **REQUEST_HEADERS.get(endpoint.split(".")[0], {})}
    if "Content-Type" in headers:  # a raw-body protocol: no form fields
        return client.open(url, method=method, data=b"x", headers=headers)
    return client.open(url, method=method, data={"csrf_token": csrf_token(client)}, headers=headers)


def clients_for(app, world):
    clients = {}
    for n, role in enumerate(ROLES):
        client = app.test_client()
        client.environ_base.update(REMOTE_ADDR=f"192.0.2.{n + 10}")
        if role != "anonymous":
            user = world.people[role]
            response = post(client, "/login", {"email": user.email, "password": PASSWORD})
            assert response.status_code == 302, (role, response.status_code)
        clients[role] = client
    return clients


def observe(app, world):
    """{(endpoint, method): {role: category}} for the whole URL map."""
    clients = clients_for(app, world)
    seen = {}
    limiter.enabled = False  # rate limits have their own tests; here they would only hide the answer
    try:
        for endpoint, method, url in requests_of(app, world):
            row = seen.setdefault((endpoint, method), {})
            for role in ROLES:
                row[role] = category(send(clients[role], method, endpoint, url))
    finally:
        limiter.enabled = True
    return seen
