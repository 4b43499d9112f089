"""The record of processing activities keeps up with the schema: every personal-data column is inventoried."""
import re

from sqlalchemy import Column, Integer, MetaData, String, Text

from contest.core.extensions import db
from contest.privacy.duties import processing_record

# Column names that hold data about a person whatever the table (string columns only: an integer
# `position` is an ordering, a string one is a job title).
PERSONAL_NAME = re.compile(r"(^|_)(email|name|nip|birth|gender|phone|agency|position|rank|regency|work_unit|"
                           r"address|ip|user_agent|voter|recipient|contact|subject_label|filename)(_|$)")
WHOLE_TABLES = {"user", "asn_profile"}  # every column of the account and the ASN profile is personal


def personal_columns(metadata=None):
    found = set()
    for table in (metadata or db.metadata).sorted_tables:
        for column in table.columns:
            links_a_person = any(fk.column.table.name == "user" for fk in column.foreign_keys)
            named_like_it = isinstance(column.type, String | Text) and PERSONAL_NAME.search(column.name)
            if table.name in WHOLE_TABLES or links_a_person or named_like_it:
                found.add(f"{table.name}.{column.name}")
    return found


def test_every_personal_data_column_has_an_inventory_entry(app):
    inventoried = set(processing_record.columns()) | set(processing_record.NOT_PERSONAL)
    missing = sorted(personal_columns() - inventoried)
    assert not missing, f"personal data without an entry in contest/privacy/duties/processing_record.py: {missing}"


def test_the_inventory_names_only_real_columns(app):
    real = {f"{t.name}.{c.name}" for t in db.metadata.sorted_tables for c in t.columns}
    assert not sorted(set(processing_record.columns()) - real)
    assert not sorted(set(processing_record.NOT_PERSONAL) - real)


def test_a_new_personal_column_without_an_entry_fails(app):
    metadata = MetaData()
    for table in db.metadata.sorted_tables:  # a copy of the schema, so the real one stays untouched
        table.to_metadata(metadata)
    metadata.tables["entry"].append_column(Column("reviewer_phone", String(20)))
    metadata.tables["entry"].append_column(Column("sort_position", Integer))
    new = personal_columns(metadata) - set(processing_record.columns())
    assert "entry.reviewer_phone" in new and "entry.sort_position" not in new


def test_every_activity_says_what_why_on_what_basis_how_long_and_who(app):
    for activity in processing_record.ACTIVITIES:
        for field in ("name", "data", "purpose", "legal_basis", "retention", "who_can_see"):
            assert len(str(getattr(activity, field))) > 5, (activity.key, field)
        assert activity.columns
