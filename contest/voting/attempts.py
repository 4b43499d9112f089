"""Counting a vote code's attempts so that parallel guesses cannot share one."""
from flask import current_app
from sqlalchemy import update

from ..core.extensions import db
from .models import VoteChallenge


def claim_attempt(challenge, *, now):
    """Count one attempt before the code is compared, in one UPDATE … WHERE attempts < limit: the
    attempt's number, or None when none is left. Parallel guesses each get a distinct number (the
    row lock serializes them), so at most VOTE_CODE_ATTEMPTS codes are ever compared."""
    attempt = db.session.execute(
        update(VoteChallenge)
        .where(VoteChallenge.id == challenge.id, VoteChallenge.closed_at.is_(None),
               VoteChallenge.expires_at > now, VoteChallenge.attempts < current_app.config["VOTE_CODE_ATTEMPTS"])
        .values(attempts=VoteChallenge.attempts + 1)
        .returning(VoteChallenge.attempts)
        .execution_options(synchronize_session=False)).scalar()
    if attempt is not None:
        db.session.refresh(challenge)
    return attempt
