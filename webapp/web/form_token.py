"""The CSRF token every form writes, signed once for each patient's session, not on each page.

Flask-WTF's ``csrf_token()`` signs the session's secret token again on every page: a fresh
serializer, a derived key and an HMAC, about a tenth of a page's own work. The app sets no
time limit on tokens (``WTF_CSRF_TIME_LIMIT = None``, a page left open all afternoon still
saves), so a token signed earlier for the same secret is exactly as valid as a new one, and
:func:`csrf_token` hands back the one it signed before.

The check of each POST is Flask-WTF's: the token must carry this app's signature over this
session's secret token. Checking that signature again is as much work as making it, so
:class:`FormTokenCheck` first compares the token sent with the one :func:`csrf_token` signed
for this session's secret: the same string is the same signature over the same secret, which
Flask-WTF's check accepts. Any other token (signed before a restart, forged, another
patient's) goes through Flask-WTF's whole check; the https Referer check is made either way.
"""

from __future__ import annotations

import hmac

from flask import Flask, current_app, g, request, session
from flask_wtf.csrf import CSRFProtect, generate_csrf, same_origin
from markupsafe import Markup

#: Signed tokens kept per app, at most this many (then forgotten and signed again).
KEEP = 4096
_FIELD = "csrf_token"


def csrf_token() -> str:
    """This session's signed CSRF token (Flask-WTF's, signed once and then remembered)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # one look-up
    if app.config.get("WTF_CSRF_TIME_LIMIT") is not None:
        return generate_csrf()  # tokens that expire carry the time they were signed
    signed: dict[str, str] = app.extensions["signed_csrf"]
    raw = session.get(_FIELD)
    token = signed.get(raw) if isinstance(raw, str) else None
    if token is not None:
        setattr(g, _FIELD, token)  # as generate_csrf leaves it, for the rest of the request
        return token
    token = generate_csrf()  # makes the session's secret token first if it has none
    raw = session.get(_FIELD)
    if isinstance(raw, str):
        if len(signed) >= KEEP:
            signed.clear()
        signed[raw] = token
    return token


#: The hidden field every form writes its token in (cheaper than WTForms' widget or a macro).
_HIDDEN_FIELD = Markup('<input id="csrf_token" name="csrf_token" type="hidden" value="%s">')


def csrf_field() -> Markup:
    """This session's CSRF token as the form's hidden field (``{{ csrf_field() }}``)."""
    return _HIDDEN_FIELD % csrf_token()


def _sent_the_signed_token() -> bool:
    """Whether this request's form sends the very token :func:`csrf_token` signed for this
    session's secret (then Flask-WTF's check of its signature would pass)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # one look-up
    if app.config.get("WTF_CSRF_TIME_LIMIT") is not None:
        return False
    raw = session.get(_FIELD)
    signed = app.extensions["signed_csrf"].get(raw) if isinstance(raw, str) else None
    sent = request.form.get(app.config["WTF_CSRF_FIELD_NAME"])
    return signed is not None and isinstance(sent, str) and hmac.compare_digest(
        signed.encode(), sent.encode())


class FormTokenCheck(CSRFProtect):
    """Flask-WTF's CSRF protection, skipping the signature check of the token it signed."""

    def protect(self, apply_exemptions: bool = False) -> None:
        """Refuse a POST without a good token (and over https, without this site's Referer)."""
        sent = request._get_current_object()  # type: ignore[attr-defined]  # one look-up
        config = current_app.config
        if sent.method not in config["WTF_CSRF_METHODS"]:
            return  # a GET: Flask-WTF's checks nothing either, exempt or not
        if not _sent_the_signed_token():
            super().protect(apply_exemptions)
            return
        if sent.is_secure and config["WTF_CSRF_SSL_STRICT"]:
            if not sent.referrer:  # as Flask-WTF's protect
                self._error_response("The referrer header is missing.")
            if not same_origin(sent.referrer, f"https://{sent.host}/"):
                self._error_response("The referrer does not match the host.")
        g.csrf_valid = True  # as Flask-WTF marks a request it checked


def init_form_token(app: Flask) -> None:
    """Give templates :func:`csrf_token` in place of Flask-WTF's (call after ``csrf.init_app``)."""
    app.extensions["signed_csrf"] = {}
    app.jinja_env.globals["csrf_token"] = csrf_token  # macros, imported without context
    app.jinja_env.globals["csrf_field"] = csrf_field
    # Flask-WTF also puts its own into every template's context: this one comes later.
    app.context_processor(lambda: {"csrf_token": csrf_token})
