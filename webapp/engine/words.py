"""A text as a sequence of pieces: the app's words, and the patient's own words inside them.

A talking point's filled text ("I take Percocet (oxycodone, an opioid pain medicine).") holds
words the app wrote and words the patient typed ("Percocet"). Keeping them apart, as data,
lets the printout mark the patient's words as theirs (visibly and for screen readers), the
text format quote them, and the guardrail read only what the app wrote.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

#: What stands for the patient's words when the guardrail reads a filled text: a noun.
THEIRS_PLACEHOLDER = "{their_words}"


@dataclass(frozen=True)
class Piece:
    """A run of text; ``theirs`` when the patient typed it. ``slot``: filled in for a
    placeholder (medicine names, an option's phrase), checked where it is written."""

    text: str
    theirs: bool = False
    slot: bool = False


Words = tuple[Piece, ...]


def ours(text: str) -> Words:
    """``text`` written by the app, as words."""
    return (Piece(text),) if text else ()


def theirs(text: str) -> Words:
    """``text`` the patient typed, as words."""
    return (Piece(text, True),) if text else ()


def joined(parts: Iterable[Words], between: str = " ") -> Words:
    """The ``parts`` one after another, ``between`` (the app's) separating them."""
    out: list[Piece] = []
    for part in parts:
        if not part:
            continue
        if out and between:
            out.append(Piece(between))
        out.extend(part)
    return merged(out)


def merged(pieces: Iterable[Piece]) -> Words:
    """Neighbouring pieces of the same owner run together; empty pieces dropped."""
    out: list[Piece] = []
    for piece in pieces:
        if not piece.text:
            continue
        if out and (out[-1].theirs, out[-1].slot) == (piece.theirs, piece.slot):
            out[-1] = Piece(out[-1].text + piece.text, piece.theirs, piece.slot)
        else:
            out.append(piece)
    return tuple(out)


def plain(words: Words) -> str:
    """The text as one string, whoever wrote each part."""
    return "".join(piece.text for piece in words)


def authored(words: Words) -> str:
    """The app's words, each filled-in placeholder and each run of the patient's words
    replaced by a placeholder.

    This is what the guardrail reads: the placeholder counts as a noun there.
    """
    out: list[str] = []
    for piece in words:
        if not (piece.theirs or piece.slot):
            out.append(piece.text)
        elif not out or out[-1] != THEIRS_PLACEHOLDER:
            out.append(THEIRS_PLACEHOLDER)
    return "".join(out)


def as_slot(words: Words) -> Words:
    """``words`` marked as filled in for a placeholder."""
    return tuple(Piece(piece.text, piece.theirs, True) for piece in words)


def quoted(words: Words) -> str:
    """The text with the patient's words in double quotes, for the plain-text sheet."""
    return "".join(f"\u201c{piece.text}\u201d" if piece.theirs else piece.text
                   for piece in words)


def their_words(words: Words) -> list[str]:
    """Each run of the patient's words in ``words``."""
    return [piece.text for piece in words if piece.theirs]
