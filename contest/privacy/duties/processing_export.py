"""The record of processing activities as a PDF (reportlab) and an XLSX workbook (openpyxl)."""
import io
from xml.sax.saxutils import escape

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .processing_record import ACTIVITIES


def headings():
    return [_("No."), _("Kegiatan pemrosesan"), _("Data pribadi"), _("Tujuan"), _("Dasar hukum"),
            _("Masa simpan"), _("Yang dapat melihat"), _("Kolom basis data")]


def rows():
    return [[str(n), str(a.name), str(a.data), str(a.purpose), str(a.legal_basis), str(a.retention),
             str(a.who_can_see), ", ".join(a.columns)] for n, a in enumerate(ACTIVITIES, start=1)]


def title():
    return _("Catatan Kegiatan Pemrosesan Data Pribadi")


def pdf(*, organizer, generated):
    """A4 landscape, one row per activity; `organizer` and `generated` (a worded date) head the page."""
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm,
                            topMargin=12 * mm, bottomMargin=12 * mm, title=title(), author=organizer)
    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("small", fontSize=7, leading=8.5)
    head = small.clone("head", fontName="Helvetica-Bold")
    data = [[Paragraph(escape(h), head) for h in headings()]]
    data += [[Paragraph(escape(cell), small) for cell in row] for row in rows()]
    widths = [8 * mm, 30 * mm, 45 * mm, 40 * mm, 34 * mm, 38 * mm, 32 * mm, 46 * mm]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee"))]))
    story = [Paragraph(escape(title()), styles["Title"]),
             Paragraph(escape(_("Pengendali data: %(org)s", org=organizer)), styles["Normal"]),
             Paragraph(escape(_("Dibuat dari inventaris data pribadi platform pada %(when)s (UU PDP Pasal 31).",
                                when=generated)), styles["Normal"]),
             Spacer(1, 4 * mm), table]
    doc.build(story)
    return out.getvalue()


def workbook(*, organizer, generated):
    book = Workbook()
    sheet = book.active
    sheet.title = _("Catatan pemrosesan")[:31]
    sheet.append([title()])
    sheet.append([_("Pengendali data: %(org)s", org=organizer)])
    sheet.append([_("Dibuat pada %(when)s", when=generated)])
    sheet.append([])
    sheet.append(headings())
    for cell in sheet[5]:
        cell.font = Font(bold=True)
    for row in rows():
        sheet.append(row)
    for column, width in zip("ABCDEFGH", (5, 28, 45, 40, 34, 38, 30, 50), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=6):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A6"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
