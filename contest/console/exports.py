"""The committee's Excel exports: registrants (with an agency sheet), entries, the jury's progress.

Each is built from a fixed number of queries. They carry personal data (names, NIP, e-mail,
phone): every export goes through record_personal_data_export() first.
"""
import io
import logging
from collections import Counter
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from sqlalchemy import select

from ..accounts.models import User
from ..contests.timefmt import zone_abbreviation
from ..core.extensions import db
from ..entries.models import Entry, EntryStatus
from ..judging.results.exports import safe
from ..media.status import state_label
from ..records.access_log import log_access
from .lists import registrant_query
from .queries import check_round_id, entry_rows

log = logging.getLogger("contest.console.exports")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def record_personal_data_export(*, actor, contest, kind, rows):
    """Who exported whose personal data, and when (UU PDP 27/2022): a row in the committee's
    access log, written in the request's transaction, and a line in the application log."""
    log_access(actor=actor, action=f"export.console.{kind}", contest_id=contest.id,
               detail=_("%(kind)s: %(rows)s baris", kind=kind, rows=rows))
    log.info("personal data export: actor=%s contest=%s kind=%s rows=%s", actor.id, contest.id, kind, rows)


def _local(instant, contest):
    return instant.astimezone(ZoneInfo(contest.timezone)).replace(tzinfo=None) if instant else None


def _sheet(wb, title, header, rows, *, first=False):
    ws = wb.active if first else wb.create_sheet()
    ws.title = title
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([safe(v) for v in row])
    ws.freeze_panes = "A2"
    for i, name in enumerate(header, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(12, min(40, len(str(name)) + 4))
    return ws


def _bytes(wb):
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _entry_counts(contest):
    """{user_id: (active entries, submitted entries)} of the edition, one query."""
    counts = Counter()
    submitted = Counter()
    rows = db.session.execute(select(Entry.user_id, Entry.status).where(Entry.contest_id == contest.id))
    for user_id, status in rows:
        if status != EntryStatus.WITHDRAWN.value:
            counts[user_id] += 1
        if status == EntryStatus.SUBMITTED.value:
            submitted[user_id] += 1
    return counts, submitted


def registrants_xlsx(contest):
    """(bytes, rows): one row per registrant, and a sheet of registrants and entries per agency."""
    people = db.session.execute(registrant_query(contest).order_by(User.created_at, User.id)).all()
    counts, submitted = _entry_counts(contest)
    header = [_("Nama"), _("Email"), _("NIP"), _("Jenis ASN"), _("Jabatan"), _("Pangkat/Golongan"),
              _("Unit Kerja"), _("Instansi"), _("Kabupaten/Kota"), _("Telepon"),
              _("Terdaftar (%(zone)s)", zone=zone(contest)), _("Karya"), _("Karya Terkirim")]
    rows, agencies = [], {}
    for user, profile in people:
        rows.append([user.full_name, user.email, profile.nip, profile.employment_type, profile.position,
                     profile.rank or "", profile.work_unit, profile.agency, profile.regency, profile.phone,
                     _local(user.created_at, contest), counts[user.id], submitted[user.id]])
        a = agencies.setdefault(profile.agency, [0, 0, 0])
        a[0] += 1
        a[1] += counts[user.id]
        a[2] += submitted[user.id]
    wb = Workbook()
    _sheet(wb, _("Pendaftar"), header, rows, first=True)
    breakdown = sorted(agencies.items(), key=lambda kv: (-kv[1][0], kv[0]))
    _sheet(wb, _("Per Instansi"), [_("Instansi"), _("Pendaftar"), _("Karya"), _("Karya Terkirim")],
           [[name, *values] for name, values in breakdown] + [[_("Jumlah"), len(rows),
                                                               sum(counts[u.id] for u, _p in people),
                                                               sum(submitted[u.id] for u, _p in people)]])
    return _bytes(wb), len(rows)


def zone(contest):
    return zone_abbreviation(contest.timezone)


def status_labels():
    return {"draft": _("Draf"), "submitted": _("Terkirim"), "withdrawn": _("Ditarik")}


def check_labels():
    return {"pass": _("Lolos"), "fail": _("Tidak lolos"), "needs_fix": _("Perlu perbaikan"),
            None: _("Belum diverifikasi")}


def entries_xlsx(contest):
    """(bytes, rows): every entry with its state, newest upload's state and problem codes, check."""
    query, _video = entry_rows(contest, check_round_id(contest.id), {})
    header = [_("Kode"), _("Judul"), _("Peserta"), _("Email"), _("NIP"), _("Instansi"), _("Kabupaten/Kota"),
              _("Status"), _("Dikirim (%(zone)s)", zone=zone(contest)), _("Video"), _("Kode Masalah Video"),
              _("Verifikasi Administrasi"), _("Catatan Verifikasi")]
    rows, statuses, checks = [], status_labels(), check_labels()
    for entry, name, email, profile, state, problems, outcome, reason in db.session.execute(
            query.order_by(Entry.number)):
        codes = ", ".join(p.get("code", "") for p in (problems or []) if isinstance(p, dict))
        rows.append([f"{contest.code_prefix}-{entry.number:04d}", entry.title, name, email,
                     profile.nip if profile else "", profile.agency if profile else "",
                     profile.regency if profile else "", statuses.get(entry.status, entry.status),
                     _local(entry.submitted_at, contest), state_label(state or "none"), codes,
                     checks.get(outcome, outcome),
                     reason or ""])
    wb = Workbook()
    _sheet(wb, _("Karya"), header, rows, first=True)
    return _bytes(wb), len(rows)


def judges_xlsx(contest, progress):
    """(bytes, rows): per round and judge, assigned / scored / left and the last activity."""
    header = [_("Babak"), _("Juri"), _("Ditugaskan"), _("Sudah Dinilai"), _("Belum Dinilai"),
              _("Terakhir Aktif (%(zone)s)", zone=zone(contest))]
    rows = [[p.round.name, j.name, j.assigned, j.scored, j.left, _local(j.last_active, contest)]
            for p in progress for j in p.judges]
    wb = Workbook()
    _sheet(wb, _("Progres Juri"), header, rows, first=True)
    return _bytes(wb), len(rows)
