"""UTC storage for datetimes: the database keeps naive UTC, Python sees aware UTC."""
from datetime import UTC, datetime

from sqlalchemy.types import DateTime, TypeDecorator


def utcnow():
    """The current instant, timezone-aware in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Stores aware datetimes as naive UTC (SQLite has no zones) and returns them aware."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC)
