"""In-process caches for the public pages (measured: rendering was most of a page's cost).

Each gunicorn worker keeps its own copy: no shared state, nothing to invalidate across machines.
A cached page carries the data fingerprint it was rendered from (publication.fingerprint); an
edition's state (announcement time, final round, switch, fingerprint) is re-read at most every
few seconds, so a change anywhere (a jury note, a disqualification, a consent) reaches every
worker within that time, and the pages' TTL bounds what the fingerprint does not see (an
entrant renaming themselves). The announcement time itself is compared on every request.
"""
import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from flask import current_app, g, request, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from ..core.i18n import current_language
from ..core.timeutil import utcnow
from . import publication


class TTLCache:
    """A thread-safe LRU mapping whose items expire `ttl_s` seconds after they were stored."""

    def __init__(self, *, max_items=512, ttl_s=60.0, clock=time.monotonic):
        self.max_items, self.ttl_s, self.clock = max_items, ttl_s, clock
        self._items = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key):
        """The stored value, or None when missing or expired."""
        now = self.clock()
        with self._lock:
            item = self._items.get(key)
            if item is None or item[0] <= now:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return item[1]

    def put(self, key, value, *, ttl_s=None):
        with self._lock:
            self._items[key] = (self.clock() + (self.ttl_s if ttl_s is None else ttl_s), value)
            self._items.move_to_end(key)
            while len(self._items) > self.max_items:
                self._items.popitem(last=False)
        return value

    def get_or_compute(self, key, compute, *, ttl_s=None):
        """The stored value, else compute() stored under key (computed outside the lock)."""
        value = self.get(key)
        if value is None:
            value = self.put(key, compute(), ttl_s=ttl_s)
        return value

    def clear(self):
        with self._lock:
            self._items.clear()
            self.hits = self.misses = 0


pages = TTLCache(max_items=512, ttl_s=300.0)  # rendered pages for anonymous visitors
states = TTLCache(max_items=64, ttl_s=2.0)  # per edition slug: what its cached pages depend on


def clear():
    """Forget everything (this process); services call it after their own changes."""
    pages.clear()
    states.clear()


# -- whole pages for anonymous visitors ---------------------------------------------------

CSRF_HOLE = f"csrfhole{secrets.token_hex(8)}"  # stands for the visitor's CSRF token in cached pages


@dataclass(frozen=True)
class PageState:
    """What an edition's cached pages depend on, remembered for GALLERY_CACHE_REVALIDATE_S seconds."""

    announcement_at: object
    signature: tuple
    fingerprint: tuple


def _cacheable():
    """Anonymous visitors without pending messages see the same page (but for their CSRF token)."""
    return (current_app.config["GALLERY_CACHE"] and not current_user.is_authenticated
            and "_flashes" not in session)


def _page_key(signature):
    return (request.endpoint, request.host, request.full_path, current_language(), signature)


def _with_token(html):
    return html.replace(CSRF_HOLE, generate_csrf())


def cached_hit(slug):
    """The page from this process's cache without touching the database, or None.

    The announcement time is checked on every request, so nothing is served before it; what
    else the page depends on is re-checked every GALLERY_CACHE_REVALIDATE_S seconds (cached_page).
    """
    if not _cacheable():
        return None
    state = states.get(slug)
    if state is None or utcnow() < state.announcement_at:
        return None
    page = pages.get(_page_key(state.signature))
    if page is None or page[0] != state.fingerprint:
        return None
    return _with_token(page[1])


def cached_page(pub, render):
    """render() for this URL, from the per-process cache when the visitor is anonymous.

    Pages differ between anonymous visitors only by the CSRF token of the language form, so the
    page is rendered with a placeholder for it and each visitor gets their own token put in.
    Logged-in visitors (and pending flash messages) always get a fresh render.
    """
    if not pub.winners_public or not _cacheable():
        return render()
    signature = (pub.contest.id, pub.round, pub.show_all, pub.favourite_id)
    fingerprint = publication.fingerprint(pub.contest.id, pub.round.id)
    states.put(pub.contest.slug, PageState(pub.contest.announcement_at, signature, fingerprint),
               ttl_s=current_app.config["GALLERY_CACHE_REVALIDATE_S"])
    key = _page_key(signature)
    page = pages.get(key)
    if page is not None and page[0] == fingerprint:
        return _with_token(page[1])
    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    setattr(g, field, CSRF_HOLE)  # what Flask-WTF's generate_csrf() returns for this request
    try:
        html = render()
    finally:
        g.pop(field, None)
    pages.put(key, (fingerprint, html))
    return _with_token(html)
