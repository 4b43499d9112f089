"""The committee's Markdown: classic XSS payloads come out inert, ordinary Markdown still renders."""
import html as htmllib
import re

import pytest

from contest.core.http.rendering import render_markdown

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<img src=x onerror=alert(1)>",
    '<img src="x" ONERROR="alert(1)">',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<body onload=alert(1)>",
    "<iframe src=https://evil.example></iframe>",
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "<object data=javascript:alert(1)></object>",
    "<embed src=javascript:alert(1)>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
    "<a href=\" javascript:alert(1)\">x</a>",
    "<a href=\"java\tscript:alert(1)\">x</a>",
    "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
    "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">x</a>",
    "<a href=\"&#x6A;avascript:alert(1)\">x</a>",
    "<a href=\"vbscript:msgbox(1)\">x</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
    "[klik](javascript:alert(1))",
    "[klik](JAVASCRIPT:alert(1))",
    "[klik]( javascript:alert(1) )",
    "[klik](data:text/html,<script>alert(1)</script>)",
    "![x](javascript:alert(1))",
    "<https://ok.example\" onmouseover=\"alert(1)>",
    "<a href=\"https://ok.example\" onclick=\"alert(1)\">x</a>",
    "<a href=\"https://ok.example\" style=\"background:url(javascript:alert(1))\">x</a>",
    "<p style=\"width: expression(alert(1))\">x</p>",
    "<div style=\"behavior: url(x.htc)\">x</div>",
    "<style>body{background:url(javascript:alert(1))}</style>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<math href=\"javascript:alert(1)\">x</math>",
    "<form action=\"javascript:alert(1)\"><button>x</button></form>",
    "<form><button formaction=javascript:alert(1)>x</button></form>",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<base href=\"javascript:alert(1)//\">",
    "<link rel=stylesheet href=https://evil.example/x.css>",
    "<!--<script>alert(1)</script>-->",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<table background=\"javascript:alert(1)\"><tr><td>x</td></tr></table>",
    "<td align=\"left\" onmouseover=\"alert(1)\">x</td>",
    "`<script>` is fine as code: <script>alert(1)</script>",
]

EXECUTABLE = [
    re.compile(r"<\s*(script|iframe|object|embed|svg|math|form|input|button|style|link|meta|base|img|"
               r"body|details|video|source|noscript)\b", re.IGNORECASE),
    re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE),  # any event handler attribute on a real tag
    re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE),
    re.compile(r"<[^>]*\s(href|src|action|formaction|background)\s*=\s*[\"']?\s*(javascript|vbscript|data):",
               re.IGNORECASE),
]


def _tags(html):
    """Only the markup: text content (escaped as &lt;...) cannot run."""
    return re.findall(r"<[^>]*>", html)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_xss_payload_comes_out_inert(payload):
    html = str(render_markdown(payload))
    for tag in _tags(html):
        decoded = htmllib.unescape(tag)  # entity-encoded schemes count as what the browser reads
        for pattern in EXECUTABLE:
            assert not pattern.search(tag) and not pattern.search(decoded), (payload, html)
        for href in re.findall(r"href=\"([^\"]*)\"", decoded):
            assert _scheme(href) in {None, "http", "https", "mailto"}, (payload, html)


def _scheme(url):
    """The scheme a browser's URL parser reads (it strips C0/space ends and every tab/newline)."""
    url = re.sub(r"[\t\n\r]", "", url.strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f "
                                         "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\t\n\r"))
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", url)
    return match.group(1).lower() if match else None


def test_ordinary_markdown_still_renders():
    html = str(render_markdown(
        "## Ketentuan\n\n**tebal** dan *miring*\n\n- satu\n- dua\n\n1. pertama\n2. kedua\n\n"
        "[situs resmi](https://kaltimprov.go.id) [surat](mailto:panitia@example.go.id)\n\n"
        "> kutipan\n\n| Juara | Hadiah |\n|---|---|\n| I | Rp 7.500.000 |\n\n`kode`"
    ))
    assert "<h2>Ketentuan</h2>" in html
    assert "<strong>tebal</strong>" in html and "<em>miring</em>" in html
    assert "<ul>\n<li>satu</li>\n<li>dua</li>\n</ul>" in html
    assert "<ol>\n<li>pertama</li>" in html
    assert '<a href="https://kaltimprov.go.id" rel="nofollow">situs resmi</a>' in html
    assert '<a href="mailto:panitia@example.go.id" rel="nofollow">surat</a>' in html
    assert "<blockquote>" in html and "<table>" in html and "<td>Rp 7.500.000</td>" in html
    assert "<code>kode</code>" in html


def test_bare_urls_become_links_but_not_inside_links_or_code():
    html = str(render_markdown("Lihat https://kaltimprov.go.id/sayembara. [https://a.example](https://a.example) "
                               "`https://kode.example`"))
    assert ('<a href="https://kaltimprov.go.id/sayembara" rel="nofollow">'
            "https://kaltimprov.go.id/sayembara</a>.") in html
    assert '<a href="https://a.example" rel="nofollow">https://a.example</a>' in html
    assert "<code>https://kode.example</code>" in html


def test_script_content_is_dropped_not_shown():
    html = str(render_markdown("awal <script>alert('rahasia')</script> akhir"))
    assert "rahasia" not in html and "awal" in html and "akhir" in html
