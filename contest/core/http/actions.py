"""The write half of a thin view: run one domain operation, commit once, tell the user.

The operation flushes and never commits; these helpers commit once, after it succeeded. A
DomainError rolls everything back (nothing half-written) and is shown to the user: flashed by
commit_action, attached to the form field it names by commit_form_action. With `conflict`, an
IntegrityError (a concurrent request won a race on a unique key) is reported the same way;
without it, it propagates (a bug, not the user's mistake).
"""
import logging
import random
import time
from dataclasses import dataclass
from typing import Any

from flask import flash
from sqlalchemy.exc import IntegrityError, OperationalError

from ..errors import DomainError
from ..extensions import db

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """Whether the operation went through (truthy) and what it returned."""

    ok: bool
    value: Any = None

    def __bool__(self):
        return self.ok


def _run(operation, conflict, conflict_field=None):
    """operation() then commit; (value, None) or (None, the error to report) after a rollback."""
    try:
        value = operation()
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        return None, error
    except IntegrityError:
        db.session.rollback()
        if conflict is None:
            raise
        return None, DomainError(conflict, field=conflict_field)
    return value, None


def _flash_success(success, value):
    """`success` is a message, or a function of the operation's result that makes one."""
    if success:
        flash(success(value) if callable(success) else success, "success")


def commit_action(operation, *, success=None, conflict=None, error_category="danger"):
    """Call `operation()`, commit, flash `success`; a DomainError rolls back and is flashed.

    `success` may be a function of the operation's result. Returns an Outcome (truthy when
    the operation went through, with its result), so a view can choose where to go next.
    """
    value, error = _run(operation, conflict)
    if error is not None:
        flash(error.message, error_category)
        return Outcome(False)
    _flash_success(success, value)
    return Outcome(True, value)


def commit_form_action(form, operation, *, field="name", success=None, conflict=None,
                       conflict_field=None):
    """Like commit_action, but a DomainError becomes an error on the form field it names
    (`error.field`, else `field`) so the form is shown again with the message beside it;
    a `conflict` goes on `conflict_field` (else `field`)."""
    value, error = _run(operation, conflict, conflict_field)
    if error is not None:
        getattr(form, error.field or field).errors.append(error.message)
        return Outcome(False)
    _flash_success(success, value)
    return Outcome(True, value)


RETRYABLE = ("database is locked", "deadlock detected", "could not serialize", "unique constraint",
             "duplicate key")


def commit_with_retry(operation, *, attempts=6):
    """operation() then commit; a lock or serialization conflict rolls back and runs it again.

    SQLite refuses (rather than waits for) a writer whose read snapshot is stale, and two
    first saves of the same card can meet on its unique key: both are safe to repeat.
    """
    for attempt in range(attempts):
        try:
            result = operation()
            db.session.commit()
            return result
        except (OperationalError, IntegrityError) as error:
            db.session.rollback()
            if attempt == attempts - 1 or not any(m in str(error).lower() for m in RETRYABLE):
                raise
            log.info("save conflict, retrying (%s): %s", attempt + 1, str(error).splitlines()[0])
            time.sleep(0.02 * (attempt + 1) + random.random() * 0.03)
    raise AssertionError("unreachable")
