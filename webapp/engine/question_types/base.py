"""What every question type says about itself: the base class of the registry's types.

A question type is one object (a :class:`QuestionKind`) that knows how its questions are
read from questions.yaml and checked, which form control shows them, how an answer is
checked and turned into a value, how it is shown on check-your-answers and the sheet, how
conditions compare against it, and which FHIR item type it maps to. The registry
(:mod:`webapp.engine.question_types`) lists them by the name questions.yaml gives in ``type``.

Pure Python: no Flask, no WTForms. The web layer picks a form control by :attr:`widget`
and the template a macro by :attr:`macro`, both plain names.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from .. import loader_messages as M
from ..language import gettext as _
from ..problems import Path, ProblemList
from ..validation import quoted, sentence

if TYPE_CHECKING:
    from ..questionnaire import Option, Question

#: Answers that say "nothing of this": the sheet lists their questions on one line.
NEGATIVE_VALUES = frozenset({"no", "never", "none"})


@dataclass(frozen=True)
class TypeSettings:
    """A question type's own settings from questions.yaml; this base one has none."""


#: The settings of a type that has none (the choice types: their options are the question's).
NO_SETTINGS = TypeSettings()


class YamlReader(Protocol):
    """What a type's reading part may ask of the loader (its FieldReader): typed values and
    option lists, each problem placed."""

    problems: ProblemList

    def text(self, raw: Mapping, key: str, path: Path, required: bool = True) -> str | None:
        """A text under ``key``, whitespace made single; None (and a problem) if unusable."""

    def integer(self, raw: Mapping, key: str, path: Path, default: int | None = None,
                low: int | None = None) -> int | None:
        """A whole number under ``key`` of at least ``low``; ``default`` if absent or bad."""

    def mapping(self, raw: Any, path: Path, what: str) -> Mapping:
        """``raw`` if it is a mapping, else {} and a problem."""

    def unknown(self, raw: Mapping, allowed: set[str], path: Path, what: str) -> None:
        """Report each key of ``raw`` not in ``allowed``."""

    def option_list(self, raw_options: list, path: Path, exclusive_allowed: bool,
                    known_medicines: set[str]) -> tuple[Option, ...]:
        """The options of a choice, each checked."""


class QuestionKind:
    """One question type. Subclasses set the class attributes and override what differs."""

    #: The ``type`` in questions.yaml.
    name: ClassVar[str]
    #: The form control that shows it: ``radios``, ``checkboxes``, ``text``, ``textarea``
    #: or ``rows`` (see :mod:`webapp.web.forms`).
    widget: ClassVar[str] = "text"
    #: Its own keys in questions.yaml, besides those every question has.
    keys: ClassVar[frozenset[str]] = frozenset()
    #: The answer is picked from options (the follow-up stylesheet and placeholders see it).
    choice: ClassVar[bool] = False
    #: The answer is a list of values (any_of compares it; equals and one_of never match).
    many: ClassVar[bool] = False
    #: Options carry scores, so the question can be an instrument's item.
    scored: ClassVar[bool] = False
    #: The answer is a number (at_least and at_most compare it).
    ordered: ClassVar[bool] = False
    #: Its answer names medicines the talking points look at (conditions must come after).
    lists_medicines: ClassVar[bool] = False
    #: The answer is the patient's own free text, shown as theirs.
    patient_words: ClassVar[bool] = False
    #: The answer's lines are the app's own words (option labels), which the guardrail reads.
    authored_answer: ClassVar[bool] = True
    #: A page with this question alone makes its label the page's heading.
    heads_page: ClassVar[bool] = True
    #: The FHIR item type.
    fhir: ClassVar[str] = "string"
    #: Its options may take codes from a LOINC answer list (the ``fhir`` block).
    coded: ClassVar[bool] = False
    #: Answered on pages of its own (the sleep diary's nights): the question's page shows
    #: the answer and its form never sends it, so saving that page keeps it as it is.
    entered_apart: ClassVar[bool] = False

    @property
    def macro(self) -> str:
        """The macro in templates/macros.html that renders it: its own name."""
        return self.name

    def __repr__(self) -> str:
        return f"<question type {self.name}>"

    # --- reading questions.yaml ------------------------------------------------------
    def read_options(self, raw: Mapping, path: Path, reader: YamlReader,
                     known_medicines: set[str]) -> tuple[Option, ...]:
        """The question's options; a type without options refuses them."""
        if "options" in raw:
            reader.problems.say(path + ("options",), M.TAKES_NO_OPTIONS, type=self.name)
        return ()

    def read_settings(self, raw: Mapping, path: Path, reader: YamlReader) -> TypeSettings:
        """The type's own settings (limits, unit, rows), each problem reported."""
        return NO_SETTINGS

    def schema(self) -> dict[str, Any]:
        """The JSON Schema its own keys meet, for questions.schema.json (see
        :mod:`webapp.engine.schema`): ``properties`` and ``required``; options are
        ``#/$defs/option``."""
        return {}

    def option_values(self, raw: Mapping) -> set[str]:
        """The option values conditions may name, read from the raw question (first pass)."""
        options = raw.get("options")
        return {o["value"] for o in options if isinstance(o, Mapping)
                and isinstance(o.get("value"), str)} if isinstance(options, list) else set()

    def row_fields(self, raw: Mapping) -> dict[str, frozenset[str]]:
        """Detail fields of its rows that medicine conditions may name, with their values."""
        return {}

    # --- answers ------------------------------------------------------------------------
    def answer_problem(self, question: Question, value: Any, named: bool) -> str | None:
        """A plain-words message if ``value`` cannot be an answer, else None.

        ``named``: the message names the question as the patient saw it (its label).
        """
        raise NotImplementedError

    def usable_part(self, question: Question, value: Any) -> tuple[Any, list[str]]:
        """What of ``value`` (from an answers file) can be kept, and why the rest cannot:
        (the usable answer or None, plain-words problems). A whole answer by default; a
        list of nights keeps its good nights and names each bad one."""
        problem = self.answer_problem(question, value, named=False)
        return (None, [problem]) if problem else (value, [])

    def missing_message(self, question: Question) -> str:
        """What to do about a required question left blank."""
        return sentence(_("Enter an answer for %(question)s", question=quoted(question.label)))

    def typed(self, question: Question, value: Any) -> Any:
        """The input as the value that is checked (a typed number read as a number)."""
        return value

    def from_form(self, question: Question, value: Any) -> Any:
        """The form's input (checked) as the answer that is saved; None when blank."""
        return value

    def to_form(self, question: Question, value: Any) -> Any:
        """A saved answer as the form shows it again."""
        return value

    def answer_lines(self, question: Question, value: Any) -> tuple[str, ...]:
        """The (given) answer as readable lines for check-your-answers and the sheet."""
        return (str(value),)

    def is_negative(self, question: Question, value: Any) -> bool:
        """Whether ``value`` answers "no", "never" or "none of these"."""
        return False

    def fhir_type(self, question: Question) -> str:
        """The FHIR item type of ``question``."""
        return self.fhir
