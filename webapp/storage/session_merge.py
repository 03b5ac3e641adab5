"""Two tabs saving at once: one request's changes merged into the session as stored by then.

Pure functions over session data (plain mappings); :mod:`webapp.storage.answer_sessions` calls
them inside the store's atomic update.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

#: The session keys that hold what the patient entered.
PATIENT_KEYS = ("answers", "seen", "left_out")


def holds_answers(data: Mapping[str, Any]) -> bool:
    """Whether session data holds anything the patient entered (and so must be stored)."""
    return any(data.get(key) for key in PATIENT_KEYS)


def merge_changes(latest: Mapping[str, Any], before: Mapping[str, Any],
                  after: Mapping[str, Any], changed: Iterable[str]) -> dict[str, Any]:
    """The session as stored now (``latest``) with one request's changes applied.

    ``changed`` names the keys the request set or removed, ``before`` holds their
    values when it began (a key it did not have is absent) and ``after`` is the
    session at its end. Answers merge question by question and seen pages page by
    page, so two tabs saving different pages at once both keep theirs; any other
    key (left-out points, messages, the form secret) takes this request's value.
    """
    merged = dict(latest)
    for key in changed:
        if key == "answers":
            merged[key] = _merge_answers(latest.get(key) or {}, before.get(key) or {},
                                         after.get(key) or {})
        elif key == "seen":
            was, now = set(before.get(key) or ()), set(after.get(key) or ())
            merged[key] = sorted((set(latest.get(key) or ()) - (was - now)) | (now - was))
        elif key in after:
            merged[key] = after[key]
        else:
            merged.pop(key, None)
    return merged


def _merge_answers(latest: Mapping[str, Any], before: Mapping[str, Any],
                   after: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(latest)
    for question_id in before.keys() | after.keys():
        if (question_id in before, before.get(question_id)) == (
                question_id in after, after.get(question_id)):
            continue  # this request did not change that answer
        if all(_nights(value) for value in (latest.get(question_id, []),
                                            before.get(question_id, []),
                                            after.get(question_id, []))):
            nights = _merge_nights(latest.get(question_id) or [], before.get(question_id) or [],
                                   after.get(question_id) or [])
            if nights:
                merged[question_id] = nights
            else:
                merged.pop(question_id, None)
        elif question_id in after:
            merged[question_id] = after[question_id]
        else:
            merged.pop(question_id, None)
    return merged


def _nights(value: Any) -> bool:
    """Whether ``value`` is a sleep diary: a list of nights, each a mapping with its date."""
    return isinstance(value, list) and all(isinstance(night, Mapping) and "date" in night
                                           for night in value)


def _merge_nights(latest: list, before: list, after: list) -> list:
    """A sleep diary merged night by night (by date): the nights this request added,
    changed or removed, applied to the diary as stored now, in date order. Two tabs
    adding different nights keep both."""
    by_date = {str(night["date"]): night for night in latest}
    was = {str(night["date"]): night for night in before}
    now = {str(night["date"]): night for night in after}
    for day in was.keys() | now.keys():
        if was.get(day) == now.get(day):
            continue
        if day in now:
            by_date[day] = now[day]
        else:
            by_date.pop(day, None)
    return [by_date[day] for day in sorted(by_date)]
