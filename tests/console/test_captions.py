"""The committee's captions on any entry at any time: add, replace, delete — audited."""
from __future__ import annotations

import io
from datetime import timedelta

from sqlalchemy import select

from contest.core.extensions import db
from contest.core.timeutil import utcnow
from contest.judging.rounds.models import AuditEvent
from contest.media.captions import services as caption_services
from contest.media.captions.models import Caption
from tests.conftest import csrf_token, login, post, text_of
from tests.media.conftest import make_clip, media_dir  # noqa: F401  (fixtures)
from tests.media.video_helpers import (  # noqa: F401  (fixtures)
    _clean_state,
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


def send(client, entry_id, data, *, language="id", filename="takarir.srt"):
    return client.post(f"/admin/entries/{entry_id}/captions", data={
        "csrf_token": csrf_token(client), "language": language, "file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data", follow_redirects=True)


def audit_actions(entry_id):
    return db.session.scalars(select(AuditEvent.action).where(AuditEvent.entry_id == entry_id)
                              .order_by(AuditEvent.id)).all()


def test_committee_adds_replaces_and_deletes_captions_after_the_deadline(client, submitted, make_staff):
    contest = submitted.entry.contest
    now = utcnow()  # the deadline and the announcement have passed: entrants can no longer upload
    contest.submissions_close_at, contest.judging_opens_at = now - timedelta(days=9), now - timedelta(days=8)
    contest.judging_closes_at, contest.voting_opens_at, contest.voting_closes_at = now - timedelta(days=2), None, None
    contest.announcement_at = now - timedelta(days=1)
    db.session.commit()
    admin = make_staff("admin")
    login(client, admin)
    listing = client.get(f"/admin/console/{contest.id}/entries").get_data(as_text=True)
    assert f"/admin/entries/{submitted.entry_id}/captions" in listing
    page = text_of(client.get(f"/admin/entries/{submitted.entry_id}/captions"))
    assert "Belum ada takarir" in page and "kapan saja" in page

    added = text_of(send(client, submitted.entry_id, SRT))
    assert "Takarir Bahasa Indonesia tersimpan (2 baris takarir)" in added
    first = db.session.scalar(select(Caption))
    first_path = caption_services.caption_path(submitted.video, first)
    assert first_path.exists()
    replaced = text_of(send(client, submitted.entry_id, VTT, filename="baru.vtt"))
    assert "1 baris takarir" in replaced
    db.session.expire_all()
    assert db.session.scalar(select(Caption)).cue_count == 1 and not first_path.exists()

    deleted = post(client, f"/admin/entries/{submitted.entry_id}/captions/id/delete", follow_redirects=True)
    assert "dihapus" in text_of(deleted) and db.session.scalar(select(Caption)) is None
    assert audit_actions(submitted.entry_id) == ["caption.add", "caption.replace", "caption.delete"]
    assert db.session.scalar(select(AuditEvent.actor_id).where(AuditEvent.action == "caption.delete")) == admin.id


def test_a_bad_file_is_refused_with_its_message(client, ready, make_staff):
    login(client, make_staff("admin"))
    page = text_of(send(client, ready.entry_id, b"bukan takarir", filename="x.srt"))
    assert "alert-danger" in send(client, ready.entry_id, b"", filename="").get_data(as_text=True)
    assert db.session.scalar(select(Caption)) is None and "Takarir" in page
    assert audit_actions(ready.entry_id) == []


def test_only_the_committee_edits_captions_this_way(client, ready):
    login(client, ready.user)
    response = client.post(f"/admin/entries/{ready.entry_id}/captions", data={
        "csrf_token": csrf_token(client), "language": "id", "file": (io.BytesIO(SRT), "t.srt")},
        content_type="multipart/form-data")
    assert response.status_code == 403
    assert db.session.scalar(select(Caption)) is None
