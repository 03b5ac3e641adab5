"""The app in Spanish (issue 18): every page state speaks Spanish, and says the same things.

- Every page state of several fixture patients (each question page as loaded, after
  Change, after each of its buttons; check, talking points, summary, delete; and a new
  patient walking from the first page) is ``lang="es"`` and holds none of the catalog's
  English texts and no English word, apart from what stays English on purpose and is
  marked so (a published instrument's items, ``lang="en"``) and the patient's own words.
- Every fixture patient gets the same talking points, in the same order, in both languages.
- The walk works through the switch as well as through Accept-Language, and the wizard's
  messages (errors, notices) are Spanish.
"""

from __future__ import annotations

import io
import json
import re

import pytest
from conftest import FIXTURES, MINIMAL_ANSWERS, Wizard
from spanish_pages import english_left, page_text, typed_answers

from bench.page_snapshot import each_page_state, walk_from_the_start

PATIENTS = sorted((FIXTURES / "patients").glob("*.json"))
#: Patients whose pages cover every kind of state between them: the longest medicine list
#: and sheet, opioids with a gabapentinoid, low mood with the crisis line, pregnancy, two
#: medicines on one line, and a patient who wants to stop a benzodiazepine.
SAMPLED = ["midlife_anxiety_several_medicines", "older_man_oxycodone_tramadol_gabapentin",
           "new_mother_low_mood", "pregnant_lorazepam_as_needed",
           "klonopin_and_oxycodone_on_one_line", "epilepsy_clonazepam_wants_to_stop"]
POINT_ID = re.compile(r'<article class="point[^"]*" id="point-([a-z0-9_-]+)"')
SHEET_POINT_ID = re.compile(r'<article class="sheet-point[^"]*" id="point-([a-z0-9_-]+)"')


def in_spanish(app):
    """Every request to ``app`` comes from a browser that asks for Spanish."""
    inner = app.wsgi_app
    app.wsgi_app = lambda environ, start: inner({**environ, "HTTP_ACCEPT_LANGUAGE": "es"},
                                                start)
    return app


def problems_on(folder, typed: list[str]) -> dict[str, list[str]]:
    """Each page written to ``folder`` that is not wholly Spanish, with what is wrong."""
    found: dict[str, list[str]] = {}
    pages = 0
    for path in sorted(folder.rglob("*.txt")):
        head, _, body = path.read_text().partition("\n\n")
        if "<html" not in body or "status: 302" in head:
            continue
        pages += 1
        page = page_text(body)
        wrong = ([] if page.lang == "es" else [f"<html lang={page.lang!r}>"])
        wrong += english_left(page.text, typed)
        if wrong:
            found[str(path.relative_to(folder))] = wrong
    assert pages > 20, f"only {pages} pages were read"
    return found


@pytest.mark.parametrize("name", SAMPLED)
def test_no_english_is_left_on_any_spanish_page_state(app, tmp_path, name):
    in_spanish(app)
    file = FIXTURES / "patients" / f"{name}.json"
    each_page_state(app, tmp_path / "loaded", file.read_bytes())
    answers = json.loads(file.read_text())["answers"]
    walk_from_the_start(app, tmp_path / "walked", answers)
    assert problems_on(tmp_path, typed_answers(answers)) == {}


def test_the_check_finds_english_where_there_is_some(app, tmp_path):
    """The test above can fail: an English page is full of what it looks for."""
    file = FIXTURES / "patients" / f"{SAMPLED[0]}.json"
    each_page_state(app, tmp_path, file.read_bytes())
    found = problems_on(tmp_path, [])
    assert found and all(any("lang='en'" in problem for problem in problems)
                         for problems in found.values())
    assert any("untranslated: 'Check your answers'" in problem
               for problems in found.values() for problem in problems)


def load(client, file) -> None:
    """Continue from a saved file, as the patient would."""
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                      client.get("/resume").get_data(as_text=True)).group(1)
    response = client.post("/resume", data={
        "csrf_token": token, "answers_file": (io.BytesIO(file.read_bytes()), "answers.json")})
    assert response.status_code in (200, 302)


@pytest.mark.parametrize("file", PATIENTS, ids=[path.stem for path in PATIENTS])
def test_every_patient_gets_the_same_talking_points_in_both_languages(app, file):
    english, spanish = app.test_client(), app.test_client()
    spanish.get("/language/es?next=/")
    for client in (english, spanish):
        load(client, file)
    points = {}
    for language, client in (("en", english), ("es", spanish)):
        screen, sheet = client.get("/talking-points"), client.get("/summary")
        if screen.status_code == 302:  # a page still to answer: the same in both languages
            points[language] = (screen.location, sheet.location)
            continue
        assert f'<html lang="{language}">' in sheet.get_data(as_text=True)
        points[language] = (POINT_ID.findall(screen.get_data(as_text=True)),
                            SHEET_POINT_ID.findall(sheet.get_data(as_text=True)))
    assert points["en"][0], "the patient has no talking points"
    assert points["es"] == points["en"]


def test_the_walk_in_spanish_through_the_switch(client):
    wizard = Wizard(client)
    client.get("/language/es?next=/")
    start = client.get("/").get_data(as_text=True)
    assert '<html lang="es">' in start and "Empezar ahora" in start
    assert wizard.walk(MINIMAL_ANSWERS) == "/check"
    response = wizard.answer("sleep-pattern", {"sleep_problems": ["falling_asleep"],
                                               "nights_a_week": "ocho"})
    page = response.get_data(as_text=True)
    assert "Hay un problema" in page and "Escriba un número del 0 al 7" in page
    for path in ("/check", "/talking-points", "/summary"):
        page = client.get(path).get_data(as_text=True)
        assert '<html lang="es">' in page, path
    assert "Lo que quiero mencionar, en orden" in page


def test_the_sheet_prints_in_english_for_the_doctor_with_the_patients_words_as_typed(client):
    """A Spanish patient prints the sheet in English; their own words are not translated."""
    wizard = Wizard(client)
    client.get("/language/es?next=/")
    own = "Quiero dormir mejor sin pastillas"
    assert wizard.walk({**MINIMAL_ANSWERS, "visit-goal": {"visit_goal": own}}) == "/check"
    spanish = client.get("/summary").get_data(as_text=True)
    assert "Lo que quiero mencionar, en orden" in spanish
    assert 'href="/summary?language=en">Imprimir en inglés para mi médico</a>' in spanish
    response = client.get("/summary?language=en")
    english = response.get_data(as_text=True)
    assert '<html lang="en">' in english
    assert "What I want to raise, in order" in english and "my notes for a visit" in english
    assert own in english and own in spanish  # as typed, in both
    assert english.count('class="sheet-point') == spanish.count('class="sheet-point') > 0
    assert SHEET_POINT_ID.findall(english) == SHEET_POINT_ID.findall(spanish)
    # the way back is in the patient's language, and the choice of language is unchanged
    assert ('<a href="/summary" lang="es" hreflang="es">Volver a la hoja en español</a>'
            in english)
    assert '<html lang="es">' in client.get("/check").get_data(as_text=True)
    # an English-speaking patient is not offered it
    other = Wizard(client.application.test_client())
    other.walk(MINIMAL_ANSWERS)
    assert "Print in English" not in other.client.get("/summary").get_data(as_text=True)
