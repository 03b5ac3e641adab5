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

This module parses such mappings into frozen dataclasses (reporting problems
with their place) and evaluates them against :class:`Facts`.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Protocol, TypeVar

from .problems import Path, ProblemList

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


class ListedMedicine(Protocol):
    """What a condition needs to know of one medicine the patient listed."""

    generic: str | None
    classes: frozenset[str]
    tags: frozenset[str]  # the tags of all its classes
    fields: Mapping[str, str]
    class_tags: Mapping[str, frozenset[str]]  # each class's own tags


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


# --- parsing -------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionRef:
    """What the parser needs to know of a question a condition may name."""

    type: str
    options: frozenset[str]
    position: tuple[int, int]  # (page index, question index)


@dataclass
class ParseContext:
    """Lookups for validating conditions; ``before`` limits which questions may be named."""

    questions: Mapping[str, QuestionRef]
    instruments: Mapping[str, tuple[str, ...]]
    classes: frozenset[str]
    tags: frozenset[str]
    medicine_fields: Mapping[str, frozenset[str]]
    problems: ProblemList
    before: tuple[int, int] | None = None  # None: any question may be named
    where: str = "this condition"
    first_medicine_question: tuple[int, int] | None = None  # place of the first that asks
    medicine_names: frozenset[str] | None = None  # generic names known (None: not checked)

    def check_medicines_earlier(self, path: Path) -> None:
        """Report a medicine condition placed before any question that asks for medicines."""
        if self.before is None:
            return
        first = self.first_medicine_question
        if first is None or first >= self.before:
            self.problems.add(
                path,
                f"{self.where} looks at the patient's medicines, but no question before it "
                "asks for them, so it could never be true. Move it after the medicines "
                "question.",
            )

    def check_earlier(self, qid: str, path: Path) -> bool:
        """Report (and return False) if question ``qid`` is not asked before this condition."""
        ref = self.questions[qid]
        if self.before is not None and ref.position >= self.before:
            self.problems.add(
                path,
                f"{self.where} depends on question '{qid}', which comes at the same place or "
                "later. A condition can only depend on answers given earlier: move the "
                "question up or the condition down.",
            )
            return False
        return True


def parse_condition(raw: Any, path: Path, ctx: ParseContext) -> Condition | None:
    """Parse one condition mapping; report problems to ``ctx.problems`` and return None if bad."""
    if not isinstance(raw, Mapping) or not raw:
        ctx.problems.add(
            path,
            "A condition must be a mapping such as {question: q_id, equals: value}, "
            "or {all: [...]}, {any: [...]}, {not: {...}}.",
        )
        return None
    keys = [key for key in raw if key in CONDITION_KEYS]
    if len(keys) != 1:
        ctx.problems.add(
            path,
            "A condition needs exactly one of these keys: " + ", ".join(CONDITION_KEYS) + ".",
        )
        return None
    parser = _PARSERS[keys[0]]
    return parser(raw, path, ctx)


def _parse_group(raw: Mapping, path: Path, ctx: ParseContext) -> Condition | None:
    key = "all" if "all" in raw else "any"
    _unknown_keys(raw, {key}, path, ctx)
    items = raw[key]
    if not isinstance(items, list) or not items:
        ctx.problems.add(path + (key,), f"'{key}' needs a list of one or more conditions.")
        return None
    parsed = [parse_condition(item, path + (key, i), ctx) for i, item in enumerate(items)]
    if any(item is None for item in parsed):
        return None
    return AllOf(tuple(parsed)) if key == "all" else AnyOf(tuple(parsed))


def _parse_not(raw: Mapping, path: Path, ctx: ParseContext) -> Condition | None:
    _unknown_keys(raw, {"not"}, path, ctx)
    inner = parse_condition(raw["not"], path + ("not",), ctx)
    return None if inner is None else Not(inner)


def _parse_question(raw: Mapping, path: Path, ctx: ParseContext) -> Condition | None:
    qid = raw["question"]
    ops = [op for op in COMPARISONS if op in raw]
    _unknown_keys(raw, {"question", *COMPARISONS}, path, ctx)
    if not isinstance(qid, str) or qid not in ctx.questions:
        ctx.problems.add(
            path + ("question",),
            f"The condition names question '{qid}', which does not exist. "
            "Check the spelling of the question id.",
        )
        return None
    if len(ops) != 1:
        ctx.problems.add(
            path, "Give exactly one comparison: " + ", ".join(COMPARISONS) + "."
        )
        return None
    ctx.check_earlier(qid, path + ("question",))
    op, value = ops[0], raw[ops[0]]
    ref = ctx.questions[qid]
    if op == "answered":
        if not isinstance(value, bool):
            ctx.problems.add(path + (op,), "'answered' takes true or false.")
            return None
        return AnswerIs(qid, op, value)
    if op in ("at_least", "at_most"):
        if ref.type != "number":
            ctx.problems.add(
                path + (op,), f"'{op}' only works on number questions; '{qid}' is {ref.type}."
            )
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            ctx.problems.add(path + (op,), f"'{op}' takes a number.")
            return None
        return AnswerIs(qid, op, value)
    values = value if op in ("one_of", "any_of") else [value]
    if op in ("one_of", "any_of") and (not isinstance(value, list) or not value):
        ctx.problems.add(path + (op,), f"'{op}' takes a list of option values.")
        return None
    if op in ("equals", "one_of") and ref.type == "multiple_choice":
        ctx.problems.add(
            path + (op,),
            f"'{qid}' is a multiple_choice question, so its answer is a list and '{op}' never "
            "matches. Use any_of: [...] to check whether any of these options is ticked.",
        )
        return None
    if ref.options:
        for i, item in enumerate(values):
            if not isinstance(item, str) or item not in ref.options:
                where = path + (op, i) if op != "equals" else path + (op,)
                ctx.problems.add(
                    where,
                    f"Question '{qid}' has no option '{item}'. Use one of: "
                    + ", ".join(sorted(ref.options))
                    + ".",
                )
                return None
    if op == "any_of" and ref.type != "multiple_choice":
        op = "one_of"  # a single answer either is or is not in the list
    return AnswerIs(qid, op, tuple(value) if isinstance(value, list) else value)


def _class_filters(
    raw: Any, path: Path, ctx: ParseContext, allowed_extra: frozenset[str]
) -> tuple[frozenset[str], frozenset[str], dict[str, frozenset[str]]] | None:
    if not isinstance(raw, Mapping) or not raw:
        ctx.problems.add(
            path, "Give a mapping such as {class: [benzodiazepine]} or {tag: sedating}.")
        return None
    ok = True
    for key, value in raw.items():
        if not all(isinstance(item, str) for item in _as_list(value)):
            ctx.problems.add(path + (key,), f"'{key}' takes a name or a list of names. Put "
                             "quotes around values such as \"no\" that YAML would read as "
                             "true/false or a number.")
            return None
    classes = frozenset(_as_list(raw.get("class")))
    tags = frozenset(_as_list(raw.get("tag")))
    names = frozenset(item.lower() for item in _as_list(raw.get("name")))
    for name in sorted(names - ctx.medicine_names if ctx.medicine_names is not None else ()):
        ctx.problems.add(path + ("name",), f"No medicine in the vocabulary has the generic "
                         f"name '{name}'. Use a name from 'medicines'.")
        ok = False
    for name in sorted(classes - ctx.classes):
        ctx.problems.add(path + ("class",), f"Unknown medicine class '{name}'. Use one of: "
                         + ", ".join(sorted(ctx.classes)) + ".")
        ok = False
    for name in sorted(tags - ctx.tags):
        ctx.problems.add(path + ("tag",), f"Unknown medicine tag '{name}'. Use one of: "
                         + ", ".join(sorted(ctx.tags)) + ".")
        ok = False
    fields: dict[str, frozenset[str]] = {}
    for key, value in raw.items():
        if key in ("class", "tag", "name"):
            continue
        if key not in allowed_extra:
            ctx.problems.add(path + (key,), f"Unknown key '{key}' in a medicine condition.")
            ok = False
            continue
        wanted = frozenset(_as_list(value))
        unknown = wanted - ctx.medicine_fields[key]
        if unknown:
            ctx.problems.add(
                path + (key,),
                f"The medicine list has no '{key}' option " + ", ".join(sorted(unknown))
                + ". Use one of: " + ", ".join(sorted(ctx.medicine_fields[key])) + ".",
            )
            ok = False
        fields[key] = wanted
    if not classes and not tags and not names:
        ctx.problems.add(path, "Name at least one medicine 'class', 'tag' or 'name' (or write "
                         "{medicine: any} for any medicine).")
        ok = False
    return (classes, tags, fields, names) if ok else None


def _parse_medicine(raw: Mapping, path: Path, ctx: ParseContext) -> Condition | None:
    _unknown_keys(raw, {"medicine"}, path, ctx)
    ctx.check_medicines_earlier(path + ("medicine",))
    if raw["medicine"] == ANY_MEDICINE:
        return MedicineMatch()
    parsed = _class_filters(
        raw["medicine"], path + ("medicine",), ctx, frozenset(ctx.medicine_fields)
    )
    if parsed is None:
        return None
    classes, tags, fields, names = parsed
    return MedicineMatch(classes, tags, tuple(sorted(fields.items())), names)


def _parse_count(raw: Mapping, path: Path, ctx: ParseContext) -> Condition | None:
    _unknown_keys(raw, {"count_classes", "at_least"}, path, ctx)
    ctx.check_medicines_earlier(path + ("count_classes",))
    parsed = _class_filters(raw["count_classes"], path + ("count_classes",), ctx, frozenset())
    at_least = raw.get("at_least")
    if isinstance(at_least, bool) or not isinstance(at_least, int) or at_least < 1:
        ctx.problems.add(path + ("at_least",),
                         "'count_classes' needs 'at_least' as a whole number of 1 or more.")
        return None
    if parsed is None:
        return None
    classes, tags, _, names = parsed
    if names:
        ctx.problems.add(path + ("count_classes", "name"), "'count_classes' counts classes; "
                         "use 'count_medicines' to count medicines by name.")
        return None
    return ClassCount(classes, tags, at_least)


def _parse_count_medicines(raw: Mapping, path: Path, ctx: ParseContext) -> Condition | None:
    _unknown_keys(raw, {"count_medicines", "at_least"}, path, ctx)
    ctx.check_medicines_earlier(path + ("count_medicines",))
    parsed = _class_filters(raw["count_medicines"], path + ("count_medicines",), ctx,
                            frozenset())
    at_least = raw.get("at_least")
    if isinstance(at_least, bool) or not isinstance(at_least, int) or at_least < 1:
        ctx.problems.add(path + ("at_least",),
                         "'count_medicines' needs 'at_least' as a whole number of 1 or more.")
        return None
    if parsed is None:
        return None
    classes, tags, _, names = parsed
    return MedicineCount(MedicineMatch(classes, tags, (), names), at_least)


def _parse_score(raw: Mapping, path: Path, ctx: ParseContext) -> Condition | None:
    _unknown_keys(raw, {"score", "at_least", "at_most"}, path, ctx)
    name = raw["score"]
    if not isinstance(name, str) or name not in ctx.instruments:
        ctx.problems.add(
            path + ("score",),
            f"Unknown scored instrument '{name}'. Use one of: "
            + (", ".join(sorted(ctx.instruments)) or "(none defined)") + ".",
        )
        return None
    bounds = {key: raw.get(key) for key in ("at_least", "at_most")}
    if all(value is None for value in bounds.values()):
        ctx.problems.add(path, "A score condition needs 'at_least' or 'at_most'.")
        return None
    for key, value in bounds.items():
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            ctx.problems.add(path + (key,), f"'{key}' takes a whole number.")
            return None
    for item in ctx.instruments[name]:  # one problem is enough, not one per item
        if isinstance(item, str) and item in ctx.questions and not ctx.check_earlier(
                item, path + ("score",)):
            break
    return ScoreIs(name, bounds["at_least"], bounds["at_most"])


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _unknown_keys(raw: Mapping, allowed: set[str], path: Path, ctx: ParseContext) -> None:
    for key in raw:
        if key not in allowed:
            ctx.problems.add(path + (key,), f"Unknown key '{key}' in this condition.")


_PARSERS: dict[str, Callable[[Mapping, Path, ParseContext], Condition | None]] = {
    "question": _parse_question,
    "all": _parse_group,
    "any": _parse_group,
    "not": _parse_not,
    "medicine": _parse_medicine,
    "count_classes": _parse_count,
    "count_medicines": _parse_count_medicines,
    "score": _parse_score,
}
