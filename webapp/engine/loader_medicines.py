"""Read the medicine classes and the medicine vocabulary of questions.yaml.

Part of the loader (:mod:`webapp.engine.loader`): each name of a medicine, brand or
ambiguous spelling is used once, a combination product names two or more single
medicines, and every class has a plain phrase with its article ("a benzodiazepine").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from . import loader_messages as M
from .field_reader import FieldReader
from .medicines import name_key
from .problems import Path
from .questionnaire import KnownMedicine, MedicineClass


class MedicineReader:
    """Builds ``medicine_classes`` and ``medicines``, reporting problems as it reads."""

    def __init__(self, fields: FieldReader) -> None:
        self.fields = fields
        self.problems = fields.problems
        self.data = fields.data

    def build_classes(self) -> dict[str, MedicineClass]:
        """``medicine_classes``: each with a label, a plain phrase and its tags, by id."""
        raw = self.data.get("medicine_classes") or {}
        if not isinstance(raw, Mapping):
            self.problems.say(("medicine_classes",), M.NOT_A_MAPPING_KEY, key="medicine_classes")
            return {}
        classes = {}
        for cid, entry in raw.items():
            path = ("medicine_classes", cid)
            entry = self.fields.mapping(entry, path, "medicine class")
            self.fields.unknown(entry, {"label", "plain", "tags"}, path, "a medicine class")
            label = self.fields.text(entry, "label", path)
            plain = self.plain_phrase(entry, path, required=True)
            tags = entry.get("tags") or []
            if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
                self.problems.say(path + ("tags",), M.TAGS_NOT_WORDS)
                tags = []
            if label:  # kept without a good 'plain', so its medicines are not reported too
                classes[str(cid)] = MedicineClass(str(cid), label, frozenset(tags), plain or "")
        return classes

    def plain_phrase(self, entry: Mapping, path: Path, required: bool) -> str | None:
        """A class's (or one medicine's) name for use in a sentence: "a benzodiazepine"."""
        if entry.get("plain") is None:
            if required:
                self.problems.say(path, M.MISSING_PLAIN)
            return None
        plain = self.fields.text(entry, "plain", path)
        if plain and not plain.startswith(("a ", "an ")):
            self.problems.say(path + ("plain",), M.PLAIN_WITHOUT_ARTICLE, plain=plain)
            return None
        return plain

    def build_medicines(self, classes: Mapping[str, MedicineClass]) -> list[KnownMedicine]:
        """``medicines``: single medicines in ``classes``, then combination products of them."""
        medicines: list[KnownMedicine] = []
        products: list[tuple[Path, KnownMedicine, Any]] = []  # checked once all are read
        seen: dict[str, int] = {}
        for index, entry in enumerate(self.fields.listing("medicines")):
            path = ("medicines", index)
            entry = self.fields.mapping(entry, path, "medicine")
            self.fields.unknown(entry, {"name", "class", "ingredients", "brands", "ambiguous",
                                        "plain"}, path, "a medicine")
            name = self.fields.text(entry, "name", path)
            names = {key: self.names(entry, key, path) for key in ("brands", "ambiguous")}
            for key, words in (("name", [name] if name else []), *names.items()):
                for position, word in enumerate(words):
                    where = path + ((key,) if key == "name" else (key, position))
                    self.check_name_once(word, where, index, seen)
            if ("class" in entry) == ("ingredients" in entry):
                self.problems.say(path, M.CLASS_OR_INGREDIENTS)
                continue
            plain = self.plain_phrase(entry, path, required=False)
            if "ingredients" in entry:
                if "plain" in entry:
                    self.problems.say(path + ("plain",), M.COMBINATION_WITH_PLAIN)
                if name:
                    products.append((path + ("ingredients",), KnownMedicine(
                        name, brands=tuple(names["brands"]),
                        ambiguous=tuple(names["ambiguous"])), entry["ingredients"]))
                continue
            raw_classes = entry.get("class")
            cls = raw_classes if isinstance(raw_classes, list) else [raw_classes]
            bad = [c for c in cls if not isinstance(c, str) or c not in classes]
            if bad:
                self.problems.say(path + ("class",), M.UNKNOWN_MEDICINE_CLASS_ADD, name=bad[0],
                                  allowed=", ".join(sorted(classes)))
            elif name:
                medicines.append(KnownMedicine(
                    name, tuple(str(c) for c in cls), tuple(names["brands"]),
                    ambiguous=tuple(names["ambiguous"]), plain=plain))
        singles = {med.name.lower() for med in medicines}
        for where, product, raw in products:
            ingredients = self.ingredients(raw, where, singles)
            if ingredients:
                medicines.append(replace(product, ingredients=ingredients))
        return medicines

    def names(self, entry: Mapping, key: str, path: Path) -> list[str]:
        """A medicine's ``brands`` or ``ambiguous`` names: a list of words, or none."""
        words = entry.get(key) or []
        if not isinstance(words, list) or not all(isinstance(b, str) for b in words):
            self.problems.say(path + (key,), M.NOT_A_LIST_OF_NAMES, key=key)
            return []
        return words

    def check_name_once(self, word: str, path: Path, index: int, seen: dict[str, int]) -> None:
        """Report a name with no letters, or one already used (in any spelling of it)."""
        key = name_key(word)
        if not key:
            self.problems.say(path, M.NAME_WITHOUT_LETTERS, name=word)
        elif key in seen:
            self.problems.say(path, M.NAME_TWICE, name=word, index=seen[key])
        else:
            seen[key] = index

    def ingredients(self, raw: Any, path: Path, singles: set[str]) -> tuple[str, ...]:
        """A product's ingredients: two or more single medicines named in the vocabulary."""
        if not isinstance(raw, list) or len(raw) < 2 or \
                not all(isinstance(item, str) for item in raw):
            self.problems.say(path, M.TOO_FEW_INGREDIENTS)
            return ()
        names = tuple(item.lower() for item in raw)
        unknown = [(i, item) for i, item in enumerate(raw) if item.lower() not in singles]
        for i, item in unknown:
            self.problems.say(path + (i,), M.UNKNOWN_INGREDIENT, name=item)
        if len(set(names)) < len(names):
            self.problems.say(path, M.INGREDIENT_TWICE)
            return ()
        return () if unknown else names
