"""Reading pages, questions and options from questions.yaml (part of the loader)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cached_property
from typing import Any

from . import loader_messages as M
from .condition_parser import ParseContext, QuestionRef, parse_condition
from .conditions import Condition
from .field_reader import FieldReader
from .problems import Path
from .question_types import QUESTION_KINDS, kind_named
from .questionnaire import MedicineClass, Page, Question

PAGE_KEYS = {"id", "title", "section", "intro", "when", "questions", "crisis_line"}
#: The keys every question may have; each type adds its own (see :func:`question_keys`).
QUESTION_KEYS = {"id", "type", "label", "hint", "why", "required", "when", "summary_label",
                 "at_a_glance"}


def question_keys() -> set[str]:
    """The keys a question may have: every question's, and every registered type's own."""
    return QUESTION_KEYS.union(*(kind.keys for kind in QUESTION_KINDS.values()))


class PageReader:
    """Builds pages and their questions; remembers every question for conditions to name.

    Reads each value with its :class:`FieldReader` (``fields``).
    """

    def __init__(self, fields: FieldReader) -> None:
        self.fields = fields
        self.problems = fields.problems
        self.refs: dict[str, QuestionRef] = {}
        self.first_medicine_question: tuple[int, int] | None = None
        self.instrument_items: dict[str, tuple[str, ...]] = {}
        self.medicine_fields: dict[str, frozenset[str]] = {}
        self.medicine_names: frozenset[str] | None = None  # generic names, once read
        self.option_phrases: dict[str, dict[str, str | None]] = {}  # question -> value -> phrase
        self.option_says: dict[str, dict[str, str | None]] = {}  # question -> value -> say
        # Conditions read once per YAML node: an alias (*name) reuses the anchor's condition,
        # so the same condition in many points is one object (and one problem report).
        self._conditions: dict[int, tuple[Any, Condition | None]] = {}

    @cached_property
    def placeholder_questions(self) -> dict[str, tuple[str, dict[str, str | None]]]:
        """Each question's type and option phrases, for placeholders (after collect_refs).

        Made once: talking points ask for it part after part.
        """
        return {qid: (ref.type, self.option_phrases.get(qid, {}))
                for qid, ref in self.refs.items()}

    @cached_property
    def voiced_questions(self) -> dict[str, tuple[str, dict[str, str | None]]]:
        """:attr:`placeholder_questions` for a ``say``: each option named by its own ``say``,
        else by its phrase when that does not speak to the patient (you, your)."""
        return {qid: (qtype, {value: self.option_says.get(qid, {}).get(value) or (
                    phrase if phrase and not re.search(r"\b(?:you|your)\b", phrase, re.I)
                    else None) for value, phrase in phrases.items()})
                for qid, (qtype, phrases) in self.placeholder_questions.items()}

    def collect_refs(self, raw_pages: list) -> None:
        """First pass: every question id with its type, options and place."""
        for p_index, raw_page in enumerate(raw_pages):
            if not isinstance(raw_page, Mapping) or not isinstance(raw_page.get("questions"), list):
                continue
            for q_index, raw_q in enumerate(raw_page["questions"]):
                if not isinstance(raw_q, Mapping) or not isinstance(raw_q.get("id"), str):
                    continue
                kind = kind_named(raw_q.get("type"))
                raw_options = raw_q.get("options")
                options: list[Any] = raw_options if isinstance(raw_options, list) else []
                values = kind.option_values(raw_q) if kind else {
                    o.get("value") for o in options
                    if isinstance(o, Mapping) and isinstance(o.get("value"), str)}
                self.refs.setdefault(raw_q["id"], QuestionRef(
                    str(raw_q.get("type")), frozenset(v for v in values if isinstance(v, str)),
                    (p_index, q_index)))
                self.option_phrases.setdefault(raw_q["id"], {
                    o["value"]: o.get("phrase") if isinstance(o.get("phrase"), str) else None
                    for o in options if isinstance(o, Mapping) and isinstance(o.get("value"), str)})
                self.option_says.setdefault(raw_q["id"], {
                    o["value"]: o.get("say") if isinstance(o.get("say"), str) else None
                    for o in options if isinstance(o, Mapping) and isinstance(o.get("value"), str)})
                names_medicines = any(isinstance(o, Mapping) and o.get("medicine")
                                      for o in options)
                lists = kind is not None and kind.lists_medicines
                if (lists or names_medicines) and self.first_medicine_question is None:
                    self.first_medicine_question = (p_index, q_index)
                if kind is not None:
                    self.medicine_fields.update(kind.row_fields(raw_q))

    def condition(self, raw: Any, path: Path, classes: Mapping[str, MedicineClass],
                  before: tuple[int, int] | None, where: str) -> Condition | None:
        known = self._conditions.get(id(raw)) if before is None else None
        if known is not None and known[0] is raw:
            return known[1]
        ctx = ParseContext(
            questions=self.refs, instruments=self.instrument_items,
            classes=frozenset(classes), tags=frozenset(t for c in classes.values() for t in c.tags),
            medicine_fields=self.medicine_fields, problems=self.problems, before=before,
            where=where, first_medicine_question=self.first_medicine_question,
            medicine_names=self.medicine_names,
        )
        parsed = parse_condition(raw, path, ctx)
        if before is None and isinstance(raw, Mapping):
            self._conditions[id(raw)] = (raw, parsed)
        return parsed

    def build_pages(self, raw_pages: list, classes: Mapping[str, MedicineClass],
                    known_medicines: set[str]) -> list[Page]:
        pages: list[Page] = []
        page_ids: set[str] = set()
        question_ids: set[str] = set()
        first_page_of: dict[str | None, str | None] = {}  # section -> its first page
        previous = None
        for p_index, raw in enumerate(raw_pages):
            path = ("pages", p_index)
            raw = self.fields.mapping(raw, path, "page")
            self.fields.unknown(raw, PAGE_KEYS, path, "a page")
            pid = self.fields.ident(raw, path, page_ids, "page")
            title = self.fields.text(raw, "title", path)
            when = None
            if "when" in raw:
                when = self.condition(raw["when"], path + ("when",), classes, (p_index, 0),
                                      M.WHERE_PAGE.format(id=pid))
            raw_questions = raw.get("questions")
            if not isinstance(raw_questions, list) or not raw_questions:
                self.problems.say(path, M.PAGE_WITHOUT_QUESTIONS)
                raw_questions = []
            questions = []
            for q_index, raw_q in enumerate(raw_questions):
                question = self.build_question(raw_q, path + ("questions", q_index), pid or "",
                                               (p_index, q_index), classes, question_ids,
                                               known_medicines)
                if question:
                    questions.append(question)
            crisis = raw.get("crisis_line", False)
            if not isinstance(crisis, bool):
                self.problems.say(path + ("crisis_line",), M.NOT_TRUE_OR_FALSE, key="crisis_line")
            section = self.fields.text(raw, "section", path, False) or title
            if pid and title:
                intro = self.fields.text(raw, "intro", path, False)
                pages.append(Page(pid, title, section or title, tuple(questions), intro, when,
                                  crisis is True))
            # A section's pages follow one another: "Part 2 of 6" counts sections in order.
            if section and section != previous and section in first_page_of:
                self.problems.say(path + ("section",), M.SECTION_SPLIT, section=section,
                                  page=first_page_of[section])
            first_page_of.setdefault(section, pid)
            previous = section
        return pages

    def build_question(self, raw: Any, path: Path, page_id: str, position: tuple[int, int],
                       classes: Mapping[str, MedicineClass], seen: set[str],
                       known_medicines: set[str]) -> Question | None:
        raw = self.fields.mapping(raw, path, "question")
        self.fields.unknown(raw, question_keys(), path, "a question")
        qid = self.fields.ident(raw, path, seen, "question")
        kind = kind_named(raw.get("type"))
        if kind is None:
            self.problems.say(path + ("type",) if "type" in raw else path,
                              M.UNKNOWN_QUESTION_TYPE, type=raw.get("type"),
                              allowed=", ".join(QUESTION_KINDS))
            return None
        label = self.fields.text(raw, "label", path)
        options = kind.read_options(raw, path, self.fields, known_medicines)
        when = None
        if "when" in raw:
            when = self.condition(raw["when"], path + ("when",), classes, position,
                                  M.WHERE_QUESTION.format(id=qid))
        required = raw.get("required", False)
        if not isinstance(required, bool):
            self.problems.say(path + ("required",), M.NOT_TRUE_OR_FALSE, key="required")
        settings = kind.read_settings(raw, path, self.fields)
        if not (qid and label):
            return None
        return Question(
            id=qid, kind=kind, label=label, page_id=page_id, settings=settings,
            hint=self.fields.text(raw, "hint", path, False),
            why=self.fields.text(raw, "why", path, False),
            required=required is True, options=options, when=when,
            summary_label=self.fields.text(raw, "summary_label", path, False),
            at_a_glance=raw.get("at_a_glance") is True,
        )
