"""Response headers every page gets: no caching of answers, and a strict security policy.

The referrer policy is ``same-origin``: a browser tells the app which of its own
pages a form was sent from (over https, Flask-WTF refuses a POST without that),
and tells other sites nothing, not even the app's address. With ``BTV_HTTPS=true``
every response also carries HSTS, so a browser that has been here once never
goes to the app over plain http again.

They are added as each response leaves the app (:class:`SecurityHeaders`), to every
response it sends, error pages and static files included.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from flask import Flask

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

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


#: Responses of these types may show answers: they are never kept in a browser's cache.
NO_STORE_TYPES = frozenset({"text/html", "application/json"})


class SecurityHeaders:
    """WSGI middleware: the security headers on every response the app sends, and
    ``Cache-Control: no-store`` on every page (HTML or JSON).

    It adds them to the list of headers the app hands to the server, once the response is
    made: werkzeug checked each header added to a response for newlines, then every one
    again as it copied them for sending, a percent of a request for these constant
    values, which are checked once here instead. A header the app set itself (a view may)
    is kept; a page's own ``Cache-Control`` is replaced.
    """

    def __init__(self, wsgi_app: WSGIApplication, headers: dict[str, str]) -> None:
        self.wsgi_app = wsgi_app
        for value in headers.values():
            if "\r" in value or "\n" in value:
                raise ValueError("Header values must not contain newline characters.")
        self.headers = [(name.lower(), (name, value)) for name, value in headers.items()]

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            present = {name.lower(): value for name, value in headers}
            headers.extend(header for name, header in self.headers if name not in present)
            page_type = present.get("content-type")
            if page_type is not None and page_type.split(";")[0].strip() in NO_STORE_TYPES:
                if "cache-control" in present:
                    headers[:] = [(name, value) for name, value in headers
                                  if name.lower() != "cache-control"]
                headers.append(("Cache-Control", "no-store"))
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, start)


def init_headers(app: Flask) -> None:
    """Add the security headers to every response, and ``no-store`` to every page.

    HSTS is sent only when the app is served over https (``BTV_HTTPS=true``).
    """
    headers = dict(SECURITY_HEADERS)
    if app.config.get("HTTPS"):
        headers["Strict-Transport-Security"] = STRICT_TRANSPORT_SECURITY
    app.wsgi_app = SecurityHeaders(app.wsgi_app, headers)  # type: ignore[method-assign]
