"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""
import os

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from contest import create_app
from contest.core.extensions import db
from tests.conftest import QUEUE_CONFIG


@pytest.fixture
def fresh_app(tmp_path):
    """An app on its own empty database (a separate schema on PostgreSQL)."""
    base = os.environ.get("TEST_DATABASE_URL")
    if base:
        engine = sa.create_engine(base)
        with engine.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA IF EXISTS migration_check CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA migration_check"))
        url = base
        options = {"connect_args": {"options": "-csearch_path=migration_check"}}
    else:
        url, options, engine = f"sqlite:///{tmp_path / 'migrations.db'}", {}, None
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url,
                      "SQLALCHEMY_ENGINE_OPTIONS": options, **QUEUE_CONFIG})
    yield app
    if engine is not None:
        with engine.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA IF EXISTS migration_check CASCADE"))


def test_upgrade_matches_models_and_downgrade_empties(fresh_app):
    with fresh_app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
        assert diff == [], f"models and migrations differ; run `flask db migrate`: {diff}"
        downgrade(revision="base")
        with db.engine.connect() as conn:
            tables = set(sa.inspect(conn).get_table_names()) - {"alembic_version"}
        assert tables == set()
        db.engine.dispose()
