"""Who sits on a round's panel, and judges with their profiles (agency, affiliation)."""
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ...accounts.models import User
from ...core.extensions import db
from ..rounds.models import round_judge


def on_panel(rnd, judge_id):
    return db.session.scalar(select(func.count()).select_from(round_judge).where(
        round_judge.c.round_id == rnd.id, round_judge.c.user_id == judge_id)) > 0


def judges_with_profiles(judge_ids=None):
    """Judges by name, their profiles loaded in one more query (lists show both)."""
    query = (
        select(User)
        .options(selectinload(User.judge_profile))
        .where(User.roles.any(name="judge"))
        .order_by(User.full_name)
    )
    if judge_ids is not None:
        query = query.where(User.id.in_(judge_ids))
    return db.session.scalars(query).all()
