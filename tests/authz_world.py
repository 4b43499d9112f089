"""One seeded edition for the authorization matrix and the blind-judging crawl.

Six people: an entrant (owner of entry A), another entrant (owner of entry B), a judge on the
panel of the open scoring round, a judge on no panel, an admin, and nobody (anonymous). Both
entries are submitted with a ready video (small placeholder files), in the round's queue; only
the other entrant's entry is in the (open) public vote, so entry A's video is not public; the
panel judge has notes on entry A; a pairwise final holds both entries.
Identity strings of the entrants are distinctive, so the crawl can look for them anywhere.
"""
from dataclasses import dataclass, field
from datetime import timedelta

from contest.accounts.nip import parse_nip
from contest.accounts.services import create_staff, register_entrant
from contest.contests.services import make_current, save_contest
from contest.core.extensions import db
from contest.core.timeutil import utcnow
from contest.demo.contests import PRIZES, demo_contest_values
from contest.entries.models import Entry, EntryStatus
from contest.judging.pairwise.models import PairwiseEntry, PairwiseFinal
from contest.judging.panel.models import CrewMember, JudgeProfile
from contest.judging.rounds.editing import create_round, save_rubric
from contest.judging.rounds.models import RoundKind
from contest.judging.rounds.rubric import KUTIM_RUBRIC
from contest.judging.scoring.models import JudgeNote
from contest.media import storage
from contest.media.models import Video, VideoState
from contest.voting.models import VoteCandidate, VotingSettings
from tests.conftest import unique_nip

PASSWORD = "rahasia-123"
ROLES = ("anonymous", "entrant", "other_entrant", "judge_on_panel", "judge_off_panel", "admin")


@dataclass
class World:
    contest: object
    round: object
    entry: object  # the entrant's
    other_entry: object  # the other entrant's
    video: object
    note: object
    spare_note: object  # the one the matrix deletes
    final: object
    spare_judge: object  # the one whose invitation the matrix renews (a new password ends their sessions)
    people: dict = field(default_factory=dict)  # role -> User
    identity: list = field(default_factory=list)  # strings that must never reach a judge


def _entrant(n, *, name, agency, phone):
    return register_entrant(
        full_name=name, email=f"identitas.{n}@kominfo-rahasia.go.id", password=PASSWORD,
        parsed_nip=parse_nip(unique_nip()), position="Pranata Komputer", rank=None,
        work_unit=f"Unit Rahasia {n}", agency=agency, regency="Kabupaten Kutai Barat", phone=phone)


def _submitted(contest, user, number, title):
    now = utcnow()
    entry = Entry(contest=contest, user=user, number=number, title=title, synopsis=f"Sinopsis {title}.",
                  originality_accepted_at=now, status=EntryStatus.SUBMITTED.value, submitted_at=now)
    video = Video(entry=entry, state=VideoState.READY.value, duration=90.0, width=1280, height=720,
                  frame_count=1, original_filename=f"{user.full_name} asli.mp4")
    db.session.add_all([entry, video])
    db.session.flush()
    for path in (storage.web_path(video), storage.frame_path(video, 0, 480), storage.original_path(video)):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"\x00\x00\x00\x18ftypmp42 placeholder")
    return entry, video


def seed_world():
    """The edition, its people and objects, committed; returns a World."""
    now = utcnow()
    values = demo_contest_values()
    values.update(slug="edisi-matriks", voting_opens_at=now - timedelta(hours=1),
                  voting_closes_at=now + timedelta(days=2))
    contest = save_contest(values=values, prizes=PRIZES)
    make_current(contest=contest)
    entrant = _entrant(1, name="Zulkarnain Wibisono Ardiansyah", agency="Dinas Perikanan Rahasia",
                       phone="+6281299887766")
    other = _entrant(2, name="Maharani Puspitasari Kencana", agency="Badan Arsip Tersembunyi",
                     phone="+6285211223344")
    judge = create_staff(email="juri.panel@example.go.id", password=PASSWORD, full_name="Juri Panel",
                         roles=("judge",))
    outsider = create_staff(email="juri.luar@example.go.id", password=PASSWORD, full_name="Juri Luar",
                            roles=("judge",))
    spare = create_staff(email="juri.cadangan@example.go.id", password=PASSWORD, full_name="Juri Cadangan",
                         roles=("judge",))
    admin = create_staff(email="panitia@example.go.id", password=PASSWORD, full_name="Panitia",
                         roles=("admin",))
    db.session.add_all([JudgeProfile(user=judge, agency="Bawaslu"), JudgeProfile(user=outsider, agency="BKD")])
    entry, video = _submitted(contest, entrant, 1, "Netralitas Tanpa Kompromi")
    other_entry, _ = _submitted(contest, other, 2, "Suara Yang Jernih")
    rnd = create_round(contest=contest, kind=RoundKind.SCORING.value, actor=admin, values={
        "name": "Penilaian Utama", "opens_at": now - timedelta(hours=1), "closes_at": now + timedelta(days=1)})
    save_rubric(rnd=rnd, criteria=[{**spec, "scale_min": 1, "scale_max": 100, "counted": True}
                                   for spec in KUTIM_RUBRIC], actor=admin)
    rnd.judges = [judge]
    note = JudgeNote(round_id=rnd.id, entry_id=entry.id, judge_id=judge.id, seconds=3.0, body="Pembuka kuat.")
    spare_note = JudgeNote(round_id=rnd.id, entry_id=entry.id, judge_id=judge.id, seconds=9.0, body="Dihapus.")
    final = PairwiseFinal(contest_id=contest.id, source_round_id=rnd.id, created_by_id=admin.id, name="Final")
    final.entries = [PairwiseEntry(entry_id=entry.id, position=1), PairwiseEntry(entry_id=other_entry.id, position=2)]
    crew = [CrewMember(entry_id=entry.id, position=1, name="Bambang Kameramen Sutedjo", role="kamera"),
            CrewMember(entry_id=other_entry.id, position=1, name="Sekar Penyunting Larasati", role="editor")]
    db.session.add_all([*crew, note, spare_note, final,
                        VotingSettings(contest_id=contest.id, allowed_domains="", counts_public=False),
                        VoteCandidate(contest_id=contest.id, entry_id=other_entry.id)])
    db.session.commit()
    identity = [member.name for member in crew]
    for user in (entrant, other):
        profile = user.profile
        identity += [user.full_name, user.email, profile.nip, profile.agency, profile.work_unit, profile.phone,
                     profile.phone.removeprefix("+62"), user.full_name.split()[0]]
    return World(contest=contest, round=rnd, entry=entry, other_entry=other_entry, video=video, note=note,
                 spare_note=spare_note, final=final, spare_judge=spare,
                 people={"entrant": entrant, "other_entrant": other, "judge_on_panel": judge,
                         "judge_off_panel": outsider, "admin": admin},
                 identity=identity)
