"""The choice types: one answer of several (``single_choice``), several (``multiple_choice``),
and yes or no (``yes_no``, with "Not sure" when ``not_sure: true``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from .. import loader_messages as M
from ..language import N_
from ..language import gettext as _
from ..problems import Path
from ..validation import quoted, sentence
from .base import NEGATIVE_VALUES, QuestionKind, YamlReader

if TYPE_CHECKING:
    from ..questionnaire import Option, Question


class SingleChoice(QuestionKind):
    """One answer picked from the options, shown as radios."""

    name = "single_choice"
    widget = "radios"
    keys: ClassVar[frozenset[str]] = frozenset({"options"})
    choice = True
    scored = True
    fhir = "choice"
    coded = True
    #: How its options look: radios one under the other here; checkboxes (multiple_choice),
    #: side by side (yes_no). The three share one macro, macros.html's choice_question.
    input_kind: ClassVar[str] = "radio"
    side_by_side: ClassVar[bool] = False

    @property
    def macro(self) -> str:
        """The choice types' shared macro in templates/macros.html."""
        return "choice_question"

    def read_options(self, raw: Mapping, path: Path, reader: YamlReader,
                     known_medicines: set[str]) -> tuple[Option, ...]:
        raw_options = raw.get("options")
        if not isinstance(raw_options, list) or len(raw_options) < 2:
            reader.problems.say(path, M.CHOICE_WITHOUT_OPTIONS)
            return ()
        return reader.option_list(raw_options, path + ("options",), self.many, known_medicines)

    def schema(self) -> dict[str, Any]:
        options = {"type": "array", "minItems": 2, "items": {"$ref": "#/$defs/option"}}
        return {"properties": {"options": options}, "required": ["options"]}

    def answer_problem(self, question: Question, value: Any, named: bool) -> str | None:
        if not isinstance(value, str) or question.option(value) is None:
            return sentence(_("Choose one of the answers shown for %(question)s",
                              question=quoted(question.label))
                            if named else _("Choose one of the answers shown"))
        return None

    def missing_message(self, question: Question) -> str:
        return sentence(_("Choose an answer for %(question)s", question=quoted(question.label)))

    def answer_lines(self, question: Question, value: Any) -> tuple[str, ...]:
        option = question.option(str(value))
        return (option.label if option else str(value),)

    def is_negative(self, question: Question, value: Any) -> bool:
        return value in NEGATIVE_VALUES


class MultipleChoice(QuestionKind):
    """Any number of the options, shown as checkboxes; an ``exclusive`` one stands alone."""

    name = "multiple_choice"
    widget = "checkboxes"
    keys: ClassVar[frozenset[str]] = frozenset({"options"})
    choice = True
    many = True
    fhir = "choice"
    input_kind: ClassVar[str] = "checkbox"
    side_by_side: ClassVar[bool] = False
    macro = SingleChoice.macro
    read_options = SingleChoice.read_options
    schema = SingleChoice.schema

    def answer_problem(self, question: Question, value: Any, named: bool) -> str | None:
        shown = (_("Choose from the answers shown for %(question)s",
                   question=quoted(question.label)) if named
                 else _("Choose from the answers shown"))
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return sentence(shown)
        chosen = [option for option in map(question.option, value) if option is not None]
        if len(chosen) != len(value) or len(set(value)) != len(value):
            return sentence(shown)
        exclusive = [option for option in chosen if option.exclusive]
        if exclusive and len(value) > 1:
            label = quoted(exclusive[0].label)
            chose = (_("You chose %(answer)s and another answer for %(question)s", answer=label,
                       question=quoted(question.label)) if named
                     else _("You chose %(answer)s and another answer", answer=label))
            return sentence(chose) + " " + _("Choose one or the other.")
        return None

    def missing_message(self, question: Question) -> str:
        return sentence(_("Choose at least one answer for %(question)s",
                           question=quoted(question.label)))

    def from_form(self, question: Question, value: Any) -> Any:
        return [opt.value for opt in question.options if opt.value in value] or None

    def answer_lines(self, question: Question, value: Any) -> tuple[str, ...]:
        return tuple(opt.label for opt in question.options if opt.value in value)

    def is_negative(self, question: Question, value: Any) -> bool:
        if isinstance(value, list) and len(value) == 1:
            option = question.option(str(value[0]))
            return bool(option and (option.exclusive or option.value in NEGATIVE_VALUES))
        return False


class YesNo(SingleChoice):
    """Yes or No (and "Not sure" with ``not_sure: true``), radios side by side."""

    name = "yes_no"
    keys: ClassVar[frozenset[str]] = frozenset({"not_sure"})
    coded = False  # its options are the app's own: Yes, No, Not sure
    side_by_side = True

    def read_options(self, raw: Mapping, path: Path, reader: YamlReader,
                     known_medicines: set[str]) -> tuple[Option, ...]:
        from ..questionnaire import Option

        # English here; each language's questionnaire looks them up (webapp/engine/translated.py)
        yes_no = (Option("yes", N_("Yes")), Option("no", N_("No")))
        return yes_no + ((Option("not_sure", N_("Not sure")),) if raw.get("not_sure") else ())

    def schema(self) -> dict[str, Any]:
        return {"properties": {"not_sure": {"type": "boolean"}}}

    def option_values(self, raw: Mapping) -> set[str]:
        return {"yes", "no"} | ({"not_sure"} if raw.get("not_sure") else set())

    def fhir_type(self, question: Question) -> str:
        return "choice" if question.option("not_sure") else "boolean"

