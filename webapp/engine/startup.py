"""Settings the app cannot start with: one plain line, then the process stops.

A clinic sets ``BTV_*`` environment variables (https, proxies, how long answers
are kept). A value the app cannot work with must not start a server that
half-works, nor print a traceback: :func:`refuse_to_start` prints one line
naming the setting and exits with gunicorn's "worker failed to boot" status, so
gunicorn's master stops instead of starting the worker again and again.
"""

from __future__ import annotations

import sys
from typing import NoReturn

#: gunicorn's "worker failed to boot" exit status.
REFUSED_TO_START = 3


class SettingError(ValueError):
    """A setting the app cannot start with; the message names it and says what to set."""


def refuse_to_start(error: SettingError) -> NoReturn:
    """Print one line saying what is wrong (no traceback) and stop the process."""
    print(f"Before the Visit cannot start: {error}", file=sys.stderr, flush=True)
    raise SystemExit(REFUSED_TO_START)
