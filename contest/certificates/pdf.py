"""Render one certificate as an A4 landscape PDF from plain data (reportlab + qrcode; no Flask, no db).

Fonts are the Bitstream Vera faces that ship inside reportlab, embedded as subsets, so the
output is the same on every machine and its text can be extracted (and searched) again.
"""
import io
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import qrcode
import reportlab
from qrcode.constants import ERROR_CORRECT_M
from reportlab.lib.colors import Color, HexColor, white
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

PAGE_W, PAGE_H = landscape(A4)
BRAND = HexColor("#7a1f1f")
GOLD = HexColor("#b8892d")
INK = HexColor("#222222")
MUTED = Color(0.35, 0.35, 0.35)
FONTS = {"regular": ("CertSans", "Vera.ttf"), "bold": ("CertSans-Bold", "VeraBd.ttf"),
         "italic": ("CertSans-Italic", "VeraIt.ttf")}
QR_SIZE = 84  # points: about 3 cm, easy for a phone camera
BODY_BOTTOM = 196  # the centered text ends above the place, date and signatures
SCALES = (1.0, 0.92, 0.84, 0.76, 0.68)


@dataclass
class Signatory:
    name: str
    position: str
    nip_line: str = ""  # "NIP 196804111993031009", already worded


@dataclass
class CertificateData:
    """Everything printed, already in the certificate's language."""

    title: str
    number_line: str
    given_to: str
    recipient_name: str
    recipient_agency: str
    statement: str
    contest_title: str
    entry_line: str
    place_date: str
    verify_url: str
    verify_caption: str
    code_display: str
    award_name: str = ""
    award_connector: str = ""
    organizer_lines: list = field(default_factory=list)
    signatories: list = field(default_factory=list)
    metadata_title: str = ""


def _register_fonts():
    folder = Path(reportlab.__file__).parent / "fonts"
    for name, filename in FONTS.values():
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(folder / filename)))


def _fit(text, font):
    """Characters the font lacks become their unaccented base letter (or '?') instead of a box."""
    glyphs = pdfmetrics.getFont(font).face.charToGlyph
    out = []
    for ch in text or "":
        if ord(ch) in glyphs or ch in "\n\t ":
            out.append(ch)
            continue
        parts = unicodedata.normalize("NFKD", ch)
        base = "".join(c for c in parts if ord(c) in glyphs and not unicodedata.combining(c))
        out.append(base or "?")
    return "".join(out)


def qr_image(url):
    """The QR code of `url` as a PIL image (black on white, quiet zone of 2 modules)."""
    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=8, border=2)
    qr.add_data(url)
    qr.make(fit=True)
    return qr.make_image(fill_color="black", back_color="white").get_image().convert("RGB")


class _Pen:
    """Centered, wrapped lines from the top of the page down, every size and gap times `scale`.

    With draw=False it only measures, so render() can pick a scale at which the text ends
    above the signatures.
    """

    def __init__(self, c, y, *, scale=1.0, draw=True):
        self.c, self.y, self.scale, self.draw = c, y, scale, draw

    def lines(self, text, *, font="regular", size=12, color=INK, width=PAGE_W - 200, leading=1.25, gap=0):
        name, size = FONTS[font][0], size * self.scale
        if self.draw:
            self.c.setFont(name, size)
            self.c.setFillColor(color)
        for line in simpleSplit(_fit(text, name), name, size, width) if text else []:
            self.y -= size * leading
            if self.draw:
                self.c.drawCentredString(PAGE_W / 2, self.y, line)
        self.y -= gap * self.scale

    def skip(self, points):
        self.y -= points * self.scale


def _frame(c):
    c.setFillColor(white)
    c.rect(0, 0, PAGE_W, PAGE_H, stroke=0, fill=1)
    c.setStrokeColor(BRAND)
    c.setLineWidth(6)
    c.rect(18, 18, PAGE_W - 36, PAGE_H - 36)
    c.setStrokeColor(GOLD)
    c.setLineWidth(1.5)
    c.rect(30, 30, PAGE_W - 60, PAGE_H - 60)


def _logo(c, logo_path, top, *, scale=1.0, draw=True):
    if not logo_path or not Path(logo_path).is_file():
        return top
    image = ImageReader(str(logo_path))
    w, h = image.getSize()
    height = 58 * scale
    width = min(w * height / h, 180)
    height = width * h / w
    if draw:
        c.drawImage(image, (PAGE_W - width) / 2, top - height, width, height, mask="auto")
    return top - height - 4


def _body(c, data, logo_path, *, scale, draw):
    """The centered text from the logo down; returns where it ended."""
    pen = _Pen(c, _logo(c, logo_path, PAGE_H - 44, scale=scale, draw=draw), scale=scale, draw=draw)
    for line in data.organizer_lines:
        pen.lines(line, font="bold", size=11.5, color=INK)
    pen.skip(10)
    pen.lines(data.title, font="bold", size=30, color=BRAND, gap=2)
    pen.lines(data.number_line, size=10, color=MUTED, gap=18)
    pen.lines(data.given_to, font="italic", size=12, gap=8)
    pen.lines(data.recipient_name, font="bold", size=24, leading=1.2, gap=8)
    pen.lines(data.recipient_agency, size=12, gap=16)
    pen.lines(data.statement, size=12, gap=4)
    if data.award_name:
        pen.lines(data.award_name, font="bold", size=20, color=GOLD, leading=1.2, gap=6)
        pen.lines(data.award_connector, size=12, gap=4)
    pen.lines(data.contest_title, font="bold", size=14, width=PAGE_W - 240, gap=4)
    pen.lines(data.entry_line, font="italic", size=11, width=PAGE_W - 260)
    return pen.y


def _slots(count):
    return [PAGE_W * 0.75] if count <= 1 else [PAGE_W * 0.48, PAGE_W * 0.78]


def signature_box(count):
    """Where the first signatory's electronic-signature block goes: between position and name."""
    x = _slots(count)[0]
    return (round(x - 108), 94, round(x + 108), 132)  # clear of the QR caption and the second name


def _signatures(c, signatories, place_date):
    slots = _slots(len(signatories))
    bold, regular = FONTS["bold"][0], FONTS["regular"][0]
    c.setFillColor(INK)
    c.setFont(regular, 11)
    c.drawCentredString(slots[-1], 176, _fit(place_date, regular))
    for x, sig in zip(slots, signatories, strict=False):
        c.setFont(regular, 10)
        y = 160
        for line in simpleSplit(_fit(sig.position, regular), regular, 10, 180):
            c.drawCentredString(x, y, line)
            y -= 12
        c.setFont(bold, 11)
        name = _fit(sig.name, bold)
        c.drawCentredString(x, 84, name)
        half = pdfmetrics.stringWidth(name, bold, 11) / 2
        c.setLineWidth(0.6)
        c.setStrokeColor(INK)
        c.line(x - half, 82, x + half, 82)
        if sig.nip_line:
            c.setFont(regular, 9.5)
            c.drawCentredString(x, 70, _fit(sig.nip_line, regular))


def _verification(c, data):
    x, y = 52, 50
    c.drawImage(ImageReader(qr_image(data.verify_url)), x, y, QR_SIZE, QR_SIZE)
    regular, bold = FONTS["regular"][0], FONTS["bold"][0]
    c.setFillColor(INK)
    c.setFont(bold, 10)
    c.drawString(x + QR_SIZE + 8, y + QR_SIZE - 14, _fit(data.code_display, bold))
    c.setFillColor(MUTED)
    c.setFont(regular, 7.5)
    ty = y + QR_SIZE - 28
    for line in simpleSplit(_fit(data.verify_caption, regular), regular, 7.5, 150):
        c.drawString(x + QR_SIZE + 8, ty, line)
        ty -= 9.5


def render(data, *, logo_path=None):
    """The certificate as PDF bytes."""
    _register_fonts()
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=(PAGE_W, PAGE_H), pageCompression=1)
    c.setTitle(_fit(data.metadata_title or data.title, FONTS["regular"][0]))
    c.setAuthor(" ".join(data.organizer_lines)[:200])
    c.setSubject(data.contest_title)
    _frame(c)
    fits = (k for k in SCALES if _body(c, data, logo_path, scale=k, draw=False) >= BODY_BOTTOM)
    scale = next(fits, SCALES[-1])
    _body(c, data, logo_path, scale=scale, draw=True)
    _signatures(c, data.signatories, data.place_date)
    _verification(c, data)
    c.showPage()
    c.save()
    return out.getvalue()
