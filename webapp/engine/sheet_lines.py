"""How long a text runs in print: the printable box A4 and Letter share, the print
stylesheet's sizes, and each text's lines worked out with the served font's own advance
widths (:mod:`.sheet_font`). :mod:`.sheet_pages` places the sheet's blocks with these.
"""

from __future__ import annotations

from functools import lru_cache

from .sheet_font import BOLD, CHARACTERS, ITALIC, REGULAR

MM = 72 / 25.4
#: The printable box both papers share, in points: A4's width and Letter's height, less the
#: print stylesheet's page margins (8mm top, 9mm sides, 11mm bottom).
PAGE_WIDTH = (210 - 18) * MM
PAGE_HEIGHT = (279.4 - 19) * MM
#: What a page may hold: a little less, for rounding in the browser's layout.
PAGE_ROOM = PAGE_HEIGHT - 8
SIZE = 9.0  # pt: the sheet's type
LINE = SIZE * 1.1  # its line height
LINE_DENSE = SIZE * 1.05  # on a sheet shortened to step 16 (style.css, ``.dense``)
REM = SIZE
H2 = 10 * 1.1 + 0.4 * REM + 0.75  # a section heading: its line, margins and rule
#: A section heading on a sheet shortened to step 13 (style.css,
#: ``.tight``): the same type, its margins .1rem above and .05rem below.
H2_TIGHT = 10 * 1.1 + 0.15 * REM + 0.75
#: A column's width in a list printed in two columns (style.css: a 1.2rem gap).
COLUMN = (PAGE_WIDTH - 1.2 * REM) / 2
SPACE_FACTOR = 1.0

_WIDTHS = {"regular": REGULAR, "bold": BOLD, "italic": ITALIC}
#: Each style's advance widths by character, and the widest (a character not measured).
_ADVANCES = {style: dict(zip(CHARACTERS, widths, strict=True))
             for style, widths in _WIDTHS.items()}
_WIDEST = {style: max(widths) for style, widths in _WIDTHS.items()}


def text_width(text: str, style: str = "regular", size: float = SIZE) -> float:
    """The width of ``text`` in points; a character not measured counts as the widest."""
    advances, widest = _ADVANCES[style], _WIDEST[style]
    return sum([advances.get(c, widest) for c in text]) * size / 1000


@lru_cache(maxsize=4096)
def _run_words(text: str, style: str, size: float) -> tuple[tuple[bool, float | None], ...]:
    """``text`` cut at its spaces, as (a space comes before it, the word's width or None
    for an empty piece). Kept for the texts measured most: a point's text is measured at
    each column share, and the same sentences come back for every patient."""
    return tuple((n > 0, text_width(word, style, size) if word else None)
                 for n, word in enumerate(text.split(" ")))


def lines(runs: list[tuple[str, str]] | str, width: float, size: float = SIZE) -> int:
    """How many lines ``runs`` ((text, style) pieces, or plain text) take at ``width``,
    wrapped at spaces as the browser does; a word longer than a line (a web address)
    breaks anywhere."""
    return wrapped(words_of(runs, size), width)


def words_of(runs: list[tuple[str, str]] | str,
             size: float = SIZE) -> list[tuple[float, float]]:
    """``runs`` as (width of the word, width of the space after it), to wrap at any width."""
    if isinstance(runs, str):
        runs = [(runs, "regular")]
    words: list[tuple[float, float]] = []
    for text, style in runs:
        space = text_width(" ", style, size)
        for spaced, wide in _run_words(text, style, size):
            if spaced and words:
                words[-1] = (words[-1][0], space)
            if wide is not None:
                words.append((wide, 0.0))
    return words


def wrapped(words: list[tuple[float, float]], width: float) -> int:
    """How many lines ``words`` (:func:`words_of`) take at ``width``."""
    count, used = 1, 0.0
    for wide, space in words:
        if used and used + wide > width:
            count, used = count + 1, 0.0
        while wide > width:  # breaks anywhere
            wide -= width
            count += 1
        used += wide + space
    return count
