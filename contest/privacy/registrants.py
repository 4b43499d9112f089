"""The registrant list as Excel for the committee (full NIP: eligibility is checked with it)."""
import io

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..accounts.models import User, UserRole
from ..core.extensions import db
from ..entries.models import Entry
from ..judging.results.exports import safe


def rows(contest=None):
    """Entrants (of one edition when given) with their profile, in one query."""
    query = (select(User).join(UserRole, (UserRole.user_id == User.id) & (UserRole.name == "entrant"))
             .options(joinedload(User.profile)).where(User.active.is_(True)).order_by(User.full_name))
    if contest is not None:
        query = query.where(User.id.in_(select(Entry.user_id).where(Entry.contest_id == contest.id)))
    return db.session.scalars(query).unique().all()


def workbook(contest=None):
    """(xlsx bytes, number of people)."""
    people = rows(contest)
    wb = Workbook()
    ws = wb.active
    ws.title = _("Pendaftar")
    header = [_("Nama"), _("NIP"), _("Status"), _("Jabatan"), _("Pangkat/golongan"), _("Unit kerja"), _("Instansi"),
              _("Kabupaten/kota"), _("WhatsApp"), _("Email"), _("Terdaftar")]
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for user in people:
        p = user.profile
        if p is None:
            continue
        ws.append([safe(v) for v in (user.full_name, p.nip, p.employment_type, p.position, p.rank or "", p.work_unit,
                                     p.agency, p.regency, p.phone, user.email,
                                     user.created_at.strftime("%Y-%m-%d %H:%M"))])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue(), len(people)
