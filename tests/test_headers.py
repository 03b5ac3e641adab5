"""The security headers and ``no-store`` are added as the response leaves the app
(webapp/web/headers.py, a WSGI middleware): once each, after whatever the app set itself."""

from __future__ import annotations

import pytest
from flask import Response

from webapp.web.headers import SECURITY_HEADERS, SecurityHeaders


def test_a_views_own_header_is_kept_and_a_pages_cache_control_is_no_store(app):
    app.add_url_rule("/own", "own", lambda: Response(
        "<p>x</p>", mimetype="text/html",
        headers=[("X-Frame-Options", "SAMEORIGIN"), ("Cache-Control", "max-age=60"),
                 ("Cache-Control", "private")]))
    response = app.test_client().get("/own")
    assert response.headers.getlist("X-Frame-Options") == ["SAMEORIGIN"]
    assert response.headers.getlist("Cache-Control") == ["no-store"]
    for name, value in SECURITY_HEADERS.items():
        if name != "X-Frame-Options":
            assert response.headers.getlist(name) == [value], name


def test_a_stylesheet_keeps_its_own_cache_control(app):
    client = app.test_client()
    page = client.get("/page/about-you").get_data(as_text=True)
    address = page.split('href="/reveal.css')[1].split('"')[0]
    response = client.get("/reveal.css" + address.replace("&amp;", "&"))
    assert response.status_code == 200
    assert response.headers.getlist("Cache-Control") == ["public, max-age=31536000, immutable"]
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.getlist(name) == [value], name


def test_every_header_is_sent_once_on_a_page_and_a_redirect(client):
    for response in (client.get("/"), client.get("/check")):
        names = [name.lower() for name, _ in response.headers]
        assert len(names) == len(set(names)), names
        assert response.headers["Cache-Control"] == "no-store"


def test_a_header_value_with_a_newline_is_refused_when_the_app_is_made():
    with pytest.raises(ValueError, match="newline"):
        SecurityHeaders(lambda environ, start: [], {"X-Test": "a\r\nSet-Cookie: x=1"})
