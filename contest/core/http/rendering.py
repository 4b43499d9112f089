"""Markdown written by the committee, rendered to HTML that cannot carry scripts.

Markdown makes the HTML, then nh3 (Ammonia) keeps only an allow-list of tags, attributes and URL
schemes; everything else is dropped (script and style with their content). Bare http(s) URLs in
the text become links, as people expect from pasted addresses.
"""
import xml.etree.ElementTree as etree

import markdown as md
import nh3
from markdown.inlinepatterns import InlineProcessor
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "u", "ul", "ol", "li", "a", "h2", "h3", "h4",
    "blockquote", "code", "pre", "hr", "table", "thead", "tbody", "tr", "th", "td",
}
# rel is not listed: nh3 sets it on every link itself (link_rel below).
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}
BARE_URL = r"\bhttps?://[^\s<>\"'`]*[^\s<>\"'`.,;:!?)\]]"


class _BareUrl(InlineProcessor):
    """https://example.go.id in running text becomes a link (never inside an existing link)."""

    ANCESTOR_EXCLUDES = ("a",)

    def handleMatch(self, m, data):
        link = etree.Element("a", {"href": m.group(0)})
        link.text = m.group(0)
        return link, m.start(0), m.end(0)


class _BareUrlExtension(md.Extension):
    def extendMarkdown(self, markdown):
        markdown.inlinePatterns.register(_BareUrl(BARE_URL, markdown), "bare_url", 15)


def render_markdown(text):
    """Markdown to sanitised HTML; links get rel=nofollow."""
    html = md.markdown(text or "", extensions=["tables", "sane_lists", _BareUrlExtension()])
    clean = nh3.clean(
        html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
        link_rel="nofollow", strip_comments=True,
    )
    return Markup(clean)
