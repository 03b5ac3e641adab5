"""The sleep diary as the check page, the sheet and ``flask summary`` show it.

:class:`DiarySection` holds one patient's nights with their question's settings, and gives
everything the templates and the text and JSON summaries show: the chart, the averages
line (from ``min_nights`` nights on, else "This summary shows averages from 3 nights
on."), the table of nights with its average row, the patient's comments and the formulas
that say how the numbers are worked out. The numbers themselves come from
:mod:`webapp.engine.sleep_diary`.

Its words, dates and times are in the language spoken (the sheet printed in English for the
doctor speaks English); the text summary (:func:`night_lines`) is English by design, as the
rest of :func:`webapp.engine.sheet_text.summary_as_text` is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .blank_diary import diary_items
from .language import N_, ngettext
from .language import gettext as _
from .sleep_diary import (
    Averages,
    Night,
    averages,
    diary_to_list,
    format_count,
    format_date,
    format_duration,
    format_percent,
    night_numbers,
)
from .sleep_diary_chart import (
    average_row,
    chart_svg,
    short_date,
    table_headings,
    table_rows,
    title_text,
)

#: The averages in the order the sheet gives them: (label, attribute of NightNumbers); the
#: labels in English, looked up where they are shown.
AVERAGE_NAMES = ((N_("Time to fall asleep"), "sol"), (N_("Awakenings"), "awakenings"),
                 (N_("Time awake"), "waso"), (N_("Total sleep time"), "total_sleep"),
                 (N_("Time in bed"), "time_in_bed"), (N_("Sleep efficiency"), "efficiency"))


def _shown(name: str, value: Any) -> str:
    if name == "awakenings":
        return format_count(value)
    if name == "efficiency":
        return format_percent(value)
    return format_duration(value)


@dataclass(frozen=True)
class DiarySection:
    """One patient's sleep diary, ready to show."""

    question_id: str
    label: str
    nights: tuple[Night, ...]
    min_nights: int
    max_nights: int
    #: The patient asked for the table of nights on the printed sheet.
    with_table: bool = False

    @property
    def title(self) -> str:
        """The chart's title: how many nights, from which morning to which."""
        return title_text(self.nights)

    def chart(self, id_prefix: str = "sleep-diary-chart", compact: bool = False) -> str:
        """The chart as inline SVG (ids start with ``id_prefix``, unique on the page);
        ``compact``: with lower rows, for a sheet shortened to fit three pages."""
        return chart_svg(self.nights, id_prefix, self.min_nights, compact)

    @property
    def averages(self) -> Averages | None:
        """The averages, or None below ``min_nights`` nights."""
        return averages(self.nights, self.min_nights)

    @property
    def average_items(self) -> tuple[tuple[str, str], ...]:
        """(label, value) of each average, or none below ``min_nights`` nights."""
        mean = self.averages
        if mean is None:
            return ()
        return tuple((_(label), _shown(name, getattr(mean.numbers, name)))
                     for label, name in AVERAGE_NAMES)

    @property
    def averages_heading(self) -> str:
        """The averages' heading ("Averages of 7 nights"), or below ``min_nights`` nights
        the sentence that says from when they show."""
        mean = self.averages
        if mean is None:
            return _("This summary shows averages from %(nights)s nights on.",
                     nights=self.min_nights)
        return ngettext("Average of %(num)d night", "Averages of %(num)d nights", mean.nights)

    @property
    def averages_line(self) -> str:
        """The averages in one line, as the text summary gives them."""
        items = self.average_items
        if not items:
            return self.averages_heading
        return f"{self.averages_heading}: " + "; ".join(f"{label} {value}"
                                                         for label, value in items) + "."

    @property
    def headings(self) -> tuple[str, ...]:
        """The table's column headings."""
        return table_headings()

    @property
    def rows(self) -> list[tuple[str, ...]]:
        """The table of nights, one row a night."""
        return table_rows(self.nights)

    @property
    def average_row(self) -> tuple[str, ...] | None:
        """The table's last row, the averages, or None below ``min_nights`` nights."""
        return average_row(self.nights, self.min_nights)

    @property
    def comments(self) -> tuple[tuple[str, str], ...]:
        """(the night's date, the patient's comment) of each night with a comment."""
        return tuple((format_date(night.date), night.note) for night in self.nights
                     if night.note)

    @property
    def short_comments(self) -> tuple[tuple[str, str], ...]:
        """The comments dated as the chart's rows are ("Sun Nov 1"), for a sheet shortened
        to fit three pages."""
        return tuple((short_date(night.date), night.note) for night in self.nights
                     if night.note)

    @property
    def formulas(self) -> tuple[str, ...]:
        """How the numbers are worked out, for under the table."""
        return tuple(text.replace("{min_nights}", str(self.min_nights))
                     for text in diary_items()["formulas"])

    @property
    def chart_left_out(self) -> str:
        """The line in place of the chart on a sheet shortened as far as leaving it out."""
        return _("This printout leaves out the chart of my nights to fit three pages; the "
                 "averages below cover every night I recorded.")

    @property
    def formula_line(self) -> str:
        """The formulas in short, for a sheet shortened to fit three pages."""
        return str(diary_items()["formula_line"])

    def night_lines(self) -> list[str]:
        """One line a night, for the text summary (in English: see the module's note)."""
        lines = []
        for row in self.rows:
            lines.append(f"{row[0]}: into bed {row[1]}, tried to sleep {row[2]}, "
                         f"{row[3]} to fall asleep, {row[4]} "
                         f"awakening{'' if row[4] == '1' else 's'}, {row[5]} awake, "
                         f"final awakening {row[6]}, out of bed {row[7]}, quality "
                         f"{row[8].lower()}; total sleep time {row[9]}, time in bed "
                         f"{row[10]}, sleep efficiency {row[11]}")
        return lines

    def as_dict(self) -> dict[str, Any]:
        """The nights as the answers file holds them, with their numbers (minutes, and
        efficiency in percent to one decimal) and the averages (``flask summary --format
        json``)."""
        def numbers(values: Any) -> dict[str, float]:
            return {name: round(float(getattr(values, name)), 1) for _, name in AVERAGE_NAMES}

        mean = self.averages
        return {
            "question": self.question_id,
            "nights": [{**night, "numbers": numbers(night_numbers(each))}
                       for night, each in zip(diary_to_list(self.nights), self.nights,
                                              strict=True)],
            "averages": ({"nights": mean.nights, **numbers(mean.numbers)} if mean else None),
            "averages_from": self.min_nights,
        }
