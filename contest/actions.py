"""The write half of a thin view: run one domain operation, commit once, tell the user."""
from flask import flash

from .errors import DomainError
from .extensions import db


def commit_action(operation, *, success=None):
    """Call `operation()`, commit, flash `success`; a DomainError rolls back and is flashed.

    Returns True when the operation went through, so a view can choose where to go next.
    """
    try:
        operation()
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "danger")
        return False
    if success:
        flash(success, "success")
    return True
