"""Static files as written, cacheable for an hour, and an answer to the browser's favicon request.

style.css and app.js, which every page loads, are sent exactly as they are in the
repository, gzip-compressed when the browser accepts it (every browser does): the
stylesheet keeps its comments and spaces, and a phone fetches about a third of its
bytes. Compression is lossless and made once per file version. Pages themselves are
not compressed: they carry the form secret and the patient's own words, and
compressing both together would let an attacker who can watch sizes guess the secret
(BREACH). Other static files (fonts, already compressed) go through Flask's static
route. Browsers also ask for /favicon.ico on their own: they get an empty answer they
may keep for a week, instead of an error page and a 404 in the log each time.
"""

from __future__ import annotations

import gzip
import hashlib
from functools import lru_cache
from pathlib import Path

from flask import Flask, Response, request
from werkzeug.wrappers import Response as BaseResponse

#: Seconds a browser may keep the app's static files before asking again.
STATIC_MAX_AGE = 3600
STATIC = Path(__file__).resolve().parent.parent / "static"
#: The text files every page loads: file name -> media type.
TEXT_ASSETS = {"style.css": "text/css", "app.js": "text/javascript"}


@lru_cache(maxsize=8)
def _versions(path: Path, modified: int) -> tuple[bytes, bytes, str]:
    """The file as written, the same gzip-compressed, and a tag naming this version."""
    raw = path.read_bytes()
    return raw, gzip.compress(raw, 9, mtime=0), hashlib.sha256(raw).hexdigest()[:32]


def text_asset(name: str) -> BaseResponse:
    """``name`` as written, or gzip-compressed if the browser accepts it; revalidates cheaply."""
    path = STATIC / name
    raw, packed, tag = _versions(path, path.stat().st_mtime_ns)
    compressed = request.accept_encodings["gzip"] > 0
    response = Response(packed if compressed else raw, mimetype=TEXT_ASSETS[name])
    if compressed:
        response.headers["Content-Encoding"] = "gzip"
    response.vary.add("Accept-Encoding")
    response.set_etag(f"{tag}-gzip" if compressed else tag)
    response.cache_control.public = True
    response.cache_control.max_age = STATIC_MAX_AGE
    return response.make_conditional(request)


def init_assets(app: Flask) -> None:
    """Serve the text assets (compressed when accepted), cache static files for an hour,
    and answer /favicon.ico."""
    if app.config.get("SEND_FILE_MAX_AGE_DEFAULT") is None:  # Flask's default: no max-age
        app.config["SEND_FILE_MAX_AGE_DEFAULT"] = STATIC_MAX_AGE
    for name in TEXT_ASSETS:
        # A rule without a variable part wins over Flask's /static/<path:filename>.
        app.add_url_rule(f"/static/{name}", endpoint=f"asset_{name}", view_func=text_asset,
                         defaults={"name": name})

    @app.get("/favicon.ico", endpoint="favicon")
    def favicon() -> Response:
        response = Response(status=204, mimetype="image/x-icon")
        response.headers["Cache-Control"] = "public, max-age=604800"
        return response
