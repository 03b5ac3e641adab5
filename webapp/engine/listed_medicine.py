"""One medicine a patient listed or ticked: what the conditions, rules and summary look at.

Pure data, with no import of the app's other modules, so that both the medicine
recognizer (:mod:`webapp.engine.medicines`, which makes them) and the conditions (which read
them) can name the one class.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property


@dataclass(frozen=True)
class ListedMedicine:
    """One medicine the patient listed or ticked, as typed, with what we recognized.

    A row naming two medicines, or a combination product, gives one of these for
    each medicine; a row with nothing recognized gives one with ``generic=None``.
    """

    typed: str  # the words that named it, as the patient wrote them (the row if none did)
    question_id: str
    generic: str | None = None
    class_tags: Mapping[str, frozenset[str]] = field(default_factory=dict)  # class -> its tags
    fields: Mapping[str, str] = field(default_factory=dict)  # the row's details
    row_text: str = ""  # the whole name typed in the row (``typed`` when not given)
    row: int | None = None  # the row's place in its list, from 0; None for a ticked option
    product: str | None = None  # the combination product it is part of, if any
    fuzzy: bool = False  # recognized only as a likely misspelling or an unsure name

    def __post_init__(self) -> None:
        if not self.row_text:
            object.__setattr__(self, "row_text", self.typed)

    @property
    def table_row(self) -> tuple[str, int | None, str]:
        """What makes its row in the sheet's medicine table: one row per line typed (a line
        naming two medicines is one row) and per option ticked."""
        return (self.question_id, self.row, self.row_text)

    @property
    def recognised(self) -> bool:
        return self.generic is not None

    @cached_property
    def classes(self) -> frozenset[str]:
        """Its medicine classes (none when the name was not recognized)."""
        return frozenset(self.class_tags)

    @cached_property
    def tags(self) -> frozenset[str]:
        """The tags of all its classes."""
        return frozenset(tag for tags in self.class_tags.values() for tag in tags)
