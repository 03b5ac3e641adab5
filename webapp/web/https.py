"""Serving behind HTTPS: the ``BTV_HTTPS`` and ``BTV_TRUSTED_PROXIES`` settings.

- ``BTV_HTTPS=true``: the cookie is sent over https only, and every response
  carries HSTS (see :mod:`webapp.web.headers`). Flask-WTF then also checks that each
  POST over https comes from one of the app's own pages (its ``Referer``); the
  ``same-origin`` referrer policy lets browsers send it, and only to this site.
- ``BTV_TRUSTED_PROXIES=N``: how many proxies in front of the app to believe about
  the original request (``X-Forwarded-For``, ``-Proto``, ``-Host``, ``-Port``), through
  Werkzeug's ``ProxyFix``. 0, the default, believes none of these headers: anyone
  could send them.

A value the app cannot use stops it at start-up with one line saying what to set.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from ..engine.startup import SettingError


def https_setting(config: dict[str, Any]) -> bool:
    """``BTV_HTTPS`` (config ``HTTPS``): true or false, false when unset."""
    value = config.get("HTTPS", False)
    if not isinstance(value, bool):
        raise SettingError(f"BTV_HTTPS must be true or false, not {value!r}.")
    return value


def trusted_proxies(config: dict[str, Any]) -> int:
    """``BTV_TRUSTED_PROXIES`` (config ``TRUSTED_PROXIES``): a whole number, 0 or more."""
    value = config.get("TRUSTED_PROXIES", 0)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise SettingError(
            "BTV_TRUSTED_PROXIES must be a whole number: how many proxies in front of the "
            f"app set X-Forwarded-* headers (0 for none), not {value!r}.")
    return value


def init_https(app: Flask) -> None:
    """Check both settings (:class:`SettingError` on a bad one) and trust the proxies set."""
    app.config["HTTPS"] = https_setting(app.config)
    proxies = app.config["TRUSTED_PROXIES"] = trusted_proxies(app.config)
    if proxies:
        # Not X-Forwarded-Prefix: the app is served at the root of its address.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies)

