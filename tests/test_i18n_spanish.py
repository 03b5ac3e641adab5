"""The app in Spanish (issue 18): every page state speaks Spanish, and says the same things.

- Every page state of several fixture patients (each question page as loaded, after
  Change, after each of its buttons; check, talking points, summary, delete; and a new
  patient walking from the first page) is ``lang="es"`` and holds none of the catalog's
  English texts and no English word, apart from what stays English on purpose and is
  marked so (a published instrument's items, ``lang="en"``) and the patient's own words.
- The sleep diary's own pages (each night, refused nights, saving and removing one, a full
  diary, every blank diary), the sheet's diary section with its table of nights, and every
  message from reading a saved answers file or FHIR file are Spanish too; the text summary
  (``flask summary``) is English by design, and stays wholly English while Spanish is spoken.
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

from bench.page_snapshot import Visitor, each_diary_state, each_page_state, walk_from_the_start
from webapp.engine.sheet_text import summary_as_text
from webapp.engine.summary import build_summary

PATIENTS = sorted((FIXTURES / "patients").glob("*.json"))
#: Patients whose pages cover every kind of state between them: the longest medicine list
#: and sheet, opioids with a gabapentinoid, low mood with the crisis line, pregnancy, two
#: medicines on one line, and a patient who wants to stop a benzodiazepine.
SAMPLED = ["midlife_anxiety_several_medicines", "older_man_oxycodone_tramadol_gabapentin",
           "new_mother_low_mood", "pregnant_lorazepam_as_needed",
           "klonopin_and_oxycodone_on_one_line", "epilepsy_clonazepam_wants_to_stop",
           "diary_fourteen_nights_early_waking"]
#: The patient with a sleep diary (14 nights, the most it takes, with comments).
DIARY = FIXTURES / "patients" / "diary_fourteen_nights_early_waking.json"
POINT_ID = re.compile(r'<article class="point[^"]*" id="point-([a-z0-9_-]+)"')
SHEET_POINT_ID = re.compile(r'<article class="sheet-point[^"]*" id="point-([a-z0-9_-]+)"')


def in_spanish(app):
    """Every request to ``app`` comes from a browser that asks for Spanish."""
    inner = app.wsgi_app
    app.wsgi_app = lambda environ, start: inner({**environ, "HTTP_ACCEPT_LANGUAGE": "es"},
                                                start)
    return app


def problems_on(folder, typed: list[str], at_least: int = 21) -> dict[str, list[str]]:
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
    assert pages >= at_least, f"only {pages} pages were read"
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


#: An answers file with something wrong of each kind the reader reports: a question the
#: questionnaire no longer asks, an answer out of range, and nights of the diary that cannot
#: be used (a date that is not real, not a night, a key it does not ask, two nights with one
#: date, minutes that do not fit, a time not on the 24-hour clock, a quality it does not know).
NIGHT = {"date": "2026-11-20", "in_bed": "22:45", "tried_sleep": "23:10", "sol_min": 40,
         "awakenings": 2, "waso_min": 35, "final_wake": "05:50", "out_of_bed": "06:30",
         "quality": "poor", "note": ""}
UNUSABLE = {"format": "before-the-visit/answers", "version": 1, "answers": {
    "a_question_from_last_year": "yes", "nights_a_week": 9, "age_band": "age_200",
    "sleep_diary": [NIGHT, dict(NIGHT, date="2026-02-30"), "a night", dict(NIGHT, mood=3),
                    dict(NIGHT), dict(NIGHT, date="2026-11-21", sol_min=600),
                    dict(NIGHT, date="2026-11-22", in_bed="10:45pm"),
                    dict(NIGHT, date="2026-11-23", quality="great")]}}
#: Files that cannot be used at all, each with its own message.
REFUSED_FILES = [b"\xff\xfe not text", b"{not json", json.dumps({"format": "other"}).encode(),
                 json.dumps({"format": "before-the-visit/answers", "version": 7}).encode(),
                 json.dumps({"format": "before-the-visit/answers", "version": "x"}).encode(),
                 json.dumps({"format": "before-the-visit/answers", "version": 1}).encode(),
                 b'{"format": "before-the-visit/answers", "version": 1, "answers": {"x": '
                 + b"1" * 40 + b"}}",
                 json.dumps({"resourceType": "QuestionnaireResponse",
                             "questionnaire": "http://example.org/other"}).encode()]


def answers_file_states(app, out) -> list[str]:
    """Continue from a saved file with each of the files above; the words they hold."""
    visitor = Visitor(app, out)
    for number, raw in enumerate([json.dumps(UNUSABLE).encode(), *REFUSED_FILES]):
        visitor.post("/resume", {"csrf_token": visitor.token(),
                                 "answers_file": (io.BytesIO(raw), "answers.json")},
                     f"resume file {number}", content_type="multipart/form-data")
    return ["a_question_from_last_year", "mood"]  # quoted from the file as it is


def diary_states(app, out) -> list[str]:
    """The diary's own pages for the diary patient and one with no nights, and the sheet with
    the table of nights; the patient's own words they hold."""
    each_diary_state(app, out / "diary", DIARY.read_bytes())
    each_diary_state(app, out / "no-nights", (FIXTURES / "patients" / f"{SAMPLED[0]}.json")
                     .read_bytes())
    visitor = Visitor(app, out / "sheet")
    visitor.load(DIARY.read_bytes(), keep=False)
    visitor.get("/summary?nights_table=1")
    return typed_answers(json.loads(DIARY.read_text())["answers"])


def test_no_english_on_the_diarys_pages_or_in_the_answers_files_messages(app, tmp_path):
    in_spanish(app)
    typed = diary_states(app, tmp_path / "diary")
    quoted = answers_file_states(app, tmp_path / "files")
    assert problems_on(tmp_path / "diary", typed) == {}
    assert problems_on(tmp_path / "files", quoted, at_least=9) == {}
    pages = {path.name: path.read_text() for path in tmp_path.rglob("*.txt")}
    said = "\n".join(pages.values())
    # every kind of message was reached, in Spanish
    for words in ("Para la noche 1 (que terminó el 2 de enero), escriba las horas en el orden",
                  "Para la noche 2, escriba otra fecha", "Se guardó la noche que terminó el",
                  "Se quitó de su diario la noche", "Su diario tiene 14 noches",
                  "No hay un diario en blanco así", "noches 8 a 14", "Mañana del",
                  "Promedio de 14 noches", "No se usó una respuesta a una pregunta",
                  "No se usó toda su respuesta a “Diario de sueño”: Para la noche 3",
                  "Para la noche 2, escriba una fecha real",
                  "Este archivo de respuestas es de la versión 7",
                  "Este archivo FHIR responde a otro cuestionario"):
        assert words in said, words


def test_the_check_finds_english_on_the_diarys_pages_and_messages_in_english(app, tmp_path):
    """The test above can fail: the same pages in English are full of what it looks for."""
    typed = diary_states(app, tmp_path / "diary")
    quoted = answers_file_states(app, tmp_path / "files")
    found = {**problems_on(tmp_path / "diary", typed),
             **problems_on(tmp_path / "files", quoted, at_least=9)}
    for page, text in (("diary/001-get-diary-night-1.txt", "Save this night"),
                       ("diary/031-get-diary-blank.txt", "How to fill in the diary"),
                       ("sheet/001-get-summary-nights-table-1.txt", "Time in bed"),
                       ("001-resume-file-0.txt", "does not hold a night in the right form"),
                       ("009-resume-file-8.txt", "This FHIR file answers another")):
        assert page in found, sorted(found)
        assert "<html lang='en'>" in found[page]
        assert any(text in problem for problem in found[page]), (page, found[page])
    assert any("untranslated: 'Go back to your diary without saving this night'" in problem
               for problems in found.values() for problem in problems)


def test_the_text_summary_is_english_even_while_spanish_is_spoken(app):
    """``flask summary``'s text is English by design (its headings are); the diary's lines,
    which the engine looks up, follow it rather than the language spoken."""
    questionnaire = app.extensions["questionnaire"]
    answers = json.loads(DIARY.read_text())["answers"]
    english = summary_as_text(build_summary(questionnaire, answers))
    with app.test_request_context(headers={"Accept-Language": "es"}):
        app.preprocess_request()
        summary = build_summary(questionnaire, answers)
        assert summary.diaries[0].averages_heading == "Promedios de 14 noches"  # Spanish here
        text = summary_as_text(summary)
    assert text == english  # ... and the text summary is the same English
    assert "My sleep diary" in text and "Averages of 14 nights" in text
    assert "into bed 10:" in text and "sleep efficiency" in text


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
