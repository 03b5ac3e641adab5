"""A JSON Schema for questions.yaml, made from the loader's keys and the question registry.

A clinic's editor reads it (``# yaml-language-server: $schema=./questions.schema.json``
at the top of questions.yaml) and underlines a misspelt key, an unknown question type or
a number question without its bounds as they type. It says what each part may hold;
``flask --app webapp check`` stays the full check (wording, conditions, sources, scores).
Each question type gives its own keys (:meth:`QuestionKind.schema`).
"""

from __future__ import annotations

import json
from typing import Any

from .conditions import CONDITION_KEYS
from .field_reader import OPTION_KEYS
from .loader import TOP_KEYS
from .loader_pages import PAGE_KEYS, QUESTION_KEYS
from .loader_points import PART_KEYS, POINT_KEYS, SOURCE_KEYS
from .question_types import QUESTION_KINDS
from .questionnaire import PRIORITIES, Settings

SCHEMA_FILE = "questions.schema.json"
ID = {"type": "string", "pattern": "^[a-z][a-z0-9_-]{0,49}$"}
VALUE = {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]{0,49}$",
         "description": "Lower-case letters, digits, '_' or '-'. Quote values YAML would "
                        "read otherwise: \"yes\", \"no\"."}
TEXT = {"type": "string", "minLength": 1}
FLAG = {"type": "boolean"}
WHEN = {"$ref": "#/$defs/condition"}
SOURCES = {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}


def _closed(properties: dict[str, Any], required: tuple[str, ...] = (),
            **more: Any) -> dict[str, Any]:
    """An object with only these keys."""
    found: dict[str, Any] = {"type": "object", "properties": properties,
                             "additionalProperties": False}
    if required:
        found["required"] = list(required)
    return {**found, **more}


def _question() -> dict[str, Any]:
    own: dict[str, Any] = {key: {} for kind in QUESTION_KINDS.values()
                           for key in sorted(kind.keys)}
    common = {"id": ID, "type": {"enum": list(QUESTION_KINDS)}, "label": TEXT, "hint": TEXT,
              "why": TEXT, "required": FLAG, "when": WHEN, "summary_label": TEXT,
              "at_a_glance": FLAG}
    assert set(common) == QUESTION_KEYS
    rules = [{"if": {"properties": {"type": {"const": name}}, "required": ["type"]},
              "then": kind.schema()} for name, kind in QUESTION_KINDS.items() if kind.schema()]
    return _closed({**common, **own}, ("id", "type", "label"), allOf=rules)


def _point_part(point: bool) -> dict[str, Any]:
    texts = {"raise": TEXT, "say": TEXT, "ask": TEXT, "why": TEXT, "source": SOURCES,
             "when": WHEN}
    if not point:
        assert set(texts) | {"once"} == PART_KEYS
        return _closed({**texts, "once": FLAG}, ("when",))
    properties = {**texts, "id": ID, "priority": {"enum": list(PRIORITIES)}, "title": TEXT,
                  "fallback": FLAG, "crisis_line": FLAG,
                  "triggers": {"type": "array", "items": {"$ref": "#/$defs/point_part"}},
                  "parts": {"type": "array", "items": {"$ref": "#/$defs/point_part"}}}
    assert set(properties) == POINT_KEYS
    return _closed(properties, ("id",))


def questions_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of questions.yaml."""
    settings: dict[str, Any] = {name: {} for name in Settings.__dataclass_fields__}
    settings.update({"title": TEXT, "disclaimer": TEXT, "crisis_line": TEXT,
                     "minutes_to_complete": {"type": "integer", "minimum": 1},
                     "session_hours": {"type": "number", "minimum": 0.1, "maximum": 168},
                     "main_concern": ID, "patient_questions": {"type": "array", "items": ID},
                     "version": {"type": ["string", "number"]}, "show_left_out": FLAG})
    source = _closed({"name": TEXT, "year": {"type": "integer", "minimum": 1900},
                      "date": {"type": "string", "format": "date"}, "title": TEXT,
                      "url": {"type": "string", "pattern": "^https?://"}}, ("name",))
    assert set(source["properties"]) == SOURCE_KEYS
    page = _closed({"id": ID, "title": TEXT, "section": TEXT, "intro": TEXT, "when": WHEN,
                    "crisis_line": FLAG, "questions": {"type": "array", "minItems": 1,
                                                       "items": {"$ref": "#/$defs/question"}}},
                   ("id", "title", "questions"))
    assert set(page["properties"]) == PAGE_KEYS
    option = _closed({"value": VALUE, "label": TEXT, "hint": TEXT,
                      "score": {"type": "integer", "minimum": 0}, "exclusive": FLAG,
                      "medicine": {"type": "string"}, "phrase": TEXT, "say": TEXT},
                     ("value", "label"))
    assert set(option["properties"]) == OPTION_KEYS
    names = {"type": "array", "items": {"type": "string"}}
    medicine = _closed({"name": TEXT, "class": {"anyOf": [ID, {"type": "array", "items": ID}]},
                        "ingredients": names, "brands": names, "ambiguous": names,
                        "plain": TEXT}, ("name",))
    medicine_class = _closed({"label": TEXT, "plain": {"type": "string", "pattern": "^an? "},
                              "tags": names}, ("label", "plain"))
    band = _closed({"min": {"type": "integer", "minimum": 0}, "max": {"type": "integer"},
                    "label": TEXT, "crisis_line": FLAG}, ("min", "max", "label"))
    cutoff = _closed({"when": WHEN, "at_least": {"type": "integer", "minimum": 0},
                      "label": TEXT}, ("at_least", "label"))
    instrument = _closed({"id": ID, "name": TEXT, "items": {"type": "array", "items": ID},
                          "max": {"type": "integer", "minimum": 1}, "bands": {
                              "type": "array", "items": band}, "source": SOURCES,
                          "note": TEXT, "cutoffs": {"type": "array", "items": cutoff}},
                         ("id", "name", "items", "max", "bands", "source"))
    condition = {"type": "object", "minProperties": 1,
                 "propertyNames": {"enum": [*CONDITION_KEYS, "equals", "one_of", "any_of",
                                            "at_least", "at_most", "answered"]},
                 "description": "A condition: {question: id, equals: value}, {all: [...]}, "
                                "{medicine: {class: [...]}}, {score: id, at_least: n} ..."}
    top = {"settings": _closed(settings, ("version",)),
           "sources": {"type": "object", "additionalProperties": source},
           "medicine_classes": {"type": "object", "additionalProperties": medicine_class},
           "medicines": {"type": "array", "items": medicine},
           "pages": {"type": "array", "minItems": 1, "items": page},
           "instruments": {"type": "array", "items": instrument},
           "talking_points": {"type": "array", "items": _point_part(point=True)},
           "fhir": {"type": "object"}}
    assert set(top) == TOP_KEYS
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_FILE,
        "title": "Before the Visit: questions.yaml",
        "description": "Made by `flask --app webapp schema` from the question types; "
                       "`flask --app webapp check` is the full check.",
        **_closed(top, ("settings", "pages", "talking_points")),
        "$defs": {"question": _question(), "option": option, "condition": condition,
                  "point_part": _point_part(point=False)},
    }


def schema_text() -> str:
    """The schema as written to questions.schema.json."""
    return json.dumps(questions_schema(), indent=2, ensure_ascii=False) + "\n"
