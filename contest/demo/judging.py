"""Demo judging: Kutim rubric, an open scoring round, a panel, checked entries, some scores.

After `flask contest demo` a judge can log in and score blind at once; juri2 and juri3 have
already scored most entries, each in their own order and drifting as real raters do (so the
results page's order report has something to show), juri1 (Kesbangpol) has not — and one entrant
works at Kesbangpol, so juri1 has an automatic conflict with that entry. Two entries are
calibration items, first in every judge's list.
"""
import random
import secrets
import shutil
from datetime import date, timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import func, select

from ..accounts.nip import build_nip, parse_nip
from ..accounts.services import find_user_by_email, register_entrant
from ..core.extensions import db
from ..core.timeutil import utcnow
from ..entries.models import Entry, EntryStatus
from ..judging.checks.eligibility import eligible_entries
from ..judging.checks.services import checks_by_entry, record_check
from ..judging.panel.models import JudgeProfile
from ..judging.rounds.editing import ensure_default_rounds, has_scores
from ..judging.rounds.models import RoundKind
from ..judging.rounds.windows import rounds_of
from ..judging.scoring.calibration import set_calibration
from ..judging.scoring.queue import judge_queue
from ..judging.scoring.scorecards import record_opening, save_scorecard
from ..judging.scoring.sequence import calibration_ids
from ..media import ffmpeg
from ..media.pipeline import process_video
from ..media.services import current_video
from ..media.uploads.tus import hand_over

DEMO_ADMIN = "admin@demo.kaltimprov.go.id"

JUDGE_PROFILES = {
    "juri1@demo.kaltimprov.go.id": ("Badan Kesatuan Bangsa dan Politik", "Kepala Bidang, Kesbangpol Kaltim"),
    "juri2@demo.kaltimprov.go.id": ("Bawaslu Provinsi Kalimantan Timur", "Anggota Bawaslu Kaltim"),
    "juri3@demo.kaltimprov.go.id": ("", "Praktisi film, dosen Ilmu Komunikasi"),
}

DEMO_ENTRIES = [
    ("Dinas Pendidikan dan Kebudayaan", "Kota Samarinda", "Guru Netral, Murid Cerdas",
     "Seorang guru ASN menolak menjadi tim sukses dan memilih fokus mengajar menjelang Pilkada."),
    ("Dinas Kesehatan", "Kota Balikpapan", "Stetoskop Tanpa Warna Partai",
     "Perawat puskesmas menjaga pelayanan tetap adil bagi semua warga di masa kampanye."),
    ("Badan Pengelolaan Keuangan dan Aset Daerah", "Kota Samarinda", "Anggaran Bukan Alat Kampanye",
     "Kisah bendahara yang menolak mencairkan dana untuk kegiatan berbau kampanye."),
    ("Satuan Polisi Pamong Praja", "Kabupaten Kutai Kartanegara", "Seragam Kami Netral",
     "Anggota Satpol PP menertibkan baliho tanpa memihak pasangan calon mana pun."),
    ("Badan Kesatuan Bangsa dan Politik", "Kota Samarinda", "Jempol yang Bijak",
     "Animasi tentang ASN yang menahan diri memberi 'like' pada unggahan kampanye."),
    ("Dinas Sosial", "Kabupaten Berau", "Bansos Bukan Milik Calon",
     "Pendamping sosial menjelaskan kepada warga bahwa bantuan sosial tidak terkait pilihan politik."),
    ("Badan Perencanaan Pembangunan Daerah", "Kota Bontang", "Rapat Tanpa Titipan",
     "Rapat perencanaan yang tetap profesional meski ada tekanan dari tim pemenangan."),
    ("RSUD Abdul Wahab Sjahranie", "Kota Samarinda", "Di Ruang Gawat Darurat, Semua Sama",
     "Dokter jaga melayani pasien tanpa melihat atribut politik yang dikenakan."),
    ("Dinas Pekerjaan Umum dan Penataan Ruang", "Kabupaten Paser", "Jalan untuk Semua",
     "Pengawas proyek menolak meresmikan jalan bersama salah satu calon."),
    ("Dinas Kependudukan dan Pencatatan Sipil", "Kabupaten Kutai Timur", "Data Warga Bukan Data Pemilih Calon",
     "Petugas Dukcapil menolak permintaan data penduduk dari tim sukses."),
    ("Sekretariat Daerah", "Kota Samarinda", "Grup WhatsApp Kantor",
     "Drama singkat tentang grup percakapan kantor yang dibanjiri pesan kampanye."),
    ("Dinas Lingkungan Hidup", "Kabupaten Penajam Paser Utara", "Hijau Itu Netral",
     "Penyuluh lingkungan menjaga kegiatan tanam pohon bebas dari simbol partai."),
]


def _judges(emails):
    users = []
    for email in emails:
        user = find_user_by_email(email)
        if user is None:
            continue
        agency, affiliation = JUDGE_PROFILES[email]
        if user.judge_profile is None:
            db.session.add(JudgeProfile(user=user, agency=agency, affiliation=affiliation,
                                        invited_at=utcnow(), accepted_at=utcnow()))
        users.append(user)
    db.session.flush()
    return users


def _entrant(n, agency, regency):
    email = f"peserta.demo{n:02d}@demo.kaltimprov.go.id"
    user = find_user_by_email(email)
    if user is not None:
        return user
    birth = date(1982, 1, 15) + timedelta(days=97 * n)
    nip = build_nip(birth_date=birth, kind="PNS", appointment_year=birth.year + 24, appointment_month=3,
                    gender="L" if n % 2 else "P", sequence=100 + n)
    return register_entrant(
        full_name=f"Peserta Demo {n:02d}", email=email, password=secrets.token_urlsafe(12),
        parsed_nip=parse_nip(nip), position="Analis", rank="III/c", work_unit="Sekretariat",
        agency=agency, regency=regency, phone=f"+62812345{n:05d}")


def seed_judging(contest, *, actor=None, rng_seed=20241127, videos=None):
    """Create whatever of the demo judging is missing (each step is idempotent).

    videos: give the demo entries a generated test clip through the media pipeline (judges
    only see entries whose video is ready; the hand-over commits). Default: the DEMO_VIDEOS
    setting, on unless set to False.
    """
    if videos is None:
        videos = current_app.config.get("DEMO_VIDEOS", True)
    now = utcnow()
    actor = actor or find_user_by_email(DEMO_ADMIN)
    existing = rounds_of(contest)
    if not existing:
        existing = ensure_default_rounds(contest=contest, actor=actor, opens_at=now - timedelta(days=1),
                                         closes_at=contest.judging_closes_at)
    check_round = next((r for r in existing if r.kind == RoundKind.ADMIN_CHECK.value), None)
    scoring_round = next((r for r in existing if r.kind == RoundKind.SCORING.value), None)
    judges = _judges(list(JUDGE_PROFILES))
    if scoring_round is None or not judges:
        return
    if not scoring_round.judges:
        scoring_round.judges = judges
    entries = _entries(contest, now)
    if check_round is not None:
        done = checks_by_entry(check_round)
        for n, entry in enumerate(entries, start=1):
            if entry.id in done:
                continue
            if n == len(entries):
                record_check(rnd=check_round, entry=entry, outcome="needs_fix", actor=actor or judges[0],
                             reason="Surat pernyataan keaslian karya belum ditandatangani; "
                                    "unggah ulang versi bertanda tangan.")
            else:
                record_check(rnd=check_round, entry=entry, outcome="pass", reason="", actor=actor or judges[0])
    db.session.flush()
    if videos:
        attach_demo_videos(entries, workdir=Path(current_app.instance_path) / "demo-media")
    if not has_scores(scoring_round):
        ready = {e.id for e in eligible_entries(scoring_round)}
        calibration = [e.id for e in (entries[1], entries[5]) if e.id in ready]  # no judge's own agency
        if calibration and not calibration_ids(scoring_round):
            set_calibration(rnd=scoring_round, entry_ids=calibration, actor=actor or judges[0])
        _seed_scores(scoring_round, judges[1:], random.Random(rng_seed))
    db.session.flush()


def _entries(contest, now):
    entries = []
    for n, (agency, regency, title, synopsis) in enumerate(DEMO_ENTRIES, start=1):
        user = _entrant(n, agency, regency)
        entry = db.session.scalar(select(Entry).where(Entry.user_id == user.id, Entry.contest_id == contest.id))
        if entry is None:  # built directly: the demo may be seeded after submissions closed
            number = (db.session.scalar(select(func.max(Entry.number)).where(Entry.contest_id == contest.id)) or 0) + 1
            entry = Entry(contest=contest, user=user, number=number, title=title, synopsis=synopsis,
                          originality_accepted_at=now, status=EntryStatus.SUBMITTED.value,
                          submitted_at=now - timedelta(days=6, hours=-n * 7))
            db.session.add(entry)
            db.session.flush()
        entries.append(entry)
    return entries


SCORED_PER_JUDGE = 10
# (harshness offset, drift in points per entry scored): juri2 is lenient, juri3 harsh, and both grow
# more generous as they go, the rater drift the results page's order report is there to catch.
JUDGE_HABITS = ((8, 1.5), (-10, 1.8))


def _seed_scores(rnd, judges, rng):
    """juri2 and juri3 each score the first nine entries of their own order (calibration items first)."""
    quality = {}
    for judge, (offset, drift) in zip(judges, JUDGE_HABITS, strict=False):
        for position, item in enumerate(judge_queue(rnd, judge)[:SCORED_PER_JUDGE], start=1):
            base = quality.setdefault(item.entry_id, rng.uniform(45, 85))
            level = base + offset + drift * (position - SCORED_PER_JUDGE / 2)
            raw = {c.id: str(max(1, min(100, round(level + rng.gauss(0, 4))))) for c in rnd.criteria}
            record_opening(rnd=rnd, entry_id=item.entry_id, judge=judge)
            save_scorecard(rnd=rnd, entry_id=item.entry_id, judge=judge, raw_values=raw, submit=True,
                           comment="", require_watch=False)


def attach_demo_videos(entries, *, workdir):
    """Give each demo entry a ready video (one generated test clip) through the media pipeline.

    Judges only see entries with a ready video; a demo without videos would show them nothing.
    Returns how many videos were made. Commits: seeding is its own unit of work (a CLI command).
    """
    todo = [e for e in entries if current_video(e) is None]
    if not todo:
        return 0
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    clip = workdir / "demo-clip.mp4"
    if not clip.exists():
        tmp = workdir / "demo-clip.tmp.mp4"
        ffmpeg.run(["ffmpeg", "-v", "error", "-nostdin", "-y", "-f", "lavfi", "-i", "smptehdbars=size=1280x720:rate=5",
                    "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=22050", "-t", "61", "-c:v", "libx264",
                    "-preset", "ultrafast", "-crf", "38", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "32k",
                    "-movflags", "+faststart", f"file:{tmp}"], timeout=120)
        tmp.replace(clip)
    made = 0
    for entry in todo:
        upload = workdir / f"upload-{entry.id}-{secrets.token_hex(4)}.mp4"
        shutil.copyfile(clip, upload)
        video = hand_over(entry_id=entry.id, path=upload, filename="video.mp4", size=upload.stat().st_size)
        process_video(video.id)
        made += 1
    return made
