"""Is this value a valid answer to this question? One set of rules for forms and answer files."""

from __future__ import annotations

import re
from typing import Any

from .language import N_
from .questionnaire import Question

#: The longest medicine name a row accepts when questions.yaml gives no ``name_max_length``:
#: the longest real product names ("trimethoprim and sulfamethoxazole double strength")
#: are under 55 characters, and it keeps the fullest printed sheet short (issue 13).
MEDICINE_NAME_LIMIT = 60
#: Characters a keyboard does not type (tabs and line breaks are fine): control codes
#: (C0, DEL, C1), line and paragraph separators, the replacement character, and halves
#: of a UTF-16 pair (a "\ud800" escape in a JSON file), which no page can be written with.
UNUSUAL_CHARACTERS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffd\ud800-\udfff]")
#: The largest number an answer may be, either way: beyond it a number cannot be a float.
NUMBER_LIMIT = 10**15
UNUSUAL_MESSAGE = N_("This answer has characters that cannot be shown, such as control codes. "
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
    Each question type has its own rules (:mod:`webapp.engine.question_types`).
    """
    return question.kind.answer_problem(question, value, named)
