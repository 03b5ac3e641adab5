"""The most extreme patient the questionnaire allows, built from it: every box ticked, every
list full, every text at its limit. Built, not written down, so it stays extreme when a
question, an option or a limit changes.

The printed sheet of this patient keeps its top block on the first page, and is shortened
for print step by step (webapp/engine/sheet_fit.py, tests/test_sheet_fit.py); lighter
versions of it (:func:`lighter_answers`) need each step of the shortening.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from webapp.engine.questionnaire import Question, Questionnaire
from webapp.engine.sleep_diary import NOTE_LIMIT

#: Words to fill a text to its limit with: plain English, the way a patient writes.
FILLER = ("I sleep badly most nights and worry about my medicines and how they mix with "
          "each other and with a glass of wine in the evening ")
#: Single choices that reach the most talking points: the patient is 65 or older, female
#: (so the pregnancy question is shown), and says yes to every yes-or-no question.
PREFERRED = {"age_band": "age_65_plus", "sex": "female", "pregnancy": "pregnant"}


def text_of(limit: int, lead: str = "") -> str:
    """``lead`` and then plain words, exactly ``limit`` characters long."""
    text = lead
    while len(text) < limit:
        text += FILLER
    return text[:limit].rstrip() + "." * (limit - len(text[:limit].rstrip()))


def medicine_rows(questionnaire: Questionnaire, question: Question) -> list[dict[str, str]]:
    """A full list: a real medicine of each class in turn (so each is recognized and reaches
    its talking points), every detail at its limit."""
    first_of: dict[str, str] = {}
    for med in questionnaire.medicines:
        for class_id in med.classes:
            first_of.setdefault(class_id, med.name)
    names = list(dict.fromkeys(first_of.values()))
    rows = []
    for index in range(question.settings.max_rows or 15):
        name = names[index % len(names)]
        row = {"name": text_of(question.settings.name_max_length, f"{name} tablets, ")}
        for mfield in question.settings.fields:
            if mfield.options:
                row[mfield.name] = mfield.options[index % len(mfield.options)].value
            else:
                row[mfield.name] = text_of(mfield.max_length)
        rows.append(row)
    return rows


def diary_nights(question: Question) -> list[dict[str, Any]]:
    """A full diary: as many nights as it takes, across midnight, each comment at its limit."""
    start = date(2026, 11, 1)
    return [{"date": (start + timedelta(days=n)).isoformat(), "in_bed": "22:30",
             "tried_sleep": "23:55", "sol_min": 90, "awakenings": 99, "waso_min": 240,
             "final_wake": "05:40", "out_of_bed": "11:15", "quality": "very_poor",
             "note": text_of(NOTE_LIMIT)} for n in range(question.settings.max_nights)]


def answer(questionnaire: Questionnaire, question: Question) -> Any:
    """The fullest answer to ``question``."""
    if question.id in PREFERRED:
        return PREFERRED[question.id]
    if question.type == "multiple_choice":
        return [o.value for o in question.options if not o.exclusive]
    if question.type == "yes_no":
        return "yes"
    if question.type == "single_choice":
        scored = [o for o in question.options if o.score is not None]
        return max(scored, key=lambda o: o.score).value if scored else question.options[-1].value
    if question.type == "number":
        return question.settings.maximum
    if question.type in ("text", "long_text"):
        return text_of(question.settings.max_length or 200)
    if question.type == "medicine_list":
        return medicine_rows(questionnaire, question)
    if question.type == "sleep_diary":
        return diary_nights(question)
    raise ValueError(f"no extreme answer for a {question.type} question")


def extreme_answers(questionnaire: Questionnaire) -> dict[str, Any]:
    """Every question answered as fully as the questionnaire allows."""
    return {question.id: answer(questionnaire, question)
            for page in questionnaire.pages for question in page.questions}


def lighter_answers(questionnaire: Questionnaire, medicines: int, text_limit: int | None = None,
                    diary: bool | int = False, typed_limit: int | None = None
                    ) -> dict[str, Any]:
    """The extreme patient with only the first ``medicines`` lines typed in the medicine
    list (the medicines ticked stay), each long text cut to ``text_limit`` characters, and
    without the sleep diary unless ``diary`` (a number: its first nights only); with
    ``typed_limit``, each medicine's name and purpose and each night's comment cut to that
    many characters: sheets between the extreme one and one that fits three pages."""
    answers = extreme_answers(questionnaire)
    answers["medicine_list"] = answers["medicine_list"][:medicines]
    if text_limit is not None:
        answers.update({key: value[:text_limit] for key, value in answers.items()
                        if isinstance(value, str) and len(value) > text_limit})
    diaries = [key for key in answers if questionnaire.question(key).type == "sleep_diary"]
    for key in diaries:
        if not diary:
            del answers[key]
        elif diary is not True:
            answers[key] = answers[key][:diary]
    if typed_limit is not None:
        for row in answers["medicine_list"]:
            row.update({key: row[key][:typed_limit].rstrip() for key in ("name", "purpose")})
        for key in diaries if diary else ():
            for night in answers[key]:
                night["note"] = night["note"][:typed_limit].rstrip()
    return answers


def write_extreme_patient(questionnaire: Questionnaire, folder: Path,
                          answers: dict[str, Any] | None = None,
                          name: str = "extreme-patient") -> Path:
    """The extreme patient (or ``answers``) as an answers file, as "Download my answers"
    gives it."""
    path = folder / f"{name}.json"
    path.write_text(json.dumps({"format": "before-the-visit/answers", "version": 1,
                                "answers": answers or extreme_answers(questionnaire)}))
    return path
