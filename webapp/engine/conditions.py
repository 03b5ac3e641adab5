"""Declarative conditions, in the spirit of FHIR's enableWhen. No ``eval``, ever.

A condition in questions.yaml is a small mapping::

    {question: alcohol_often, equals: never}
    {question: alcohol_often, one_of: [monthly, weekly]}
    {question: sleep_problems, any_of: [falling_asleep, staying_asleep]}
    {question: nights_a_week, at_least: 3}
    {question: visit_goal, answered: true}
    {all: [...]}, {any: [...]}, {not: {...}}
    {medicine: {class: [benzodiazepine, z_drug], how_long: [over_a_year]}}
    {medicine: {tag: sedating}}
    {medicine: {name: [diphenhydramine]}}      # by generic name
    {medicine: any}                            # any listed medicine, recognised or not
    {count_classes: {tag: acts_on_brain}, at_least: 3}
    {count_medicines: {class: [opioid, benzodiazepine]}, at_least: 3}
    {score: gad7, at_least: 10}

This module holds the parsed form (frozen dataclasses) and evaluates it against
:class:`Facts`; :mod:`webapp.engine.condition_parser` reads the mappings into it, reporting
problems with their place.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

from .listed_medicine import ListedMedicine

T = TypeVar("T")

COMPARISONS = ("equals", "one_of", "any_of", "at_least", "at_most", "answered")
CONDITION_KEYS = ("question", "all", "any", "not", "medicine", "count_classes",
                  "count_medicines", "score")
#: Written as ``{medicine: any}``: any listed medicine, recognised or not.
ANY_MEDICINE = "any"


@dataclass(frozen=True)
class AnswerIs:
    """Compare one earlier answer: ``op`` is one of :data:`COMPARISONS`."""

    question: str
    op: str
    value: Any


@dataclass(frozen=True)
class AllOf:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    item: Condition


@dataclass(frozen=True)
class MedicineMatch:
    """True when at least one listed medicine matches every filter given (no filter: any)."""

    classes: frozenset[str] = frozenset()
    tags: frozenset[str] = frozenset()
    fields: tuple[tuple[str, frozenset[str]], ...] = ()
    names: frozenset[str] = frozenset()  # generic names


@dataclass(frozen=True)
class MedicineCount:
    """True when at least ``at_least`` different medicines (by generic name) match ``match``."""

    match: MedicineMatch
    at_least: int


@dataclass(frozen=True)
class ClassCount:
    """True when the patient lists medicines from at least ``at_least`` distinct classes."""

    classes: frozenset[str]
    tags: frozenset[str]
    at_least: int


@dataclass(frozen=True)
class ScoreIs:
    """Compare the total of a scored instrument (only when every item is answered)."""

    instrument: str
    at_least: int | None
    at_most: int | None


Condition = AnswerIs | AllOf | AnyOf | Not | MedicineMatch | MedicineCount | ClassCount | ScoreIs


@dataclass(frozen=True)
class Facts:
    """Everything a condition may look at: answers, listed medicines, instrument totals."""

    answers: Mapping[str, Any]
    medicines: tuple[ListedMedicine, ...] = ()
    scores: Mapping[str, int] = None  # type: ignore[assignment]
    #: Conditions already found true or false for these facts, by identity (see `holds`).
    known: dict[int, tuple[Condition, bool]] = field(default_factory=dict, compare=False,
                                                     repr=False)
    #: Medicines found for each medicine condition (see `matching`).
    matched: dict[MedicineMatch, tuple[ListedMedicine, ...]] = field(
        default_factory=dict, compare=False, repr=False)
    #: Work done on what conditions found, by kind and identity (see `remember`).
    worked: dict[tuple[Hashable, int], tuple[object, Any]] = field(
        default_factory=dict, compare=False, repr=False)

    def holds(self, condition: Condition) -> bool:
        """:func:`evaluate`, remembered: for facts that no longer change (the walk's end)."""
        found = self.known.get(id(condition))
        if found is None or found[0] is not condition:
            found = self.known[id(condition)] = (condition, evaluate(condition, self))
        return found[1]

    def matching(self, match: MedicineMatch) -> tuple[ListedMedicine, ...]:
        """The listed medicines that pass ``match``, in the patient's order, remembered.

        Many points share a medicine condition (equal conditions, written apart): the
        list is walked once for each distinct one.
        """
        found = self.matched.get(match)
        if found is None:
            found = self.matched[match] = tuple(
                med for med in self.medicines if medicine_matches(match, med))
        return found

    def remember(self, kind: Hashable, key: object, work: Callable[[], T]) -> T:
        """``work()``, done once for these facts per ``kind`` and ``key`` object.

        For work on what a condition found (the medicines a point names): points that
        share a condition share the very tuple `matching` gave, so each is named once.
        """
        found = self.worked.get((kind, id(key)))
        if found is None or found[0] is not key:
            found = self.worked[kind, id(key)] = (key, work())
        return found[1]

    def score(self, instrument: str) -> int | None:
        return (self.scores or {}).get(instrument)

    @cached_property
    def medicine_kinds(self) -> tuple[ListedMedicine, ...]:
        """One listed medicine for each distinct set of classes, tags and fields.

        A condition looks at nothing else, so a medicine listed twice is checked
        once, and a condition costs the same however long the list grows.
        """
        kinds: dict[tuple[Any, ...], ListedMedicine] = {}
        for med in self.medicines:
            kinds.setdefault(
                (med.generic, med.classes, med.tags, tuple(sorted(med.fields.items()))), med)
        return tuple(kinds.values())


def is_answered(value: Any) -> bool:
    """An answer counts as given unless it is missing, blank or an empty list."""
    if value is None:
        return False
    if isinstance(value, str):
        return value.strip() != ""
    if isinstance(value, (list, tuple)):
        return len(value) > 0
    return True


def evaluate(condition: Condition | None, facts: Facts) -> bool:
    """Return whether ``condition`` holds for ``facts``; no condition always holds."""
    if condition is None:
        return True
    match condition:
        case AllOf(items):
            return all(evaluate(item, facts) for item in items)
        case AnyOf(items):
            return any(evaluate(item, facts) for item in items)
        case Not(item):
            return not evaluate(item, facts)
        case AnswerIs(question, op, value):
            return _compare(facts.answers.get(question), op, value)
        case MedicineMatch():
            return any(medicine_matches(condition, med) for med in facts.medicine_kinds)
        case MedicineCount(match, at_least):
            return len(counted_medicines(match, facts)) >= at_least
        case ClassCount(classes, tags, at_least):
            found: set[str] = set()
            for med in facts.medicine_kinds:
                for cls in med.classes:
                    # A class counts by its own tags, not those of the medicine's other
                    # classes (agomelatine is an antidepressant and a melatonin agonist).
                    if (classes and cls in classes) or (
                            tags and med.class_tags.get(cls, frozenset()) & tags):
                        found.add(cls)
            return len(found) >= at_least
        case ScoreIs(instrument, at_least, at_most):
            total = facts.score(instrument)
            if total is None:
                return False
            return (at_least is None or total >= at_least) and (
                at_most is None or total <= at_most
            )
    raise TypeError(f"not a condition: {condition!r}")


def _compare(answer: Any, op: str, value: Any) -> bool:
    if op == "answered":
        return is_answered(answer) == bool(value)
    if not is_answered(answer):
        return False
    if op == "equals":
        return answer == value
    if op == "one_of":
        return answer in value
    if op == "any_of":
        chosen = answer if isinstance(answer, (list, tuple)) else [answer]
        return any(item in value for item in chosen)
    if isinstance(answer, bool) or not isinstance(answer, (int, float)):
        return False
    if op == "at_least":
        return answer >= value
    return answer <= value  # at_most


def medicine_matches(condition: MedicineMatch, med: ListedMedicine) -> bool:
    """Whether one listed medicine passes every filter of ``condition``."""
    if condition.classes and not (med.classes & condition.classes):
        return False
    if condition.tags and not (med.tags & condition.tags):
        return False
    if condition.names and med.generic not in condition.names:
        return False
    return all(med.fields.get(name) in allowed for name, allowed in condition.fields)


def counted_medicines(match: MedicineMatch, facts: Facts) -> dict[str, list[ListedMedicine]]:
    """The recognised medicines that pass ``match``, by generic name (each counted once)."""
    found: dict[str, list[ListedMedicine]] = {}
    for med in facts.medicine_kinds:
        if med.generic is not None and medicine_matches(match, med):
            found.setdefault(med.generic, []).append(med)
    return found
