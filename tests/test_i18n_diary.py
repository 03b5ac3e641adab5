"""The sleep diary's own words in Spanish (issue 18): messages, times and dates.

The engine speaks the language of the request (:mod:`webapp.engine.language`); these tests
speak Spanish through the compiled catalog, as a Spanish request does.

- Every message the diary writes, in Spanish, passes the Spanish wording rule as a hint
  (as every English one passes the English rule: tests/test_sleep_diary.py), holds no
  English word and no untranslated catalog text, and keeps its numbers.
- Times are shown the Spanish way ("10:30 p. m.", "medianoche") and read back as typed.
- Dates read in Spanish ("viernes 20 de noviembre").
"""

from __future__ import annotations

from datetime import date, time

import pytest
from babel.support import Translations
from spanish_pages import english_left
from test_sleep_diary import _every_message

from webapp.engine import language
from webapp.engine.catalog_texts import TRANSLATIONS
from webapp.engine.clock_time import parse_clock, shown
from webapp.engine.guardrail import message, problems_in
from webapp.engine.sleep_diary import format_date
from webapp.engine.sleep_diary_chart import shown_hour

SPANISH = Translations.load(str(TRANSLATIONS), ["es"])


def spanish_messages() -> list[str]:
    with language.speaking(SPANISH):
        return _every_message()


def test_spanish_is_compiled():
    assert isinstance(SPANISH, Translations), "run make translations"


@pytest.mark.parametrize("text", spanish_messages())
def test_every_diary_message_in_spanish_passes_the_spanish_wording_rule(text):
    assert [message(p, "hint", "es") for p in problems_in(text, "hint", frozenset(), "es")] == []
    assert english_left(text, []) == []


def test_the_messages_are_the_same_ones_in_each_language():
    english, spanish = _every_message(), spanish_messages()
    assert len(spanish) == len(english) > 20
    assert not set(spanish) & set(english)
    assert sorted("".join(c for c in text if c.isdigit()) for text in english) == sorted(
        "".join(c for c in text if c.isdigit()) for text in spanish)


@pytest.mark.parametrize(("moment", "written"), [
    (time(22, 30), "10:30 p. m."), (time(7, 5), "7:05 a. m."), (time(0, 0), "medianoche"),
    (time(12, 0), "mediodía"), (time(12, 30), "12:30 p. m.")])
def test_times_are_shown_in_spanish_and_read_back(moment, written):
    with language.speaking(SPANISH):
        assert shown(moment) == written
        assert parse_clock(shown(moment)) == moment
    assert parse_clock(written) == moment  # whatever the language spoken


def test_dates_and_the_charts_hours_are_in_spanish():
    with language.speaking(SPANISH):
        assert format_date(date(2026, 11, 20)) == "viernes 20 de noviembre"
        assert [shown_hour(hour) for hour in (0, 6, 12, 22)] == [
            "medianoche", "6 a. m.", "mediodía", "10 p. m."]
    assert format_date(date(2026, 11, 20)) == "Friday November 20"
    assert shown_hour(22) == "10pm"
