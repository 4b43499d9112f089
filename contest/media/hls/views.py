"""HLS playlists and segments, under the same access rule as the MP4 (media.access: published, or a viewer role).

The master and subtitle playlists are written per request from the ladder's row and the
video's current captions (so a caption added later appears at once); the renditions' playlists
and segments are files, sent by send_media (Range, or nginx's X-Accel-Redirect). Nothing
answers (404) unless the video is ready, its ladder is built and the viewer may watch it.
Cache headers: a published video's segments may be kept by nginx or a CDN for a day and its
playlists for a minute; for anyone else's (the owner or the committee watching an unpublished
video) playlists are never stored and segments stay private.
"""
from flask import Blueprint, Response, abort, url_for
from flask_login import current_user
from sqlalchemy import select

from ...core.extensions import db
from ..access import is_published, viewer_role
from ..captions import services as caption_services
from ..models import Video, VideoState
from ..serving import CACHE_SECONDS, send_media
from . import ladder as hls
from .build import ladder_dir
from .services import ready_ladder

bp = Blueprint("hls", __name__)

PLAYLIST_TYPE = "application/vnd.apple.mpegurl"
PUBLIC_PLAYLIST_SECONDS = 60


def _watchable(uuid):
    """(video, ladder, published) when the viewer may watch a built ladder; else 404."""
    video = db.session.scalar(select(Video).where(Video.uuid == uuid))
    if video is None or video.state != VideoState.READY.value:
        abort(404)
    published = is_published(video)
    if not published and viewer_role(current_user, video.entry) is None:
        abort(404)
    ladder = ready_ladder(video)
    if ladder is None:
        abort(404)
    return video, ladder, published


def _cache(response, *, published, playlist):
    if published:
        seconds = PUBLIC_PLAYLIST_SECONDS if playlist else CACHE_SECONDS
        response.headers["Cache-Control"] = f"public, max-age={seconds}"
    elif playlist:
        response.headers["Cache-Control"] = "private, no-store"
    else:
        response.headers["Cache-Control"] = f"private, max-age={CACHE_SECONDS}"
    return response


def _playlist(text, *, published):
    return _cache(Response(text, mimetype=PLAYLIST_TYPE), published=published, playlist=True)


@bp.app_template_global("hls_master_url")
def master_url(video_uuid):
    """Where a public player finds the ladder (404 until it is built: the player keeps the MP4)."""
    return url_for("hls.master", uuid=video_uuid) if video_uuid else None


@bp.get("/media/v/<uuid>/hls/master.m3u8")
def master(uuid):
    video, ladder, published = _watchable(uuid)
    by_language = caption_services.captions_of(video)
    subtitles = [(lang, f"subs/{lang}.m3u8") for lang in caption_services.captions.LANGUAGES
                 if lang in by_language]
    return _playlist(hls.master_playlist(ladder.variants, subtitles), published=published)


@bp.get("/media/v/<uuid>/hls/subs/<lang>.m3u8")
def subtitles(uuid, lang):
    video, _ladder, published = _watchable(uuid)
    caption = caption_services.captions_of(video).get(lang)
    if caption is None:
        abort(404)
    track = caption_services.track_url(video.uuid, caption)
    return _playlist(hls.subtitle_playlist(video.duration, track), published=published)


@bp.get("/media/v/<uuid>/hls/<rendition>/<name>")
def segment(uuid, rendition, name):
    """A rendition's playlist, init segment or media segment (names the ladder wrote, nothing else)."""
    if not hls.is_served_name(rendition, name):
        abort(404)
    video, _ladder, published = _watchable(uuid)
    path = ladder_dir(video) / rendition / name
    if not path.is_file():
        abort(404)
    playlist = name.endswith(".m3u8")
    response = send_media(path, mimetype=PLAYLIST_TYPE if playlist else "video/mp4")
    return _cache(response, published=published, playlist=playlist)
