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

from . import loader_messages as M
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
            self.problems.say(("sources",), M.SOURCES_NOT_MAPPING)
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
                self.problems.say(path + ("year",), M.YEAR_NOT_DATE, year=year,
                                  date_year=day.year)
            url = self.fields.text(entry, "url", path, False)
            if url is not None and not url.startswith(("https://", "http://")):
                self.problems.say(path + ("url",), M.URL_NOT_WEB)
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
            self.problems.say(path + ("date",), M.BAD_DATE)
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
                place = format_path(where)
                cited_by = M.CITED_AT_LINE.format(place=place, line=line) if line else place
                self.problems.say(("sources", sid), M.CITED_SOURCE_INCOMPLETE, id=sid,
                                  cited_by=cited_by, missing=" or ".join(missing))

    def source_ids(self, raw: Mapping, path: Path, sources: Mapping[str, Source],
                   required: bool = True) -> tuple[str, ...]:
        value = raw.get("source")
        ids = value if isinstance(value, list) else [value] if value else []
        if not ids:
            if required:
                self.problems.say(path, M.MISSING_SOURCE)
            return ()
        bad = [s for s in ids if not isinstance(s, str) or s not in sources]
        for sid in bad:
            self.problems.say(path + ("source",), M.UNKNOWN_SOURCE, id=sid,
                              allowed=", ".join(sorted(sources)))
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
                    self.problems.say(("talking_points", index, "fallback"),
                                      M.SECOND_FALLBACK)
                rules.append(rule)
        return rules

    def talking_point(self, raw: Mapping, path: Path, sources: Mapping[str, Source],
                      classes: Mapping[str, MedicineClass],
                      seen: set[str]) -> TalkingPointRule | None:
        self.fields.unknown(raw, POINT_KEYS, path, "a talking point")
        rid = self.fields.ident(raw, path, seen, "talking point")
        priority = raw.get("priority", "routine")
        if priority not in PRIORITIES:
            self.problems.say(path + ("priority",), M.UNKNOWN_PRIORITY, priority=priority,
                              allowed=", ".join(PRIORITIES))
        fallback = raw.get("fallback") is True
        where = M.WHERE_POINT.format(id=rid)
        when = None
        if "when" in raw:
            when = self.pages.condition(raw["when"], path + ("when",), classes, None, where)
        triggers = self.point_parts(raw, "triggers", path, sources, classes, where, when)
        parts = self.point_parts(raw, "parts", path, sources, classes, where, when)
        if fallback and ("when" in raw or "triggers" in raw or "parts" in raw):
            self.problems.say(path, M.FALLBACK_WITH_WHEN)
        elif not fallback and "when" not in raw and "triggers" not in raw:
            self.problems.say(path, M.POINT_WITHOUT_WHEN)
        texts = {key: self.fields.text(raw, key, path, False) for key in TEXTS}
        say = self.say_text(raw, path, texts["raise"])
        for key in TEXTS:
            if not texts[key] and not (triggers and all(getattr(t, _attr(key)) for t in triggers)):
                self.problems.say(path, M.POINT_MISSING_TEXT, key=key)
        source = self.source_ids(raw, path, sources, required=bool(texts["why"]))
        if source and not texts["why"]:
            self.problems.say(path + ("source",), M.POINT_SOURCE_WITHOUT_WHY)
        title = self.fields.text(raw, "title", path, False)
        if title and PLACEHOLDER.search(title):
            self.problems.say(path + ("title",), M.TITLE_WITH_PLACEHOLDER)
        crisis = raw.get("crisis_line", False)
        if not isinstance(crisis, bool):
            self.problems.say(path + ("crisis_line",), M.NOT_TRUE_OR_FALSE, key="crisis_line")
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
            self.problems.say(path + (key,), M.BAD_PARTS, key=key)
            return []
        parts = []
        for index, raw_part in enumerate(raw_parts):
            ppath = path + (key, index)
            raw_part = self.fields.mapping(raw_part, ppath, what)
            self.fields.unknown(raw_part, PART_KEYS, ppath, f"a {what}")
            if "when" not in raw_part:
                self.problems.say(ppath, M.PART_WITHOUT_WHEN, what=what)
                continue
            when = self.pages.condition(raw_part["when"], ppath + ("when",), classes, None,
                                  M.WHERE_NTH.format(where=where, what=what,
                                                     number=index + 1))
            texts = {name: self.fields.text(raw_part, name, ppath, False) for name in TEXTS}
            say = self.say_text(raw_part, ppath, texts["raise"])
            if key == "triggers" and not texts["raise"]:
                self.problems.say(ppath, M.TRIGGER_WITHOUT_RAISE)
            if not any(texts.values()):
                self.problems.say(ppath, M.PART_WITHOUT_TEXT)
            source = self.source_ids(raw_part, ppath, sources, required=bool(texts["why"]))
            if source and not texts["why"]:
                self.problems.say(ppath + ("source",), M.PART_SOURCE_WITHOUT_WHY, what=what)
            self.check_placeholders(ppath, when, {**texts, "say": say}, rule_when, when)
            once = raw_part.get("once", False)
            if not isinstance(once, bool) or (once and (key == "triggers" or texts["raise"])):
                self.problems.say(ppath + ("once",), M.BAD_ONCE)
                once = False
            if when is not None and any(texts.values()):
                parts.append(PointPart(when, texts["raise"], texts["ask"], texts["why"], source,
                                       once, say))
        return parts

    def say_text(self, raw: Mapping, path: Path, raise_text: str | None) -> str | None:
        """The ``say`` beside a ``raise``: required with it, refused without it."""
        say = self.fields.text(raw, "say", path, False)
        if raise_text and not say:
            self.problems.say(path, M.MISSING_SAY)
        elif say and not raise_text:
            self.problems.say(path + ("say",), M.SAY_WITHOUT_RAISE)
        if say and SPEAKS_TO_PATIENT.search(PLACEHOLDER.sub("", say)):
            self.problems.say(path + ("say",), M.SAY_TO_PATIENT)
        return say

    def check_placeholders(self, path: Path, part_when: Any, texts: Mapping[str, str | None],
                           rule_when: Any, own: Any) -> None:
        questions = self.pages.placeholder_questions
        voiced = self.pages.voiced_questions  # in a 'say', options speak in the patient's voice
        for key, text in texts.items():
            if not text or "{" not in text and "}" not in text:
                continue
            for message in placeholder_problems(voiced if key == "say" else questions, text,
                                                own, rule_when, in_part=part_when is not None,
                                                voiced=key == "say"):
                self.problems.add(path + (key,), message)  # a text from the catalog


def _attr(key: str) -> str:
    return "raise_text" if key == "raise" else key
