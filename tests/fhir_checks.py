"""R4 checks the FHIR model library does not make, shared by the FHIR tests.

fhir.resources validates structure against R4B (its 8.x has no plain R4; R4B's
Questionnaire and QuestionnaireResponse are R4's). The invariants of the R4 spec
(que-0 to que-13, qrs-1 and qrs-2) are evaluated here with fhirpathpy, in the
spec's own FHIRPath, on every item; the ones that need type information (que-7) or
the Questionnaire beside the response are checked in Python.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fhir.resources.R4B.questionnaire import Questionnaire as FhirQuestionnaire
from fhir.resources.R4B.questionnaireresponse import (
    QuestionnaireResponse as FhirQuestionnaireResponse,
)
from fhirpathpy import evaluate

#: Questionnaire invariants on each item (R4, Questionnaire.item); que-12 as the spec means
#: it (its published text says "> 2", a known typo, fixed in R4B: more than one).
ITEM_INVARIANTS = {
    "que-1": "(type='group' implies item.empty().not()) and "
             "(type='display' implies item.empty())",
    "que-3": "type!='display' or code.empty()",
    "que-4": "answerOption.empty() or answerValueSet.empty()",
    "que-5": "(type='choice' or type='open-choice' or type='decimal' or type='integer' or "
             "type='date' or type='dateTime' or type='time' or type='string' or "
             "type='coding') or (answerValueSet.empty() and answerOption.empty())",
    "que-6": "type!='display' or (required.empty() and repeats.empty())",
    "que-8": "(type!='group' and type!='display') or initial.empty()",
    "que-9": "type!='display' or readOnly.empty()",
    "que-10": "(type in ('boolean' | 'decimal' | 'integer' | 'string' | 'text' | 'url' | "
              "'open-choice')) or maxLength.empty()",
    "que-11": "answerOption.empty() or initial.empty()",
    "que-12": "enableWhen.count() > 1 implies enableBehavior.exists()",
    "que-13": "repeats=true or initial.count() <= 1",
}
RESOURCE_INVARIANTS = {
    "que-0": "name.empty() or name.matches('[A-Z]([A-Za-z0-9_]){0,254}')",
    "que-2": "descendants().linkId.isDistinct()",
}
RESPONSE_ITEM_INVARIANTS = {
    "qrs-1": "(answer.exists() and item.exists()).not()",
}
RESPONSE_INVARIANTS = {
    "qrs-2": "repeat(answer|item).select(item.where(answer.value.exists()).linkId"
             ".isDistinct()).allTrue()",
}
VALUE_KEYS = {"boolean": "valueBoolean", "decimal": "valueDecimal", "integer": "valueInteger",
              "string": "valueString", "text": "valueString", "choice": "valueCoding",
              "date": "valueDate", "time": "valueTime"}


def items(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every item under ``node``, at any depth (also those under answers)."""
    for item in node.get("item", []):
        yield item
        yield from items(item)
        for answer in item.get("answer", []):
            yield from items(answer)


def broken(resource: dict[str, Any], whole: dict[str, str], each: dict[str, str]) -> list[str]:
    """The invariants ``resource`` breaks, named with the item that breaks them."""
    found = [key for key, rule in whole.items() if evaluate(resource, rule) != [True]]
    for item in items(resource):
        found += [f"{key} at {item['linkId']}" for key, rule in each.items()
                  if evaluate(item, rule) not in ([True], [])]
    return found


def check_questionnaire(resource: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Validate a Questionnaire; return its items by linkId. Raises on the first problem."""
    FhirQuestionnaire.model_validate(resource)
    assert broken(resource, RESOURCE_INVARIANTS, ITEM_INVARIANTS) == []
    by_link = {item["linkId"]: item for item in items(resource)}
    for item in by_link.values():
        for when in item.get("enableWhen", []):
            target = by_link[when["question"]]  # names an item of this questionnaire
            assert target["type"] != "group", item["linkId"]
            answer = [key for key in when if key.startswith("answer")]
            assert len(answer) == 1
            if when["operator"] == "exists":  # que-7
                assert answer == ["answerBoolean"], item["linkId"]
            elif target["type"] == "choice":
                assert when["answerCoding"] in [o["valueCoding"] for o in target["answerOption"]]
            else:
                assert answer == [f"answer{target['type'].title()}"], item["linkId"]
    return by_link


def check_response(resource: dict[str, Any], questionnaire: dict[str, Any]) -> None:
    """Validate a QuestionnaireResponse, and that it fits ``questionnaire`` item by item."""
    FhirQuestionnaireResponse.model_validate(resource)
    assert broken(resource, RESPONSE_INVARIANTS, RESPONSE_ITEM_INVARIANTS) == []
    assert resource["questionnaire"] == f"{questionnaire['url']}|{questionnaire['version']}"
    _fits(resource.get("item", []), questionnaire.get("item", []))


def _fits(answered: list[dict[str, Any]], defined: list[dict[str, Any]]) -> None:
    """Each answered item is defined at the same place, in order, with fitting answers."""
    by_link = {item["linkId"]: item for item in defined}
    order = [item["linkId"] for item in defined]
    positions = [order.index(item["linkId"]) for item in answered]
    assert positions == sorted(positions)
    for item in answered:
        definition = by_link[item["linkId"]]
        if definition["type"] == "group":
            assert "answer" not in item and item["item"], item["linkId"]
            _fits(item["item"], definition["item"])
            continue
        answers = item["answer"]
        assert answers and (len(answers) == 1 or definition.get("repeats")), item["linkId"]
        for answer in answers:
            assert list(answer) == [VALUE_KEYS[definition["type"]]], item["linkId"]
            if definition["type"] == "choice":
                options = [o["valueCoding"] for o in definition["answerOption"]]
                assert answer["valueCoding"] in options, item["linkId"]
            if "maxLength" in definition:
                assert len(answer["valueString"]) <= definition["maxLength"]
