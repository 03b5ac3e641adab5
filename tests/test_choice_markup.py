"""A choice question's options, and each question's fixed parts, are rendered once per language,
outside any request (webapp/web/choice_markup.py): each patient sees only their own ticks and
errors, in their own language, and a template that tried to read a patient's session while
rendering them would fail.
"""

from __future__ import annotations

import re

import pytest
from conftest import Wizard
from flask import Flask, current_app, session

from webapp.web.choice_markup import choice_options, question_part

TICKED = re.compile(r'<input type="radio" id="sex-\d" name="sex" value="(\w+)" checked>')


def sex_page(client) -> str:
    return client.get("/page/about-you").get_data(as_text=True)


def test_each_patient_sees_only_their_own_ticks(app: Flask, wizard) -> None:
    saved = wizard.answer("about-you", {"age_band": "age_65_plus", "sex": "male"})
    assert saved.status_code == 302
    assert TICKED.findall(sex_page(wizard.client)) == ["male"]
    other = app.test_client()
    assert TICKED.findall(sex_page(other)) == [], "another patient's tick is shown"
    third = app.test_client()
    third.post("/page/about-you")  # no token: refused, nothing saved
    assert TICKED.findall(sex_page(third)) == []
    assert TICKED.findall(sex_page(wizard.client)) == ["male"]


def test_each_language_gets_its_own_options(app: Flask) -> None:
    spanish = app.test_client()
    spanish.get("/language/es?next=/")
    english = app.test_client()
    assert ">Masculino</label>" in sex_page(spanish)
    page = sex_page(english)
    assert ">Male</label>" in page and "Masculino" not in page
    assert ">Masculino</label>" in sex_page(spanish)


#: macros.html edited so that a kept macro reads the session (the edit this design makes
#: harmless): an option, a question's hint, a choice question's opening, a field's heading
#: and a page's opening.
OPTION_READS_THE_SESSION = """{% macro choice_option(q, opt, index, kind, ticked) -%}
<label>{{ opt.label }} {{ session.get('secret') }}</label>
{%- endmacro %}"""
HINT_READS_THE_SESSION = """{% macro hint_and_why(q) -%}
<div class="hint">{{ q.hint }} {{ session.get('secret') }}</div>
{%- endmacro %}"""
OPENING_READS_THE_SESSION = """{% macro choice_opening(q, field, single, kind, inline) -%}
<legend>{{ q.label }} {{ session.get('secret') }}</legend>
{%- endmacro %}"""
HEADING_READS_THE_SESSION = """{% macro field_heading(q, field, single, limit=false) -%}
<label>{{ q.label }} {{ session.get('secret') }}</label>
{%- endmacro %}"""
OPENING_OF_A_PAGE_READS_THE_SESSION = """{% macro page_opening(page, part, parts, crisis_line,
    single, in_english) -%}
<h1>{{ page.title }} {{ session.get('secret') }}</h1>
{%- endmacro %}"""


@pytest.mark.parametrize(("macros", "kept", "question_id", "render"), [
    (OPTION_READS_THE_SESSION, "choice_options", "sex",
     lambda question: choice_options(question, "radio")),
    (HINT_READS_THE_SESSION, "question_parts", "nights_a_week",
     lambda question: question_part("hint_and_why", question)),
    (OPENING_READS_THE_SESSION, "question_parts", "sex",
     lambda question: question_part("choice_opening", question, False, "radio", False)),
    (HEADING_READS_THE_SESSION, "question_parts", "nights_a_week",
     lambda question: question_part("field_heading", question, False)),
    (OPENING_OF_A_PAGE_READS_THE_SESSION, "question_parts", None,
     lambda _: question_part("page_opening", app_page("about-you"), 1, 5, "", False, False)),
], ids=["option", "question-part", "choice-opening", "field-heading", "page-opening"])
def test_a_kept_macro_that_reads_the_session_fails_instead_of_keeping_it(
        app: Flask, monkeypatch: pytest.MonkeyPatch, macros, kept, question_id,
        render) -> None:
    environment = app.jinja_env
    original = environment.get_template

    def macros_reading_the_session(name, *args, **kwargs):
        if name == "macros.html":
            return environment.from_string(macros)
        return original(name, *args, **kwargs)

    monkeypatch.setattr(environment, "get_template", macros_reading_the_session)
    question = app.extensions["questionnaire"].question(question_id) if question_id else None
    with app.test_request_context("/"):
        session["secret"] = "a patient's answer"
        with pytest.raises(RuntimeError, match="request context"):
            render(question)
    assert app.extensions[kept] == {}, "something was kept"


def app_page(page_id: str):
    """The English questionnaire's page ``page_id`` (of the app of the request under way)."""
    return current_app.extensions["questionnaire"].page(page_id)


def test_only_the_question_parts_are_rendered_as_parts(app: Flask) -> None:
    question = app.extensions["questionnaire"].question("nights_a_week")
    with app.test_request_context("/"), pytest.raises(ValueError, match="not a question part"):
        question_part("single_choice", question)
    assert app.extensions["question_parts"] == {}


NIGHTS_INPUT = re.compile(r'<input type="text" inputmode="decimal" class="input-number" '
                          r'id="nights_a_week" name="nights_a_week" value="[^"]*" '
                          r'autocomplete="off"([^>]*)>')


def test_a_question_part_is_kept_but_each_patients_error_is_their_own(app: Flask) -> None:
    """The hint and the field's description are rendered once (question_part); the error
    and its place in the description are rendered for the patient who has it."""
    first, second = Wizard(app.test_client()), Wizard(app.test_client())
    for wizard in (first, second):
        assert wizard.answer("about-you", {"age_band": "age_40_64"}).status_code == 302
        assert wizard.answer("visit-goal", {}).status_code == 302
    refused = first.answer("sleep-pattern", {"nights_a_week": "nine"}).get_data(as_text=True)
    assert NIGHTS_INPUT.findall(refused) == [
        ' aria-describedby="nights_a_week-hint nights_a_week-error"']
    assert 'id="nights_a_week-error"' in refused
    page = second.client.get("/page/sleep-pattern").get_data(as_text=True)
    assert NIGHTS_INPUT.findall(page) == [' aria-describedby="nights_a_week-hint"']
    assert "-error" not in page and 'id="nights_a_week-hint"' in page
    for part in ("described_by", "field_heading"):
        assert any(key[1] == part and key[2] == "nights_a_week"
                   for key in app.extensions["question_parts"]), f"{part} was not kept"


def test_each_language_gets_its_own_question_parts(app: Flask) -> None:
    spanish = app.test_client()
    spanish.get("/language/es?next=/")
    english = app.test_client()
    for client, optional in ((spanish, "(opcional)"), (english, "(optional)")):
        page = sex_page(client)
        assert f'<span class="optional">{optional}</span>' in page
    assert "(opcional)" not in sex_page(english)
