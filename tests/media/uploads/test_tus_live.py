"""The tus server over real HTTP: the official Python client (tuspy), dropped connections,
concurrent PATCHes, and a resume after the server process is killed and restarted (gunicorn)."""
import os
import socket
import threading
from urllib.parse import urlsplit

import pytest
from tusclient.storage.filestorage import FileStorage
from werkzeug.serving import make_server

from tests.media.tus_helpers import (  # noqa: F401  (fixtures are used by name)
    OFFSET_STREAM,
    PASSWORD,
    TUS,
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
    wait_for_offset,
)
from tests.servers import Gunicorn, app_env

KiB, MiB = 1024, 1024 * 1024


@pytest.fixture(scope="module")
def live_server(app):
    """The test app served by werkzeug in a thread (threaded: requests overlap)."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.port}"
    server.shutdown()
    thread.join(5)


@pytest.fixture
def video_file(tmp_path):
    path = tmp_path / "karya.mp4"
    path.write_bytes(os.urandom(3 * MiB + 4321))
    return path


def test_tuspy_uploads_a_byte_identical_file(live_server, setup, video_file):
    session = http_login(live_server, setup.email)
    uploader = tus_client(live_server, session).uploader(
        file_path=str(video_file), chunk_size=512 * KiB, metadata=tus_metadata(setup.entry_id))
    uploader.upload()
    assert uploader.offset == video_file.stat().st_size
    assert sha256(stored_video_path(setup.entry_id)) == sha256(video_file)


def test_dropped_connection_keeps_received_bytes_and_tuspy_resumes(live_server, setup, video_file):
    session = http_login(live_server, setup.email)
    data = video_file.read_bytes()
    location = create_upload(live_server, session, setup.entry_id, len(data))
    sent = 1 * MiB + 300 * KiB
    conn = open_patch(live_server, session, location, 0, len(data))
    conn.send(data[:sent])
    conn.sock.shutdown(socket.SHUT_RDWR)
    conn.close()

    wait_for_offset(live_server, session, location, sent)
    part = setup.tus_dir / (location.rsplit("/", 1)[1] + ".part")
    assert part.read_bytes() == data[:sent]

    uploader = tus_client(live_server, session).uploader(
        file_path=str(video_file), url=live_server + location, chunk_size=512 * KiB,
        retries=5, retry_delay=0.2)
    assert uploader.offset == sent  # resumed from the server's offset, not from zero
    uploader.upload()
    assert sha256(stored_video_path(setup.entry_id)) == sha256(video_file)


def test_concurrent_patches_to_one_upload_do_not_corrupt_it(live_server, setup, video_file):
    session = http_login(live_server, setup.email)
    data = video_file.read_bytes()
    location = create_upload(live_server, session, setup.entry_id, len(data))
    first_part = MiB + 100 * KiB  # the server writes whole 1 MiB blocks while the body flows
    release, result = threading.Event(), {}

    def slow_writer():
        conn = open_patch(live_server, session, location, 0, len(data))
        conn.send(data[:first_part])
        release.wait(10)
        conn.send(data[first_part:])
        response = conn.getresponse()
        result["status"], result["offset"] = response.status, response.getheader("Upload-Offset")
        conn.close()

    thread = threading.Thread(target=slow_writer)
    thread.start()
    try:
        wait_for_offset(live_server, session, location, MiB)  # it holds the lock now
        statuses = []
        for offset in (0, MiB):
            response = session.patch(live_server + location, data=data[offset:], timeout=10,
                                      headers={**TUS, "Content-Type": OFFSET_STREAM,
                                               "Upload-Offset": str(offset)})
            statuses.append(response.status_code)
        assert statuses == [423, 423]
    finally:
        release.set()
        thread.join(20)
    assert result == {"status": 204, "offset": str(len(data))}
    assert sha256(stored_video_path(setup.entry_id)) == sha256(data)


# -- a real restart ---------------------------------------------------------------------------

def test_resume_after_the_server_is_killed_mid_patch_and_restarted(app, setup, video_file, tmp_path):
    server = Gunicorn(app_env(app, tmp_path), tmp_path / "gunicorn.log")
    urls = FileStorage(str(tmp_path / "tus-urls.json"))
    server.start()
    try:
        session = http_login(server.url, setup.email)
        uploader = tus_client(server.url, session).uploader(
            file_path=str(video_file), chunk_size=512 * KiB, metadata=tus_metadata(setup.entry_id),
            store_url=True, url_storage=urls)
        uploader.upload(stop_at=MiB)  # two chunks, then the browser tab "closes"
        location = urlsplit(uploader.url).path
        assert head_offset(server.url, session, location) == MiB

        # A third PATCH is mid-flight (1.5 MiB of its 2.2 MiB sent) when the server dies.
        data = video_file.read_bytes()
        conn = open_patch(server.url, session, location, MiB, len(data) - MiB)
        conn.send(data[MiB:MiB + MiB + MiB // 2])
        wait_for_offset(server.url, session, location, 2 * MiB)  # whole blocks reach the disk
        server.kill()
        conn.close()

        server.start()  # same port, same storage, same database
        on_disk = head_offset(server.url, session, location)
        assert MiB <= on_disk <= 2 * MiB + MiB // 2
        part = setup.tus_dir / (location.rsplit("/", 1)[1] + ".part")
        assert part.read_bytes() == data[:on_disk]

        resumed = tus_client(server.url, session).uploader(
            file_path=str(video_file), chunk_size=512 * KiB, metadata=tus_metadata(setup.entry_id),
            store_url=True, url_storage=urls)
        assert resumed.url == uploader.url and resumed.offset == on_disk
        resumed.upload()
    finally:
        server.kill()
    assert sha256(stored_video_path(setup.entry_id)) == sha256(video_file)


# -- the browser client -----------------------------------------------------------------------

TUS_JS_UPLOAD = """
async ({entryId, size}) => {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i += 65536) crypto.getRandomValues(bytes.subarray(i, i + 65536));
  const file = new File([bytes], "karya.mp4", {type: "video/mp4"});
  const hex = (buf) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join("");
  const digest = hex(await crypto.subtle.digest("SHA-256", bytes));
  const options = {endpoint: "/tus/", chunkSize: 512 * 1024, retryDelays: [0, 200, 500, 1000],
                   metadata: {entry_id: String(entryId), filename: file.name}};
  // First attempt: the tab "closes" in the middle of a chunk, once more than 1 MiB is sent.
  const first = await new Promise((resolve, reject) => {
    const upload = new tus.Upload(file, {...options, onError: reject,
      onSuccess: () => reject(new Error("finished before the abort")),
      onProgress: (sent) => {
        if (sent > 1124 * 1024) upload.abort().then(() => resolve(upload));
      }});
    upload.start();
  });
  // Second attempt: find the stored upload URL and resume it to the end.
  const second = await new Promise((resolve, reject) => {
    const upload = new tus.Upload(file, {...options, onError: reject, onSuccess: () => resolve(upload)});
    upload.findPreviousUploads().then((previous) => {
      if (previous.length) upload.resumeFromPreviousUpload(previous[0]);
      upload.start();
    });
  });
  return {digest, firstUrl: first.url, secondUrl: second.url};
}
"""


@pytest.mark.browser
def test_tus_js_client_in_chromium_uploads_and_resumes(live_server, setup, browser):
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{live_server}/login")
        page.fill("input[name=email]", setup.email)
        page.fill("input[name=password]", PASSWORD)
        with page.expect_navigation():
            page.press("input[name=password]", "Enter")
        page.add_script_tag(url="/static/vendor/tus-js-client-4.3.1/tus.min.js")
        result = page.evaluate(TUS_JS_UPLOAD, {"entryId": setup.entry_id, "size": 3 * MiB + 777})
    finally:
        context.close()
    assert result["firstUrl"] and result["secondUrl"] == result["firstUrl"]  # resumed, not restarted
    assert sha256(stored_video_path(setup.entry_id)) == result["digest"]
