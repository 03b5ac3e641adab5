"""``sleep_diary``: nights of the Consensus Sleep Diary (issue 17), one night a page.

Its answer is a list of nights exactly as the answers file holds them (see
:mod:`webapp.engine.sleep_diary`). The question's own page shows the nights entered and
leads to a page per night; the page's form never sends the diary, so Continue keeps it
as saved (:attr:`QuestionKind.entered_apart`). ``min_nights`` is where the averages start;
``max_nights`` the most nights it takes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from .. import loader_messages as M
from ..diary_sheet import DiarySection
from ..language import gettext as _
from ..language import ngettext
from ..problems import Path
from ..sleep_diary import MAX_NIGHTS, MIN_NIGHTS, Night, diary_to_list, month_day, read_diary
from .base import QuestionKind, TypeSettings, YamlReader

if TYPE_CHECKING:
    from ..questionnaire import Question

#: The most nights a diary may be set to take (a month).
NIGHTS_LIMIT = 31


@dataclass(frozen=True)
class SleepDiarySettings(TypeSettings):
    """From how many nights the averages show, and the most nights the diary takes."""

    min_nights: int = MIN_NIGHTS
    max_nights: int = MAX_NIGHTS


def diary_settings(question: Question) -> SleepDiarySettings:
    """``question``'s diary settings (TypeError for a question of another type)."""
    if not isinstance(question.settings, SleepDiarySettings):
        raise TypeError(f"{question.id!r} is not a sleep diary")
    return question.settings


def diaries(questions: Iterable[Question]) -> list[tuple[Question, SleepDiarySettings]]:
    """The sleep diaries among ``questions``, each with its settings."""
    return [(q, q.settings) for q in questions if isinstance(q.settings, SleepDiarySettings)]


def diary_nights(question: Question, value: Any) -> tuple[Night, ...]:
    """The usable nights of a saved diary answer (none for a blank one)."""
    if value in (None, []):
        return ()
    return read_diary(value, diary_settings(question).max_nights).nights


class SleepDiary(QuestionKind):
    """A list of nights, each entered on a page of its own and checked as a whole."""

    name = "sleep_diary"
    widget = "nights"
    keys: ClassVar[frozenset[str]] = frozenset({"min_nights", "max_nights"})
    authored_answer = False
    heads_page = False
    entered_apart = True
    fhir = "group"

    def read_settings(self, raw: Mapping, path: Path, reader: YamlReader
                      ) -> SleepDiarySettings:
        low = reader.integer(raw, "min_nights", path, MIN_NIGHTS, low=1) or MIN_NIGHTS
        high = reader.integer(raw, "max_nights", path, MAX_NIGHTS, low=1) or MAX_NIGHTS
        if high > NIGHTS_LIMIT:
            reader.problems.say(path + ("max_nights",), M.NIGHTS_ABOVE_MAX, max_nights=high,
                                limit=NIGHTS_LIMIT)
        elif low > high:
            reader.problems.say(path + ("min_nights",), M.MIN_NIGHTS_ABOVE_MAX,
                                min_nights=low, max_nights=high)
        return SleepDiarySettings(low, high)

    def schema(self) -> dict[str, Any]:
        nights = {"type": "integer", "minimum": 1, "maximum": NIGHTS_LIMIT}
        return {"properties": {"min_nights": nights, "max_nights": nights}}

    def answer_problem(self, question: Question, value: Any, named: bool) -> str | None:
        problems = self.answer_problems(question, value)
        return problems[0] if problems else None

    def answer_problems(self, question: Question, value: Any) -> list[str]:
        """Every problem of a diary: each night that cannot be used, by its number."""
        reading = read_diary(value, diary_settings(question).max_nights)
        return [problem.message for problem in reading.problems]

    def usable_part(self, question: Question, value: Any) -> tuple[Any, list[str]]:
        reading = read_diary(value, diary_settings(question).max_nights)
        return (diary_to_list(reading.nights) or None,
                [problem.message for problem in reading.problems])

    def missing_message(self, question: Question) -> str:
        return _("Enter at least one night.")

    def from_form(self, question: Question, value: Any) -> Any:
        return None  # never sent by the page's form: see entered_apart

    def answer_lines(self, question: Question, value: Any) -> tuple[str, ...]:
        nights = diary_nights(question, value)
        if not nights:
            return ()
        first, last = month_day(nights[0].date), month_day(nights[-1].date)
        if len(nights) == 1:
            return (_("1 night, the morning of %(first)s", first=first),)
        return (ngettext("%(num)d night, mornings of %(first)s to %(last)s",
                         "%(num)d nights, mornings of %(first)s to %(last)s", len(nights),
                         first=first, last=last),)


def diary_section(question: Question, value: Any, with_table: bool = False) -> DiarySection:
    """``question``'s diary answer as the check page and the sheet show it."""
    settings = diary_settings(question)
    return DiarySection(question.id, question.short_label, diary_nights(question, value),
                        settings.min_nights, settings.max_nights, with_table)
