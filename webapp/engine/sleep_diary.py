"""The sleep diary's pure core: nights of the Consensus Sleep Diary, checked and counted.

A night is what the answers file holds, exactly (date = the morning the night ended; times
``HH:MM`` on the 24-hour clock)::

    {"date": "2026-11-20", "in_bed": "22:45", "tried_sleep": "23:10", "sol_min": 40,
     "awakenings": 2, "waso_min": 35, "final_wake": "05:50", "out_of_bed": "06:30",
     "quality": "poor", "note": ""}

**The timeline.** A night's four times (into bed, tried to sleep, final awakening, out of
bed) lie on one timeline in that order: a time earlier on the clock than the one before it
is on the next day. The same time as the one before is the same moment (into bed and
trying to sleep at once), not a day later: the issue's "at or before" would turn the
commonest night into one over 24 hours.

**The numbers** (Carney and others, 2012), in whole minutes, exact:

- time in bed = out of bed - into bed;
- total sleep time = (final awakening - tried to sleep) - minutes to fall asleep -
  minutes awake;
- sleep efficiency = total sleep time / time in bed x 100.

Averages are the mean of the nights' own values, shown from ``min_nights`` nights on.

Refused, each with a plain message naming the night and its field: times out of order, a
window over 24 hours, minutes that do not fit between trying to sleep and the final
awakening, minutes awake with no awakening, numbers out of range, a date that is not real,
a quality that is not one of the five, two nights with one date, more than ``max_nights``.

Every message, date and time is in the language spoken (:mod:`webapp.engine.language`); the
answers file is the same in every language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .clock_time import ClockTimeError, minutes_of, parse_clock, parse_stored, shown, stored
from .language import N_, format_day
from .language import gettext as _

DAY = 24 * 60
ITEMS_FILE = Path(__file__).with_name("sleep_diary_items.yaml")


@lru_cache(maxsize=1)
def english_items() -> dict[str, Any]:
    """The Consensus Sleep Diary's items, instructions and credit as sleep_diary_items.yaml
    has them (read once a process)."""
    data: dict[str, Any] = yaml.safe_load(ITEMS_FILE.read_text(encoding="utf-8"))
    return data


def _note_limit() -> int:
    """The comment's ``max_length`` in sleep_diary_items.yaml."""
    limit = next(item["max_length"] for item in english_items()["items"]
                 if item.get("field") == "note")
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
        raise ValueError("sleep_diary_items.yaml: the note's max_length must be a whole "
                         "number from 1 on")
    return limit


#: The answers file's fields, in its order.
FIELDS = ("date", "in_bed", "tried_sleep", "sol_min", "awakenings", "waso_min", "final_wake",
          "out_of_bed", "quality", "note")
#: The four times, in the order they happen.
TIMES = ("in_bed", "tried_sleep", "final_wake", "out_of_bed")
#: The whole numbers, with the largest each may be.
COUNTS = {"sol_min": DAY, "awakenings": 99, "waso_min": DAY}
#: The Consensus Sleep Diary's five answers to "How would you rate the quality of your sleep?"
#: (in English: :func:`quality_label` says one in the language spoken).
QUALITIES = {"very_poor": N_("Very poor"), "poor": N_("Poor"), "fair": N_("Fair"),
             "good": N_("Good"), "very_good": N_("Very good")}
#: The most characters a night's comment takes (sleep_diary_items.yaml: the note's
#: ``max_length``, one line as on the paper diary).
NOTE_LIMIT = _note_limit()
MIN_NIGHTS = 3
MAX_NIGHTS = 14
#: Each field as messages name it (in English: looked up where a message is made).
FIELD_NAMES = {
    "date": N_("the date"), "in_bed": N_("the time you got into bed"),
    "tried_sleep": N_("the time you tried to go to sleep"),
    "sol_min": N_("how long it took you to fall asleep"),
    "awakenings": N_("how many times you woke up"),
    "waso_min": N_("how long those awakenings lasted"),
    "final_wake": N_("the time of your final awakening"),
    "out_of_bed": N_("the time you got out of bed"), "quality": N_("the quality of your sleep"),
    "note": N_("the comment"),
}
#: How a whole number that cannot be used is asked for again.
_COUNT_ASKS = {
    "sol_min": N_("enter the minutes it took you to fall asleep as a whole number from 0 to "
                  "%(most)s, using digits."),
    "awakenings": N_("enter how many times you woke up (not counting your final awakening) as "
                     "a whole number from 0 to %(most)s, using digits."),
    "waso_min": N_("enter the minutes those awakenings lasted in total as a whole number from "
                   "0 to %(most)s, using digits."),
}


@dataclass(frozen=True)
class Night:
    """One night of the diary, as the answers file holds it."""

    date: date
    in_bed: time
    tried_sleep: time
    sol_min: int
    awakenings: int
    waso_min: int
    final_wake: time
    out_of_bed: time
    quality: str
    note: str = ""


@dataclass(frozen=True)
class DiaryProblem:
    """One thing to fix: which night (1 = the first), which field ("" = the whole), why."""

    night: int | None
    field: str
    message: str


@dataclass(frozen=True)
class NightNumbers:
    """A night's numbers in minutes; efficiency in percent. Exact fractions, unrounded."""

    sol: Fraction
    awakenings: Fraction
    waso: Fraction
    total_sleep: Fraction
    time_in_bed: Fraction
    efficiency: Fraction


@dataclass(frozen=True)
class Averages:
    """The mean of ``nights`` nights' numbers."""

    nights: int
    numbers: NightNumbers


@dataclass(frozen=True)
class DiaryReading:
    """The nights read from an answers file that can be used, and every one that cannot."""

    nights: tuple[Night, ...]
    problems: tuple[DiaryProblem, ...]


# --- the timeline and the numbers --------------------------------------------------------------

def timeline(night: Night) -> tuple[int, int, int, int]:
    """The four times in minutes from the midnight before getting into bed, each on or after
    the one before: a time earlier on the clock than the previous one is on the next day."""
    moments = [minutes_of(night.in_bed)]
    for name in TIMES[1:]:
        previous = moments[-1]
        moment = previous - previous % DAY + minutes_of(getattr(night, name))
        moments.append(moment + DAY if moment < previous else moment)
    return moments[0], moments[1], moments[2], moments[3]


def night_numbers(night: Night) -> NightNumbers:
    """Time in bed, total sleep time and sleep efficiency of a night that has no problems."""
    in_bed, tried, final, out = timeline(night)
    total_sleep = (final - tried) - night.sol_min - night.waso_min
    time_in_bed = out - in_bed
    return NightNumbers(Fraction(night.sol_min), Fraction(night.awakenings),
                        Fraction(night.waso_min), Fraction(total_sleep), Fraction(time_in_bed),
                        Fraction(100 * total_sleep, time_in_bed))


def averages(nights: Sequence[Night], min_nights: int = MIN_NIGHTS) -> Averages | None:
    """The mean of each number over ``nights``, or None below ``min_nights`` nights."""
    if len(nights) < max(min_nights, 1):
        return None
    each = [night_numbers(night) for night in nights]
    count = len(each)
    return Averages(count, NightNumbers(*(sum((getattr(n, f) for n in each), Fraction(0)) / count
                                          for f in NightNumbers.__dataclass_fields__)))


# --- formatting ---------------------------------------------------------------------------------

def _half_up(value: Fraction, places: int = 0) -> Fraction:
    scale = 10 ** places
    scaled = value * scale
    return Fraction((scaled.numerator * 2 + scaled.denominator) // (scaled.denominator * 2),
                    scale)


def format_duration(minutes: Fraction | int) -> str:
    """A duration rounded to the minute: ``6 h 05 min``, or ``40 min`` under an hour."""
    whole = int(_half_up(Fraction(minutes)))
    hours, rest = divmod(abs(whole), 60)
    sign = "-" if whole < 0 else ""
    return f"{sign}{hours} h {rest:02d} min" if hours else f"{sign}{rest} min"


def format_percent(percent: Fraction) -> str:
    """A percentage with one decimal: ``77.9%``."""
    rounded = _half_up(percent, 1)
    tenths = int(rounded * 10)
    return f"{'-' if tenths < 0 else ''}{abs(tenths) // 10}.{abs(tenths) % 10}%"


def format_count(value: Fraction) -> str:
    """A count, or an average count with one decimal: ``2``, ``1.4``."""
    if value.denominator == 1:
        return str(value.numerator)
    tenths = int(_half_up(value, 1) * 10)
    return f"{tenths // 10}.{tenths % 10}"


def format_date(day: date) -> str:
    """A night's date for reading: ``Friday November 20`` (``viernes 20 de noviembre``)."""
    return format_day(day, N_("EEEE MMMM d"))


def month_day(day: date) -> str:
    """A morning's month and day: ``November 20`` (``20 de noviembre``)."""
    return format_day(day, N_("MMMM d"))


def quality_label(value: str) -> str:
    """The label of one of :data:`QUALITIES` in the language spoken."""
    return _(QUALITIES[value])


def night_name(number: int | None, day: date | None = None) -> str:
    """How messages name a night inside a sentence: ``night 3 (ending November 20)``."""
    if day is None:
        return _("night %(number)s", number=number) if number is not None else _("this night")
    if number is None:
        return _("this night (ending %(date)s)", date=month_day(day))
    return _("night %(number)s (ending %(date)s)", number=number, date=month_day(day))


def for_night(number: int | None, day: date | None, problem: str) -> str:
    """A problem with a night, as messages say it: "For night 3 (ending November 20), enter
    ..." (``problem`` starts in lower case). Each opening is a whole sentence to translate,
    as a language may name the night differently there ("Para la noche 3, ...")."""
    if day is None:
        if number is None:
            return _("For this night, %(problem)s", problem=problem)
        return _("For night %(number)s, %(problem)s", number=number, problem=problem)
    if number is None:
        return _("For this night (ending %(date)s), %(problem)s", date=month_day(day),
                 problem=problem)
    return _("For night %(number)s (ending %(date)s), %(problem)s", number=number,
             date=month_day(day), problem=problem)


# --- checking a night ---------------------------------------------------------------------------

def night_problems(night: Night, number: int | None = None) -> list[DiaryProblem]:
    """What is wrong with ``night`` as a whole: the order and span of its times, and whether
    its minutes fit. Its fields one by one are checked when it is read."""
    def place(problem: str) -> str:
        return for_night(number, night.date, problem)

    found: list[DiaryProblem] = []
    in_bed, tried, final, out = moments = timeline(night)
    if out - in_bed > DAY:
        found.append(_order_or_span(night, moments, number))
    elif out == in_bed:
        found.append(DiaryProblem(number, "out_of_bed", place(_(
            "enter the time you got out of bed: it is the same as the time you got into "
            "bed."))))
    awake = night.sol_min + night.waso_min
    if out - in_bed <= DAY and awake > final - tried:
        found.append(DiaryProblem(number, "sol_min", place(_(
            "enter minutes that fit the night: %(sol)s minutes to fall asleep and %(waso)s "
            "minutes awake add up to %(awake)s minutes, but from trying to sleep (%(tried)s) "
            "to your final awakening (%(final)s) is %(window)s minutes.",
            sol=night.sol_min, waso=night.waso_min, awake=awake, tried=shown(night.tried_sleep),
            final=shown(night.final_wake), window=final - tried))))
    if night.awakenings == 0 and night.waso_min > 0:
        found.append(DiaryProblem(number, "awakenings", place(_(
            "enter how many times you woke up: %(waso)s minutes awake need at least one "
            "awakening, or enter 0 minutes awake.", waso=night.waso_min))))
    return found


def _order_or_span(night: Night, moments: Sequence[int], number: int | None) -> DiaryProblem:
    """The problem of a night whose times span more than a day.

    Crossing midnight moves the clock back by many hours (11:30pm, then 6:10am); a step back
    of under 12 hours is a time out of order (11:10pm, then 10:50pm). The refusal is exact;
    this only chooses which message says it.
    """
    steps_back = sorted(
        (minutes_of(getattr(night, before)) - minutes_of(getattr(night, after)), before, after)
        for before, after in zip(TIMES, TIMES[1:], strict=False)
        if minutes_of(getattr(night, after)) < minutes_of(getattr(night, before)))
    if steps_back and steps_back[0][0] < DAY // 2:
        _gap, before, after = steps_back[0]
        return DiaryProblem(number, after, for_night(number, night.date, _(
            "enter the times in the order they happened: %(later)s (%(later_time)s) is before "
            "%(earlier)s (%(earlier_time)s).", later=_(FIELD_NAMES[after]),
            later_time=shown(getattr(night, after)), earlier=_(FIELD_NAMES[before]),
            earlier_time=shown(getattr(night, before)))))
    return DiaryProblem(number, "out_of_bed", for_night(number, night.date, _(
        "enter times less than 24 hours apart: from getting into bed (%(in_bed)s) to getting "
        "out of bed (%(out_of_bed)s) is %(span)s.", in_bed=shown(night.in_bed),
        out_of_bed=shown(night.out_of_bed), span=format_duration(moments[3] - moments[0]))))


def _same_date(number: int, first: int, day: date) -> DiaryProblem:
    return DiaryProblem(number, "date", for_night(number, None, _(
        "enter another date: night %(first)s is also the night ending %(date)s.",
        first=first, date=month_day(day))))


def diary_problems(nights: Sequence[Night], max_nights: int = MAX_NIGHTS) -> list[DiaryProblem]:
    """What is wrong with the diary as a whole: two nights with one date, too many nights."""
    found: list[DiaryProblem] = []
    first_with: dict[date, int] = {}
    for number, night in enumerate(nights, start=1):
        if night.date in first_with:
            found.append(_same_date(number, first_with[night.date], night.date))
        else:
            first_with[night.date] = number
    if len(nights) > max_nights:
        found.append(DiaryProblem(None, "", _(
            "Enter %(most)s nights at most. Your answers have %(count)s nights.",
            most=max_nights, count=len(nights))))
    return found


# --- reading a night as typed, and from the answers file ------------------------------------------

def night_from_form(raw: Mapping[str, str], number: int | None = None,
                    latest: date | None = None, date_example: str = "2026-11-20"
                    ) -> tuple[Night | None, list[DiaryProblem]]:
    """Read a night as typed in the form: times in any form :mod:`clock_time` accepts, the
    date as ``YYYY-MM-DD``, whole numbers as digits. Every field is checked, in the form's
    order; the night is returned only when nothing is wrong. ``latest`` is the last date
    that may be entered (the caller's today); ``date_example`` is how the date problem
    shows a date as the form asks for it."""
    values: dict[str, Any] = {}
    found: list[DiaryProblem] = []
    day = _read_date(raw.get("date", ""), number, latest, found, date_example)
    for name in FIELDS[1:]:
        problem = _read_field(name, raw.get(name, ""), True, values)
        if problem:
            found.append(DiaryProblem(number, name, for_night(number, day, problem)))
    return _finish(day, values, found, number)


def night_from_dict(data: object, number: int | None = None) -> tuple[Night | None,
                                                                       list[DiaryProblem]]:
    """Read a night from the answers file: exactly its fields and types (a missing note is
    an empty one)."""
    if not isinstance(data, Mapping):
        return None, [DiaryProblem(number, "", for_night(number, None, _(
            "the answers file does not hold a night in the right form.")))]
    found: list[DiaryProblem] = []
    values: dict[str, Any] = {}
    day = _read_date(data.get("date"), number, None, found)
    extra = sorted(str(key) for key in data if key not in FIELDS)
    if extra:
        found.append(DiaryProblem(number, "", for_night(number, day, _(
            "the answers file holds something this diary does not ask: %(keys)s.",
            keys=", ".join(extra)[:80]))))
    for name in FIELDS[1:]:
        problem = _read_field(name, data.get(name, "" if name == "note" else None), False,
                              values)
        if problem:
            found.append(DiaryProblem(number, name, for_night(number, day, problem)))
    return _finish(day, values, found, number)


def night_to_dict(night: Night) -> dict[str, Any]:
    """``night`` as the answers file holds it."""
    return {"date": night.date.isoformat(), "in_bed": stored(night.in_bed),
            "tried_sleep": stored(night.tried_sleep), "sol_min": night.sol_min,
            "awakenings": night.awakenings, "waso_min": night.waso_min,
            "final_wake": stored(night.final_wake), "out_of_bed": stored(night.out_of_bed),
            "quality": night.quality, "note": night.note}


def read_diary(value: object, max_nights: int = MAX_NIGHTS) -> DiaryReading:
    """The nights of an answers file's diary that can be used, and a problem for each that
    cannot: a night with a problem, a second night with one date and the nights past
    ``max_nights`` are left out and listed, never silently dropped."""
    if not isinstance(value, list):
        return DiaryReading((), (DiaryProblem(None, "", _(
            "The answers file does not hold the sleep diary as a list of nights.")),))
    kept: list[Night] = []
    found: list[DiaryProblem] = []
    dates: dict[date, int] = {}
    for number, data in enumerate(value, start=1):
        night, problems = night_from_dict(data, number)
        if night is not None and night.date in dates:
            problems = [_same_date(number, dates[night.date], night.date)]
        elif night is not None and len(kept) >= max_nights:
            problems = [DiaryProblem(number, "", _(
                "Your answers file has more than %(most)s nights, so %(night)s is left out.",
                most=max_nights, night=night_name(number, night.date)))]
        if night is None or problems:
            found.extend(problems)
            continue
        dates[night.date] = number
        kept.append(night)
    return DiaryReading(tuple(kept), tuple(found))


def diary_to_list(nights: Iterable[Night]) -> list[dict[str, Any]]:
    """The diary as the answers file holds it."""
    return [night_to_dict(night) for night in nights]


# --- the parts of reading -------------------------------------------------------------------------

def _read_date(value: object, number: int | None, latest: date | None,
               found: list[DiaryProblem], example: str = "2026-11-20") -> date | None:
    text = value.strip() if isinstance(value, str) else ""
    try:
        day = date.fromisoformat(text) if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text) \
            else None
    except ValueError:
        day = None
    if day is None:
        found.append(DiaryProblem(number, "date", for_night(number, None, _(
            "enter a real date, the morning the night ended, like %(example)s.",
            example=example))))
    elif latest is not None and day > latest:
        found.append(DiaryProblem(number, "date", for_night(number, None, _(
            "enter the date of a morning that has come: %(date)s is after %(latest)s.",
            date=month_day(day), latest=month_day(latest)))))
        return None
    return day


def _read_field(name: str, value: object, typed: bool, values: dict[str, Any]) -> str | None:
    """Read one field into ``values``, or say what to enter instead (after "For night 3, ",
    in the language spoken).

    ``typed``: as typed in the form (text); otherwise as the answers file holds it."""
    if name in TIMES:
        try:
            values[name] = (parse_clock(str(value), FIELD_NAMES[name]) if typed
                            else parse_stored(value, FIELD_NAMES[name]))
        except ClockTimeError as error:
            return f"{str(error)[0].lower()}{str(error)[1:]}"
        return None
    if name in COUNTS:
        if typed and isinstance(value, str):
            text = value.strip()
            value = int(text) if text.isdigit() and text.isascii() else None
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= COUNTS[name]:
            values[name] = value
            return None
        return _(_COUNT_ASKS[name], most=COUNTS[name])
    if name == "quality":
        if isinstance(value, str) and value in QUALITIES:
            values[name] = value
            return None
        return _("choose the quality of your sleep: very poor, poor, fair, good or very good.")
    if not isinstance(value, str):
        return _("enter the comment as text.")
    if len(value) > NOTE_LIMIT:
        return _("enter the comment with %(most)s characters or fewer. It has %(count)s.",
                 most=NOTE_LIMIT, count=len(value))
    values[name] = value.strip()
    return None


def _finish(day: date | None, values: dict[str, Any], found: list[DiaryProblem],
            number: int | None) -> tuple[Night | None, list[DiaryProblem]]:
    if found or day is None:
        return None, found
    night = Night(date=day, **values)
    found.extend(night_problems(night, number))
    return (None, found) if found else (night, found)
