"""Error answers: HTML pages for pages, JSON for JSON endpoints and clients that ask for JSON."""
from tests.conftest import login


def test_unknown_page_is_an_html_page(client):
    response = client.get("/tidak-ada")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert "Halaman tidak ditemukan" in response.get_data(as_text=True)


def test_unknown_json_url_answers_json(client):
    response = client.get("/entries/999999/tidak-ada.json")
    assert response.status_code == 404
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert body["error"] == 404 and "tidak ada" in body["message"]


def test_json_endpoint_of_another_users_entry_answers_json_404(client, make_contest, make_entrant):
    from contest.core.extensions import db
    from contest.entries.services import create_entry

    contest, owner, other = make_contest(), make_entrant(), make_entrant()
    entry = create_entry(contest=contest, user=owner, title="T", synopsis="S.", social_url=None)
    db.session.commit()
    login(client, other)
    response = client.get(f"/entries/{entry.id}/video.json")
    assert response.status_code == 404 and response.get_json()["error"] == 404


def test_wrong_method_on_a_json_endpoint_answers_json_405_with_allow(client):
    response = client.post("/healthz")
    assert response.status_code == 405
    assert response.get_json()["error"] == 405
    assert "GET" in response.headers["Allow"]


def test_wrong_method_on_the_tus_collection_answers_json(client):
    response = client.get("/tus/")  # a tus collection has no GET
    assert response.status_code == 405
    assert response.mimetype == "application/json" and response.get_json()["error"] == 405


def test_forbidden_for_a_client_preferring_json_answers_json_403(client, make_entrant):
    login(client, make_entrant())
    response = client.get("/admin/contests", headers={"Accept": "application/json"})
    assert response.status_code == 403
    assert response.get_json() == {"error": 403, "message": "Anda tidak memiliki akses ke halaman ini."}
    assert client.get("/admin/contests").mimetype == "text/html"


def test_client_preferring_json_gets_json(client):
    response = client.get("/tidak-ada", headers={"Accept": "application/json"})
    assert response.status_code == 404 and response.get_json()["error"] == 404
    response = client.get("/tidak-ada", headers={"Accept": "text/html,application/json;q=0.9"})
    assert response.mimetype == "text/html"


def test_every_response_carries_a_permissions_policy(client, make_entrant):
    for path in ("/", "/login", "/halaman-yang-tidak-ada", "/static/css/app.css", "/healthz"):
        policy = client.get(path).headers.get("Permissions-Policy", "")
        assert "camera=()" in policy and "microphone=()" in policy and "geolocation=()" in policy, path


def test_no_response_to_a_signed_in_user_is_stored_by_a_cache(client, make_entrant):
    assert client.get("/").headers.get("Cache-Control") != "no-store"  # public pages may be cached
    login(client, make_entrant())
    for path in ("/", "/profil/data-saya", "/entries/", "/halaman-yang-tidak-ada", "/static/css/app.css"):
        assert client.get(path).headers.get("Cache-Control") == "no-store", path
def test_favicon_and_app_icon_answer_at_the_root(client):
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.mimetype == "image/vnd.microsoft.icon"
    assert icon.data[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert icon.cache_control.max_age == 7 * 24 * 3600
    touch = client.get("/apple-touch-icon.png")
    assert touch.status_code == 200 and touch.data[:8] == b"\x89PNG\r\n\x1a\n"
    page = client.get("/").get_data(as_text=True)
    assert 'rel="icon"' in page and 'rel="apple-touch-icon"' in page
    assert client.get("/static/icons/icon.svg").mimetype == "image/svg+xml"
