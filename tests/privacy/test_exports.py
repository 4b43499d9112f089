"""The Data Saya ZIP: data.json with every section and the entrant's own original videos, byte for byte."""
import io
import json
import zipfile

from sqlalchemy import select

from contest.core.extensions import db
from contest.entries.services import create_entry
from contest.media.models import Video, VideoState
from contest.privacy import tasks
from contest.privacy.models import DataExport
from contest.records.models import PersonalDataAccessLog
from tests.conftest import login, post
from tests.privacy.conftest import put_original

KEYS = {"account", "profile", "consents", "entries", "videos", "votes", "certificates", "messages", "exports",
        "erasure_requests", "data_subject_requests", "files"}


def _entrant_with_video(make_contest, make_entrant, clip_bytes, **kw):
    contest = make_contest()
    user = make_entrant(**kw)
    entry = create_entry(contest=contest, user=user, title="Netral Itu Keren", synopsis="Isi", social_url=None)
    video = Video(entry=entry, state=VideoState.READY.value)
    db.session.add(video)
    db.session.commit()
    put_original(video, clip_bytes)
    return user, entry, video


def test_zip_holds_data_json_and_original_video_bytes(client, make_contest, make_entrant, clip_bytes):
    user, entry, video = _entrant_with_video(make_contest, make_entrant, clip_bytes)
    login(client, user)
    response = post(client, "/profil/data-saya/unduh")
    assert response.status_code == 302
    export = db.session.scalar(select(DataExport).where(DataExport.user_id == user.id))
    assert export.state == "pending"
    assert "sedang disiapkan" in client.get("/profil/data-saya").get_data(as_text=True).lower()

    tasks.build_export_task.call_local(export.id)
    db.session.expire_all()
    assert db.session.get(DataExport, export.id).state == "done"
    page = client.get("/profil/data-saya").get_data(as_text=True)
    assert f"/profil/data-saya/unduh/{export.id}" in page

    download = client.get(f"/profil/data-saya/unduh/{export.id}")
    assert download.status_code == 200 and download.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(download.data))
    data = json.loads(archive.read("data.json"))
    assert set(data) == KEYS
    assert data["profile"]["nip"] == user.profile.nip
    assert data["account"]["email"] == user.email
    assert [e["title"] for e in data["entries"]] == ["Netral Itu Keren"]
    assert {c["kind"] for c in data["consents"]} >= {"terms", "data"}
    assert any(c["notice_version"] for c in data["consents"])
    name = f"videos/{entry.code}-video-{video.id}.mp4"
    assert data["files"] == [name]
    assert archive.read(name) == clip_bytes
    assert archive.getinfo(name).compress_type == zipfile.ZIP_STORED
    log = db.session.scalar(select(PersonalDataAccessLog).where(PersonalDataAccessLog.action == "export.self"))
    assert log.actor_id == user.id and log.subject_user_id == user.id


def test_only_the_owner_downloads_the_zip(client, make_contest, make_entrant, make_staff, clip_bytes):
    user, _, _ = _entrant_with_video(make_contest, make_entrant, clip_bytes)
    login(client, user)
    post(client, "/profil/data-saya/unduh")
    export = db.session.scalar(select(DataExport))
    tasks.build_export_task.call_local(export.id)
    other = client.application.test_client()
    login(other, make_entrant())
    assert other.get(f"/profil/data-saya/unduh/{export.id}").status_code == 404
    admin = client.application.test_client()
    login(admin, make_staff("admin"))
    assert admin.get(f"/profil/data-saya/unduh/{export.id}").status_code == 403
    assert admin.get("/profil/data-saya").status_code == 403


def test_a_second_request_waits_for_the_first(client, make_entrant):
    login(client, make_entrant())
    post(client, "/profil/data-saya/unduh")
    response = post(client, "/profil/data-saya/unduh", follow_redirects=True)
    assert "sedang disiapkan" in response.get_data(as_text=True)
    assert len(db.session.scalars(select(DataExport)).all()) == 1
