"""Static files as written, cacheable for an hour, and an answer to the browser's favicon request.

style.css and app.js are served by Flask's static route exactly as they are in
the repository (with an ETag and Last-Modified, so a browser revalidates cheaply).
Browsers also ask for /favicon.ico on their own: they get an empty answer they
may keep for a week, instead of an error page and a 404 in the log each time.
"""

from __future__ import annotations

from flask import Flask, Response

#: Seconds a browser may keep the app's static files before asking again.
STATIC_MAX_AGE = 3600


def init_assets(app: Flask) -> None:
    """Let browsers cache static files for an hour, and answer /favicon.ico."""
    if app.config.get("SEND_FILE_MAX_AGE_DEFAULT") is None:  # Flask's default: no max-age
        app.config["SEND_FILE_MAX_AGE_DEFAULT"] = STATIC_MAX_AGE

    @app.get("/favicon.ico", endpoint="favicon")
    def favicon() -> Response:
        response = Response(status=204, mimetype="image/x-icon")
        response.headers["Cache-Control"] = "public, max-age=604800"
        return response
