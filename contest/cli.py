"""`flask --app wsgi contest ...`: admin accounts, demo data, the queue worker, backup and restore."""
from pathlib import Path

import click
from flask.cli import AppGroup

from .core.errors import DomainError
from .core.extensions import db

contest_cli = AppGroup("contest", help="Perintah pengelolaan sayembara.")


@contest_cli.command("create-admin")
@click.argument("email")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--name", default="Administrator", show_default=True)
def create_admin(email, password, name):
    """Create an admin account (or give an existing account the admin role)."""
    from .accounts.services import create_staff

    if "@" not in email.strip(" @"):
        raise click.BadParameter("alamat email tidak valid", param_hint="EMAIL")
    if len(password) < 8:
        raise click.BadParameter("minimal 8 karakter", param_hint="--password")
    user = create_staff(email=email, password=password, full_name=name, roles=["admin"])
    db.session.commit()
    click.echo(f"Admin siap: {user.email}")


@contest_cli.command("demo")
def demo():
    """Seed the demo contest, an admin, three judges and a few entrants (idempotent)."""
    from .demo import seed_demo

    try:
        logins = seed_demo()
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(str(error.message)) from None
    db.session.commit()
    click.echo("Data demo siap. Akun demo:")
    for role, email, password in logins:
        click.echo(f"  {role:<8} {email:<32} {password}")


@contest_cli.command("signing-demo-cert")
def signing_demo_cert():
    """Make the self-signed demo key for certificate signatures (instance/signing/demo.p12) once."""
    from flask import current_app

    from .certificates.signing import Pkcs12Signer
    from .certificates.signing_demo import ensure_demo_p12

    path, password = ensure_demo_p12(current_app.config["SIGNING_DEMO_FOLDER"])
    info = Pkcs12Signer.from_file(path, password).describe()
    click.echo(f"Sertifikat penanda tangan DEMO (tidak sah secara hukum): {path}")
    click.echo(f"  Subjek: {info.subject}")
    click.echo(f"  Sidik jari SHA-256: {info.fingerprint}")
    if current_app.config["SIGNING_P12"] and current_app.config["SIGNING_P12"] != str(path):
        click.echo(f"  Catatan: SIGNING_P12 menunjuk {current_app.config['SIGNING_P12']}; kunci itu yang dipakai.")


@contest_cli.command("worker")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 16),
              help="Tugas video yang dikerjakan bersamaan.")
@click.option("--no-periodic", is_flag=True, help="Tanpa penyapuan berkala (jalankan di satu worker saja).")
def worker(workers, no_periodic):
    """Process uploaded videos (Huey consumer); Ctrl-C stops it. Logs: contest/core/logs.py."""
    from flask import current_app

    from .core.tasks import run_worker

    run_worker(current_app._get_current_object(), workers=workers, periodic=not no_periodic)


@contest_cli.command("backup")
@click.argument("target", type=click.Path(file_okay=False, path_type=Path))
def backup(target):
    """Write a snapshot of the database and the media files into TARGET (a new or empty folder)."""
    from flask import current_app

    from .core.backup import BackupError, create_backup

    try:
        manifest = create_backup(database_url=current_app.config["SQLALCHEMY_DATABASE_URI"],
                                 upload_root=current_app.config["UPLOAD_ROOT"], target=target)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    size = sum(item["size"] for item in manifest["files"]) + manifest["database"]["size"]
    click.echo(f"Cadangan selesai: {target} ({manifest['database']['kind']}, "
               f"{len(manifest['files'])} berkas media, {size / 1e6:.1f} MB).")


@contest_cli.command("restore")
@click.argument("source", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Tanpa pertanyaan konfirmasi.")
def restore(source, yes):
    """Replace the database and the media files with the backup in SOURCE (verified first)."""
    from flask import current_app

    from .core.backup import BackupError, restore_backup, verify_backup

    try:
        manifest = verify_backup(source)
    except BackupError as error:
        raise click.ClickException(f"{error} Tidak ada yang diubah.") from None
    click.echo(f"Cadangan {source} utuh: dibuat {manifest['created_at']}, versi {manifest['app_version']}, "
               f"{len(manifest['files'])} berkas media.")
    if not yes:
        click.confirm("Seluruh isi basis data dan berkas media sekarang akan diganti dengan cadangan ini. "
                      "Lanjutkan?", abort=True)
    db.session.remove()
    db.engine.dispose()  # no pooled connection may hold a lock while the database is replaced
    try:
        restore_backup(source=source, database_url=current_app.config["SQLALCHEMY_DATABASE_URI"],
                       upload_root=current_app.config["UPLOAD_ROOT"], manifest=manifest)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo("Pemulihan selesai.")


@contest_cli.command("config")
def show_config():
    """Print the effective configuration (README variables), secrets masked."""
    from flask import current_app

    from .core.config import describe

    for name, value in describe(current_app.config):
        click.echo(f"{name}={value}")


@contest_cli.command("retention")
@click.option("--dry-run", is_flag=True, help="Hanya tampilkan apa yang akan dihapus.")
def retention_command(dry_run):
    """Purge non-winners' videos and personal data of editions whose retention period has passed."""
    from .privacy import retention

    for contest in retention.all_contests():
        plan = retention.plan(contest) if dry_run else retention.run(contest)
        if not plan.due:
            click.echo(f"{contest.slug}: masa simpan berakhir {plan.due_at:%Y-%m-%d}; belum ada yang dihapus")
            continue
        verb = "akan dihapus" if dry_run else "dihapus"
        click.echo(f"{contest.slug}: {len(plan.videos)} video {verb}, {len(plan.people)} peserta "
                   f"{'akan ' if dry_run else ''}dianonimkan, {plan.winners_kept} karya pemenang disimpan")
        for video in plan.videos:
            click.echo(f"  video {video.uuid} (karya {video.entry.code})")
        for user in plan.people:
            click.echo(f"  peserta #{user.id}")
    if not dry_run:
        db.session.commit()
