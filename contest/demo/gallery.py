"""Demo: a past edition (Pemilu 2024) with final, published winners and real, playable videos.

Six short synthetic clips are made with ffmpeg (lavfi test pattern, a tone, the title drawn on
when the font exists) and run through the real pipeline (media.pipeline.process_video, called
synchronously here, as a worker would); the jury scores them through the judging services, the
round is locked, prizes are assigned and the results sealed — so a newcomer opens a populated
winners gallery right after `make run`. Idempotent: only what is missing is made.
"""
import os
import secrets
import shutil
import subprocess
import tempfile
import textwrap
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select

from ..accounts.models import ASNProfile, User
from ..accounts.nip import build_nip, parse_nip
from ..accounts.services import create_staff, find_user_by_email
from ..contests.models import Contest
from ..contests.services import get_contest_by_slug, save_contest
from ..core.extensions import db
from ..entries.models import Entry, EntryStatus
from ..gallery import publication, services
from ..gallery.models import PublicConsent, WinnerNote
from ..judging.checks.services import record_check
from ..judging.panel.models import JudgeProfile
from ..judging.results.services import assign_prizes_from_ranking, finalize_results, round_results
from ..judging.rounds.editing import ensure_default_rounds, lock_round
from ..judging.scoring.scorecards import save_scorecard
from ..judging.scoring.sequence import ordered
from ..media import pipeline, storage
from ..media import services as media_services
from ..media.models import Video, VideoState
from .captions import seed_captions
from .contests import PRIZES as DEMO_PRIZES

ZONE = ZoneInfo("Asia/Makassar")
SLUG = "netralitas-asn-pemilu-2024"
ADMIN_EMAIL = "admin@demo.kaltimprov.go.id"
JUDGES = {  # email: (name, agency, affiliation) — the same panel as the current edition's demo
    "juri1@demo.kaltimprov.go.id": ("Drs. H. Sufian Agus, M.Si. (Kesbangpol)",
                                    "Badan Kesatuan Bangsa dan Politik", "Kepala Bidang, Kesbangpol Kaltim"),
    "juri2@demo.kaltimprov.go.id": ("Hari Dermanto, S.H. (Bawaslu Kaltim)",
                                    "Bawaslu Provinsi Kalimantan Timur", "Anggota Bawaslu Kaltim"),
    "juri3@demo.kaltimprov.go.id": ("Rina Kartika, S.Sn., M.Sn. (Praktisi Film)",
                                    "", "Praktisi film, dosen Ilmu Komunikasi"),
}
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
CLIP_SECONDS = 3
PORTRAIT, LANDSCAPE = (320, 568), (640, 360)

# The past edition had only the jury's prizes: no public vote that year.
PRIZES = [prize for prize in DEMO_PRIZES if "favorit" not in prize[0].casefold()]

# (agency, regency, title, synopsis, size, jury note) — in the order the jury ranks them.
WINNERS = [
    ("Dinas Komunikasi dan Informatika", "Kota Samarinda", "Jempolku Bukan Untuk Kampanye",
     "Seorang ASN menahan diri dari menyukai dan membagikan unggahan kampanye di media sosial.",
     PORTRAIT, "Pesan netralitas di media sosial disampaikan ringkas, dekat dengan keseharian, dan "
               "sangat mudah dibagikan."),
    ("Dinas Kesehatan", "Kota Balikpapan", "Pelayanan Tanpa Warna",
     "Petugas puskesmas melayani semua warga sama baiknya di tengah hiruk-pikuk kampanye.",
     LANDSCAPE, "Tema pelayanan publik yang adil digarap dengan teknik videografi yang rapi."),
    ("Badan Kepegawaian Daerah", "Kabupaten Kutai Kartanegara", "Seragam Kami, Netral Kami",
     "ASN menolak ajakan memakai atribut pasangan calon saat apel pagi.",
     PORTRAIT, "Cerita sederhana dengan pesan yang tegas dan mudah diingat."),
    ("Dinas Pendidikan dan Kebudayaan", "Kabupaten Berau", "Kelas yang Merdeka",
     "Guru ASN menjaga ruang kelas bebas dari pesan politik menjelang hari pemungutan suara.",
     LANDSCAPE, "Sudut pandang guru memberi warna tersendiri pada pesan netralitas."),
    ("Badan Perencanaan Pembangunan Daerah", "Kota Bontang", "Rapat Tanpa Titipan",
     "Rapat perencanaan tetap profesional meski ada titipan dari tim pemenangan.",
     PORTRAIT, "Dialog kuat; pengambilan gambar di ruang rapat terasa autentik."),
    ("Dinas Sosial", "Kabupaten Paser", "Bansos Bukan Milik Calon",
     "Pendamping sosial menjelaskan bahwa bantuan sosial tidak terkait pilihan politik.",
     LANDSCAPE, "Pesan penting tentang bantuan sosial disampaikan dengan bahasa yang santun."),
]


def _at(y, m, d, hh=0, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=ZONE)


def past_contest_values():
    """Pemilu 2024 (14 February 2024): rules that accept the demo's short, small clips."""
    return {
        "slug": SLUG,
        "title": "Sayembara Video Pendek Netralitas ASN — Pemilu 2024",
        "theme": "ASN Netral, Pemilu Damai: Jaga Jari, Jaga Hati",
        "description": "Edisi Pemilu 2024 (pemungutan suara 14 Februari 2024). Pemerintah Provinsi "
                       "Kalimantan Timur melalui Kesbangpol mengajak ASN membuat video pendek tentang "
                       "netralitas ASN.",
        "rules": "1. Peserta adalah ASN (PNS atau PPPK) se-Kalimantan Timur.\n"
                 "2. Setiap peserta mengirim satu karya asli.\n"
                 "3. Karya tidak menampilkan warna, simbol, kode jari, nomor urut, atau slogan peserta "
                 "pemilu mana pun.\n4. Keputusan dewan juri bersifat final.",
        "timezone": "Asia/Makassar",
        "code_prefix": "PML-2024",
        "min_duration_s": 2, "max_duration_s": 180, "min_short_side_px": 320,
        "orientations": "landscape,portrait", "max_size_mb": 50, "audio_required": True,
        "max_entries_per_entrant": 1,
        "registration_opens_at": _at(2024, 1, 2, 8), "submissions_close_at": _at(2024, 1, 21, 23, 59),
        "judging_opens_at": _at(2024, 1, 24, 8), "judging_closes_at": _at(2024, 1, 31, 23, 59),
        "voting_opens_at": None, "voting_closes_at": None,
        "announcement_at": _at(2024, 2, 7, 10),
    }


# -- clips ---------------------------------------------------------------------------------

def clip_argv(out, *, title, size, frequency, seconds=CLIP_SECONDS, font=FONT, textfile=None):
    """ffmpeg argv for one synthetic H.264/AAC clip (test pattern, tone, title if the font exists)."""
    width, height = size
    argv = ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", f"testsrc2=size={width}x{height}:rate=25:duration={seconds}",
            "-f", "lavfi", "-i", f"sine=frequency={frequency}:duration={seconds}"]
    if textfile is not None and Path(font).exists():
        argv += ["-vf", f"drawtext=fontfile={font}:textfile={textfile}:fontcolor=white:fontsize={width // 16}"
                        ":box=1:boxcolor=black@0.6:boxborderw=8:line_spacing=6"
                        ":x=(w-text_w)/2:y=(h-text_h)/2"]
    argv += ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "64k",
             "-shortest", "-movflags", "+faststart", str(out)]
    return argv


def make_clips(folder, specs):
    """specs: (name, title, size) → {name: Path}; the ffmpeg runs go in parallel."""
    folder = Path(folder)

    def one(index_spec):
        index, (name, title, size) = index_spec
        textfile = folder / f"{name}.txt"
        textfile.write_text("\n".join(textwrap.wrap(title, 14 if size[0] < size[1] else 26)))
        out = folder / f"{name}.mp4"
        subprocess.run(clip_argv(out, title=title, size=size, frequency=330 + 55 * index, textfile=textfile),
                       check=True, stdin=subprocess.DEVNULL, timeout=60, capture_output=True)
        return name, out

    with ThreadPoolExecutor(max_workers=4) as pool:
        return dict(pool.map(one, enumerate(specs)))


# -- people and entries --------------------------------------------------------------------

def _admin():
    admin = find_user_by_email(ADMIN_EMAIL)
    if admin is None:
        admin = create_staff(email=ADMIN_EMAIL, password=secrets.token_urlsafe(12),
                             full_name="Panitia Kesbangpol Kaltim", roles=["admin"])
    return admin


def _judges():
    judges = []
    for email, (name, agency, affiliation) in JUDGES.items():
        user = find_user_by_email(email) or create_staff(
            email=email, password=secrets.token_urlsafe(12), full_name=name, roles=["judge"])
        if db.session.get(JudgeProfile, user.id) is None:
            db.session.add(JudgeProfile(user_id=user.id, agency=agency, affiliation=affiliation,
                                        accepted_at=_at(2024, 1, 20)))
        judges.append(user)
    db.session.flush()
    return judges


NAMES = ["Rahmat Hidayat, S.Kom.", "Nur Aisyah, S.E.", "Dewi Lestari, S.Sos.", "Yusuf Kurniawan, A.Md.",
         "Maya Sari, S.I.Kom.", "Fajar Ramadhan, S.T."]


def _entrant(n, agency, regency):
    """A past entrant. No password: they took part in 2024 and never log in to the demo (a real
    account would use Lupa Kata Sandi); skipping the password hash keeps the demo fast."""
    email = f"peserta.pemilu{n:02d}@demo.kaltimprov.go.id"
    user = find_user_by_email(email)
    if user is not None:
        return user
    birth, sequence = date(1979, 3, 10) + timedelta(days=113 * n), 500 + n
    while True:
        parsed = parse_nip(build_nip(birth_date=birth, kind="PNS", appointment_year=birth.year + 25,
                                     appointment_month=2, gender="P" if n % 2 else "L", sequence=sequence))
        if db.session.scalar(select(ASNProfile.user_id).where(ASNProfile.nip == parsed.digits)) is None:
            break
        sequence += 10
    user = User(email=email, full_name=NAMES[n - 1], password_hash="!")  # "!" matches no password
    user.add_role("entrant")
    user.profile = ASNProfile(
        nip=parsed.digits, employment_type=parsed.kind, gender=parsed.gender, birth_date=parsed.birth_date,
        position="Analis Kebijakan", rank="III/c", work_unit="Sekretariat", agency=agency,
        regency=regency, phone=f"+62813500{n:05d}", terms_accepted_at=_at(2024, 1, 3),
        data_consent_at=_at(2024, 1, 3))
    db.session.add(user)
    return user


def _entries(contest):
    entries = []
    for n, (agency, regency, title, synopsis, _size, _note) in enumerate(WINNERS, start=1):
        user = _entrant(n, agency, regency)
        entry = None
        if user.id is not None:
            entry = db.session.scalar(select(Entry).where(Entry.user_id == user.id,
                                                          Entry.contest_id == contest.id))
        if entry is None:
            submitted = _at(2024, 1, 10 + n, 14)
            entry = Entry(contest=contest, user=user, number=n, title=title, synopsis=synopsis,
                          originality_accepted_at=submitted, status=EntryStatus.SUBMITTED.value,
                          submitted_at=submitted)
            db.session.add(entry)
        entries.append(entry)
    db.session.flush()
    return entries


def _videos(entries):
    """Give every entry without a ready video one clip, processed by the real pipeline."""
    missing = [(n, e) for n, e in enumerate(entries) if media_services.current_video(e) is None]
    if not missing:
        return []
    video_ids = []
    with tempfile.TemporaryDirectory(prefix="demo-clips-") as folder:
        clips = make_clips(folder, [(f"clip{n}", WINNERS[n][2], WINNERS[n][4]) for n, _ in missing])
        for n, entry in missing:
            src = clips[f"clip{n}"]
            video = Video(entry=entry, state=VideoState.UPLOADING.value,
                          original_filename=f"karya-{n + 1}.mp4", original_size=src.stat().st_size)
            db.session.add(video)
            db.session.flush()
            target = storage.original_path(video)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, target)
            video.state = VideoState.QUEUED.value
            video_ids.append(video.id)
    db.session.commit()  # the pipeline claims committed rows, as a worker would
    return _process_all(video_ids)


def _process_all(video_ids):
    """Run the pipeline on each video, a few at a time, each in its own app context (like worker threads)."""
    app = current_app._get_current_object()

    def one(video_id):
        with app.app_context():
            try:
                return pipeline.process_video(video_id)
            except Exception:  # noqa: BLE001  e.g. SQLite busy between threads: retried below, one at a time
                return "retry"
            finally:
                db.session.remove()

    with ThreadPoolExecutor(max_workers=max(1, min(3, os.cpu_count() or 1))) as pool:
        outcomes = list(pool.map(one, video_ids))
    db.session.expire_all()
    for i, (video_id, outcome) in enumerate(zip(video_ids, outcomes, strict=False)):
        if outcome == "retry":
            outcomes[i] = pipeline.process_video(video_id)
    return outcomes


# -- judging -------------------------------------------------------------------------------

def _judge(contest, entries, admin, judges):
    """Check, score, lock, award and seal — each step only if not done yet."""
    rounds = ensure_default_rounds(contest=contest, actor=admin, opens_at=contest.judging_opens_at,
                                   closes_at=contest.judging_closes_at)
    check_round = next(r for r in rounds if r.is_admin_check)
    scoring_round = next(r for r in rounds if r.is_scored)
    if scoring_round.results_final_at is not None:
        return
    for n, entry in enumerate(entries):
        record_check(rnd=check_round, entry=entry, outcome="pass", reason="", actor=admin,
                     now=_at(2024, 1, 23, 9, n))
    if scoring_round.locked_at is None:
        scoring_round.judges = judges
        db.session.flush()
        by_id = {entry.id: entry for entry in entries}
        rank_of = {entry.id: rank for rank, entry in enumerate(entries)}
        for j, (judge, offset) in enumerate(zip(judges, (0, 6, -8), strict=False)):
            for entry_id in ordered(scoring_round, judge.id, by_id):  # each judge in their own order
                entry, rank = by_id[entry_id], rank_of[entry_id]
                values = {c.id: str(92 - 6 * rank + offset - c.position) for c in scoring_round.criteria}
                save_scorecard(rnd=scoring_round, entry_id=entry.id, judge=judge, raw_values=values,
                               comment="", submit=True, require_watch=False,
                               now=_at(2024, 1, 26 + j, 10, rank))
        lock_round(rnd=scoring_round, actor=admin, now=_at(2024, 2, 1, 9))
    if not scoring_round.results_final_at:
        assign_prizes_from_ranking(rnd=scoring_round, results=round_results(scoring_round), actor=admin)
        finalize_results(rnd=scoring_round, actor=admin, now=_at(2024, 2, 5, 15))
    db.session.flush()


def seed_past_edition():
    """Create whatever of the Pemilu 2024 edition is missing; returns a short report."""
    contest = get_contest_by_slug(SLUG)
    if contest is None:
        contest = save_contest(values=past_contest_values(), prizes=PRIZES)
    if contest.is_current and db.session.scalar(select(Contest.id).where(Contest.id != contest.id).limit(1)):
        contest.is_current = False  # a past edition; save_contest made it current only for want of another
    admin, judges = _admin(), _judges()
    entries = _entries(contest)
    outcomes = _videos(entries)
    _judge(contest, entries, admin, judges)
    seed_captions(entries)  # the winners' clips carry Indonesian captions (contest/demo/captions.py)
    for entry, spec in zip(entries, WINNERS, strict=False):
        if db.session.get(WinnerNote, entry.id) is None:
            services.save_winner_note(entry=entry, note=spec[5], actor=admin, now=_at(2024, 2, 6, 9))
        if db.session.get(PublicConsent, entry.id) is None:
            db.session.add(PublicConsent(entry_id=entry.id, given_at=_at(2024, 1, 21, 12)))
    if not services.settings_for(contest).show_all_entries:
        services.set_show_all_entries(contest=contest, show=True, actor=admin)
    db.session.flush()
    pub = publication.publication(contest)
    return {"contest": contest, "processed": outcomes, "winners": len(publication.winners(pub))}
