"""The PDF itself: A4 landscape, the Indonesian text, a QR code that decodes to the verify URL."""
import io

from PIL import Image
from pypdf import PdfReader

from contest.certificates.pdf import PAGE_H, PAGE_W, CertificateData, Signatory, render
from tests.certificates.conftest import pdf_text, qr_payloads

URL = "https://sayembara.kaltimprov.go.id/verify/7K3QXM9P2D"


def data(**overrides):
    values = dict(
        title="PIAGAM PENGHARGAAN", number_line="Nomor: 7K3QX-M9P2D", given_to="diberikan kepada",
        recipient_name="Dra. Siti Rahmawati, M.Si.", recipient_agency="Badan Kepegawaian Daerah",
        statement="atas prestasinya sebagai", award_name="JUARA I", award_connector="dalam",
        contest_title="Sayembara Video Pendek Netralitas ASN — Pilkada Serentak 2024",
        entry_line="dengan karya berjudul “Netral Itu Pilihan Kami” (NTR-2024-0001)",
        place_date="Samarinda, 5 Desember 2024", verify_url=URL,
        verify_caption=f"Pindai kode QR atau buka {URL} untuk memeriksa keaslian dokumen ini.",
        code_display="7K3QX-M9P2D",
        organizer_lines=["PEMERINTAH PROVINSI KALIMANTAN TIMUR", "BADAN KESATUAN BANGSA DAN POLITIK"],
        signatories=[Signatory("Drs. H. Sufian Agus, M.Si.", "Kepala Badan Kesbangpol", "NIP 196804111993031009"),
                     Signatory("Rina Kartika, S.Sn., M.Sn.", "Ketua Dewan Juri")],
    )
    values.update(overrides)
    return CertificateData(**values)


def test_one_a4_landscape_page_with_the_text():
    out = render(data())
    reader = PdfReader(io.BytesIO(out))
    [page] = reader.pages
    assert round(float(page.mediabox.width)) == round(PAGE_W) == 842
    assert round(float(page.mediabox.height)) == round(PAGE_H) == 595
    text = pdf_text(out)
    for expected in ("PIAGAM PENGHARGAAN", "Nomor: 7K3QX-M9P2D", "diberikan kepada", "Dra. Siti Rahmawati, M.Si.",
                     "Badan Kepegawaian Daerah", "JUARA I", "Pilkada Serentak 2024", "Netral Itu Pilihan Kami",
                     "Samarinda, 5 Desember 2024", "Drs. H. Sufian Agus, M.Si.", "NIP 196804111993031009",
                     "Ketua Dewan Juri", "PEMERINTAH PROVINSI KALIMANTAN TIMUR"):
        assert expected in text, expected
    assert reader.metadata.title == "PIAGAM PENGHARGAAN"


def test_qr_code_decodes_to_the_verification_url():
    assert qr_payloads(render(data())) == [URL]


def test_participation_certificate_has_no_award_line():
    text = pdf_text(render(data(title="SERTIFIKAT", statement="atas partisipasinya sebagai peserta dalam",
                                award_name="", award_connector="")))
    assert "SERTIFIKAT" in text and "partisipasinya" in text and "JUARA" not in text


def test_letters_the_font_lacks_fall_back_to_their_base_letter():
    text = pdf_text(render(data(recipient_name="Ŝiti Ṙahmawati", signatories=[])))
    assert "Siti Rahmawati" in text
    assert "Samarinda, 5 Desember 2024" in text  # place and date print without signatories too


def test_logo_is_drawn(tmp_path):
    logo = tmp_path / "logo.png"
    Image.new("RGB", (200, 240), (10, 120, 60)).save(logo)
    with_logo, without = render(data(), logo_path=logo), render(data())
    sizes = lambda out: sorted(i.image.size for i in PdfReader(io.BytesIO(out)).pages[0].images)  # noqa: E731
    assert len(sizes(with_logo)) == len(sizes(without)) + 1
    assert (200, 240) in sizes(with_logo)
    assert qr_payloads(with_logo) == [URL]


def _baselines(out):
    """{text fragment: baseline y} of the first page."""
    found = {}

    def visit(text, cm, tm, font, size):
        if text.strip():
            found.setdefault(text.strip(), tm[5] * cm[3] + cm[5])

    PdfReader(io.BytesIO(out)).pages[0].extract_text(visitor_text=visit)
    return found


def test_long_text_shrinks_to_end_above_the_signatures(tmp_path):
    from contest.certificates.pdf import BODY_BOTTOM

    logo = tmp_path / "logo.png"
    Image.new("RGB", (300, 360), (20, 90, 160)).save(logo)
    long_title = "Sayembara Video Pendek Netralitas ASN Tingkat Provinsi Kalimantan Timur " * 3
    for kwargs in (
        {},
        {"contest_title": long_title},
        {"contest_title": long_title, "organizer_lines": ["A", "B", "C"]},
    ):
        lines = _baselines(render(data(**kwargs), logo_path=logo))
        entry = next(y for text, y in lines.items() if "dengan karya berjudul" in text)
        place = lines["Samarinda, 5 Desember 2024"]
        assert entry >= BODY_BOTTOM - 1 and place < entry, kwargs
