"""Backup and restore: one consistent snapshot of the database and the media files under UPLOAD_ROOT.

A backup folder holds

    manifest.json       app version, database kind, created_at, and every file's path, size, sha256
    database.sqlite3    SQLite: a copy made with the online backup API (readers and writers go on)
    database.dump       PostgreSQL: `pg_dump -Fc` (custom format, for pg_restore)
    media/<path>        the files under UPLOAD_ROOT (hard links when on the same filesystem)

The database is copied first, then the files: every file a snapshot row points at is in the backup
(files are only ever added by rename or deleted, never rewritten in place, so a hard link is a stable
copy). In-progress tus uploads (tus/) and processing scratch space (work/) are skipped.

Nothing here imports Flask: the functions take a database URL and paths; contest/cli.py wires them.
"""
import hashlib
import json
import os
import secrets
import shutil
import sqlite3
import subprocess
import tomllib
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import make_url

MANIFEST = "manifest.json"
MEDIA = "media"
SKIPPED_DIRS = {"tus", "work"}  # in-progress uploads and processing scratch space
FORMAT = 1
DB_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}
PROJECT_ROOT = Path(__file__).resolve().parents[2]


class BackupError(Exception):
    """A backup or restore that must stop; the message is for the operator (Indonesian)."""


def app_version():
    return tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]["version"]


def database_kind(url):
    backend = make_url(url).get_backend_name()
    if backend not in DB_FILES:
        raise BackupError(f"Jenis basis data tidak didukung untuk cadangan: {backend}")
    return backend


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def _is_temporary(name):
    return name.startswith(".") and name.endswith(".tmp")  # storage.place_file's half-written copies


def media_files(upload_root):
    """Relative POSIX paths of the files a backup keeps, sorted."""
    root = Path(upload_root)
    if not root.exists():
        return []
    found = []
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        if here == root:
            dirs[:] = [d for d in dirs if d not in SKIPPED_DIRS]
        found += [(here / name).relative_to(root).as_posix() for name in files if not _is_temporary(name)]
    return sorted(found)


def _link_or_copy(src, dst):
    """dst becomes src's bytes: a hard link when possible, else a copy."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)


def _pg_args(url):
    """Connection arguments for pg_dump / pg_restore from a SQLAlchemy URL (libpq conninfo)."""
    conninfo = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    return ["--dbname", conninfo], None


def _run(argv, env, what):
    try:
        result = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise BackupError(f"{argv[0]} tidak ditemukan. Jalankan: sudo apt-get install -y postgresql-client") from None
    if result.returncode != 0:
        raise BackupError(f"{what} gagal: {result.stderr.strip()}")


def _sqlite_path(url):
    path = make_url(url).database
    if not path or path == ":memory:":
        raise BackupError("Basis data SQLite di memori tidak dapat dicadangkan.")
    return Path(path)


def dump_database(url, target):
    """Write the database's snapshot to target (a file path)."""
    if database_kind(url) == "sqlite":
        source = sqlite3.connect(_sqlite_path(url))
        dest = sqlite3.connect(target)
        try:
            with dest:
                source.backup(dest)
        finally:
            dest.close()
            source.close()
    else:
        args, env = _pg_args(url)
        _run(["pg_dump", "-Fc", "-f", str(target), *args], env, "pg_dump")


def load_database(url, source):
    """Replace the database's contents with the snapshot in source."""
    if database_kind(url) == "sqlite":
        live_path = _sqlite_path(url)
        live_path.parent.mkdir(parents=True, exist_ok=True)
        snapshot = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        live = sqlite3.connect(live_path)
        try:
            with live:
                snapshot.backup(live)  # page by page under SQLite's own locking
        finally:
            live.close()
            snapshot.close()
    else:
        args, env = _pg_args(url)
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", *args, str(source)],
             env, "pg_restore")


def create_backup(*, database_url, upload_root, target, now=None):
    """Write a snapshot into target (absent or an empty folder), atomically; returns the manifest."""
    target = Path(target)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BackupError(f"Folder tujuan {target} sudah berisi berkas; pilih folder baru yang kosong.")
    kind = database_kind(database_url)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(f"{target.name}.tmp-{secrets.token_hex(4)}")
    staging.mkdir()
    try:
        db_file = staging / DB_FILES[kind]
        dump_database(database_url, db_file)
        entries = []
        root = Path(upload_root)
        for relative in media_files(root):
            copy = staging / MEDIA / relative
            try:
                _link_or_copy(root / relative, copy)
            except FileNotFoundError:  # deleted since the walk (a superseded upload): not in the snapshot
                continue
            entries.append({"path": relative, "size": copy.stat().st_size, "sha256": sha256_of(copy)})
        manifest = {
            "format": FORMAT,
            "app_version": app_version(),
            "created_at": (now or datetime.now(UTC)).isoformat(timespec="seconds"),
            "database": {"kind": kind, "file": db_file.name, "size": db_file.stat().st_size,
                         "sha256": sha256_of(db_file)},
            "files": entries,
        }
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")
        os.replace(staging, target)  # an empty target folder is replaced; a non-empty one was refused above
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return manifest


def _safe_relative(path):
    relative = Path(path)
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise BackupError(f"Manifes memuat jalur yang tidak sah: {path}")
    return relative


def verify_backup(source):
    """The manifest, after checking every file's size and sha256; BackupError names the first bad one."""
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except FileNotFoundError:
        raise BackupError(f"{source} bukan folder cadangan: {MANIFEST} tidak ada.") from None
    except (ValueError, UnicodeDecodeError):
        raise BackupError(f"{MANIFEST} di {source} rusak (bukan JSON yang sah).") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Format cadangan tidak dikenal: {manifest.get('format')!r}")
    database = manifest["database"]
    checks = [(database["file"], source / _safe_relative(database["file"]), database)]
    checks += [(f"{MEDIA}/{item['path']}", source / MEDIA / _safe_relative(item["path"]), item)
               for item in manifest["files"]]
    for label, path, item in checks:
        if not path.is_file():
            raise BackupError(f"Cadangan tidak utuh: berkas {label} tidak ada.")
        if path.stat().st_size != item["size"]:
            raise BackupError(f"Cadangan rusak: ukuran berkas {label} tidak sesuai manifes.")
        if sha256_of(path) != item["sha256"]:
            raise BackupError(f"Cadangan rusak: isi berkas {label} tidak sesuai manifes (sha256 berbeda).")
    return manifest


def restore_media(source, upload_root, manifest):
    """Make UPLOAD_ROOT hold exactly the backup's files (tus/ and work/ are left alone)."""
    root = Path(upload_root)
    root.mkdir(parents=True, exist_ok=True)
    wanted = set()
    for item in manifest["files"]:
        relative = _safe_relative(item["path"])
        wanted.add(relative.as_posix())
        dst = root / relative
        tmp = dst.with_name(f".{dst.name}.{secrets.token_hex(4)}.tmp")
        try:
            _link_or_copy(Path(source) / MEDIA / relative, tmp)
            os.replace(tmp, dst)
        finally:
            tmp.unlink(missing_ok=True)
    for relative in media_files(root):
        if relative not in wanted:
            (root / relative).unlink(missing_ok=True)


def restore_backup(*, source, database_url, upload_root, manifest=None):
    """Verify the backup (unless given the manifest verify_backup returned), then bring back the
    database and the media files; returns the manifest."""
    manifest = manifest or verify_backup(source)
    kind = database_kind(database_url)
    if manifest["database"]["kind"] != kind:
        raise BackupError(f"Cadangan ini dari basis data {manifest['database']['kind']}, "
                          f"sedangkan aplikasi memakai {kind}.")
    load_database(database_url, Path(source) / manifest["database"]["file"])
    restore_media(source, upload_root, manifest)
    return manifest
