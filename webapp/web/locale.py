"""The patient's language: chosen once, kept, and spoken by every page (issue 18).

- Flask-Babel's locale selector (:func:`select_locale`): the language the patient chose
  with the "English | Español" link, kept in the session (in the ``visit`` cookie until
  they save an answer, so looking still leaves nothing on the server); else the best of
  the browser's ``Accept-Language``; else English.
- Each request speaks that language from its start (:mod:`webapp.engine.language` holds the
  catalog for the engine's messages, and the templates' ``_()`` read the same), and picks
  the questionnaire translated into it at start-up (:func:`questionnaire_in`).
- ``/language/<code>?next=/page/sleep`` is a plain link: it keeps the choice and goes back
  to the page it was pressed on, on this site only (:func:`safe_next`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from datetime import date
from gettext import NullTranslations
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from babel.dates import format_date
from babel.support import Translations
from flask import (
    Blueprint,
    Flask,
    Response,
    current_app,
    has_request_context,
    redirect,
    request,
    session,
    url_for,
)
from flask_babel import Babel, force_locale, get_locale
from markupsafe import Markup
from werkzeug.exceptions import NotFound
from werkzeug.wrappers import Response as BaseResponse

from ..engine import language
from ..engine.catalog_texts import TRANSLATIONS, catalog_path, catalog_problems
from ..engine.language import N_
from ..engine.problems import QuestionnaireError
from ..engine.questionnaire import Questionnaire
from ..engine.translated import translated

#: The languages the app speaks, English first (the default and the fallback).
LANGUAGES = ("en", "es")
#: Each language's name in its own words, for the switch.
LANGUAGE_NAMES = {"en": "English", "es": "Español"}
#: The session key of the patient's choice.
CHOSEN = "language"
#: Endpoints that serve files, not pages: they speak no language and never read the session.
_FILES = frozenset({"static", "favicon", "wizard.reveal_css", "language.page_numbers"})
#: The printed sheet's page numbers in its bottom margin (static/style.css says them in
#: English; :func:`page_numbers` in another language).
PAGE_NUMBERS = N_("Page %(page)s of %(pages)s")

bp = Blueprint("language", __name__)


def select_locale() -> str:
    """The patient's language: their choice, else their browser's, else English."""
    if not has_request_context():  # flask summary: the sheet in English
        return LANGUAGES[0]
    chosen = session.get(CHOSEN)
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(LANGUAGES) or LANGUAGES[0]


#: The code of the language this request speaks, once its first step has decided it (and
#: inside :func:`in_language`); None before, and for the requests for files.
_deciding: ContextVar[str | None] = ContextVar("language_code", default=None)


def current_language() -> str:
    """The code of the language this request speaks ("en", "es")."""
    decided = _deciding.get()
    if decided is not None:
        return decided
    locale = get_locale()
    return locale.language if locale is not None else LANGUAGES[0]


def questionnaire_in(code: str) -> Questionnaire:
    """The questionnaire in language ``code``, made once at start-up."""
    return current_app.extensions["questionnaires"][code]


def _translations() -> NullTranslations:
    return current_app.extensions["catalogs"][current_language()]


def spoken_language() -> str:
    """The code of the language the page's words are in: the catalog spoken now (English
    outside a request, before the language step, or when a catalog is not compiled).

    ``<html lang>`` says this, never the locale alone, so a page can never claim Spanish
    over English words.
    """
    spoken = language.current()
    if has_request_context():
        for code, catalog in current_app.extensions["catalogs"].items():
            if catalog is spoken and isinstance(catalog, Translations):
                return code
    return LANGUAGES[0]


def checked_catalogs() -> list[Path]:
    """The catalogs whose texts :func:`load_languages` holds to their language's rule."""
    return [catalog_path(code) for code in LANGUAGES[1:]]


def load_languages(app: Flask, english: Questionnaire, check_wording: bool = True) -> None:
    """Read each language's compiled catalog once, check its texts with that language's
    wording rule, and make the questionnaire in it; refuse to start on a refused text.
    ``check_wording=False``: the texts passed before (:mod:`webapp.engine.wording_record`).

    A catalog that is not compiled (``make translations``) leaves that language's pages in
    English, and the log says so.
    """
    catalogs: dict[str, NullTranslations] = {LANGUAGES[0]: language.ENGLISH}
    questionnaires = {LANGUAGES[0]: english}
    for code in LANGUAGES[1:]:
        problems = catalog_problems(code, english.wording_names) if check_wording else []
        if problems:
            raise QuestionnaireError(str(catalog_path(code)), problems)
        catalog, questionnaires[code] = _in_language(code, english)
        if not isinstance(catalog, Translations):
            app.logger.warning("No compiled %s catalog in %s: run make translations. Pages "
                               "in that language are in English.", code, TRANSLATIONS)
        catalogs[code] = catalog
    app.extensions["catalogs"] = catalogs
    app.extensions["questionnaires"] = questionnaires


#: Each language's compiled catalog and the questionnaire made in it, kept for the process
#: by the compiled file, its time and the English questionnaire (the loader gives
#: the same object for the same file): all three are immutable once made, and each app made
#: again spent about 20 ms on them (tests make hundreds). A recompiled catalog is read again.
_MADE: dict[tuple[str, int, int],  # (the compiled file, its time, the English questionnaire)
            tuple[Questionnaire, NullTranslations, Questionnaire]] = {}
_MADE_KEPT = 8


def _in_language(code: str, english: Questionnaire) -> tuple[NullTranslations, Questionnaire]:
    """The compiled catalog of ``code`` and ``english`` translated with it."""
    compiled = TRANSLATIONS / code / "LC_MESSAGES" / "messages.mo"
    try:
        changed = compiled.stat().st_mtime_ns
    except OSError:
        changed = 0
    key = (str(compiled), changed, id(english))
    made = _MADE.get(key)  # holds ``english``, so its id is not reused while kept
    if made is None:
        catalog = Translations.load(str(TRANSLATIONS), [code])
        made = _MADE[key] = (english, catalog, translated(english, catalog))
        while len(_MADE) > _MADE_KEPT:
            del _MADE[next(iter(_MADE))]
    return made[1], made[2]


@contextmanager
def in_language(code: str) -> Iterator[None]:
    """Speak ``code`` inside the block (the sheet printed in English for the doctor)."""
    with force_locale(code):
        tokens = _speak(code)
        try:
            yield
        finally:
            _stop(tokens)


def _speak(code: str) -> tuple[Token[str | None], Token[NullTranslations]]:
    """Speak ``code`` from now on in this context: its code for :func:`current_language`,
    its catalog for the engine's and the templates' words; give the tokens to :func:`_stop`."""
    decided = _deciding.set(code)
    return decided, language.use(_translations())


def _stop(tokens: tuple[Token[str | None], Token[NullTranslations]]) -> None:
    """Go back to the language spoken before :func:`_speak` gave ``tokens``."""
    decided, spoken = tokens
    language.stop(spoken)
    _deciding.reset(decided)


#: Each template text looked up in a catalog, as markup: a page looks up a few dozen, the
#: same on every page. Keyed by the catalog and the text, which is always a template's own
#: literal text (tests/test_i18n_language.py checks every template), never a patient's.
_LOOKED_UP: dict[tuple[NullTranslations, str], Markup] = {}
_LOOKED_UP_KEPT = 4096


def template_gettext(text: str, **variables: Any) -> Markup:
    """``_()`` in templates: the text in the request's language, its placeholders filled in
    with the values escaped (the catalog's own text is trusted, as the template's is)."""
    catalog = language.current()
    found = _LOOKED_UP.get((catalog, text))
    if found is None:
        found = Markup(catalog.gettext(text))
        if len(_LOOKED_UP) >= _LOOKED_UP_KEPT:
            _LOOKED_UP.clear()
        _LOOKED_UP[catalog, text] = found
    return found % variables if variables else found


def template_ngettext(singular: str, plural: str, num: int, **variables: Any) -> Markup:
    """``ngettext()`` in templates: the form for ``num``, with ``%(num)d`` filled in."""
    return Markup(language.current().ngettext(singular, plural, num)) % {"num": num,
                                                                         **variables}


def made_on(day: date) -> str:
    """The sheet's date in the current language: "30 November 2026", "30 de noviembre de 2026"."""
    if current_language() == LANGUAGES[0]:
        return f"{day.day:02d} {day:%B %Y}"
    return format_date(day, "d 'de' MMMM 'de' y", locale=current_language())


#: Marked for the catalog; :func:`back_to_sheet` looks it up in the patient's language.
_BACK = N_("Back to the sheet in my language")


def back_to_sheet(code: str) -> str:
    """The link back from the sheet printed in English, in the patient's own language."""
    return current_app.extensions["catalogs"][code].gettext(_BACK)


def safe_next(target: str | None) -> str:
    """``target`` if it is a path on this site, else the start page: never another host."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and "\\" not in target:
            return target
    return url_for("wizard.start")


@bp.get("/language/<code>")
def choose(code: str) -> BaseResponse:
    """Keep the patient's choice of language and go back to the page they were on."""
    if code not in LANGUAGES:
        raise NotFound()
    session[CHOSEN] = code
    return redirect(safe_next(request.args.get("next")))


def page_numbers_css(code: str) -> str:
    """The stylesheet that prints the sheet's page numbers in language ``code``: "Página 1
    de 2". CSS cannot look words up, so the catalog's text is made into the margin box's
    ``content``, each placeholder a counter."""
    text = current_app.extensions["catalogs"][code].gettext(PAGE_NUMBERS)
    parts = [part for part in re.split(r"(%\((?:page|pages)\)s)", text) if part]
    content = " ".join(
        f"counter({part[2:-2]})" if part in ("%(page)s", "%(pages)s")
        else '"' + part.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'
        for part in parts)
    return f"@page {{\n  @bottom-right {{ content: {content}; }}\n}}\n"


@bp.get("/page-numbers/<code>.css")
def page_numbers(code: str) -> Response:
    """The page numbers of the printed sheet in language ``code`` (the sheet links it)."""
    if code not in LANGUAGES:
        raise NotFound()
    response = Response(page_numbers_css(code), mimetype="text/css")
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


def language_links() -> list[tuple[str, str, str | None]]:
    """(code, name, address) of each language; the address is None for the current one."""
    if not has_request_context():
        return []
    here = request.path
    if request.method == "GET":  # the same page, but for a sheet printed in another language
        args = [(key, value) for key, value in request.args.items(multi=True)
                if key != "language"]
        here = f"{here}?{urlencode(args)}" if args else here
    now = current_language()
    return [(code, name, None if code == now else url_for("language.choose", code=code,
                                                           next=here))
            for code, name in LANGUAGE_NAMES.items()]


def init_locale(app: Flask, english: Questionnaire, check_wording: bool = True) -> None:
    """Choose each request's language, and give templates ``_()`` and the switch
    (``check_wording``: see :func:`load_languages`)."""
    load_languages(app, english, check_wording)
    Babel(app, locale_selector=select_locale, configure_jinja=False,
          default_translation_directories=str(TRANSLATIONS))
    # The templates' _() and ngettext() read the request's catalog straight from the
    # engine's context variable, as plain functions: Flask-Babel's callables look the locale
    # up again on every call, and Jinja's i18n extension goes through the template context
    # twice a call (a page makes dozens; see docs/benchmarks.md). pybabel still extracts
    # them with the jinja2 method.
    app.jinja_env.globals.update(_=template_gettext, gettext=template_gettext,
                                 ngettext=template_ngettext)
    app.register_blueprint(bp)

    def speak_the_patients_language() -> None:
        asked = request._get_current_object()  # type: ignore[attr-defined]  # one look-up
        endpoint = asked.endpoint or ""
        if endpoint in _FILES or endpoint.startswith("asset_"):
            return
        # Decided once here, by the selector Flask-Babel would call, then read from
        # _deciding by every current_language() of the request: a page asks several times.
        asked.environ["btv.language"] = _speak(select_locale())

    # First of all the app's before-request steps: a step before it that refuses the
    # request (the store cannot be read: 503; the form's secret is stale) must still answer
    # in the patient's language.
    app.before_request_funcs.setdefault(None, []).insert(0, speak_the_patients_language)

    @app.teardown_request
    def stop_speaking(_error: BaseException | None) -> None:
        tokens = request.environ.pop("btv.language", None)
        if tokens is not None:
            _stop(tokens)

    @app.context_processor
    def language_of_the_page() -> dict[str, Any]:
        return {"page_language": spoken_language,
                "made_on": made_on, "back_to_sheet": back_to_sheet}
