"""Clock times as people type them, read without guessing, and written back for reading.

Accepted (spaces and case do not matter):

- 24-hour clock: ``22:30``, ``22.30``, ``2230``, ``07:05``, ``730``, ``7`` (7 in the
  morning), ``24:00`` (midnight);
- 12-hour clock with am or pm: ``10:30pm``, ``10.30 pm``, ``10:30 p.m.``, ``10pm``, ``7am``;
- words: ``noon``, ``midnight`` (and in Spanish ``mediodía``, ``medianoche``).

A time without am or pm is read on the 24-hour clock, as a browser's time field sends it
and as the answers file stores it: ``7`` is 7 in the morning, ``19`` is 7 in the evening.

Refused, each with a plain message that says how to write it: anything that is not a time;
an hour or minute out of range; minutes not written with two digits (``10.5`` could mean
10:05 or 10:30); ``12am`` and ``12pm``, which people read both ways (write ``midnight`` or
``noon``); seconds.

Messages and times shown are in the language spoken (:mod:`webapp.engine.language`):
``10:30 p. m.`` and ``medianoche`` in Spanish, both of which are read back.
"""

from __future__ import annotations

import re
from datetime import time

from .language import N_
from .language import gettext as _

#: One example of each way to write a time, for messages (:func:`examples` says it in the
#: language spoken).
EXAMPLES = N_("10:30pm or 22:30")

_WORDS = {"noon": time(12, 0), "midday": time(12, 0), "midnight": time(0, 0),
          "mediodía": time(12, 0), "mediodia": time(12, 0), "medianoche": time(0, 0)}
#: How a refused time is asked for again, by what was wrong ("%(what)s": which time).
_ASKS = {
    "": N_("Enter %(what)s, like %(examples)s."),
    "hour_24": N_("Enter %(what)s with an hour from 0 to 23, or with am or pm, like "
                  "%(examples)s."),
    "hour_12": N_("Enter %(what)s with an hour from 1 to 12 before am or pm, like "
                  "%(examples)s."),
    "twelve": N_("Enter %(what)s as noon or midnight in words, since people read 12am and "
                 "12pm both ways."),
    "minute_digits": N_("Enter %(what)s with two digits for the minutes, like %(examples)s."),
    "minute_range": N_("Enter %(what)s with minutes from 00 to 59, like %(examples)s."),
}
#: What a time is called when the caller does not name it.
A_TIME, THE_TIME = N_("a time"), N_("the time")
_SUFFIX = re.compile(r"^(?P<clock>.*?)\s*(?P<half>[ap])\.?\s*m\.?$")
_SEPARATED = re.compile(r"^(?P<hour>[0-9]{1,2})\s*[:.]\s*(?P<minute>[0-9]+)$")
_DIGITS = re.compile(r"^[0-9]{1,4}$")


class ClockTimeError(ValueError):
    """A text that is not a clock time; the message says how to write one."""


def examples() -> str:
    """:data:`EXAMPLES` in the language spoken."""
    return _(EXAMPLES)


def _refuse(what: str, wrong: str = "") -> ClockTimeError:
    """The error for ``what`` ("a time", "the time you got into bed", in the language
    spoken) with ``wrong`` a key of :data:`_ASKS`: "Enter it ..."."""
    return ClockTimeError(_(_ASKS[wrong], what=what, examples=examples()))


def parse_clock(text: str, what: str = A_TIME) -> time:
    """The clock time ``text`` names, or :class:`ClockTimeError` with a plain message that
    names the time as ``what`` (looked up in the language spoken)."""
    what = _(what)
    cleaned = " ".join(str(text)[:40].strip().lower().split())
    if cleaned in _WORDS:
        return _WORDS[cleaned]
    suffix = _SUFFIX.match(cleaned)
    clock, half = (suffix["clock"], suffix["half"]) if suffix else (cleaned, None)
    hour, minute = _hour_and_minute(clock, what)
    if half is None:
        if hour == 24 and minute == 0:
            return time(0, 0)
        if not 0 <= hour <= 23:
            raise _refuse(what, "hour_24")
        return time(hour, minute)
    if not 1 <= hour <= 12:
        raise _refuse(what, "hour_12")
    if hour == 12 and minute == 0:
        raise _refuse(what, "twelve")
    return time(hour % 12 + (12 if half == "p" else 0), minute)


def _hour_and_minute(clock: str, what: str) -> tuple[int, int]:
    """The hour and minute written in ``clock`` (no am or pm), not yet checked for range."""
    separated = _SEPARATED.match(clock)
    if separated:
        hour, minutes = int(separated["hour"]), separated["minute"]
        if len(minutes) != 2:
            raise _refuse(what, "minute_digits")
        minute = int(minutes)
    elif _DIGITS.match(clock):
        # 7 and 19 are hours; 730 and 2230 are an hour and two digits of minutes.
        hour, minute = (int(clock), 0) if len(clock) <= 2 else (int(clock[:-2]), int(clock[-2:]))
    else:
        raise _refuse(what)
    if minute > 59:
        raise _refuse(what, "minute_range")
    return hour, minute


def parse_stored(text: object, what: str = THE_TIME) -> time:
    """A time as the answers file stores it: exactly ``HH:MM`` on the 24-hour clock."""
    what = _(what)
    if isinstance(text, str) and re.fullmatch(r"[0-9]{2}:[0-9]{2}", text):
        hour, minute = int(text[:2]), int(text[3:])
        if hour <= 23 and minute <= 59:
            return time(hour, minute)
    raise ClockTimeError(_("Enter %(what)s as hours and minutes on the 24-hour clock, like "
                           "22:30.", what=what))


def stored(moment: time) -> str:
    """``moment`` as the answers file stores it: ``HH:MM`` on the 24-hour clock."""
    return f"{moment.hour:02d}:{moment.minute:02d}"


def shown(moment: time) -> str:
    """``moment`` for reading in the language spoken: ``10:30pm``, ``7:05am``, ``midnight``,
    ``noon`` (``10:30 p. m.``, ``medianoche`` in Spanish)."""
    if moment.minute == 0 and moment.hour in (0, 12):
        return _("midnight") if moment.hour == 0 else _("noon")
    clock = f"{moment.hour % 12 or 12}:{moment.minute:02d}"
    return _("%(clock)sam", clock=clock) if moment.hour < 12 else _("%(clock)spm", clock=clock)


def minutes_of(moment: time) -> int:
    """Minutes since midnight."""
    return moment.hour * 60 + moment.minute
