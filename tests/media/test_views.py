"""video.json, the media URLs (access, Range, nginx hand-off), poster choice, the entry page."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from contest.core import config, tasks
from contest.core.errors import DomainError
from contest.core.extensions import db
from contest.core.timeutil import utcnow
from contest.entries.services import submission_blockers, submit_entry
from contest.media import storage
from tests.conftest import login, post, text_of
from tests.media.video_helpers import (  # noqa: F401  (fixtures)
    _clean_state,
    panel_judge,
    panel_judge_of,
    process,
    queue_file,
    ready,
    reload,
    setup,
    submitted,
    upload,
    upload_root,
)

REQUIRED_KEYS = {"state", "problems", "poster_url", "video_url", "duration", "width", "height",
                 "progress"}


def status(client, entry_id):
    return client.get(f"/entries/{entry_id}/video.json")


# ---------------------------------------------------------------- video.json


def test_status_without_video(client, setup):
    s = setup()
    login(client, s.user)
    doc = status(client, s.entry_id).get_json()
    assert REQUIRED_KEYS <= doc.keys()
    assert (doc["state"], doc["problems"], doc["video_url"], doc["poll"]) == ("none", [], None, False)


def test_status_while_queued_asks_to_poll(client, setup, make_clip):
    s = setup()
    upload(s.entry, make_clip())
    login(client, s.user)
    response = status(client, s.entry_id)
    doc = response.get_json()
    assert (doc["state"], doc["poll"], doc["progress"], doc["poster_url"]) == ("queued", True, 0, None)
    assert doc["label"] == "Menunggu giliran diproses"
    assert "no-store" in response.headers["Cache-Control"]


def test_status_when_ready(client, ready):
    login(client, ready.user)
    doc = status(client, ready.entry_id).get_json()
    uuid = ready.video.uuid
    assert REQUIRED_KEYS <= doc.keys()
    assert (doc["state"], doc["progress"], doc["width"], doc["height"]) == ("ready", 100, 320, 240)
    assert doc["duration"] == pytest.approx(3, abs=0.1)
    assert doc["video_url"] == f"/media/v/{uuid}/web.mp4"
    assert doc["poster_url"] == f"/media/v/{uuid}/frame-1-1280.jpg"
    assert [c["url"] for c in doc["candidates"]] == [f"/media/v/{uuid}/frame-{i}-480.jpg"
                                                     for i in range(3)]
    assert doc["filename"] == "Budi Santoso final.mp4"  # the owner sees their own file name
    assert doc["poll"] is False and doc["in_use"] is None


def test_status_of_a_rejection_says_what_to_fix(client, setup, make_clip):
    s = setup(min_duration_s=5, orientations="portrait")
    process(upload(s.entry, make_clip()))
    login(client, s.user)
    doc = status(client, s.entry_id).get_json()
    assert doc["state"] == "rejected"
    assert doc["problems"] == [
        {"code": "too_short", "message": "Durasi video 2 detik; minimal 5 detik."},
        {"code": "wrong_orientation",
         "message": "Video harus berorientasi potret (tegak); video Anda lanskap (mendatar)."}]


def test_status_shows_the_video_in_use_beside_a_new_upload(client, ready, make_clip):
    newer = upload(ready.entry, make_clip(duration=4))
    login(client, ready.user)
    doc = status(client, ready.entry_id).get_json()
    assert (doc["state"], doc["id"]) == ("queued", newer.uuid)
    assert doc["in_use"]["id"] == ready.video.uuid and doc["in_use"]["state"] == "ready"


def test_status_access(client, ready, make_entrant, make_staff):
    assert status(client, ready.entry_id).status_code == 401
    login(client, make_entrant())
    assert status(client, ready.entry_id).status_code == 404
    post(client, "/logout")
    judge = make_staff("judge")
    login(client, judge)
    assert status(client, ready.entry_id).status_code == 404  # drafts are not judged
    assert status(client, 999999).status_code == 404


def test_status_is_blind_for_judges(client, submitted, panel_judge):
    login(client, panel_judge)
    response = status(client, submitted.entry_id)
    assert response.status_code == 200
    doc = response.get_json()
    assert doc["state"] == "ready" and doc["video_url"] and "filename" not in doc
    raw = response.get_data(as_text=True)
    profile = submitted.user.profile
    for secret in ("Budi", "Santoso", profile.nip, profile.agency, submitted.user.email,
                   "final.mp4", f"/{submitted.user.id}/"):  # a path segment, not a uuid that ends in the digit
        assert secret not in raw
    urls = [doc["video_url"], doc["poster_url"]]
    assert all(re.fullmatch(r"/media/v/[0-9a-f]{32}/[\w.-]+", url) for url in urls)


def test_judge_sees_the_ready_video_not_the_pending_replacement(client, submitted, panel_judge,
                                                                 make_clip):
    upload(submitted.entry, make_clip(duration=4))
    login(client, panel_judge)
    doc = status(client, submitted.entry_id).get_json()
    assert (doc["state"], doc["id"]) == ("ready", submitted.video.uuid)


def test_conflicted_judge_cannot_watch(client, submitted, panel_judge):
    """Same agency as the entrant (an automatic conflict): no status, no video bytes."""
    from contest.judging.panel.models import JudgeProfile

    judge = panel_judge
    db.session.add(JudgeProfile(user=judge, agency=submitted.user.profile.agency))
    db.session.commit()
    login(client, judge)
    assert status(client, submitted.entry_id).status_code == 404
    video_url = f"/media/v/{submitted.video.uuid}/web.mp4"
    assert client.get(video_url).status_code == 404


def test_admin_sees_the_file_name(client, ready, make_staff):
    login(client, make_staff("admin"))
    assert status(client, ready.entry_id).get_json()["filename"] == "Budi Santoso final.mp4"


# ---------------------------------------------------------------- media URLs


def urls(video):
    return {"stream": f"/media/v/{video.uuid}/web.mp4",
            "frame": f"/media/v/{video.uuid}/frame-0-480.jpg",
            "original": f"/media/v/{video.uuid}/original"}


@pytest.mark.parametrize("who, allowed", [
    ("anonymous", set()),
    ("other_entrant", set()),
    ("owner", {"stream", "frame"}),
    ("judge", {"stream", "frame"}),
    ("judge_off_panel", set()),
    ("admin", {"stream", "frame", "original"}),
])
def test_media_access(client, submitted, make_entrant, make_staff, who, allowed):
    users = {"other_entrant": make_entrant, "owner": lambda: submitted.user,
             "judge": lambda: panel_judge_of(submitted, make_staff),
             "judge_off_panel": lambda: make_staff("judge"), "admin": lambda: make_staff("admin")}
    if who != "anonymous":
        login(client, users[who]())
    for name, url in urls(submitted.video).items():
        response = client.get(url)
        if name in allowed:
            assert response.status_code == 200, (who, name)
        else:
            assert response.status_code in (302, 403, 404), (who, name, response.status_code)
            assert not response.data.startswith(b"\x00\x00\x00") and b"ftyp" not in response.data


def test_media_files_have_the_right_types(client, ready, make_staff):
    login(client, make_staff("admin"))
    paths = urls(ready.video)
    stream = client.get(paths["stream"])
    assert stream.mimetype == "video/mp4" and stream.data == storage.web_path(ready.video).read_bytes()
    assert stream.headers["Cache-Control"] == "no-store"  # signed in: nothing kept in any cache
    frame = client.get(paths["frame"])
    assert frame.mimetype == "image/jpeg" and frame.data[:3] == b"\xff\xd8\xff"
    original = client.get(paths["original"])
    assert original.data == storage.original_path(ready.video).read_bytes()
    disposition = original.headers["Content-Disposition"]
    assert disposition.startswith("attachment") and ready.entry.code in disposition


def test_range_requests_get_206(client, ready):
    login(client, ready.user)
    url = urls(ready.video)["stream"]
    size = storage.web_path(ready.video).stat().st_size
    response = client.get(url, headers={"Range": "bytes=100-199"})
    assert response.status_code == 206
    assert response.headers["Content-Range"] == f"bytes 100-199/{size}"
    assert response.data == storage.web_path(ready.video).read_bytes()[100:200]
    assert response.headers["Accept-Ranges"] == "bytes"
    tail = client.get(url, headers={"Range": f"bytes={size - 10}-"})
    assert tail.status_code == 206 and len(tail.data) == 10
    assert client.get(url, headers={"Range": f"bytes={size + 5}-"}).status_code == 416


def test_unknown_or_unready_media_is_404(client, setup, make_clip, make_staff):
    s = setup()
    queued = upload(s.entry, make_clip())
    login(client, make_staff("admin"))
    assert client.get(f"/media/v/{queued.uuid}/web.mp4").status_code == 404
    assert client.get("/media/v/" + "0" * 32 + "/web.mp4").status_code == 404
    assert client.get(f"/media/v/{queued.uuid}/original").status_code == 200  # admins: any state


@pytest.mark.parametrize("index, width", [(3, 480), (0, 640), (-1, 480)])
def test_only_existing_frame_sizes_are_served(client, ready, index, width):
    login(client, ready.user)
    assert client.get(f"/media/v/{ready.video.uuid}/frame-{index}-{width}.jpg").status_code == 404


def test_nginx_sends_the_bytes_when_configured(client, ready, app):
    login(client, ready.user)
    app.config["X_ACCEL_REDIRECT"] = "/_media/"
    try:
        response = client.get(urls(ready.video)["stream"], headers={"Range": "bytes=0-9"})
    finally:
        app.config["X_ACCEL_REDIRECT"] = ""
    assert response.status_code == 200 and response.data == b""
    assert response.headers["X-Accel-Redirect"] == f"/_media/renditions/{ready.video.uuid}/web.mp4"
    assert response.mimetype == "video/mp4"


# ---------------------------------------------------------------- poster choice


def test_owner_chooses_the_poster(client, ready):
    login(client, ready.user)
    url = f"/entries/{ready.entry_id}/video/poster"
    response = post(client, url, {"choice": "2"})
    assert response.status_code == 302
    assert reload(ready.video).poster_choice == 2
    response = post(client, url, {"choice": "0"}, headers={"Accept": "application/json"})
    assert response.get_json() == {"poster_choice": 0,
                                   "poster_url": f"/media/v/{ready.video.uuid}/frame-0-1280.jpg"}
    bad = post(client, url, {"choice": "7"}, headers={"Accept": "application/json"})
    assert bad.status_code == 400 and reload(ready.video).poster_choice == 0
    assert client.post(url, data={"choice": "1"}).status_code == 400  # no CSRF token


def test_only_the_owner_chooses_while_submissions_are_open(client, ready, make_entrant):
    url = f"/entries/{ready.entry_id}/video/poster"
    login(client, make_entrant())
    assert post(client, url, {"choice": "2"}).status_code == 404
    post(client, "/logout")
    login(client, ready.user)
    ready.contest.submissions_close_at = utcnow() - timedelta(minutes=1)
    ready.contest.registration_opens_at = utcnow() - timedelta(days=9)
    db.session.commit()
    assert post(client, url, {"choice": "2"}).status_code == 403
    assert reload(ready.video).poster_choice == 1


# ---------------------------------------------------------------- entry page and submission


def test_entry_page_has_the_upload_panel_without_inline_script(client, setup):
    s = setup(max_size_mb=50)
    login(client, s.user)
    html = client.get(f"/entries/{s.entry_id}").get_data(as_text=True)
    panel = re.search(r'<div data-role="uploader"[^>]*>', html, re.S).group(0)
    assert 'data-endpoint="/tus/"' in panel and f'data-entry-id="{s.entry_id}"' in panel
    assert f'data-max-bytes="{50 * 1024 * 1024}"' in panel
    assert 'data-extensions="mp4,mov,m4v,mkv,webm,3gp"' in panel
    assert "tus-js-client-4.3.1/tus.min.js" in html and "js/upload.js" in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)  # CSP: external scripts only
    assert "Unggah video karya terlebih dahulu." in text_of(client.get(f"/entries/{s.entry_id}"))


def test_entry_page_shows_player_and_poster_choices_when_ready(client, ready):
    login(client, ready.user)
    html = client.get(f"/entries/{ready.entry_id}").get_data(as_text=True)
    assert f'src="/media/v/{ready.video.uuid}/web.mp4"' in html
    assert f'poster="/media/v/{ready.video.uuid}/frame-1-1280.jpg"' in html
    assert html.count('name="choice"') == 3


def test_entry_page_shows_rejection_reasons(client, setup, make_clip):
    s = setup(min_short_side_px=720)
    process(upload(s.entry, make_clip()))
    login(client, s.user)
    text = text_of(client.get(f"/entries/{s.entry_id}"))
    assert "Video ditolak" in text and "sisi terpendek minimal 720 piksel" in text


def test_submission_needs_a_ready_video(setup, make_clip):
    s = setup()
    assert submission_blockers(s.entry) == ["Unggah video karya terlebih dahulu."]
    with pytest.raises(DomainError):
        submit_entry(entry=s.entry)
    video = upload(s.entry, make_clip())
    assert "diproses" in submission_blockers(s.entry)[0]
    process(video)
    assert submission_blockers(s.entry) == []
    submit_entry(entry=s.entry)
    assert s.entry.is_submitted


def test_admin_can_requeue_a_failed_video(client, setup, make_clip, make_staff, app):
    s = setup()
    video = upload(s.entry, make_clip())
    app.config["MEDIA_MAX_ATTEMPTS"] = 1
    try:
        storage.original_path(video).rename(s.root / "elsewhere")
        from contest.media import pipeline

        assert pipeline.process_video(video.id) == "failed"
    finally:
        app.config["MEDIA_MAX_ATTEMPTS"] = config.DEFAULTS["MEDIA_MAX_ATTEMPTS"]
    (s.root / "elsewhere").rename(storage.original_path(video))
    tasks.huey.flush()
    login(client, s.user)
    assert post(client, f"/media/v/{video.uuid}/retry").status_code in (302, 403)
    assert reload(video).state == "failed"
    post(client, "/logout")
    login(client, make_staff("admin"))
    assert post(client, f"/media/v/{video.uuid}/retry").status_code == 302
    assert reload(video).state == "queued" and reload(video).attempts == 0
    assert [t.args for t in tasks.huey.pending()] == [(video.id,)]
