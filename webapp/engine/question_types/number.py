"""``number``: a number typed in digits, between ``min`` and ``max``, with an optional unit."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from .. import loader_messages as M
from ..language import gettext as _
from ..problems import Path
from ..validation import NUMBER_LIMIT, number_text, quoted, sentence
from .base import QuestionKind, TypeSettings, YamlReader

if TYPE_CHECKING:
    from ..questionnaire import Question


@dataclass(frozen=True)
class NumberSettings(TypeSettings):
    """A number question's bounds (always both), whether it takes only whole numbers, its unit."""

    minimum: float
    maximum: float
    whole_number: bool = True
    unit: str | None = None


def number_settings(question: Question) -> NumberSettings:
    """``question``'s number settings (TypeError for a question of another type)."""
    if not isinstance(question.settings, NumberSettings):
        raise TypeError(f"{question.id!r} is not a number question")
    return question.settings


class Number(QuestionKind):
    """A number in a text box (no spinner, no slider), read leniently: "7,5" is 7.5."""

    name = "number"
    keys: ClassVar[frozenset[str]] = frozenset({"min", "max", "whole_number", "unit"})
    ordered = True
    authored_answer = False

    def read_settings(self, raw: Mapping, path: Path, reader: YamlReader) -> NumberSettings:
        whole = raw.get("whole_number", True) is not False
        limits: dict[str, float | None] = {}
        for key in ("min", "max"):
            value = raw.get(key)
            if value is None or isinstance(value, bool) or not isinstance(value, (int, float)):
                reader.problems.say(path + (key,) if key in raw else path,
                                    M.NUMBER_NEEDS_LIMIT, key=key)
                value = None
            limits[key] = value
        low, high = limits["min"], limits["max"]
        if low is not None and high is not None and low > high:
            reader.problems.say(path + ("min",), M.MIN_ABOVE_MAX)
        unit = reader.text(raw, "unit", path, False)
        # With a problem reported the file is refused; the bounds are only placeholders then.
        return NumberSettings(0 if low is None else low, 0 if high is None else high, whole,
                              unit)

    def schema(self) -> dict[str, Any]:
        return {"properties": {"min": {"type": "number"}, "max": {"type": "number"},
                               "whole_number": {"type": "boolean"},
                               "unit": {"type": "string", "minLength": 1}},
                "required": ["min", "max"]}

    def answer_problem(self, question: Question, value: Any, named: bool) -> str | None:
        settings = number_settings(question)
        about = {"question": quoted(question.label), "low": "", "high": ""}
        minimum, maximum = settings.minimum, settings.maximum
        low, high = number_text(minimum), number_text(maximum)
        about.update(low=low, high=high)
        if (isinstance(value, bool) or not isinstance(value, (int, float))
                or not -NUMBER_LIMIT <= value <= NUMBER_LIMIT or not math.isfinite(value)):
            example = number_text(round((minimum + maximum) / 2))
            if named:
                return _("Enter a number from %(low)s to %(high)s for %(question)s, using "
                         "digits, like %(example)s.", example=example, **about)
            return _("Enter a number from %(low)s to %(high)s, using digits, like "
                     "%(example)s.", low=low, high=high, example=example)
        if settings.whole_number and value != int(value):
            return sentence(_("Enter a whole number from %(low)s to %(high)s for %(question)s",
                              **about) if named else
                            _("Enter a whole number from %(low)s to %(high)s", low=low,
                              high=high))
        if not minimum <= value <= maximum:
            return sentence(_("Enter a number from %(low)s to %(high)s for %(question)s",
                              **about) if named else
                            _("Enter a number from %(low)s to %(high)s", low=low, high=high))
        return None

    def missing_message(self, question: Question) -> str:
        return sentence(_("Enter a number for %(question)s", question=quoted(question.label)))

    def typed(self, question: Question, value: Any) -> Any:
        number = parse_number(value)
        return value if number is None else number

    def from_form(self, question: Question, value: Any) -> Any:
        return None if value is None else parse_number(value)

    def to_form(self, question: Question, value: Any) -> Any:
        return number_text(value)

    def answer_lines(self, question: Question, value: Any) -> tuple[str, ...]:
        unit = number_settings(question).unit
        return (f"{value} {unit}" if unit else f"{value}",)

    def fhir_type(self, question: Question) -> str:
        return "integer" if number_settings(question).whole_number else "decimal"


def parse_number(text: str) -> float | int | None:
    """Read a typed number ("3", " 4.5 ", "7,5"); None for anything else, NaN or infinity."""
    cleaned = text.strip().replace(",", ".")
    if not cleaned or len(cleaned) > 20:
        return None
    try:
        number = float(cleaned)
    except ValueError:
        return None
    if not math.isfinite(number):
        return None
    return int(number) if number.is_integer() else number
