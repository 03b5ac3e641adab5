"""The questionnaire's medicine vocabulary: classes of medicine and the medicines it knows.

Pure data read from questions.yaml's ``medicine_classes`` and ``medicines``; the
recognizer (:mod:`webapp.engine.medicines`) indexes it and the questionnaire holds it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MedicineClass:
    """A class of medicine (benzodiazepine, opioid...) and its tags (sedating...).

    ``label`` names the class in a table ("Benzodiazepine"); ``plain`` names it in a
    sentence, with its article ("a benzodiazepine").
    """

    id: str
    label: str
    tags: frozenset[str] = frozenset()
    plain: str = ""


@dataclass(frozen=True)
class KnownMedicine:
    """One entry of the medicine vocabulary.

    Either one medicine (a generic ``name`` with its ``classes``) or a combination
    product whose ``ingredients`` are generic names found elsewhere in the vocabulary.
    ``brands`` holds its other names; ``ambiguous`` names that may also mean another
    medicine (recognised, but always shown as "possibly"). ``plain``, when given,
    names this medicine's kind in a sentence instead of its classes' phrases.
    """

    name: str
    classes: tuple[str, ...] = ()
    brands: tuple[str, ...] = ()
    ingredients: tuple[str, ...] = ()
    ambiguous: tuple[str, ...] = ()
    plain: str | None = None

    @property
    def is_product(self) -> bool:
        """Whether this entry is a combination product (it has ingredients, not classes)."""
        return bool(self.ingredients)

    @property
    def names(self) -> tuple[str, ...]:
        """Every name that is certain to mean this entry: its name and brands."""
        return (self.name, *self.brands)
