"""Read and write the patient's answers in the server-side session store.

The session cookie holds only a session id; everything here lives in the
store chosen in :mod:`webapp.storage.store`. Keys:

- ``answers``: question id -> value
- ``seen``: ids of pages the patient has pressed Continue on
- ``left_out``: ids of talking points the patient left out of the printout

Only these are the patient's (:data:`webapp.storage.session_merge.PATIENT_KEYS`); a session
without them is not stored at all. Two tabs may save at the same moment:
:func:`webapp.storage.session_merge.merge_changes` applies one request's changes to the session
as stored by then, so neither loses a page.

Every answer is checked once more on its way in (:func:`save_page`,
:func:`replace_all`): whatever path it came by, the store never holds a value that
:func:`webapp.engine.validation.answer_problem` refuses, so nothing stored can break a page.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flask import current_app, session

from ..engine.questionnaire import Page, Question
from ..engine.validation import answer_problem
from .answer_sessions import new_session_id


class InvalidAnswer(RuntimeError):
    """An invalid answer reached the store: a mistake in the app, so nothing is saved.

    The message names the question only, never the answer (logs hold no answers).
    """


def _checked(question: Question | None, value: Any) -> Any:
    """``value`` if it is a valid answer to ``question``; else raise :class:`InvalidAnswer`."""
    if question is None or answer_problem(question, value) is not None:
        name = question.id if question else "a question this questionnaire does not ask"
        raise InvalidAnswer(f"Refused to store an invalid answer to {name}.")
    return value


def saved_answers() -> dict[str, Any]:
    """The answers saved so far (a copy; change them with :func:`save_page`)."""
    return dict(session.get("answers") or {})


def seen_pages() -> set[str]:
    """Ids of the pages the patient has completed."""
    return set(session.get("seen") or [])


def save_page(page: Page, values: Mapping[str, Any], shown: Iterable[str]) -> None:
    """Store this page's answers; forget answers to its questions that are now hidden.

    A question answered on pages of its own (the sleep diary's nights, saved with
    :func:`save_answer`) keeps its answer while it is shown."""
    shown = set(shown)
    answers = saved_answers()
    for question in page.questions:
        if question.kind.entered_apart and question.id in shown:
            continue
        value = values.get(question.id)
        if question.id in shown and value not in (None, "", []):
            answers[question.id] = _checked(question, value)
        else:
            answers.pop(question.id, None)
    session["answers"] = answers
    session["seen"] = sorted(seen_pages() | {page.id})


def save_answer(question: Question, value: Any) -> None:
    """Store one answer (a night added to the sleep diary), or forget it when blank. The
    page is not marked completed: the patient finishes it with its Continue button."""
    answers = saved_answers()
    if value in (None, "", []):
        answers.pop(question.id, None)
    else:
        answers[question.id] = _checked(question, value)
    session["answers"] = answers


def left_out_points() -> set[str]:
    """Ids of talking points the patient chose to leave out of the printout."""
    return set(session.get("left_out") or [])


def save_left_out(point_ids: Iterable[str]) -> None:
    """Remember which talking points to leave out of the printout."""
    session["left_out"] = sorted(set(point_ids))


def replace_all(answers: Mapping[str, Any], seen: Iterable[str]) -> None:
    """Replace every answer at once (continuing from a saved file), under a new session id.

    The old id's stored answers are deleted now: an id someone noted down before
    never reads the answers loaded here.
    """
    questionnaire = current_app.extensions["questionnaire"]
    checked = {qid: _checked(questionnaire.find_question(qid), value)
               for qid, value in answers.items()}
    new_session_id()
    session["answers"] = checked
    session["seen"] = sorted(set(seen))


def has_answers() -> bool:
    """Whether this session holds anything the patient entered."""
    return bool(session.get("answers") or session.get("seen"))
