"""The Excel exports, opened with openpyxl: what the committee asked for, row by row."""
import io

from openpyxl import load_workbook

from contest.core.extensions import db
from contest.records.models import PersonalDataAccessLog
from tests.conftest import login


def workbook(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    return load_workbook(io.BytesIO(response.data))


def test_registrants_with_agency_breakdown(client, edition):
    login(client, edition["admin"])
    contest = edition["contest"]
    wb = workbook(client, f"/admin/console/{contest.id}/export/registrants.xlsx")
    people, agencies = wb.worksheets
    rows = list(people.iter_rows(values_only=True))
    assert rows[0][:3] == ("Nama", "Email", "NIP")
    assert len(rows) == 1 + 6
    by_agency = {r[0]: r[1:] for r in agencies.iter_rows(min_row=2, values_only=True)}
    assert by_agency["Jumlah"] == (6, 5, 3)  # registrants, active entries, submitted entries
    assert sum(v[0] for k, v in by_agency.items() if k != "Jumlah") == 6
    logged = db.session.scalars(db.select(PersonalDataAccessLog)).all()
    assert [(row.action, row.actor_id, row.contest_id) for row in logged] == [
        ("export.console.pendaftar", edition["admin"].id, contest.id)]
    assert "6 baris" in logged[0].detail


def test_entries_with_states_and_problem_codes(client, edition):
    login(client, edition["admin"])
    contest = edition["contest"]
    rows = list(workbook(client, f"/admin/console/{contest.id}/export/entries.xlsx").active.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert len(body) == 6
    col = {name: i for i, name in enumerate(header)}
    rejected = next(r for r in body if r[col["Kode Masalah Video"]])
    assert rejected[col["Kode Masalah Video"]] == "too_short"
    assert rejected[col["Status"]] == "Draf" and rejected[col["Video"]] == "Video ditolak"
    checks = sorted(r[col["Verifikasi Administrasi"]] for r in body)
    assert checks.count("Lolos") == 1 and checks.count("Perlu perbaikan") == 1
    assert any(r[col["Catatan Verifikasi"]] == "Surat pernyataan belum ada" for r in body)


def test_judges_progress(client, edition):
    login(client, edition["admin"])
    contest = edition["contest"]
    rows = list(workbook(client, f"/admin/console/{contest.id}/export/judges.xlsx").active.iter_rows(values_only=True))
    assert rows[0][:5] == ("Babak", "Juri", "Ditugaskan", "Sudah Dinilai", "Belum Dinilai")
    assert sorted(r[2:5] for r in rows[1:]) == [(1, 0, 1), (1, 1, 0)]


def test_formula_like_text_is_neutralised(client, edition):
    from contest.core.extensions import db
    edition["submitted"][0].title = "=HYPERLINK(\"http://x\")"
    db.session.commit()
    login(client, edition["admin"])
    wb = workbook(client, f"/admin/console/{edition['contest'].id}/export/entries.xlsx")
    titles = [r[1] for r in wb.active.iter_rows(min_row=2, values_only=True)]
    assert "'=HYPERLINK(\"http://x\")" in titles
