"""`flask --app wsgi contest ...`: admin accounts, demo data, the queue worker."""
import click
from flask.cli import AppGroup

from .extensions import db

contest_cli = AppGroup("contest", help="Perintah pengelolaan sayembara.")


@contest_cli.command("create-admin")
@click.argument("email")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--name", default="Administrator", show_default=True)
def create_admin(email, password, name):
    """Create an admin account (or give an existing account the admin role)."""
    from .accounts.services import create_staff

    if len(password) < 8:
        raise click.BadParameter("minimal 8 karakter", param_hint="--password")
    user = create_staff(email=email, password=password, full_name=name, roles=["admin"])
    db.session.commit()
    click.echo(f"Admin siap: {user.email}")


@contest_cli.command("demo")
def demo():
    """Seed the demo contest, an admin, three judges and a few entrants (idempotent)."""
    from .demo import seed_demo

    logins = seed_demo()
    db.session.commit()
    click.echo("Data demo siap. Akun demo:")
    for role, email, password in logins:
        click.echo(f"  {role:<8} {email:<32} {password}")
