"""The wizard's moves: which page a patient may see, where Continue and Back lead. No Flask.

Every decision the question pages make is here, as pure functions of the patient's path
(:class:`webapp.engine.rules.Walk`), the pages they have completed and what they pressed:

- a page further on than the patient has come is *blocked*: they go to the first page
  still to answer (:func:`entry`);
- Continue goes to the next page, or after a "Change" link (``?return=check``) back to
  check-your-answers once no page is left unanswered (:func:`after_saving`);
- an answer that adds a question the patient did not have on screen, a removed medicine
  row and "Save and add more rows" come back to the same page;
- Back goes to the page before, or to where "Change" came from (:func:`back`);
- a medicine list shows the rows filled in plus a few blank ones (:func:`rows_to_show`).

A destination is data (:class:`ToPage`, :class:`ToPlace`); the view turns it into an
address and a redirect.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from dataclasses import dataclass
from typing import Any

from .language import N_
from .question_types import MedicineListSettings, medicine_lists
from .questionnaire import Page, Question
from .rules import Walk

#: Blank medicine rows offered below the rows already filled in.
BLANK_ROWS = 2
#: Fewest rows shown on a medicine list.
MIN_ROWS = 3
#: Rows "Save and add more rows" adds.
ROWS_ADDED = 3

#: The places a "Change" link can return to: the value of ``?return=``.
RETURN_PLACES = ("check", "talking-points")


@dataclass(frozen=True)
class Notice:
    """What the page the patient lands on says about what just happened."""

    title: str
    text: str


#: On the page a patient is sent to when they jump ahead of it.
ANSWER_FIRST = Notice(N_("Answer this page first"),
                      N_("Please answer this page first. Your answers so far are saved."))
#: On the page an answer added a question to.
QUESTION_ADDED = Notice(N_("Question added"),
                        N_("Your answer added a question to this page. Please answer it too."))


@dataclass(frozen=True)
class ToPage:
    """A question page; ``returning`` carries a "Change" link's return place along."""

    page_id: str
    returning: str | None = None
    rows: int | None = None  # medicine rows to show, after "Save and add more rows"


@dataclass(frozen=True)
class ToPlace:
    """A page that is not a question page: ``start``, ``check`` or ``talking-points``."""

    place: str


Destination = ToPage | ToPlace


@dataclass(frozen=True)
class Move:
    """Where to send the patient, and the notice to show there (if any)."""

    to: Destination
    notice: Notice | None = None


def return_place(value: str | None) -> str | None:
    """The return place ``?return=`` names, or None for anything else."""
    return value if value in RETURN_PLACES else None


def first_unfinished(pages: tuple[Page, ...], seen: Set[str]) -> Page | None:
    """The first shown page the patient has not yet completed."""
    return next((page for page in pages if page.id not in seen), None)


def _index(pages: tuple[Page, ...], page: Page) -> int:
    return pages.index(page) if page in pages else len(pages)


def entry(path: Walk, current: Page, seen: Set[str]) -> Move | None:
    """None if the patient may see ``current`` now; otherwise where to send them instead.

    A page is blocked when it is hidden by the answers or a page before it is still to
    answer: the patient goes to the first page still to answer, or to check-your-answers
    when every shown page is done (a hidden page, reached by an old link).
    """
    blocked = first_unfinished(path.pages[: _index(path.pages, current)], seen)
    if current in path.pages and blocked is None:
        return None
    target = blocked or first_unfinished(path.pages, seen)
    if target is None:
        return Move(ToPlace("check"))
    return Move(ToPage(target.id), ANSWER_FIRST)


def complete(pages: tuple[Page, ...], seen: Set[str]) -> Move | None:
    """None if every shown page is completed (check, talking points and the summary may
    be shown); otherwise the first page still to answer."""
    pending = first_unfinished(pages, seen)
    return None if pending is None else Move(ToPage(pending.id), ANSWER_FIRST)


def resume_at(path: Walk, seen: Set[str]) -> Destination:
    """Where a patient continues: the first page still to answer, or check-your-answers."""
    pending = first_unfinished(path.pages, seen)
    return ToPage(pending.id) if pending else ToPlace("check")


def after_saving(path: Walk, current: Page, seen: Set[str], returning: str | None, *,
                 revealed: bool = False, removed_row: bool = False, rows: int | None = None
                 ) -> Move:
    """Where Continue leads once ``current`` is saved.

    ``path`` and ``seen`` are the patient's after saving. ``revealed``: the answers added a
    question the patient did not have on screen and left it blank; ``removed_row``: a
    medicine row was removed; ``rows``: "Save and add more rows" was pressed with this many
    rows shown. Each of these comes back to the same page. Otherwise: after a "Change", the
    first page still to answer, else the place it came from; else the next page, else the
    first page still to answer, else check-your-answers.
    """
    if revealed:
        return Move(ToPage(current.id, returning), QUESTION_ADDED)
    if removed_row:
        return Move(ToPage(current.id, returning))
    if rows is not None:
        return Move(ToPage(current.id, returning, rows=rows + ROWS_ADDED))
    if returning:
        pending = first_unfinished(path.pages, seen)
        return Move(ToPage(pending.id, returning) if pending else ToPlace(returning))
    later = path.pages[path.pages.index(current) + 1:] if current in path.pages else ()
    if later:
        return Move(ToPage(later[0].id))
    return Move(resume_at(path, seen))


def back(path: Walk, current: Page, returning: str | None) -> Destination:
    """Where Back leads: where "Change" came from, the page before, or the start page."""
    if returning:
        return ToPlace(returning)
    step = _index(path.pages, current)
    return ToPage(path.pages[step - 1].id) if step > 0 else ToPlace("start")


def step_of(path: Walk, current: Page) -> int:
    """The page's place on the patient's path, from 1."""
    return _index(path.pages, current) + 1


def rows_for(settings: MedicineListSettings, saved_rows: int, requested: int = 0) -> int:
    """How many rows one medicine list shows: those filled in plus a few blank ones, or as
    many as were asked for, up to its ``max_rows``."""
    wanted = max(MIN_ROWS, saved_rows + BLANK_ROWS, requested)
    return min(wanted, settings.max_rows)


def rows_to_show(page: Page, saved: Mapping[str, Any], requested: str | None) -> int:
    """How many medicine rows ``page`` shows (0 without a medicine list); ``requested`` is
    ``?rows=`` as sent (anything but a number of up to three digits counts as none)."""
    lists = medicine_lists(page.questions)
    if not lists:
        return 0
    text = requested or ""
    asked = int(text) if text.isdigit() and len(text) < 4 else 0
    saved_rows = max(len(saved.get(question.id) or []) for question, _ in lists)
    return max(rows_for(settings, saved_rows, asked) for _, settings in lists)


def more_rows_offered(questions: list[Question], rows: int) -> bool:
    """Whether "Save and add more rows" is offered: a list shown can take more rows."""
    return any(rows < settings.max_rows for _, settings in medicine_lists(questions))


def first_new_row(page: Page, saved: Mapping[str, Any]) -> str | None:
    """After "Save and add more rows": the field id of the first empty row's name."""
    lists = medicine_lists(page.questions)
    if not lists:
        return None
    question, settings = lists[0]
    filled = len(saved.get(question.id) or [])
    return f"{question.id}-{filled}-name" if filled < settings.max_rows else None
