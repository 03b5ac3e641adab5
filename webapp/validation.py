"""Is this value a valid answer to this question? One set of rules for forms and answer files."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from .questionnaire import Question

#: The longest medicine name a row accepts.
MEDICINE_NAME_LIMIT = 100
#: Characters a keyboard does not type (tabs and line breaks are fine): control codes
#: (C0, DEL, C1), line and paragraph separators, the replacement character, and halves
#: of a UTF-16 pair (a "\ud800" escape in a JSON file), which no page can be written with.
UNUSUAL_CHARACTERS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffd\ud800-\udfff]")
#: The largest number an answer may be, either way: beyond it a number cannot be a float.
NUMBER_LIMIT = 10**15
UNUSUAL_MESSAGE = ("This answer has characters that cannot be shown, such as control codes. "
                   "Please type it again.")


def number_text(number: float | None) -> str:
    """A number as a patient would write it: 3, not 3.0."""
    if number is None:
        return ""
    return str(int(number)) if float(number).is_integer() else str(number)


def shown_safely(text: str, limit: int = 40) -> str:
    """``text`` quoted for a message, with any unusual character written as an escape."""
    return repr(text[:limit])


def quoted(label: str) -> str:
    """A question in curly quotes, as the patient saw it."""
    return f"\u201c{label}\u201d"


def sentence(text: str) -> str:
    """``text`` ended with a full stop, unless a quoted question already ends it (?” or .”)."""
    return text if text.endswith(("?\u201d", ".\u201d", "!\u201d", ".")) else f"{text}."


def answer_problem(question: Question, value: Any, named: bool = False) -> str | None:
    """A plain-words message if ``value`` cannot be an answer to ``question``, else None.

    ``named``: the message names the question as the patient saw it (its label), for the
    error summary at the top of a page; without it, the caller says which answer it was.
    """
    about = f" for {quoted(question.label)}" if named else ""
    kind = question.type
    if kind in ("single_choice", "yes_no"):
        if not isinstance(value, str) or question.option(value) is None:
            return sentence(f"Choose one of the answers shown{about}")
        return None
    if kind == "multiple_choice":
        return _choices_problem(question, value, about)
    if kind == "number":
        return _number_problem(question, value, about)
    if kind in ("text", "long_text"):
        if not isinstance(value, str):
            return sentence(f"Enter text{about}")
        if UNUSUAL_CHARACTERS.search(value):
            return (f"Your answer to {quoted(question.label)}{UNUSUAL_MESSAGE[len('This answer'):]}"
                    if named else UNUSUAL_MESSAGE)
        limit = question.max_length or 0
        if len(value) > limit:
            if named:
                return (f"Your answer to {quoted(question.label)} has {len(value)} characters. "
                        f"Keep it to {limit} or fewer.")
            return f"Keep this to {limit} characters or fewer. You have typed {len(value)}."
        return None
    if kind == "medicine_list":
        return _medicines_problem(question, value)
    return "This question type is not known."


def _choices_problem(question: Question, value: Any, about: str) -> str | None:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return sentence(f"Choose from the answers shown{about}")
    if any(question.option(v) is None for v in value) or len(set(value)) != len(value):
        return sentence(f"Choose from the answers shown{about}")
    exclusive = [v for v in value if question.option(v).exclusive]
    if exclusive and len(value) > 1:
        label = question.option(exclusive[0]).label
        return (sentence(f"You chose \u201c{label}\u201d and another answer{about}")
                + " Choose one or the other.")
    return None


def _number_problem(question: Question, value: Any, about: str) -> str | None:
    low, high = number_text(question.minimum), number_text(question.maximum)
    if (isinstance(value, bool) or not isinstance(value, (int, float))
            or not -NUMBER_LIMIT <= value <= NUMBER_LIMIT or not math.isfinite(value)):
        example = number_text(round((question.minimum + question.maximum) / 2))
        return f"Enter a number from {low} to {high}{about}, using digits, like {example}."
    if question.whole_number and value != int(value):
        return sentence(f"Enter a whole number from {low} to {high}{about}")
    if not question.minimum <= value <= question.maximum:
        return sentence(f"Enter a number from {low} to {high}{about}")
    return None


def _medicines_problem(question: Question, value: Any) -> str | None:
    if not isinstance(value, list):
        return "The medicine list must be a list of rows."
    if len(value) > question.max_rows:
        return f"You can list up to {question.max_rows} medicines."
    for number, row in enumerate(value, 1):
        problem = medicine_row_problem(question, row, number)
        if problem:
            return problem
    return None


def medicine_row_problem(question: Question, row: Any, number: int) -> str | None:
    """A message for the first thing wrong in medicine row ``number``, else None."""
    if not isinstance(row, Mapping) or not all(isinstance(v, str) for v in row.values()):
        return f"Row {number} of the medicine list is not in the right form."
    fields = {f.name: f for f in question.medicine_fields}
    unknown = [key for key in row if key != "name" and key not in fields]
    if unknown:
        return (f"Row {number} of the medicine list has an unknown detail: "
                f"{shown_safely(unknown[0])}.")
    if any(UNUSUAL_CHARACTERS.search(text) for text in row.values()):
        return f"Row {number} of the medicine list: {UNUSUAL_MESSAGE[0].lower()}" \
            f"{UNUSUAL_MESSAGE[1:]}"
    name = row.get("name", "").strip()
    details = [key for key, text in row.items() if key != "name" and text.strip()]
    if not name and details:
        return f"Enter the medicine name in row {number}, or clear that row's details."
    if len(name) > MEDICINE_NAME_LIMIT:
        return f"Keep the name in row {number} to {MEDICINE_NAME_LIMIT} characters or fewer."
    for key in details:
        mfield, text = fields[key], row[key].strip()
        if mfield.options and text not in {o.value for o in mfield.options}:
            return (f"Choose one of the answers shown for \u201c{mfield.label}\u201d "
                    f"in row {number}.")
        if not mfield.options and len(text) > mfield.max_length:
            return (f"Keep \u201c{mfield.label}\u201d in row {number} to {mfield.max_length} "
                    "characters or fewer.")
    return None
