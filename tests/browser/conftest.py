"""Browser tests: the app on a real loopback server, driven by Playwright in Debian's Chromium."""
import json
import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.conftest import CHROMIUM

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / ".cache" / "axe-core-4.14.1" / "axe.min.js"
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", ROOT / "screenshots"))
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True,
         "has_touch": True}


@pytest.fixture
def live_server(app):
    """The session's app served on 127.0.0.1 from a thread; yields its base URL."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: run `make browser-deps` (apt-get install chromium)")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    name, app.config["SERVER_NAME"] = app.config["SERVER_NAME"], None
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    app.config["SERVER_NAME"] = name


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
