"""`contest backup` / `contest restore` through Flask's CLI runner, on the suite's database (SQLite, or
PostgreSQL with pg_dump/pg_restore when TEST_DATABASE_URL is set), with videos made by the real pipeline."""
import json
import os
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from contest.core.backup import MANIFEST, media_files, sha256_of
from contest.core.extensions import db
from contest.entries.models import Entry
from contest.entries.services import create_entry
from contest.media.models import Video, VideoState
from tests.conftest import login
from tests.media.conftest import make_clip, media_dir  # noqa: F401  (fixtures)
from tests.media.video_helpers import process, setup, upload, upload_root  # noqa: F401  (fixtures)


@pytest.fixture
def cli(app):
    runner = app.test_cli_runner()

    def run(*args, **kwargs):
        db.session.remove()  # the command runs in its own app context; ours must hold no lock
        result = runner.invoke(args=["contest", *map(str, args)], **kwargs)
        db.session.expire_all()
        return result

    return run


@pytest.fixture
def schema_back(app):
    """Whatever a test does to the tables, the next test finds the schema."""
    yield
    db.session.remove()
    db.create_all()


@pytest.fixture
def edition(setup, make_entrant, make_clip):
    """An edition with two entrants whose videos went through the real pipeline (ready)."""
    world = setup()
    second = make_entrant(full_name="Siti Rahmawati")
    other = create_entry(contest=world.contest, user=second, title="Pelayanan Tanpa Warna",
                         synopsis="Sinopsis kedua.", social_url=None)
    db.session.commit()
    videos = []
    for entry, clip in ((world.entry, make_clip(duration=2)), (other, make_clip(duration=3, width=352))):
        video, _ = process(upload(entry, clip))
        assert video.state == VideoState.READY.value, video.problems
        videos.append(video)
    # plain values: the ORM objects do not survive the wipe and the restore
    world.watch = [
        (video.uuid, SimpleNamespace(email=user.email))
        for video, user in zip(videos, [world.user, second], strict=False)
    ]
    return world


def all_rows():
    """Every table's rows as sorted tuples (the before/after comparison)."""
    db.session.expire_all()
    with db.engine.connect() as conn:
        return {table.name: sorted((tuple(row) for row in conn.execute(table.select())), key=repr)
                for table in db.metadata.sorted_tables}


def all_files(root):
    return {relative: sha256_of(Path(root) / relative) for relative in media_files(root)}


def served_bytes(app, user, uuid):
    """The owner's view of the web rendition: the whole file (200) and its first 1000 bytes (206)."""
    client = app.test_client()
    login(client, user)
    full = client.get(f"/media/v/{uuid}/web.mp4")
    part = client.get(f"/media/v/{uuid}/web.mp4", headers={"Range": "bytes=0-999"})
    assert full.status_code == 200 and part.status_code == 206
    assert part.data == full.data[:1000]
    return full.data


def wipe_everything(root):
    db.session.remove()
    db.drop_all()
    for child in Path(root).iterdir():
        shutil.rmtree(child) if child.is_dir() else child.unlink()


def test_backup_wipe_restore_gives_back_the_same_rows_files_and_served_videos(
        app, cli, edition, tmp_path, schema_back):
    root = edition.root
    # leftovers the backup must skip: an unfinished tus upload and a processing attempt's scratch
    (root / "tus").mkdir(exist_ok=True)
    (root / "tus" / f"{'a' * 32}.part").write_bytes(b"half an upload")
    (root / "work" / "scratch-1").mkdir(parents=True)
    (root / "work" / "scratch-1" / "web.mp4").write_bytes(b"partial")
    served = {uuid: served_bytes(app, user, uuid) for uuid, user in edition.watch}
    rows, files = all_rows(), all_files(root)  # after the logins (they stamp the user rows)
    assert len(files) >= 2 * 4 and rows[Video.__tablename__] and rows[Entry.__tablename__]
    assert not any(path.startswith(("tus/", "work/")) for path in files)

    target = tmp_path / "cadangan"
    result = cli("backup", target)
    assert result.exit_code == 0, result.output
    assert "Cadangan selesai" in result.output
    manifest = json.loads((target / MANIFEST).read_text())
    kind = "postgresql" if db.engine.dialect.name == "postgresql" else "sqlite"
    assert manifest["database"]["kind"] == kind and manifest["app_version"] and manifest["created_at"]
    assert {item["path"]: item["sha256"] for item in manifest["files"]} == files
    assert not list(tmp_path.glob("cadangan.tmp-*"))

    wipe_everything(root)
    assert all_files(root) == {}

    result = cli("restore", target, "--yes")
    assert result.exit_code == 0, result.output
    assert "Pemulihan selesai" in result.output
    assert all_rows() == rows
    assert all_files(root) == files
    assert (root / "tus" / f"{'a' * 32}.part").exists() is False  # the wipe took it; restore brings no leftovers
    for uuid, user in edition.watch:
        assert served_bytes(app, user, uuid) == served[uuid]


def test_restore_asks_before_replacing_anything(cli, edition, tmp_path):
    target = tmp_path / "cadangan"
    assert cli("backup", target).exit_code == 0
    entry = db.session.get(Entry, edition.entry_id)
    entry.title = "Judul sesudah cadangan"
    db.session.commit()
    result = cli("restore", target, input="n\n")
    assert result.exit_code != 0 and "Lanjutkan?" in result.output
    assert db.session.get(Entry, edition.entry_id).title == "Judul sesudah cadangan"
    result = cli("restore", target, input="y\n")
    assert result.exit_code == 0, result.output
    assert db.session.get(Entry, edition.entry_id).title == "Netral Itu Pilihan"


@pytest.mark.parametrize("damage", ["changed", "truncated", "missing"])
def test_a_damaged_backup_is_refused_before_anything_changes(cli, edition, tmp_path, damage):
    root, target = edition.root, tmp_path / "cadangan"
    assert cli("backup", target).exit_code == 0
    # the live state moves on after the backup, so a restore would be visible
    entry = db.session.get(Entry, edition.entry_id)
    entry.title = "Judul sesudah cadangan"
    db.session.commit()
    video = db.session.scalar(select(Video).where(Video.entry_id == edition.entry_id))
    (root / "originals" / f"{video.uuid}.bin").unlink()
    rows, files = all_rows(), all_files(root)

    bad = target / "media" / "renditions" / video.uuid / "web.mp4"
    size = bad.stat().st_size
    data = bad.read_bytes()
    bad.unlink()  # a new inode: the backup's file may be a hard link to the live one
    if damage == "changed":
        bad.write_bytes(data[:100] + bytes([data[100] ^ 0xFF]) + data[101:])
        assert bad.stat().st_size == size
    elif damage == "truncated":
        bad.write_bytes(data[: size // 2])

    result = cli("restore", target, "--yes")
    assert result.exit_code != 0
    assert f"media/renditions/{video.uuid}/web.mp4" in result.output
    assert "Tidak ada yang diubah" in result.output
    assert all_rows() == rows
    assert all_files(root) == files


def test_backup_refuses_a_folder_that_is_not_empty(cli, edition, tmp_path):
    target = tmp_path / "cadangan"
    target.mkdir()
    (target / "catatan.txt").write_text("punya orang lain")
    result = cli("backup", target)
    assert result.exit_code != 0 and "sudah berisi berkas" in result.output
    assert os.listdir(target) == ["catatan.txt"]
    assert not list(tmp_path.glob("cadangan.tmp-*"))
    empty = tmp_path / "kosong"
    empty.mkdir()
    assert cli("backup", empty).exit_code == 0 and (empty / MANIFEST).exists()


def test_restore_refuses_a_folder_that_is_not_a_backup(cli, tmp_path):
    result = cli("restore", tmp_path, "--yes")
    assert result.exit_code != 0 and "bukan folder cadangan" in result.output
