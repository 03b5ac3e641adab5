"""The answers file: what "Download my answers" gives and ``flask summary`` reads.

Format (JSON)::

    {"format": "before-the-visit/answers", "version": 1,
     "answers": {"question_id": value, "medicine_list": [{"name": "..."}]}}

Reading one checks everything and keeps every answer that is valid for the
current questionnaire; each answer it cannot use is listed in plain words.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .questionnaire import Questionnaire
from .validation import shown_safely

FORMAT = "before-the-visit/answers"
VERSION = 1
#: The largest answers file accepted, in bytes.
MAX_BYTES = 200_000


class AnswerFileError(ValueError):
    """The file as a whole cannot be used; the message says why in plain words."""


@dataclass
class ReadAnswers:
    """What could be used from an answers file, and what could not."""

    answers: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    pages_done: list[str] | None = None  # how far the patient had got, if the file says


def dump_answers(answers: Mapping[str, Any], pages_done: list[str] | None = None) -> str:
    """The answers file for ``answers``, as JSON text.

    ``pages_done`` (optional) records how far the patient got, so continuing from
    the file returns them to the same place; readers that do not know it ignore it.
    """
    data: dict[str, Any] = {"format": FORMAT, "version": VERSION, "answers": dict(answers)}
    if pages_done is not None:
        data["pages_done"] = list(pages_done)
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)


def read_answers(raw: bytes | str, questionnaire: Questionnaire) -> ReadAnswers:
    """Check an answers file and return the usable answers with a list of problems.

    Raises :class:`AnswerFileError` when the file as a whole is not an answers file.
    """
    if isinstance(raw, bytes):
        if len(raw) > MAX_BYTES:
            raise AnswerFileError(f"The file is too large. An answers file is under "
                                  f"{MAX_BYTES // 1000} KB.")
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise AnswerFileError("This is not an answers file: it is not text.") from None
    try:
        data = json.loads(raw, parse_constant=_reject_constant, parse_int=_whole_number)
    except AnswerFileError:
        raise
    except (ValueError, RecursionError):
        raise AnswerFileError("This is not an answers file: it could not be read.") from None
    if isinstance(data, Mapping) and data.get("resourceType") == "QuestionnaireResponse":
        from .fhir_response import read_response  # the "for my clinic" file reads back too

        return read_response(data, questionnaire)
    if not isinstance(data, Mapping) or data.get("format") != FORMAT:
        raise AnswerFileError("This is not a Before the Visit answers file.")
    version = data.get("version")
    if version != VERSION:
        named = f"version {version}" if isinstance(version, int) and 0 <= version < 10**6 \
            else "of a version this app does not know"
        raise AnswerFileError(f"This answers file is {named}; this app reads version "
                              f"{VERSION}.")
    answers = data.get("answers")
    if not isinstance(answers, Mapping):
        raise AnswerFileError("This answers file has no answers in it.")
    result = ReadAnswers()
    done = data.get("pages_done")
    if isinstance(done, list):
        page_ids = {page.id for page in questionnaire.pages}
        result.pages_done = [p for p in done if isinstance(p, str) and p in page_ids]
    check_answers(answers, questionnaire, result)
    return result


def check_answers(answers: Mapping[str, Any], questionnaire: Questionnaire,
                  result: ReadAnswers) -> None:
    """Add each of ``answers`` valid for ``questionnaire`` to ``result``, and a plain-words
    problem to it for each one that is not."""
    known = {q.id: q for q in questionnaire.all_questions}
    for qid, value in answers.items():
        question = known.get(qid)
        if question is None:
            result.problems.append(f"An answer to a question this questionnaire no longer asks "
                                   f"({shown_safely(qid, 60)}) was not used.")
            continue
        if value in (None, "", []):
            continue
        if isinstance(value, str):
            value = value.replace("\r\n", "\n").strip()
        usable, problems = question.kind.usable_part(question, value)
        for problem in problems:
            result.problems.append(f"Your answer to \u201c{question.short_label}\u201d was not "
                                   f"{'all ' if usable is not None else ''}used: {problem}")
        if usable is not None:
            result.answers[qid] = usable


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


#: Most digits in a number in an answers file; no answer comes close.
MAX_DIGITS = 30


def _whole_number(digits: str) -> int:
    """A JSON integer, refusing one far too long to be an answer (Python's own limit is
    4,300 digits, and such numbers are slow to convert)."""
    if len(digits.lstrip("-")) > MAX_DIGITS:
        raise AnswerFileError(f"This answers file holds a number of more than {MAX_DIGITS} "
                              "digits; no answer is that long, so the file cannot be used.")
    return int(digits)
