"""The edition's life as a checklist: what is done, what comes next, and why a step is blocked.

`steps(facts, link)` is plain logic over a Facts snapshot (tests build Facts by hand);
`facts_for(contest, data, now)` reads the snapshot from the dashboard's numbers.
"""
from dataclasses import dataclass, field

from flask_babel import gettext as _

from ..contests.phases import Phase, is_open
from ..judging.rounds.windows import round_state


@dataclass
class RoundFacts:
    id: int
    name: str
    has_rubric: bool
    judges: int
    state: str  # upcoming | open | closed | locked
    final: bool
    assigned: int = 0
    scored: int = 0
    eligible: int = 0

    @property
    def started(self):
        return self.state != "upcoming"


@dataclass
class Facts:
    rounds: list = field(default_factory=list)  # scored rounds, in order
    check_round_id: int | None = None
    check_locked: bool = False
    submitted: int = 0
    unchecked: int = 0
    needs_fix: int = 0
    submissions_open: bool = False
    judge_accounts: int = 0
    certificates: int = 0
    announced: bool = False  # the announcement time has passed
    announcement_text: str = ""
    contest_id: int = 0
    is_current: bool = True  # shown on the home page to entrants


def _step(key, label, *, done, url, action, blocked=None, note=None, post=False):
    """One step; `post` makes its action a one-click form (with CSRF) instead of a link."""
    return {"key": key, "label": label, "done": done, "blocked_reason": None if done else blocked,
            "note": note, "url": url, "action": action, "post": post}


def steps(facts, link):
    """Nine steps in order; `link(endpoint, **values)` builds their URLs.

    A step that is neither done nor blocked always carries a note saying what is missing, so
    no step reads "Belum" without a reason.
    """
    rounds = facts.rounds
    first = rounds[0] if rounds else None
    last = rounds[-1] if rounds else None
    judging_home = link("judging_rounds.contest", contest_id=facts.contest_id)
    out = [_step(
        "make_current", _("Tampilkan di beranda (jadikan aktif)"), done=facts.is_current,
        url=link("admin.make_current", contest_id=facts.contest_id), action=_("Jadikan edisi aktif"), post=True,
        note=_("Edisi ini belum tampil di beranda: peserta belum bisa melihat dan mendaftar."))]

    no_rubric = [r for r in rounds if not r.has_rubric]
    out.append(_step(
        "rubric", _("Rubrik penilaian ditetapkan"), done=bool(rounds) and not no_rubric,
        url=link("judging_rounds.rubric", round_id=no_rubric[0].id) if no_rubric else judging_home,
        action=_("Atur rubrik"),
        blocked=None if rounds else _("Belum ada babak penilaian: buat babak bawaan di halaman Penjurian."),
        note=_("Babak “%(name)s” belum punya kriteria penilaian.", name=no_rubric[0].name) if no_rubric else None))

    no_panel = [r for r in rounds if not r.judges]
    out.append(_step(
        "judges", _("Juri diundang dan dipasang di panel"), done=bool(rounds) and not no_panel,
        url=(link("judging_rounds.round", round_id=no_panel[0].id) if no_panel and facts.judge_accounts
             else link("judging_panel.judges")),
        action=_("Atur panel juri") if facts.judge_accounts else _("Undang juri"),
        blocked=None if rounds else _("Buat babak penilaian terlebih dahulu."),
        note=(_("Babak “%(name)s” belum punya juri di panel.", name=no_panel[0].name) if facts.judge_accounts
              else _("Belum ada akun juri: undang juri lewat email.")) if no_panel else None))

    undecided = facts.unchecked + facts.needs_fix
    check_blocked = None
    if facts.check_round_id is None:
        check_blocked = _("Belum ada babak verifikasi administrasi: buat babak bawaan di halaman Penjurian.")
    elif not facts.submitted:
        check_blocked = _("Belum ada karya terkirim untuk diverifikasi.")
    check_note = None
    if facts.check_round_id is not None and undecided:
        check_note = _("%(n)s karya belum diputuskan (%(fix)s menunggu perbaikan).", n=undecided, fix=facts.needs_fix)
    out.append(_step(
        "admin_check", _("Verifikasi administrasi selesai"),
        # Done when every submitted entry has a decision, whatever the submission deadline says.
        done=bool(facts.submitted) and facts.check_round_id is not None and not undecided,
        url=(link("judging_checks.checks", round_id=facts.check_round_id) if facts.check_round_id else judging_home),
        action=_("Buka verifikasi"), blocked=check_blocked, note=check_note))

    open_blocked = None
    if first is None:
        open_blocked = _("Penjurian belum bisa dibuka: belum ada babak penilaian.")
    elif facts.unchecked:
        open_blocked = _("Penjurian belum bisa dibuka: %(n)s karya belum diverifikasi.", n=facts.unchecked)
    elif not first.has_rubric:
        open_blocked = _("Penjurian belum bisa dibuka: rubrik belum ditetapkan.")
    elif not first.judges:
        open_blocked = _("Penjurian belum bisa dibuka: belum ada juri di panel.")
    elif not first.eligible:
        open_blocked = _("Penjurian belum bisa dibuka: belum ada karya yang lolos verifikasi dengan video siap.")
    out.append(_step(
        "round_open", _("Babak penilaian dibuka"), done=bool(first and first.started),
        url=link("judging_rounds.edit_round", round_id=first.id) if first else judging_home,
        action=_("Atur jadwal babak"), blocked=open_blocked,
        note=_("Babak terbuka otomatis sesuai jadwalnya.") if first and not first.started else None))

    unlocked = [r for r in rounds if r.state != "locked"]
    target = unlocked[0] if unlocked else last
    lock_blocked = None
    if target is None:
        lock_blocked = _("Belum ada babak penilaian.")
    elif not target.started:
        lock_blocked = _("Babak belum bisa dikunci: babak belum dibuka.")
    elif target.assigned > target.scored:
        lock_blocked = _("Babak belum siap dikunci: %(n)s penilaian belum dikirim juri.",
                         n=target.assigned - target.scored)
    out.append(_step(
        "round_locked", _("Babak penilaian dikunci"), done=bool(rounds) and not unlocked,
        url=link("judging_rounds.round", round_id=target.id) if target else judging_home,
        action=_("Kunci babak"), blocked=lock_blocked,
        note=_("Semua penilaian sudah masuk: kunci babak agar nilai tidak berubah lagi.") if target else None))

    final_blocked = None
    if last is None:
        final_blocked = _("Belum ada babak penilaian.")
    elif last.state != "locked":
        final_blocked = _("Hasil belum bisa ditetapkan final: babak “%(name)s” belum dikunci.", name=last.name)
    results_final = bool(last and last.final)
    out.append(_step(
        "results_final", _("Hasil penjurian ditetapkan final"), done=results_final,
        url=link("judging_results.show", round_id=last.id) if last else judging_home,
        action=_("Tetapkan hasil"), blocked=final_blocked,
        note=_("Babak sudah dikunci: periksa peringkat lalu tetapkan hasil final.")))

    out.append(_step(
        "announcement", _("Pengumuman pemenang"), done=results_final and facts.announced,
        url=link("console.phase_action", contest_id=facts.contest_id, action="announce"),
        action=_("Umumkan pemenang sekarang"),
        blocked=None if results_final else _("Pengumuman menunggu hasil penjurian final."),
        note=_("Pemenang tampil otomatis pada %(when)s, atau umumkan sekarang.", when=facts.announcement_text)))

    out.append(_step(
        "certificates", _("Sertifikat diterbitkan"), done=facts.certificates > 0,
        url=link("certificates_admin.contest", contest_id=facts.contest_id), action=_("Terbitkan sertifikat"),
        blocked=None if results_final and facts.announced else _(
            "Sertifikat belum bisa diterbitkan: pemenang belum diumumkan."),
        note=_("Pemenang sudah diumumkan: terbitkan e-sertifikat dan piagam.")))
    return out


def next_step(all_steps):
    """The first step not done yet (what the committee should do next), or None."""
    return next((s for s in all_steps if not s["done"]), None)


def facts_for(contest, data, *, now, announcement_text=""):
    """The Facts of an edition from stats.dashboard() data."""
    progress = {p.round.id: p for p in data["progress"]}
    rounds = []
    for rnd in data["rounds"]:
        if not rnd.is_scored:
            continue
        p = progress.get(rnd.id)
        rounds.append(RoundFacts(
            id=rnd.id, name=rnd.name, has_rubric=bool(rnd.criteria), judges=len(p.judges) if p else 0,
            state=round_state(rnd, now=now), final=rnd.results_final_at is not None,
            assigned=p.assigned if p else 0, scored=p.scored if p else 0, eligible=p.eligible if p else 0))
    entries = data["entries"]
    check = next((r for r in data["rounds"] if r.id == entries["check_round"]), None)
    return Facts(
        rounds=rounds, check_round_id=entries["check_round"], check_locked=bool(check and check.locked_at),
        submitted=entries["status"]["submitted"],
        unchecked=entries["check"]["none"] if check else 0, needs_fix=entries["check"]["needs_fix"],
        submissions_open=is_open(contest, Phase.SUBMISSION, now=now), judge_accounts=data["judge_accounts"],
        certificates=data["certificates"]["total"], announced=now >= contest.announcement_at,
        announcement_text=announcement_text, contest_id=contest.id, is_current=contest.is_current)
