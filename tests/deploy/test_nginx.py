"""The repo's nginx site file (deploy/nginx/contest.conf), run by Debian's real nginx with TLS in
front of gunicorn (deploy/gunicorn.conf.py): resumable uploads, media through X-Accel-Redirect,
static files with cache headers. See tests/servers.py for how the site file is rendered."""
import socket
import time
from urllib.parse import urlsplit

import pytest
import requests

from contest.core.extensions import db
from contest.media import pipeline
from tests.media.conftest import make_clip, media_dir  # noqa: F401  (fixtures)
from tests.media.tus_helpers import (  # noqa: F401  (fixtures are used by name)
    _clean_state,
    create_upload,
    head_offset,
    http_login,
    open_patch,
    setup,
    sha256,
    stored_video_path,
    tus_client,
    tus_dir,
    tus_metadata,
)
from tests.media.video_helpers import SMALL_RULES, upload
from tests.servers import Gunicorn, Nginx, app_env, nginx_version, wait_until

KiB, MiB = 1024, 1024 * 1024
X_ACCEL = "/protected-media/"


@pytest.fixture(scope="module")
def site(app, tmp_path_factory):
    """nginx (TLS, the site file) -> gunicorn (X_ACCEL_REDIRECT, PROXY_COUNT=1) on loopback."""
    tmp = tmp_path_factory.mktemp("nginx-site")
    env = app_env(app, tmp, X_ACCEL_REDIRECT=X_ACCEL, PROXY_COUNT="1", SESSION_COOKIE_SECURE="true")
    web = Gunicorn(env, tmp / "gunicorn.log", threads=8)
    nginx = Nginx(tmp / "nginx", upstreams=[web.port], upload_root=app.config["UPLOAD_ROOT"])
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("REQUESTS_CA_BUNDLE", str(nginx.cert))  # requests and tuspy trust this nginx
        try:
            web.start()
            nginx.start()
            print(f"nginx {nginx_version()} on {nginx.url} -> gunicorn {web.url}")
            yield nginx
        finally:
            nginx.stop()
            web.stop()


def test_plain_http_redirects_to_https(site):
    response = requests.get(f"http://127.0.0.1:{site.http_port}/karya?x=1", allow_redirects=False,
                            timeout=10)
    assert response.status_code == 301
    assert response.headers["Location"] == "https://127.0.0.1/karya?x=1"


def test_the_app_sees_https_and_echoes_nginx_request_id(site, setup):
    session = http_login(site.url, setup.email)  # a Secure cookie: only works if the app saw https
    response = session.get(f"{site.url}/entries/", timeout=10)
    assert response.status_code == 200
    assert len(response.headers["X-Request-ID"]) == 32  # nginx's $request_id, echoed by the app
    assert any(c.secure for c in session.cookies)


def stable_offset(base_url, session, location, timeout=10):
    """The server's offset once it stops moving (what reached gunicorn before the drop)."""
    deadline, last, since = time.monotonic() + timeout, -1, time.monotonic()
    while True:
        offset = head_offset(base_url, session, location)
        if offset != last:
            last, since = offset, time.monotonic()
        elif offset > 0 and time.monotonic() - since > 0.5:
            return offset
        assert time.monotonic() < deadline, f"offset still {offset}"
        time.sleep(0.05)


def test_tus_upload_through_nginx_resumes_after_a_dropped_connection(site, setup, tmp_path):
    video_file = tmp_path / "karya.mp4"
    data = bytes(range(256)) * (4 * MiB // 256) + b"tail"
    video_file.write_bytes(data)
    session = http_login(site.url, setup.email)
    location = create_upload(site.url, session, setup.entry_id, len(data))
    assert urlsplit(location).path.startswith("/tus/")

    sent = 2 * MiB + 300 * KiB
    conn = open_patch(site.url, session, location, 0, len(data))
    conn.send(data[:sent])
    # Unbuffered (proxy_request_buffering off): whole blocks reach the app's disk while the
    # request is still open; a buffering nginx would show offset 0 until the body was complete.
    wait_until(lambda: head_offset(site.url, session, location) >= MiB, timeout=10,
               what="the first MiB to reach gunicorn while the PATCH is open")
    conn.sock.shutdown(socket.SHUT_RDWR)
    conn.close()

    received = stable_offset(site.url, session, location)
    assert MiB <= received <= sent
    part = setup.tus_dir / (location.rsplit("/", 1)[1] + ".part")
    assert part.read_bytes() == data[:received]

    uploader = tus_client(site.url, session).uploader(
        file_path=str(video_file), url=site.url + location, chunk_size=MiB, retries=3,
        retry_delay=0.2)
    assert uploader.offset == received  # resumed from the server's offset
    uploader.upload()
    assert sha256(stored_video_path(setup.entry_id)) == sha256(video_file)


@pytest.fixture
def ready_video(make_contest, make_entrant, make_clip, app):
    """A processed (ready) video of an entrant's entry, with the entrant's login."""
    from contest.entries.services import create_entry

    contest = make_contest(**SMALL_RULES)
    owner = make_entrant()
    entry = create_entry(contest=contest, user=owner, title="Netral", synopsis="S.", social_url=None)
    db.session.commit()
    video = upload(entry, make_clip(duration=2))
    assert pipeline.process_video(video.id) == "remux"
    db.session.expire_all()
    return video, owner


def test_video_is_sent_by_nginx_with_range_after_the_app_checked_access(site, ready_video,
                                                                          make_entrant):
    from contest.media import status, storage

    video, owner = ready_video
    url = site.url + urlsplit(status.stream_url(video)).path
    on_disk = storage.web_path(video).read_bytes()

    session = http_login(site.url, owner.email)
    response = session.get(url, headers={"Range": "bytes=100-1099"}, timeout=10)
    assert response.status_code == 206
    assert response.headers["Content-Range"] == f"bytes 100-1099/{len(on_disk)}"
    assert response.content == on_disk[100:1100]
    assert response.headers["Content-Type"] == "video/mp4"
    assert response.headers["Cache-Control"] == "no-store"  # signed in: nothing kept in any cache
    # gunicorn's answer has an empty body and X-Accel-Redirect: these bytes came from nginx.
    whole = session.get(url, timeout=10)
    assert whole.status_code == 200 and whole.content == on_disk

    stranger = http_login(site.url, make_entrant().email)
    assert stranger.get(url, headers={"Range": "bytes=0-99"}, timeout=10).status_code == 404
    assert requests.get(url, timeout=10).status_code == 404  # anonymous
    internal = f"{site.url}{X_ACCEL}{storage.relative_to_root(storage.web_path(video))}"
    assert requests.get(internal, timeout=10).status_code == 404  # never reachable from outside


def test_static_files_are_served_by_nginx_with_cache_headers(site):
    app_css = requests.get(f"{site.url}/static/css/app.css", timeout=10)
    assert app_css.status_code == 200 and app_css.headers["Content-Type"].startswith("text/css")
    assert app_css.headers["Cache-Control"] == "public, max-age=604800"
    assert "X-Request-ID" not in app_css.headers  # nginx answered, the app never saw it
    vendor = requests.get(f"{site.url}/static/vendor/bootstrap-5.3.9/bootstrap.min.css", timeout=10)
    assert vendor.status_code == 200
    assert vendor.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert requests.get(f"{site.url}/static/../wsgi.py", timeout=10).status_code in (400, 404)


def test_text_goes_out_gzip_static_files_from_their_twins(site):
    import importlib.util

    from tests.servers import PROJECT

    spec = importlib.util.spec_from_file_location("compress_static", PROJECT / "scripts" / "compress_static.py")
    compress_static = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(compress_static)
    compress_static.compress_folder(PROJECT / "static")
    for path in ("css/bootstrap.purged.css", "vendor/hls.js-1.7.4/hls.light.min.js"):
        response = requests.get(f"{site.url}/static/{path}", headers={"Accept-Encoding": "gzip"},
                                stream=True, timeout=10)
        twin = PROJECT / "static" / f"{path}.gz"
        assert response.headers["Content-Encoding"] == "gzip", path
        assert int(response.headers["Content-Length"]) == twin.stat().st_size  # sent as is: gzip_static
        assert "Accept-Encoding" in response.headers["Vary"]
        response.close()
    page = requests.get(f"{site.url}/", headers={"Accept-Encoding": "gzip"}, timeout=10)
    assert page.status_code == 200 and page.headers["Content-Encoding"] == "gzip"
    plain = requests.get(f"{site.url}/static/css/app.css", headers={"Accept-Encoding": "identity"}, timeout=10)
    assert "Content-Encoding" not in plain.headers


def test_health_checks_through_nginx(site):
    assert requests.get(f"{site.url}/healthz", timeout=10).json() == {"status": "ok"}
    ready = requests.get(f"{site.url}/readyz", timeout=10)
    assert ready.status_code == 200, ready.text
