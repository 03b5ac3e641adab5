"""How the printed sheet falls onto pages, worked out on the server.

The sheet is cut into blocks (the header, the top block, each talking point, each source...),
each block's height is worked out from its text with the app's own font's advance widths
(:mod:`.sheet_font`) and the print stylesheet's sizes, and the blocks are placed onto pages
of the printable box that A4 and Letter share (A4's width, Letter's height). The template
starts each page with a forced break, and each block keeps whole, so the sheet prints on
exactly :attr:`Layout.count` pages on either paper, as long as no page overflows: the
heights here are a little generous for that (tests/browser/test_print.py checks it).

A block taller than a page (an extreme top block) starts a page, may split inside, and is
counted as the pages it fills; the next block starts a fresh page.

A list that may break between items (the sources, the points listed by title, and on a sheet
shortened to step 9 the other lists) is a block an item, its heading's height on the first:
where a page breaks inside it, the template starts a new list, so no item splits and no
heading ends a page.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from .language import gettext as _
from .sheet_diary import diary_heights
from .sheet_lines import (
    COLUMN,
    H2,
    H2_TIGHT,
    LINE,
    LINE_DENSE,
    PAGE_ROOM,
    PAGE_WIDTH,
    REM,
    lines,
)
from .sheet_measure import WHOLE, more_medicine, point_fit, printed_refs, table_height
from .sheet_sources import brief_source, printed_address
from .summary import Summary
from .words import plain

if TYPE_CHECKING:  # sheet_fit shortens a long sheet with these measures
    from .sheet_fit import Condensed


@dataclass(frozen=True)
class Block:
    """A piece of the sheet kept whole on one page, by its key in the template."""

    key: str
    height: float
    #: A piece of a flowing paragraph (a source in the list of sources): its text runs.
    #: Consecutive pieces share lines; a page breaks only between pieces, starting a new
    #: paragraph there (the template starts a new list), so the count stays exact.
    runs: tuple[tuple[str, str], ...] = ()
    #: A talking point's block: (its id, the left column's share its height was measured at).
    point: tuple[str, int] | None = None
    #: An item of a list printed in two balanced columns (a shortened sheet's points listed
    #: by title): its height at a column's width. Consecutive items share the columns; a
    #: page breaks only between items, starting a new list there (as with ``runs``).
    item: float | None = None
    #: The line height a flowing paragraph's pieces print at (smaller on a sheet shortened
    #: to step 16).
    line: float = LINE


@dataclass
class Layout:
    """Where the sheet's pages start, and how many it prints on."""

    count: int = 1
    starts: set[str] = field(default_factory=set)  # blocks that start a page (not page 1)
    splits: set[str] = field(default_factory=set)  # blocks taller than a page
    columns: dict[str, int] = field(default_factory=dict)  # point id -> left column's share
    #: How the sheet is shortened to fit (:mod:`.sheet_fit`); None: printed in full.
    condensed: Condensed | None = None
    #: How far down the last page the sheet ends, in points.
    used: float = 0.0

    def runs(self, prefix: str, keys: Iterable[Any]) -> list[list[Any]]:
        """The items ``keys`` of a list that may break between items (block keys
        ``prefix:key`` after the first), in runs that each start a page's part of the list:
        the template starts a new list at each."""
        out: list[list[Any]] = []
        for key in keys:
            if not out or f"{prefix}:{key}" in self.starts:
                out.append([])
            out[-1].append(key)
        return out

    def groups(self, count: int) -> list[list[int]]:
        """The sources 1..``count`` in runs that each fill one page's paragraph."""
        return self.runs("source", range(1, count + 1))

    def listed_runs(self) -> list[list[str]]:
        """The ids of the points a shortened sheet lists by title, in runs that each start
        a page's part of the list (the template starts a new list at each)."""
        return self.runs("more-point", self.condensed.listed if self.condensed else ())

    def split_of(self, point_id: str) -> int:
        """The left column's share of point ``point_id``, as its height was measured (a
        point a shortened sheet prints as a line is not measured: one column)."""
        return self.columns.get(point_id, WHOLE)

    def at(self, key: str) -> str:
        """The class the template gives block ``key``: "page-start", "may-split" or ""."""
        return " ".join(name for name, keys in (("page-start", self.starts),
                                                ("may-split", self.splits)) if key in keys)


def paginate(blocks: list[Block], room: float = PAGE_ROOM) -> Layout:
    """The blocks placed in order onto pages of ``room`` points: a block that does not fit
    what is left starts the next page; one taller than a page fills whole pages."""
    layout = Layout()
    used = 0.0
    paragraph: list[tuple[str, str]] = []  # the flowing paragraph the page ends with
    flowing = 0  # its lines
    items: list[float] = []  # the two-column list the page ends with: its items' heights
    listed = 0.0  # its height, with what is above it
    for block in blocks:
        if block.point:
            layout.columns[block.point[0]] = block.point[1]
        if block.item is None or block.height:  # a list's first item carries its heading
            items = []
        if block.item is not None:
            before = used - listed if items else used
            above = (listed - balanced(items) if items else 0.0) + block.height
            height = above + balanced([*items, block.item])
            if before + height <= room or not before:
                items, listed, used = [*items, block.item], height, before + height
                continue
            layout.count += 1
            layout.starts.add(block.key)
            items, listed = [block.item], block.item
            used = listed
            continue
        if block.runs and block.height:  # a paragraph's first piece carries its heading
            paragraph, flowing = [], 0
        if block.runs:
            before = used - flowing * block.line if paragraph else used
            grown = [*paragraph, *block.runs]
            height = block.height + lines(grown, PAGE_WIDTH) * block.line
            if before + height <= room or not before:
                paragraph, flowing = grown, lines(grown, PAGE_WIDTH)
                used = before + height
                continue
            layout.count += 1
            layout.starts.add(block.key)
            paragraph, flowing = list(block.runs), lines(list(block.runs), PAGE_WIDTH)
            used = flowing * block.line
            continue
        paragraph, flowing = [], 0
        if used and used + block.height > room:
            layout.count += 1
            layout.starts.add(block.key)
            used = 0.0
        if block.height > room:
            layout.splits.add(block.key)
            layout.count += math.ceil(block.height / room) - 1
            used = room  # the next block starts a fresh page
            continue
        used += block.height
    layout.used = used
    return layout


def balanced(rows: list[float]) -> float:
    """The height of two balanced columns of ``rows`` (heights) that break only between
    rows, as the browser balances them: the least height that holds the first rows in the
    first column and the rest in the second."""
    total = sum(rows)
    return min(max(sum(rows[:n]), total - sum(rows[:n])) for n in range(len(rows) + 1))


#: Points measured for one sheet: (point id, with its why, line height) -> :func:`point_fit`.
Measured = dict[tuple[str, bool, float], tuple[int, float]]


def blocks(summary: Summary, condensed: Condensed | None = None,
           measured: Measured | None = None) -> list[Block]:
    """The sheet's blocks in print order, each with its height in points; ``condensed``:
    as :mod:`.sheet_fit` shortens it; ``measured``: the points measured already for this
    sheet (a sheet being shortened is measured once a step), filled in."""
    measured = {} if measured is None else measured
    width = PAGE_WIDTH
    para = 0.25 * REM
    # Step 16: the body text's line height 1.05, not 1.1 (style.css, ``.dense``).
    line = LINE_DENSE if condensed and condensed.dense else LINE
    out = [Block("header", 13 * 1.1 + line + 0.1 * REM + 1.5 + 4)]
    # Step 13: the space under the header drawn tighter (style.css, ``.tight``).
    tight = bool(condensed and condensed.tight_spacing)
    h2, gap = (H2_TIGHT, 0.0) if tight else (H2, 0.05 * REM)  # gap: between flags, scores
    own = _("In my own words:") + " "
    concern = (lines([(own, "bold"), (summary.main_concern, "italic")], width) * line
               if summary.main_concern else line)
    top = h2 + (0.1 * REM if tight else para) + concern
    in_full = bool(condensed and condensed.medicines_in_table)
    wide = bool(condensed and condensed.wide_names)
    top += h2 + (table_height(summary, summary.table_medicines, 0, in_full, wide, line)
                 if summary.medicines
                 else line + para)
    if summary.more_medicines_line:
        top += lines([(summary.more_medicines_line, "bold")], width) * line + 0.1 * REM
    if summary.flags:
        top += h2 + sum(lines([(flag.title + ": ", "bold"), (plain(flag.raised_by), "italic")],
                              width) * line + gap for flag in summary.flags)
    if summary.scores:
        top += h2 + sum(lines([(score.instrument.name + ": ", "bold"), (
            f"{score.text} ({summary.score_sources.get(score.instrument.id)})", "regular")],
            width) * line + gap for score in summary.scores)
        if summary.crisis_line_beside_scores:
            top += lines([(summary.crisis_line, "bold")], width - 0.4 * REM - 2.25) * line + para
    out.append(Block("top", top))
    breaks = bool(condensed and condensed.lists_break)
    if summary.more_medicines:
        start = len(summary.table_medicines)
        # Step 15: the details without their labels, their order said once under the heading.
        labelled = not (condensed and condensed.medicines_unlabelled)
        meds = {start + n: more_medicine(summary, med, start + n, labelled)
                for n, med in enumerate(summary.more_medicines, 1)}
        heading = h2 + (0.0 if labelled else lines(summary.medicine_order, width) * line)
        if condensed and condensed.medicines_run_in:  # one flowing paragraph
            out += [Block("more-medicines" if n == start + 1 else f"more-medicine:{n}",
                          heading if n == start + 1 else 0.0, runs=(*runs, ("   ", "regular")),
                          line=line) for n, runs in meds.items()]
        else:
            out += _list_blocks("more-medicines", "more-medicine", breaks, {
                n: lines(runs, width) * line for n, runs in meds.items()}, heading=heading)
    if summary.medicines_in_full and not in_full:
        out += _list_blocks("medicines-in-full", "medicine-in-full", breaks, {
            n: lines([(f"{n}. ", "bold"),
                      (med.typed + " " + _("for") + " " + (med.purpose or ""), "italic")],
                     width) * line for n, med in summary.medicines_in_full}, heading=h2)
    head = h2
    note = summary.shared_note
    if note:
        inner = width - 0.8 * REM - 3
        text = " ".join(f"{item.text} [10, 11]" for item in note.statements)
        head += (lines([(_("For several points below:") + " ", "bold"), (text, "regular")], inner)
                 + sum(lines([(_("I want to ask:") + " ", "bold"), (ask, "regular")], inner)
                       for ask in note.asks)) * line + 3 + (
                 0.1 * REM + 0.15 * REM if tight else 0.2 * REM + 0.3 * REM)  # padding, margin
    if condensed:
        head += lines(condensed.note, width) * line + (0.1 * REM if tight else para)
    listed = set(condensed.listed) if condensed else set()
    points = [point for point in summary.printed_points if point.id not in listed]
    if not points:
        out.append(Block("points", head + line + para))
    for n, point in enumerate(points):
        why = not condensed or not condensed.why_left_out(point)
        if (point.id, why, line) not in measured:
            measured[(point.id, why, line)] = point_fit(point, why, line)
        share, height = measured[(point.id, why, line)]
        if tight:  # the gap under a point: .05rem, not .12rem
            height -= 0.07 * REM
        fit = (point.id, share)
        out.append(Block("points", head + height, point=fit) if n == 0
                   else Block(f"point:{point.id}", height, point=fit))
    if condensed and condensed.listed:
        out += _listed_points(summary, condensed.listed, condensed.two_columns, h2, line)
    for diary in summary.diaries:
        chart, numbers = diary_heights(diary, bool(condensed and condensed.short_formulas),
                                       bool(condensed and condensed.compact_diary),
                                       bool(condensed and condensed.chart_left_out), h2, line)
        out += [Block(f"diary:{diary.question_id}", chart),
                Block(f"diary-numbers:{diary.question_id}", numbers)]
    if summary.at_a_glance:
        out += _glance_blocks(summary, condensed, h2, line)
    out += _question_blocks(summary, breaks, h2, line)
    for n, source in enumerate(summary.sources, 1):  # one flowing paragraph, numbers bold
        said = (brief_source(source) if condensed and condensed.brief_sources
                else f"{source.citation}. {printed_address(source.url or '')}")
        out.append(Block("sources" if n == 1 else f"source:{n}", h2 if n == 1 else 0.0, runs=(
            (f"{n}. ", "bold"), (f"{said}   ", "regular")), line=line))
    gap = 0.1 * REM + 0.1 * REM if tight else 0.3 * REM + 0.15 * REM  # its margin, padding
    out.append(Block("footer", gap + 1.5 + (
        lines([(summary.disclaimer, "bold"), (" ", "regular"), (summary.crisis_line, "regular")],
              width)) * line))  # one paragraph in print
    return out


def _list_blocks(key: str, prefix: str, breaks: bool, items: dict[Any, float],
                 columns: bool = False, heading: float = H2) -> list[Block]:
    """A list under a heading, its items' heights by id: one block kept whole, or (``breaks``)
    a block an item, the heading with the first (a page breaks only between items, and the
    template starts a new list there); ``columns``: in two balanced columns; ``heading``:
    the heading's height."""
    if not breaks:
        return [Block(key, heading + (balanced(list(items.values())) if columns
                                 else sum(items.values())))]
    return [Block(key if n == 0 else f"{prefix}:{item}", heading if n == 0 else 0.0,
                  item=height) if columns else
            Block(key if n == 0 else f"{prefix}:{item}", (heading if n == 0 else 0.0) + height)
            for n, (item, height) in enumerate(items.items())]


def _glance_blocks(summary: Summary, condensed: Condensed | None,
                   heading: float = H2, line: float = LINE) -> list[Block]:
    """The key answers: "label: answer" lines in two balanced columns, or one flowing
    paragraph (a shortened sheet's step 10); then the questions answered no, never or none."""
    answers = [[(row.label + ": ", "bold"), ("; ".join(row.lines), "regular")]
               for row in summary.key_answers]
    if condensed and condensed.key_answers_run_in:
        out = [Block("glance" if n == 0 else f"glance:{n}", heading if n == 0 else 0.0,
                     runs=(*runs[:-1], (runs[-1][0] + "; ", "regular")), line=line)
               for n, runs in enumerate(answers)]
    else:
        out = _list_blocks("glance", "glance", bool(condensed and condensed.lists_break), {
            n: lines(runs, COLUMN) * line + 0.05 * REM for n, runs in enumerate(answers)},
            columns=True, heading=heading)
    if summary.answered_no:
        no = lines([(_("No, never or none:") + " ", "bold"),
                    ("; ".join(summary.answered_no), "regular")], PAGE_WIDTH) * line + 0.1 * REM
        if len(out) == 1 and not out[0].runs:
            return [replace(out[0], height=out[0].height + no)]
        out.append(Block("glance-none", no))
    return out


def _question_blocks(summary: Summary, breaks: bool, heading: float = H2,
                     line: float = LINE) -> list[Block]:
    """My questions: the ones picked two a row, then the patient's own, each a row across
    the page; then the line saying how many points were left out."""
    column = (PAGE_WIDTH - 1.2 * REM) / 2
    picked = [lines("• " + text, column) for text in summary.patient_questions]
    rows = [max(picked[i:i + 2]) * line for i in range(0, len(picked), 2)]
    rows += [lines([("• In my own words: ", "bold"), (text, "italic")], PAGE_WIDTH) * line
             for text in summary.own_words]
    if not rows:
        rows = [line + 0.25 * REM]
        breaks = False
    left_out = (lines(summary.left_out_line.text, PAGE_WIDTH) * line + 0.15 * REM
                if summary.left_out_line else 0.0)
    if not breaks:
        return [Block("questions", heading + sum(rows) + left_out)]
    out = _list_blocks("questions", "question", True, dict(enumerate(rows)), heading=heading)
    return [*out, Block("left-out", left_out)] if left_out else out


def _listed_points(summary: Summary, listed: tuple[str, ...], two_columns: bool = False,
                   heading: float = H2, line: float = LINE) -> list[Block]:
    """The points printed a line each under "More points I want to raise": the heading with
    the first, then each line a block of its own (a page breaks only between lines); with
    ``two_columns``, the lines in two balanced columns."""
    points = summary.printed_points
    out: list[Block] = []
    for number, point in enumerate(points, 1):
        if point.id in listed:
            key = f"more-point:{point.id}" if out else "more-points"
            head = 0.0 if out else heading
            text = [(f"{number}. ", "bold"), (f"{point.title} {printed_refs(point)}", "regular")]
            out.append(Block(key, head, item=lines(text, COLUMN) * line) if two_columns
                       else Block(key, head + lines(text, PAGE_WIDTH) * line))
    return out


def sheet_layout(summary: Summary) -> Layout:
    """Where the sheet's pages start and how many it prints on, A4 or Letter."""
    return paginate(blocks(summary))


def page_count(summary: Summary) -> int:
    """How many pages the sheet prints on."""
    return sheet_layout(summary).count
