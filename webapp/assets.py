"""The stylesheet as sent: style.css stays readable in the repo and is sent minified.

Comments and spare white space are about a fifth of it, and every page loads it.
Browsers also ask for /favicon.ico on their own: they get an empty answer they
may keep for a week, instead of an error page and a 404 in the log each time.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from flask import Flask, Response, request

STYLESHEET = Path(__file__).resolve().parent / "static" / "style.css"
_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_SPACE = re.compile(r"\s+")
_AROUND_PUNCTUATION = re.compile(r"\s*([{};:,>])\s*")


def minify_css(text: str) -> str:
    """Drop comments and white space that CSS does not need (strings keep theirs)."""
    text = _SPACE.sub(" ", _COMMENT.sub("", text))
    return _AROUND_PUNCTUATION.sub(r"\1", text).replace(";}", "}").strip()


@cache
def _minified(path: Path, mtime: float) -> str:
    return minify_css(path.read_text(encoding="utf-8"))


def init_assets(app: Flask) -> None:
    """Serve /static/style.css minified (the more specific rule wins over /static/<path>)."""

    @app.get("/static/style.css", endpoint="stylesheet")
    def stylesheet() -> Response:
        css = _minified(STYLESHEET, STYLESHEET.stat().st_mtime)
        response = Response(css, mimetype="text/css")
        response.headers["Cache-Control"] = "public, max-age=3600"
        response.add_etag()
        return response.make_conditional(request)

    @app.get("/favicon.ico", endpoint="favicon")
    def favicon() -> Response:
        response = Response(status=204, mimetype="image/x-icon")
        response.headers["Cache-Control"] = "public, max-age=604800"
        return response
