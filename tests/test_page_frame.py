"""The frame parts every page shares, made once per language (webapp/web/page_frame.py).

They are kept for the life of the process and shown to every patient, so they must hold
nothing of any patient: the environment they are made in has no way to reach one, and a
page is the same whichever patients came before.
"""

from __future__ import annotations

import pytest
from conftest import CSRF_FIELD, Wizard, make_app
from flask import Flask
from jinja2 import UndefinedError

#: Each language's words for the delete link, which the frame makes.
DELETE = {"en": "Start again and delete my answers",
          "es": "Empezar de nuevo y borrar mis respuestas"}


def page(client, path: str = "/page/about-you") -> str:
    """The page, its one per-session value (the form token) blanked."""
    return CSRF_FIELD.sub("token", client.get(path).get_data(as_text=True))


def test_the_frame_is_made_where_no_patient_can_be_reached(app: Flask) -> None:
    environment = app.extensions["frame_environment"]
    assert set(environment.globals) == {"_", "url_for"}
    with app.test_request_context("/"):
        app.preprocess_request()
        for name in ("session", "request", "g", "form", "answers", "csrf_token",
                     "get_flashed_messages", "config"):
            with pytest.raises(UndefinedError):
                environment.from_string("{{ " + name + " }}").render(settings=None)


def test_a_page_is_the_same_whichever_patients_came_before(app: Flask, tmp_path) -> None:
    """Patients in both languages fill the frames in first; a later patient's page is
    byte for byte the page a fresh app gives (the frames, too, were made for it)."""
    for code in ("en", "es"):
        patient = Wizard(app.test_client())
        patient.client.get(f"/language/{code}?next=/")
        saved = patient.answer("about-you", {"age_band": "age_65_plus"})
        assert saved.status_code == 302
        assert DELETE[code] in page(patient.client)
    fresh = make_app(tmp_path / "fresh", "embedded", None)
    for code in ("en", "es"):
        later, first = app.test_client(), fresh.test_client()
        for client in (later, first):
            client.get(f"/language/{code}?next=/")
        for path in ("/", "/page/about-you", "/delete"):
            assert page(later, path) == page(first, path)
            assert "age_65_plus\" checked" not in page(later, path)


def test_each_place_the_app_is_served_from_gets_its_own_links(app: Flask) -> None:
    client = app.test_client()
    prefixed = client.get("/page/about-you", base_url="http://localhost/clinic/")
    plain = client.get("/page/about-you")
    assert 'href="/clinic/static/style.css"' in prefixed.get_data(as_text=True)
    assert 'href="/clinic/delete"' in prefixed.get_data(as_text=True)
    assert 'href="/static/style.css"' in plain.get_data(as_text=True)
    assert "/clinic" not in plain.get_data(as_text=True)


def test_the_language_links_come_back_to_the_very_page_they_are_on(app: Flask) -> None:
    """The header is kept for each page address: each GET's links keep its own query, a
    POST's (a page sent back with its errors) none."""
    wizard = Wizard(app.test_client())
    links = {"": "/page/about-you", "?return=check": "/page/about-you?return%3Dcheck",
             "?return=check&rows=3": "/page/about-you?return%3Dcheck%26rows%3D3"}
    for _ in range(2):  # the second time from the kept headers
        for query, here in links.items():
            html = page(wizard.client, f"/page/about-you{query}")
            assert f'href="/language/es?next={here}"' in html, query
        refused = wizard.submit("/page/about-you?return=check",
                                {"age_band": "not-an-option"})
        assert "Choose one of the answers shown" in refused.get_data(as_text=True)
        assert 'href="/language/es?next=/page/about-you"' in refused.get_data(as_text=True)
