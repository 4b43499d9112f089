"""Users, their roles and the ASN profile of an entrant."""
from flask_login import UserMixin
from werkzeug.security import check_password_hash, generate_password_hash

from ..core.extensions import db
from ..core.timeutil import UTCDateTime, utcnow

ROLES = ("entrant", "judge", "admin")


class User(UserMixin, db.Model):
    id = db.Column(db.Integer, primary_key=True)
    email = db.Column(db.String(254), nullable=False, unique=True)
    full_name = db.Column(db.String(200), nullable=False)
    password_hash = db.Column(db.String(255), nullable=False)
    active = db.Column(db.Boolean, nullable=False, default=True)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    last_login_at = db.Column(UTCDateTime)
    # Part of the id in every session and remember-me cookie: raising it ends them all.
    session_epoch = db.Column(db.Integer, nullable=False, default=0, server_default="0")

    roles = db.relationship(
        "UserRole", cascade="all, delete-orphan", lazy="selectin", back_populates="user"
    )
    profile = db.relationship(
        "ASNProfile", uselist=False, cascade="all, delete-orphan", back_populates="user"
    )

    @property
    def is_active(self):
        return self.active

    def get_id(self):
        """The id Flask-Login keeps in the cookie: user id and session epoch ("12:3")."""
        return f"{self.id}:{self.session_epoch or 0}"

    def end_sessions(self):
        """Every session and remember-me cookie of this account (and copies of them) stops working."""
        self.session_epoch = (self.session_epoch or 0) + 1

    @property
    def role_names(self):
        return {role.name for role in self.roles}

    def has_role(self, *names):
        """True when the user holds any of the given roles."""
        return bool(self.role_names.intersection(names))

    def add_role(self, name):
        if name not in ROLES:
            raise ValueError(f"unknown role {name!r}")
        if name not in self.role_names:
            self.roles.append(UserRole(name=name))

    def set_password(self, password):
        """A new password also ends every session, so a stolen cookie dies with the old password."""
        self.password_hash = generate_password_hash(password)
        self.end_sessions()

    def check_password(self, password):
        return check_password_hash(self.password_hash, password)


class UserRole(db.Model):
    user_id = db.Column(db.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    name = db.Column(db.String(20), primary_key=True)
    user = db.relationship("User", back_populates="roles")


class ASNProfile(db.Model):
    """What an ASN entrant tells us at registration — and nothing more (UU PDP 27/2022)."""

    user_id = db.Column(db.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    nip = db.Column(db.String(18), nullable=False, unique=True)
    employment_type = db.Column(db.String(4), nullable=False)  # PNS | PPPK
    gender = db.Column(db.String(1), nullable=False)  # L | P
    birth_date = db.Column(db.Date, nullable=False)
    position = db.Column(db.String(200), nullable=False)
    rank = db.Column(db.String(100))
    work_unit = db.Column(db.String(200), nullable=False)
    agency = db.Column(db.String(200), nullable=False)
    regency = db.Column(db.String(100), nullable=False)
    phone = db.Column(db.String(20), nullable=False)
    terms_accepted_at = db.Column(UTCDateTime, nullable=False)
    data_consent_at = db.Column(UTCDateTime, nullable=False)

    user = db.relationship("User", back_populates="profile")


@db.event.listens_for(User.roles, "remove")
def _role_removed(user, role, initiator):
    """Taking a role away ends the account's sessions: no cookie keeps what the role allowed."""
    user.end_sessions()


@db.event.listens_for(User.active, "set")
def _deactivated(user, value, oldvalue, initiator):
    """Deactivating ends the sessions for good: reactivating later does not revive old cookies.
    (oldvalue is NO_VALUE when the attribute was not loaded: that counts as a change too.)"""
    if value is False and oldvalue is not False:
        user.end_sessions()
