"""Names as typed -> recognised medicine and class.

The vocabulary is data (``medicines`` in questions.yaml). A name is matched in
any case, with dose text or form around it ("Klonopin 0.5mg", "zolpidem ER"),
and with small misspellings on longer names. A name that is not recognised is
kept exactly as typed: it is never dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from .questionnaire import KnownMedicine, MedicineClass, Question

#: Shortest typed word that may be matched despite a misspelling.
FUZZY_MIN_LENGTH = 5
#: Most letters that may differ in a misspelled name.
FUZZY_MAX_EDITS = 2
#: Shortest typed word that may differ by FUZZY_MAX_EDITS letters; shorter ones by one only.
#: Two edits on a short word reach other medicines: "calcium" -> Valium, "lithium" -> Librium.
FUZZY_TWO_EDITS_LENGTH = 8
#: Everyday words one or two letters from a medicine name: never read as misspellings.
NOT_MISSPELLINGS = frozenset({
    "ultra", "coral", "seasonal", "neuro", "bovine", "medicine", "medicines", "ended", "verse",
    "reversed", "concert", "restored", "calms", "vitamins", "calcium", "lithium",
})
_WORD = re.compile(r"[a-z]+")
_MAX_WORDS_IN_NAME = 3


@dataclass(frozen=True)
class ListedMedicine:
    """One medicine the patient listed or ticked, as typed, with what we recognised."""

    typed: str
    question_id: str
    generic: str | None = None
    class_tags: Mapping[str, frozenset[str]] = field(default_factory=dict)  # class -> its tags
    fields: Mapping[str, str] = field(default_factory=dict)

    @property
    def recognised(self) -> bool:
        return self.generic is not None

    @cached_property
    def classes(self) -> frozenset[str]:
        """Its medicine classes (none when the name was not recognised)."""
        return frozenset(self.class_tags)

    @cached_property
    def tags(self) -> frozenset[str]:
        """The tags of all its classes."""
        return frozenset(tag for tags in self.class_tags.values() for tag in tags)


class MedicineIndex:
    """Looks up typed names in the vocabulary; built once per questionnaire."""

    def __init__(self, medicines: tuple[KnownMedicine, ...],
                 classes: Mapping[str, MedicineClass]) -> None:
        self.classes = classes
        self.by_name: dict[str, KnownMedicine] = {}
        for med in medicines:
            for name in (med.name, *med.brands):
                self.by_name[" ".join(_WORD.findall(name.lower()))] = med
        self._fuzzy_names = [name for name in self.by_name
                             if " " not in name and len(name) >= FUZZY_MIN_LENGTH]
        self.recognise = lru_cache(maxsize=4096)(self._recognise)

    def _recognise(self, typed: str) -> KnownMedicine | None:
        """Return the medicine named in ``typed``, or None if it is not recognised."""
        words = _WORD.findall(typed.lower())
        for size in range(min(_MAX_WORDS_IN_NAME, len(words)), 0, -1):
            for start in range(len(words) - size + 1):
                found = self.by_name.get(" ".join(words[start:start + size]))
                if found:
                    return found
        for word in words:
            if len(word) < FUZZY_MIN_LENGTH or word in NOT_MISSPELLINGS:
                continue
            edits = FUZZY_MAX_EDITS if len(word) >= FUZZY_TWO_EDITS_LENGTH else 1
            match = process.extractOne(word, self._fuzzy_names, scorer=Levenshtein.distance,
                                       score_cutoff=edits)
            if match:
                return self.by_name[match[0]]
        return None

    def listed(self, typed: str, question_id: str,
               fields: Mapping[str, str] | None = None) -> ListedMedicine:
        """Describe one typed medicine: its generic name, classes and tags if recognised."""
        known = self.recognise(typed)
        if known is None:
            return ListedMedicine(typed, question_id, fields=dict(fields or {}))
        class_tags = {c: frozenset(self.classes[c].tags) for c in known.classes}
        return ListedMedicine(typed, question_id, known.name, class_tags, dict(fields or {}))

    def class_labels(self, med: ListedMedicine) -> list[str]:
        """Labels of the classes of ``med``, in a stable order."""
        return [self.classes[c].label for c in sorted(med.classes)]


def listed_medicines(index: MedicineIndex, questions: Iterable[Question],
                     answers: Mapping[str, object]) -> tuple[ListedMedicine, ...]:
    """Every medicine in ``answers``: typed rows of medicine lists and ticked options."""
    collector = MedicineCollector(index)
    for question in questions:
        collector.add(question, answers.get(question.id))
    return collector.listed()


class MedicineCollector:
    """:func:`listed_medicines`, built one answer at a time in question order.

    The rules add answers as they walk the pages and ask for the list only when a
    condition needs it; it is put together again only after a medicine was added.
    """

    def __init__(self, index: MedicineIndex) -> None:
        self.index = index
        self._typed: list[ListedMedicine] = []  # rows of medicine lists, in order
        self._ticked: list[ListedMedicine] = []  # ticked options, in order
        self._typed_generics: set[str | None] = set()
        self._listed: tuple[ListedMedicine, ...] = ()
        self._stale = False

    def add(self, question: Question, value: object) -> None:
        """Add the medicines in ``value``, the answer to ``question`` (no-op for others)."""
        if not value:
            return
        if question.type == "medicine_list" and isinstance(value, list):
            for row in value:
                name = str(row.get("name", "")).strip() if isinstance(row, Mapping) else ""
                if name:
                    details = {k: str(v) for k, v in row.items() if k != "name" and v}
                    med = self.index.listed(name, question.id, details)
                    self._typed.append(med)
                    self._typed_generics.add(med.generic)
                    self._stale = True
        elif question.medicine_options:
            chosen = value if isinstance(value, list) else [value]
            for option in question.medicine_options:
                if option.value in chosen:
                    self._ticked.append(self.index.listed(option.medicine, question.id))
                    self._stale = True

    def listed(self) -> tuple[ListedMedicine, ...]:
        """Typed rows, then ticked aids not already typed, each listed once."""
        if self._stale:
            # A ticked aid already typed into the list ("Benadryl") is the same medicine.
            self._listed = (*self._typed, *(
                replace(med, typed=med.generic.capitalize()) for med in self._ticked
                if med.generic not in self._typed_generics))
            self._stale = False
        return self._listed
