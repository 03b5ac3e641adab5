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

Its words, dates and times are in the language spoken (:mod:`webapp.engine.language`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

from .clock_time import shown
from .language import N_, format_day, ngettext
from .language import gettext as _
from .sleep_diary import (
    DAY,
    MIN_NIGHTS,
    Night,
    averages,
    format_count,
    format_date,
    format_duration,
    format_percent,
    month_day,
    night_numbers,
    quality_label,
    timeline,
)

WIDTH = 640
#: The narrowest the chart is meant to be printed; text is then FONT_SIZE * scale points.
PRINT_WIDTH_MM = 160
FONT_SIZE = 13
LEFT, RIGHT = 104, 92          # the date column and the hours-asleep column
TOP, ROW = 62, 24              # legend and axis above the rows; one row per night
#: The compact chart of a sheet shortened to fit three pages: lower rows and less room
#: above them, the same text size, colours and bars.
COMPACT_TOP, COMPACT_ROW = 46, 15
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
#: The headings of the table of nights, in the order of :func:`table_rows`' cells (in
#: English: :func:`table_headings` gives them in the language spoken).
TABLE_HEADINGS = (N_("Morning of"), N_("Into bed"), N_("Tried to sleep"),
                  N_("Time to fall asleep"), N_("Awakenings"), N_("Time awake"),
                  N_("Final awakening"), N_("Out of bed"), N_("Quality"),
                  N_("Total sleep time"), N_("Time in bed"), N_("Sleep efficiency"))


def table_headings() -> tuple[str, ...]:
    """:data:`TABLE_HEADINGS` in the language spoken."""
    return tuple(_(heading) for heading in TABLE_HEADINGS)


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


#: About how wide a character of the chart's text is, in units (FONT_SIZE 13).
CHARACTER_WIDTH = 7


def _ticks(axis: Axis) -> list[tuple[float, str]]:
    """Hour marks at least 60 units apart, and wider than the longest label in the
    language spoken ("medianoche"): (x, label)."""
    per_hour = PLOT / ((axis.end - axis.start) / 60)
    widest = max(len(shown_hour(hour)) for hour in range(24)) * CHARACTER_WIDTH
    step = next(s for s in (1, 2, 3, 4, 6, 12) if s * per_hour >= max(60, widest))
    marks = []
    for minute in range(axis.start, axis.end + 1, 60):
        hour = (axis.base_hour * 60 + minute) % DAY // 60
        if hour % step == 0:
            marks.append((axis.x(minute), shown_hour(hour)))
    return marks


def shown_hour(hour: int) -> str:
    """An hour on the axis: ``10pm``, ``midnight``, ``6am``, ``noon`` (``10 p. m.``)."""
    if hour in (0, 12):
        return _("midnight") if hour == 0 else _("noon")
    return _("%(hour)sam", hour=hour % 12) if hour < 12 else _("%(hour)spm", hour=hour % 12)


def short_date(day: date) -> str:
    """The morning's date in the chart: ``Fri Nov 20`` (``vie 20 nov``)."""
    return format_day(day, N_("EEE MMM d"))


def title_text(nights: Sequence[Night]) -> str:
    """The chart's title: how many nights, from which morning to which."""
    return ngettext("Sleep diary, %(num)d night, mornings of %(first)s to %(last)s",
                    "Sleep diary, %(num)d nights, mornings of %(first)s to %(last)s",
                    len(nights), first=month_day(nights[0].date),
                    last=month_day(nights[-1].date))


def description(nights: Sequence[Night], min_nights: int = MIN_NIGHTS) -> str:
    """The chart in words, with the averages (from ``min_nights`` nights on)."""
    text = _("This summary shows each night as one row, from getting into bed to getting out "
             "of bed, for the mornings of %(first)s to %(last)s. This summary draws the time "
             "asleep from falling asleep to the final awakening, without the times awake in "
             "between.", first=format_date(nights[0].date), last=format_date(nights[-1].date))
    mean = averages(nights, min_nights)
    if mean is None:
        return text + " " + _("This summary shows averages from %(nights)s nights on.",
                              nights=min_nights)
    n = mean.numbers
    return text + " " + _(
        "The answers over %(nights)s nights give these averages: %(sol)s to fall asleep, "
        "%(awakenings)s awakenings, %(waso)s awake, total sleep time %(total_sleep)s, time in "
        "bed %(time_in_bed)s, sleep efficiency %(efficiency)s.", nights=mean.nights,
        sol=format_duration(n.sol), awakenings=format_count(n.awakenings),
        waso=format_duration(n.waso), total_sleep=format_duration(n.total_sleep),
        time_in_bed=format_duration(n.time_in_bed), efficiency=format_percent(n.efficiency))


def chart_height(nights: int, compact: bool = False) -> int:
    """The drawing's height in units, for ``nights`` rows (its width is :data:`WIDTH`);
    ``compact``: the lower rows of a shortened sheet."""
    if compact:
        return COMPACT_TOP + COMPACT_ROW * nights + 8
    return TOP + ROW * nights + 8


def chart_svg(nights: Sequence[Night], id_prefix: str = "sleep-diary-chart",
              min_nights: int = MIN_NIGHTS, compact: bool = False) -> str:
    """The chart as an inline ``<svg>`` element, or "" when there are no nights.

    ``nights`` are valid nights (read with :mod:`webapp.engine.sleep_diary`), in the order shown.
    ``id_prefix`` names the title and description, once per page. ``compact``: lower rows
    and less room above them (a sheet shortened to fit three pages), text and bars alike.
    """
    if not nights:
        return ""
    axis = clock_axis(nights)
    height = chart_height(len(nights), compact)
    top, row_height = (COMPACT_TOP, COMPACT_ROW) if compact else (TOP, ROW)
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    # (outside the f-strings below, where pybabel does not look for them)
    in_bed, asleep = escape(_("In bed")), escape(_("Asleep"))
    asleep_legend = escape(_("Asleep, from falling asleep to final awakening"))
    morning_of = escape(_("Morning of"))
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
        f'<text x="{LEFT + 28}" y="18">{in_bed}</text>',
        f'<rect x="{LEFT + 96}" y="9" width="22" height="8" fill="{ASLEEP}"/>',
        f'<text x="{LEFT + 124}" y="18">{asleep_legend}</text>',
        f'<text x="{LEFT - 8}" y="{top - 12}" text-anchor="end">{morning_of}</text>',
        f'<text x="{WIDTH - RIGHT + 8}" y="{top - 12}">{asleep}</text>',
    ]
    bottom = top + row_height * len(nights)
    for x, label in _ticks(axis):
        parts.append(f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{bottom}" '
                     f'stroke="{GRID}" stroke-width="0.75"/>')
        parts.append(f'<text x="{x:.1f}" y="{top - 12}" text-anchor="middle">'
                     f'{escape(label)}</text>')
    for row, night in enumerate(nights):
        parts.append(_row(night, axis, top + row * row_height, compact))
    parts.append("</svg>")
    return "\n".join(parts)


#: Where a row's parts sit from its top, in units: (the text's baseline, the bar in bed's
#: top and height, the bar asleep's top and height), in a full and a compact row.
ROW_PARTS = {False: (17, 4, 16, 8, 8), True: (12, 2, 11, 5, 5)}


def _row(night: Night, axis: Axis, y: int, compact: bool = False) -> str:
    """One night: the date, the bar in bed, the bar asleep, the hours asleep."""
    in_bed, tried, final, out = _placed(night, axis.base_hour)
    asleep_from = tried + night.sol_min
    numbers = night_numbers(night)
    text, bed_top, bed_height, asleep_top, asleep_height = ROW_PARTS[compact]
    row = ['<g class="diary-night">',
           f'<text x="{LEFT - 8}" y="{y + text}" text-anchor="end">'
           f'{escape(short_date(night.date))}</text>',
           f'<rect x="{axis.x(in_bed):.1f}" y="{y + bed_top}" '
           f'width="{axis.x(out) - axis.x(in_bed):.1f}" height="{bed_height}" fill="{IN_BED}" '
           f'stroke="{OUTLINE}"/>']
    if final > asleep_from:
        row.append(f'<rect x="{axis.x(asleep_from):.1f}" y="{y + asleep_top}" '
                   f'width="{axis.x(final) - axis.x(asleep_from):.1f}" '
                   f'height="{asleep_height}" fill="{ASLEEP}"/>')
    row.append(f'<text x="{WIDTH - RIGHT + 8}" y="{y + text}">'
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
                     shown(night.final_wake), shown(night.out_of_bed), quality_label(night.quality),
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
    return (_("Average of %(nights)s nights", nights=mean.nights), "", "", format_duration(n.sol),
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
