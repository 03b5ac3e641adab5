"""The medicines a patient listed (medicine-list rows) or ticked (options naming one).

Reads the answers to the questionnaire's questions with the recognizer of
:mod:`webapp.engine.medicines`; the rules build the list one answer at a time
(:class:`MedicineCollector`) as they walk the pages.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from .listed_medicine import ListedMedicine
from .medicines import MedicineIndex
from .questionnaire import Question


def listed_medicines(index: MedicineIndex, questions: Iterable[Question],
                     answers: Mapping[str, object]) -> tuple[ListedMedicine, ...]:
    """Every medicine in ``answers``: those named in medicine-list rows, and ticked options."""
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
        self._typed: list[ListedMedicine] = []  # medicines named in list rows, in order
        self._ticked: list[ListedMedicine] = []  # ticked options, in order
        self._typed_generics: set[str | None] = set()
        self._listed: tuple[ListedMedicine, ...] = ()
        self._stale = False

    def add(self, question: Question, value: object) -> None:
        """Add the medicines in ``value``, the answer to ``question`` (no-op for others)."""
        if not value:
            return
        if question.kind.lists_medicines and isinstance(value, list):
            for position, row in enumerate(value):
                name = str(row.get("name", "")).strip() if isinstance(row, Mapping) else ""
                if name:
                    details = {k: str(v) for k, v in row.items() if k != "name" and v}
                    meds = self.index.listed(name, question.id, details, position)
                    self._typed.extend(meds)
                    self._typed_generics.update(med.generic for med in meds)
                    self._stale = True
        elif question.medicine_options:
            chosen = value if isinstance(value, list) else [value]
            for option in question.medicine_options:
                if option.medicine and option.value in chosen:
                    self._ticked.extend(self.index.listed(option.medicine, question.id))
                    self._stale = True

    def fork(self) -> MedicineCollector:
        """A copy that goes on apart from this one."""
        other = MedicineCollector(self.index)
        other._typed, other._ticked = list(self._typed), list(self._ticked)
        other._typed_generics = set(self._typed_generics)
        other._listed, other._stale = self._listed, self._stale
        return other

    def listed(self) -> tuple[ListedMedicine, ...]:
        """Typed rows, then ticked aids not already typed, each listed once."""
        if self._stale:
            # A ticked aid already typed into the list ("Benadryl") is the same medicine.
            self._listed = (*self._typed, *(
                replace(med, typed=_capitalized(med.generic), row_text=_capitalized(med.generic))
                for med in self._ticked if med.generic not in self._typed_generics))
            self._stale = False
        return self._listed


def _capitalized(name: str | None) -> str:
    """``name`` with a capital first letter ("Melatonin"; "GABA" stays "GABA")."""
    return (name or "")[:1].upper() + (name or "")[1:]
