"""Caption upload on the entry page, tracks and transcripts under the video's access rule, the
edition's rule blocking submission, the committee's check page."""
from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest

from contest.core.errors import DomainError
from contest.core.extensions import db
from contest.core.timeutil import utcnow
from contest.entries.services import submission_blockers, submit_entry
from contest.media import storage
from contest.media.captions import services as caption_services
from contest.media.captions.models import Caption
from tests.conftest import csrf_token, login, post, text_of
from tests.media.video_helpers import (  # noqa: F401  (fixtures)
    _clean_state,
    panel_judge_of,
    process,
    queue_file,
    ready,
    setup,
    submitted,
    upload,
    upload_root,
)

SRT = b"1\n00:00:00,500 --> 00:00:01,500\nASN harus netral.\n\n2\n00:00:01,600 --> 00:00:02,500\nPilkada damai.\n"
VTT = b"WEBVTT\n\n00:00.200 --> 00:01.000\nNetral itu pilihan.\n"


def send_caption(client, entry_id, data, *, filename="takarir.srt", language="id", json=True):
    headers = {"Accept": "application/json"} if json else {}
    return client.post(f"/entries/{entry_id}/captions", headers=headers, data={
        "csrf_token": csrf_token(client), "language": language,
        "file": (io.BytesIO(data), filename)}, content_type="multipart/form-data")


def track_url(video, lang="id"):
    return f"/media/v/{video.uuid}/captions/{lang}.vtt"


def transcript_url(video, lang="id"):
    return f"/media/v/{video.uuid}/transcript/{lang}"


# ---------------------------------------------------------------- upload


def test_owner_uploads_srt_and_gets_a_webvtt_track(client, ready):
    login(client, ready.user)
    response = send_caption(client, ready.entry_id, SRT)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["cues"] == 2
    caption = db.session.query(Caption).one()
    path = caption_services.caption_path(ready.video, caption)
    assert path.parent == storage.rendition_dir(ready.video)
    assert re.fullmatch(r"captions-id-[0-9a-f]{12}\.vtt", caption.name)  # the server's name, not the file's
    assert not list(path.parent.glob(".*.tmp"))
    track = client.get(track_url(ready.video))
    assert track.status_code == 200 and track.mimetype == "text/vtt"
    assert track.get_data(as_text=True).startswith("WEBVTT\n\n00:00:00.500 --> 00:00:01.500\nASN harus netral.")
    assert track.headers["Cache-Control"] == "no-store"  # signed in: nothing kept in any cache
    page = client.get(f"/entries/{ready.entry_id}").get_data(as_text=True)
    assert re.search(r'<track kind="captions" srclang="id" label="Bahasa Indonesia" '
                     rf'src="/media/v/{ready.video.uuid}/captions/id\.vtt\?v=[0-9a-f]{{8}}" default>', page)
    assert transcript_url(ready.video) in page


def test_a_new_file_replaces_that_language_only(client, ready):
    login(client, ready.user)
    send_caption(client, ready.entry_id, SRT)
    send_caption(client, ready.entry_id, VTT, filename="english.vtt", language="en")
    first = db.session.query(Caption).filter_by(language="id").one()
    old_path = caption_services.caption_path(ready.video, first)
    assert send_caption(client, ready.entry_id, VTT, filename="baru.vtt").status_code == 200
    db.session.expire_all()
    rows = {c.language: c for c in db.session.query(Caption)}
    assert set(rows) == {"id", "en"} and rows["id"].cue_count == 1
    assert not old_path.exists()
    assert "Netral itu pilihan." in client.get(track_url(ready.video)).get_data(as_text=True)
    page = client.get(f"/entries/{ready.entry_id}").get_data(as_text=True)
    assert 'srclang="en" label="English"' in page and page.index('srclang="id"') < page.index('srclang="en"')


@pytest.mark.parametrize("data, filename, code, message", [
    (b"1\n00:00:01,000 --> 00:00:09,000\nx\n", "a.srt", "caption_outside_video",
     "Takarir berakhir pada 00:00:09.000, melewati durasi video"),
    (b"WEBVTT\n\n00:01.000 --> 00:02.000\n<script>x</script>\n", "a.vtt", "caption_markup",
     "Takarir memuat tag <script> yang tidak diizinkan."),
    (b"\xff\xfe1\x00", "a.srt", "caption_bad_encoding", "Berkas takarir harus berenkode UTF-8."),
    (b"", "a.srt", "caption_empty", "Berkas takarir kosong"),
    (b"x" * (600 * 1024), "a.srt", "caption_too_large", "melebihi batas 512 KB"),
    (b"apa ini", "a.srt", "caption_unreadable", "tidak dapat dibaca sebagai WebVTT atau SRT"),
    (b"1\n00:00:02,000 --> 00:00:01,000\nx\n", "a.srt", "caption_bad_timing", "tidak valid"),
    (SRT, "takarir.docx", "caption_bad_type", "Berkas .docx tidak diterima"),
])
def test_each_refusal_is_explained_and_stores_nothing(client, ready, data, filename, code, message):
    login(client, ready.user)
    response = send_caption(client, ready.entry_id, data, filename=filename)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == code and message in error["message"]
    assert db.session.query(Caption).count() == 0
    assert not list(storage.rendition_dir(ready.video).glob("captions-*"))


def test_refusal_on_the_page_is_a_flash_in_indonesian(client, ready):
    login(client, ready.user)
    response = send_caption(client, ready.entry_id, b"1\n00:00:01,000 --> 00:00:09,000\nx\n", json=False)
    assert response.status_code == 302 and response.headers["Location"].endswith("#captions")
    assert "melewati durasi video" in text_of(client.get(f"/entries/{ready.entry_id}"))


def test_before_the_video_is_ready_it_says_so(client, setup, make_clip):
    s = setup()
    upload(s.entry, make_clip())  # queued, not processed
    login(client, s.user)
    error = send_caption(client, s.entry_id, SRT).get_json()["error"]
    assert error == {"code": "caption_video_not_ready",
                     "message": "Takarir dapat diunggah setelah video selesai diproses."}
    assert "Takarir dapat diunggah setelah video selesai diproses." in text_of(client.get(f"/entries/{s.entry_id}"))


def test_unknown_language_and_someone_elses_entry(client, ready, make_entrant):
    login(client, ready.user)
    assert send_caption(client, ready.entry_id, SRT, language="jv").get_json()["error"]["code"] == \
        "caption_bad_language"
    post(client, "/logout")
    login(client, make_entrant())
    assert send_caption(client, ready.entry_id, SRT).status_code == 404
    assert db.session.query(Caption).count() == 0


def test_closed_submissions_refuse_uploads(client, ready):
    ready.contest.submissions_close_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    login(client, ready.user)
    assert send_caption(client, ready.entry_id, SRT).status_code == 403
    assert db.session.query(Caption).count() == 0


# ---------------------------------------------------------------- access (mirrors test_views.py)


@pytest.fixture
def captioned(submitted):
    caption_services.save_caption(entry=submitted.entry, language="id", filename="a.srt", data=SRT)
    db.session.commit()
    return submitted


@pytest.mark.parametrize("who, allowed", [
    ("anonymous", False), ("other_entrant", False), ("owner", True), ("judge", True),
    ("judge_off_panel", False), ("admin", True),
])
def test_track_and_transcript_follow_the_video(client, captioned, make_entrant, make_staff, who, allowed):
    users = {"other_entrant": make_entrant, "owner": lambda: captioned.user,
             "judge": lambda: panel_judge_of(captioned, make_staff),
             "judge_off_panel": lambda: make_staff("judge"), "admin": lambda: make_staff("admin")}
    if who != "anonymous":
        login(client, users[who]())
    video = captioned.video
    for url in (track_url(video), transcript_url(video), f"/media/v/{video.uuid}/web.mp4"):
        response = client.get(url)
        assert (response.status_code == 200) == allowed, (who, url, response.status_code)
        assert (b"ASN harus netral" in response.data) == (allowed and "web.mp4" not in url)


def test_conflicted_judge_gets_no_track(client, captioned, make_staff):
    from contest.judging.panel.models import JudgeProfile

    judge = panel_judge_of(captioned, make_staff)
    db.session.add(JudgeProfile(user=judge, agency=captioned.user.profile.agency))
    db.session.commit()
    login(client, judge)
    assert client.get(track_url(captioned.video)).status_code == 404
    assert client.get(transcript_url(captioned.video)).status_code == 404


def test_missing_language_and_unknown_video_are_404(client, captioned):
    login(client, captioned.user)
    assert client.get(track_url(captioned.video, "en")).status_code == 404
    assert client.get(track_url(captioned.video, "xx")).status_code == 404
    assert client.get("/media/v/" + "0" * 32 + "/captions/id.vtt").status_code == 404


def test_nginx_sends_the_track_when_configured(client, captioned, app):
    login(client, captioned.user)
    app.config["X_ACCEL_REDIRECT"] = "/_media/"
    try:
        response = client.get(track_url(captioned.video))
    finally:
        app.config["X_ACCEL_REDIRECT"] = ""
    name = db.session.query(Caption).one().name
    assert response.data == b"" and response.mimetype == "text/vtt"
    assert response.headers["X-Accel-Redirect"] == f"/_media/renditions/{captioned.video.uuid}/{name}"


def test_transcript_page_reads_the_cues(client, captioned):
    login(client, captioned.user)
    text = text_of(client.get(transcript_url(captioned.video)))
    assert "0:00 ASN harus netral." in text and "0:01 Pilkada damai." in text


# ---------------------------------------------------------------- the edition's rule


def test_required_captions_block_submission(client, ready, make_staff):
    login(client, make_staff("admin"))
    response = client.post(f"/admin/contests/{ready.contest.id}/captions",
                           data={"csrf_token": csrf_token(client), "required": "1"})
    assert response.status_code == 302
    assert caption_services.captions_required(ready.contest)
    assert submission_blockers(ready.entry) == [
        "Takarir (captions) belum diunggah: unggah takarir Bahasa Indonesia untuk video Anda."]
    with pytest.raises(DomainError):
        submit_entry(entry=ready.entry)
    db.session.rollback()
    caption_services.save_caption(entry=ready.entry, language="id", filename="a.srt", data=SRT)
    db.session.commit()
    assert submission_blockers(ready.entry) == []
    submit_entry(entry=ready.entry)


def test_not_required_by_default(ready):
    assert submission_blockers(ready.entry) == []


def test_check_page_marks_entries_without_captions(client, captioned, make_contest, make_staff):
    from contest.judging.rounds.models import JudgingRound, RoundKind

    rnd = JudgingRound(contest=captioned.contest, kind=RoundKind.ADMIN_CHECK.value, name="Verifikasi", position=1)
    db.session.add(rnd)
    db.session.commit()
    login(client, make_staff("admin"))
    html = client.get(f"/admin/judging/rounds/{rnd.id}/checks").get_data(as_text=True)
    assert 'data-role="captions"' in html and 'data-role="no-captions"' not in html
    db.session.query(Caption).delete()
    db.session.commit()
    html = client.get(f"/admin/judging/rounds/{rnd.id}/checks").get_data(as_text=True)
    assert 'data-role="no-captions"' in html


# ---------------------------------------------------------------- the public: only after publication


def test_public_gets_track_and_transcript_only_after_publication(client, make_contest, make_entrant):
    from tests.gallery.helpers import build_edition, write_media

    edition = build_edition(make_contest, make_entrant, n=2, winners=1, announced=False)
    video = edition.videos[0]
    write_media(video)
    caption_services.save_caption(entry=edition.entries[0], language="id", filename="a.srt", data=SRT)
    db.session.commit()
    assert client.get(track_url(video)).status_code == 404
    assert client.get(transcript_url(video)).status_code == 404
    edition.contest.announcement_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    from contest.gallery import cache

    cache.clear()
    track = client.get(track_url(video))
    assert track.status_code == 200 and track.mimetype == "text/vtt" and b"ASN harus netral." in track.data
    assert "0:00 ASN harus netral." in text_of(client.get(transcript_url(video)))
    page = client.get(f"/c/{edition.contest.slug}/karya/1").get_data(as_text=True)
    assert f'srclang="id" label="Bahasa Indonesia" src="/media/v/{video.uuid}/captions/id.vtt?v=' in page
    assert f'href="{transcript_url(video)}"' in page
    winners = client.get(f"/c/{edition.contest.slug}/pemenang").get_data(as_text=True)
    assert f"/media/v/{video.uuid}/captions/id.vtt" in winners
    # the non-winner stays private, captions included
    other = edition.videos[1]
    write_media(other)
    caption_services.store_caption(video=other, language="id", vtt_text="WEBVTT\n\n00:00.000 --> 00:01.000\nx\n")
    db.session.commit()
    assert client.get(track_url(other)).status_code == 404
