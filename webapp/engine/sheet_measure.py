"""How tall a talking point and the medicine table are in print, for :mod:`.sheet_pages`.

A talking point prints in two columns (what I want to raise and ask on the left, why on the
right) at the share of the page that makes them most even, or in one without its why; the
medicine table's columns take the print stylesheet's shares. Words are measured with the
app's own font (:mod:`.sheet_lines`); style.css gives the sizes these follow.
"""

from __future__ import annotations

from .language import gettext as _
from .rules import TalkingPoint
from .sheet_lines import LINE, PAGE_WIDTH, REM, lines, words_of, wrapped
from .summary import MedicineRow, Summary
from .words import plain

#: The left column's share (percent) of a talking point printed in two columns: what I want
#: to raise and ask on the left, why on the right. The stylesheet has a class for each;
#: finer steps even the columns out more, so the points take fewer lines.
SPLITS = (34, 38, 42, 46, 50, 54, 58, 62, 66, 70)

#: The share of a point printed without its why: one column across the page.
WHOLE = 100


def point_fit(point: TalkingPoint, why: bool = True, line: float = LINE) -> tuple[int, float]:
    """The left column's share that makes the point's two columns most even in height, and
    the point's height at that share (its words cut once, each share measured once);
    without its ``why``, one column (:data:`WHOLE`), its references after the ask; ``line``:
    the line height."""
    measure = _PointMeasure(point, line)
    if not why:
        return WHOLE, measure.height(WHOLE)
    return min(((share, measure.height(share)) for share in SPLITS),
               key=lambda fit: (fit[1], abs(fit[0] - 54)))


def _point_columns(share: int) -> tuple[float, float]:
    inner = PAGE_WIDTH - 2.25 - 0.45 * REM  # its rule and padding
    if share == WHOLE:
        return inner, 0.0
    inner -= REM  # the column gap
    return inner * share / 100, inner * (100 - share) / 100


def printed_refs(point: TalkingPoint) -> str:
    """The point's references as printed, measured with the widest numbers the sheet has."""
    return "[" + ", ".join(str(n) for n in range(10, 10 + len(point.sources))) + "]"


class _PointMeasure:
    """A point's words in print, cut and measured once, to wrap at any column share."""

    def __init__(self, point: TalkingPoint, line: float = LINE) -> None:
        self.point = point
        self.line = line
        # The title runs into its paragraph (print: the heading is inline, ending in a stop).
        title = [(f"99. {point.title or ''}", "bold")] + (
            [(" " + _("Safety").upper(), "bold")] if point.is_safety else [])
        self._lead = [*title, (". ", "bold"), (_("I want to raise:") + " ", "bold"),
                      (plain(point.say), "italic"), (" ", "regular"),
                      (_("I want to ask:") + " ", "bold")]
        self._crisis = words_of([(point.crisis_line, "bold")]) if point.crisis_line else None
        self._left: list[tuple[float, float]] | None = None
        self._right: list[tuple[float, float]] | None = None

    def height(self, share: int) -> float:
        """The point's height with its left column at ``share`` percent (or WHOLE)."""
        left, right = _point_columns(share)
        point = self.point
        if share == WHOLE:
            left_words = words_of([*self._lead, (f"{point.ask} {printed_refs(point)}", "regular")])
            right_lines = 0
        else:
            if self._left is None or self._right is None:
                self._left = words_of([*self._lead, (point.ask, "regular")])
                self._right = words_of([(_("Why:") + " ", "bold"),
                                        (f"{point.why} {printed_refs(point)}", "regular")])
            left_words, right_lines = self._left, wrapped(self._right, right)
        left_lines = wrapped(left_words, left) + (
            wrapped(self._crisis, left - 0.4 * REM - 2.25) if self._crisis is not None else 0)
        return max(left_lines, right_lines) * self.line + 0.12 * REM + 0.5


#: The medicine table's columns in print, as shares of its width (style.css): as I wrote
#: it, recognized as, kind of medicine, then each detail column.
TABLE_SHARES = (27.5, 12.5, 17.0)
DETAIL_SHARE = 14.33
#: The same on a sheet shortened to step 14 (style.css, ``.meds.names-wide``): the first
#: column, with each name and purpose in full, wider.
WIDE_SHARES = (36.0, 12.5, 15.5)
WIDE_DETAIL_SHARE = 12.0
CELL_PAD = 0.35 * REM


def _table_widths(summary: Summary, wide: bool = False) -> list[float]:
    """Each column's text width: the shares as the browser stretches them to the table's
    width when fewer detail columns leave them short of 100%; ``wide``: step 14's."""
    first, detail = (WIDE_SHARES, WIDE_DETAIL_SHARE) if wide else (TABLE_SHARES, DETAIL_SHARE)
    shares = [*first, *(detail for _ in summary.medicine_columns)]
    return [PAGE_WIDTH * share / sum(shares) - CELL_PAD for share in shares]


def _row_height(med: MedicineRow, number: int | None, columns: tuple[str, ...],
                widths: list[float], in_full: bool = False, line: float = LINE) -> float:
    """A table row's height; ``in_full``: its typed texts in full (not cut at 40)."""
    name = [(f"{number}. " if number else "", "regular"),
            (med.typed if med.ticked or in_full else med.short_typed, "italic")]
    if med.purpose:
        name += [(" " + _("for") + " ", "regular"),
                 ((med.purpose if in_full else med.short_purpose) or "", "italic")]
    if med.cut and not in_full:
        name.append((" " + _("(in full below)"), "regular"))
    cells = [name, [(med.recognised_as or _("not recognized"), "regular")],
             [(", ".join(med.classes), "regular")]]
    cells += [[(med.fields.get(c, "–"), "regular")] for c in columns]
    return max(lines(cell, width)
               for cell, width in zip(cells, widths, strict=True)) * line + 0.06 * REM + 0.75


def table_height(summary: Summary, rows: tuple[MedicineRow, ...], start: int,
                  in_full: bool = False, wide: bool = False, line: float = LINE) -> float:
    """The medicine table's height: its headings and ``rows``, numbered from ``start + 1``
    where the sheet numbers them; ``in_full``, ``wide``: as a shortened sheet prints it."""
    columns = tuple(name for name, _ in summary.medicine_columns)
    widths = _table_widths(summary, wide)
    headings = [_("As I wrote it"), _("Recognized as"), _("Kind of medicine"),
                *(heading for _, heading in summary.medicine_columns)]
    head = max(lines([(text, "bold")], width)
               for text, width in zip(headings, widths, strict=True)) * line + 0.06 * REM + 1.5
    return head + sum(_row_height(med, start + n if summary.numbered else None, columns, widths,
                                  in_full, line) for n, med in enumerate(rows, 1))


def more_medicine(summary: Summary, med: MedicineRow, number: int,
                   labelled: bool = True) -> list[tuple[str, str]]:
    """A row under "More of my medicines" as its text runs (summary.html's line);
    ``labelled``: its details with their labels (not on a sheet shortened to step 15)."""
    runs = [(f"{number}. ", "bold"), (med.typed, "regular" if med.ticked else "italic")]
    if med.purpose:
        runs += [(" " + _("for") + " ", "regular"), (med.purpose, "italic")]
    return [*runs, (": " + summary.medicine_details(med, labelled), "regular")]
