"""gzip on the way out, so pages are light on a phone even without nginx in front (`make run`).

Static text files are sent from their precompressed twins (`<name>.gz`, written by
scripts/compress_static.py: `make static-gz`) — the same files nginx's gzip_static sends in
production; pages and JSON are compressed per response (level 6: well under a millisecond for
a page). Only for clients that accept gzip; `Vary: Accept-Encoding` keeps caches honest.
Media (video, images, playlists' segments) is never touched: it is compressed already.
"""
import gzip
from pathlib import Path

from flask import request, send_file

MIN_BYTES = 1024
COMPRESSIBLE = frozenset({"text/html", "text/css", "text/javascript", "application/javascript",
                          "application/json", "image/svg+xml", "text/plain", "application/xml",
                          "text/xml", "text/vtt"})


def _accepts_gzip():
    return "gzip" in request.headers.get("Accept-Encoding", "").lower()


def _vary(response):
    response.vary.add("Accept-Encoding")
    return response


def _precompressed(app, response):
    """The static file's .gz twin, with the original's type and cache policy; None if there is none."""
    if response.status_code != 200 or not request.view_args:
        return None
    static = Path(app.static_folder).resolve()
    source = (static / request.view_args.get("filename", "")).resolve()
    twin = source.with_name(source.name + ".gz")
    if static not in source.parents or not twin.is_file() or twin.stat().st_mtime < source.stat().st_mtime:
        return None
    packed = send_file(twin, mimetype=response.mimetype, conditional=True,
                       max_age=app.get_send_file_max_age(source.name))
    packed.headers["Content-Encoding"] = "gzip"
    packed.content_type = response.content_type  # with its charset
    return packed


def compress(app, response):
    """after_request: gzip what is worth it, once."""
    if response.mimetype not in COMPRESSIBLE:
        return response
    _vary(response)
    if (not _accepts_gzip() or "Content-Encoding" in response.headers
            or request.method == "HEAD" or response.status_code in (204, 206, 304)):
        return response
    if request.endpoint == "static":
        packed = _precompressed(app, response)
        if packed is not None:
            response.close()
            return _vary(packed)
        return response  # no twin: send the file as it is (no per-request compression of files)
    if response.direct_passthrough or response.is_streamed:
        return response
    body = response.get_data()
    if len(body) < MIN_BYTES:
        return response
    response.set_data(gzip.compress(body, compresslevel=6))
    response.headers["Content-Encoding"] = "gzip"
    if response.get_etag()[0]:
        etag, weak = response.get_etag()
        response.set_etag(etag + "-gz", weak=weak)
    return response


def init_app(app):
    app.after_request(lambda response: compress(app, response))
