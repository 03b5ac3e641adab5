"""A sheet that would print on more than three pages, shortened step by step to fit.

A sheet that fits three pages prints as it is. A longer one is shortened only as far as it
needs, measured with :mod:`.sheet_pages` after each step, in this order:

1. the points that are not safety points print without their why (their references stay
   on the line with the ask);
2. then, from the lowest priority up, as few of those points as it takes print as one line
   each (number, title and references) under "More points I want to raise";
3. then the sources print briefly: title, site and year (the link keeps the address).

Safety points, the flags, the scores, the top block and the crisis line are never
shortened, and nothing the patient typed is: the shortening is in print only (the screen
shows the sheet in full, and says the printout is shortened), and one line on the printout
says what was shortened.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .language import gettext as _
from .language import ngettext
from .sheet_pages import Layout, Measured, blocks, paginate
from .summary import Summary

#: The most pages a sheet prints on before it is shortened.
MAX_PAGES = 3


@dataclass(frozen=True)
class Condensed:
    """How far a sheet is shortened for print (steps 1-3 above)."""

    #: Step 1: the points printed without their why (every point not a safety point).
    without_why: frozenset[str] = frozenset()
    #: Step 2: the points printed as one line each, the lowest in priority, in sheet order.
    listed: tuple[str, ...] = ()
    #: Step 3: the sources printed as title, site and year.
    brief_sources: bool = False
    #: Whether the shortened sheet fits :data:`MAX_PAGES` (else it is as short as it gets).
    fits: bool = True

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
        shortened = "; ".join(what)
        lead = (_("This printout is shortened to fit three pages: %(what)s.", what=shortened)
                if self.fits else
                _("This printout is shortened to take fewer pages: %(what)s.", what=shortened))
        return lead + " " + _("The summary on screen has every point in full.")


def steps(summary: Summary) -> list[Condensed]:
    """Each step of shortening ``summary``, in order, each shorter than the one before."""
    others = tuple(point.id for point in summary.printed_points if not point.is_safety)
    without = frozenset(others)
    ladder = [Condensed(without)] if others else []
    ladder += [Condensed(without, others[-count:]) for count in range(1, len(others) + 1)]
    return [*ladder, Condensed(without, others, brief_sources=True)]


def fitted_layout(summary: Summary) -> Layout:
    """Where the sheet's pages start, shortened as far as it needs to fit :data:`MAX_PAGES`
    pages (``layout.condensed`` says how far; None: not shortened)."""
    measured: Measured = {}
    layout = paginate(blocks(summary, measured=measured))
    if layout.count <= MAX_PAGES:
        return layout
    for condensed in steps(summary):
        layout = paginate(blocks(summary, condensed, measured))
        if layout.count <= MAX_PAGES:
            break
    layout.condensed = replace(condensed, fits=layout.count <= MAX_PAGES)
    return layout

