"""Reading pages, questions and options from questions.yaml (part of the loader)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cached_property
from typing import Any

from .condition_parser import ParseContext, QuestionRef, parse_condition
from .conditions import Condition
from .field_reader import CHOICE_TYPES, VALUE_PATTERN, FieldReader
from .problems import Path
from .questionnaire import (
    MEDICINE_FIELDS,
    QUESTION_TYPES,
    MedicineClass,
    MedicineField,
    Option,
    Page,
    Question,
)

PAGE_KEYS = {"id", "title", "section", "intro", "when", "questions", "crisis_line"}
QUESTION_KEYS = {"id", "type", "label", "hint", "why", "required", "options", "when", "unit",
                 "min", "max", "whole_number", "max_length", "max_rows", "fields",
                 "summary_label", "at_a_glance", "not_sure"}
OPTION_KEYS = {"value", "label", "hint", "score", "exclusive", "medicine", "phrase", "say"}
DEFAULT_MAX_LENGTH = {"text": 200, "long_text": 2000}
YES_NO = (Option("yes", "Yes"), Option("no", "No"))
NOT_SURE = Option("not_sure", "Not sure")


class PageReader(FieldReader):
    """Builds pages and their questions; remembers every question for conditions to name."""

    def __init__(self, data: Mapping[str, Any], problems) -> None:
        super().__init__(data, problems)
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
                raw_options = raw_q.get("options")
                options: list[Any] = raw_options if isinstance(raw_options, list) else []
                values = {o.get("value") for o in options
                          if isinstance(o, Mapping) and isinstance(o.get("value"), str)}
                if raw_q.get("type") == "yes_no":
                    values = {"yes", "no"} | ({"not_sure"} if raw_q.get("not_sure") else set())
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
                if (raw_q.get("type") == "medicine_list" or names_medicines) and \
                        self.first_medicine_question is None:
                    self.first_medicine_question = (p_index, q_index)
                if raw_q.get("type") == "medicine_list":
                    raw_fields = raw_q.get("fields")
                    fields: Mapping[Any, Any] = (raw_fields if isinstance(raw_fields, Mapping)
                                                 else {})
                    for fname, fdef in fields.items():
                        opts = fdef.get("options") if isinstance(fdef, Mapping) else None
                        self.medicine_fields[fname] = frozenset(
                            str(o["value"]) for o in (opts if isinstance(opts, list) else [])
                            if isinstance(o, Mapping) and isinstance(o.get("value"), str))

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
            raw = self.mapping(raw, path, "page")
            self.unknown(raw, PAGE_KEYS, path, "a page")
            pid = self.ident(raw, path, page_ids, "page")
            title = self.text(raw, "title", path)
            when = None
            if "when" in raw:
                when = self.condition(raw["when"], path + ("when",), classes, (p_index, 0),
                                      f"Page '{pid}'")
            raw_questions = raw.get("questions")
            if not isinstance(raw_questions, list) or not raw_questions:
                self.problems.add(path, "A page needs 'questions': a list of one or more.")
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
                self.problems.add(path + ("crisis_line",), "'crisis_line' takes true or false.")
            section = self.text(raw, "section", path, False) or title
            if pid and title:
                pages.append(Page(pid, title, section or title, tuple(questions),
                                  self.text(raw, "intro", path, False), when, crisis is True))
            # A section's pages follow one another: "Part 2 of 6" counts sections in order.
            if section and section != previous and section in first_page_of:
                self.problems.add(
                    path + ("section",),
                    f"Section '{section}' started at page '{first_page_of[section]}', and other "
                    "sections came between. Keep a section's pages together: the patient's "
                    "progress (\"Part 2 of 6\") counts sections in order.")
            first_page_of.setdefault(section, pid)
            previous = section
        return pages

    def build_question(self, raw: Any, path: Path, page_id: str, position: tuple[int, int],
                       classes: Mapping[str, MedicineClass], seen: set[str],
                       known_medicines: set[str]) -> Question | None:
        raw = self.mapping(raw, path, "question")
        self.unknown(raw, QUESTION_KEYS, path, "a question")
        qid = self.ident(raw, path, seen, "question")
        qtype = raw.get("type")
        if qtype not in QUESTION_TYPES:
            self.problems.add(path + ("type",) if "type" in raw else path,
                              f"Unknown question type '{qtype}'. Use one of: "
                              + ", ".join(QUESTION_TYPES) + ".")
            return None
        label = self.text(raw, "label", path)
        options = self.build_options(raw, path, qtype, known_medicines)
        when = None
        if "when" in raw:
            when = self.condition(raw["when"], path + ("when",), classes, position,
                                  f"Question '{qid}'")
        required = raw.get("required", False)
        if not isinstance(required, bool):
            self.problems.add(path + ("required",), "'required' takes true or false.")
        extra: dict[str, Any] = {}
        if qtype == "number":
            extra = self.number_limits(raw, path)
        elif qtype in DEFAULT_MAX_LENGTH:
            extra["max_length"] = self.integer(raw, "max_length", path,
                                               DEFAULT_MAX_LENGTH[qtype], low=1)
        elif qtype == "medicine_list":
            extra["max_rows"] = self.integer(raw, "max_rows", path, 15, low=1)
            extra["medicine_fields"] = self.build_medicine_fields(raw, path)
        if not (qid and label):
            return None
        return Question(
            id=qid, type=qtype, label=label, page_id=page_id,
            hint=self.text(raw, "hint", path, False), why=self.text(raw, "why", path, False),
            required=required is True, options=options, when=when,
            summary_label=self.text(raw, "summary_label", path, False),
            at_a_glance=raw.get("at_a_glance") is True, **extra,
        )

    def build_options(self, raw: Mapping, path: Path, qtype: str,
                      known_medicines: set[str]) -> tuple[Option, ...]:
        if qtype == "yes_no":
            return YES_NO + ((NOT_SURE,) if raw.get("not_sure") else ())
        if qtype not in CHOICE_TYPES:
            if "options" in raw:
                self.problems.add(path + ("options",), f"A {qtype} question takes no options.")
            return ()
        raw_options = raw.get("options")
        if not isinstance(raw_options, list) or len(raw_options) < 2:
            self.problems.add(path, "A choice question needs 'options': a list of two or more.")
            return ()
        return self.option_list(raw_options, path + ("options",), qtype, known_medicines)

    def option_list(self, raw_options: list, path: Path, qtype: str,
                    known_medicines: set[str]) -> tuple[Option, ...]:
        options, values = [], set()
        for index, raw_opt in enumerate(raw_options):
            opath = path + (index,)
            raw_opt = self.mapping(raw_opt, opath, "option")
            self.unknown(raw_opt, OPTION_KEYS, opath, "an option")
            value, label = raw_opt.get("value"), self.text(raw_opt, "label", opath)
            if not isinstance(value, str) or not VALUE_PATTERN.match(value):
                self.problems.add(opath + ("value",) if "value" in raw_opt else opath,
                                  f"Each option needs a 'value' of lower-case letters, digits, "
                                  f"'_' or '-' (found {value!r}). Put quotes around values "
                                  "such as \"no\" or \"1_2\" that YAML would read as "
                                  "true/false or a number.")
                continue
            if value in values:
                self.problems.add(opath + ("value",), f"Duplicate option value '{value}'.")
                continue
            values.add(value)
            score = self.integer(raw_opt, "score", opath, low=0)
            exclusive = raw_opt.get("exclusive") is True
            if exclusive and qtype != "multiple_choice":
                self.problems.add(opath + ("exclusive",),
                                  "'exclusive' only applies to multiple_choice options.")
            medicine = raw_opt.get("medicine")
            if medicine is not None and str(medicine).lower() not in known_medicines:
                self.problems.add(opath + ("medicine",), f"Unknown medicine '{medicine}'. Add it "
                                  "under 'medicines' first.")
                medicine = None
            if label:
                options.append(Option(value, label, self.text(raw_opt, "hint", opath, False),
                                      score, exclusive, medicine and str(medicine).lower(),
                                      self.text(raw_opt, "phrase", opath, False),
                                      self.text(raw_opt, "say", opath, False)))
        return tuple(options)

    def number_limits(self, raw: Mapping, path: Path) -> dict[str, Any]:
        whole = raw.get("whole_number", True) is not False
        limits: dict[str, float | None] = {}
        for key in ("min", "max"):
            value = raw.get(key)
            if value is None or isinstance(value, bool) or not isinstance(value, (int, float)):
                self.problems.add(path + (key,) if key in raw else path,
                                  f"A number question needs '{key}' as a number.")
                value = None
            limits[key] = value
        low, high = limits["min"], limits["max"]
        if low is not None and high is not None and low > high:
            self.problems.add(path + ("min",), "'min' is larger than 'max'.")
        return {"minimum": limits["min"], "maximum": limits["max"], "whole_number": whole,
                "unit": self.text(raw, "unit", path, False)}

    def build_medicine_fields(self, raw: Mapping, path: Path) -> tuple[MedicineField, ...]:
        fields_raw = raw.get("fields") or {}
        if not isinstance(fields_raw, Mapping):
            self.problems.add(path + ("fields",), "'fields' must be a mapping.")
            return ()
        fields = []
        for name, entry in fields_raw.items():
            fpath = path + ("fields", name)
            if name not in MEDICINE_FIELDS:
                self.problems.add(fpath, f"Unknown medicine field '{name}'. Use any of: "
                                  + ", ".join(MEDICINE_FIELDS) + ".")
                continue
            entry = self.mapping(entry, fpath, "medicine field")
            self.unknown(entry, {"label", "options", "max_length"}, fpath, "a medicine field")
            label = self.text(entry, "label", fpath)
            options: tuple[Option, ...] = ()
            if "options" in entry:
                if not isinstance(entry["options"], list) or len(entry["options"]) < 2:
                    self.problems.add(fpath + ("options",), "'options' needs two or more.")
                else:
                    options = self.option_list(entry["options"], fpath + ("options",),
                                               "single_choice", set())
            max_length = self.integer(entry, "max_length", fpath, 100, low=1)
            if label:
                fields.append(MedicineField(name, label, options, max_length or 100))
        return tuple(fields)
