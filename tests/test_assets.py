"""Static files are sent exactly as written in the repository, and can be cached."""

from __future__ import annotations

from pathlib import Path

import pytest

STATIC = Path(__file__).resolve().parent.parent / "webapp" / "static"


@pytest.mark.parametrize("name, mimetype", [("style.css", "text/css"),
                                            ("app.js", "text/javascript")])
def test_a_static_file_is_served_byte_for_byte_and_cacheable(client, name, mimetype):
    with client.get(f"/static/{name}") as response:
        assert response.status_code == 200 and response.mimetype == mimetype
        assert response.data == (STATIC / name).read_bytes()
        assert response.headers["Cache-Control"] == "public, max-age=3600"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        etag = response.headers["ETag"]
    with client.get(f"/static/{name}", headers={"If-None-Match": etag}) as again:
        assert again.status_code == 304 and again.data == b""


def test_the_stylesheet_keeps_the_spaces_css_needs(client):
    """A minifier once joined `.nav :focus` into `.nav:focus` and squeezed strings."""
    with client.get("/static/style.css") as response:
        css = response.get_data(as_text=True)
    source = (STATIC / "style.css").read_text(encoding="utf-8")
    assert css == source and "/*" in css, "comments and all, as written"


def test_the_browsers_own_favicon_request_gets_a_cacheable_empty_answer(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 204 and response.data == b""
    assert response.headers["Cache-Control"] == "public, max-age=604800"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
