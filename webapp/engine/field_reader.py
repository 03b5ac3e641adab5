"""Small checks shared by every part of the questionnaire loader."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .problems import Path, ProblemList

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_-]{0,49}$")
VALUE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,49}$")


class FieldReader:
    """Reads typed values out of raw YAML mappings, reporting each problem with its place."""

    def __init__(self, data: Mapping[str, Any], problems: ProblemList) -> None:
        self.data = data
        self.problems = problems

    def text(self, raw: Mapping, key: str, path: Path, required: bool = True) -> str | None:
        value = raw.get(key)
        if value is None:
            if required:
                self.problems.add(path, f"Missing '{key}'. Add a {key} in plain words.")
            return None
        if not isinstance(value, str) or not value.strip():
            self.problems.add(path + (key,), f"'{key}' must be text.")
            return None
        return " ".join(value.split()) if key not in ("intro",) else value.strip()

    def integer(self, raw: Mapping, key: str, path: Path, default: int | None = None,
                low: int | None = None) -> int | None:
        value = raw.get(key, default)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or (low is not None
                                                                     and value < low):
            floor = f" of {low} or more" if low is not None else ""
            self.problems.add(path + (key,), f"'{key}' must be a whole number{floor}.")
            return default
        return value

    def unknown(self, raw: Mapping, allowed: set[str], path: Path, what: str) -> None:
        for key in raw:
            if key not in allowed:
                self.problems.add(
                    path + (key,),
                    f"Unknown key '{key}' in {what}. Allowed: {', '.join(sorted(allowed))}.",
                )

    def mapping(self, raw: Any, path: Path, what: str) -> Mapping:
        if not isinstance(raw, Mapping):
            self.problems.add(path, f"Each {what} must be a mapping of keys and values.")
            return {}
        return raw

    def listing(self, key: str, required: bool = False) -> list:
        raw = self.data.get(key)
        if raw is None:
            if required:
                self.problems.add((), f"Missing '{key}': add a list of {key.replace('_', ' ')}.")
            return []
        if not isinstance(raw, list):
            self.problems.add((key,), f"'{key}' must be a list.")
            return []
        return raw

    def ident(self, raw: Mapping, path: Path, seen: set[str], what: str) -> str | None:
        value = raw.get("id")
        if not isinstance(value, str) or not ID_PATTERN.match(value):
            self.problems.add(
                path + ("id",) if "id" in raw else path,
                f"Each {what} needs an 'id' of lower-case letters, digits, '_' or '-', "
                "starting with a letter.",
            )
            return None
        if value in seen:
            self.problems.add(path + ("id",), f"Duplicate {what} id '{value}'. Each id must be "
                              "used once: rename one of them.")
            return None
        seen.add(value)
        return value
