"""Static files are sent exactly as written in the repository, and can be cached."""

from __future__ import annotations

import gzip
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


@pytest.mark.parametrize("name", ["style.css", "app.js"])
def test_a_browser_that_accepts_gzip_gets_the_same_bytes_compressed(client, name):
    """Phones fetch about a third of the bytes; what they unpack is the file as written."""
    with client.get(f"/static/{name}", headers={"Accept-Encoding": "gzip, deflate, br"}) as sent:
        assert sent.status_code == 200 and sent.headers["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in sent.headers["Vary"]
        assert gzip.decompress(sent.data) == (STATIC / name).read_bytes()
        assert len(sent.data) < len((STATIC / name).read_bytes()) / 2
        etag = sent.headers["ETag"]
    with client.get(f"/static/{name}", headers={"Accept-Encoding": "gzip",
                                                  "If-None-Match": etag}) as again:
        assert again.status_code == 304 and again.data == b""
    with client.get(f"/static/{name}") as plain:
        assert "Content-Encoding" not in plain.headers
        assert plain.headers["ETag"] != etag, "each representation has its own tag"


def test_pages_are_never_compressed(client):
    """A page holds the form secret beside the patient's words: compressing both leaks (BREACH)."""
    response = client.get("/page/about-you", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200 and "Content-Encoding" not in response.headers
