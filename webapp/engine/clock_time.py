"""Clock times as people type them, read without guessing, and written back for reading.

Accepted (spaces and case do not matter):

- 24-hour clock: ``22:30``, ``22.30``, ``2230``, ``07:05``, ``730``, ``7`` (7 in the
  morning), ``24:00`` (midnight);
- 12-hour clock with am or pm: ``10:30pm``, ``10.30 pm``, ``10:30 p.m.``, ``10pm``, ``7am``;
- words: ``noon``, ``midnight``.

A time without am or pm is read on the 24-hour clock, as a browser's time field sends it
and as the answers file stores it: ``7`` is 7 in the morning, ``19`` is 7 in the evening.

Refused, each with a plain message that says how to write it: anything that is not a time;
an hour or minute out of range; minutes not written with two digits (``10.5`` could mean
10:05 or 10:30); ``12am`` and ``12pm``, which people read both ways (write ``midnight`` or
``noon``); seconds.
"""

from __future__ import annotations

import re
from datetime import time

#: One example of each way to write a time, for messages.
EXAMPLES = "10:30pm or 22:30"

_WORDS = {"noon": time(12, 0), "midday": time(12, 0), "midnight": time(0, 0)}
_SUFFIX = re.compile(r"^(?P<clock>.*?)\s*(?P<half>[ap])\.?\s*m\.?$")
_SEPARATED = re.compile(r"^(?P<hour>[0-9]{1,2})\s*[:.]\s*(?P<minute>[0-9]+)$")
_DIGITS = re.compile(r"^[0-9]{1,4}$")


class ClockTimeError(ValueError):
    """A text that is not a clock time; the message says how to write one."""


def _refuse(what: str, detail: str = "", example: bool = True) -> ClockTimeError:
    """The error for ``what`` ("a time", "the time you got into bed"): "Enter it ..."."""
    return ClockTimeError(f"Enter {what}{detail}{f', like {EXAMPLES}' if example else ''}.")


def parse_clock(text: str, what: str = "a time") -> time:
    """The clock time ``text`` names, or :class:`ClockTimeError` with a plain message that
    names the time as ``what``."""
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
            raise _refuse(what, " with an hour from 0 to 23, or with am or pm")
        return time(hour, minute)
    if not 1 <= hour <= 12:
        raise _refuse(what, " with an hour from 1 to 12 before am or pm")
    if hour == 12 and minute == 0:
        raise _refuse(what, " as noon or midnight in words, since people read 12am and 12pm "
                      "both ways", example=False)
    return time(hour % 12 + (12 if half == "p" else 0), minute)


def _hour_and_minute(clock: str, what: str) -> tuple[int, int]:
    """The hour and minute written in ``clock`` (no am or pm), not yet checked for range."""
    separated = _SEPARATED.match(clock)
    if separated:
        hour, minutes = int(separated["hour"]), separated["minute"]
        if len(minutes) != 2:
            raise _refuse(what, " with two digits for the minutes")
        minute = int(minutes)
    elif _DIGITS.match(clock):
        # 7 and 19 are hours; 730 and 2230 are an hour and two digits of minutes.
        hour, minute = (int(clock), 0) if len(clock) <= 2 else (int(clock[:-2]), int(clock[-2:]))
    else:
        raise _refuse(what)
    if minute > 59:
        raise _refuse(what, " with minutes from 00 to 59")
    return hour, minute


def parse_stored(text: object, what: str = "the time") -> time:
    """A time as the answers file stores it: exactly ``HH:MM`` on the 24-hour clock."""
    if isinstance(text, str) and re.fullmatch(r"[0-9]{2}:[0-9]{2}", text):
        hour, minute = int(text[:2]), int(text[3:])
        if hour <= 23 and minute <= 59:
            return time(hour, minute)
    raise ClockTimeError(f"Enter {what} as hours and minutes on the 24-hour clock, like 22:30.")


def stored(moment: time) -> str:
    """``moment`` as the answers file stores it: ``HH:MM`` on the 24-hour clock."""
    return f"{moment.hour:02d}:{moment.minute:02d}"


def shown(moment: time) -> str:
    """``moment`` for reading: ``10:30pm``, ``7:05am``, ``midnight``, ``noon``."""
    if moment.minute == 0 and moment.hour in (0, 12):
        return "midnight" if moment.hour == 0 else "noon"
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment.minute:02d}{'am' if moment.hour < 12 else 'pm'}"


def minutes_of(moment: time) -> int:
    """Minutes since midnight."""
    return moment.hour * 60 + moment.minute
