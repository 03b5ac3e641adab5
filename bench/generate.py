"""A questionnaire N times the size of questions.yaml, for measuring how rule evaluation grows.

Copy 0 is the real questionnaire, unchanged. Copy k (k >= 1) repeats every page,
question, instrument and talking point with ids ending ``-c{k}`` (pages, points)
or ``_c{k}`` (questions, instruments); its conditions name the copy's own
questions and scores, so every copy is as valid as the original. The fallback
point is kept once. Answers are replicated the same way.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "questions.yaml"


def _qid(qid: str, k: int) -> str:
    return qid if k == 0 else f"{qid}_c{k}"


def _rename_condition(cond: Any, k: int) -> Any:
    """The condition ``cond`` with every question and score name moved to copy ``k``."""
    if isinstance(cond, list):
        return [_rename_condition(item, k) for item in cond]
    if not isinstance(cond, Mapping):
        return cond
    out: dict[str, Any] = {}
    for key, value in cond.items():
        if key in ("question", "score"):
            out[key] = _qid(value, k)
        elif key in ("all", "any", "not"):
            out[key] = _rename_condition(value, k)
        else:
            out[key] = copy.deepcopy(value)
    return out


_PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")


def _rename_texts(item: dict[str, Any], k: int) -> None:
    """Point a talking point's (or part's) ``{question_id}`` placeholders at copy ``k``."""
    for key in ("raise", "say", "ask", "why"):
        if isinstance(item.get(key), str):
            item[key] = _PLACEHOLDER.sub(
                lambda m: "{" + (m[1] if m[1].startswith("medicine") else _qid(m[1], k)) + "}",
                item[key])


def _copy_point(point: Mapping[str, Any], k: int) -> dict[str, Any]:
    """A talking point for copy ``k``: its conditions, triggers' and parts' too, renamed."""
    new = copy.deepcopy(dict(point))
    new["id"] = f"{point['id']}-c{k}"
    if "when" in new:
        new["when"] = _rename_condition(new["when"], k)
    _rename_texts(new, k)
    for key in ("triggers", "parts"):
        parts = []
        for part in new.get(key) or []:
            part = dict(part)
            part["when"] = _rename_condition(part["when"], k)
            _rename_texts(part, k)
            parts.append(part)
        if key in new:
            new[key] = parts
    return new


def _copy_page(page: Mapping[str, Any], k: int) -> dict[str, Any]:
    new = copy.deepcopy(dict(page))
    new["id"] = f"{page['id']}-c{k}"
    # A section's pages must follow one another: each copy has its own sections.
    new["section"] = f"{page.get('section') or page['title']} (copy {k})"
    if "when" in new:
        new["when"] = _rename_condition(new["when"], k)
    questions = []
    for question in new["questions"]:
        question = dict(question)
        question["id"] = _qid(question["id"], k)
        if "when" in question:
            question["when"] = _rename_condition(question["when"], k)
        questions.append(question)
    new["questions"] = questions
    return new


def scaled_data(times: int, source: Path = QUESTIONS) -> dict[str, Any]:
    """The parsed questionnaire with ``times`` copies of its pages, instruments and points."""
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    pages = list(data["pages"])
    instruments = list(data.get("instruments") or [])
    points = list(data["talking_points"])
    for k in range(1, times):
        pages += [_copy_page(page, k) for page in data["pages"]]
        for instrument in data.get("instruments") or []:
            new = copy.deepcopy(instrument)
            new["id"] = _qid(instrument["id"], k)
            new["items"] = [_qid(item, k) for item in instrument["items"]]
            instruments.append(new)
        for point in data["talking_points"]:
            if point.get("fallback"):
                continue  # one fallback only
            points.append(_copy_point(point, k))
    return {**data, "pages": pages, "instruments": instruments, "talking_points": points}


def scaled_yaml(times: int, source: Path = QUESTIONS) -> str:
    """YAML text of :func:`scaled_data`, ready for ``parse_questionnaire``."""
    return yaml.safe_dump(scaled_data(times, source), sort_keys=False, allow_unicode=True,
                          width=1000)


def scaled_answers(answers: Mapping[str, Any], times: int) -> dict[str, Any]:
    """``answers`` given again, under the renamed ids, for every copy."""
    return {_qid(qid, k): copy.deepcopy(value)
            for k in range(times) for qid, value in answers.items()}
