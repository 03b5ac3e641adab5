"""The questionnaire as frozen dataclasses, read from questions.yaml by :mod:`webapp.engine.loader`.

A newcomer looking for "where is question X defined" reads questions.yaml; this
module says what each part of that file means.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING

from .conditions import Condition
from .medicines import MedicineIndex
from .vocabulary import KnownMedicine, MedicineClass  # the loaders name them from here too

if TYPE_CHECKING:
    from .fhir_codes import FhirCodes
    from .question_types import QuestionKind, TypeSettings

#: Talking-point priorities, most urgent first. Safety points always lead.
PRIORITIES = ("safety", "important", "routine")


@dataclass(frozen=True)
class Option:
    """One answer a patient can pick."""

    value: str
    label: str
    hint: str | None = None
    score: int | None = None
    exclusive: bool = False  # "None of these": cannot be picked with another option
    medicine: str | None = None  # picking it counts as listing this medicine
    phrase: str | None = None  # how a talking point names this answer inside a sentence
    say: str | None = None  # the phrase in the patient's voice, for the doctor's sheet


@dataclass(frozen=True)
class MedicineField:
    """One column of a medicine list row (what for, how often, how long, prescribed)."""

    name: str
    label: str
    options: tuple[Option, ...] = ()  # empty: free text
    max_length: int = 100


@dataclass(frozen=True)
class Question:
    """One question on a page. ``kind`` is its type (from :mod:`webapp.engine.question_types`),
    ``settings`` that type's own settings (a number's bounds, a medicine list's rows)."""

    id: str
    kind: QuestionKind
    label: str
    page_id: str
    settings: TypeSettings
    hint: str | None = None
    why: str | None = None  # why a sensitive question is asked, shown to the patient
    required: bool = False
    options: tuple[Option, ...] = ()  # a choice question's; empty for the others
    when: Condition | None = None
    summary_label: str | None = None  # short label for check-your-answers and the printout
    at_a_glance: bool = False  # show in the summary's "key answers at a glance"
    #: The language of its label and answers when not the questionnaire's: a published
    #: instrument's item kept in English until its official translation is confirmed.
    lang: str | None = None

    @property
    def type(self) -> str:
        """The type's name, as questions.yaml gives it."""
        return self.kind.name

    @property
    def short_label(self) -> str:
        return self.summary_label or self.label

    def option(self, value: str) -> Option | None:
        """Return the option with ``value``, or None."""
        return self._options_by_value.get(value)

    @cached_property
    def _options_by_value(self) -> dict[str, Option]:
        return {opt.value: opt for opt in self.options}

    @cached_property
    def medicine_options(self) -> tuple[Option, ...]:
        """The options that name a medicine (a shop-bought sleep aid), in order."""
        return tuple(opt for opt in self.options if opt.medicine)


@dataclass(frozen=True)
class Page:
    """One page of the wizard: one topic, its questions, and when it is shown."""

    id: str
    title: str
    section: str
    questions: tuple[Question, ...]
    intro: str | None = None
    when: Condition | None = None
    crisis_line: bool = False  # show the settings' crisis line on this page


@dataclass(frozen=True)
class Band:
    """A published score range, e.g. 5 to 9 is "mild"."""

    minimum: int
    maximum: int
    label: str
    crisis_line: bool = False  # a total in this band shows the crisis line beside the score


@dataclass(frozen=True)
class Cutoff:
    """A published screening cut-off, and when it applies (the AUDIT-C's differs by sex)."""

    at_least: int
    label: str  # how the sheet names it: "the cut-off for men, 4 or more"
    when: Condition | None = None


@dataclass(frozen=True)
class Instrument:
    """A scored instrument (GAD-7, AUDIT-C): the total of its items' option scores."""

    id: str
    name: str
    items: tuple[str, ...]
    maximum: int
    bands: tuple[Band, ...]
    sources: tuple[str, ...]
    note: str | None = None
    cutoffs: tuple[Cutoff, ...] = ()  # the first whose ``when`` holds applies

    @property
    def source(self) -> str:
        """The first of its sources (the instrument's own paper)."""
        return self.sources[0]

    def band(self, total: int) -> Band | None:
        """Return the band that holds ``total``."""
        return next((b for b in self.bands if b.minimum <= total <= b.maximum), None)


@dataclass(frozen=True)
class Source:
    """A citation: who said it, when, its title and where to read it."""

    id: str
    name: str
    year: int | None = None
    title: str | None = None
    url: str | None = None
    date: date | None = None  # the day, for documents dated to the day (FDA communications)

    @property
    def when(self) -> str | None:
        """The date as printed: "31 August 2016", or the year alone."""
        if self.date is not None:
            return f"{self.date.day} {self.date:%B %Y}"
        return str(self.year) if self.year else None

    @property
    def brief(self) -> str:
        """Who, in a word, and the year: "Bush 1998", "FDA 2016"."""
        who = self.name.split()[0].rstrip(",")
        return f"{who} {self.year}" if self.year else who

    @property
    def short_citation(self) -> str:
        """Who and when: "FDA Drug Safety Communication, 31 August 2016"."""
        return f"{self.name}, {self.when}" if self.when else self.name

    @property
    def citation(self) -> str:
        """Who, when and the title, as shown to patients and doctors."""
        return f"{self.short_citation}: {self.title}" if self.title else self.short_citation


@dataclass(frozen=True)
class PointPart:
    """Text a talking point adds when ``when`` also holds: one trigger, or one extra fact."""

    when: Condition
    raise_text: str | None = None
    ask: str | None = None
    why: str | None = None
    sources: tuple[str, ...] = ()
    once: bool = False  # on the printout, said once above all points, not in each
    say: str | None = None  # the raise in the patient's voice, for the doctor's sheet

    @cached_property
    def fills_in(self) -> bool:
        """Whether any of its texts holds a placeholder to fill in."""
        return any("{" in text for text in (self.raise_text, self.say, self.ask, self.why)
                   if text)


@dataclass(frozen=True)
class TalkingPointRule:
    """When ``when`` (and one of its ``triggers``, if any) holds, the patient gets this point.

    ``triggers`` are the different answers that can make the point apply: it applies only
    when one of them holds, and says only those that hold. ``parts`` add text when their own
    ``when`` also holds (a class-specific fact, another question). The fallback rule has
    neither: it applies only when no other point does. Texts may hold placeholders
    (``{medicines}``, ``{question_id}``) filled in with what this patient said; see
    :mod:`webapp.engine.points`.
    """

    id: str
    priority: str
    when: Condition | None
    raise_text: str | None
    ask: str | None
    why: str | None
    sources: tuple[str, ...]
    title: str | None = None
    triggers: tuple[PointPart, ...] = ()
    parts: tuple[PointPart, ...] = ()
    fallback: bool = False
    crisis_line: bool = False  # show the settings' crisis line beside this point
    say: str | None = None  # the raise in the patient's voice, for the doctor's sheet

    @cached_property
    def fills_in(self) -> bool:
        """Whether any of its texts, or its triggers' and parts', holds a placeholder."""
        own = any("{" in text for text in (self.raise_text, self.say, self.ask, self.why)
                  if text)
        return own or any(part.fills_in for part in (*self.triggers, *self.parts))


@dataclass(frozen=True)
class Settings:
    """Texts and choices a clinic can change without touching code."""

    title: str = "Before the Visit"
    disclaimer: str = (
        "This is not medical advice. It does not diagnose or recommend treatment. "
        "Bring it to your doctor."
    )
    crisis_line: str = (
        "If you are in crisis or thinking of harming yourself: in the US, call or text 988. "
        "Elsewhere, call your local emergency number."
    )
    minutes_to_complete: int = 15
    session_hours: float = 12
    main_concern: str | None = None  # question whose answer is "what I most want"
    patient_questions: tuple[str, ...] = ()  # questions whose answers are the patient's own
    version: str = ""  # the questionnaire's version, printed on the sheet (required in the file)
    show_left_out: bool = True  # the sheet says how many points the patient left out


@dataclass(frozen=True)
class Questionnaire:
    """The whole questionnaire: pages in order plus everything the rules need."""

    pages: tuple[Page, ...]
    instruments: Mapping[str, Instrument]
    talking_points: tuple[TalkingPointRule, ...]
    sources: Mapping[str, Source]
    medicine_classes: Mapping[str, MedicineClass]
    medicines: tuple[KnownMedicine, ...]
    settings: Settings = field(default_factory=Settings)
    origin: str = "questions.yaml"
    fhir: FhirCodes | None = None  # the ``fhir`` block: canonical url, version, LOINC codes

    def questions(self) -> Iterator[Question]:
        """Every question, in page order."""
        for page in self.pages:
            yield from page.questions

    def question(self, qid: str) -> Question:
        """Return the question with id ``qid`` (KeyError if none)."""
        return self._questions_by_id[qid]

    def find_question(self, qid: str) -> Question | None:
        """Return the question with id ``qid``, or None."""
        return self._questions_by_id.get(qid)

    def page(self, page_id: str) -> Page | None:
        """Return the page with ``page_id``, or None."""
        return next((page for page in self.pages if page.id == page_id), None)

    @cached_property
    def sections(self) -> tuple[str, ...]:
        """The sections in page order, each once: "Part 2 of 6" never changes with answers."""
        return tuple(dict.fromkeys(page.section for page in self.pages))

    @cached_property
    def all_questions(self) -> tuple[Question, ...]:
        """Every question, in page order (computed once)."""
        return tuple(self.questions())

    @cached_property
    def wording_names(self) -> frozenset[str]:
        """Words of the medicine names and the sources, which the app's texts may use.

        The wording guardrail reads them as English (see :mod:`webapp.engine.english`).
        """
        from .english import name_words

        names = [name for med in self.medicines for name in (med.name, *med.brands)]
        names += [text for src in self.sources.values() for text in (src.name, src.title or "")]
        return name_words(names)

    @cached_property
    def _questions_by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.all_questions}

    @cached_property
    def medicine_index(self) -> MedicineIndex:
        """The medicine vocabulary, indexed once for recognising typed names."""
        return MedicineIndex(self.medicines, self.medicine_classes)
