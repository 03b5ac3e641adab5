"""The parts of every page's frame that are the same for every patient, made once.

Each page's frame (``base.html``) links the style sheet and the script (with the script's
words), the start and delete pages, and ends with the disclaimer: a dozen look-ups and
addresses on every page, the same for every patient who speaks the same language. They are
the macros of ``frame.html``, rendered once for each language and each place the app is
served from, and kept as markup. The header also holds the language switch, whose links
come back to the page they are on: it is kept for each page address as well.

No patient's data can reach them, by construction: ``frame.html`` is rendered in an
environment of its own whose only names are ``_()``, ``url_for()`` and the questionnaire's
settings (any other name is an error, not an empty string), never the request, the session,
the form or the answers. What they render is decided by what they are kept under: the
catalog spoken, the language's settings and the path the app is served under.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, current_app, request, url_for
from jinja2 import Environment, StrictUndefined
from markupsafe import Markup

from ..engine import language
from .compiled_templates import COMPILED
from .locale import current_language, language_links, questionnaire_in, template_gettext

#: The template of the frame's parts; each macro is a part.
TEMPLATE = "frame.html"
#: The parts base.html places the same on every page (the header is made for each page).
PARTS = ("style", "script", "footer")
#: Frames kept per app, at most (two languages, usually one place): then made again.
KEEP = 64
#: Headers kept per app, at most (one for each page address and language): then made again.
KEEP_HEADERS = 1024


class FrameParts:
    """One frame's parts, as markup: ``frame.style``, ``frame.footer``..."""

    def __init__(self, parts: dict[str, Markup]) -> None:
        self.__dict__.update(parts)


def frame_environment(app: Flask) -> Environment:
    """The environment ``frame.html`` is rendered in: the app's templates and Jinja settings,
    and no names but ``_`` and ``url_for`` (settings are given to each rendering)."""
    app_env = app.jinja_env
    environment = Environment(
        loader=app_env.loader, autoescape=True, trim_blocks=app_env.trim_blocks,
        lstrip_blocks=app_env.lstrip_blocks, undefined=StrictUndefined,
        bytecode_cache=COMPILED)
    environment.globals.clear()
    environment.globals.update({"_": template_gettext, "url_for": url_for})
    return environment


def _frame_module(code: str) -> Any:
    """``frame.html``'s macros, with the settings of language ``code``."""
    environment: Environment = current_app.extensions["frame_environment"]
    return environment.get_template(TEMPLATE).make_module(
        {"settings": questionnaire_in(code).settings})


def _kept(store: str, key: tuple[Any, ...], make: Callable[[], Any], keep: int) -> Any:
    """What ``make()`` made for ``key``, kept in the app's ``store`` (at most ``keep``
    entries: then all are forgotten and made again)."""
    made: dict[tuple[Any, ...], Any] = current_app.extensions[store]
    found = made.get(key)
    if found is None:
        found = make()
        if len(made) >= keep:
            made.clear()
        made[key] = found
    return found


def page_frame() -> FrameParts:
    """This page's frame parts: made the first time for this language and place."""
    code = current_language()

    def make() -> FrameParts:
        module = _frame_module(code)
        return FrameParts({part: Markup(getattr(module, part)()) for part in PARTS})

    return _kept("page_frames", (code, language.current(), request.script_root), make, KEEP)


def page_header() -> Markup:
    """This page's header: made the first time for this language, place and page address
    (the language links come back to it: a GET's with its query, a POST's without)."""
    code = current_language()
    here = request._get_current_object()  # type: ignore[attr-defined]  # once, not 4 look-ups
    get = here.method == "GET"
    key = (code, language.current(), here.script_root, get, here.path,
           here.query_string if get else b"")
    return _kept("page_headers", key,
                 lambda: Markup(_frame_module(code).header(language_links())), KEEP_HEADERS)


def init_page_frame(app: Flask) -> None:
    """Give templates :func:`page_frame` and :func:`page_header`."""
    app.extensions["frame_environment"] = frame_environment(app)
    app.extensions["page_frames"] = {}
    app.extensions["page_headers"] = {}
    app.jinja_env.globals.update(page_frame=page_frame, page_header=page_header)
