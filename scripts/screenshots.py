"""Regenerate the README's screenshots (docs/screenshots/*.png): `make screenshots`.

Seeds the demo (real clips through the real video pipeline) into a throwaway instance folder,
serves it on a loopback port, and photographs the tour's pages in Debian's Chromium through
Playwright: phones at 390x844, the committee's and judges' pages at 1280x800. Each PNG is
quantized to a palette so that it stays small in the repository.

    .venv/bin/python scripts/screenshots.py [--port 0] [--out docs/screenshots]
"""
import argparse
import os
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHROMIUM_ARGS = [  # as tests/conftest.py
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 1, "is_mobile": True,
         "has_touch": True}
LAPTOP = {"viewport": {"width": 1280, "height": 800}, "device_scale_factor": 1}


def build_app(workdir):
    """The app on a fresh SQLite database and upload folder inside workdir, demo seeded."""
    from sqlalchemy import select

    from contest import create_app
    from contest.core.extensions import db
    from contest.demo import seed_demo
    from contest.demo.judging import attach_demo_videos
    from contest.entries.models import Entry

    app = create_app({
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir / 'contest.db'}",
        "UPLOAD_ROOT": str(workdir / "uploads"),
        "MAIL_OUTBOX": str(workdir / "outbox"),
        "RATELIMIT_ENABLED": False,
        "HUEY_SQLITE_PATH": str(workdir / "queue.db"),
        "REDIS_URL": "",
    })
    app.instance_path = str(workdir)  # demo-logins.json and demo clips stay in the throwaway folder
    with app.app_context():
        db.create_all()
        logins = seed_demo()
        db.session.commit()
        # the tour shows Andi's entry with its processed video
        andi = next(email for role, email, _ in logins if email.startswith("andi."))
        entry = db.session.scalar(select(Entry).join(Entry.user).where(Entry.user.has(email=andi)))
        attach_demo_videos([entry], workdir=workdir / "demo-media")
        db.session.commit()
        return app, {email: password for _, email, password in logins}, entry.id


def pages(app, entry_id):
    """(file name, device, login email or None, path) for every screenshot the README shows."""
    from contest.contests.services import current_contest
    from contest.demo.gallery import SLUG
    from contest.judging.rounds.models import RoundKind
    from contest.judging.rounds.windows import rounds_of

    with app.app_context():
        scoring = next(r for r in rounds_of(current_contest()) if r.kind == RoundKind.SCORING.value)
        round_id = scoring.id
    return [
        ("phone-home", PHONE, None, "/"),
        ("phone-register", PHONE, None, "/register"),
        ("entry-video-ready", PHONE, "andi.pratama@demo.kaltimprov.go.id", f"/entries/{entry_id}"),
        ("phone-gallery-winners", PHONE, None, f"/c/{SLUG}/pemenang"),
        ("judge-scoring", LAPTOP, "juri1@demo.kaltimprov.go.id", f"/judging/rounds/{round_id}/next"),
        ("results", LAPTOP, "admin@demo.kaltimprov.go.id", f"/admin/judging/rounds/{round_id}/results"),
    ]


def shrink(path):
    """Quantize to a 256-colour palette and optimise (a few tens of KB instead of hundreds)."""
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)
    return path.stat().st_size


def photograph(base, shots, passwords, out):
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    chromium = "/usr/bin/chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        for name, device, email, path in shots:
            context = browser.new_context(**device, locale="id-ID", timezone_id="Asia/Makassar")
            page = context.new_page()
            if email:
                page.goto(base + "/login")
                page.fill("input[name=email]", email)
                page.fill("input[name=password]", passwords[email])
                with page.expect_navigation():
                    page.press("input[name=password]", "Enter")
            response = page.goto(base + path)
            if response.status != 200:
                raise SystemExit(f"{path}: HTTP {response.status}")
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(300)  # fonts and the countdown settle
            target = out / f"{name}.png"
            page.screenshot(path=str(target))
            print(f"  {target.relative_to(ROOT)}  {shrink(target) // 1024} KB")
            context.close()
        browser.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "0")),
                        help="loopback port (0: any free one)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    import logging

    from werkzeug.serving import make_server

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request

    with tempfile.TemporaryDirectory(prefix="screenshots-") as tmp:
        print("Menyiapkan data demo (video diproses sungguhan; pertama kali ±1 menit)…")
        app, passwords, entry_id = build_app(Path(tmp))
        server = make_server("127.0.0.1", args.port, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            photograph(f"http://127.0.0.1:{server.server_port}", pages(app, entry_id), passwords, args.out)
        finally:
            server.shutdown()


if __name__ == "__main__":
    main()
