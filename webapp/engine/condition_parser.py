"""Read a condition mapping from questions.yaml into :mod:`webapp.engine.conditions`' dataclasses.

Every problem is reported with its place (its YAML path) to the :class:`ParseContext`'s
problem list, and the condition is then None: the loader goes on and lists them all.
A condition may only name answers given before it (``ParseContext.before``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from . import loader_messages as M
from .conditions import (
    ANY_MEDICINE,
    COMPARISONS,
    CONDITION_KEYS,
    AllOf,
    AnswerIs,
    AnyOf,
    ClassCount,
    Condition,
    MedicineCount,
    MedicineMatch,
    Not,
    ScoreIs,
)
from .problems import Path, ProblemList
from .question_types import kind_named


@dataclass(frozen=True)
class QuestionRef:
    """What the parser needs to know of a question a condition may name."""

    type: str
    options: frozenset[str]
    position: tuple[int, int]  # (page index, question index)

    @property
    def ordered(self) -> bool:
        """Whether its answer is a number, which at_least and at_most compare."""
        kind = kind_named(self.type)
        return kind is not None and kind.ordered

    @property
    def many(self) -> bool:
        """Whether its answer is a list of values, which only any_of compares."""
        kind = kind_named(self.type)
        return kind is not None and kind.many


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
            self.problems.say(path, M.MEDICINES_NOT_ASKED_YET, where=self.where)

    def check_earlier(self, qid: str, path: Path) -> bool:
        """Report (and return False) if question ``qid`` is not asked before this condition."""
        ref = self.questions[qid]
        if self.before is not None and ref.position >= self.before:
            self.problems.say(path, M.DEPENDS_ON_LATER, where=self.where, question=qid)
            return False
        return True


def parse_condition(raw: Any, path: Path, ctx: ParseContext) -> Condition | None:
    """Parse one condition mapping; report problems to ``ctx.problems`` and return None if bad."""
    if not isinstance(raw, Mapping) or not raw:
        ctx.problems.say(path, M.CONDITION_NOT_MAPPING)
        return None
    keys = [key for key in raw if key in CONDITION_KEYS]
    if len(keys) != 1:
        ctx.problems.say(path, M.CONDITION_KEY_COUNT, allowed=", ".join(CONDITION_KEYS))
        return None
    parser = _PARSERS[keys[0]]
    return parser(raw, path, ctx)


def _parse_group(raw: Mapping, path: Path, ctx: ParseContext) -> Condition | None:
    key = "all" if "all" in raw else "any"
    _unknown_keys(raw, {key}, path, ctx)
    items = raw[key]
    if not isinstance(items, list) or not items:
        ctx.problems.say(path + (key,), M.CONDITION_LIST_EMPTY, key=key)
        return None
    parsed = [parse_condition(item, path + (key, i), ctx) for i, item in enumerate(items)]
    present = tuple(item for item in parsed if item is not None)
    if len(present) != len(parsed):
        return None
    return AllOf(present) if key == "all" else AnyOf(present)


def _parse_not(raw: Mapping, path: Path, ctx: ParseContext) -> Condition | None:
    _unknown_keys(raw, {"not"}, path, ctx)
    inner = parse_condition(raw["not"], path + ("not",), ctx)
    return None if inner is None else Not(inner)


def _parse_question(raw: Mapping, path: Path, ctx: ParseContext) -> Condition | None:
    qid = raw["question"]
    ops = [op for op in COMPARISONS if op in raw]
    _unknown_keys(raw, {"question", *COMPARISONS}, path, ctx)
    if not isinstance(qid, str) or qid not in ctx.questions:
        ctx.problems.say(path + ("question",), M.UNKNOWN_CONDITION_QUESTION, question=qid)
        return None
    if len(ops) != 1:
        ctx.problems.say(path, M.COMPARISON_COUNT, allowed=", ".join(COMPARISONS))
        return None
    ctx.check_earlier(qid, path + ("question",))
    op, value = ops[0], raw[ops[0]]
    ref = ctx.questions[qid]
    if op == "answered":
        if not isinstance(value, bool):
            ctx.problems.say(path + (op,), M.NOT_TRUE_OR_FALSE, key=op)
            return None
        return AnswerIs(qid, op, value)
    if op in ("at_least", "at_most"):
        if not ref.ordered:
            ctx.problems.say(path + (op,), M.COMPARISON_NOT_NUMBER_QUESTION, op=op,
                             question=qid, type=ref.type)
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            ctx.problems.say(path + (op,), M.COMPARISON_NOT_NUMBER, op=op)
            return None
        return AnswerIs(qid, op, value)
    values = value if op in ("one_of", "any_of") else [value]
    if op in ("one_of", "any_of") and (not isinstance(value, list) or not value):
        ctx.problems.say(path + (op,), M.COMPARISON_NOT_LIST, op=op)
        return None
    if op in ("equals", "one_of") and ref.many:
        ctx.problems.say(path + (op,), M.EQUALS_ON_MANY, question=qid, type=ref.type, op=op)
        return None
    if ref.options:
        for i, item in enumerate(values):
            if not isinstance(item, str) or item not in ref.options:
                where = path + (op, i) if op != "equals" else path + (op,)
                ctx.problems.say(where, M.UNKNOWN_CONDITION_OPTION, question=qid, option=item,
                                 allowed=", ".join(sorted(ref.options)))
                return None
    if op == "any_of" and not ref.many:
        op = "one_of"  # a single answer either is or is not in the list
    return AnswerIs(qid, op, tuple(value) if isinstance(value, list) else value)


def _class_filters(
    raw: Any, path: Path, ctx: ParseContext, allowed_extra: frozenset[str]
) -> tuple[frozenset[str], frozenset[str], dict[str, frozenset[str]], frozenset[str]] | None:
    if not isinstance(raw, Mapping) or not raw:
        ctx.problems.say(path, M.MEDICINE_CONDITION_NOT_MAPPING)
        return None
    ok = True
    for key, value in raw.items():
        if not all(isinstance(item, str) for item in _as_list(value)):
            ctx.problems.say(path + (key,), M.NOT_NAMES, key=key)
            return None
    classes = frozenset(_as_list(raw.get("class")))
    tags = frozenset(_as_list(raw.get("tag")))
    names = frozenset(item.lower() for item in _as_list(raw.get("name")))
    for name in sorted(names - ctx.medicine_names if ctx.medicine_names is not None else ()):
        ctx.problems.say(path + ("name",), M.UNKNOWN_GENERIC_NAME, name=name)
        ok = False
    for name in sorted(classes - ctx.classes):
        ctx.problems.say(path + ("class",), M.UNKNOWN_MEDICINE_CLASS, name=name,
                         allowed=", ".join(sorted(ctx.classes)))
        ok = False
    for name in sorted(tags - ctx.tags):
        ctx.problems.say(path + ("tag",), M.UNKNOWN_MEDICINE_TAG, name=name,
                         allowed=", ".join(sorted(ctx.tags)))
        ok = False
    fields: dict[str, frozenset[str]] = {}
    for key, value in raw.items():
        if key in ("class", "tag", "name"):
            continue
        if key not in allowed_extra:
            ctx.problems.say(path + (key,), M.UNKNOWN_MEDICINE_CONDITION_KEY, key=key)
            ok = False
            continue
        wanted = frozenset(_as_list(value))
        unknown = wanted - ctx.medicine_fields[key]
        if unknown:
            ctx.problems.say(path + (key,), M.UNKNOWN_MEDICINE_FIELD_OPTION, key=key,
                             options=", ".join(sorted(unknown)),
                             allowed=", ".join(sorted(ctx.medicine_fields[key])))
            ok = False
        fields[key] = wanted
    if not classes and not tags and not names:
        ctx.problems.say(path, M.MEDICINE_CONDITION_EMPTY)
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
        ctx.problems.say(path + ("at_least",), M.COUNT_CLASSES_AT_LEAST)
        return None
    if parsed is None:
        return None
    classes, tags, _, names = parsed
    if names:
        ctx.problems.say(path + ("count_classes", "name"), M.COUNT_CLASSES_BY_NAME)
        return None
    return ClassCount(classes, tags, at_least)


def _parse_count_medicines(raw: Mapping, path: Path, ctx: ParseContext) -> Condition | None:
    _unknown_keys(raw, {"count_medicines", "at_least"}, path, ctx)
    ctx.check_medicines_earlier(path + ("count_medicines",))
    parsed = _class_filters(raw["count_medicines"], path + ("count_medicines",), ctx,
                            frozenset())
    at_least = raw.get("at_least")
    if isinstance(at_least, bool) or not isinstance(at_least, int) or at_least < 1:
        ctx.problems.say(path + ("at_least",), M.COUNT_MEDICINES_AT_LEAST)
        return None
    if parsed is None:
        return None
    classes, tags, _, names = parsed
    return MedicineCount(MedicineMatch(classes, tags, (), names), at_least)


def _parse_score(raw: Mapping, path: Path, ctx: ParseContext) -> Condition | None:
    _unknown_keys(raw, {"score", "at_least", "at_most"}, path, ctx)
    name = raw["score"]
    if not isinstance(name, str) or name not in ctx.instruments:
        ctx.problems.say(path + ("score",), M.UNKNOWN_INSTRUMENT, name=name,
                         allowed=", ".join(sorted(ctx.instruments)) or M.NO_INSTRUMENTS)
        return None
    bounds = {key: raw.get(key) for key in ("at_least", "at_most")}
    if all(value is None for value in bounds.values()):
        ctx.problems.say(path, M.SCORE_WITHOUT_BOUND)
        return None
    for key, value in bounds.items():
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            ctx.problems.say(path + (key,), M.BOUND_NOT_WHOLE, key=key)
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
            ctx.problems.say(path + (key,), M.UNKNOWN_CONDITION_KEY, key=key)


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
