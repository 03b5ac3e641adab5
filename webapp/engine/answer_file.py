"""The answers file: what "Download my answers" gives and ``flask summary`` reads.

Format (JSON)::

    {"format": "before-the-visit/answers", "version": 1,
     "answers": {"question_id": value, "medicine_list": [{"name": "..."}]}}

Reading one checks everything and keeps every answer that is valid for the
current questionnaire; each answer it cannot use is listed in plain words, in the language
spoken (:mod:`webapp.engine.language`: the patient's, after "Continue from a saved file";
English for ``flask summary``). The file itself is the same in every language.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .language import gettext as _
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
            raise AnswerFileError(_("The file is too large. An answers file is under "
                                    "%(size)s KB.", size=MAX_BYTES // 1000))
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise AnswerFileError(_("This is not an answers file: it is not text.")) from None
    try:
        data = json.loads(raw, parse_constant=_reject_constant, parse_int=_whole_number)
    except AnswerFileError:
        raise
    except (ValueError, RecursionError):
        raise AnswerFileError(_("This is not an answers file: it could not be read.")) from None
    if isinstance(data, Mapping) and data.get("resourceType") == "QuestionnaireResponse":
        from .fhir_response import read_response  # the "for my clinic" file reads back too

        return read_response(data, questionnaire)
    if not isinstance(data, Mapping) or data.get("format") != FORMAT:
        raise AnswerFileError(_("This is not a Before the Visit answers file."))
    version = data.get("version")
    if version != VERSION:
        if isinstance(version, int) and 0 <= version < 10**6:
            raise AnswerFileError(_("This answers file is version %(version)s; this app reads "
                                    "version %(ours)s.", version=version, ours=VERSION))
        raise AnswerFileError(_("This answers file is of a version this app does not know; "
                                "this app reads version %(ours)s.", ours=VERSION))
    answers = data.get("answers")
    if not isinstance(answers, Mapping):
        raise AnswerFileError(_("This answers file has no answers in it."))
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
            result.problems.append(_("An answer to a question this questionnaire no longer "
                                     "asks (%(question)s) was not used.",
                                     question=shown_safely(qid, 60)))
            continue
        if value in (None, "", []):
            continue
        if isinstance(value, str):
            value = value.replace("\r\n", "\n").strip()
        usable, problems = question.kind.usable_part(question, value)
        for problem in problems:
            result.problems.append(not_used(question.short_label, problem,
                                            partly=usable is not None))
        if usable is not None:
            result.answers[qid] = usable


def not_used(label: str, problem: str, partly: bool = False) -> str:
    """The message for an answer (to the question ``label``) that was not used, or, when
    ``partly``, not all used, because of ``problem`` (a whole sentence)."""
    if partly:
        return _("Your answer to \u201c%(question)s\u201d was not all used: %(problem)s",
                 question=label, problem=problem)
    return _("Your answer to \u201c%(question)s\u201d was not used: %(problem)s",
             question=label, problem=problem)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


#: Most digits in a number in an answers file; no answer comes close.
MAX_DIGITS = 30


def _whole_number(digits: str) -> int:
    """A JSON integer, refusing one far too long to be an answer (Python's own limit is
    4,300 digits, and such numbers are slow to convert)."""
    if len(digits.lstrip("-")) > MAX_DIGITS:
        raise AnswerFileError(_("This answers file holds a number of more than %(most)s "
                                "digits; no answer is that long, so the file cannot be used.",
                                most=MAX_DIGITS))
    return int(digits)
