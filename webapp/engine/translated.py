"""The questionnaire in another language: the loader's output with its texts looked up.

Made once per language when the app starts, never per request: every text the extractor
(:mod:`webapp.engine.babel_questions`) gives translators is replaced by its translation in
the catalog, and everything else (ids, values, conditions, scores, sources, medicine names)
is the same object as in English. So the rules give the same answers, scores and talking
points in every language; only the words differ. A text the catalog lacks stays in English.

A published instrument's item (its label and its answers' labels) is looked up in the
instrument's context (``pgettext``): its wording is the publisher's official one, or English.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass, replace
from gettext import NullTranslations
from typing import Any, TypeVar

from .question_types.base import TypeSettings
from .questionnaire import (
    Instrument,
    MedicineField,
    Option,
    Page,
    PointPart,
    Question,
    Questionnaire,
    TalkingPointRule,
)

T = TypeVar("T")

#: The dataclass fields that hold texts the patient or the doctor reads (questions.yaml's
#: text keys; ``raise`` is ``raise_text``).
TEXT_FIELDS = frozenset({"title", "intro", "label", "hint", "why", "summary_label",
                         "raise_text", "ask", "say", "disclaimer", "crisis_line", "note",
                         "section", "unit", "plain", "phrase"})


def translated(questionnaire: Questionnaire, catalog: NullTranslations) -> Questionnaire:
    """``questionnaire`` with every text in ``catalog``'s language."""
    items = {item: instrument.id for instrument in questionnaire.instruments.values()
             for item in instrument.items}
    words = _Words(catalog)
    return replace(
        questionnaire,
        pages=tuple(_page(page, words, items) for page in questionnaire.pages),
        instruments={key: _instrument(value, words)
                     for key, value in questionnaire.instruments.items()},
        talking_points=tuple(_point(rule, words) for rule in questionnaire.talking_points),
        medicine_classes={key: words.texts(value)
                          for key, value in questionnaire.medicine_classes.items()},
        medicines=tuple(words.texts(med) for med in questionnaire.medicines),
        settings=words.texts(questionnaire.settings),
    )


class _Words:
    """Looks each text up in the catalog; a text it lacks stays as it is."""

    def __init__(self, catalog: NullTranslations) -> None:
        self.catalog = catalog

    def text(self, text: str | None, context: str | None = None) -> Any:
        if not text:
            return text
        return (self.catalog.pgettext(context, text) if context
                else self.catalog.gettext(text))

    def texts(self, obj: T, context: str | None = None, **changes: Any) -> T:
        """A copy of the dataclass ``obj`` with its text fields translated (``label`` in
        ``context``, an instrument's, when given) and ``changes`` applied."""
        assert is_dataclass(obj) and not isinstance(obj, type)
        for spec in fields(obj):
            if spec.name in TEXT_FIELDS and spec.name not in changes:
                value = getattr(obj, spec.name)
                if isinstance(value, str):
                    changes[spec.name] = self.text(
                        value, context if spec.name == "label" else None)
        return replace(obj, **changes)  # type: ignore[type-var]


def _page(page: Page, words: _Words, items: dict[str, str]) -> Page:
    return words.texts(page, questions=tuple(_question(question, words, items.get(question.id))
                                             for question in page.questions))


def _question(question: Question, words: _Words, instrument: str | None) -> Question:
    kept = instrument is not None and words.text(question.label, instrument) == question.label
    return words.texts(
        question, instrument,
        options=tuple(_option(option, words, instrument) for option in question.options),
        settings=_type_settings(question.settings, words), lang="en" if kept else None)


def _option(option: Option, words: _Words, instrument: str | None) -> Option:
    return words.texts(option, instrument)


def _type_settings(settings: TypeSettings, words: _Words) -> TypeSettings:
    """A type's settings with their texts (a number's unit, a medicine list's field labels
    and answers) translated."""
    if not is_dataclass(settings):
        return settings
    changes: dict[str, Any] = {}
    for spec in fields(settings):
        value = getattr(settings, spec.name)
        if isinstance(value, tuple) and value and isinstance(value[0], MedicineField):
            changes[spec.name] = tuple(
                words.texts(mfield, options=tuple(words.texts(o) for o in mfield.options))
                for mfield in value)
    return words.texts(settings, **changes)


def _instrument(instrument: Instrument, words: _Words) -> Instrument:
    return words.texts(instrument, name=words.text(instrument.name),
                       bands=tuple(words.texts(band) for band in instrument.bands),
                       cutoffs=tuple(words.texts(cutoff) for cutoff in instrument.cutoffs))


def _point(rule: TalkingPointRule, words: _Words) -> TalkingPointRule:
    return words.texts(rule, triggers=tuple(_part(part, words) for part in rule.triggers),
                       parts=tuple(_part(part, words) for part in rule.parts))


def _part(part: PointPart, words: _Words) -> PointPart:
    return words.texts(part)

