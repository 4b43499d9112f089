"""Who may watch: gallery, voting and judging answer through media/access.py's registry."""
from contest.media import access


def test_gallery_voting_and_judging_registered_their_policies(app):
    public, viewer = access.registered()
    assert public == {"contest.gallery.publication.video_is_public",
                      "contest.voting.services.candidate_video_public"}
    assert viewer == {"contest.judging.scoring.queue.judge_may_watch"}


class _User:
    is_authenticated = True

    def __init__(self, user_id, *roles):
        self.id, self.roles = user_id, roles

    def has_role(self, *roles):
        return bool(set(roles) & set(self.roles))


class _Entry:
    user_id, is_submitted, contest_id, id = 1, False, 1, 1


def test_owner_and_admin_come_before_any_policy(app):
    assert access.viewer_role(_User(1), _Entry()) == "owner"
    assert access.viewer_role(_User(2, "admin"), _Entry()) == "admin"
    assert access.viewer_role(_User(3, "entrant"), _Entry()) is None
    assert access.viewer_role(None, _Entry()) is None
