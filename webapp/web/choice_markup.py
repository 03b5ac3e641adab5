"""Each option of a choice question, and each question's fixed parts, rendered once per app and
language, away from any request.

A choice question's options are most of a question page's markup, and each option takes about
ten escaped values to render; yet an option's markup, ticked or not, comes from the
questionnaire and the language alone. :func:`choice_options` renders the ``choice_option``
macro (macros.html) for each option of a question, ticked and unticked, the first time a page
in that language shows the question, and the page then only picks one of the two
(:func:`ticked_options`, by the field's value alone).

The same goes for the parts every question's macro shares that come from the question
alone (:func:`question_part`): its hint and why we ask (``hint_and_why``), "(optional)"
(``optional``) and, when the field shows no error, its ``aria-describedby`` attribute
(``described_by``), the label, hint and limit of a question with one field (``field_heading``)
and a choice question's markup up to its options (``choice_opening``). Each is a macro call on
every question of every page; each is rendered once per language, question and settings
instead. A page's own opening, up to its form (``page_opening``: the step, heading, intro and
notes), is kept in the same way by the page's id (``page_part`` in templates).

Nothing of a patient's can get into that markup: it is rendered in an empty context
(:class:`contextvars.Context`), where no request is under way, so a template that read the
session, the request or ``g`` there would fail to render instead of keeping one patient's
answers for the next. The macro gets the question, the option, its place and the input
kind (a question part: the question and the part's own settings, with a field that shows
no error), and nothing else.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextvars import Context
from gettext import NullTranslations
from types import SimpleNamespace
from typing import Any

from flask import Flask, current_app
from markupsafe import Markup

from ..engine import language
from ..engine.questionnaire import Page, Question

#: Each option as (value, its markup unticked, its markup ticked).
Options = tuple[tuple[str, Markup, Markup], ...]


def choice_options(question: Question, kind: str) -> Options:
    """The options of ``question`` as radios or checkboxes (``kind``), in the language spoken
    now: rendered the first time, outside any request, and kept with the app."""
    return _options_of(current_app._get_current_object(),  # type: ignore[attr-defined]
                       question, kind)


def _options_of(app: Flask, question: Question, kind: str) -> Options:
    """:func:`choice_options` of ``app`` (templates get it bound to their app)."""
    options: Options = _kept(app, "choice_options", (question.id, kind), _render,
                             question, kind)
    return options


def _kept(app: Flask, store: str, key: tuple[Any, ...],
          render: Callable[..., Any], *arguments: Any) -> Any:
    """What ``render(macros, *arguments)`` gives for ``key`` in the language spoken now, kept
    in ``app.extensions[store]`` under (catalog, *key): rendered the first time in an empty
    context (no request, so nothing of a patient's), with only the app's context pushed."""
    catalog = language.current()
    kept: dict[tuple[Any, ...], Any] = app.extensions[store]
    full_key = (catalog, *key)
    found = kept.get(full_key)
    if found is None:
        found = kept[full_key] = Context().run(_render_in_app, app, catalog, render, arguments)
    return found


def _render_in_app(app: Flask, catalog: NullTranslations, render: Callable[..., Any],
                   arguments: tuple[Any, ...]) -> Any:
    with app.app_context(), language.speaking(catalog):
        return render(app.jinja_env.get_template("macros.html").module, *arguments)


def ticked_options(question: Question, kind: str, data: Any) -> Markup:
    """The options of ``question`` as radios or checkboxes (``kind``) in the language spoken
    now (:func:`choice_options`), one after the other, those whose value is the field's
    ``data`` (a value, or a list of them) ticked. ``data`` only picks among the kept
    renderings: it is never kept itself."""
    return _ticked_of(current_app._get_current_object(),  # type: ignore[attr-defined]
                      question, kind, data)


def _ticked_of(app: Flask, question: Question, kind: str, data: Any) -> Markup:
    """:func:`ticked_options` of ``app`` (templates get it bound to their app)."""
    chosen = [data] if data is None or isinstance(data, str) else data
    return Markup("".join([ticked if value in chosen else unticked
                           for value, unticked, ticked in _options_of(app, question, kind)]))


def _render(macros: Any, question: Question, kind: str) -> Options:
    """Every option of ``question``, unticked and ticked (run by :func:`_kept`)."""
    option = macros.choice_option
    return tuple((choice.value, Markup(option(question, choice, index, kind, False)),
                  Markup(option(question, choice, index, kind, True)))
                 for index, choice in enumerate(question.options))


#: The macros of macros.html that :func:`question_part` renders: each takes the question,
#: a field when it shows one (True here), then the settings the template gives:
#: ``described_by`` whether the field has a character limit, ``field_heading`` (the label,
#: hint and limit of a question with one field) whether it heads the page and has a limit,
#: ``choice_opening`` (a choice question up to its options) whether it heads the page, its
#: input kind and whether its options sit side by side.
PARTS = {"hint_and_why": False, "optional": False, "described_by": True,
         "field_heading": True, "choice_opening": True,
         # A page's part (page_part): its page in place of a question.
         "page_opening": False}
#: The field a part is rendered with: one that shows no error (a field with errors is
#: rendered on its page, with its errors, by the macro itself).
_NO_ERRORS = SimpleNamespace(errors=())


def question_part(name: str, question: Question | Page, *settings: Any) -> Markup:
    """The macro ``name`` of macros.html for ``question`` (:data:`PARTS`; a page for a page's
    part) in the language spoken now, with ``settings`` after it: rendered the first time,
    outside any request, and kept with the app."""
    return _part_of(current_app._get_current_object(),  # type: ignore[attr-defined]
                    name, question, *settings)


def _part_of(app: Flask, name: str, question: Question | Page, *settings: Any) -> Markup:
    """:func:`question_part` of ``app`` (templates get it bound to their app)."""
    if name not in PARTS:
        raise ValueError(f"{name!r} is not a question part: {sorted(PARTS)}")
    part: Markup = _kept(app, "question_parts", (name, question.id, settings), _render_part,
                         name, question, settings)
    return part


def _render_part(macros: Any, name: str, question: Question | Page,
                 settings: tuple[Any, ...]) -> Markup:
    """The part ``name`` of ``question`` (run by :func:`_kept`)."""
    macro = getattr(macros, name)
    if PARTS[name]:
        return Markup(macro(question, _NO_ERRORS, *settings))
    return Markup(macro(question, *settings))


def init_choice_markup(app: Flask) -> None:
    """Give templates :func:`choice_options` and :func:`question_part`; the markup is kept
    per app."""
    app.extensions["choice_options"] = {}
    app.extensions["question_parts"] = {}
    # Bound to the app: a page asks a dozen times, and current_app costs a look-up each.
    app.jinja_env.globals["choice_options"] = functools.partial(_options_of, app)
    app.jinja_env.globals["ticked_options"] = functools.partial(_ticked_of, app)
    app.jinja_env.globals["question_part"] = functools.partial(_part_of, app)
    # A page's part is kept in the same way, by the page's id.
    app.jinja_env.globals["page_part"] = app.jinja_env.globals["question_part"]
