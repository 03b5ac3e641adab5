"""How long answers are kept after the patient's last click, and how the start page says it.

The lifetime comes from ``BTV_ANSWERS_LIFETIME_HOURS`` or else from
``settings.session_hours`` in questions.yaml. Zero, a negative number, NaN or
infinity would mean answers never expire (and the start page would promise
nonsense such as "deleted -1 hours after your last click"), so the app refuses
to start with anything outside :data:`MIN_HOURS` to :data:`MAX_HOURS`.
"""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Any

from .language import gettext, ngettext
from .startup import SettingError

#: Shortest lifetime: six minutes, so a patient reading a page does not lose it.
MIN_HOURS = 0.1
#: Longest lifetime: seven days. Health answers are not kept longer on a server.
MAX_HOURS = 7 * 24
#: The allowed range in words, for messages and the README.
ALLOWED = "a number of hours from 0.1 (6 minutes) to 168 (7 days)"


def hours_problem(hours: Any) -> str | None:
    """Why ``hours`` cannot be the answers' lifetime, in plain words, or None."""
    if isinstance(hours, bool) or not isinstance(hours, (int, float)):
        return f"must be {ALLOWED}"
    if not math.isfinite(hours) or not MIN_HOURS <= hours <= MAX_HOURS:
        return f"must be {ALLOWED}"
    return None


def answers_lifetime(hours: Any, name: str) -> timedelta:
    """The lifetime ``hours`` (a number, or text holding one) as a timedelta.

    Raises :class:`SettingError`, naming the setting ``name``, for anything else.
    """
    value = hours
    if isinstance(hours, str):
        try:
            value = float(hours)
        except ValueError:
            value = None
    problem = hours_problem(value)
    if problem:
        shown = repr(hours) if len(repr(hours)) < 40 else repr(hours)[:40] + "..."
        raise SettingError(f"{name} {problem}; it is {shown}. Answers would otherwise never "
                           "expire, or expire at once.")
    return timedelta(hours=value)


def lifetime_text(lifetime: timedelta) -> str:
    """The lifetime as the start page says it: "12 hours", "1 hour", "30 minutes"."""
    minutes = lifetime.total_seconds() / 60
    if minutes < 60:
        count = round(minutes)
        return ngettext("%(num)d minute", "%(num)d minutes", count)
    hours = round(minutes / 60, 2)
    if hours == int(hours):
        return ngettext("%(num)d hour", "%(num)d hours", int(hours))
    return gettext("%(hours)s hours", hours=format(hours, "g"))
