"""The ``fhir`` block of questions.yaml: the questionnaire's canonical address and its codes.

What ``flask fhir questionnaire`` needs beyond the questions themselves (README, "For
clinics: the FHIR export"): the ``url`` and ``version`` a record system files answers
under, and the LOINC codes of the published instruments. The version is the one
``settings.version`` gives (printed on every sheet): one value, so the sheet and the record
system can never name two versions of the same questionnaire::

    fhir:
      url: https://before-the-visit.example/fhir/Questionnaire/sleep
      answer_lists:          # LOINC answer codes for each option, by option value
        frequency: {loinc: LL358-3, options: {not_at_all: LA6568-5, ...}}
      instruments:           # the panel and its total score
        gad7: {panel: 69737-5, total: 70274-6}
      questions:             # the item's LOINC code and the answer list its options use
        gad7_1: {loinc: 69725-0, answers: frequency}

Every code is checked for its form, and a LOINC term's code for its check digit (a
mistyped digit is caught); each question named must be a choice question whose every
option has a code.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from . import loader_messages as M
from .problems import Path, ProblemList
from .questionnaire import Question

#: The address used when questions.yaml has no ``fhir`` block (a clinic's own file).
DEFAULT_URL = "urn:before-the-visit:questionnaire"
LOINC = "http://loinc.org"

_CODE = re.compile(r"^(LA|LL)?(\d{1,7})-(\d)$")
_URL = re.compile(r"^(https?://[^\s|#]+|urn:[a-z0-9][a-z0-9-]*:[^\s|#]+)$")


@dataclass(frozen=True)
class ItemCode:
    """A question's LOINC code, its answer list and each option's LOINC answer code."""

    loinc: str
    answer_list: str | None = None
    options: Mapping[str, str] = field(default_factory=dict)  # option value -> LA code


@dataclass(frozen=True)
class PanelCode:
    """An instrument's LOINC panel and total-score codes."""

    panel: str
    total: str


@dataclass(frozen=True)
class FhirCodes:
    """The questionnaire's canonical url and version, and the codes of its instruments."""

    url: str = DEFAULT_URL
    version: str = "0"
    questions: Mapping[str, ItemCode] = field(default_factory=dict)
    instruments: Mapping[str, PanelCode] = field(default_factory=dict)

    @property
    def canonical(self) -> str:
        """``url|version``: what a QuestionnaireResponse names as its questionnaire."""
        return f"{self.url}|{self.version}"


def loinc_check_digit(digits: str) -> int:
    """LOINC's mod-10 check digit for a LOINC term's digits before the hyphen.

    Answer (LA) and answer-list (LL) codes are numbered another way: only their form is checked.
    """
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 == 0 else 1)
        total += value // 10 + value % 10
    return (10 - total % 10) % 10


def code_problem(code: Any, prefix: str = "") -> str | None:
    """Why ``code`` is not a LOINC code with ``prefix`` ("", "LA", "LL"), or None."""
    found = _CODE.match(code) if isinstance(code, str) else None
    if found is None or (found.group(1) or "") != prefix:
        example = {"": "69737-5", "LA": "LA6568-5", "LL": "LL2179-1"}[prefix]
        return M.LOINC_LIKE.format(example=example)
    if not prefix and loinc_check_digit(found.group(2)) != int(found.group(3)):
        return M.LOINC_CHECK_DIGIT.format(code=code)
    return None


def read_fhir_codes(raw: Any, questions: Mapping[str, Question], instruments: set[str],
                    problems: ProblemList, version: str = "0") -> FhirCodes:
    """Read and check the ``fhir`` block (``raw``; None when the file has none).

    ``version`` is the questionnaire's version (``settings.version``): the block gives none
    of its own, so a clinic raising the version raises it everywhere at once.
    """
    if raw is None:
        return FhirCodes(version=version)
    path: Path = ("fhir",)
    if not isinstance(raw, Mapping):
        problems.say(path, M.FHIR_NOT_MAPPING)
        return FhirCodes(version=version)
    if "version" in raw:
        problems.say(path + ("version",), M.FHIR_WITH_VERSION)
    _unknown(raw, {"url", "version", "answer_lists", "instruments", "questions"}, path, problems)
    url = raw.get("url")
    if not isinstance(url, str) or not _URL.match(url):
        problems.say(path + ("url",), M.FHIR_BAD_URL)
        url = DEFAULT_URL
    lists = _answer_lists(_mapping(raw, "answer_lists", path, problems), path, problems)
    panels = {}
    for iid, codes in _mapping(raw, "instruments", path, problems).items():
        here = path + ("instruments", iid)
        if iid not in instruments:
            problems.say(here, M.FHIR_NOT_INSTRUMENT, id=iid)
        if not isinstance(codes, Mapping) or set(codes) != {"panel", "total"}:
            problems.say(here, M.FHIR_PANEL_CODES)
            continue
        if _checked(codes, "panel", "", here, problems) and _checked(codes, "total", "", here,
                                                                        problems):
            panels[iid] = PanelCode(codes["panel"], codes["total"])
    items = {}
    for qid, codes in _mapping(raw, "questions", path, problems).items():
        item = _item_code(qid, codes, questions, lists, path + ("questions", qid), problems)
        if item is not None:
            items[qid] = item
    return FhirCodes(url, version, items, panels)


def _answer_lists(raw: Mapping, path: Path, problems: ProblemList
                  ) -> dict[str, tuple[str | None, dict[str, str]]]:
    lists = {}
    for name, entry in raw.items():
        here = path + ("answer_lists", name)
        if not isinstance(entry, Mapping) or not isinstance(entry.get("options"), Mapping):
            problems.say(here, M.FHIR_ANSWER_LIST_OPTIONS)
            continue
        _unknown(entry, {"loinc", "options"}, here, problems)
        listed = entry.get("loinc")
        if listed is not None and not _checked(entry, "loinc", "LL", here, problems):
            listed = None
        options = {str(value): code for value, code in entry["options"].items()
                   if _checked(entry["options"], value, "LA", here + ("options",), problems)}
        lists[name] = (listed, options)
    return lists


def _item_code(qid: str, codes: Any, questions: Mapping[str, Question],
               lists: Mapping[str, tuple[str | None, dict[str, str]]], here: Path,
               problems: ProblemList) -> ItemCode | None:
    question = questions.get(qid)
    if question is None:
        problems.say(here, M.FHIR_NOT_QUESTION, id=qid)
        return None
    if not isinstance(codes, Mapping) or "loinc" not in codes:
        problems.say(here, M.FHIR_QUESTION_CODE)
        return None
    _unknown(codes, {"loinc", "answers"}, here, problems)
    if not _checked(codes, "loinc", "", here, problems):
        return None
    name = codes.get("answers")
    if name is None:
        return ItemCode(codes["loinc"])
    if name not in lists:
        problems.say(here + ("answers",), M.FHIR_UNKNOWN_ANSWER_LIST, name=name)
        return None
    listed, options = lists[name]
    values = [option.value for option in question.options]
    missing = [value for value in values if value not in options]
    if not question.kind.coded or missing:
        if missing:
            problems.say(here + ("answers",), M.FHIR_ANSWER_LIST_MISSING, name=name,
                         question=qid, missing=", ".join(missing))
        else:
            problems.say(here + ("answers",), M.FHIR_ANSWER_LIST_INCOMPLETE, name=name,
                         question=qid)
        return None
    return ItemCode(codes["loinc"], listed, {value: options[value] for value in values})


def _checked(raw: Mapping, key: Any, prefix: str, here: Path, problems: ProblemList) -> bool:
    problem = code_problem(raw.get(key), prefix)
    if problem:
        problems.say(here + (key,), M.FHIR_BAD_CODE, key=key, problem=problem)
    return problem is None


def _mapping(raw: Mapping, key: str, path: Path, problems: ProblemList) -> Mapping:
    value = raw.get(key) or {}
    if not isinstance(value, Mapping):
        problems.say(path + (key,), M.NOT_A_MAPPING_KEY, key=key)
        return {}
    return value


def _unknown(raw: Mapping, allowed: set[str], path: Path, problems: ProblemList) -> None:
    for key in raw:
        if key not in allowed:
            problems.say(path + (key,), M.FHIR_UNKNOWN_KEY, key=key,
                         allowed=", ".join(sorted(allowed)))
