"""Names as typed -> recognised medicine and class.

The vocabulary is data (``medicines`` in questions.yaml). A name is matched in
any case, with dose text or form around it ("Klonopin 0.5mg", "zolpidem ER"),
and with small misspellings on longer names. A name that is not recognised is
kept exactly as typed: it is never dropped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache

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
    classes: frozenset[str] = frozenset()
    tags: frozenset[str] = frozenset()
    fields: Mapping[str, str] = field(default_factory=dict)

    @property
    def recognised(self) -> bool:
        return self.generic is not None


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
        classes = frozenset(known.classes)
        tags = frozenset(t for c in classes for t in self.classes[c].tags)
        return ListedMedicine(typed, question_id, known.name, classes, tags, dict(fields or {}))

    def class_labels(self, med: ListedMedicine) -> list[str]:
        """Labels of the classes of ``med``, in a stable order."""
        return [self.classes[c].label for c in sorted(med.classes)]


def listed_medicines(index: MedicineIndex, questions: list[Question],
                     answers: Mapping[str, object]) -> tuple[ListedMedicine, ...]:
    """Every medicine in ``answers``: typed rows of medicine lists and ticked options."""
    found: list[ListedMedicine] = []
    ticked: list[ListedMedicine] = []
    for question in questions:
        value = answers.get(question.id)
        if not value:
            continue
        if question.type == "medicine_list" and isinstance(value, list):
            for row in value:
                name = str(row.get("name", "")).strip() if isinstance(row, Mapping) else ""
                if name:
                    details = {k: str(v) for k, v in row.items() if k != "name" and v}
                    found.append(index.listed(name, question.id, details))
        elif question.options:
            chosen = value if isinstance(value, list) else [value]
            for option in question.options:
                if option.medicine and option.value in chosen:
                    ticked.append(index.listed(option.medicine, question.id))
    typed = {med.generic for med in found}
    # A ticked aid already typed into the list ("Benadryl") is the same medicine: list it once.
    found += [replace(med, typed=med.generic.capitalize()) for med in ticked
              if med.generic not in typed]
    return tuple(found)
