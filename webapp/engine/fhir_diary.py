"""The sleep diary in FHIR: a repeating group, one repetition a night, both ways.

In the Questionnaire the diary is a ``group`` (linkId the question's id, ``repeats``, a
``maxOccurs`` extension of ``max_nights``) whose items are the night's fields, linkIds
``sleep_diary.date``, ``sleep_diary.in_bed``...: the date (``date``), the four times
(``time``), the three counts (``integer`` with ``minValue`` 0 and ``maxValue``), the
quality (``choice``, its five answers) and the comment (``string``). A response has one
group a night. Reading one back maps FHIR's ``hh:mm:ss`` times to the answers file's
``HH:MM`` and passes the nights to the same checks as an answers file
(:func:`webapp.engine.sleep_diary.read_diary`): a bad night is listed by its number.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .question_types import diary_settings
from .questionnaire import Option, Question
from .sleep_diary import COUNTS, FIELD_NAMES, FIELDS, NOTE_LIMIT, QUALITIES, TIMES

MAX_OCCURS = "http://hl7.org/fhir/StructureDefinition/questionnaire-maxOccurs"
MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue"
MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue"
#: Each field's FHIR item type.
TYPES = {"date": "date", **{name: "time" for name in TIMES},
         **{name: "integer" for name in COUNTS}, "quality": "choice", "note": "string"}
VALUE_KEYS = {"date": "valueDate", "time": "valueTime", "integer": "valueInteger",
              "string": "valueString"}
QUALITY_OPTIONS = tuple(Option(value, label) for value, label in QUALITIES.items())
#: (questionnaire, link id, option) -> the option's Coding (fhir_questionnaire's).
Coding = Callable[[Any, str, Option], dict[str, str]]


class UnreadableNight(ValueError):
    """A night's group is not in a form the app can read."""


def _text(name: str) -> str:
    words = FIELD_NAMES[name].removeprefix("the ")
    return words[0].upper() + words[1:]


def group_item(questionnaire: Any, question: Question, coding: Coding) -> dict[str, Any]:
    """The diary's item in the FHIR Questionnaire."""
    items = []
    for name in FIELDS:
        link_id = f"{question.id}.{name}"
        kind = TYPES[name]
        item: dict[str, Any] = {"linkId": link_id, "text": _text(name), "type": kind}
        if name != "note":
            item["required"] = True
        if kind == "integer":
            item["extension"] = [{"url": MIN_VALUE, "valueInteger": 0},
                                 {"url": MAX_VALUE, "valueInteger": COUNTS[name]}]
        elif kind == "choice":
            item["answerOption"] = [{"valueCoding": coding(questionnaire, link_id, option)}
                                    for option in QUALITY_OPTIONS]
        elif name == "note":
            item["maxLength"] = NOTE_LIMIT
        items.append(item)
    return {"repeats": True, "extension": [
        {"url": MAX_OCCURS, "valueInteger": diary_settings(question).max_nights}],
        "item": items}


def answer_groups(questionnaire: Any, question: Question, value: list[Mapping[str, Any]],
                  coding: Coding) -> list[dict[str, Any]]:
    """One group a night, for the QuestionnaireResponse."""
    groups = []
    for night in value:
        fields = []
        for name in FIELDS:
            raw = night.get(name)
            if raw in (None, ""):
                continue
            link_id = f"{question.id}.{name}"
            kind = TYPES[name]
            answer: dict[str, Any]
            if kind == "choice":
                option = next(o for o in QUALITY_OPTIONS if o.value == raw)
                answer = {"valueCoding": coding(questionnaire, link_id, option)}
            else:
                answer = {VALUE_KEYS[kind]: f"{raw}:00" if kind == "time" else raw}
            fields.append({"linkId": link_id, "text": _text(name), "answer": [answer]})
        groups.append({"linkId": question.id, "text": question.label, "item": fields})
    return groups


def read_groups(questionnaire: Any, question: Question, repeats: list[Mapping],
                coding: Coding) -> list[dict[str, Any]]:
    """The nights of a response's diary groups, as the answers file holds them (checked
    afterwards like an answers file's); :class:`UnreadableNight` for a group not in form."""
    nights = []
    for group in repeats:
        children = group.get("item")
        if not isinstance(children, list):
            raise UnreadableNight()
        night: dict[str, Any] = {}
        for child in children:
            link_id = child.get("linkId") if isinstance(child, Mapping) else None
            name = link_id.removeprefix(f"{question.id}.") if isinstance(link_id, str) else ""
            answers = child.get("answer") if isinstance(child, Mapping) else None
            if name not in TYPES or name in night or not isinstance(answers, list) \
                    or len(answers) != 1 or not isinstance(answers[0], Mapping):
                raise UnreadableNight()
            night[name] = _value(questionnaire, link_id or "", TYPES[name], answers[0], coding)
        nights.append(night)
    return nights


def _value(questionnaire: Any, link_id: str, kind: str, answer: Mapping,
           coding: Coding) -> Any:
    if kind == "choice":
        found = answer.get("valueCoding")
        for option in QUALITY_OPTIONS:
            known = coding(questionnaire, link_id, option)
            if isinstance(found, Mapping) and (known["system"], known["code"]) == (
                    found.get("system"), found.get("code")):
                return option.value
        raise UnreadableNight()
    value = answer.get(VALUE_KEYS[kind])
    if value is None:
        raise UnreadableNight()
    if kind == "time" and isinstance(value, str) and len(value) == 8 and value.endswith(":00"):
        return value[:5]  # hh:mm:ss with no seconds: the answers file's HH:MM
    return value
