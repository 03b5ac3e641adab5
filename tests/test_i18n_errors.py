"""Error pages speak the patient's language, and never claim one their words are not in.

A request can fail before any view runs: the answer store cannot be read (503), the form's
secret is missing or stale (the CSRF check). The page must still say its language truthfully
(``<html lang>`` the language of its words), and speak the patient's language where it is
known: their browser's, or the choice they made.
"""

from __future__ import annotations

import re

import pytest
from conftest import Wizard
from spanish_pages import english_left, page_text

from webapp.storage.session_db import StoreUnavailable


def _store_fails(app, monkeypatch) -> None:
    """From now on, reading stored answers fails as a down Redis or a lost file does."""
    store = app.session_interface.store

    def get(_key):
        raise StoreUnavailable("the test's store is down")

    monkeypatch.setattr(store, "get", get)


def spanish_throughout(html: str) -> None:
    page = page_text(html)
    assert page.lang == "es"
    assert english_left(page.text, []) == []


def test_a_503_before_the_language_step_is_in_the_browsers_language(app, monkeypatch):
    client = app.test_client()
    Wizard(client).answer("about-you", {"age_band": "age_65_plus"})  # now stored
    _store_fails(app, monkeypatch)
    response = client.get("/page/visit-goal", headers={"Accept-Language": "es"})
    assert response.status_code == 503
    html = response.get_data(as_text=True)
    assert "Ahora no podemos abrir sus respuestas guardadas" in html
    spanish_throughout(html)


def test_a_503_for_an_english_browser_says_lang_en(app, monkeypatch):
    client = app.test_client()
    Wizard(client).answer("about-you", {"age_band": "age_65_plus"})
    _store_fails(app, monkeypatch)
    html = client.get("/check", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "We cannot reach your saved answers right now" in html


def test_a_refused_form_is_in_the_language_the_patient_chose(client):
    """The CSRF check runs before the views: its page speaks the chosen language too."""
    client.get("/language/es?next=/")
    response = client.post("/page/about-you", data={"age_band": "age_65_plus"},
                           headers={"Accept-Language": "en"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Se acabó el tiempo de esta página" in html
    spanish_throughout(html)


@pytest.mark.parametrize("path", ["/diary/blank", "/diary/blank?nights=14&paper=letter"])
def test_the_blank_diary_says_the_language_it_is_in(client, path):
    for code in ("en", "es"):
        html = client.get(path, headers={"Accept-Language": code}).get_data(as_text=True)
        assert re.search(r'<html lang="([a-z]+)">', html).group(1) == code
