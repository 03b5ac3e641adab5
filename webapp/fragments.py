"""Markup that depends only on the questionnaire and a few choices, rendered once and reused.

A choice question looks the same for every patient who ticked the same
options, yet rendering it was most of a question page's time (about ten
escaped values an option). ``once`` keeps a macro's output under a key that
names everything the output depends on. One cache per app, and so per
questionnaire, holding at most ``LIMIT`` entries: past that, output is
rendered each time as before, so odd submissions cannot make it grow.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from markupsafe import Markup

#: Most outputs kept (a few kilobytes each).
LIMIT = 2000


class RenderedOnce:
    """``once(key, macro, *args)``: the macro's output for ``key``, rendered on first use.

    Lists in ``key`` (the options a patient ticked) count by their items. A key
    of None (output that depends on more, such as error messages) is never kept.
    """

    def __init__(self, limit: int = LIMIT) -> None:
        self.limit = limit
        self._made: dict[Hashable, Markup] = {}

    def __call__(self, key: tuple[Any, ...] | None, macro: Callable[..., str],
                 *args: Any) -> Markup:
        if key is None:
            return Markup(macro(*args))
        key = tuple(tuple(part) if isinstance(part, list) else part for part in key)
        made = self._made.get(key)
        if made is None:
            made = Markup(macro(*args))
            if len(self._made) < self.limit:
                self._made[key] = made
        return made

    def __len__(self) -> int:
        return len(self._made)
