"""``text`` (one line, up to 200 characters by default) and ``long_text`` (a box, 2000)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from ..language import gettext as _
from ..problems import Path
from ..validation import UNUSUAL_CHARACTERS, UNUSUAL_MESSAGE, quoted, sentence
from .base import QuestionKind, TypeSettings, YamlReader

if TYPE_CHECKING:
    from ..questionnaire import Question


@dataclass(frozen=True)
class TextSettings(TypeSettings):
    """How many characters a text answer may have."""

    max_length: int


class Text(QuestionKind):
    """The patient's own words on one line."""

    name = "text"
    keys: ClassVar[frozenset[str]] = frozenset({"max_length"})
    patient_words = True
    authored_answer = False
    #: ``max_length`` when questions.yaml gives none.
    default_max_length: ClassVar[int] = 200

    def read_settings(self, raw: Mapping, path: Path, reader: YamlReader) -> TextSettings:
        limit = reader.integer(raw, "max_length", path, self.default_max_length, low=1)
        return TextSettings(limit or self.default_max_length)

    def schema(self) -> dict[str, Any]:
        return {"properties": {"max_length": {"type": "integer", "minimum": 1}}}

    def answer_problem(self, question: Question, value: Any, named: bool) -> str | None:
        if not isinstance(value, str):
            return sentence(_("Enter text for %(question)s", question=quoted(question.label))
                            if named else _("Enter text"))
        if UNUSUAL_CHARACTERS.search(value):
            return (_("Your answer to %(question)s has characters that cannot be shown, such "
                      "as control codes. Please type it again.", question=quoted(question.label))
                    if named else _(UNUSUAL_MESSAGE))
        limit = text_settings(question).max_length
        if len(value) > limit:
            if named:
                return _("Your answer to %(question)s has %(count)s characters. Keep it to "
                         "%(limit)s or fewer.", question=quoted(question.label),
                         count=len(value), limit=limit)
            return _("Keep this to %(limit)s characters or fewer. You have typed %(count)s.",
                     limit=limit, count=len(value))
        return None


class LongText(Text):
    """The patient's own words in a box of several lines."""

    name = "long_text"
    widget = "textarea"
    default_max_length = 2000
    fhir = "text"


def text_settings(question: Question) -> TextSettings:
    """``question``'s text settings (TypeError for a question of another type)."""
    if not isinstance(question.settings, TextSettings):
        raise TypeError(f"{question.id!r} is not a text question")
    return question.settings
