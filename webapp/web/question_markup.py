"""A choice question's markup, made once for each way it can be answered, then kept.

Radios and checkboxes are most of a question page's own rendering, and they come out the
same for every patient who chose the same options: their macro's output depends only on the
question, the page's language, whether the question heads the page and the options chosen.
So a choice question without an error is rendered by its macro (``macros.html``, as every
question is) once for each of those, and kept for the next patient.

Only option values from ``questions.yaml`` are ever in the key, so no word a patient typed is
kept in memory. A question with an error, a value that is not one of its options, and every
other type are rendered afresh each time.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app
from markupsafe import Markup
from wtforms import Field

from ..engine.questionnaire import Question
from .locale import current_language

#: Kept renderings per app, at most this many (then all forgotten and made again).
KEEP = 4096
#: The widgets whose markup is kept: the choice questions.
KEPT_WIDGETS = frozenset({"radios", "checkboxes"})


def question_markup(macros: Any, question: Question, field: Field, single: bool,
                    land_on: str | None) -> Markup:
    """The question's markup, by the macro of its type (``macros.html``)."""
    macro = getattr(macros, question.kind.macro)
    chosen = _chosen(question, field)
    if chosen is None:
        return Markup(macro(question, field, single, land_on))
    key = (current_language(), question.id, bool(single), chosen)
    kept: dict[tuple[Any, ...], Markup] = current_app.extensions["question_markup"]
    markup = kept.get(key)
    if markup is None:
        markup = Markup(macro(question, field, single, land_on))
        if len(kept) >= KEEP:
            kept.clear()
        kept[key] = markup
    return markup


def _chosen(question: Question, field: Field) -> tuple[str, ...] | None:
    """The options chosen, when the markup may be kept; else None."""
    if question.kind.widget not in KEPT_WIDGETS or field.errors:
        return None
    data = field.data
    values = () if data is None else (data,) if isinstance(data, str) else data
    if not isinstance(values, (list, tuple)) or not all(
            isinstance(value, str) and question.option(value) is not None for value in values):
        return None
    return tuple(values)


def init_question_markup(app: Flask) -> None:
    """Give templates :func:`question_markup`; renderings are kept unless templates reload."""
    app.extensions["question_markup"] = {} if not app.jinja_env.auto_reload else _KeepNothing()
    app.jinja_env.globals["question_markup"] = question_markup


class _KeepNothing(dict):  # type: ignore[type-arg]
    """A store that keeps nothing: templates being edited are read again on every page."""

    def __setitem__(self, key: Any, value: Any) -> None:
        return None
