"""Account operations: registering entrants, creating staff, logging in, resetting passwords."""
import hashlib
from functools import cache

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from ..core.errors import DomainError
from ..core.extensions import db
from ..core.timeutil import utcnow
from ..records.consents import record_registration_consents
from . import grades
from .models import ASNProfile, User
from .nip_messages import grade_mismatch_message

RESET_SALT = "password-reset"


@cache
def _dummy_hash():
    """Checked when the email is unknown, so a wrong email takes as long as a wrong password."""
    return generate_password_hash("not-a-real-password")


def normalize_email(email):
    return (email or "").strip().lower()


def find_user_by_email(email):
    return db.session.scalar(select(User).where(func.lower(User.email) == normalize_email(email)))


def register_entrant(*, full_name, email, password, parsed_nip, position, rank, work_unit,
                     agency, regency, phone):
    """Create an entrant with their ASN profile; one account per NIP and per email."""
    email = normalize_email(email)
    if find_user_by_email(email):
        raise DomainError(_("Email ini sudah terdaftar. Silakan masuk atau gunakan Lupa Kata Sandi."), field="email")
    if db.session.scalar(select(ASNProfile.user_id).where(ASNProfile.nip == parsed_nip.digits)):
        raise DomainError(_("NIP ini sudah terdaftar. Satu NIP hanya untuk satu akun."), field="nip")
    rank = (rank or "").strip() or None
    if rank is not None and grades.kind_of(rank) is None:
        raise DomainError(_("Pilih pangkat/golongan dari daftar."), field="rank")
    if rank is not None and grades.kind_of(rank) != parsed_nip.kind:
        raise DomainError(grade_mismatch_message(rank, parsed_nip.kind), field="rank")
    now = utcnow()
    user = User(email=email, full_name=full_name.strip())
    user.set_password(password)
    user.add_role("entrant")
    user.profile = ASNProfile(
        nip=parsed_nip.digits,
        employment_type=parsed_nip.kind,
        gender=parsed_nip.gender,
        birth_date=parsed_nip.birth_date,
        position=position.strip(),
        rank=rank,
        work_unit=work_unit.strip(),
        agency=agency.strip(),
        regency=regency,
        phone=phone,
        terms_accepted_at=now,
        data_consent_at=now,
    )
    db.session.add(user)
    db.session.flush()
    record_registration_consents(user=user, now=now)  # names the privacy-notice version accepted
    return user


def create_staff(*, email, password, full_name, roles):
    """Create (or give roles to) a staff account such as an admin or a judge."""
    user = find_user_by_email(email)
    if user is None:
        user = User(email=normalize_email(email), full_name=full_name)
        db.session.add(user)
    user.set_password(password)
    for role in roles:
        user.add_role(role)
    db.session.flush()
    return user


def authenticate(*, email, password):
    """The active user with these credentials, or None; records the login time."""
    user = find_user_by_email(email)
    if user is None:
        check_password_hash(_dummy_hash(), password or "")
        return None
    if not user.check_password(password) or not user.is_active:
        return None
    user.last_login_at = utcnow()
    return user


def _serializer():
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=RESET_SALT)


def _password_fingerprint(user):
    # Changing the password changes the fingerprint, so a token works only once.
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def make_reset_token(user):
    return _serializer().dumps({"uid": user.id, "pw": _password_fingerprint(user)})


def user_for_reset_token(token):
    """The user a valid, unused, unexpired token belongs to; DomainError otherwise."""
    max_age = current_app.config["PASSWORD_RESET_MAX_AGE"]
    try:
        data = _serializer().loads(token, max_age=max_age)
    except SignatureExpired:
        raise DomainError(_("Tautan atur ulang kata sandi sudah kedaluwarsa. Silakan minta tautan baru.")) from None
    except BadSignature:
        raise DomainError(_("Tautan atur ulang kata sandi tidak valid.")) from None
    user = db.session.get(User, data.get("uid"))
    if user is None or not user.is_active:
        raise DomainError(_("Tautan atur ulang kata sandi tidak valid."))
    if data.get("pw") != _password_fingerprint(user):
        raise DomainError(_("Tautan ini sudah dipakai. Silakan minta tautan baru bila perlu."))
    return user


def reset_password(*, token, password):
    user = user_for_reset_token(token)
    user.set_password(password)
    return user
