"""Poster frames as WebP for the public pages: a third lighter than the JPEGs on a phone.

Made from the pipeline's JPEG on the first request and kept beside it (frame-<i>-<w>.webp), so
the pipeline is unchanged and every video ever processed gets one; the same access rule as the
JPEG (media.views.frame).
"""
import os
import uuid as uuid_lib

from flask import Blueprint, abort
from flask_login import current_user
from PIL import Image
from sqlalchemy import select

from ..core.extensions import db
from . import storage
from .access import may_watch
from .models import Video, VideoState
from .serving import send_media

bp = Blueprint("posters", __name__)

WEBP_QUALITY = 72


def webp_twin(jpeg):
    """The WebP beside a poster JPEG, made once (temporary name, then renamed into place);
    None when the JPEG cannot be read (a damaged file is served as it is, never a 500)."""
    target = jpeg.with_suffix(".webp")
    if not target.exists():
        tmp = target.with_name(f".{target.stem}.{uuid_lib.uuid4().hex[:8]}.webp")
        try:
            with Image.open(jpeg) as image:
                image.convert("RGB").save(tmp, "WEBP", quality=WEBP_QUALITY, method=4)
        except OSError:  # PIL's UnidentifiedImageError included
            tmp.unlink(missing_ok=True)
            return None
        os.replace(tmp, target)
    return target


@bp.get("/media/v/<uuid>/frame-<int:index>-<int:width>.webp")
def frame_webp(uuid, index, width):
    video = db.session.scalar(select(Video).where(Video.uuid == uuid))
    if video is None or video.state != VideoState.READY.value:
        abort(404)
    if width not in storage.FRAME_WIDTHS or not 0 <= index < video.frame_count:
        abort(404)
    if not may_watch(current_user, video):
        abort(404)
    jpeg = storage.frame_path(video, index, width)
    if not jpeg.exists():
        abort(404)
    webp = webp_twin(jpeg)
    if webp is None:
        return send_media(jpeg, mimetype="image/jpeg")
    return send_media(webp, mimetype="image/webp")
