"""Markdown written by the committee, rendered to HTML that cannot carry scripts."""
import bleach
import markdown as md
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "u", "ul", "ol", "li", "a", "h2", "h3", "h4",
    "blockquote", "code", "pre", "hr", "table", "thead", "tbody", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {"a": ["href", "title", "rel"], "th": ["align"], "td": ["align"]}


def render_markdown(text):
    """Markdown to sanitised HTML; links get rel=nofollow noopener."""
    html = md.markdown(text or "", extensions=["tables", "sane_lists"])
    clean = bleach.clean(
        html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, protocols={"http", "https", "mailto"}, strip=True
    )
    linked = bleach.linkify(clean, callbacks=[bleach.callbacks.nofollow])
    return Markup(linked)
