"""Response headers every page gets: no caching of answers, and a strict security policy.

The referrer policy is ``same-origin``: a browser tells the app which of its own
pages a form was sent from (over https, Flask-WTF refuses a POST without that),
and tells other sites nothing, not even the app's address. With ``BTV_HTTPS=true``
every response also carries HSTS, so a browser that has been here once never
goes to the app over plain http again.
"""

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
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": PERMISSIONS_POLICY,
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
#: One year, for the app's host and every name under it (served at btv.clinic.example,
#: that is only *.btv.clinic.example). No ``preload``: it would commit the clinic's whole
#: domain, a choice for the clinic to make, not the app.
STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains"


def init_headers(app: Flask) -> None:
    """Add the security headers to every response, and ``no-store`` to every page.

    HSTS is sent only when the app is served over https (``BTV_HTTPS=true``).
    """
    headers = dict(SECURITY_HEADERS)
    if app.config.get("HTTPS"):
        headers["Strict-Transport-Security"] = STRICT_TRANSPORT_SECURITY

    @app.after_request
    def add_headers(response: Response) -> Response:
        # One pass over what the response already has (a view may set its own value):
        # Headers.setdefault looks each name up with an exception when it is missing.
        present = {name.lower() for name, _ in response.headers}
        response.headers.extend([(name, value) for name, value in headers.items()
                                 if name.lower() not in present])
        if response.mimetype in ("text/html", "application/json"):
            # Pages may show answers: never keep them in a shared computer's browser cache.
            response.headers["Cache-Control"] = "no-store"
        return response
