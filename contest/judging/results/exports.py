"""Rekapitulasi Nilai as Excel (openpyxl) and CSV, in Indonesian, ready for the jury's minutes."""
import csv
import io
from contextlib import contextmanager

from flask_babel import force_locale
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ..rounds.rubric import format_levels
from ..scoring.notes import committee_notes
from .analysis import METHOD_LABELS
from .services import entry_cards

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe(value):
    """Text that a spreadsheet would run as a formula is prefixed with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _r(x, digits=2):
    return None if x is None else round(x, digits)


@contextmanager
def _indonesian():
    with force_locale("id"):
        yield


def _judges(res):
    return [j for j in res.judges if j.submitted or j.on_panel]


def recap_table(res):
    """Header and rows of the ranked recap: one row per entry, a column per judge."""
    judges = _judges(res)
    header = [_("Peringkat"), _("Kode Karya"), _("Judul"), _("Nama Peserta"), _("Instansi")]
    header += [_("Nilai %(judge)s", judge=j.name) for j in judges]
    header += [_("Rata-rata Nilai Mentah"), _("Median"), _("Simpangan (beda pendapat)"),
               _("Nilai Akhir Ternormalisasi"), _("Rata-rata Terpangkas"), _("Jumlah Juri"), _("Beda Pendapat"),
               _("Hadiah")]
    rows = []
    for row in res.rows:
        r = row.result
        line = [row.rank, row.code, row.title, row.entrant, row.agency]
        line += [_r(r.judge_totals.get(j.id)) for j in judges]
        line += [_r(r.raw_mean), _r(r.median), _r(r.spread), _r(r.normalized_mean), _r(r.trimmed_mean), r.n_judges,
                 _("Ya") if r.disagreement else "", row.award.prize.name if row.award else ""]
        rows.append(line)
    return header, rows


def detail_table(res):
    """One row per (entry, judge): every criterion, the weighted total, normalized, rank."""
    names = {j.id: j.name for j in res.judges}
    header = [_("Peringkat"), _("Kode Karya"), _("Judul"), _("Juri")]
    header += [f"{c.name} ({c.weight:g}%)" if c.counted else f"{c.name} ({_('tidak dihitung')})"
               for c in res.criteria]
    header += [_("Total Tertimbang"), _("Nilai Ternormalisasi"), _("Nilai Akhir Karya"), _("Catatan Juri")]
    cards = {(c.entry_id, c.judge_id): c for c in entry_cards(res.round)}
    rows = []
    for row in res.rows:
        for judge_id, total in sorted(row.result.judge_totals.items(), key=lambda kv: names.get(kv[0], "")):
            card = cards.get((row.entry_id, judge_id))
            values = card.values() if card else {}
            line = [row.rank, row.code, row.title, names.get(judge_id, str(judge_id))]
            line += [values.get(c.id) for c in res.criteria]
            line += [_r(total), _r(row.result.normalized_totals.get(judge_id)), _r(row.result.normalized_mean),
                     card.comment if card else ""]
            rows.append(line)
    return header, rows


def export_csv(res):
    """The per-criterion recap as UTF-8 CSV (with a BOM so spreadsheet programs read it right)."""
    with _indonesian():
        header, rows = detail_table(res)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for line in rows:
        writer.writerow([safe(v) if v is not None else "" for v in line])
    return "\ufeff" + buffer.getvalue()


def _sheet(ws, title, header, rows, *, number_from=None):
    ws.title = title
    ws.append([safe(h) for h in header])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for line in rows:
        ws.append([safe(v) for v in line])
    for i, h in enumerate(header, start=1):
        ws.column_dimensions[get_column_letter(i)].width = min(45, max(10, len(str(h)) + 2))
    if number_from is not None:
        for row in ws.iter_rows(min_row=2, min_col=number_from):
            for cell in row:
                if isinstance(cell.value, float):
                    cell.number_format = "0.00"
    ws.freeze_panes = "A2"


def _ci(pair):
    """'; IK 95%: [lo; hi]' for the minutes, or nothing when the interval is undefined."""
    return "; " + _("IK 95%%: %(ci)s", ci=f"[{pair[0]:.3f}; {pair[1]:.3f}]") if pair else ""


def reliability_table(res, info):
    """Panel reliability and rank intervals for the minutes: one row per measure."""
    header = [_("Ukuran"), _("Cakupan"), _("Nilai"), _("Keterangan")]
    rows = [[_("Metode peringkat"), _("Babak"), str(METHOD_LABELS[info.method]), ""]]
    rows.append([_("Rumus total tertimbang juri"), _("Setiap kartu nilai"),
                 _("Σ bobot × (nilai − batas bawah) ÷ (batas atas − batas bawah)"), _("skala 0–100")])
    if info.overall is not None:
        o = info.overall
        rows += [[_("Alfa Krippendorff (interval)"), _("Nilai total"), _r(o.alpha, 3),
                  _("%(n)s karya dinilai minimal 2 juri", n=o.n_entries) + _ci(o.ci.alpha)],
                 ["ICC(2,k)", _("Nilai total"), _r(o.icc.average, 3),
                  _("%(n)s karya dinilai semua %(k)s juri", n=o.icc.n_entries, k=o.icc.n_judges) + _ci(o.ci.average)],
                 ["ICC(2,1)", _("Nilai total"), _r(o.icc.single, 3), ""]]
        for c in info.criteria:
            rows.append([_("Alfa Krippendorff (interval)"), c.criterion.name, _r(c.result.alpha, 3), ""])
        names = {j.id: j.name for j in res.judges}
        for judge_id, r in o.judges.items():
            rows.append([_("Korelasi dengan juri lain"), names.get(judge_id, str(judge_id)), _r(r, 3), ""])
    for row in res.rows:
        iv = info.intervals.get(row.entry_id)
        if iv is not None:
            rows.append([_("Rentang peringkat 90%"), row.code, f"{iv.best}–{iv.worst}",
                         _("peringkat %(r)s", r=row.rank)])
    return header, rows


def export_xlsx(res, *, title, info=None):
    """Workbook: recap with signature lines, per-criterion detail, judge severity, the rubric.

    info: the results analysis (reliability, rank intervals), added as its own sheet when given.
    """
    with _indonesian():
        wb = Workbook()
        header, rows = recap_table(res)
        ws = wb.active
        _sheet(ws, _("Rekapitulasi"), header, rows, number_from=6)
        ws.insert_rows(1, 3)
        ws["A1"] = safe(_("Rekapitulasi Nilai — %(title)s", title=title))
        ws["A1"].font = Font(bold=True, size=13)
        ws["A2"] = safe(_("Babak: %(name)s · diurutkan menurut %(by)s", name=res.round.name,
                          by=str(METHOD_LABELS[res.results.by]).lower() if res.results else "—"))
        ws.freeze_panes = "A5"
        line = ws.max_row + 3
        ws.cell(line, 1, _("Dewan Juri")).font = Font(bold=True)
        for n, judge in enumerate(_judges(res), start=1):
            ws.cell(line + n * 2, 1, n)
            ws.cell(line + n * 2, 2, safe(judge.name))
            ws.cell(line + n * 2, 3, safe(judge.affiliation))
            ws.cell(line + n * 2, 4, "(........................................)")
        d_header, d_rows = detail_table(res)
        _sheet(wb.create_sheet(), _("Nilai per Kriteria"), d_header, d_rows, number_from=5)
        j_header = [_("Juri"), _("Lembaga"), _("Karya Dinilai"), _("Rata-rata"), _("Simpangan Baku"),
                    _("Terendah"), _("Tertinggi"), _("Belum Dinilai"), _("Dikirim Sebelum Video Selesai Ditonton")]
        j_rows = [[j.name, j.affiliation, j.submitted, _r(j.stats.mean) if j.stats else None,
                   _r(j.stats.stdev) if j.stats else None, _r(j.stats.min) if j.stats else None,
                   _r(j.stats.max) if j.stats else None, max(0, j.assigned - j.submitted), j.unwatched]
                  for j in res.judges]
        _sheet(wb.create_sheet(), _("Juri"), j_header, j_rows, number_from=4)
        r_header = [_("Kriteria"), _("Deskripsi"), _("Bobot (%)"), _("Skala"), _("Dihitung"), _("Tingkat")]
        r_rows = [[c.name, c.description, c.weight, f"{c.scale_min:g}–{c.scale_max:g}",
                   _("Ya") if c.counted else _("Tidak"), format_levels(c.levels)] for c in res.criteria]
        _sheet(wb.create_sheet(), _("Rubrik"), r_header, r_rows)
        notes = committee_notes(res.round)  # empty unless the edition lets the committee read notes
        if notes:
            n_header = [_("Kode Karya"), _("Juri"), _("Waktu (mm:ss)"), _("Catatan")]
            _sheet(wb.create_sheet(), _("Catatan Juri"), n_header, [[n.code, n.judge, n.at, n.body] for n in notes])
        if info is not None:
            k_header, k_rows = reliability_table(res, info)
            _sheet(wb.create_sheet(), _("Keandalan Panel"), k_header, k_rows)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
