"""A choice question's options are rendered once per language, outside any request
(webapp/web/choice_markup.py): each patient sees only their own ticks, in their own language,
and a template that tried to read a patient's session while rendering them would fail.
"""

from __future__ import annotations

import re

import pytest
from flask import Flask, session

from webapp.web.choice_markup import choice_options

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


#: A macros.html whose option reads the session (the edit this design makes harmless).
READS_THE_SESSION = """{% macro choice_option(q, opt, index, kind, ticked) -%}
<label>{{ opt.label }} {{ session.get('secret') }}</label>
{%- endmacro %}"""


def test_an_option_that_reads_the_session_fails_instead_of_keeping_it(
        app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    environment = app.jinja_env
    original = environment.get_template

    def macros_reading_the_session(name, *args, **kwargs):
        if name == "macros.html":
            return environment.from_string(READS_THE_SESSION)
        return original(name, *args, **kwargs)

    monkeypatch.setattr(environment, "get_template", macros_reading_the_session)
    question = app.extensions["questionnaire"].question("sex")
    with app.test_request_context("/page/about-you"):
        session["secret"] = "a patient's answer"
        with pytest.raises(RuntimeError, match="request context"):
            choice_options(question, "radio")
    assert app.extensions["choice_options"] == {}, "something was kept"
