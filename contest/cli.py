"""`flask --app wsgi contest ...`: admin accounts, demo data, the queue worker."""
import click
from flask.cli import AppGroup

from .errors import DomainError
from .extensions import db

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


@contest_cli.command("worker")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 16),
              help="Tugas video yang dikerjakan bersamaan.")
@click.option("--no-periodic", is_flag=True, help="Tanpa penyapuan berkala (jalankan di satu worker saja).")
def worker(workers, no_periodic):
    """Process uploaded videos (Huey consumer); Ctrl-C stops it. Logs: contest/logs.py."""
    from flask import current_app

    from .media.queue import run_worker

    run_worker(current_app._get_current_object(), workers=workers, periodic=not no_periodic)
