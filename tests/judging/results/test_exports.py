"""Rekapitulasi Nilai exports: Excel sheets and CSV in Indonesian, ranks and totals, no formulas."""
import csv
import io
import random

from openpyxl import load_workbook

from contest.judging.results.services import round_results
from tests.conftest import login
from tests.judging.results.test_services import seed_scores


def test_excel_and_csv_recap(client, make_contest, make_judge, make_entry, make_round, make_staff):
    contest = make_contest()
    judges = [make_judge(affiliation="Bawaslu Kaltim"), make_judge(affiliation="Praktisi film")]
    entries = [make_entry(contest, title="=HYPERLINK(\"http://x\",\"klik\")"),
               *[make_entry(contest) for _ in range(4)]]
    rnd = make_round(contest, judges)
    seed_scores(rnd, entries, judges, random.Random(7))
    res = round_results(rnd)
    login(client, make_staff("admin"))

    response = client.get(f"/admin/judging/rounds/{rnd.id}/rekap.xlsx")
    assert response.status_code == 200
    assert "rekapitulasi-nilai-" in response.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["Rekapitulasi", "Nilai per Kriteria", "Juri", "Rubrik", "Keandalan Panel"]
    panel = {(r[0], r[1]): r[2] for r in book["Keandalan Panel"].iter_rows(min_row=2, values_only=True)}
    assert panel[("Metode peringkat", "Babak")] == "Rata-rata ternormalisasi"
    # The judge's total is the one the scoring page shows, with the same formula beside it.
    assert panel[("Rumus total tertimbang juri", "Setiap kartu nilai")] == (
        "Σ bobot × (nilai − batas bawah) ÷ (batas atas − batas bawah)")
    assert -1 <= panel[("Alfa Krippendorff (interval)", "Nilai total")] <= 1
    notes = {(r[0], r[1]): r[3] for r in book["Keandalan Panel"].iter_rows(min_row=2, values_only=True)}
    assert "IK 95%: [" in notes[("Alfa Krippendorff (interval)", "Nilai total")]
    assert panel[("Rentang peringkat 90%", res.rows[0].code)].startswith("1–")
    recap = book["Rekapitulasi"]
    assert recap["A1"].value.startswith("Rekapitulasi Nilai")
    header = [c.value for c in recap[4]]
    assert header[:5] == ["Peringkat", "Kode Karya", "Judul", "Nama Peserta", "Instansi"]
    assert "Nilai Akhir Ternormalisasi" in header and "Hadiah" in header
    rows = [[c.value for c in row] for row in recap.iter_rows(min_row=5, max_row=4 + len(res.rows))]
    assert [r[1] for r in rows] == [row.code for row in res.rows]
    assert [r[0] for r in rows] == [row.rank for row in res.rows]
    titles = {r[1]: r[2] for r in rows}
    assert titles[entries[0].code] == "'=HYPERLINK(\"http://x\",\"klik\")"  # text, not a formula
    assert all(cell.data_type != "f" for row in recap.iter_rows() for cell in row)
    signatures = [c.value for c in recap["B"] if c.value]
    assert judges[0].full_name in signatures and "Dewan Juri" in [c.value for c in recap["A"]]
    detail = book["Nilai per Kriteria"]
    d_header = [c.value for c in detail[1]]
    assert d_header[4:8] == ["Kesesuaian tema (30%)", "Kreativitas & orisinalitas (25%)",
                             "Isi & dampak pesan (25%)", "Teknik videografi (20%)"]
    assert detail.max_row == 1 + len(entries) * len(judges)
    assert book["Rubrik"]["A2"].value == "Kesesuaian tema" and book["Rubrik"]["C2"].value == 30

    response = client.get(f"/admin/judging/rounds/{rnd.id}/rekap.csv?by=raw")
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff") and response.mimetype == "text/csv"
    table = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert table[0][:4] == ["Peringkat", "Kode Karya", "Judul", "Juri"]
    assert table[0][-4:] == ["Total Tertimbang", "Nilai Ternormalisasi", "Nilai Akhir Karya", "Catatan Juri"]
    assert len(table) == 1 + len(entries) * len(judges)
    raw = round_results(rnd, by="raw")
    assert table[1][1] == raw.rows[0].code
