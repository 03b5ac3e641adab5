"""The sleep diary's height in print: its chart, averages, table of nights, comments and
formulas, measured as :mod:`.sheet_pages` places them (style.css gives the sizes).
"""

from __future__ import annotations

from .diary_sheet import DiarySection
from .sheet_lines import H2, LINE, MM, PAGE_WIDTH, REM, lines
from .sleep_diary_chart import WIDTH as CHART_UNITS
from .sleep_diary_chart import chart_height

__all__ = ["CHART_UNITS", "CHART_WIDTH", "diary_heights"]

#: The diary's chart in print (style.css: 170mm wide), in points.
CHART_WIDTH = 170 * MM
#: The table of nights' columns in print (style.css): the date, then eleven alike.
NIGHT_SHARES = (16.4, *(7.6,) * 11)
NIGHT_PAD = 0.2 * REM


def diary_heights(diary: DiarySection, short_formulas: bool = False,
                  compact: bool = False, chart_out: bool = False,
                  heading: float = H2, line: float = LINE) -> tuple[float, float]:
    """The printed heights of a sleep diary's two blocks: its heading, chart and averages;
    then the table of nights if asked for, the patient's comments and the formulas (a
    14-night table with its chart is taller than a page, so they keep whole apart);
    ``short_formulas``: the formulas in their short form; ``compact``: the chart with lower
    rows and the comments dated in short (a shortened sheet); ``chart_out``: a line in
    place of the chart (a sheet shortened as far as it goes); ``heading``: the section
    heading's height (smaller on a sheet shortened to step 13); ``line``: the line height
    (smaller on a sheet shortened to step 16)."""
    para = 0.1 * REM
    chart = heading + (lines(diary.chart_left_out, PAGE_WIDTH) * line + para if chart_out else
                  chart_height(len(diary.nights), compact) * CHART_WIDTH / CHART_UNITS + 2)
    averages = [(diary.averages_heading + (": " if diary.average_items else ""), "bold"),
                ("; ".join(f"{label} {value}" for label, value in diary.average_items)
                 + ("." if diary.average_items else ""), "regular")]
    chart += lines(averages, PAGE_WIDTH) * line + para
    numbers = 0.0
    if diary.with_table:
        widths = [PAGE_WIDTH * share / 100 - NIGHT_PAD for share in NIGHT_SHARES]
        rows = [diary.headings, *diary.rows] + ([diary.average_row] if diary.average_row else [])
        numbers += para + sum(max(lines([(cell, "bold" if n == 0 else "regular")], width)
                                  for cell, width in zip(row, widths, strict=True)) * line
                              + 0.06 * REM + 0.75 for n, row in enumerate(rows))
    if diary.comments:
        runs = [("In my own words: ", "bold")]
        for n, (day, note) in enumerate(diary.short_comments if compact else diary.comments):
            runs += [(("; " if n else "") + f"{day}: ", "regular"), (note, "italic")]
        numbers += lines(runs, PAGE_WIDTH) * line + para
    formulas = diary.formula_line if short_formulas else " ".join(diary.formulas)
    return chart, numbers + lines(formulas, PAGE_WIDTH) * line + para
