"""Notification templates as text: the default wording, placeholder checks and rendering (pure).

A template is plain text with placeholders in braces (`{nama}`, `{kode_karya}`); `{{` and `}}`
write a literal brace. The committee edits the wording per edition; a placeholder we do not
know, or a brace left open, is refused on save (check() names it) rather than sent broken.
"""
from string import Formatter

PLACEHOLDERS = ("nama", "kode_karya", "judul", "alasan", "batas_perbaikan", "tautan", "edisi",
                "hasil", "babak", "batas_penilaian", "jumlah", "email", "tahap", "batas_lama", "batas_baru")

# Values the preview fills in: what a real message could say.
SAMPLE_VALUES = {
    "nama": "Andi Pratama, S.Kom.", "kode_karya": "NTR-2024-0042", "judul": "Netral Itu Keren",
    "alasan": "Durasi video 45 detik; minimal 60 detik.", "batas_perbaikan": "20 Okt 2024, 23.59 WITA",
    "tautan": "https://sayembara.kaltimprov.go.id/entries/42", "edisi": "Sayembara Video ASN 2024",
    "hasil": "Perlu Perbaikan", "babak": "Penilaian Juri", "batas_penilaian": "30 Okt 2024, 23.59 WITA",
    "jumlah": "3", "email": "andi.pratama@kaltimprov.go.id", "tahap": "Batas akhir pengumpulan karya",
    "batas_lama": "Rabu, 27 November 2024 pukul 23.59 WITA", "batas_baru": "Senin, 25 November 2024 pukul 23.59 WITA",
}

# kind → (subject, body, placeholders that make sense for it)
DEFAULTS = {
    "registration_confirmed": (
        "Pendaftaran berhasil — {edisi}",
        "Halo {nama},\n\nPendaftaran Anda sebagai peserta {edisi} berhasil. Anda sekarang dapat membuat "
        "karya, mengunggah video dan mengirimkannya sebelum batas waktu.\n\nKarya Saya: {tautan}\n\n"
        "Salam,\nPanitia Sayembara",
    ),
    "entry_submitted": (
        "Karya {kode_karya} diterima",
        "Halo {nama},\n\nKarya Anda \"{judul}\" telah terkirim dengan kode {kode_karya}. Simpan kode ini; "
        "panitia dan juri menyebut karya Anda dengan kode tersebut.\n\nLihat karya: {tautan}\n\n"
        "Salam,\nPanitia {edisi}",
    ),
    "video_rejected": (
        "Video karya {kode_karya} belum memenuhi ketentuan",
        "Halo {nama},\n\nVideo yang Anda unggah untuk karya \"{judul}\" ({kode_karya}) belum memenuhi "
        "ketentuan:\n\n{alasan}\n\nSilakan unggah ulang video yang sesuai: {tautan}\n\n"
        "Salam,\nPanitia {edisi}",
    ),
    "admin_check_result": (
        "Hasil verifikasi administrasi {kode_karya}: {hasil}",
        "Halo {nama},\n\nHasil verifikasi administrasi karya \"{judul}\" ({kode_karya}): {hasil}.\n\n"
        "Catatan panitia: {alasan}\nBatas perbaikan: {batas_perbaikan}\n\nLihat karya: {tautan}\n\n"
        "Salam,\nPanitia {edisi}",
    ),
    "judge_invite": (
        "Undangan Dewan Juri — {edisi}",
        "Yth. {nama},\n\nPanitia mengundang Anda menjadi anggota Dewan Juri {edisi}.\nBuat kata sandi "
        "akun juri Anda melalui tautan berikut (berlaku 7 hari, satu kali pakai):\n\n{tautan}\n\n"
        "Setelah itu Anda dapat masuk dengan email {email} dan kata sandi tersebut.\n\n"
        "Hormat kami,\nPanitia Sayembara",
    ),
    "judge_reminder": (
        "Pengingat penilaian — {babak} ditutup {batas_penilaian}",
        "Yth. {nama},\n\nMasih ada {jumlah} karya yang belum Anda nilai pada {babak} ({edisi}). "
        "Penilaian ditutup {batas_penilaian}.\n\nLanjutkan penilaian: {tautan}\n\nTerima kasih,\n"
        "Panitia Sayembara",
    ),
    "winners_announced": (
        "Pemenang {edisi} telah diumumkan",
        "Halo {nama},\n\nTerima kasih telah berpartisipasi dalam {edisi}. Pemenang telah diumumkan; "
        "lihat karya para pemenang di:\n\n{tautan}\n\nSalam,\nPanitia Sayembara",
    ),
    "certificate_ready": (
        "Sertifikat {edisi} Anda sudah tersedia",
        "Halo {nama},\n\nSertifikat Anda untuk {edisi} sudah dapat diunduh di halaman Karya Saya:\n\n"
        "{tautan}\n\nSalam,\nPanitia Sayembara",
    ),
    "deadline_changed": (
        "Perubahan jadwal: {tahap}",
        "Halo {nama},\n\nPanitia mengubah jadwal {edisi}:\n\n{tahap}\nSemula: {batas_lama}\n"
        "Menjadi: {batas_baru}\n\n{alasan}\n\n{tautan}\n\nSalam,\nPanitia Sayembara",
    ),
}
KINDS = tuple(DEFAULTS)


def check(text):
    """Problems in a template as (code, detail): ("unknown", "{nam}") or ("broken", "{nama Anda").

    "broken" is a brace never closed (or closed without opening); the detail is the text from
    that brace on, so the committee can find it.
    """
    text = text or ""
    broken = _broken_brace(text)
    if broken is not None:
        return [("broken", text[broken:broken + 20].split("\n")[0])]
    problems = []
    for _literal, field, spec, conversion in Formatter().parse(text):
        if field is None:
            continue
        if field not in PLACEHOLDERS or spec or conversion:
            shown = "{" + field + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            if ("unknown", shown) not in problems:
                problems.append(("unknown", shown))
    return problems


def _broken_brace(text):
    """Index of the first brace that does not form a placeholder or an escaped brace, or None."""
    i = 0
    while i < len(text):
        char = text[i]
        if char in "{}" and text[i + 1:i + 2] == char:
            i += 2
            continue
        if char == "}":
            return i
        if char == "{":
            close, reopen = text.find("}", i), text.find("{", i + 1)
            if close == -1 or (reopen != -1 and reopen < close) or close == i + 1:
                return i
            i = close
        i += 1
    return None


class _Blank(dict):
    def __missing__(self, key):
        return ""


def render(text, values):
    """The template with its placeholders filled; a value not given renders empty."""
    return text.format_map(_Blank({k: "" if v is None else str(v) for k, v in values.items()}))
