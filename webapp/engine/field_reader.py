"""Small checks shared by every part of the questionnaire loader."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from . import loader_messages as M
from .problems import Path, ProblemList
from .questionnaire import Option

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_-]{0,49}$")
VALUE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,49}$")
OPTION_KEYS = {"value", "label", "hint", "score", "exclusive", "medicine", "phrase", "say"}


class FieldReader:
    """Reads typed values (and option lists) out of raw YAML mappings, reporting each problem
    with its place. The page, point and file readers each hold one."""

    def __init__(self, data: Mapping[str, Any], problems: ProblemList) -> None:
        self.data = data
        self.problems = problems

    def text(self, raw: Mapping, key: str, path: Path, required: bool = True) -> str | None:
        value = raw.get(key)
        if value is None:
            if required:
                self.problems.say(path, M.MISSING_TEXT, key=key)
            return None
        if not isinstance(value, str) or not value.strip():
            self.problems.say(path + (key,), M.NOT_TEXT, key=key)
            return None
        return " ".join(value.split()) if key not in ("intro",) else value.strip()

    def integer(self, raw: Mapping, key: str, path: Path, default: int | None = None,
                low: int | None = None) -> int | None:
        value = raw.get(key, default)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or (low is not None
                                                                     and value < low):
            if low is None:
                self.problems.say(path + (key,), M.NOT_WHOLE_NUMBER, key=key)
            else:
                self.problems.say(path + (key,), M.NOT_WHOLE_NUMBER_FROM, key=key, low=low)
            return default
        return value

    def unknown(self, raw: Mapping, allowed: set[str], path: Path, what: str) -> None:
        for key in raw:
            if key not in allowed:
                self.problems.say(path + (key,), M.UNKNOWN_KEY_IN, key=key, what=what,
                                  allowed=", ".join(sorted(allowed)))

    def mapping(self, raw: Any, path: Path, what: str) -> Mapping:
        if not isinstance(raw, Mapping):
            self.problems.say(path, M.NOT_A_MAPPING, what=what)
            return {}
        return raw

    def listing(self, key: str, required: bool = False) -> list:
        raw = self.data.get(key)
        if raw is None:
            if required:
                self.problems.say((), M.MISSING_LIST, key=key, things=key.replace("_", " "))
            return []
        if not isinstance(raw, list):
            self.problems.say((key,), M.NOT_A_LIST, key=key)
            return []
        return raw

    def ident(self, raw: Mapping, path: Path, seen: set[str], what: str) -> str | None:
        value = raw.get("id")
        if not isinstance(value, str) or not ID_PATTERN.match(value):
            self.problems.say(path + ("id",) if "id" in raw else path, M.BAD_ID, what=what)
            return None
        if value in seen:
            self.problems.say(path + ("id",), M.DUPLICATE_ID, what=what, value=value)
            return None
        seen.add(value)
        return value

    def option_list(self, raw_options: list, path: Path, exclusive_allowed: bool,
                    known_medicines: set[str]) -> tuple[Option, ...]:
        """The options of a choice (or of a medicine row's detail), each checked."""
        options, values = [], set()
        for index, raw_opt in enumerate(raw_options):
            opath = path + (index,)
            raw_opt = self.mapping(raw_opt, opath, "option")
            self.unknown(raw_opt, OPTION_KEYS, opath, "an option")
            value, label = raw_opt.get("value"), self.text(raw_opt, "label", opath)
            if not isinstance(value, str) or not VALUE_PATTERN.match(value):
                self.problems.say(opath + ("value",) if "value" in raw_opt else opath,
                                  M.BAD_OPTION_VALUE, value=value)
                continue
            if value in values:
                self.problems.say(opath + ("value",), M.DUPLICATE_OPTION_VALUE, value=value)
                continue
            values.add(value)
            score = self.integer(raw_opt, "score", opath, low=0)
            exclusive = raw_opt.get("exclusive") is True
            if exclusive and not exclusive_allowed:
                self.problems.say(opath + ("exclusive",), M.EXCLUSIVE_NOT_MULTIPLE)
            medicine = raw_opt.get("medicine")
            if medicine is not None and str(medicine).lower() not in known_medicines:
                self.problems.say(opath + ("medicine",), M.UNKNOWN_OPTION_MEDICINE,
                                  medicine=medicine)
                medicine = None
            if label:
                options.append(Option(value, label, self.text(raw_opt, "hint", opath, False),
                                      score, exclusive, medicine and str(medicine).lower(),
                                      self.text(raw_opt, "phrase", opath, False),
                                      self.text(raw_opt, "say", opath, False)))
        return tuple(options)
