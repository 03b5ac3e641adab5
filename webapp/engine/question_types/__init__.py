"""The registry of question types: every ``type`` questions.yaml may give, each one object.

Adding a type: write its :class:`QuestionKind` in a module here, list it in
:data:`QUESTION_KINDS`'s making below, and add its macro (named after it, or
share one: the choice types' choice_question) to templates/macros.html. Nothing else names a type.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from .base import NEGATIVE_VALUES, NO_SETTINGS, QuestionKind, TypeSettings
from .choice import MultipleChoice, SingleChoice, YesNo
from .diary import (
    SleepDiary,
    SleepDiarySettings,
    diaries,
    diary_nights,
    diary_section,
    diary_settings,
)
from .medicine_list import MedicineList, MedicineListSettings, list_settings, medicine_lists
from .number import Number, NumberSettings, number_settings, parse_number
from .text import LongText, Text, TextSettings, text_settings

__all__ = [
    "NEGATIVE_VALUES", "NO_SETTINGS", "QUESTION_KINDS", "MedicineListSettings",
    "NumberSettings", "QuestionKind", "SleepDiarySettings", "TextSettings", "TypeSettings",
    "diaries", "diary_nights", "diary_section", "diary_settings", "kind_named", "list_settings",
    "medicine_lists", "number_settings", "parse_number", "registered", "text_settings",
]

#: Every question type by its name in questions.yaml, in the order messages list them.
QUESTION_KINDS: dict[str, QuestionKind] = {kind.name: kind for kind in (
    SingleChoice(),
    MultipleChoice(),
    YesNo(),
    Number(),
    Text(),
    LongText(),
    MedicineList(),
    SleepDiary(),
)}


def kind_named(name: object) -> QuestionKind | None:
    """The question type called ``name``, or None."""
    return QUESTION_KINDS.get(name) if isinstance(name, str) else None


@contextmanager
def registered(kind: QuestionKind) -> Iterator[QuestionKind]:
    """``kind`` in the registry while the block runs (a test's own type)."""
    QUESTION_KINDS[kind.name] = kind
    try:
        yield kind
    finally:
        del QUESTION_KINDS[kind.name]
