"""What the panel tells a judge: the invitation with its sign-up link."""
from ...contests.services import current_contest
from ...notifications.notify import notify


def judge_invite(*, user, invite_link):
    return notify(kind="judge_invite", contest=current_contest(), user=user, tautan=invite_link)
