"""A real outside FHIR client: NLM's LHC-Forms renders the Questionnaire and each response.

LHC-Forms (npm ``lforms``, pinned; ``make lforms`` fetches it into .cache/, as ``make
test`` does) is served with a bare page from 127.0.0.1. For a few made-up patients that
switch each condition the other way, and the fewest fixture patients that between them
show and hide every question the fixtures show or hide and give every kind of answer
they give (``covering``), the test loads the generated Questionnaire with the patient's
QuestionnaireResponse (its scores taken out, so LHC-Forms must work them out from its
calculated items) and reads back what the form shows: each answer as displayed, and
which questions it shows at all. Both must be what the app shows this patient.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from conftest import ROOT, unavailable

from webapp.engine.answer_file import read_answers
from webapp.engine.fhir_questionnaire import questionnaire_resource
from webapp.engine.fhir_response import response_resource
from webapp.engine.rules import walk

from .conftest import PATIENTS, serving

LFORMS_VERSION = "40.1.3"
LFORMS = ROOT / ".cache" / f"lforms-{LFORMS_VERSION}"
PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>LHC-Forms</title>
<link href="lforms/webcomponent/styles.css" rel="stylesheet"></head>
<body><div id="form"></div>
<script src="lforms/webcomponent/assets/lib/zone.min.js"></script>
<script src="lforms/webcomponent/runtime.js"></script>
<script src="lforms/webcomponent/polyfills.js"></script>
<script src="lforms/webcomponent/main.js"></script>
<script src="lforms/fhir/R4/lformsFHIR.min.js"></script>
</body></html>
"""

#: Loads the Questionnaire and a response into LHC-Forms, then reads the form: for each
#: item it shows, its linkId and the values on screen (chosen answers' labels, the text
#: in a field, the ticked Yes or No).
RENDER = """async ([questionnaire, response]) => {
  const element = document.getElementById('form');
  element.innerHTML = '';
  await LForms.Util.addFormToPage(questionnaire, element,
                                  {questionnaireResponse: response, fhirVersion: 'R4'});
  await new Promise(resolve => setTimeout(resolve, 50));
  return [...element.querySelectorAll('lhc-item')].map(item => {
    const own = item.querySelector(':scope > lhc-item-question');
    let values = [];
    if (own) {
      const chips = own.querySelectorAll('.autocomp_selected li');
      const checked = own.querySelector('lhc-item-boolean .ant-radio-wrapper-checked');
      const field = own.querySelector('input[type=text], input:not([type]), textarea');
      if (chips.length) {
        values = [...chips].map(chip => chip.textContent.replace('\u00d7', '').trim());
      } else if (checked && !checked.id.endsWith('|null')) {
        values = [checked.textContent.trim()];
      } else if (field && field.value !== '') {
        values = [field.value];
      }
    }
    return [item.id.slice('item-'.length).split('/')[0], values];
  });
}"""

#: Made-up patients that turn each condition the other way from most fixtures.
MADE_UP = {
    "nothing-answered": {},
    "male-no-alcohol-no-caffeine-no-medicines": {
        "sex": "male", "audit_1": "never", "caffeine_drinks": 0, "otc_aids": ["none"]},
    "female-drinks-shop-aid-only": {
        "sex": "female", "pregnancy": "planning", "audit_1": "2_3_week",
        "audit_2": "three_or_four", "audit_3": "monthly", "caffeine_drinks": 5,
        "caffeine_latest": "evening", "otc_aids": ["doxylamine"],
        "side_effects": ["dizziness"], "drives": "no"},
}


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def lforms_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A bare page with LHC-Forms, served from a thread on 127.0.0.1."""
    if not (LFORMS / "fhir" / "R4" / "lformsFHIR.min.js").exists():
        unavailable(f"{LFORMS} is missing (make lforms fetches lforms {LFORMS_VERSION} "
                    "from npm; make test does)")
    site = tmp_path_factory.mktemp("lforms-site")
    (site / "index.html").write_text(PAGE)
    (site / "lforms").symlink_to(LFORMS)
    (site / "favicon.ico").write_bytes(b"")
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(_Quiet, directory=str(site)))
    with serving(server, "lforms-site") as url:
        yield url


@pytest.fixture(scope="module")
def lhc_page(browser: Any, lforms_url: str) -> Iterator[tuple[Any, list[str]]]:
    context = browser.new_context()
    context.set_default_timeout(30_000)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{lforms_url}/index.html")
    page.wait_for_function("typeof window.LForms?.Util?.addFormToPage === 'function'")
    try:
        yield page, requests
    finally:
        context.close()
    assert [url for url in requests if not url.startswith(lforms_url + "/")] == []


def shown_by_app(resource: dict[str, Any], definition: dict[str, Any]) -> list[tuple[str, str]]:
    """(linkId, value as a form shows it) for each answer, in order.

    LHC-Forms shows a scored option's label with its score: "Several days - 1".
    """
    scores: dict[tuple[str, str], int] = {}

    def read_scores(items: list[dict[str, Any]]) -> None:
        for item in items:
            for option in item.get("answerOption", []):
                for extension in option.get("extension", []):
                    if extension["url"].endswith("/ordinalValue"):
                        scores[item["linkId"], option["valueCoding"]["code"]] = \
                            extension["valueDecimal"]
            read_scores(item.get("item", []))

    def shown(link: str, answer: dict[str, Any]) -> str:
        if "valueCoding" in answer:
            coding = answer["valueCoding"]
            score = scores.get((link, coding["code"]))
            return coding["display"] + ("" if score is None else f" - {score}")
        if "valueBoolean" in answer:
            return "Yes" if answer["valueBoolean"] else "No"
        if "valueDate" in answer:  # a sleep diary night's date, shown as MM/DD/YYYY
            year, month, day = answer["valueDate"].split("-")
            return f"{month}/{day}/{year}"
        return str(next(iter(answer.values())))

    found: list[tuple[str, str]] = []

    def walk_items(items: list[dict[str, Any]]) -> None:
        for item in items:
            found.extend((item["linkId"], shown(item["linkId"], answer))
                         for answer in item.get("answer", []))
            walk_items(item.get("item", []))

    read_scores(definition["item"])
    walk_items(resource["item"])
    return found


def asks_of_lhc_forms(questionnaire, answers: dict[str, Any]) -> set[tuple[Any, ...]]:
    """What a patient's response puts to LHC-Forms: each question shown or hidden (each
    condition one way), and for each answered item the kinds of value it holds and
    whether it holds several (a coded choice, a yes or no, a text, a number, a score)."""
    shown = walk(questionnaire, answers).shown
    found: set[tuple[Any, ...]] = {("shown" if question.id in shown else "hidden", question.id)
                                   for question in questionnaire.all_questions}

    def read(items: list[dict[str, Any]]) -> None:
        for item in items:
            if item.get("answer"):
                found.add(("answer", item["linkId"],
                           tuple(sorted({next(iter(answer)) for answer in item["answer"]})),
                           len(item["answer"]) > 1))
            read(item.get("item", []))

    read(response_resource(questionnaire, answers)["item"])
    return found


def covering(questionnaire) -> dict[str, dict[str, Any]]:
    """The made-up patients, and the fewest fixture patients (picked greedily, in name
    order on a tie) that together put to LHC-Forms everything all the fixtures do.

    Every fixture through LHC-Forms took a minute of the suite; what one patient adds
    over another of the same shape is a different option's label, read the same way.
    """
    chosen = dict(MADE_UP)
    asked = set().union(*(asks_of_lhc_forms(questionnaire, answers)
                          for answers in chosen.values()))
    fixtures = {path.stem: read_answers(path.read_bytes(), questionnaire).answers
                for path in sorted(PATIENTS.glob("*.json"))}
    asks = {name: asks_of_lhc_forms(questionnaire, answers) for name, answers in fixtures.items()}
    wanted = asked.union(*asks.values())
    while asked != wanted:
        name = max(asks, key=lambda name: len(asks[name] - asked))
        chosen[name] = fixtures[name]
        asked |= asks[name]
    return chosen


def test_lhc_forms_shows_each_patients_answers_and_the_same_questions(
        lhc_page, questionnaire):
    page, _ = lhc_page
    definition = questionnaire_resource(questionnaire)
    question_ids = {question.id for question in questionnaire.all_questions}
    patients = covering(questionnaire)
    checked = 0
    for name, answers in patients.items():
        response = response_resource(questionnaire, answers)
        without_scores = {**response, "item": [
            item for item in response["item"] if item["linkId"] != "summary.scores"]}
        on_screen = page.evaluate(RENDER, [definition, without_scores])
        assert [(link, value) for link, values in on_screen for value in values] == \
            shown_by_app(response, definition), name
        shown = {link for link, _ in on_screen if link in question_ids}
        assert shown == walk(questionnaire, answers).shown, name
        checked += 1
    assert checked == len(patients)


#: True when LHC-Forms' answer list shows one choice, and it ends with ``label``.
ONLY_CHOICE = """label => {
  const shown = [...document.querySelectorAll('li.suggestion')].filter(e => e.checkVisibility());
  return shown.length === 1 && shown[0].textContent.trim().endsWith(label);
}"""


def choose(page: Any, label: str) -> None:
    """Type ``label`` into the focused answer list and pick it with the keyboard, once the
    list shows only it: it filters a moment after the keys, and on a busy machine the
    arrow key came first and picked "Female" for "Male" (the list starts with it)."""
    page.keyboard.type(label)
    page.wait_for_function(ONLY_CHOICE, arg=label)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")


def test_a_condition_changes_in_lhc_forms_as_in_the_app(lhc_page, questionnaire):
    """Choosing "Male" hides the pregnancy question there too (enableWhen "!="), and
    "Female" shows it again."""
    page, _ = lhc_page
    # A fresh page, independent of the forms rendered before: since a sleep diary is among
    # them, "Male" then ArrowDown picked "Female" on the reused page (cause not pinned down).
    page.reload()
    page.wait_for_function("typeof window.LForms?.Util?.addFormToPage === 'function'")
    definition = questionnaire_resource(questionnaire)
    page.evaluate(RENDER, [definition, response_resource(questionnaire, {})])
    assert page.locator("[id='item-pregnancy/1/1']").count() == 1
    page.locator("[id='sex/1/1']").click()
    choose(page, "Male")
    assert page.locator("[id='sex/1/1']").input_value() == "Male"
    page.locator("[id='item-pregnancy/1/1']").wait_for(state="detached")
    assert "pregnancy" not in walk(questionnaire, {"sex": "male"}).shown
    page.locator("[id='sex/1/1']").fill("")
    choose(page, "Female")
    page.locator("[id='item-pregnancy/1/1']").wait_for(state="attached")
    assert "pregnancy" in walk(questionnaire, {"sex": "female"}).shown

