"""Who may see an entry's video, and sending media files (Range requests, or nginx does it).

Production behind nginx: set X_ACCEL_REDIRECT to an internal location that maps onto
UPLOAD_ROOT, and nginx sends the bytes (with Range) after Flask has checked access:

    location /_media/ { internal; alias /srv/contest/uploads/; }      # X_ACCEL_REDIRECT=/_media/
"""
from urllib.parse import quote

from flask import current_app, send_file

from . import storage

CACHE_SECONDS = 24 * 60 * 60  # a video's renditions never change once it is ready


def is_published(video):
    """True when the public may watch this video: a published winner's, or one in the public
    gallery of all entries, after the announcement once results are final (gallery decides);
    or a Video Terfavorit candidate's once the public vote has opened (voting decides)."""
    from ..gallery.publication import video_is_public
    from ..voting.services import candidate_video_public

    return video_is_public(video) or candidate_video_public(video)


def viewer_role(user, entry):
    """How `user` sees the entry's video: 'owner', 'admin', 'judge' or None (no access).

    Judges see submitted entries only, and blind: through opaque ids, without the entrant's
    name, NIP, agency or file name.
    """
    if user is None or not user.is_authenticated:
        return None
    if entry.user_id == user.id:
        return "owner"
    if user.has_role("admin"):
        return "admin"
    if user.has_role("judge") and entry.is_submitted:
        from ..judging.services import conflicted

        # A judge with a conflict (same agency, or a declared recusal) never sees the entry.
        return None if conflicted(user.id, entry.id, entry.contest_id) else "judge"
    return None


def may_watch(user, video):
    """The owner, admins and judges (see viewer_role), or anyone once published."""
    return is_published(video) or viewer_role(user, video.entry) is not None


def send_media(path, *, mimetype, download_name=None):
    """A private, cacheable response for a file under UPLOAD_ROOT, honouring Range (206)."""
    prefix = current_app.config.get("X_ACCEL_REDIRECT")
    if prefix:
        response = current_app.response_class(mimetype=mimetype)
        response.headers["X-Accel-Redirect"] = (
            prefix.rstrip("/") + "/" + quote(storage.relative_to_root(path)))
        if download_name:
            response.headers.set("Content-Disposition", "attachment", filename=download_name)
    else:
        response = send_file(path, mimetype=mimetype, conditional=True,
                             as_attachment=bool(download_name), download_name=download_name,
                             max_age=CACHE_SECONDS)
    response.cache_control.public = False
    response.cache_control.private = True
    response.cache_control.max_age = CACHE_SECONDS
    return response
