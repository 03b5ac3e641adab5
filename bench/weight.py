"""Page weight: bytes of HTML, CSS and script for each page type, and the requests each makes.

Measured in process with Flask's test client, walking the heaviest patient (the
longest check-your-answers and summary). Every page is reached and every form
sent by a client that runs no script, which is what "no script needed" means.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from flask.testing import FlaskClient
from werkzeug.datastructures import MultiDict

from webapp import create_app

from .patients import HEAVY, page_form, read_answers

LINK = re.compile(r"<link\b[^>]*\bhref=\"([^\"]+)\"[^>]*>", re.I)
SCRIPT = re.compile(r"<script\b[^>]*\bsrc=\"([^\"]+)\"[^>]*>", re.I)
IMG = re.compile(r"<img\b[^>]*\bsrc=\"([^\"]+)\"[^>]*>", re.I)
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.I)
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


@dataclass(frozen=True)
class Weight:
    """One page type's weight."""

    page: str
    html: int
    css: int
    script: int
    requests: int  # the page itself plus its subresources
    inline_scripts: int
    gzipped: int  # the same bytes if a web server in front compressed the page too (gzip -6)

    @property
    def total(self) -> int:
        return self.html + self.css + self.script


def _measure(client: FlaskClient, label: str, html: str) -> Weight:
    sizes = {"css": 0, "script": 0}
    gzipped = len(gzip.compress(html.encode(), 6))
    links = LINK.findall(html)
    scripts = SCRIPT.findall(html)
    for kind, urls in (("css", links), ("script", scripts)):
        for url in urls:
            # As a browser asks for it: the app sends its text assets compressed.
            response = client.get(urlsplit(url).path, headers={"Accept-Encoding": "gzip"})
            body = response.get_data()
            sizes[kind] += len(body)
            served_compressed = response.headers.get("Content-Encoding") == "gzip"
            gzipped += len(body) if served_compressed else len(gzip.compress(body, 6))
    subresources = len(links) + len(scripts) + len(IMG.findall(html))
    return Weight(label, len(html.encode()), sizes["css"], sizes["script"], 1 + subresources,
                  len(INLINE_SCRIPT.findall(html)), gzipped)


def page_weights(instance: Path) -> list[Weight]:
    """The weight of each page type; question pages: every one, heaviest and lightest shown."""
    app = create_app({"SECRET_KEY": "bench", "INSTANCE_PATH": str(instance)})
    questionnaire = app.extensions["questionnaire"]
    answers = read_answers(HEAVY[0])
    client = app.test_client()
    weights = [_measure(client, "start", client.get("/").get_data(as_text=True))]
    pages: list[Weight] = []
    location, token = "/page/about-you", ""
    for _ in range(60):
        if not location.startswith("/page/"):
            break
        html = client.get(location).get_data(as_text=True)
        token = token or CSRF.search(html).group(1)
        page_id = location.split("/page/")[1].split("?")[0]
        pages.append(_measure(client, f"question page ({page_id})", html))
        page = questionnaire.page(page_id)
        response = client.post(location, data=MultiDict([("csrf_token", token),
                                                         *page_form(page, answers)]))
        if response.status_code != 302:
            raise RuntimeError(f"{page_id} refused the heavy patient's answers")
        location = urlsplit(response.location).path
    pages.sort(key=lambda weight: weight.total)
    weights += [pages[-1], pages[0]]
    for label, path in (("check", "/check"), ("talking points", "/talking-points"),
                        ("summary", "/summary"), ("delete", "/delete")):
        weights.append(_measure(client, label, client.get(path).get_data(as_text=True)))
    return weights
