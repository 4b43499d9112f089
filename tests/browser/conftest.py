"""Browser tests: the app on a real loopback server, driven by Playwright in Debian's Chromium."""
import json
import os
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.conftest import CHROMIUM

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / ".cache" / "axe-core-4.14.1" / "axe.min.js"
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", ROOT / "screenshots"))
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True,
         "has_touch": True}


@contextmanager
def serve(app):
    """The app served on 127.0.0.1 from a thread; yields its base URL."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: run `make browser-deps` (apt-get install chromium)")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    name, app.config["SERVER_NAME"] = app.config["SERVER_NAME"], None
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        app.config["SERVER_NAME"] = name


@pytest.fixture
def live_server(app):
    """The session's app served on 127.0.0.1 for one test."""
    with serve(app) as url:
        yield url


@pytest.fixture
def phone(browser):
    """A fresh phone-sized page (no cookies shared between tests)."""
    context = browser.new_context(**PHONE, locale="id-ID", timezone_id="Asia/Makassar")
    page = context.new_page()
    yield page
    context.close()


def screenshot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def axe_violations(page, impacts=("serious", "critical")):
    """Run axe-core on the page; return the violations of the given impacts."""
    page.evaluate(AXE.read_text())  # evaluated over DevTools, so the page's CSP does not block it
    result = page.evaluate("async () => JSON.stringify(await axe.run(document))")
    violations = json.loads(result)["violations"]
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in violations
        if v["impact"] in impacts
    ]


WCAG_AA = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")
LAPTOP = {"viewport": {"width": 1280, "height": 800}}


def axe_audit(page, context="document", tags=WCAG_AA):
    """Every axe-core violation of the WCAG 2.2 AA rules (all impacts) on the page.

    Each is {"id", "impact", "help", "targets"}; no rule is switched off, so colour contrast and
    the lang rules (html-has-lang, html-lang-valid, valid-lang) always run.
    """
    page.evaluate(AXE.read_text())  # evaluated over DevTools, so the page's CSP does not block it
    result = page.evaluate(f"""async () => JSON.stringify(await axe.run({context},
        {{runOnly: {{type: "tag", values: {json.dumps(list(tags))}}}, resultTypes: ["violations"]}}))""")
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "targets": [" ".join(map(str, n["target"])) + _contrast(n) for n in v["nodes"]]}
            for v in json.loads(result)["violations"]]


def _contrast(node):
    """' (#777 on #fff = 4.4:1)' for a colour-contrast node, so the fix is obvious."""
    for check in node.get("any", []):
        data = check.get("data") or {}
        if isinstance(data, dict) and data.get("contrastRatio"):
            return f" ({data['fgColor']} on {data['bgColor']} = {data['contrastRatio']}:1)"
    return ""


def describe(violations):
    """One readable line per violation, for assertion messages."""
    return "\n".join(f"  {v['id']} [{v['impact']}] {v['help']}: {', '.join(v['targets'][:6])}"
                     + (f" (+{len(v['targets']) - 6} more)" if len(v["targets"]) > 6 else "")
                     for v in violations)
