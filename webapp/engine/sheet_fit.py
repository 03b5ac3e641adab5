"""A sheet that would print on more than three pages, shortened step by step to fit.

A sheet that fits three pages prints as it is. A longer one is shortened only as far as it
needs, measured with :mod:`.sheet_pages` after each step, in this order:

1. the points that are not safety points print without their why (their references stay
   on the line with the ask);
2. then, from the lowest priority up, as few of those points as it takes print as one line
   each (number, title and references) under "More points I want to raise";
3. then the sources print briefly: title, site and year (the link keeps the address);
4. then the points listed by title print in two columns (nothing is cut);
5. then the medicine table gives each text the patient typed in full, and "My medicines in
   full" is left out, if that is shorter (measured both ways; else the step is skipped);
6. then the safety points print their why as its reference numbers only (their raise and
   ask stay in full; the sources at the end give each reference in full);
7. then the sleep diary's formulas print in short;
8. then the sleep diary prints compact: its chart with lower rows (the same text size,
   bars and greys), its comments dated as the chart's rows are ("Sun Nov 1");
9. then the lists may break across pages between their items (never inside one): "More of
   my medicines", "My medicines in full", the key answers and my questions, each page's
   part a list of its own, the heading kept with the first item (the points and the
   sources already break between items); nothing is left out, so the note does not say it;
10. then the key answers run on as one paragraph ("label: answer; ...");
11. then the lines under "More of my medicines" run on as one paragraph;
12. then the sleep diary's chart is left out, with a line saying so; its averages (of
    every night) and the patient's comments stay;
13. then the space after the top block is drawn tighter: the headings' margins, the gap
    between points, the box above the points and the footer's rule (the type stays as it
    is, and nothing is left out, so the note does not say it);
14. then the medicine table gives each text the patient typed in full (as in step 5), its
    first column wider and the detail columns narrower, so a row takes the lines the cut
    table's did; taken, as step 5, only if the sheet measures shorter with it and the top
    block still fits page 1 (where step 5 could not: the extreme Spanish sheet);
15. then the lines under "More of my medicines" give their details without labels, their
    order said once under the heading (nothing the patient typed is cut);
16. last, the body text's line height is 1.05, not 1.1 (the type stays 9 pt, the
    headings 10 pt; nothing is left out, so the note does not say it).

A step that changes nothing on a sheet (no diary, no cut medicine, no safety point) is not
taken. The shortening stops at the first step where the sheet fits :data:`MAX_PAGES` pages
with at least :data:`MARGIN` points left on the last (the measure is the box A4 and Letter
share, so it holds for both papers, and the margin keeps the count when Chromium's layout
moves a little).

The flags, the scores, the top block and the crisis line are never shortened, and nothing
the patient typed is: the shortening is in print only (the screen shows the sheet in full,
and says the printout is shortened), and one line on the printout says what was shortened.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .language import gettext as _
from .language import ngettext
from .rules import TalkingPoint
from .sheet_lines import PAGE_ROOM
from .sheet_pages import Layout, Measured, blocks, paginate
from .summary import Summary

#: The most pages a sheet prints on before it is shortened.
MAX_PAGES = 3
#: The room, in points, a shortened sheet leaves on its last page (about six lines).
MARGIN = 60.0


@dataclass(frozen=True)
class Condensed:
    """How far a sheet is shortened for print (the steps above)."""

    #: Step 1: the points printed without their why (every point not a safety point).
    without_why: frozenset[str] = frozenset()
    #: Step 2: the points printed as one line each, the lowest in priority, in sheet order.
    listed: tuple[str, ...] = ()
    #: Step 3: the sources printed as title, site and year.
    brief_sources: bool = False
    #: Step 4: the points listed by title print in two columns.
    two_columns: bool = False
    #: Step 5: the medicine table gives the typed texts in full; no "My medicines in full".
    medicines_in_table: bool = False
    #: Step 6: the safety points print their why as its reference numbers only.
    safety_by_reference: bool = False
    #: Step 7: the sleep diary's formulas in short.
    short_formulas: bool = False
    #: Step 8: the sleep diary's chart with lower rows, its comments dated in short.
    compact_diary: bool = False
    #: Step 9: the lists break across pages between items.
    lists_break: bool = False
    #: Step 10: the key answers run on as one paragraph.
    key_answers_run_in: bool = False
    #: Step 11: the lines under "More of my medicines" run on as one paragraph.
    medicines_run_in: bool = False
    #: Step 12: the sleep diary's chart is left out (its averages stay).
    chart_left_out: bool = False
    #: Step 13: the space after the top block drawn tighter (the same type).
    tight_spacing: bool = False
    #: Step 14: the medicine table in full (``medicines_in_table``) with its first column
    #: wider.
    wide_names: bool = False
    #: Step 15: the lines under "More of my medicines" without their details' labels.
    medicines_unlabelled: bool = False
    #: Step 16: the body text's line height 1.05, not 1.1.
    dense: bool = False
    #: Whether the shortened sheet fits :data:`MAX_PAGES` (else it is as short as it gets).
    fits: bool = True

    def why_left_out(self, point: TalkingPoint) -> bool:
        """Whether ``point`` prints without its why (its references after its ask)."""
        return point.id in self.without_why or (self.safety_by_reference and point.is_safety)

    @property
    def note(self) -> str:
        """The printout's one line saying what was shortened and where it is in full."""
        what = []
        if set(self.without_why) - set(self.listed):
            what.append(_("the points that are not safety points print without their why"))
        if self.listed:
            what.append(ngettext("%(num)d point is listed by title only",
                                 "%(num)d points are listed by title only", len(self.listed)))
        if self.brief_sources:
            what.append(_("the sources are listed briefly"))
        if self.two_columns:
            what.append(_("the points listed by title are in two columns"))
        if self.medicines_in_table:
            what.append(_("the medicine table gives each name and purpose in full"))
        if self.safety_by_reference:
            what.append(_("the safety points give the numbers of their sources in place of "
                          "their why"))
        if self.short_formulas:
            what.append(_("the sleep diary's formulas are in short"))
        if self.chart_left_out:
            what.append(_("the sleep diary's chart is left out, its averages stay and its "
                          "comments give each date in short"))
        elif self.compact_diary:
            what.append(_("the sleep diary's chart has lower rows and its comments give "
                          "each date in short"))
        if self.key_answers_run_in:
            what.append(_("the key answers run on as one paragraph"))
        if self.medicines_run_in:
            what.append(_("the lines under “More of my medicines” run on as one paragraph"))
        shortened = "; ".join(what)
        lead = (_("This printout is shortened to fit three pages: %(what)s.", what=shortened)
                if self.fits else
                _("This printout is shortened to take fewer pages: %(what)s.", what=shortened))
        return lead + " " + _("The summary on screen has every point in full.")


def steps(summary: Summary) -> list[Condensed]:
    """Each step of shortening ``summary``, in order, each shorter than the one before (steps
    5 and 14 only where the sheet measures shorter with them: :func:`fitted_layout`
    checks, and the steps after a step left out go on without it)."""
    others = tuple(point.id for point in summary.printed_points if not point.is_safety)
    without = frozenset(others)
    ladder = [Condensed(without)] if others else []
    ladder += [Condensed(without, others[-count:]) for count in range(1, len(others) + 1)]
    last = Condensed(without, others, brief_sources=True)
    ladder.append(last)
    # Steps 4-7, each only where it changes something on this sheet.
    if others:
        ladder.append(last := replace(last, two_columns=True))
    if summary.medicines_in_full:
        ladder.append(last := replace(last, medicines_in_table=True))
    if any(point.is_safety for point in summary.printed_points):
        ladder.append(last := replace(last, safety_by_reference=True))
    if summary.diaries:
        ladder.append(last := replace(last, short_formulas=True))
        ladder.append(last := replace(last, compact_diary=True))
    # Steps 9-16: the lists break between items, the denser forms, the chart, the spacing,
    # the table in full with a wider first column, the unlabelled lines, the line height.
    ladder.append(last := replace(last, lists_break=True))
    if summary.at_a_glance and summary.key_answers:
        ladder.append(last := replace(last, key_answers_run_in=True))
    if summary.more_medicines:
        ladder.append(last := replace(last, medicines_run_in=True))
    if summary.diaries:
        ladder.append(last := replace(last, chart_left_out=True))
    ladder.append(last := replace(last, tight_spacing=True))
    if summary.medicines_in_full:
        ladder.append(last := replace(last, medicines_in_table=True, wide_names=True))
    if summary.more_medicines:
        ladder.append(last := replace(last, medicines_unlabelled=True))
    ladder.append(replace(last, dense=True))
    return ladder


def fits(layout: Layout) -> bool:
    """Whether a shortened sheet may stop shortening: on :data:`MAX_PAGES` pages or fewer,
    with :data:`MARGIN` left on the last."""
    return layout.count <= MAX_PAGES and PAGE_ROOM - layout.used >= MARGIN


def fitted_layout(summary: Summary) -> Layout:
    """Where the sheet's pages start, shortened as far as it needs to fit :data:`MAX_PAGES`
    pages (``layout.condensed`` says how far; None: not shortened)."""
    measured: Measured = {}
    layout = paginate(blocks(summary, measured=measured))
    if layout.count <= MAX_PAGES:
        return layout
    ladder = steps(summary)
    taken = 0
    while taken < len(ladder):
        condensed = ladder[taken]
        before = ladder[taken - 1] if taken else None
        if (before and (condensed.medicines_in_table > before.medicines_in_table
                        or condensed.wide_names > before.wide_names)
                and not _shorter_in_the_table(summary, before, condensed, measured)):
            ladder = ladder[:taken] + _without_the_table_step(condensed, before,
                                                              ladder[taken + 1:])
            continue
        layout = paginate(blocks(summary, condensed, measured))
        if fits(layout):
            break
        taken += 1
    layout.condensed = replace(ladder[min(taken, len(ladder) - 1)],
                               fits=layout.count <= MAX_PAGES)
    return layout


def _without_the_table_step(step: Condensed, before: Condensed,
                            later: list[Condensed]) -> list[Condensed]:
    """The steps after ``step`` (5 or 14) once it is left out, measured longer than
    ``before`` (or its table pushing the top block off page 1)."""
    if step.wide_names:  # step 14: the table stays as it was before it
        return [replace(later_step, medicines_in_table=before.medicines_in_table,
                        wide_names=False) for later_step in later]
    # step 5: the later steps go on without the table in full, but step 14 tries its wider
    # first column
    return [later_step if later_step.wide_names
            else replace(later_step, medicines_in_table=False) for later_step in later]


def _shorter_in_the_table(summary: Summary, before: Condensed, after: Condensed,
                          measured: Measured) -> bool:
    """Whether giving the typed texts in full in the medicine table (step 5), or widening
    its first column (step 14), makes the sheet shorter, with the top block still whole on
    page 1 (under the header)."""
    def height(condensed: Condensed) -> float:
        return paginate(blocks(summary, condensed, measured), float("inf")).used

    placed = paginate(blocks(summary, after, measured))
    return "top" not in placed.starts | placed.splits and height(after) < height(before)
