"""Demo data of the current edition (the realistic default from DOMAIN.md): contest, staff, entrants."""
import json
import secrets
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select

from ..accounts.nip import parse_nip
from ..accounts.phone import normalize_phone
from ..accounts.services import create_staff, find_user_by_email, register_entrant
from ..contests.phases import Phase, is_open
from ..contests.services import get_contest_by_slug, make_current, save_contest
from ..core.extensions import db
from ..entries.models import Entry
from ..entries.services import create_entry

ZONE = ZoneInfo("Asia/Makassar")
SLUG = "netralitas-asn-pilkada-2024"

DESCRIPTION = """Pemerintah Provinsi Kalimantan Timur melalui Badan Kesatuan Bangsa dan Politik
(Kesbangpol) mengajak Aparatur Sipil Negara (PNS dan PPPK) di seluruh Kalimantan Timur membuat
video pendek tentang **netralitas ASN** dalam Pilkada Serentak 2024 (pemungutan suara
27 November 2024).

ASN wajib bebas dari pengaruh dan intervensi semua golongan dan partai politik
(UU Nomor 20 Tahun 2023 tentang ASN, Pasal 9 ayat 2)."""

RULES = """1. Peserta adalah ASN (PNS atau PPPK) di lingkungan pemerintah daerah se-Kalimantan Timur.
2. Setiap peserta mengirim **satu karya**; karya asli, belum pernah dipublikasikan atau diikutkan lomba lain.
3. Durasi video **60–180 detik**, sisi terpendek minimal **720 piksel** (disarankan 1080p), lanskap atau potret,
   wajib bersuara, maksimal 500 MB.
4. Karya tidak mengandung unsur SARA, hoaks, pornografi, atau materi berhak cipta milik pihak lain.
5. Karya **tidak boleh** menampilkan warna, simbol, kode jari, nomor urut, atau slogan pasangan calon mana pun.
6. Panitia, dewan juri, dan pihak yang terafiliasi dengan mereka tidak boleh menjadi peserta.
7. Peserta menyetujui Surat Pernyataan Keaslian Karya saat mengirim karya.
8. Keputusan dewan juri bersifat final dan tidak dapat diganggu gugat."""

PRIZES = [
    ("Juara I", 7_500_000, "Uang pembinaan, piagam penghargaan"),
    ("Juara II", 5_000_000, "Uang pembinaan, piagam penghargaan"),
    ("Juara III", 3_500_000, "Uang pembinaan, piagam penghargaan"),
    ("Harapan I", 2_000_000, "Uang pembinaan, piagam penghargaan"),
    ("Harapan II", 1_500_000, "Uang pembinaan, piagam penghargaan"),
    ("Harapan III", 1_000_000, "Uang pembinaan, piagam penghargaan"),
    ("Video Terfavorit", 1_000_000, "Pilihan publik, terpisah dari penilaian juri"),
]

JUDGES = [
    ("juri1@demo.kaltimprov.go.id", "Drs. H. Sufian Agus, M.Si. (Kesbangpol)"),
    ("juri2@demo.kaltimprov.go.id", "Hari Dermanto, S.H. (Bawaslu Kaltim)"),
    ("juri3@demo.kaltimprov.go.id", "Rina Kartika, S.Sn., M.Sn. (Praktisi Film)"),
]

ENTRANTS = [
    dict(email="andi.pratama@demo.kaltimprov.go.id", full_name="Andi Pratama, S.Kom.",
         nip="198609262015051001", position="Pranata Komputer Ahli Muda", rank="III/c",
         work_unit="Bidang Aplikasi Informatika", agency="Dinas Komunikasi dan Informatika",
         regency="Kota Samarinda", phone="081234567801",
         entry=("Netral Itu Pilihan Kami", "Seorang pegawai menolak ajakan memakai atribut kampanye di kantor.")),
    dict(email="siti.rahmawati@demo.kaltimprov.go.id", full_name="Dra. Siti Rahmawati, M.Si.",
         nip="198012302010012005", position="Analis Kebijakan Ahli Madya", rank="IV/a",
         work_unit="Sekretariat", agency="Badan Kepegawaian Daerah",
         regency="Kota Balikpapan", phone="+6281234567802", entry=None),
    dict(email="budi.santoso@demo.kaltimprov.go.id", full_name="Budi Santoso, A.Md.",
         nip="200012312024211001", position="Pengelola Layanan Operasional", rank="V",
         work_unit="UPTD Puskesmas Sangatta Utara", agency="Dinas Kesehatan",
         regency="Kabupaten Kutai Timur", phone="6281234567803",
         entry=("Satu Suara, Tanpa Tekanan", "Kisah guru PPPK yang tetap netral di tengah tekanan menjelang Pilkada.")),
]


def demo_timeline(now=None):
    """Submissions open now: opened a week ago, closing in three weeks at 23.59 WITA."""
    today = (now or datetime.now(ZONE)).astimezone(ZONE).date()

    def at(days, hh=0, mm=0):
        return datetime.combine(today + timedelta(days=days), time(hh, mm), tzinfo=ZONE)

    return {
        "registration_opens_at": at(-7, 8, 0),
        "submissions_close_at": at(21, 23, 59),
        "judging_opens_at": at(25, 8, 0),
        "judging_closes_at": at(32, 23, 59),
        "voting_opens_at": at(25, 8, 0),
        "voting_closes_at": at(32, 23, 59),
        "announcement_at": at(39, 10, 0),
    }


def demo_contest_values():
    return {
        "slug": SLUG,
        "title": "Sayembara Video Pendek Netralitas ASN — Pilkada Serentak 2024",
        "theme": "ASN Netral, Pilkada Damai: Bijak Bermedia Sosial, Profesional Melayani",
        "description": DESCRIPTION,
        "rules": RULES,
        "timezone": "Asia/Makassar",
        "code_prefix": "NTR-2024",
        "min_duration_s": 60,
        "max_duration_s": 180,
        "min_short_side_px": 720,
        "orientations": "landscape,portrait",
        "max_size_mb": 500,
        "audio_required": True,
        "max_entries_per_entrant": 1,
        **demo_timeline(),
    }


def _logins_file():
    return Path(current_app.instance_path) / "demo-logins.json"


def _passwords():
    """Demo passwords: random on the first run, then read back so the printout stays true."""
    path = _logins_file()
    if path.exists():
        return json.loads(path.read_text())
    return {}


def _save_passwords(passwords):
    path = _logins_file()
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(passwords, indent=2))
    tmp.chmod(0o600)
    tmp.replace(path)


def seed_current_edition():
    """The current edition, its staff and entrants (whatever is missing); returns (contest, logins)."""
    known = _passwords()
    passwords = dict(known)

    def password_for(email):
        return passwords.setdefault(email, secrets.token_urlsafe(9))

    def keep_printout_true(user):
        # An account from an earlier run whose password file is gone gets a new password,
        # so the printed login always works.
        if user.email not in known:
            user.set_password(password_for(user.email))

    contest = get_contest_by_slug(SLUG)
    if contest is None:
        contest = save_contest(values=demo_contest_values(), prizes=PRIZES)
        make_current(contest=contest)

    logins = []
    admin_email = "admin@demo.kaltimprov.go.id"
    admin = find_user_by_email(admin_email)
    if admin is None:
        create_staff(email=admin_email, password=password_for(admin_email),
                     full_name="Panitia Kesbangpol Kaltim", roles=["admin"])
    else:
        keep_printout_true(admin)
    logins.append(("admin", admin_email, password_for(admin_email)))

    for email, name in JUDGES:
        judge = find_user_by_email(email)
        if judge is None:
            create_staff(email=email, password=password_for(email), full_name=name, roles=["judge"])
        else:
            keep_printout_true(judge)
        logins.append(("judge", email, password_for(email)))

    for spec in ENTRANTS:
        user = find_user_by_email(spec["email"])
        if user is None:
            user = register_entrant(
                full_name=spec["full_name"], email=spec["email"], password=password_for(spec["email"]),
                parsed_nip=parse_nip(spec["nip"]), position=spec["position"], rank=spec["rank"],
                work_unit=spec["work_unit"], agency=spec["agency"], regency=spec["regency"],
                phone=normalize_phone(spec["phone"]),
            )
        else:
            keep_printout_true(user)
        has_entry = db.session.scalar(
            select(Entry.id).where(Entry.user_id == user.id, Entry.contest_id == contest.id)
        )
        if spec["entry"] and not has_entry and is_open(contest, Phase.SUBMISSION):
            title, synopsis = spec["entry"]
            create_entry(contest=contest, user=user, title=title, synopsis=synopsis, social_url=None)
        logins.append(("entrant", spec["email"], password_for(spec["email"])))

    _save_passwords(passwords)
    db.session.flush()
    return contest, logins

