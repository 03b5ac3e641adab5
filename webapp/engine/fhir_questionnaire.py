"""questions.yaml as a FHIR R4 ``Questionnaire`` (Structured Data Capture conventions).

Each page is a ``group`` item (linkId ``page.<page id>``) and each question an item whose
linkId is its id. The medicine list is a repeating group, one repetition a medicine
(linkIds ``medicine_list.name``, ``medicine_list.how_often``...). After the pages come a
``summary.scores`` group, one read-only calculated item for each instrument's total, and
the read-only ``summary.talking-points`` text item: the talking points the patient kept.

A ``when`` becomes ``enableWhen`` and ``enableBehavior`` when FHIR can say it
(:func:`enable_when`); one FHIR cannot say (medicines, scores, ``not`` around more than
one answer, an ``any`` inside an ``all``...) is carried, in the app's own words, in a
:data:`CONDITION_EXTENSION` extension and the item is left enabled: the app, not the
record system, decides what the patient is shown, and a QuestionnaireResponse holds
only the answers the patient was shown. Pure: no Flask.
"""

from __future__ import annotations

import dataclasses
import json
import re
from typing import Any

from .conditions import AllOf, AnswerIs, AnyOf, Condition, Not
from .fhir_codes import LOINC, FhirCodes
from .fhir_diary import group_item
from .question_types import SleepDiarySettings, TextSettings, list_settings, number_settings
from .questionnaire import Option, Page, Question, Questionnaire

#: Carries a condition FHIR's enableWhen cannot express, as JSON in questions.yaml's terms.
CONDITION_EXTENSION = "urn:before-the-visit:condition"
ORDINAL = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
EXCLUSIVE = "http://hl7.org/fhir/StructureDefinition/questionnaire-optionExclusive"
MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue"
MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue"
CALCULATED = ("http://hl7.org/fhir/uv/sdc/StructureDefinition/"
              "sdc-questionnaire-calculatedExpression")

SCORES = "summary.scores"
POINTS = "summary.talking-points"
POINTS_TEXT = "Talking points the patient kept"


def page_link(page: Page) -> str:
    """The linkId of a page's group."""
    return f"page.{page.id}"


def score_link(instrument_id: str) -> str:
    """The linkId of an instrument's total score."""
    return f"score.{instrument_id}"


def codes_of(questionnaire: Questionnaire) -> FhirCodes:
    """The questionnaire's FHIR address and codes (defaults when questions.yaml has none)."""
    return questionnaire.fhir or FhirCodes()


def fhir_type(question: Question) -> str:
    """The FHIR item type of ``question``, as its question type says."""
    return question.kind.fhir_type(question)


def option_coding(questionnaire: Questionnaire, link_id: str, option: Option) -> dict[str, str]:
    """The Coding of one option: its LOINC answer code if it has one, else the app's own."""
    codes = codes_of(questionnaire)
    item = codes.questions.get(link_id)
    if item is not None and option.value in item.options:
        return {"system": LOINC, "code": item.options[option.value], "display": option.label}
    return {"system": answer_system(codes, link_id), "code": option.value,
            "display": option.label}


def answer_system(codes: FhirCodes, link_id: str) -> str:
    """The code system of the app's own answer codes for one question."""
    return f"{codes.url}/answers/{link_id}"


def questionnaire_resource(questionnaire: Questionnaire) -> dict[str, Any]:
    """The FHIR R4 Questionnaire (as JSON-ready data) for ``questionnaire``."""
    codes = codes_of(questionnaire)
    settings = questionnaire.settings
    items = [_page_item(questionnaire, page) for page in questionnaire.pages]
    scores = [_score_item(questionnaire, iid) for iid in questionnaire.instruments]
    if scores:
        items.append({"linkId": SCORES, "text": "Scores", "type": "group", "item": scores})
    items.append({"linkId": POINTS, "text": POINTS_TEXT, "type": "text", "repeats": True,
                  "readOnly": True})
    name = re.sub(r"[^A-Za-z0-9]", "", settings.title.title()) or "Questionnaire"
    return {
        "resourceType": "Questionnaire",
        "url": codes.url,
        "version": codes.version,
        "name": name if name[0].isupper() else f"Q{name}",
        "title": settings.title,
        "status": "active",
        "subjectType": ["Patient"],
        "description": settings.disclaimer,
        "item": items,
    }


def _page_item(questionnaire: Questionnaire, page: Page) -> dict[str, Any]:
    item: dict[str, Any] = {"linkId": page_link(page), "text": page.title, "type": "group"}
    panel = _panel_of(questionnaire, page)
    if panel:
        item["code"] = [{"system": LOINC, "code": panel}]
    _add_condition(questionnaire, item, page.when)
    item["item"] = [_question_item(questionnaire, question) for question in page.questions]
    return item


def _panel_of(questionnaire: Questionnaire, page: Page) -> str | None:
    """The LOINC panel of the instrument all of this page's questions belong to, if any."""
    codes = codes_of(questionnaire)
    for iid, instrument in questionnaire.instruments.items():
        if iid in codes.instruments and page.questions and all(
                question.id in instrument.items for question in page.questions):
            return codes.instruments[iid].panel
    return None


def _question_item(questionnaire: Questionnaire, question: Question) -> dict[str, Any]:
    kind = fhir_type(question)
    item: dict[str, Any] = {"linkId": question.id, "text": question.label, "type": kind}
    loinc = codes_of(questionnaire).questions.get(question.id)
    if loinc is not None:
        item["code"] = [{"system": LOINC, "code": loinc.loinc, "display": question.label}]
    _add_condition(questionnaire, item, question.when)
    if question.required:
        item["required"] = True
    if question.kind.many:
        item["repeats"] = True
    if kind == "choice":
        item["answerOption"] = [_answer_option(questionnaire, question.id, option)
                                for option in question.options]
    elif kind in ("integer", "decimal"):
        value = f"value{kind.title()}"
        convert = int if kind == "integer" else float
        settings = number_settings(question)
        low, high = settings.minimum, settings.maximum
        item["extension"] = [{"url": MIN_VALUE, value: convert(low)},
                             {"url": MAX_VALUE, value: convert(high)}]
    elif kind in ("string", "text") and isinstance(question.settings, TextSettings):
        item["maxLength"] = question.settings.max_length
    elif kind == "group" and isinstance(question.settings, SleepDiarySettings):
        item.update(group_item(questionnaire, question, option_coding))
    elif kind == "group":
        item["repeats"] = True
        item["item"] = _medicine_fields(questionnaire, question)
    return item


def _answer_option(questionnaire: Questionnaire, link_id: str, option: Option
                   ) -> dict[str, Any]:
    answer: dict[str, Any] = {"valueCoding": option_coding(questionnaire, link_id, option)}
    extensions = []
    if option.score is not None:
        extensions.append({"url": ORDINAL, "valueDecimal": option.score})
    if option.exclusive:
        extensions.append({"url": EXCLUSIVE, "valueBoolean": True})
    if extensions:
        answer["extension"] = extensions
    return answer


def _medicine_fields(questionnaire: Questionnaire, question: Question) -> list[dict[str, Any]]:
    fields: list[dict[str, Any]] = [
        {"linkId": f"{question.id}.name", "text": "Name", "type": "string", "required": True,
         "maxLength": list_settings(question).name_max_length}]
    for field in list_settings(question).fields:
        link_id = f"{question.id}.{field.name}"
        item: dict[str, Any] = {"linkId": link_id, "text": field.label}
        if field.options:
            item["type"] = "choice"
            item["answerOption"] = [_answer_option(questionnaire, link_id, option)
                                    for option in field.options]
        else:
            item["type"] = "string"
            item["maxLength"] = field.max_length
        fields.append(item)
    return fields


def _score_item(questionnaire: Questionnaire, iid: str) -> dict[str, Any]:
    instrument = questionnaire.instruments[iid]
    item: dict[str, Any] = {"linkId": score_link(iid), "text": f"{instrument.name}: total score",
                            "type": "integer", "readOnly": True}
    panel = codes_of(questionnaire).instruments.get(iid)
    if panel:
        item["code"] = [{"system": LOINC, "code": panel.total}]
    item["extension"] = [{"url": CALCULATED, "valueExpression": {
        "language": "text/fhirpath", "expression": total_expression(questionnaire, iid)}}]
    return item


def total_expression(questionnaire: Questionnaire, iid: str) -> str:
    """FHIRPath for an instrument's total: the sum of its answers' ordinal values, given
    only once each item that is always shown is answered (as the app gives a total only
    when each shown item is answered; an unanswered item that may be hidden is not
    told apart from a hidden one)."""
    instrument = questionnaire.instruments[iid]
    always = [qid for page in questionnaire.pages if page.when is None
              for question in page.questions if question.when is None
              for qid in [question.id] if qid in instrument.items]

    def answers(ids: list[str] | tuple[str, ...]) -> str:
        links = " | ".join(f"'{qid}'" for qid in ids)
        return f"%resource.repeat(item).where(linkId in ({links})).answer"

    total = f"{answers(instrument.items)}.value.ordinal().sum()"
    if not always:
        return total
    return f"iif({answers(always)}.count() = {len(always)}, {total}, {{}})"


def _add_condition(questionnaire: Questionnaire, item: dict[str, Any],
                   condition: Condition | None) -> None:
    """Set ``enableWhen`` (and ``enableBehavior``) on ``item``, or carry the condition."""
    if condition is None:
        return
    found = enable_when(questionnaire, condition)
    if found is None:
        item["extension"] = [*item.get("extension", []), {
            "url": CONDITION_EXTENSION, "valueString": condition_text(condition)}]
        return
    whens, behavior = found
    item["enableWhen"] = whens
    if len(whens) > 1:
        item["enableBehavior"] = behavior


def condition_text(condition: Condition) -> str:
    """A condition as JSON, in questions.yaml's terms (carried when FHIR cannot say it)."""
    def plain(value: Any) -> Any:
        if dataclasses.is_dataclass(value):
            kind = type(value).__name__
            return {kind: {f.name: plain(getattr(value, f.name))
                           for f in dataclasses.fields(value)}}
        if isinstance(value, (frozenset, set)):
            return sorted(plain(v) for v in value)
        if isinstance(value, (tuple, list)):
            return [plain(v) for v in value]
        return value
    return json.dumps(plain(condition), sort_keys=True)


Whens = tuple[list[dict[str, Any]], str]


def enable_when(questionnaire: Questionnaire, condition: Condition) -> Whens | None:
    """``(enableWhen list, enableBehavior)`` saying ``condition``, or None if FHIR cannot.

    One level only: an ``all`` of simple comparisons, an ``any`` of them, or one of them;
    ``one_of``/``any_of`` is an ``any`` of ``=``; ``not`` works on one answer to a
    single-answer question (``!=``, or ``exists false``).
    """
    match condition:
        case AnswerIs():
            return _comparison(questionnaire, condition, negated=False)
        case Not(AnswerIs() as inner):
            return _comparison(questionnaire, inner, negated=True)
        case AllOf(items) | AnyOf(items):
            behavior = "all" if isinstance(condition, AllOf) else "any"
            whens: list[dict[str, Any]] = []
            for part in items:
                found = enable_when(questionnaire, part)
                if found is None or (len(found[0]) > 1 and found[1] != behavior):
                    return None
                whens.extend(found[0])
            return whens, behavior
    return None


def _comparison(questionnaire: Questionnaire, condition: AnswerIs, negated: bool
                ) -> Whens | None:
    question = questionnaire.find_question(condition.question)
    if question is None:
        return None
    op, value = condition.op, condition.value
    if op == "answered":
        link = f"{question.id}.name" if fhir_type(question) == "group" else question.id
        return [{"question": link, "operator": "exists",
                 "answerBoolean": bool(value) != negated}], "all"
    if fhir_type(question) == "group":
        return None
    if op in ("at_least", "at_most"):
        if negated or fhir_type(question) not in ("integer", "decimal"):
            return None
        kind = fhir_type(question)
        return [{"question": question.id, "operator": ">=" if op == "at_least" else "<=",
                 f"answer{kind.title()}": value}], "all"
    values = [value] if op == "equals" else list(value)
    if negated and (question.kind.many or len(values) > 1):
        return None
    answers = [_answer_of(questionnaire, question, v) for v in values]
    if any(answer is None for answer in answers):
        return None
    operator = "!=" if negated else "="
    return [{"question": question.id, "operator": operator, **answer}
            for answer in answers if answer is not None], "any"


def _answer_of(questionnaire: Questionnaire, question: Question, value: Any
               ) -> dict[str, Any] | None:
    kind = fhir_type(question)
    if kind == "boolean":
        return {"answerBoolean": value == "yes"} if value in ("yes", "no") else None
    if kind == "choice":
        option = question.option(str(value))
        return {"answerCoding": option_coding(questionnaire, question.id, option)} \
            if option else None
    if kind == "integer" and isinstance(value, int):
        return {"answerInteger": value}
    if kind == "decimal" and isinstance(value, (int, float)):
        return {"answerDecimal": value}
    if kind in ("string", "text") and isinstance(value, str):
        return {"answerString": value}
    return None
