"""Which answers and medicines made a condition true, so a talking point can name them.

:func:`evaluate` in :mod:`webapp.engine.conditions` answers "does it hold?"; :func:`witness`
answers "what in these answers makes it hold?": the listed medicines that passed its
medicine conditions, and the ticked options that passed its answer conditions. Only what
made the condition true counts: under ``any``, the parts that hold; never anything under
``not``.

The static helpers (:func:`mentions`, :func:`always_names`, :func:`named_values`) let the
loader prove, before the app runs, that a placeholder can never be filled with nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .conditions import (
    AllOf,
    AnswerIs,
    AnyOf,
    ClassCount,
    Condition,
    Facts,
    ListedMedicine,
    MedicineCount,
    MedicineMatch,
    Not,
    ScoreIs,
    counted_medicines,
    evaluate,
    is_answered,
)

#: The placeholder for the medicines that made a point apply, each described in full.
MEDICINES = "medicines"
#: The same medicines by name only (as the patient wrote them), for long lists.
MEDICINE_NAMES = "medicine_names"


@dataclass(frozen=True)
class Witness:
    """What made a condition true: medicines (in the patient's order) and ticked options."""

    medicines: tuple[ListedMedicine, ...] = ()
    options: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def merged(self, other: Witness, order: tuple[ListedMedicine, ...]) -> Witness:
        """Both witnesses together; medicines once each, in the patient's ``order``.

        Each witness lists its medicines in the patient's order already, so the list is
        walked again only when both name medicines: the cost follows what was found,
        not the length of the patient's list.
        """
        options: Mapping[str, frozenset[str]] = self.options
        if other.options:
            joined = dict(self.options)
            for qid, values in other.options.items():
                joined[qid] = joined.get(qid, frozenset()) | values
            options = joined
        if not other.medicines or other.medicines == self.medicines:
            medicines = self.medicines
        elif not self.medicines:
            medicines = other.medicines
        else:
            chosen = {id(med) for med in (*self.medicines, *other.medicines)}
            medicines = tuple(med for med in order if id(med) in chosen)
        return Witness(medicines, options)


EMPTY = Witness()


def witness(condition: Condition | None, facts: Facts) -> Witness | None:
    """What in ``facts`` makes ``condition`` true, or None when it is false."""
    if condition is None:
        return EMPTY
    match condition:
        case AllOf(items):
            found = EMPTY
            for item in items:
                part = witness(item, facts)
                if part is None:
                    return None
                found = found.merged(part, facts.medicines)
            return found
        case AnyOf(items):
            parts = [part for part in (witness(item, facts) for item in items) if part is not None]
            if not parts:
                return None
            found = EMPTY
            for part in parts:
                found = found.merged(part, facts.medicines)
            return found
        case Not(item):
            return EMPTY if not evaluate(item, facts) else None
        case AnswerIs(question, op, value):
            if not evaluate(condition, facts):
                return None
            return Witness(options=_chosen(question, op, value, facts.answers.get(question)))
        case MedicineMatch():
            meds = facts.matching(condition)
            return Witness(meds) if meds else None
        case MedicineCount(match, at_least):
            counted = counted_medicines(match, facts)
            if len(counted) < at_least:
                return None
            return Witness(tuple(med for med in facts.matching(match) if med.generic in counted))
        case ClassCount(classes, tags):
            if not evaluate(condition, facts):
                return None
            return Witness(tuple(med for med in facts.medicines if med.classes & classes or any(
                med.class_tags.get(cls, frozenset()) & tags for cls in med.classes)))
        case ScoreIs():
            return EMPTY if evaluate(condition, facts) else None
    raise TypeError(f"not a condition: {condition!r}")


def _chosen(question: str, op: str, value: object, answer: object) -> dict[str, frozenset[str]]:
    """The option values of ``answer`` that the comparison picked out."""
    if op in ("equals", "one_of") and is_answered(answer):
        return {question: frozenset([str(answer)])}
    if op == "any_of" and isinstance(answer, (list, tuple)) and isinstance(value, tuple):
        return {question: frozenset(str(item) for item in answer if item in value)}
    return {}


# --- static: what a condition can name, whatever the answers ------------------------------

_MENTIONS: dict[tuple[int, str], tuple[Condition | None, bool]] = {}


def mentions(condition: Condition | None, name: str) -> bool:
    """Whether ``condition`` can ever name ``name`` (MEDICINES or a question id) when true."""
    # Kept by identity: a condition's hash walks its whole tree, which costs more than this.
    key = (id(condition), name)
    known = _MENTIONS.get(key)
    if known is None or known[0] is not condition:
        known = _MENTIONS[key] = (condition, _mentions(condition, name))
    return known[1]


def _mentions(condition: Condition | None, name: str) -> bool:
    match condition:
        case None | Not() | ScoreIs():
            return False
        case AllOf(items) | AnyOf(items):
            return any(_mentions(item, name) for item in items)
        case AnswerIs(question, op):
            return question == name and op in ("equals", "one_of", "any_of")
        case MedicineMatch() | MedicineCount() | ClassCount():
            return name in (MEDICINES, MEDICINE_NAMES)
    return False


def always_names(condition: Condition | None, name: str) -> bool:
    """Whether ``condition``, whenever it is true, names at least one ``name``."""
    match condition:
        case AllOf(items):
            return any(always_names(item, name) for item in items)
        case AnyOf(items):
            return all(always_names(item, name) for item in items)
    return mentions(condition, name)


def named_values(condition: Condition | None, question: str) -> frozenset[str]:
    """Every option value of ``question`` that ``condition`` may name."""
    match condition:
        case AllOf(items) | AnyOf(items):
            return frozenset().union(*(named_values(item, question) for item in items))
        case AnswerIs(qid, op, value) if qid == question and op in ("equals", "one_of",
                                                                     "any_of"):
            return frozenset(value) if op != "equals" else frozenset([value])
    return frozenset()
