"""The filtered lists behind the dashboard's numbers: entries and registrants, paged."""
import re
from dataclasses import dataclass

from sqlalchemy import func, select

from ..accounts.models import ASNProfile, User
from ..core.extensions import db
from ..entries.models import Entry
from .queries import check_round_id, entry_rows, local_day, registrant_condition

PER_PAGE = 50
DAY = re.compile(r"\A\d{4}-\d{2}-\d{2}\Z")


@dataclass
class Page:
    rows: list
    total: int
    page: int
    per_page: int = PER_PAGE

    @property
    def pages(self):
        return max(1, -(-self.total // self.per_page))


def _page(query, count_query, page):
    total = db.session.scalar(count_query)
    page = max(1, min(page, max(1, -(-total // PER_PAGE))))
    rows = db.session.execute(query.limit(PER_PAGE).offset((page - 1) * PER_PAGE)).all()
    return Page(rows, total, page)


def entry_page(contest, filters, *, page=1):
    """Entries matching the dashboard filters, with owner, profile, newest upload and check."""
    query, _video = entry_rows(contest, check_round_id(contest.id), filters)
    count = select(func.count()).select_from(query.with_only_columns(Entry.id).subquery())
    return _page(query.order_by(Entry.number), count, page)


def registrant_query(contest, *, day=None, agency=None):
    query = (select(User, ASNProfile).join(ASNProfile, ASNProfile.user_id == User.id)
             .where(registrant_condition(contest)))
    if day and DAY.match(day):
        query = query.where(local_day(User.created_at, contest.timezone) == day)
    if agency:
        query = query.where(ASNProfile.agency == agency)
    return query


def registrant_page(contest, *, day=None, agency=None, page=1):
    query = registrant_query(contest, day=day, agency=agency)
    count = select(func.count()).select_from(query.with_only_columns(User.id).subquery())
    return _page(query.order_by(User.created_at, User.id), count, page)
