"""Who may watch a video: media asks, the features above it answer.

Media sits below gallery, voting and judging, so it never imports them; each registers its
policy here when its module is imported (create_app imports every feature, and
tests/media/test_access.py checks that all three did):

- public policies, fn(video) -> bool: anyone may watch (gallery: a published winner or a
  gallery entry; voting: a Video Terfavorit candidate once the public vote has opened);
- viewer policies, fn(user, entry) -> a role name or None (judging: 'judge' for a judge of an
  entry in one of their own queues, never with a conflict).

The entry's owner and admins always may; no policy can take that away.
"""
_public_policies = {}
_viewer_policies = {}


def public_policy(fn):
    """Register fn(video) -> True when the public may watch the video."""
    _public_policies[f"{fn.__module__}.{fn.__qualname__}"] = fn
    return fn


def viewer_policy(fn):
    """Register fn(user, entry) -> role name ('judge', ...) or None."""
    _viewer_policies[f"{fn.__module__}.{fn.__qualname__}"] = fn
    return fn


def registered():
    """Names of the registered policies (for the test that every feature registered)."""
    return set(_public_policies), set(_viewer_policies)


def is_published(video):
    """True when some feature makes this video public."""
    return any(policy(video) for policy in _public_policies.values())


def viewer_role(user, entry):
    """How `user` sees the entry's video: 'owner', 'admin', a role a policy gives, or None.

    Judges see submitted entries only, and blind: through opaque ids, without the entrant's
    name, NIP, agency or file name.
    """
    if user is None or not user.is_authenticated:
        return None
    if entry.user_id == user.id:
        return "owner"
    if user.has_role("admin"):
        return "admin"
    for policy in _viewer_policies.values():
        role = policy(user, entry)
        if role is not None:
            return role
    return None


def may_watch(user, video):
    """The owner, admins and judges (see viewer_role), or anyone once published."""
    return is_published(video) or viewer_role(user, video.entry) is not None
