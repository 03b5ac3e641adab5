"""Question types are one object each, listed in one registry (webapp.engine.question_types).

A type registered only here, ``clock_time``, goes through the loader, a page, its checks,
check-your-answers, the sheet and the FHIR Questionnaire with no other code of the app
knowing it; and no module outside the registry chooses behaviour by a type's name.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from textwrap import dedent
from typing import Any, ClassVar

import pytest
from conftest import make_app

from webapp.engine.fhir_questionnaire import questionnaire_resource
from webapp.engine.fhir_response import read_response, response_resource
from webapp.engine.loader import parse_questionnaire
from webapp.engine.problems import QuestionnaireError
from webapp.engine.question_types import QUESTION_KINDS, QuestionKind, TextSettings, registered
from webapp.engine.question_types.base import YamlReader
from webapp.engine.summary import build_summary

WEBAPP = Path(__file__).resolve().parent.parent / "webapp"
REGISTRY = WEBAPP / "question_types"
CLOCK = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")


class ClockTime(QuestionKind):
    """A time of day typed as 23:30, shown as "11:30 pm" (the sleep diary's kind of answer)."""

    name = "clock_time"
    macro_name: ClassVar[str] = "text"  # looks like a one-line text field
    keys: ClassVar[frozenset[str]] = frozenset({"earliest"})
    authored_answer = False
    fhir = "time"

    @property
    def macro(self) -> str:
        return self.macro_name

    def read_settings(self, raw: Any, path: Any, reader: YamlReader) -> TextSettings:
        if "earliest" in raw and not CLOCK.fullmatch(str(raw["earliest"])):
            reader.problems.add(path + ("earliest",), "'earliest' takes a time like 21:00.")
        return TextSettings(5)

    def answer_problem(self, question: Any, value: Any, named: bool) -> str | None:
        if not isinstance(value, str) or not CLOCK.fullmatch(value):
            return f"Enter a time like 23:30 for \u201c{question.label}\u201d."
        return None

    def answer_lines(self, question: Any, value: Any) -> tuple[str, ...]:
        hours, minutes = map(int, value.split(":"))
        return (f"{(hours - 1) % 12 + 1}:{minutes:02d} {'am' if hours < 12 else 'pm'}",)


QUESTIONS = dedent("""\
    settings: {version: "1"}
    pages:
      - id: bedtime
        title: Bedtime
        questions:
          - id: lights_out
            type: clock_time
            label: When did you turn the lights out?
            required: true
            at_a_glance: true
    talking_points: []
    """)


def test_a_type_known_only_to_the_registry_goes_through_the_whole_app(tmp_path, request):
    questions_file = tmp_path / "questions.yaml"
    questions_file.write_text(QUESTIONS)
    with registered(ClockTime()) as kind:
        questionnaire = parse_questionnaire(QUESTIONS)
        question = questionnaire.question("lights_out")
        assert question.kind is kind and question.type == "clock_time"

        with pytest.raises(QuestionnaireError) as refused:
            parse_questionnaire(QUESTIONS.replace("required: true", "earliest: late"))
        assert "'earliest' takes a time like 21:00." in str(refused.value)

        app = make_app(tmp_path / "instance", "embedded", request,
                       QUESTIONS_FILE=str(questions_file))
        client = app.test_client()
        page = client.get("/page/bedtime").get_data(as_text=True)
        assert '<input type="text" id="lights_out" name="lights_out" value="" ' \
               'data-maxlength="5"' in page
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
        assert token

        def send(value: str) -> Any:
            return client.post("/page/bedtime", data={"csrf_token": token.group(1),
                                                      "lights_out": value, "continue": "1"})

        blank = send("").get_data(as_text=True)
        assert "Error:</span> Enter an answer for \u201cWhen did you turn the lights out?\u201d<" \
            in blank
        wrong = send("25:99").get_data(as_text=True)
        assert "Enter a time like 23:30 for \u201cWhen did you turn the lights out?\u201d." \
            in wrong
        assert 'value="25:99"' in wrong  # what was typed is never cleared
        assert send(" 23:30 ").status_code == 302

        assert "11:30 pm" in client.get("/check").get_data(as_text=True)
        sheet = build_summary(questionnaire, {"lights_out": "23:30"})
        assert [row.lines for row in sheet.at_a_glance] == [("11:30 pm",)]
        item = questionnaire_resource(questionnaire)["item"][0]["item"][0]
        assert (item["linkId"], item["type"]) == ("lights_out", "time")
        answer = response_resource(questionnaire, {"lights_out": "23:30"})["item"][0]["item"][0]
        assert answer["answer"] == [{"valueTime": "23:30"}]
        assert read_response(response_resource(questionnaire, {"lights_out": "23:30"}),
                             questionnaire).answers == {"lights_out": "23:30"}

    assert "clock_time" not in QUESTION_KINDS
    with pytest.raises(QuestionnaireError) as unknown:
        parse_questionnaire(QUESTIONS + "# without the type\n")
    assert "Unknown question type 'clock_time'. Use one of: single_choice, multiple_choice, " \
        "yes_no, number, text, long_text, medicine_list, sleep_diary." in str(unknown.value)


def _type_names() -> set[str]:
    """The registered names that are no ordinary word ("text" and "number" are HTML's and
    the CLI's words too; a comparison with ``.type`` still finds them)."""
    return {name for name in QUESTION_KINDS if "_" in name}


def _chooses_by_type(node: ast.Compare) -> bool:
    """Whether a comparison looks at ``.type`` or at a type's name."""
    for operand in (node.left, *node.comparators):
        if isinstance(operand, ast.Attribute) and operand.attr == "type":
            return True
        names = operand.elts if isinstance(operand, (ast.Tuple, ast.List, ast.Set)) else [operand]
        if any(isinstance(item, ast.Constant) and item.value in _type_names() for item in names):
            return True
    return False


def test_no_module_outside_the_registry_chooses_by_a_type_name():
    found = []
    for path in sorted(WEBAPP.rglob("*.py")):
        if REGISTRY in path.parents:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Compare) and _chooses_by_type(node):
                found.append(f"{path.relative_to(WEBAPP)}:{node.lineno}")
    quoted_name = re.compile("['\"](" + "|".join(sorted(_type_names())) + ")['\"]")
    for path in sorted((WEBAPP / "templates").glob("*.html")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if re.search(r"\b(q|question|questions\[\d\])\.type\b", line) \
                    or quoted_name.search(line):
                found.append(f"templates/{path.name}:{number}")
    assert found == []


def test_the_check_finds_a_chain(tmp_path):
    """The scan above is not blind: it sees the chains there used to be."""
    chain = ast.parse('if question.type == "medicine_list": pass\n'
                      'kind = "yes_no" if x in ("single_choice", "yes_no") else None\n')
    compares = [node for node in ast.walk(chain) if isinstance(node, ast.Compare)]
    assert [_chooses_by_type(node) for node in compares] == [True, True]


def test_every_type_has_its_macro():
    macros = (WEBAPP / "templates" / "macros.html").read_text()
    for kind in QUESTION_KINDS.values():
        assert f"{{% macro {kind.macro}(q, field, single=false, land_on=none) %}}" in macros
