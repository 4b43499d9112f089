"""Deleting rows the way the database's ON DELETE rules say, on every backend.

SQLite here runs without foreign-key enforcement, so deleting an entry would leave its videos,
scorecards and votes behind. delete_with_dependents() follows every foreign key that points at
the table: CASCADE deletes the children (recursively), SET NULL clears the reference, exactly
as PostgreSQL would. Core statements, so it costs a few queries per table, not per row.
"""
from sqlalchemy import delete, select, update

from ..core.extensions import db


def _referencing(table):
    """(child table, child column, ondelete) for every foreign key pointing at `table`."""
    for child in db.metadata.sorted_tables:
        for fk in child.foreign_keys:
            if fk.column.table is table:
                yield child, fk.parent, (fk.ondelete or "").upper()


def delete_with_dependents(table, ids):
    """Delete rows of `table` whose single-column primary key is in `ids`, and what depends on them."""
    ids = list(ids)
    if not ids:
        return
    (pk,) = table.primary_key.columns
    for child, column, ondelete in _referencing(table):
        if ondelete == "SET NULL":
            db.session.execute(update(child).where(column.in_(ids)).values({column.name: None}))
        elif len(child.primary_key.columns) == 1 and child is not table:
            (child_pk,) = child.primary_key.columns
            child_ids = db.session.scalars(select(child_pk).where(column.in_(ids))).all()
            delete_with_dependents(child, child_ids)
        else:
            db.session.execute(delete(child).where(column.in_(ids)))
    db.session.execute(delete(table).where(pk.in_(ids)))
