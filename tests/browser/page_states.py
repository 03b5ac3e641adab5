"""Every page state the browser tests reach, recorded as the server sent it, to be checked again.

The live server is wrapped in :class:`Recorder`: each HTML response any browser test gets
(a question page with an error, the page after "Save and add more rows", the page a notice
lands on...) is kept with its status and headers. ``Replay`` shows one again at its own
address, the live server answering with it as first sent, its own headers (the Content
Security Policy) included; the stylesheets, scripts and fonts come from the live server, and
from the browser's cache once fetched. So the checks of test_every_state.py run on every
state the suite reaches, not on a list of pages.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, TypeVar

T = TypeVar("T")

#: What changes from one request to the next without changing the page: the CSRF token.
_TOKEN = re.compile(r'(name="csrf_token" type="hidden" value=")[^"]*(")')
#: What a patient typed or chose: a page's shape is the same whatever the answers.
_ANSWERS = re.compile(r'( value="[^"]*"| checked| selected|<textarea[^>]*>[^<]*)')


@dataclass(frozen=True)
class PageState:
    """One HTML response as the browser got it."""

    method: str
    path: str  # with its query string
    status: int
    headers: tuple[tuple[str, str], ...]
    html: str

    @property
    def name(self) -> str:
        """A short name for messages: the method, the address and a digest of the page."""
        digest = hashlib.sha1(self.html.encode()).hexdigest()[:8]
        return f"{self.method} {self.path} [{self.status}, {digest}]"

    @property
    def address(self) -> tuple[str, int, str]:
        """Where and how the page was sent: its path (no query), status and language."""
        lang = re.search(r'<html lang="([^"]*)"', self.html)
        return self.path.split("?")[0], self.status, lang.group(1) if lang else ""

    @property
    def shape(self) -> str:
        """The page without the patient's answers: the same controls, labels and texts."""
        return _ANSWERS.sub("", self.html)


class Recorder:
    """Keeps every distinct HTML page the app sends (thread-safe); ``wrap`` the WSGI app."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seen: dict[str, PageState] = {}
        self._replaying: PageState | None = None

    def wrap(self, app: Callable[..., Iterable[bytes]]) -> Callable[..., Iterable[bytes]]:
        """``app`` as WSGI middleware that records each HTML response it sends."""

        def recording(environ: dict[str, Any], start_response: Callable[..., Any]):
            replayed = self._replayed(environ)
            if replayed is not None:
                headers = [(name, value) for name, value in replayed.headers
                           if name.lower() not in ("content-length", "set-cookie")]
                body = replayed.html.encode("utf-8")
                start_response(f"{replayed.status} {HTTPStatus(replayed.status).phrase}",
                               [*headers, ("Content-Length", str(len(body)))])
                return [body]
            sent: dict[str, Any] = {}

            def remember(status: str, headers: list[tuple[str, str]], *args: Any) -> Any:
                sent["status"], sent["headers"] = status, headers
                return start_response(status, headers, *args)

            result = app(environ, remember)  # Flask has called start_response by now
            if not any(name.lower() == "content-type" and value.startswith("text/html")
                       for name, value in sent.get("headers", [])):
                return result
            try:
                body = b"".join(result)
            finally:
                if hasattr(result, "close"):
                    result.close()
            self.add(environ, sent["status"], sent["headers"], body)
            return [body]

        return recording

    def add(self, environ: dict[str, Any], status: str, headers: list[tuple[str, str]],
            body: bytes) -> None:
        query = environ.get("QUERY_STRING", "")
        path = environ.get("PATH_INFO", "/") + (f"?{query}" if query else "")
        html = _TOKEN.sub(r"\1token\2", body.decode("utf-8"))
        state = PageState(environ["REQUEST_METHOD"], path, int(status.split()[0]),
                          tuple(headers), html)
        with self._lock:
            self._seen.setdefault(html, state)

    @contextmanager
    def replaying(self, state: PageState) -> Iterator[None]:
        """Within the block, answer a GET of ``state``'s address with ``state`` itself, as
        first sent (a page first sent after a POST too), and record nothing of it."""
        with self._lock:
            self._replaying = state
        try:
            yield
        finally:
            with self._lock:
                self._replaying = None

    def _replayed(self, environ: dict[str, Any]) -> PageState | None:
        """The state being replayed, if ``environ`` asks for its address."""
        with self._lock:
            state = self._replaying
        if state is None or environ["REQUEST_METHOD"] != "GET":
            return None
        query = environ.get("QUERY_STRING", "")
        path = environ.get("PATH_INFO", "/") + (f"?{query}" if query else "")
        return state if path == state.path else None

    def states(self) -> list[PageState]:
        """Every distinct page state so far, in the order first seen."""
        with self._lock:
            return list(self._seen.values())


def kinds_shown(html: str) -> set[tuple[str, str]]:
    """Each kind of element on a page: its tag alone, and with each of its classes."""
    return ({(tag, "") for tag in re.findall(r"<(\w+)", html)}
            | {(tag, name) for tag, names in re.findall(r'<(\w+)\b[^>]*?\sclass="([^"]*)"', html)
               for name in names.split()})


def fewest_showing_all(shows: dict[T, set[Any]]) -> list[T]:
    """The fewest of ``shows``' keys (greedy, first in order on a tie) whose sets between
    them hold everything any of them holds."""
    wanted: set[Any] = set().union(*shows.values())
    shown: set[Any] = set()
    chosen: list[T] = []
    while shown != wanted:
        best = max(shows, key=lambda key: len(shows[key] - shown))
        chosen.append(best)
        shown |= shows[best]
    return chosen


def distinct(states: Iterable[PageState], key: Callable[[PageState], str]) -> list[PageState]:
    """The first state of each ``key`` (for checks that depend on less than the whole page)."""
    found: dict[str, PageState] = {}
    for state in states:
        found.setdefault(key(state), state)
    return list(found.values())


class Replay:
    """Shows recorded page states again in ``page``, each at its own address, as the server
    first sent it (its Content Security Policy included): the live server answers that
    address with the recorded page (:meth:`Recorder.replaying`), so the browser's cache
    keeps the stylesheets, scripts and fonts from one state to the next, as a patient's does.
    """

    def __init__(self, page: Any, base_url: str, recorder: Recorder) -> None:
        self.page, self.base_url, self.recorder = page, base_url, recorder

    def show(self, state: PageState) -> None:
        """Load ``state`` in the page and wait until it has loaded."""
        with self.recorder.replaying(state):
            self.page.goto(self.base_url + state.path, wait_until="load")
