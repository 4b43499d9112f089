"""Browser tests: the app on a real loopback server, driven by Playwright in Debian's Chromium."""
import json
import os
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from contest.core.extensions import db
from tests.browser.site import log_in, make_reset_token_for_siti, seeded_site
from tests.conftest import CHROMIUM, fresh_state

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


def axe_violations(page, impacts=None):
    """[{"id", "impact", "nodes"}] of axe_audit's violations (optionally only the given impacts)."""
    return [{"id": v["id"], "impact": v["impact"], "nodes": v["targets"][:5]}
            for v in axe_audit(page) if impacts is None or v["impact"] in impacts]


WCAG_AA = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")
# axe's best practices add what the WCAG tags leave out: unique landmarks, heading order, named headers.
AXE_TAGS = (*WCAG_AA, "best-practice")
LAPTOP = {"viewport": {"width": 1280, "height": 800}}


def axe_audit(page, context="document", tags=AXE_TAGS):
    """Every axe-core violation of the WCAG 2.2 AA rules and best practices (all impacts) on the page.

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


VIEWPORTS = {"phone": PHONE, "laptop": LAPTOP}


@pytest.fixture(scope="module")
def site(app, tmp_path_factory):
    """The demo-like site (tests/browser/site.py), seeded once for the module that asks for it.

    A module using it overrides the autouse `_clean_state` with a no-op, so its tests share the
    data; the tables are emptied when the module ends.
    """
    with fresh_state(app), seeded_site(app, tmp_path_factory.mktemp("site")) as seeded:
        seeded.extra["reset_token"] = make_reset_token_for_siti()
        db.session.commit()
        yield seeded


@pytest.fixture(scope="module")
def base(app, site):
    """The app served for the whole module."""
    with serve(app) as url:
        yield url


@pytest.fixture(scope="module")
def role_page(browser, base):
    """role_page(role, viewport): one browser page per pair, logged in on first use, then reused.

    role is "anonymous", "entrant", "uploader", "judge" or "admin", optionally with ":en" for
    the English interface.
    """
    opened, contexts = {}, []

    def get(role, viewport="phone"):
        if (role, viewport) not in opened:
            context = browser.new_context(**VIEWPORTS[viewport], locale="id-ID", timezone_id="Asia/Makassar")
            contexts.append(context)
            page = context.new_page()
            who, _, language = role.partition(":")  # "judge:en": the judge, interface in English
            if who != "anonymous":
                log_in(page, base, who)
            if language:
                page.goto(base + "/")
                with page.expect_navigation():  # the switch may sit in the phone's closed menu
                    page.eval_on_selector(f"button[name=lang][value={language}]", "b => b.form.requestSubmit(b)")
            opened[role, viewport] = page
        return opened[role, viewport]

    yield get
    for context in contexts:
        context.close()
