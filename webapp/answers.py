"""Read and write the patient's answers in the server-side session store.

The session cookie holds only a session id; everything here lives in the
store chosen in :mod:`webapp.store`. Keys:

- ``answers``: question id -> value
- ``seen``: ids of pages the patient has pressed Continue on
- ``left_out``: ids of talking points the patient left out of the printout
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flask import session

from .questionnaire import Page


def saved_answers() -> dict[str, Any]:
    """The answers saved so far (a copy; change them with :func:`save_page`)."""
    return dict(session.get("answers") or {})


def seen_pages() -> set[str]:
    """Ids of the pages the patient has completed."""
    return set(session.get("seen") or [])


def save_page(page: Page, values: Mapping[str, Any], shown: Iterable[str]) -> None:
    """Store this page's answers; forget answers to its questions that are now hidden."""
    shown = set(shown)
    answers = saved_answers()
    for question in page.questions:
        value = values.get(question.id)
        if question.id in shown and value not in (None, "", []):
            answers[question.id] = value
        else:
            answers.pop(question.id, None)
    session["answers"] = answers
    session["seen"] = sorted(seen_pages() | {page.id})


def left_out_points() -> set[str]:
    """Ids of talking points the patient chose to leave out of the printout."""
    return set(session.get("left_out") or [])


def save_left_out(point_ids: Iterable[str]) -> None:
    """Remember which talking points to leave out of the printout."""
    session["left_out"] = sorted(set(point_ids))


def replace_all(answers: Mapping[str, Any], seen: Iterable[str]) -> None:
    """Replace every answer at once (used when continuing from a saved file)."""
    session["answers"] = dict(answers)
    session["seen"] = sorted(set(seen))


def has_answers() -> bool:
    """Whether this session holds anything the patient entered."""
    return bool(session.get("answers") or session.get("seen"))
