"""The language the app is speaking right now, for the texts the engine writes.

The engine decides nothing by language: answers, conditions and scores are the same in
every language. Only its messages (a plain-words problem with an answer, a joining "and")
are words, and they are looked up here, in the gettext catalog the web layer chose for this
request (:func:`webapp.web.locale.init_locale` sets it; :func:`speaking` sets it for a
block, such as the sheet printed in English). Outside a request the app speaks English.

A ``ContextVar`` holds it, so each request (each thread) has its own, and English costs
one dictionary-free call: :class:`gettext.NullTranslations` returns the text as given.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from datetime import date
from gettext import NullTranslations

from babel.dates import format_date

ENGLISH = NullTranslations()
_current: ContextVar[NullTranslations] = ContextVar("translations", default=ENGLISH)


def N_(text: str) -> str:  # noqa: N802  (gettext's own name for the marker)
    """Mark ``text`` for the catalog where it is defined; it is looked up where it is used."""
    return text


def gettext(text: str, **variables: object) -> str:
    """``text`` in the current language, with ``%(name)s`` placeholders filled in."""
    found = _current.get().gettext(text)
    return found % variables if variables else found


def current() -> NullTranslations:
    """The catalog spoken now."""
    return _current.get()


def code() -> str:
    """The code of the language spoken now ("en", "es"): its catalog's ``Language`` header."""
    return _current.get().info().get("language") or "en"


def format_day(day: date, pattern: str) -> str:
    """``day`` written with ``pattern``, a CLDR date pattern marked for the catalog (so each
    language orders it its own way: "EEEE MMMM d", "EEEE d 'de' MMMM"), in the language
    spoken: "Friday November 20", "viernes 20 de noviembre"."""
    return format_date(day, gettext(pattern), locale=code())


def ngettext(singular: str, plural: str, count: int, **variables: object) -> str:
    """The singular or plural of a text in the current language; ``%(num)d`` is ``count``."""
    found = _current.get().ngettext(singular, plural, count)
    return found % {"num": count, **variables}


def pgettext(context: str, text: str) -> str:
    """``text`` in the current language, as translated in ``context`` (an instrument's id)."""
    return _current.get().pgettext(context, text)


def use(translations: NullTranslations) -> Token[NullTranslations]:
    """Speak ``translations`` from now on in this context; give the token to :func:`stop`."""
    return _current.set(translations)


def stop(token: Token[NullTranslations]) -> None:
    """Go back to the language spoken before :func:`use` gave ``token``."""
    _current.reset(token)


@contextmanager
def speaking(translations: NullTranslations) -> Iterator[None]:
    """Speak ``translations`` inside the block."""
    token = use(translations)
    try:
        yield
    finally:
        stop(token)
