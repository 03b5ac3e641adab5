"""questions.schema.json: made from the question types, never stale, and it underlines the
mistakes a clinic makes while typing questions.yaml (as an editor reading it would)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from test_question_types import ClockTime

from webapp.engine.question_types import registered
from webapp.engine.schema import SCHEMA_FILE, questions_schema, schema_text

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "questionnaires"


class EditorLoader(yaml.SafeLoader):
    """YAML as an editor's language server reads it: a date stays text."""


EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def underlined(data: Any) -> list[tuple[str, str]]:
    """(place, message) of each problem the schema finds, in file order."""
    validator = jsonschema.Draft202012Validator(json.loads((ROOT / SCHEMA_FILE).read_text()))
    return sorted(("/".join(map(str, error.absolute_path)), error.message)
                  for error in validator.iter_errors(data))


def read(name: str) -> Any:
    return yaml.load((FIXTURES / name).read_text(), Loader=EditorLoader)  # noqa: S506


def test_the_committed_schema_is_the_one_the_registry_makes():
    assert (ROOT / SCHEMA_FILE).read_text() == schema_text(), \
        "questions.schema.json is stale: run `make schema` and commit it"


def test_the_shipped_questionnaire_and_a_small_one_meet_the_schema():
    jsonschema.Draft202012Validator.check_schema(questions_schema())
    shipped = yaml.load((ROOT / "questions.yaml").read_text(), Loader=EditorLoader)  # noqa: S506
    assert underlined(shipped) == []
    assert underlined(read("minimal.yaml")) == []


def _question(data: Any, qid: str) -> dict[str, Any]:
    return next(q for page in data["pages"] for q in page["questions"] if q["id"] == qid)


@pytest.mark.parametrize(("mistake", "place", "says"), [
    (lambda d: _question(d, "habits").update(type="multiple_choise"),
     "pages/0/questions/1/type", "is not one of ['single_choice', 'multiple_choice'"),
    (lambda d: _question(d, "nights").pop("max"), "pages/0/questions/0", "'max' is a required"),
    (lambda d: _question(d, "nights").update(lable="Nights"), "pages/0/questions/0",
     "('lable' was unexpected)"),
    (lambda d: _question(d, "worry_1")["options"][0].pop("label"),
     "pages/1/questions/0/options/0", "'label' is a required property"),
    (lambda d: _question(d, "meds")["fields"].update(dose={"label": "Dose"}),
     "pages/2/questions/0/fields", "'dose' is not one of ['purpose'"),
    (lambda d: d["talking_points"][0].update(priority="urgent"), "talking_points/0/priority",
     "'urgent' is not one of ['safety', 'important', 'routine']"),
], ids=["type-misspelt", "number-without-max", "key-misspelt", "option-without-label",
        "unknown-medicine-field", "unknown-priority"])
def test_typical_mistakes_are_underlined_where_they_are(mistake, place, says):
    data = read("minimal.yaml")
    mistake(data)
    found = underlined(data)
    assert [message for where, message in found if where == place and says in message], found


def test_a_type_adds_its_own_part_to_the_schema():
    with registered(ClockTime()):
        schema = questions_schema()
    question = schema["$defs"]["question"]
    assert "clock_time" in question["properties"]["type"]["enum"]
    assert "earliest" in question["properties"]
    assert "clock_time" not in questions_schema()["$defs"]["question"]["properties"]["type"]["enum"]
