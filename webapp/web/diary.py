"""The sleep diary's own pages: one night a page, removing a night, the blank diary.

The diary's question page (``/page/<its page>``) lists the nights entered, each with
Change and Remove, and "Add another night" (the GOV.UK add-another pattern); its Continue
button says "I have entered all my nights". A night is entered on ``/diary/night/<n>``,
read and checked by :mod:`webapp.engine.sleep_diary` (times as people type them), and
saved alone (:func:`webapp.storage.answers.save_answer`; two tabs adding different nights
keep both, :mod:`webapp.storage.session_merge`). What was typed is never cleared: a page
with a problem shows it again with the problem at its field.

Every word of these pages is in the patient's language: the diary's items come through the
catalog (:func:`webapp.engine.blank_diary.diary_items`), the engine's messages speak the
request's language, and the templates' words are marked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask import Blueprint, redirect, render_template, request, url_for
from werkzeug.exceptions import NotFound
from werkzeug.wrappers import Response as BaseResponse

from ..engine import navigation
from ..engine.blank_diary import NIGHTS, PAPERS, BlankDiaryError, blank_diary_context, diary_items
from ..engine.clock_time import examples, shown
from ..engine.diary_sheet import DiarySection
from ..engine.language import N_
from ..engine.language import gettext as _
from ..engine.question_types import SleepDiarySettings, diaries, diary_nights, diary_section
from ..engine.questionnaire import Page, Question
from ..engine.rules import walk
from ..engine.sleep_diary import (
    COUNTS,
    FIELD_NAMES,
    NOTE_LIMIT,
    QUALITIES,
    TIMES,
    DiaryProblem,
    Night,
    diary_to_list,
    format_date,
    night_from_form,
    quality_label,
)
from ..storage import answers
from .notices import notify
from .views import PageToAnswerFirst, UnusableSubmission, page_url, questionnaire

bp = Blueprint("diary", __name__)

#: The most characters a time field takes ("10:30 p.m." has 10); longer is refused.
TIME_LIMIT = 12

#: How the night page asks for a date: GOV.UK's day, month and year fields.
DATE_PARTS = (("day", N_("Day"), 2), ("month", N_("Month"), 2), ("year", N_("Year"), 4))
#: The names the night page's form sends.
FORM_NAMES = frozenset({"csrf_token", "continue", *(f"date-{part}" for part, _, _ in DATE_PARTS),
                        *TIMES, *COUNTS, "quality", "note"})


@dataclass(frozen=True)
class NightField:
    """One field of the night page: the Consensus Sleep Diary's item, and its control."""

    name: str
    control: str  # date, time, minutes, count, quality or note
    label: str
    hint: str
    number: int | None = None
    unit: str = ""


def night_fields() -> list[NightField]:
    """The night page's fields in the diary's order, each with its control."""
    fields = []
    for item in diary_items()["items"]:
        name = item["field"]
        control = ("date" if name == "date" else "time" if name in TIMES
                   else "minutes" if item.get("unit") else "count" if name in COUNTS
                   else "quality" if name == "quality" else "note")
        fields.append(NightField(name, control, item["label"], item["hint"], item.get("number"),
                                 item.get("unit", "")))
    return fields


def the_diary() -> tuple[Question, SleepDiarySettings, Page]:
    """The questionnaire's sleep diary question, its settings and its page (404 if none)."""
    q = questionnaire()
    found = diaries(q.all_questions)
    if not found:
        raise NotFound()
    question, settings = found[0]
    page = q.page(question.page_id)
    assert page is not None
    return question, settings, page


def diary_view(question: Question) -> DiarySection:
    """The saved diary of ``question``, for its page's list of nights (a template global)."""
    return diary_section(question, answers.saved_answers().get(question.id))


def diary_return() -> str | None:
    """The place a "Change" link came from (``?return=``), carried through the night pages
    (a template global)."""
    return navigation.return_place(request.args.get("return"))


def _saved_nights(question: Question, page: Page) -> list[Night]:
    """The diary's saved nights, once the patient has reached its page; one who has not is
    sent to the page still to answer (:class:`PageToAnswerFirst`)."""
    saved = answers.saved_answers()
    detour = navigation.entry(walk(questionnaire(), saved), page, answers.seen_pages())
    if detour:
        raise PageToAnswerFirst(detour)
    return list(diary_nights(question, saved.get(question.id)))


def _list_url(page: Page) -> str:
    return page_url(page.id, diary_return())


@bp.route("/diary")
def diary_list() -> BaseResponse:
    """The list of nights is the diary's question page."""
    _question, _settings, page = the_diary()
    return redirect(_list_url(page))


@bp.route("/diary/night/<int:number>", methods=["GET", "POST"])
def night(number: int) -> Any:
    """Night ``number`` (1 = the earliest): a new one after the last, or one to change."""
    question, settings, page = the_diary()
    nights = _saved_nights(question, page)
    if not 1 <= number <= len(nights) + 1:
        return redirect(_list_url(page))
    if number > settings.max_nights:
        notify(_("Your diary is full"), _("Your diary has %(most)s nights, the most it takes. "
                                          "Change or remove a night to enter another.",
                                          most=settings.max_nights))
        return redirect(_list_url(page))
    existing = nights[number - 1] if number <= len(nights) else None
    problems: list[DiaryProblem] = []
    if request.method == "POST":
        reason = _unusable(request.form)
        if reason:
            raise UnusableSubmission(reason)
        typed = {name: request.form.get(name, "") for name in FORM_NAMES}
        night_, problems = night_from_form(_as_engine_reads(typed), number,
                                           latest=date.today() + timedelta(days=1),
                                           date_example="20 11 2026")
        too_long = _too_long(typed, number)
        problems = [*too_long, *(p for p in problems
                                 if p.field not in {long.field for long in too_long})]
        if problems:
            night_ = None
        others = [n for i, n in enumerate(nights, 1) if i != number]
        if night_ is not None:
            problems = _date_taken(night_, others, nights, number)
        if night_ is not None and not problems:
            kept = sorted([*others, night_], key=lambda n: n.date)
            answers.save_answer(question, diary_to_list(kept))
            notify(_("Night saved"), _("The night ending %(date)s is saved.",
                                       date=format_date(night_.date)), "success")
            return redirect(_list_url(page))
    else:
        typed = _as_typed(existing) if existing else _new_night(nights)
    q = questionnaire()
    return render_template(
        "diary_night.html", page=page, number=number, fields=night_fields(), typed=typed,
        errors=[(p.message, f"night-{p.field or 'date'}") for p in problems],
        messages={p.field or "date": p.message for p in reversed(problems)},
        qualities={value: quality_label(value) for value in QUALITIES},
        date_parts=[(part, _(name), width) for part, name, width in DATE_PARTS],
        note_limit=NOTE_LIMIT, examples=examples(), time_limit=TIME_LIMIT,
        changing=existing is not None, back=_list_url(page),
        part=q.sections.index(page.section) + 1, parts=len(q.sections),
        credit=diary_items()["credit"])


def _date_taken(night_: Night, others: list[Night], nights: list[Night],
                number: int) -> list[DiaryProblem]:
    """A problem if another night already ends on this night's date."""
    for other in others:
        if other.date == night_.date:
            return [DiaryProblem(number, "date", _(
                "For night %(number)s, enter another date: night %(other)s already ends on the "
                "morning of %(date)s. Change that night instead.", number=number,
                other=nights.index(other) + 1, date=format_date(night_.date)))]
    return []


def _too_long(typed: dict[str, str], number: int) -> list[DiaryProblem]:
    """A problem for each time typed longer than the page says a time field takes."""
    return [DiaryProblem(number, name, _(
        "For night %(number)s, enter %(what)s with %(most)s characters or fewer, like "
        "%(examples)s.", number=number, what=_(FIELD_NAMES[name]), most=TIME_LIMIT,
        examples=examples())) for name in TIMES if len(typed[name].strip()) > TIME_LIMIT]


def _unusable(formdata: Any) -> str | None:
    """Why this submission cannot have come from the night page, or None."""
    for key in formdata:
        if key not in FORM_NAMES:
            return _("The form sent an answer this page does not ask for.")
        if len(formdata.getlist(key)) > 1:
            return _("The form sent the same answer more than once.")
        if "\ufffd" in formdata[key]:
            return _("The form sent characters that could not be read.")
    return None


def _as_engine_reads(typed: dict[str, str]) -> dict[str, str]:
    """The form's fields as :func:`night_from_form` reads them: the date joined from its
    day, month and year (blank or not digits: not a date)."""
    day, month, year = (typed[f"date-{part}"].strip() for part, _, _ in DATE_PARTS)
    joined = (f"{int(year):04d}-{int(month):02d}-{int(day):02d}"
              if all(p.isdigit() and p.isascii() for p in (day, month, year))
              and len(day) <= 2 and len(month) <= 2 and len(year) == 4 else "")
    return {**typed, "date": joined}


def _as_typed(night_: Night) -> dict[str, str]:
    """A saved night as its page shows it to change."""
    typed = {"date-day": str(night_.date.day), "date-month": str(night_.date.month),
             "date-year": str(night_.date.year), "quality": night_.quality, "note": night_.note}
    typed.update({name: shown(getattr(night_, name)) for name in TIMES})
    typed.update({name: str(getattr(night_, name)) for name in COUNTS})
    return typed


def _new_night(nights: list[Night]) -> dict[str, str]:
    """A new night's page: blank, its date the morning after the last night's."""
    typed = {name: "" for name in FORM_NAMES}
    if nights:
        day = nights[-1].date + timedelta(days=1)
        typed.update({"date-day": str(day.day), "date-month": str(day.month),
                      "date-year": str(day.year)})
    return typed


@bp.route("/diary/night/<int:number>/remove", methods=["GET", "POST"])
def remove(number: int) -> Any:
    """Ask, then remove night ``number``."""
    question, _settings, page = the_diary()
    nights = _saved_nights(question, page)
    if not 1 <= number <= len(nights):
        return redirect(_list_url(page))
    night_ = nights[number - 1]
    if request.method == "POST":
        answers.save_answer(question, diary_to_list(n for n in nights if n != night_))
        notify(_("Night removed"), _("The night ending %(date)s has been removed from your "
                                     "diary.", date=format_date(night_.date)), "success")
        return redirect(_list_url(page))
    return render_template("diary_remove.html", number=number, night=night_,
                           when=format_date(night_.date), back=_list_url(page))


@bp.route("/diary/blank")
def blank() -> Any:
    """The blank diary to print: ``?nights=7|14&paper=a4|letter``."""
    nights, paper = request.args.get("nights", "7"), request.args.get("paper", "a4")
    try:
        context = blank_diary_context(int(nights) if nights.isdigit() and len(nights) < 3
                                      else 0, paper,
                                      url_for("static", filename="blank_diary.css"))
    except BlankDiaryError as problem:
        return render_template("error.html", title=_("There is no blank diary like that"),
                               text=_("%(problem)s The blank diaries: 7 or 14 nights, on A4 or "
                                      "Letter paper.", problem=problem), retry=None,
                               blank_diaries=blank_choices()), 404
    return render_template("blank_diary.html", **context)


def blank_choices() -> list[tuple[str, str]]:
    """(link text, address) of each blank diary, for the diary's page."""
    return [(_("%(nights)s nights on %(paper)s", nights=nights, paper=_(name)),
             url_for("diary.blank", nights=nights, paper=paper))
            for nights in NIGHTS for paper, name in PAPERS.items()]
