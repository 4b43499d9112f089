"""notify(): one notification of a kind, worded by the edition's template, into the outbox.

Every feature that tells a person something calls notify(kind=..., contest=..., user=..., **values)
inside its own transaction; the row is sent by the worker after that transaction commits.
"""
from flask import current_app, has_request_context, request
from flask_babel import gettext as _
from sqlalchemy import select

from ..core.errors import DomainError
from ..core.extensions import db
from ..core.timeutil import utcnow
from . import wording
from .models import NotificationSettings, NotificationTemplate
from .services import queue_mail

DEFAULT_EDITION = "Sayembara Video ASN"
DEFAULT_REMINDER_DAYS = "3,1"


def template_for(contest, kind):
    """(subject, body) the edition uses for this kind: its own wording, else the default."""
    if kind not in wording.DEFAULTS:
        raise ValueError(f"unknown notification kind {kind!r}")
    if contest is not None:
        own = db.session.scalar(select(NotificationTemplate).where(
            NotificationTemplate.contest_id == contest.id, NotificationTemplate.kind == kind))
        if own is not None:
            return own.subject, own.body
    return wording.DEFAULTS[kind]


def notify(*, kind, user, contest=None, to=None, **values):
    """Queue the `kind` message for `user` (rendered with the edition's template); flushes."""
    subject, body = template_for(contest, kind)
    values.setdefault("nama", user.full_name)
    values.setdefault("email", user.email)
    values.setdefault("edisi", contest.title if contest is not None else DEFAULT_EDITION)
    return queue_mail(to=to or user.email, subject=wording.render(subject, values)[:300],
                      body=wording.render(body, values), kind=kind, contest=contest, user=user)


def link(endpoint, _base="", **values):
    """An absolute link for an email: PUBLIC_URL, else _base or this request's host; else a bare path."""
    path = current_app.url_map.bind("localhost", script_name=current_app.config.get("APPLICATION_ROOT") or "/") \
        .build(endpoint, values)
    base = (current_app.config.get("PUBLIC_URL") or _base or "").rstrip("/")
    if not base and has_request_context():
        base = request.host_url.rstrip("/")
    return base + path


def settings_for(contest):
    """The edition's notification settings, created on first use (flushes)."""
    settings = db.session.get(NotificationSettings, contest.id)
    if settings is None:
        settings = NotificationSettings(contest_id=contest.id, reminder_days=DEFAULT_REMINDER_DAYS)
        db.session.add(settings)
        db.session.flush()
    return settings


def template_errors(text):
    """Translated problems of one template text (empty: fine to save)."""
    messages = []
    for code, detail in wording.check(text):
        if code == "broken":
            messages.append(_("Kurung kurawal tidak lengkap di “%(text)s”: tulis placeholder sebagai {nama}, "
                              "atau {{ dan }} untuk kurung kurawal biasa.", text=detail))
        else:
            messages.append(_("Placeholder %(name)s tidak dikenal. Yang dapat dipakai: %(known)s.", name=detail,
                              known=", ".join("{" + p + "}" for p in wording.PLACEHOLDERS)))
    return messages


def save_template(*, contest, kind, subject, body, actor, now=None):
    """Store the edition's wording of `kind` after checking both texts; flushes."""
    if kind not in wording.DEFAULTS:
        raise DomainError(_("Jenis pemberitahuan tidak dikenal."))
    subject, body = (subject or "").strip(), (body or "").strip()
    if not subject or not body:
        raise DomainError(_("Subjek dan isi wajib diisi."))
    for field, text in (("subject", subject), ("body", body)):
        errors = template_errors(text)
        if errors:
            raise DomainError(" ".join(errors), field=field)
    own = db.session.scalar(select(NotificationTemplate).where(
        NotificationTemplate.contest_id == contest.id, NotificationTemplate.kind == kind))
    values = {"subject": subject, "body": body, "updated_by_id": actor.id, "updated_at": now or utcnow()}
    if own is None:
        own = NotificationTemplate(contest_id=contest.id, kind=kind, **values)
        db.session.add(own)
    else:
        for key, value in values.items():
            setattr(own, key, value)
    db.session.flush()
    return own


def reset_template(*, contest, kind):
    """Back to the default wording (deletes the edition's own); flushes."""
    own = db.session.scalar(select(NotificationTemplate).where(
        NotificationTemplate.contest_id == contest.id, NotificationTemplate.kind == kind))
    if own is not None:
        db.session.delete(own)
        db.session.flush()


def preview(subject, body):
    """(subject, body) rendered with sample values."""
    return wording.render(subject, wording.SAMPLE_VALUES), wording.render(body, wording.SAMPLE_VALUES)
