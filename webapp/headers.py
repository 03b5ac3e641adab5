"""Response headers every page gets: no caching of answers, and a strict security policy."""

from __future__ import annotations

from flask import Flask, Response

#: Only the app's own files; no inline script or style, no framing, forms post only here.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; "
    "form-action 'self'; base-uri 'none'"
)
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": PERMISSIONS_POLICY,
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def init_headers(app: Flask) -> None:
    """Add the security headers to every response, and ``no-store`` to every page."""

    @app.after_request
    def add_headers(response: Response) -> Response:
        # One pass over what the response already has (a view may set its own value):
        # Headers.setdefault looks each name up with an exception when it is missing.
        present = {name.lower() for name, _ in response.headers}
        response.headers.extend([(name, value) for name, value in SECURITY_HEADERS.items()
                                 if name.lower() not in present])
        if response.mimetype in ("text/html", "application/json"):
            # Pages may show answers: never keep them in a shared computer's browser cache.
            response.headers["Cache-Control"] = "no-store"
        return response
