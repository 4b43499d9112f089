"""Access rules as decorators: roles for people, phases for the contest's timeline."""
from functools import wraps

from flask import abort
from flask_login import current_user, login_required


def role_required(*roles):
    """Logged in and holding one of `roles`; anonymous users go to the login page."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
