"""Each option of a choice question rendered once per app and language, away from any request.

A choice question's options are most of a question page's markup, and each option takes about
ten escaped values to render; yet an option's markup, ticked or not, comes from the
questionnaire and the language alone. :func:`choice_options` renders the ``choice_option``
macro (macros.html) for each option of a question, ticked and unticked, the first time a page
in that language shows the question, and the page then only picks one of the two.

Nothing of a patient's can get into that markup: it is rendered in an empty context
(:class:`contextvars.Context`), where no request is under way, so a template that read the
session, the request or ``g`` there would fail to render instead of keeping one patient's
answers for the next. The macro gets the question, the option, its place and the input
kind, and nothing else.
"""

from __future__ import annotations

from contextvars import Context
from gettext import NullTranslations

from flask import Flask, current_app
from markupsafe import Markup

from ..engine import language
from ..engine.questionnaire import Question

#: Each option as (value, its markup unticked, its markup ticked).
Options = tuple[tuple[str, Markup, Markup], ...]


def choice_options(question: Question, kind: str) -> Options:
    """The options of ``question`` as radios or checkboxes (``kind``), in the language spoken
    now: rendered the first time, outside any request, and kept with the app."""
    catalog = language.current()
    kept: dict[tuple[NullTranslations, str, str], Options] = \
        current_app.extensions["choice_options"]
    key = (catalog, question.id, kind)
    options = kept.get(key)
    if options is None:
        app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
        options = kept[key] = Context().run(_render, app, catalog, question, kind)
    return options


def _render(app: Flask, catalog: NullTranslations, question: Question, kind: str) -> Options:
    """Every option of ``question``, unticked and ticked, in ``catalog``'s language: run in
    an empty context, with only the app's own context pushed."""
    with app.app_context(), language.speaking(catalog):
        option = app.jinja_env.get_template("macros.html").module.choice_option  # type: ignore[attr-defined]
        return tuple((choice.value, Markup(option(question, choice, index, kind, False)),
                      Markup(option(question, choice, index, kind, True)))
                     for index, choice in enumerate(question.options))


def init_choice_markup(app: Flask) -> None:
    """Give templates :func:`choice_options`; the markup is kept per app."""
    app.extensions["choice_options"] = {}
    app.jinja_env.globals["choice_options"] = choice_options
