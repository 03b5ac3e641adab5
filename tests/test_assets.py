"""The stylesheet is sent minified, with the same rules, and can be cached."""

from __future__ import annotations

from webapp.assets import STYLESHEET, minify_css


def test_minifying_keeps_strings_media_queries_and_rules():
    css = """/* a comment */
    q { quotes: "\\201C" "\\201D"; }
    @media (min-width: 40em) {
      .summary-row > dt , .x:focus { margin : 0 auto ; }
    }
    .back-link::before { content: "\\2039\\00a0"; }"""
    assert minify_css(css) == (
        'q{quotes:"\\201C" "\\201D"}@media (min-width:40em){.summary-row>dt,.x:focus'
        '{margin:0 auto}}.back-link::before{content:"\\2039\\00a0"}')


def test_the_served_stylesheet_is_smaller_and_cacheable(client):
    response = client.get("/static/style.css")
    source = STYLESHEET.read_text(encoding="utf-8")
    assert response.mimetype == "text/css"
    assert len(response.data) < 0.85 * len(source.encode())
    assert b"@media print" in response.data and b"/*" not in response.data
    again = client.get("/static/style.css", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_the_browsers_own_favicon_request_gets_a_cacheable_empty_answer(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 204 and response.data == b""
    assert response.headers["Cache-Control"] == "public, max-age=604800"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
