"""The app in Spanish in Chromium (issue 18): a keyboard walk, axe-clean, and the sheet's pages.

The browser asks for Spanish (``locale="es-US"`` sends ``Accept-Language: es-US``). A
patient goes from the start page to printing by keyboard alone, meeting an error on the way;
every page on the way says it is in Spanish, and the every-state audit (test_every_state.py)
runs axe-core and its other checks on each of them, as the server sent it; the summary
offers printing in English for the doctor. The heaviest fixture patients' Spanish sheets
print on the number of pages the screen announces, on A4 and on Letter (Spanish text runs
longer than English), and on two pages at most, as in English.
"""

from __future__ import annotations

import json
import re

from conftest import QUESTIONS
from extreme_patient import write_extreme_patient

from webapp.engine.loader import load_questionnaire
from webapp.engine.sheet_fit import MARGIN

from .conftest import HEAVY, PATIENTS, screenshot
from .keys import KeyboardPatient
from .test_keyboard import PRINT_SPY
from .test_print import announced_pages, letters, print_sheet, top_of

#: The longest sheets in Spanish: the longest medicine list, and the most points.
HEAVIEST = [HEAVY, PATIENTS / "older_man_oxycodone_tramadol_gabapentin.json",
            PATIENTS / "epilepsy_clonazepam_wants_to_stop.json",
            PATIENTS / "older_adult_benzo_opioid.json"]
#: The patient with a 14-night sleep diary.
DIARY = PATIENTS / "diary_fourteen_nights_early_waking.json"


def spanish_visit(visit):
    return visit(locale="es-US")


def test_a_keyboard_user_walks_everything_in_spanish_axe_clean(visit, artifacts):
    patient = spanish_visit(visit)
    page = patient.page
    page.context.add_init_script(PRINT_SPY)
    keys = KeyboardPatient(page)

    def audit() -> None:  # axe-core: in the every-state audit, which replays these pages
        assert page.locator("html").get_attribute("lang") == "es", patient.path

    patient.go("/")
    audit()
    keys.tab_to(lambda f: f.text == "Saltar al contenido principal", "the skip link")
    keys.activate("Empezar ahora")
    assert patient.path == "/page/about-you"
    audit()
    keys.choose("age_band", "age_65_plus")
    keys.activate("Continuar")
    keys.type_into("visit_goal", "Dormir toda la noche.")
    keys.activate("Continuar")
    assert patient.path == "/page/sleep-pattern"
    keys.tick("sleep_problems", "waking_early")
    keys.type_into("nights_a_week", "cinco")
    keys.submit_with_enter()
    assert page.title().startswith("Error:")
    summary = keys.focused()
    assert summary and summary.text.startswith("Hay un problema"), summary
    audit()
    keys.tab_to(lambda f: f.tag == "a" and f.text.startswith("Escriba un número"),
                "the first error link")
    keys.press("Enter")
    assert keys.focused().id == "nights_a_week"
    keys.press("Control+A")
    page.keyboard.type("5")
    keys.choose("problem_duration", "under_1_month", backwards=True)
    keys.activate("Continuar")
    # Every later page with the answers it has: Continue.
    for _ in range(20):
        if not patient.path.startswith("/page/"):
            break
        audit()
        keys.activate("Continuar")
    assert patient.path == "/check"
    audit()
    keys.activate("Continuar")
    assert patient.path == "/talking-points"
    audit()
    keys.activate("Continuar a mi resumen")
    assert patient.path == "/summary"
    audit()
    keys.tab_to(lambda f: f.text == "Imprimir este resumen", "the Print button")
    keys.press("Space")
    assert page.evaluate("window.__printed") == 1
    keys.activate("Imprimir en inglés para mi médico")
    assert patient.path == "/summary?language=en"
    assert page.locator("html").get_attribute("lang") == "en"
    screenshot(page, artifacts / "spanish-keyboard-summary-in-english.png", full_page=True)
    keys.activate("Volver a la hoja en español")
    assert patient.path == "/summary"
    assert patient.foreign_requests() == []


def load_in_spanish(patient, answers_file) -> None:
    """Continue from a saved file, as a Spanish-speaking patient does."""
    patient.go("/resume")
    patient.page.set_input_files("#answers_file", answers_file)
    with patient.page.expect_navigation():
        patient.page.get_by_role("button", name="Continuar").click()


def test_the_heaviest_spanish_sheets_print_on_the_pages_the_screen_announces(visit, artifacts):
    counts = {}
    for answers_file in HEAVIEST:
        patient = spanish_visit(visit)
        load_in_spanish(patient, answers_file)
        patient.go("/summary")
        page = patient.page
        assert page.locator(".summary-sheet").count() == 1, answers_file.name
        announced = announced_pages(page)
        for paper, (_path, printed) in print_sheet(page, artifacts,
                                                   f"es-{answers_file.stem}").items():
            count = len(printed.sizes)
            counts[(answers_file.stem, paper)] = count
            assert re.search(rf"\b{count} página", announced), (answers_file.stem, paper,
                                                                 count, announced)
    print("Spanish sheet pages:", counts)
    assert max(counts.values()) <= 2, counts  # as in English: two pages at most


def test_a_spanish_sleep_diary_sheet_prints_on_the_pages_announced_with_or_without_its_table(
        visit, artifacts):
    """The diary's chart, averages, formulas and table are measured in Spanish (its words are
    longer), so the page count on screen is still the PDF's, on A4 and Letter."""
    patient = spanish_visit(visit)
    load_in_spanish(patient, DIARY)
    page = patient.page
    for asked, name in ((False, "es-diary"), (True, "es-diary-table")):
        patient.go("/summary?nights_table=1" if asked else "/summary")
        assert page.locator(".summary-sheet").count() == 1
        page.evaluate("document.fonts.ready.then(() => document.fonts.size)")
        announced = announced_pages(page)
        for paper, (path, printed) in print_sheet(page, artifacts, name).items():
            count = len(printed.sizes)
            assert re.search(rf"\b{count} página", announced), (name, paper, count,
                                                                announced, path)
            text = " ".join(printed.pages)
            assert "Promedios de 14 noches" in text, path
            assert ("Promedio de 14 noches" in text) == asked, path
            assert "Tiempo total de sueño" in text and "Total sleep time" not in text, path
            assert f"Página 1 de {count}" in text and "Page 1 of" not in text, path


def test_the_most_extreme_spanish_sheet_prints_on_the_pages_announced(visit, artifacts,
                                                                      tmp_path):
    """The most extreme patient (tests/extreme_patient.py) in Spanish, shortened as far as
    it goes (steps 15 and 16: the lines under "More of my medicines" without labels, the
    body text's lines closer): on A4 and Letter three pages, as the screen announces, with
    the margin the shortening keeps (MARGIN) left on the last, the top block on page 1, the
    details' order said once, and every text the patient typed there in full."""
    answers_file = write_extreme_patient(load_questionnaire(QUESTIONS), tmp_path)
    given = json.loads(answers_file.read_text())["answers"]
    typed = [given[key] for key in ("visit_goal", "own_questions")]
    typed += [row[key] for row in given["medicine_list"] for key in ("name", "purpose")]
    typed += [night["note"] for night in given["sleep_diary"]]
    patient = spanish_visit(visit)
    load_in_spanish(patient, answers_file)
    patient.go("/summary")
    page = patient.page
    assert page.locator(".summary-sheet").count() == 1
    page.emulate_media(media="print")
    page.evaluate("document.fonts.ready.then(() => document.fonts.size)")
    announced = announced_pages(page)
    for paper, (path, printed) in print_sheet(page, artifacts, "es-extreme").items():
        count = len(printed.pages)
        assert count == 3, (paper, count, path)
        assert re.search(rf"\b{count} páginas", announced), (paper, count, announced, path)
        free = printed.last_page_free()
        print(f"extreme Spanish sheet, {paper}: {free:.0f} pt free on page {count}")
        assert free >= MARGIN, (paper, free, path)
        for phrase in ("Lo que más quiero de esta consulta", "Como lo escribí",
                       "Alertas de seguridad", "Puntajes de evaluación"):
            assert top_of(printed.page_words(1), phrase) is not None, (paper, phrase, path)
        everything = letters(" ".join(printed.pages))
        missing = [text for text in typed if letters(text) not in everything]
        assert not missing, (paper, missing, path)
        assert letters(" ".join(printed.pages)).count(letters("Cada línea: reconocida como "
                                                              "(tipo);")) == 1, path
