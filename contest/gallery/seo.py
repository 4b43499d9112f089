"""Links that leave the site: canonical URLs, Open Graph / Twitter card tags, sitemap, robots.txt.

PUBLIC_URL (e.g. https://sayembara.kaltimprov.go.id) is the base when set, so shared links and
crawlers always see the public host; without it, the request's own host is used.
"""
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from flask import current_app, request, url_for

DESCRIPTION_MAX = 200
DEFAULT_IMAGE = "img/og-default.png"  # static/, 1200x630: previews of pages without a poster
DEFAULT_IMAGE_SIZE = (1200, 630)
PRIVATE_PREFIXES = ("/admin/", "/entries/", "/judging/", "/tus/", "/lang", "/login", "/register")


def base_url():
    """PUBLIC_URL without its trailing slash, else this request's scheme and host."""
    configured = (current_app.config.get("PUBLIC_URL") or "").strip().rstrip("/")
    return configured or request.host_url.rstrip("/")


def absolute_url(endpoint, **values):
    """An absolute URL of an endpoint on the public host."""
    return base_url() + url_for(endpoint, **values)


def absolute(path):
    """An absolute URL for a path that url_for already built."""
    return path if "://" in path else base_url() + path


def canonical_url():
    """The current page without its query string, on the public host."""
    return base_url() + request.script_root + request.path


def shorten(text, limit=DESCRIPTION_MAX):
    """One line of at most `limit` characters, cut at a word boundary with an ellipsis."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",.;:—-")
    return cut + "…"


@dataclass
class Meta:
    """What a page tells link previews (WhatsApp, Facebook, X) and search engines."""

    title: str
    description: str
    url: str = ""
    image: str = ""
    image_alt: str = ""
    type: str = "website"
    image_width: int | None = None
    image_height: int | None = None
    extra: dict = field(default_factory=dict)

    def __post_init__(self):
        self.description = shorten(self.description)
        self.url = self.url or canonical_url()
        self.image = absolute(self.image) if self.image else ""


def sitemap_xml(urls):
    """urls: (absolute URL, lastmod date or None) pairs → a sitemaps.org document."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for loc, lastmod in urls:
        lines.append(f"  <url><loc>{escape(loc)}</loc>"
                     + (f"<lastmod>{lastmod.date().isoformat()}</lastmod>" if lastmod else "") + "</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots_txt(sitemap):
    lines = ["User-agent: *"] + [f"Disallow: {p}" for p in PRIVATE_PREFIXES] + ["", f"Sitemap: {sitemap}"]
    return "\n".join(lines) + "\n"
