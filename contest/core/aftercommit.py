"""Side effects that wait for the commit: after_commit(fn, *args) runs fn(*args) once the
session's transaction has committed, and forgets it when the transaction rolls back.

A worker enqueued before the commit may look for a row it cannot see yet; one enqueued before
a rollback looks for a row that never existed. The callables are queued on the session
(`session.info`), so every request's session has its own list. They run after the commit,
when the session can no longer emit SQL: they must not use it (enqueueing does not). A
failing callable is logged and the others still run: the commit has already happened.
"""
import logging

from sqlalchemy import event
from sqlalchemy.orm import Session

from .extensions import db

KEY = "contest.after_commit"
log = logging.getLogger(__name__)


def after_commit(fn, *args, **kwargs):
    """Run fn(*args, **kwargs) after the current transaction commits; never if it rolls back."""
    session = db.session()
    if not session.in_transaction():
        session.begin()  # so that a rollback has a transaction to end (no connection yet)
    session.info.setdefault(KEY, []).append((fn, args, kwargs))


def pending():
    """The callables waiting for this session's commit (for tests)."""
    return [fn for fn, _, _ in db.session.info.get(KEY, ())]


@event.listens_for(Session, "after_commit")
def _run(session):
    for fn, args, kwargs in session.info.pop(KEY, ()):
        try:
            fn(*args, **kwargs)
        except Exception:
            log.exception("after-commit %s%r failed", getattr(fn, "__name__", fn), args)


@event.listens_for(Session, "after_transaction_end")
def _discard(session, transaction):
    if transaction.parent is None:  # the outermost transaction ended without commit: forget them
        session.info.pop(KEY, None)
