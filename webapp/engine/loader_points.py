"""Reading sources and talking points from questions.yaml (part of the loader).

A source needs a name and, once a point or score cites it, a title and a URL, so that a
doctor can check it in seconds. A talking point's texts may hold placeholders; each is
checked here so that it is always filled with something this patient said.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from typing import Any

from .field_reader import FieldReader
from .loader_pages import PageReader
from .points import PLACEHOLDER, placeholder_problems
from .problems import Path, format_path
from .questionnaire import PRIORITIES, MedicineClass, PointPart, Source, TalkingPointRule

SOURCE_KEYS = {"name", "year", "date", "title", "url"}
POINT_KEYS = {"id", "priority", "when", "title", "raise", "say", "ask", "why", "source",
              "fallback", "triggers", "parts", "crisis_line"}
PART_KEYS = {"when", "raise", "say", "ask", "why", "source", "once"}
TEXTS = ("raise", "ask", "why")
#: A word that speaks to the patient, which a ``say`` text (the patient speaking) never holds.
SPEAKS_TO_PATIENT = re.compile(r"\b(?:you|your|yours|yourself)\b", re.IGNORECASE)


class PointReader:
    """Builds sources and talking points; remembers which sources are cited.

    Reads values with ``fields`` and conditions with ``pages`` (which knows the questions).
    """

    def __init__(self, fields: FieldReader, pages: PageReader) -> None:
        self.fields = fields
        self.pages = pages
        self.problems = fields.problems
        self.data = fields.data
        self.cited: dict[str, Path] = {}  # source id -> first place that cites it

    def build_sources(self) -> dict[str, Source]:
        raw = self.data.get("sources") or {}
        if not isinstance(raw, Mapping):
            self.problems.add(("sources",), "'sources' must be a mapping of id to source.")
            return {}
        sources = {}
        for sid, entry in raw.items():
            path = ("sources", sid)
            entry = self.fields.mapping(entry, path, "source")
            self.fields.unknown(entry, SOURCE_KEYS, path, "a source")
            name = self.fields.text(entry, "name", path)
            year = self.fields.integer(entry, "year", path, low=1900)
            day = self.source_date(entry, path)
            if day is not None and year is not None and day.year != year:
                self.problems.add(path + ("year",), f"'year' is {year} but 'date' is in "
                                  f"{day.year}. Give one of them, or make them agree.")
            url = self.fields.text(entry, "url", path, False)
            if url is not None and not url.startswith(("https://", "http://")):
                self.problems.add(path + ("url",), "'url' must be a web address starting "
                                  "with https://.")
            if name:
                sources[str(sid)] = Source(str(sid), name, day.year if day else year,
                                           self.fields.text(entry, "title", path, False), url, day)
        return sources

    def source_date(self, entry: Mapping, path: Path) -> datetime.date | None:
        value = entry.get("date")
        if value is None:
            return None
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return value
        try:
            return datetime.date.fromisoformat(str(value))
        except ValueError:
            self.problems.add(path + ("date",), "'date' must be a day written YYYY-MM-DD, "
                              "such as 2016-08-31.")
            return None

    def check_cited_sources(self, sources: Mapping[str, Source]) -> None:
        """Every cited source has a title and a URL (reported at the source, once)."""
        for sid, where in self.cited.items():
            source = sources.get(sid)
            if source is None:
                continue
            missing = [key for key in ("title", "url") if not getattr(source, key)]
            if missing:
                line = self.problems.line_of(where)
                cited_by = format_path(where) + (f", line {line}" if line else "")
                self.problems.add(("sources", sid), f"Source '{sid}' is cited (at {cited_by}) "
                                  f"but has no {' or '.join(missing)}. Every cited source "
                                  "needs its title and a URL, so a doctor can check it.")

    def source_ids(self, raw: Mapping, path: Path, sources: Mapping[str, Source],
                   required: bool = True) -> tuple[str, ...]:
        value = raw.get("source")
        ids = value if isinstance(value, list) else [value] if value else []
        if not ids:
            if required:
                self.problems.add(path, "Missing 'source'. Every talking point and score says "
                                  "where its facts come from: add a source id from 'sources'.")
            return ()
        bad = [s for s in ids if not isinstance(s, str) or s not in sources]
        for sid in bad:
            self.problems.add(path + ("source",), f"Unknown source '{sid}'. Add it under "
                              "'sources' or use one of: " + ", ".join(sorted(sources)) + ".")
        for sid in ids:
            if isinstance(sid, str) and sid in sources:
                self.cited.setdefault(sid, path)
        return () if bad else tuple(ids)

    # --- talking points ---------------------------------------------------------------
    def build_talking_points(self, sources: Mapping[str, Source],
                             classes: Mapping[str, MedicineClass]) -> list[TalkingPointRule]:
        rules: list[TalkingPointRule] = []
        seen: set[str] = set()
        for index, raw in enumerate(self.fields.listing("talking_points", required=True)):
            rule = self.talking_point(self.fields.mapping(raw, ("talking_points", index),
                                                   "talking point"),
                                      ("talking_points", index), sources, classes, seen)
            if rule is not None:
                if rule.fallback and any(other.fallback for other in rules):
                    self.problems.add(("talking_points", index, "fallback"), "Only one "
                                      "talking point can be the fallback (shown when no other "
                                      "point applies).")
                rules.append(rule)
        return rules

    def talking_point(self, raw: Mapping, path: Path, sources: Mapping[str, Source],
                      classes: Mapping[str, MedicineClass],
                      seen: set[str]) -> TalkingPointRule | None:
        self.fields.unknown(raw, POINT_KEYS, path, "a talking point")
        rid = self.fields.ident(raw, path, seen, "talking point")
        priority = raw.get("priority", "routine")
        if priority not in PRIORITIES:
            self.problems.add(path + ("priority",), f"Unknown priority '{priority}'. Use one "
                              "of: " + ", ".join(PRIORITIES) + ".")
        fallback = raw.get("fallback") is True
        where = f"Talking point '{rid}'"
        when = None
        if "when" in raw:
            when = self.pages.condition(raw["when"], path + ("when",), classes, None, where)
        triggers = self.point_parts(raw, "triggers", path, sources, classes, where, when)
        parts = self.point_parts(raw, "parts", path, sources, classes, where, when)
        if fallback and ("when" in raw or "triggers" in raw or "parts" in raw):
            self.problems.add(path, "The fallback point (shown when no other point applies) "
                              "takes no 'when', 'triggers' or 'parts'.")
        elif not fallback and "when" not in raw and "triggers" not in raw:
            self.problems.add(path, "Give 'when' (which answers make this point apply), "
                              "'triggers' (each with its own 'when'), or 'fallback: true' "
                              "(shown when no other point is).")
        texts = {key: self.fields.text(raw, key, path, False) for key in TEXTS}
        say = self.say_text(raw, path, texts["raise"])
        for key in TEXTS:
            if not texts[key] and not (triggers and all(getattr(t, _attr(key)) for t in triggers)):
                self.problems.add(path, f"Missing '{key}'. Give the point a {key}, or give "
                                  f"each of its triggers its own {key}.")
        source = self.source_ids(raw, path, sources, required=bool(texts["why"]))
        if source and not texts["why"]:
            self.problems.add(path + ("source",), "A 'source' backs a 'why': give the point a "
                              "why, or move the source to the parts whose why it backs.")
        title = self.fields.text(raw, "title", path, False)
        if title and PLACEHOLDER.search(title):
            self.problems.add(path + ("title",), "A title cannot hold placeholders: it must "
                              "read the same for every patient.")
        crisis = raw.get("crisis_line", False)
        if not isinstance(crisis, bool):
            self.problems.add(path + ("crisis_line",), "'crisis_line' takes true or false.")
        self.check_placeholders(path, None, {**texts, "say": say}, when, when)
        if not rid or priority not in PRIORITIES or (when is None and "when" in raw):
            return None
        if not (fallback or when or triggers) or not (texts["raise"] or triggers):
            return None
        return TalkingPointRule(rid, priority, when, texts["raise"], texts["ask"],
                                texts["why"], source, title, tuple(triggers), tuple(parts),
                                fallback, crisis is True, say)

    def point_parts(self, raw: Mapping, key: str, path: Path, sources: Mapping[str, Source],
                    classes: Mapping[str, MedicineClass], where: str,
                    rule_when: Any) -> list[PointPart]:
        """The point's ``triggers`` or ``parts`` (``key``): each a when and its texts."""
        raw_parts = raw.get(key)
        if raw_parts is None:
            return []
        what = "trigger" if key == "triggers" else "part"
        if not isinstance(raw_parts, list) or not raw_parts:
            self.problems.add(path + (key,), f"'{key}' must be a list of one or more "
                              "{when, raise, ask, why, source}.")
            return []
        parts = []
        for index, raw_part in enumerate(raw_parts):
            ppath = path + (key, index)
            raw_part = self.fields.mapping(raw_part, ppath, what)
            self.fields.unknown(raw_part, PART_KEYS, ppath, f"a {what}")
            if "when" not in raw_part:
                self.problems.add(ppath, f"A {what} needs a 'when': the answers that add its "
                                  "text.")
                continue
            when = self.pages.condition(raw_part["when"], ppath + ("when",), classes, None,
                                  f"{where}, {what} {index + 1}")
            texts = {name: self.fields.text(raw_part, name, ppath, False) for name in TEXTS}
            say = self.say_text(raw_part, ppath, texts["raise"])
            if key == "triggers" and not texts["raise"]:
                self.problems.add(ppath, "A trigger needs a 'raise': what the patient said that "
                                  "made the point apply.")
            if not any(texts.values()):
                self.problems.add(ppath, "A part needs at least one of 'raise', 'ask', 'why'.")
            source = self.source_ids(raw_part, ppath, sources, required=bool(texts["why"]))
            if source and not texts["why"]:
                self.problems.add(ppath + ("source",), f"A 'source' backs a 'why': give this "
                                  f"{what} a why, or remove its source.")
            self.check_placeholders(ppath, when, {**texts, "say": say}, rule_when, when)
            once = raw_part.get("once", False)
            if not isinstance(once, bool) or (once and (key == "triggers" or texts["raise"])):
                self.problems.add(ppath + ("once",), "'once' takes true or false, on a part "
                                  "that only adds an ask or a why (said once on the printout).")
                once = False
            if when is not None and any(texts.values()):
                parts.append(PointPart(when, texts["raise"], texts["ask"], texts["why"], source,
                                       once, say))
        return parts

    def say_text(self, raw: Mapping, path: Path, raise_text: str | None) -> str | None:
        """The ``say`` beside a ``raise``: required with it, refused without it."""
        say = self.fields.text(raw, "say", path, False)
        if raise_text and not say:
            self.problems.add(path, "Missing 'say': every 'raise' (what the screen asks the "
                              "patient to tell) needs a 'say', the same in the patient's own "
                              "voice for the doctor's sheet, such as \u201cI take "
                              "{medicines}.\u201d")
        elif say and not raise_text:
            self.problems.add(path + ("say",), "A 'say' goes with a 'raise': give both, or "
                              "neither.")
        if say and SPEAKS_TO_PATIENT.search(PLACEHOLDER.sub("", say)):
            self.problems.add(path + ("say",), "A 'say' is the patient speaking to the doctor: "
                              "write it with I, me and my, not you or your.")
        return say

    def check_placeholders(self, path: Path, part_when: Any, texts: Mapping[str, str | None],
                           rule_when: Any, own: Any) -> None:
        questions = self.pages.placeholder_questions
        voiced = self.pages.voiced_questions  # in a 'say', options speak in the patient's voice
        for key, text in texts.items():
            if not text or "{" not in text and "}" not in text:
                continue
            for message in placeholder_problems(voiced if key == "say" else questions, text,
                                                own, rule_when, in_part=part_when is not None):
                if key == "say":
                    message = message.replace("which have no 'phrase'", "which have no 'say' "
                                              "(nor a 'phrase' without you or your)")
                self.problems.add(path + (key,), message)


def _attr(key: str) -> str:
    return "raise_text" if key == "raise" else key
