"""The app's Flask class: Flask itself, minus a question it asks again on every request.

Before calling each before-request, after-request, teardown and context-processor function,
and each view, Flask asks ``inspect.iscoroutinefunction`` whether it must be run through
an event loop (:meth:`flask.Flask.ensure_sync`): a dozen times a request, about 3% of a
request's processor time. The answer for a function never changes, so
:class:`BeforeTheVisitFlask` keeps it. The cache holds the app's own functions only (those
Flask calls are registered on the app when it is made); it is keyed by the function object
and holds nothing from a request, so no patient's data can be in it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask

#: At most this many functions are remembered (the app registers a few dozen); past it,
#: Flask's own check runs each time, so a caller handing in new functions grows nothing.
KEEP = 512


class BeforeTheVisitFlask(Flask):
    """Flask, remembering for each function whether it is a coroutine function."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._made_sync: dict[Callable[..., Any], Callable[..., Any]] = {}

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        """``func`` if it is a plain function, else it wrapped to run to its end (as Flask's)."""
        made = self._made_sync.get(func)
        if made is None:
            made = super().ensure_sync(func)
            if len(self._made_sync) < KEEP:
                self._made_sync[func] = made
        return made
