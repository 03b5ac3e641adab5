"""What each simulated patient types: the fixture patients' answers as form fields, page by page.

The fourteen realistic patients in tests/fixtures/patients/ are used in turn, so
the load has a real mix of short and long paths, medicine lists and talking points.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from webapp.engine.questionnaire import Page, Questionnaire
from webapp.engine.rules import walk

ROOT = Path(__file__).resolve().parent.parent
PATIENTS = ROOT / "tests" / "fixtures" / "patients"
#: The heavy patients: many medicines, many points (summary and evaluation timings).
HEAVY = ("midlife_anxiety_several_medicines", "older_adult_benzo_opioid")

Form = list[tuple[str, str]]


@dataclass(frozen=True)
class Plan:
    """One patient's answers as the form fields of each page (page id -> fields)."""

    name: str
    pages: dict[str, Form]
    steps: tuple[str, ...]  # the page types of its requests, in order (start, GET, POST...)


def read_answers(name: str) -> dict[str, Any]:
    """The answers of fixture patient ``name``."""
    return json.loads((PATIENTS / f"{name}.json").read_text(encoding="utf-8"))["answers"]


def page_form(page: Page, answers: Mapping[str, Any]) -> Form:
    """The fields a browser sends for ``page`` filled in with ``answers``."""
    fields: Form = []
    for question in page.questions:
        value = answers.get(question.id)
        if value is None or question.kind.entered_apart:  # the diary: nights a page each
            continue
        if question.type == "multiple_choice":
            fields += [(question.id, str(item)) for item in value]
        elif question.type == "medicine_list":
            for i, row in enumerate(value):
                fields += [(f"{question.id}-{i}-{key}", str(text)) for key, text in row.items()]
        else:
            fields.append((question.id, str(value)))
    return fields


def plans(questionnaire: Questionnaire) -> list[Plan]:
    """A plan for every fixture patient, in name order."""
    result = []
    for path in sorted(PATIENTS.glob("*.json")):
        answers = read_answers(path.stem)
        shown = walk(questionnaire, answers).pages
        steps = ("start", *("question page GET", "question page POST") * len(shown), "check",
                 "talking points", "talking points POST", "summary")
        result.append(Plan(path.stem, {page.id: page_form(page, answers)
                                       for page in questionnaire.pages}, steps))
    return result
