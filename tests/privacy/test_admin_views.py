"""The committee's privacy pages: NIP masked unless revealed (logged), exports logged, constant queries."""
import io

from openpyxl import load_workbook
from sqlalchemy import select

from contest.core.extensions import db
from contest.core.timeutil import utcnow
from contest.privacy.masking import mask_nip
from contest.privacy.models import ErasureRequest
from contest.records.access_log import log_access
from contest.records.models import PersonalDataAccessLog
from tests import bulk
from tests.conftest import login, post, query_count, text_of
from tests.privacy.conftest import build_edition, score_round


def _logs(action):
    return db.session.scalars(select(PersonalDataAccessLog).where(PersonalDataAccessLog.action == action)).all()


def test_entrant_list_masks_the_nip_and_reveal_is_logged(client, make_entrant, make_staff):
    entrant = make_entrant()
    nip = entrant.profile.nip
    admin = make_staff("admin")
    login(client, admin)
    page = client.get("/admin/privasi/peserta").get_data(as_text=True)
    assert mask_nip(nip) in page and nip not in page
    revealed = post(client, f"/admin/privasi/peserta/{entrant.id}/nip")
    assert nip in revealed.get_data(as_text=True)
    (row,) = _logs("reveal.nip")
    assert (row.actor_id, row.subject_user_id) == (admin.id, entrant.id)
    assert "reveal.nip" in text_of(client.get("/admin/privasi/log"))


def test_registrant_export_has_full_nip_and_is_logged(client, make_entrant, make_staff):
    entrant = make_entrant()
    admin = make_staff("admin")
    login(client, admin)
    response = post(client, "/admin/privasi/peserta.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert entrant.profile.nip in [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    (row,) = _logs("export.registrants")
    assert row.actor_id == admin.id and row.at is not None and "1 orang" in row.detail


def test_results_exports_are_logged(client, make_contest, make_entrant, make_staff):
    edition = build_edition(make_contest, make_entrant, n=2, winners=1)
    score_round(edition)
    admin = make_staff("admin")
    login(client, admin)
    assert client.get(f"/admin/judging/rounds/{edition.round.id}/rekap.xlsx").status_code == 200
    assert client.get(f"/admin/judging/rounds/{edition.round.id}/rekap.csv").status_code == 200
    actions = sorted(r.action for r in db.session.scalars(select(PersonalDataAccessLog)))
    assert actions == ["export.results.csv", "export.results.xlsx"]
    assert all(r.actor_id == admin.id and r.contest_id == edition.contest.id
               for r in db.session.scalars(select(PersonalDataAccessLog)))


def test_only_admins_see_the_privacy_pages(client, make_entrant, make_staff):
    login(client, make_staff("judge"))
    for url in ("/admin/privasi/", "/admin/privasi/peserta", "/admin/privasi/log"):
        assert client.get(url).status_code == 403


def _requests(n):
    users = bulk.entrants(n)
    db.session.add_all([ErasureRequest(user_id=u.id, subject_label=f"Peserta #{u.id}", notify_address=u.email)
                        for u in users])
    for u in users:
        log_access(actor=u, action="export.self", subject_user_id=u.id, detail="x", now=utcnow())
    db.session.commit()


def test_list_pages_cost_the_same_for_5_and_50_rows(client, make_staff):
    login(client, make_staff("admin"))
    _requests(5)
    few = {url: query_count(client, url) for url in ("/admin/privasi/", "/admin/privasi/peserta", "/admin/privasi/log")}
    _requests(45)
    many = {url: query_count(client, url) for url in few}
    assert many == few
