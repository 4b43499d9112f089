"""The dashboard page: every number links to a list showing that count; constant query count."""
import html
import re

from contest.core.extensions import db
from tests import bulk
from tests.conftest import login, query_count

LINK = re.compile(r'href="([^"]+)"[^>]*data-count="(\d+)"')
TOTAL = re.compile(r'data-total="(\d+)"')


def test_admin_lands_on_the_current_editions_dashboard(client, edition):
    response = login(client, edition["admin"])
    assert response.location.endswith("/admin/console/")
    landing = client.get("/admin/console/")
    assert landing.location.endswith(f"/admin/console/{edition['contest'].id}")


def test_editions_list_links_the_dashboard(client, edition):
    login(client, edition["admin"])
    page = client.get("/admin/contests").get_data(as_text=True)
    assert f"/admin/console/{edition['contest'].id}" in page


def test_every_number_lands_on_a_list_showing_that_count(client, edition):
    login(client, edition["admin"])
    page = client.get(f"/admin/console/{edition['contest'].id}").get_data(as_text=True)
    links = [(html.unescape(href), int(n)) for href, n in LINK.findall(page)]
    followed = 0
    for href, n in links:
        if "/admin/console/" not in href:
            continue
        listing = client.get(href)
        assert listing.status_code == 200, href
        assert int(TOTAL.search(listing.get_data(as_text=True)).group(1)) == n, href
        followed += 1
    assert followed >= 20  # statuses, videos, uploads, checks, agencies, regencies, registrants
    assert "data-count=\"3\"" in page and "Penilaian Dewan Juri" in page


def test_registration_chart_bars_link_to_that_days_registrants(client, edition):
    login(client, edition["admin"])
    page = client.get(f"/admin/console/{edition['contest'].id}").get_data(as_text=True)
    (bar,) = re.findall(r'href="([^"]+registrants\?day=[^"]+)"', page)
    listing = client.get(html.unescape(bar)).get_data(as_text=True)
    assert TOTAL.search(listing).group(1) == "6"


def test_checklist_shows_the_blocked_reason(client, edition):
    login(client, edition["admin"])
    page = client.get(f"/admin/console/{edition['contest'].id}").get_data(as_text=True)
    assert "Penjurian belum bisa dibuka: 1 karya belum diverifikasi" in page


def _grow(contest, n):
    bulk.entries(contest, n)
    bulk.entries(contest, n // 5, status="draft", video=False)
    db.session.commit()


def test_dashboard_query_count_is_constant(client, make_contest, make_staff, edition):
    login(client, edition["admin"])
    contest = edition["contest"]
    url = f"/admin/console/{contest.id}"
    small = query_count(client, url)
    _grow(contest, 500)
    assert query_count(client, url) == small


def test_lists_and_exports_query_count_is_constant(client, edition):
    login(client, edition["admin"])
    contest = edition["contest"]
    urls = [f"/admin/console/{contest.id}/entries?status=active", f"/admin/console/{contest.id}/registrants",
            f"/admin/console/{contest.id}/export/registrants.xlsx", f"/admin/console/{contest.id}/export/entries.xlsx",
            f"/admin/console/{contest.id}/export/judges.xlsx"]
    before = [query_count(client, url) for url in urls]
    _grow(contest, 60)
    assert [query_count(client, url) for url in urls] == before


def test_empty_edition_says_what_to_do_next(client, make_contest, make_staff):
    contest = make_contest()
    admin = make_staff("admin")
    login(client, admin)
    page = client.get(f"/admin/console/{contest.id}").get_data(as_text=True)
    assert "Belum ada pendaftar" in page
    assert "Belum ada babak penilaian" in page
    empty = client.get(f"/admin/console/{contest.id}/entries?status=draft").get_data(as_text=True)
    assert "Tidak ada karya dengan filter ini" in empty


def test_console_is_for_admins_only(client, edition, make_staff):
    contest = edition["contest"]
    for roles in (("judge",), ()):
        client.cookie_jar.clear() if hasattr(client, "cookie_jar") else None
        user = make_staff(*roles)
        with client.session_transaction() as session:
            session.clear()
        login(client, user)
        for path in ("", "/entries", "/registrants", "/export/entries.xlsx"):
            assert client.get(f"/admin/console/{contest.id}{path}").status_code == 403
