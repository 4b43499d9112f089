"""What the features above entries add to it; they register here, entries never imports them.

- submission checks: fn(entry) -> a translated reason the draft cannot be submitted, or None
  (media: a ready video is required);
- entry page parts: name -> fn(entry), computed by entries.detail and passed to its template
  (judging: the administrative check's notice; certificates: the entry's certificates);
- my-entries page parts: name -> fn(user), computed by entries.mine.

A feature registers when its module is imported, and create_app imports every feature;
tests/entries/test_hooks.py checks that each expected part is registered.
"""
_submission_checks = {}
_entry_page_parts = {}
_my_page_parts = {}


def submission_check(fn):
    """Register fn(entry) -> reason or None."""
    _submission_checks[f"{fn.__module__}.{fn.__qualname__}"] = fn
    return fn


def entry_page_part(name):
    """Register fn(entry) as the entry page's template variable `name`."""

    def register(fn):
        _entry_page_parts[name] = fn
        return fn

    return register


def my_page_part(name):
    """Register fn(user) as the my-entries page's template variable `name`."""

    def register(fn):
        _my_page_parts[name] = fn
        return fn

    return register


def submission_blockers(entry):
    """Why a draft cannot be submitted yet, as translated messages (empty = ready)."""
    return [reason for check in _submission_checks.values() if (reason := check(entry))]


def entry_page_context(entry):
    return {name: part(entry) for name, part in _entry_page_parts.items()}


def my_page_context(user):
    return {name: part(user) for name, part in _my_page_parts.items()}


def registered():
    """{kind: names} of everything registered (for the test that every feature did)."""
    return {"submission_checks": set(_submission_checks), "entry_page": set(_entry_page_parts),
            "my_page": set(_my_page_parts)}
