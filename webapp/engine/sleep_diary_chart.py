"""The sleep diary drawn for the doctor: an inline SVG chart and the rows of its table.

One row per night on a clock axis: a light bar (grey, outlined) for the time in bed and a
dark bar for the time asleep, the morning's date on the left and the hours asleep on the
right. The dark bar runs from falling asleep (tried to sleep + minutes to fall asleep) to
the final awakening: a simplification, since the diary does not say when the minutes awake
fell; the description says so.

Made to pass the app's Content Security Policy and to print: no ``style`` attribute, no
``<style>``, no ``<script>``; colours only as presentation attributes (``fill=``,
``stroke=``) in grey levels, so black-and-white print keeps them apart, each pair that must
be told apart at least 3:1 (:data:`CONTRAST_PAIRS`). Text is :data:`FONT_SIZE` user units
in a :data:`WIDTH`-unit drawing, designed to be printed at least :data:`PRINT_WIDTH_MM` mm
wide, where it is at least 9 pt (:func:`printed_points`).

Accessible: ``role="img"`` named by its ``<title>`` (its first child, which names it in
SVG) and described by its ``<desc>`` (also pointed to by ``aria-describedby``), which gives
the averages in words; the same nights as a real table come from :func:`table_rows`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

from .clock_time import shown
from .sleep_diary import (
    DAY,
    MIN_NIGHTS,
    QUALITIES,
    Night,
    averages,
    format_count,
    format_date,
    format_duration,
    format_percent,
    night_numbers,
    timeline,
)

WIDTH = 640
#: The narrowest the chart is meant to be printed; text is then FONT_SIZE * scale points.
PRINT_WIDTH_MM = 160
FONT_SIZE = 13
LEFT, RIGHT = 104, 92          # the date column and the hours-asleep column
TOP, ROW = 62, 24              # legend and axis above the rows; one row per night
PAD = 30                       # between the columns and the axis's ends, for the hour labels
BACKGROUND = "#ffffff"
TEXT = "#1a1a1a"
IN_BED = "#d9d9d9"             # light bar: always drawn with OUTLINE around it
OUTLINE = "#4d4d4d"
ASLEEP = "#262626"
GRID = "#767676"
PLOT = WIDTH - LEFT - RIGHT - 2 * PAD
#: Colours that must be told apart, and why: each at least 3:1 (WCAG 1.4.11).
CONTRAST_PAIRS = {
    "text on the background": (TEXT, BACKGROUND),
    "outline of the time in bed on the background": (OUTLINE, BACKGROUND),
    "time asleep on the time in bed": (ASLEEP, IN_BED),
    "time asleep on the background": (ASLEEP, BACKGROUND),
    "grid lines on the background": (GRID, BACKGROUND),
}
#: The headings of the table of nights, in the order of :func:`table_rows`' cells.
TABLE_HEADINGS = ("Morning of", "Into bed", "Tried to sleep", "Time to fall asleep",
                  "Awakenings", "Time awake", "Final awakening", "Out of bed", "Quality",
                  "Total sleep time", "Time in bed", "Sleep efficiency")


def printed_points(units: float, print_width_mm: float = PRINT_WIDTH_MM) -> float:
    """How many points ``units`` of the drawing measure when it is printed this wide."""
    return units * (print_width_mm / 25.4 * 72) / WIDTH


@dataclass(frozen=True)
class Axis:
    """The clock axis: ``start`` and ``end`` in minutes from midnight of ``base_hour``'s
    day (``base_hour`` = where each night's first time is counted from)."""

    base_hour: int
    start: int
    end: int

    def x(self, minute: float) -> float:
        """Where ``minute`` (on this axis) is drawn."""
        return LEFT + PAD + (minute - self.start) * PLOT / (self.end - self.start)


def _placed(night: Night, base_hour: int) -> tuple[int, int, int, int]:
    """The night's four times on an axis counted from ``base_hour`` o'clock."""
    moments = timeline(night)
    shift = (moments[0] - base_hour * 60) % DAY - moments[0]
    return moments[0] + shift, moments[1] + shift, moments[2] + shift, moments[3] + shift


def clock_axis(nights: Sequence[Night]) -> Axis:
    """The shortest whole-hour axis that holds every night (evenings first on a tie)."""
    best: Axis | None = None
    for base_hour in [*range(12, 24), *range(12)]:
        placed = [_placed(night, base_hour) for night in nights]
        start = min(p[0] for p in placed) // 60 * 60
        end = -(-max(p[3] for p in placed) // 60) * 60
        if best is None or end - start < best.end - best.start:
            best = Axis(base_hour, start, max(end, start + 60))
    assert best is not None
    return best


def _ticks(axis: Axis) -> list[tuple[float, str]]:
    """Hour marks at least 60 units apart: (x, label)."""
    per_hour = PLOT / ((axis.end - axis.start) / 60)
    step = next(s for s in (1, 2, 3, 4, 6, 12) if s * per_hour >= 60)
    marks = []
    for minute in range(axis.start, axis.end + 1, 60):
        hour = (axis.base_hour * 60 + minute) % DAY // 60
        if hour % step == 0:
            marks.append((axis.x(minute), shown_hour(hour)))
    return marks


def shown_hour(hour: int) -> str:
    """An hour on the axis: ``10pm``, ``midnight``, ``6am``, ``noon``."""
    if hour in (0, 12):
        return "midnight" if hour == 0 else "noon"
    return f"{hour % 12}{'am' if hour < 12 else 'pm'}"


def short_date(day: date) -> str:
    """The morning's date in the chart: ``Fri Nov 20``."""
    return f"{day:%a} {day:%b} {day.day}"


def title_text(nights: Sequence[Night]) -> str:
    """The chart's title: how many nights, from which morning to which."""
    first, last = nights[0].date, nights[-1].date
    count = f"{len(nights)} night{'s' if len(nights) != 1 else ''}"
    return f"Sleep diary, {count}, mornings of {first:%B} {first.day} to {last:%B} {last.day}"


def description(nights: Sequence[Night], min_nights: int = MIN_NIGHTS) -> str:
    """The chart in words, with the averages (from ``min_nights`` nights on)."""
    text = (f"This summary shows each night as one row, from getting into bed to getting out "
            f"of bed, for the mornings of {format_date(nights[0].date)} to "
            f"{format_date(nights[-1].date)}. This summary draws the time asleep from falling "
            f"asleep to the final awakening, without the times awake in between.")
    mean = averages(nights, min_nights)
    if mean is None:
        return f"{text} This summary shows averages from {min_nights} nights on."
    n = mean.numbers
    return (f"{text} The answers over {mean.nights} nights give these averages: "
            f"{format_duration(n.sol)} to fall asleep, {format_count(n.awakenings)} "
            f"awakenings, {format_duration(n.waso)} awake, total sleep time "
            f"{format_duration(n.total_sleep)}, time in bed {format_duration(n.time_in_bed)}, "
            f"sleep efficiency {format_percent(n.efficiency)}.")


def chart_height(nights: int) -> int:
    """The drawing's height in units, for ``nights`` rows (its width is :data:`WIDTH`)."""
    return TOP + ROW * nights + 8


def chart_svg(nights: Sequence[Night], id_prefix: str = "sleep-diary-chart",
              min_nights: int = MIN_NIGHTS) -> str:
    """The chart as an inline ``<svg>`` element, or "" when there are no nights.

    ``nights`` are valid nights (read with :mod:`webapp.engine.sleep_diary`), in the order shown.
    ``id_prefix`` names the title and description, once per page.
    """
    if not nights:
        return ""
    axis = clock_axis(nights)
    height = chart_height(len(nights))
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="diary-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'aria-describedby="{desc_id}" '
        f'font-family="inherit" font-size="{FONT_SIZE}" fill="{TEXT}">',
        f'<title id="{title_id}">{escape(title_text(nights))}</title>',
        f'<desc id="{desc_id}">{escape(description(nights, min_nights))}</desc>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="{BACKGROUND}"/>',
        # the legend
        f'<rect x="{LEFT}" y="6" width="22" height="14" fill="{IN_BED}" stroke="{OUTLINE}"/>',
        f'<text x="{LEFT + 28}" y="18">In bed</text>',
        f'<rect x="{LEFT + 96}" y="9" width="22" height="8" fill="{ASLEEP}"/>',
        f'<text x="{LEFT + 124}" y="18">Asleep, from falling asleep to final awakening</text>',
        f'<text x="{LEFT - 8}" y="{TOP - 12}" text-anchor="end">Morning of</text>',
        f'<text x="{WIDTH - RIGHT + 8}" y="{TOP - 12}">Asleep</text>',
    ]
    bottom = TOP + ROW * len(nights)
    for x, label in _ticks(axis):
        parts.append(f'<line x1="{x:.1f}" y1="{TOP - 6}" x2="{x:.1f}" y2="{bottom}" '
                     f'stroke="{GRID}" stroke-width="0.75"/>')
        parts.append(f'<text x="{x:.1f}" y="{TOP - 12}" text-anchor="middle">{label}</text>')
    for row, night in enumerate(nights):
        parts.append(_row(night, axis, TOP + row * ROW))
    parts.append("</svg>")
    return "\n".join(parts)


def _row(night: Night, axis: Axis, y: int) -> str:
    """One night: the date, the bar in bed, the bar asleep, the hours asleep."""
    in_bed, tried, final, out = _placed(night, axis.base_hour)
    asleep_from = tried + night.sol_min
    numbers = night_numbers(night)
    row = ['<g class="diary-night">',
           f'<text x="{LEFT - 8}" y="{y + 17}" text-anchor="end">{short_date(night.date)}</text>',
           f'<rect x="{axis.x(in_bed):.1f}" y="{y + 4}" '
           f'width="{axis.x(out) - axis.x(in_bed):.1f}" height="16" fill="{IN_BED}" '
           f'stroke="{OUTLINE}"/>']
    if final > asleep_from:
        row.append(f'<rect x="{axis.x(asleep_from):.1f}" y="{y + 8}" '
                   f'width="{axis.x(final) - axis.x(asleep_from):.1f}" height="8" '
                   f'fill="{ASLEEP}"/>')
    row.append(f'<text x="{WIDTH - RIGHT + 8}" y="{y + 17}">'
               f'{format_duration(numbers.total_sleep)}</text>')
    row.append("</g>")
    return "".join(row)


def table_rows(nights: Sequence[Night]) -> list[tuple[str, ...]]:
    """The nights as the table under the chart shows them, cells in
    :data:`TABLE_HEADINGS`' order. The patient's comments are not in it: the sheet quotes
    them as the patient's words."""
    rows: list[tuple[str, ...]] = []
    for night in nights:
        numbers = night_numbers(night)
        rows.append((format_date(night.date), shown(night.in_bed), shown(night.tried_sleep),
                     format_duration(night.sol_min), str(night.awakenings),
                     format_duration(night.waso_min),
                     shown(night.final_wake), shown(night.out_of_bed), QUALITIES[night.quality],
                     format_duration(numbers.total_sleep), format_duration(numbers.time_in_bed),
                     format_percent(numbers.efficiency)))
    return rows


def average_row(nights: Sequence[Night], min_nights: int = MIN_NIGHTS) -> tuple[str, ...] | None:
    """The averages as a last table row ("Average of 7 nights"), or None below
    ``min_nights`` nights. Times of day are not averaged."""
    mean = averages(nights, min_nights)
    if mean is None:
        return None
    n = mean.numbers
    return (f"Average of {mean.nights} nights", "", "", format_duration(n.sol),
            format_count(n.awakenings), format_duration(n.waso), "", "", "",
            format_duration(n.total_sleep), format_duration(n.time_in_bed),
            format_percent(n.efficiency))


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of ``#rrggbb``."""
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    light, dark = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
