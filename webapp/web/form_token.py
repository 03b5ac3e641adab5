"""The CSRF token every form writes, signed once for each patient's session, not on each page.

Flask-WTF's ``csrf_token()`` signs the session's secret token again on every page: a fresh
serializer, a derived key and an HMAC, about a tenth of a page's own work. The app sets no
time limit on tokens (``WTF_CSRF_TIME_LIMIT = None``, a page left open all afternoon still
saves), so a token signed earlier for the same secret is exactly as valid as a new one, and
:func:`csrf_token` hands back the one it signed before. The check of each POST is Flask-WTF's,
unchanged: the token must carry this app's signature over this session's secret token.
"""

from __future__ import annotations

from flask import Flask, current_app, g, session
from flask_wtf.csrf import generate_csrf

#: Signed tokens kept per app, at most this many (then forgotten and signed again).
KEEP = 4096
_FIELD = "csrf_token"


def csrf_token() -> str:
    """This session's signed CSRF token (Flask-WTF's, signed once and then remembered)."""
    if current_app.config.get("WTF_CSRF_TIME_LIMIT") is not None:
        return generate_csrf()  # tokens that expire carry the time they were signed
    signed: dict[str, str] = current_app.extensions["signed_csrf"]
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


def init_form_token(app: Flask) -> None:
    """Give templates :func:`csrf_token` in place of Flask-WTF's (call after ``csrf.init_app``)."""
    app.extensions["signed_csrf"] = {}
    app.jinja_env.globals["csrf_token"] = csrf_token  # macros, imported without context
    # Flask-WTF also puts its own into every template's context: this one comes later.
    app.context_processor(lambda: {"csrf_token": csrf_token})
