"""Sending media files (Range requests, or nginx does it); who may watch is in access.py.

Production behind nginx: set X_ACCEL_REDIRECT to an internal location that maps onto
UPLOAD_ROOT, and nginx sends the bytes (with Range) after Flask has checked access:

    location /_media/ { internal; alias /srv/contest/uploads/; }      # X_ACCEL_REDIRECT=/_media/
"""
from urllib.parse import quote

from flask import current_app, send_file

from . import storage

CACHE_SECONDS = 24 * 60 * 60  # a video's renditions never change once it is ready


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
