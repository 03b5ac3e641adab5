"""Choice questions' markup is kept for the next patient: pages stay exactly the same.

webapp/web/question_markup.py keeps a choice question's rendering for each way it can be
answered. Every page every fixture patient sees must come out byte for byte as rendering
afresh gives it, in English and in Spanish, and nothing a patient typed may be kept.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import CSRF_FIELD, FIXTURES, Wizard
from flask import Flask

from webapp.web import question_markup

PATIENTS = sorted((FIXTURES / "patients").glob("*.json"))


class KeepNothing(dict):
    """A store that keeps nothing: each page rendered afresh, as before the store existed."""

    def __setitem__(self, key: object, value: object) -> None:
        return None


def pages_seen(app: Flask, patient: Path, language: str) -> dict[str, str]:
    """Every question page of ``patient``, loaded from their answers file, as HTML (without
    the session's CSRF token)."""
    wizard = Wizard(app.test_client())
    wizard.client.get(f"/language/{language}")
    wizard.submit("/resume", {"answers_file": (io.BytesIO(patient.read_bytes()), "a.json")},
                  content_type="multipart/form-data")
    questionnaire = app.extensions["questionnaire"]
    return {page.id: CSRF_FIELD.sub("", wizard.client.get(f"/page/{page.id}").get_data(
        as_text=True)) for page in questionnaire.pages}


@pytest.mark.parametrize(("language", "patients"), [("en", PATIENTS), ("es", PATIENTS[::4])])
def test_every_fixture_page_is_the_same_kept_or_rendered_afresh(
        app: Flask, language: str, patients: list[Path]) -> None:
    kept = {patient.stem: pages_seen(app, patient, language) for patient in patients}
    store = app.extensions["question_markup"]
    assert store, "no choice question's markup was kept"
    assert any("checked" in markup for markup in store.values())
    app.extensions["question_markup"] = KeepNothing()
    for patient in patients:
        afresh = pages_seen(app, patient, language)
        for page_id, html in afresh.items():
            assert kept[patient.stem][page_id] == html, f"{patient.stem}: /page/{page_id}"


def test_only_option_values_are_kept_never_typed_words(app: Flask) -> None:
    for patient in PATIENTS[::3]:
        pages_seen(app, patient, "en")
    questionnaire = app.extensions["questionnaire"]
    for language, question_id, _single, chosen in app.extensions["question_markup"]:
        question = questionnaire.question(question_id)
        assert language in ("en", "es")
        assert question.kind.widget in question_markup.KEPT_WIDGETS
        assert all(question.option(value) is not None for value in chosen)


def test_a_question_with_an_error_is_rendered_afresh(app: Flask, wizard: Wizard) -> None:
    """The error is shown (and not kept for the next patient who chose the same)."""
    wizard.client.get("/page/about-you")
    before = dict(app.extensions["question_markup"])
    response = wizard.answer("about-you", {"age_band": "no_such_band"})
    assert response.status_code == 200
    assert 'class="error-message"' in response.get_data(as_text=True)
    added = set(app.extensions["question_markup"]) - set(before)
    assert not any(key[1] == "age_band" for key in added)
    clean = app.test_client().get("/page/about-you").get_data(as_text=True)
    assert 'class="error-message"' not in clean
