"""Correcting one's own profile (UU PDP: the right to correct); the NIP stays as it is."""
from flask_babel import gettext as _

from ..accounts import grades
from ..accounts.nip_messages import grade_mismatch_message
from ..accounts.services import find_user_by_email, normalize_email
from ..core.errors import DomainError
from ..core.extensions import db
from ..records.access_log import log_access
from .duties import requests as duties
from .duties.models import RequestKind

PROFILE_FIELDS = ("position", "rank", "work_unit", "agency", "regency", "phone")


def correct_profile(*, user, full_name, email, position, rank, work_unit, agency, regency, phone):
    """Apply corrections checked as at registration; logs which fields changed (not their values)."""
    profile = user.profile
    if profile is None:
        raise DomainError(_("Akun ini tidak memiliki profil ASN."))
    email = normalize_email(email)
    other = find_user_by_email(email)
    if other is not None and other.id != user.id:
        raise DomainError(_("Email ini sudah terdaftar pada akun lain."), field="email")
    rank = (rank or "").strip() or None
    if rank is not None and grades.kind_of(rank) is None:
        raise DomainError(_("Pilih pangkat/golongan dari daftar."), field="rank")
    if rank is not None and grades.kind_of(rank) != profile.employment_type:
        raise DomainError(grade_mismatch_message(rank, profile.employment_type), field="rank")
    values = {"position": position.strip(), "rank": rank, "work_unit": work_unit.strip(), "agency": agency.strip(),
              "regency": regency, "phone": phone}
    changed = [name for name, value in values.items() if getattr(profile, name) != value]
    for name, value in values.items():
        setattr(profile, name, value)
    if user.full_name != full_name.strip():
        changed.append("full_name")
        user.full_name = full_name.strip()
    if user.email != email:
        changed.append("email")
        user.email = email
    db.session.flush()
    if changed:
        log_access(actor=user, action="profile.correct", subject_user_id=user.id, detail=", ".join(changed))
        duties.record_self_service(kind=RequestKind.CORRECTION.value, user=user, detail=", ".join(changed))
    return changed
