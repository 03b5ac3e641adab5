"""The diary chart as a doctor, a screen reader, a printer and the CSP meet it."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest

from webapp.engine.guardrail import message, problems_in
from webapp.engine.sleep_diary import DAY, night_from_dict
from webapp.engine.sleep_diary_chart import (
    BACKGROUND,
    CONTRAST_PAIRS,
    FONT_SIZE,
    PRINT_WIDTH_MM,
    TABLE_HEADINGS,
    TEXT,
    average_row,
    chart_height,
    chart_svg,
    clock_axis,
    contrast,
    printed_points,
    table_rows,
)

SVG = "{http://www.w3.org/2000/svg}"
ISSUE_NIGHT = {"date": "2026-11-20", "in_bed": "23:30", "tried_sleep": "23:45", "sol_min": 30,
               "awakenings": 2, "waso_min": 20, "final_wake": "06:10", "out_of_bed": "06:40",
               "quality": "poor", "note": ""}
#: The three nights worked by hand in test_sleep_diary.py, mornings of November 18 to 20.
THREE = [dict(ISSUE_NIGHT, date="2026-11-18"),
         dict(ISSUE_NIGHT, date="2026-11-19", in_bed="00:15", tried_sleep="00:30", sol_min=15,
              awakenings=0, waso_min=0, final_wake="07:30", out_of_bed="07:45"),
         dict(ISSUE_NIGHT, date="2026-11-20", in_bed="08:00", tried_sleep="08:00", sol_min=20,
              awakenings=1, waso_min=10, final_wake="14:00", out_of_bed="14:30")]


def nights_of(*data):
    read = [night_from_dict(one) for one in data]
    assert all(problems == [] for _, problems in read)
    return [night for night, _ in read]


def fortnight():
    """14 nights across midnight, a little different each night."""
    start = date(2026, 11, 7)
    return nights_of(*(dict(ISSUE_NIGHT, date=(start + timedelta(days=i)).isoformat(),
                            in_bed=f"{21 + i % 3}:{i * 4 % 60:02d}",
                            tried_sleep=f"{21 + i % 3}:{i * 4 % 60 + 5:02d}",
                            final_wake=f"0{5 + i % 3}:{i * 7 % 60:02d}", out_of_bed="08:00")
                       for i in range(14)))


def parsed(svg: str) -> ET.Element:
    return ET.fromstring(svg)


@pytest.mark.parametrize("compact", [False, True], ids=["chart", "compact chart"])
def test_the_chart_has_no_style_and_no_script_anywhere(compact):
    root = parsed(chart_svg(fortnight(), compact=compact))
    for element in root.iter():
        assert element.tag not in (f"{SVG}style", f"{SVG}script", f"{SVG}foreignObject")
        assert "style" not in element.attrib
        assert not [name for name in element.attrib if name.lower().startswith("on")]
        assert "href" not in "".join(element.attrib)  # nothing fetched, nothing linked


@pytest.mark.parametrize("compact", [False, True], ids=["chart", "compact chart"])
def test_one_row_per_night_with_its_morning_and_hours_asleep(compact):
    nights = fortnight()
    rows = parsed(chart_svg(nights, compact=compact)).findall(f"{SVG}g[@class='diary-night']")
    assert len(rows) == 14
    first = [text.text for text in rows[0].iter(f"{SVG}text")]
    assert first == ["Sat Nov 7", "7 h 05 min"]  # 21:05 to 05:00 is 475 min, less 30 and 20
    assert [len(row.findall(f"{SVG}rect")) for row in rows] == [2] * 14


def test_the_chart_is_an_image_named_by_its_title_and_described_by_its_desc():
    root = parsed(chart_svg(nights_of(*THREE), id_prefix="diary"))
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert root[0] is title and title.get("id") == "diary-title"  # the first child names it
    assert root.get("aria-describedby") == desc.get("id") == "diary-desc"
    assert title.text == "Sleep diary, 3 nights, mornings of November 18 to November 20"


def test_the_description_gives_the_averages_in_words():
    """The averages of the three nights worked by hand in test_sleep_diary.py."""
    desc = parsed(chart_svg(nights_of(*THREE))).find(f"{SVG}desc").text
    assert desc.endswith(
        "The answers over 3 nights give these averages: 22 min to fall asleep, 1 awakenings, "
        "10 min awake, total sleep time 5 h 57 min, time in bed 7 h 03 min, sleep efficiency "
        "84.2%.")
    assert "without the times awake in between" in desc  # the dark bar's simplification


def test_below_three_nights_the_description_says_when_averages_come():
    desc = parsed(chart_svg(nights_of(*THREE[:2]))).find(f"{SVG}desc").text
    assert desc.endswith("This summary shows averages from 3 nights on.")
    assert "%" not in desc


def test_every_text_of_the_chart_passes_the_wording_rule():
    """The title, the description, the legend, the headings and the hours; a row's date and
    hours asleep are values, as answers are ("Wed" would read as a verb)."""
    for nights in (nights_of(*THREE), nights_of(THREE[0]), fortnight()):
        root = parsed(chart_svg(nights))
        texts = [(root.find(f"{SVG}title").text, "title"), (root.find(f"{SVG}desc").text, "text")]
        texts += [(text.text, "label") for text in root.findall(f"{SVG}text")]
        assert len(texts) > 6
        for text, kind in texts:
            assert [message(p, kind) for p in problems_in(text, kind)] == [], text


@pytest.mark.parametrize("compact", [False, True], ids=["chart", "compact chart"])
def test_the_colours_used_are_the_checked_ones_and_each_pair_is_at_least_3_to_1(compact):
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # WCAG's example
    used = set(re.findall(r'(?:fill|stroke)="(#[0-9a-f]{6})"',
                          chart_svg(fortnight(), compact=compact)))
    checked = {colour for pair in CONTRAST_PAIRS.values() for colour in pair}
    assert used <= checked
    for why, (first, second) in CONTRAST_PAIRS.items():
        assert contrast(first, second) >= 3, why
    assert contrast(TEXT, BACKGROUND) >= 4.5  # 9 pt is not large text: WCAG 1.4.3


@pytest.mark.parametrize("compact", [False, True], ids=["chart", "compact chart"])
def test_the_light_bar_is_outlined_so_it_shows_in_black_and_white(compact):
    rows = parsed(chart_svg(fortnight(), compact=compact)).findall(f"{SVG}g[@class='diary-night']")
    for row in rows:
        in_bed, asleep = row.findall(f"{SVG}rect")
        assert in_bed.get("stroke") and not asleep.get("stroke")
        assert contrast(in_bed.get("stroke"), BACKGROUND) >= 3


@pytest.mark.parametrize("compact", [False, True], ids=["chart", "compact chart"])
def test_text_is_at_least_9_points_when_printed_at_the_width_designed_for(compact):
    root = parsed(chart_svg(fortnight(), compact=compact))
    sizes = {float(e.get("font-size")) for e in root.iter() if e.get("font-size")}
    assert sizes == {FONT_SIZE}
    assert printed_points(FONT_SIZE) >= 9
    # A4 (210 mm) and Letter (216 mm) less the sheet's margins leave more than this.
    assert PRINT_WIDTH_MM <= 210 - 2 * 20


@pytest.mark.parametrize("compact", [False, True], ids=["chart", "compact chart"])
def test_the_bars_are_to_scale_on_the_clock_axis(compact):
    """The issue's night: 430 min in bed; asleep from 23:45 + 30 = 00:15 to 06:10, 355 min."""
    row = parsed(chart_svg(nights_of(ISSUE_NIGHT), compact=compact)).find(
        f"{SVG}g[@class='diary-night']")
    in_bed, asleep = (float(rect.get("width")) for rect in row.findall(f"{SVG}rect"))
    assert in_bed / asleep == pytest.approx(430 / 355, rel=0.005)
    bed_rect, sleep_rect = row.findall(f"{SVG}rect")
    assert float(bed_rect.get("x")) < float(sleep_rect.get("x"))
    assert float(sleep_rect.get("x")) + asleep <= float(bed_rect.get("x")) + in_bed


def test_the_compact_chart_has_lower_rows_each_within_its_own():
    """Issue 13's step 8: the same text and bars in rows 15 units high, not 24, and less
    room above them; each row's text and bars stay inside its own row."""
    nights = fortnight()
    full, compact = chart_svg(nights), chart_svg(nights, compact=True)
    assert chart_height(14, compact=True) == 46 + 15 * 14 + 8 < chart_height(14) == 406
    assert f'viewBox="0 0 640 {chart_height(14, compact=True)}"' in compact
    rows = parsed(compact).findall(f"{SVG}g[@class='diary-night']")
    texts = [[t.text for t in row.iter(f"{SVG}text")] for row in rows]
    assert texts == [[t.text for t in row.iter(f"{SVG}text")]
                     for row in parsed(full).findall(f"{SVG}g[@class='diary-night']")]
    for number, row in enumerate(rows):
        top = 46 + 15 * number
        for rect in row.findall(f"{SVG}rect"):
            assert top < float(rect.get("y")) and (
                float(rect.get("y")) + float(rect.get("height")) < top + 15)
        for text in row.iter(f"{SVG}text"):  # the baseline, with room for 13-unit type
            assert top + 10 <= float(text.get("y")) <= top + 15


def test_a_night_without_sleep_has_no_dark_bar():
    night = dict(ISSUE_NIGHT, sol_min=385, awakenings=0, waso_min=0)
    row = parsed(chart_svg(nights_of(night))).find(f"{SVG}g[@class='diary-night']")
    assert len(row.findall(f"{SVG}rect")) == 1
    assert [t.text for t in row.iter(f"{SVG}text")][-1] == "0 min"


def test_the_axis_holds_a_day_sleeper_and_night_sleepers_in_the_shortest_hours():
    axis = clock_axis(nights_of(*THREE))
    # 23:30 to 14:30 the next day, in whole hours: 23:00 to 15:00.
    assert (axis.end - axis.start) == 16 * 60
    assert clock_axis(nights_of(ISSUE_NIGHT)).end - clock_axis(nights_of(ISSUE_NIGHT)).start \
        == 8 * 60
    assert 0 < axis.end - axis.start <= 2 * DAY


def test_no_nights_draw_nothing():
    assert chart_svg([]) == ""


def test_the_table_rows_show_each_night_and_the_averages():
    nights = nights_of(*THREE)
    rows = table_rows(nights)
    assert len(TABLE_HEADINGS) == len(rows[0])
    assert rows[0] == ("Wednesday November 18", "11:30pm", "11:45pm", "30 min", "2", "20 min",
                       "6:10am", "6:40am", "Poor", "5 h 35 min", "7 h 10 min", "77.9%")
    assert average_row(nights[:2]) is None
    assert average_row(nights) == ("Average of 3 nights", "", "", "22 min", "1", "10 min", "",
                                   "", "", "5 h 57 min", "7 h 03 min", "84.2%")


def test_a_fortnight_stays_small_enough_to_inline():
    assert len(chart_svg(fortnight())) < 9_000
