"""The sleep diary's core: worked examples, every refusal, every time form, and properties.

The worked examples were counted by hand (each shown in its docstring or comment); the
property tests check what must hold for any night: total sleep between 0 and the time in
bed, nothing changes when every time moves by whole hours, a night survives the answers
file, and whatever a patient types gives a time or a plain message, never a crash.
"""

from __future__ import annotations

from datetime import date, time
from fractions import Fraction
from pathlib import Path

import pytest
import yaml
from conftest import examples
from hypothesis import given, settings
from hypothesis import strategies as st

from webapp.engine.clock_time import ClockTimeError, parse_clock, shown
from webapp.engine.guardrail import message, problems_in
from webapp.engine.sleep_diary import (
    DAY,
    FIELD_NAMES,
    FIELDS,
    QUALITIES,
    averages,
    diary_problems,
    diary_to_list,
    format_count,
    format_duration,
    format_percent,
    night_from_dict,
    night_from_form,
    night_numbers,
    night_to_dict,
    read_diary,
)

ITEMS = Path(__file__).resolve().parent.parent / "webapp" / "engine" / "sleep_diary_items.yaml"

#: The issue's night across midnight, as the answers file holds it.
ACROSS_MIDNIGHT = {"date": "2026-11-20", "in_bed": "23:30", "tried_sleep": "23:45", "sol_min": 30,
                   "awakenings": 2, "waso_min": 20, "final_wake": "06:10",
                   "out_of_bed": "06:40", "quality": "poor", "note": ""}


def night(**changes):
    """A night read from the answers file, ACROSS_MIDNIGHT with ``changes``; it must be valid."""
    found, problems = night_from_dict({**ACROSS_MIDNIGHT, **changes}, 1)
    assert problems == [], problems
    return found


def form(**changes):
    """ACROSS_MIDNIGHT as typed into the form (every value text), with ``changes``."""
    typed = {key: str(value) for key, value in ACROSS_MIDNIGHT.items()}
    return night_from_form({**typed, **changes}, 3)


def refused(**changes):
    """The one problem a form with ``changes`` has: (field, message)."""
    found, problems = form(**changes)
    assert found is None
    assert len(problems) == 1, problems
    return problems[0].field, problems[0].message


# --- worked examples ----------------------------------------------------------------------------

#: (changes to ACROSS_MIDNIGHT, time in bed, total sleep, efficiency as printed)
WORKED = [
    # The issue's example: 23:30 to 06:40 is 430 min in bed; 23:45 to 06:10 is 385 min,
    # less 30 to fall asleep and 20 awake: 335 min asleep; 335 / 430 = 77.906...%.
    ({}, 430, 335, "77.9%"),
    # After midnight, no crossing: 00:15 to 07:45 is 450; 00:30 to 07:30 is 420 - 15 = 405;
    # 405 / 450 = 90%.
    ({"in_bed": "00:15", "tried_sleep": "00:30", "sol_min": 15, "awakenings": 0,
      "waso_min": 0, "final_wake": "07:30", "out_of_bed": "07:45"}, 450, 405, "90.0%"),
    # A day sleeper, into bed and trying to sleep at once: 08:00 to 14:30 is 390; 08:00 to
    # 14:00 is 360 - 20 - 10 = 330; 330 / 390 = 84.615...%.
    ({"in_bed": "08:00", "tried_sleep": "08:00", "sol_min": 20, "awakenings": 1,
      "waso_min": 10, "final_wake": "14:00", "out_of_bed": "14:30"}, 390, 330, "84.6%"),
    # Half a tenth rounds up: 22:00 to 04:40 is 400, out of bed on waking; 400 - 20 - 43 =
    # 337; 337 / 400 = 84.25% prints 84.3% (round-half-even would print 84.2%).
    ({"in_bed": "22:00", "tried_sleep": "22:00", "sol_min": 20, "awakenings": 3,
      "waso_min": 43, "final_wake": "04:40", "out_of_bed": "04:40"}, 400, 337, "84.3%"),
    # A night without sleep: all 420 minutes from 23:00 to 06:00 spent falling asleep.
    ({"in_bed": "23:00", "tried_sleep": "23:00", "sol_min": 420, "awakenings": 0,
      "waso_min": 0, "final_wake": "06:00", "out_of_bed": "06:30"}, 450, 0, "0.0%"),
]


@pytest.mark.parametrize("changes, in_bed, asleep, efficiency", WORKED)
def test_worked_examples(changes, in_bed, asleep, efficiency):
    numbers = night_numbers(night(**changes))
    assert (numbers.time_in_bed, numbers.total_sleep) == (in_bed, asleep)
    assert format_percent(numbers.efficiency) == efficiency


def test_the_issues_night_reads_as_the_sheet_prints_it():
    numbers = night_numbers(night())
    assert format_duration(numbers.time_in_bed) == "7 h 10 min"
    assert format_duration(numbers.total_sleep) == "5 h 35 min"
    assert format_duration(numbers.sol) == "30 min"


def test_averages_are_the_mean_of_the_nights_from_three_nights_on():
    """Worked examples 1-3: asleep 335, 405, 330; in bed 430, 450, 390; efficiency 77.907,
    90, 84.615; to fall asleep 30, 15, 20; awakenings 2, 0, 1; awake 20, 0, 10."""
    nights = [night(**changes) for changes, *_ in WORKED[:3]]
    assert averages(nights[:2]) is None
    mean = averages(nights)
    assert mean is not None and mean.nights == 3
    assert mean.numbers.total_sleep == Fraction(1070, 3)
    assert format_duration(mean.numbers.total_sleep) == "5 h 57 min"   # 356.67
    assert format_duration(mean.numbers.time_in_bed) == "7 h 03 min"   # 423.33
    assert format_percent(mean.numbers.efficiency) == "84.2%"          # 84.174
    assert format_duration(mean.numbers.sol) == "22 min"               # 21.67
    assert format_count(mean.numbers.awakenings) == "1"
    assert format_duration(mean.numbers.waso) == "10 min"
    assert averages(nights, min_nights=4) is None


@pytest.mark.parametrize("minutes, text", [
    (0, "0 min"), (5, "5 min"), (59, "59 min"), (60, "1 h 00 min"), (365, "6 h 05 min"),
    (Fraction(1, 2), "1 min"), (Fraction(119, 2), "1 h 00 min"), (DAY, "24 h 00 min")])
def test_durations_are_hours_and_two_digit_minutes_rounded_to_the_minute(minutes, text):
    assert format_duration(minutes) == text


@pytest.mark.parametrize("value, text", [
    (Fraction(3), "3"), (Fraction(7, 5), "1.4"), (Fraction(5, 4), "1.3"), (Fraction(1, 3), "0.3")])
def test_average_counts_have_one_decimal(value, text):
    assert format_count(value) == text


# --- clock times as people type them -------------------------------------------------------------

@pytest.mark.parametrize("typed, meant", [
    ("10:30pm", time(22, 30)), ("10.30 pm", time(22, 30)), ("10:30 p.m.", time(22, 30)),
    ("10:30 PM", time(22, 30)), ("22.30", time(22, 30)), ("2230", time(22, 30)),
    ("22:30", time(22, 30)), ("10pm", time(22, 0)), ("10 pm", time(22, 0)), ("7", time(7, 0)),
    ("19", time(19, 0)), ("730", time(7, 30)), ("07:05", time(7, 5)), ("7am", time(7, 0)),
    ("7:05 a.m.", time(7, 5)), ("12:30am", time(0, 30)), ("12:15pm", time(12, 15)),
    ("noon", time(12, 0)), ("Midnight", time(0, 0)), ("24:00", time(0, 0)),
    ("0", time(0, 0)), ("  6:10  ", time(6, 10)), ("06 : 10", time(6, 10)),
])
def test_times_are_read_in_the_forms_people_type(typed, meant):
    assert parse_clock(typed) == meant


@pytest.mark.parametrize("typed, says", [
    ("", "Enter a time, like"), ("abc", "Enter a time, like"), ("25:00", "from 0 to 23"),
    ("24:30", "from 0 to 23"), ("10:61", "minutes from 00 to 59"),
    ("10.5", "two digits for the minutes"), ("10:5", "two digits for the minutes"),
    ("12am", "noon or midnight"), ("12pm", "noon or midnight"), ("12:00 a.m.", "noon or midnight"),
    ("13pm", "from 1 to 12"), ("0am", "from 1 to 12"), ("22:30:00", "Enter a time, like"),
    ("10:30 xm", "Enter a time, like"), ("12345", "Enter a time, like"), ("-1", "Enter a time"),
    ("\uff11\uff10:\uff13\uff10", "Enter a time"), ("pm", "Enter a time"),
])
def test_times_that_are_not_clear_are_refused_with_what_to_write(typed, says):
    with pytest.raises(ClockTimeError, match=says):
        parse_clock(typed)


@pytest.mark.parametrize("moment, text", [
    (time(22, 30), "10:30pm"), (time(7, 5), "7:05am"), (time(0, 0), "midnight"),
    (time(12, 0), "noon"), (time(0, 30), "12:30am"), (time(12, 45), "12:45pm")])
def test_times_are_shown_on_the_12_hour_clock(moment, text):
    assert shown(moment) == text
    assert parse_clock(text) == moment


# --- refusals, one by one ------------------------------------------------------------

def test_a_time_before_the_one_before_it_is_out_of_order():
    field, text = refused(in_bed="11pm", tried_sleep="10:50pm")
    assert field == "tried_sleep"
    assert text == ("For night 3 (ending November 20), enter the times in the order they "
                    "happened: the time you tried to go to sleep (10:50pm) is before the time "
                    "you got into bed (11:00pm).")


def test_out_of_bed_before_the_final_awakening_is_out_of_order():
    field, text = refused(final_wake="6:30", out_of_bed="6:20")
    assert field == "out_of_bed"
    assert "the time you got out of bed (6:20am) is before the time of your final awakening " \
           "(6:30am)" in text


def test_a_window_over_24_hours_is_refused():
    field, text = refused(in_bed="20:00", tried_sleep="20:30", final_wake="08:00",
                          out_of_bed="20:30")
    assert field == "out_of_bed"
    assert text.endswith("enter times less than 24 hours apart: from getting into bed (8:00pm) "
                         "to getting out of bed (8:30pm) is 24 h 30 min.")


def test_a_window_of_exactly_24_hours_is_not_over_24_hours():
    found, problems = form(in_bed="20:00", tried_sleep="20:30", final_wake="08:00",
                           out_of_bed="20:00")
    assert problems == [] and night_numbers(found).time_in_bed == DAY


def test_minutes_that_do_not_fit_between_trying_to_sleep_and_waking_are_refused():
    # 23:45 to 06:10 is 385 minutes; 300 + 100 do not fit.
    field, text = refused(sol_min="300", waso_min="100")
    assert field == "sol_min"
    assert "300 minutes to fall asleep and 100 minutes awake add up to 400 minutes, but from " \
           "trying to sleep (11:45pm) to your final awakening (6:10am) is 385 minutes" in text


def test_minutes_that_just_fit_are_kept():
    found, problems = form(sol_min="300", waso_min="85")
    assert problems == [] and night_numbers(found).total_sleep == 0


def test_minutes_awake_need_an_awakening():
    field, text = refused(awakenings="0")
    assert field == "awakenings" and "20 minutes awake need at least one awakening" in text


def test_no_time_in_bed_is_refused():
    found, problems = form(in_bed="23:00", tried_sleep="23:00", sol_min="0", awakenings="0",
                           waso_min="0", final_wake="23:00", out_of_bed="23:00")
    assert found is None
    assert [p.field for p in problems] == ["out_of_bed"]
    assert "it is the same as the time you got into bed" in problems[0].message


@pytest.mark.parametrize("field, typed", [
    ("sol_min", "-5"), ("sol_min", "1441"), ("sol_min", "ten"), ("sol_min", "2.5"),
    ("sol_min", ""), ("awakenings", "100"), ("awakenings", "1.5"), ("waso_min", "1441"),
    ("waso_min", "\u0663"),  # an Arabic-Indic three: a digit, but not one people see as 3
])
def test_minutes_and_awakenings_out_of_range_are_refused(field, typed):
    found_field, text = refused(**{field: typed})
    assert found_field == field
    assert text.startswith("For night 3 (ending November 20), enter ")
    assert "as a whole number from 0 to" in text


@pytest.mark.parametrize("typed", ["2026-02-30", "20-11-2026", "", "2026-11-2", "November 20"])
def test_a_date_that_is_not_real_is_refused(typed):
    field, text = refused(date=typed)
    assert (field, text) == ("date", "For night 3, enter a real date, the morning the night "
                                     "ended, like 2026-11-20.")


def test_a_morning_that_has_not_come_is_refused_when_the_caller_says_which_is_the_latest():
    found, problems = night_from_form({k: str(v) for k, v in ACROSS_MIDNIGHT.items()}, 2,
                                      latest=date(2026, 11, 19))
    assert found is None
    assert [p.message for p in problems] == [
        "For night 2, enter the date of a morning that has come: November 20 is after "
        "November 19."]


@pytest.mark.parametrize("quality", ["", "great", "Poor", "very poor"])
def test_a_quality_not_one_of_the_five_is_refused(quality):
    field, text = refused(quality=quality)
    assert field == "quality"
    assert text.endswith("choose the quality of your sleep: very poor, poor, fair, good or "
                         "very good.")


def test_a_comment_over_80_characters_is_refused_and_one_of_80_kept():
    """Issue 13: one line, as on the paper diary's form."""
    assert refused(note="x" * 81)[0] == "note"
    assert form(note="x" * 80)[0].note == "x" * 80


@pytest.mark.parametrize("field", ["in_bed", "tried_sleep", "final_wake", "out_of_bed"])
def test_a_time_refused_names_its_night_and_its_field(field):
    found_field, text = refused(**{field: "10.5"})
    assert found_field == field
    assert text == (f"For night 3 (ending November 20), enter {FIELD_NAMES[field]} with two "
                    "digits for the minutes, like 10:30pm or 22:30.")


def test_every_field_wrong_at_once_lists_every_field():
    found, problems = form(date="x", in_bed="", tried_sleep="", sol_min="", awakenings="",
                           waso_min="", final_wake="", out_of_bed="", quality="", note="x" * 300)
    assert found is None
    assert [p.field for p in problems] == [f for f in FIELDS]


def test_two_nights_with_one_date_and_more_than_the_most_nights_are_refused():
    nights = [night(date=f"2026-11-{day:02d}") for day in range(1, 16)]
    assert diary_problems(nights[:14]) == []
    [too_many] = diary_problems(nights)
    assert too_many.message == "Enter 14 nights at most. Your answers have 15 nights."
    [same] = diary_problems([nights[0], nights[1], nights[0]], max_nights=3)
    assert (same.night, same.field) == (3, "date")
    assert same.message == ("For night 3, enter another date: night 1 is also the night "
                            "ending November 1.")


# --- the answers file --------------------------------------------------------------------------

def test_the_issues_night_reads_from_the_answers_file_and_writes_back_the_same():
    assert night_to_dict(night()) == ACROSS_MIDNIGHT
    assert list(night_to_dict(night())) == list(FIELDS)


def test_a_bad_file_keeps_the_good_nights_and_lists_each_bad_one():
    good = [dict(ACROSS_MIDNIGHT, date=f"2026-11-{day:02d}") for day in (18, 19, 20)]
    value = [
        good[0],
        dict(good[1], in_bed="23:00", tried_sleep="22:50"),        # out of order
        dict(good[1], in_bed="20:00", tried_sleep="20:30", final_wake="08:00",
             out_of_bed="20:30"),                                      # over 24 hours
        dict(good[1], sol_min=300, waso_min=100),                      # minutes do not fit
        dict(good[1], sol_min="30"),                                   # text, not a number
        dict(good[1], awakenings=True),                                # not a number either
        dict(good[1], quality="great"),                                # not one of the five
        dict(good[1], date="2026-11-31"),                              # not a real date
        dict(good[1], in_bed="10:30pm"),                               # not as the file has it
        dict(good[1], extra="x"),                                      # a field it does not ask
        "a night",                                                     # not a night at all
        good[1],
        dict(good[0]),                                                 # its date again
        good[2],
    ]
    reading = read_diary(value, max_nights=2)
    assert diary_to_list(reading.nights) == [good[0], good[1]]
    listed = {(p.night, p.field) for p in reading.problems}
    assert listed == {(2, "tried_sleep"), (3, "out_of_bed"), (4, "sol_min"), (5, "sol_min"),
                      (6, "awakenings"), (7, "quality"), (8, "date"), (9, "in_bed"), (10, ""),
                      (11, ""), (13, "date"), (14, "")}
    by_night = {p.night: p.message for p in reading.problems}
    assert by_night[14] == ("Your answers file has more than 2 nights, so night 14 (ending "
                            "November 20) is left out.")
    assert by_night[9] == ("For night 9 (ending November 19), enter the time you got into bed "
                           "as hours and minutes on the 24-hour clock, like 22:30.")
    assert by_night[10].endswith("the answers file holds something this diary does not ask: "
                                 "extra.")


@pytest.mark.parametrize("value", [None, {}, "nights", 3])
def test_a_diary_that_is_not_a_list_is_refused_in_plain_words(value):
    reading = read_diary(value)
    assert reading.nights == ()
    assert [p.message for p in reading.problems] == [
        "The answers file does not hold the sleep diary as a list of nights."]


# --- the wording rule over every text the diary writes ------------------------------

def _every_message() -> list[str]:
    texts: list[str] = []
    for typed in ("", "10.5", "25:00", "13pm", "12am", "10:61"):
        texts += [p.message for p in form(in_bed=typed)[1]]
    for changes in ({"in_bed": "11pm", "tried_sleep": "10:50pm"}, {"out_of_bed": "20:00"},
                    {"sol_min": "300", "waso_min": "100"}, {"awakenings": "0"},
                    {"sol_min": "x", "awakenings": "x", "waso_min": "x", "quality": "x",
                     "note": "x" * 201, "date": "x"},
                    {"in_bed": "23:00", "tried_sleep": "23:00", "final_wake": "23:00",
                     "out_of_bed": "23:00", "sol_min": "0", "waso_min": "0"}):
        texts += [p.message for p in form(**changes)[1]]
    texts += [p.message for p in night_from_form(
        {k: str(v) for k, v in ACROSS_MIDNIGHT.items()}, 1, latest=date(2026, 1, 1))[1]]
    texts += [p.message for p in diary_problems([night()] * 15)]
    texts += [p.message for p in read_diary(
        [ACROSS_MIDNIGHT] * 2 + [{}, "x", dict(ACROSS_MIDNIGHT, extra=1, date="2026-11-21")],
        max_nights=1).problems]
    texts += [p.message for p in read_diary({}).problems]
    return sorted(set(texts))


@pytest.mark.parametrize("text", _every_message())
def test_every_message_passes_the_wording_rule(text):
    """Messages say how to fill in the form ("For night 3, enter ..."), as a hint does."""
    assert [message(p, "hint") for p in problems_in(text, "hint")] == []


def _item_texts() -> list[tuple[str, str]]:
    data = yaml.safe_load(ITEMS.read_text(encoding="utf-8"))
    texts = [(data["credit"], "note")]
    for item in data["items"]:
        texts += [(item["label"], "label"), (item["hint"], "hint")]
        texts += [(option["label"], "option") for option in item.get("options", [])]
    texts += [(instruction["text"], "intro") for instruction in data["instructions"]]
    texts += [(formula, "note") for formula in data["formulas"]]
    return texts


@pytest.mark.parametrize("text, kind", _item_texts())
def test_every_text_of_the_diary_items_passes_the_wording_rule(text, kind):
    assert [message(p, kind) for p in problems_in(text, kind)] == []


def test_the_items_are_the_consensus_sleep_diarys_core_in_its_order_and_words():
    data = yaml.safe_load(ITEMS.read_text(encoding="utf-8"))
    assert [item["field"] for item in data["items"]] == list(FIELDS)
    labels = {item["field"]: item["label"] for item in data["items"]}
    assert labels["awakenings"] == ("How many times did you wake up, not counting your final "
                                    "awakening?")
    assert labels["out_of_bed"] == "What time did you get out of bed for the day?"
    [quality] = [item for item in data["items"] if item["field"] == "quality"]
    assert {o["value"]: o["label"] for o in quality["options"]} == QUALITIES
    assert data["source"]["url"] == "https://doi.org/10.5665/sleep.1642"


# --- properties --------------------------------------------------------------------------------

@st.composite
def valid_nights(draw):
    """A valid night as the answers file holds it, with the gaps that made it."""
    start = draw(st.integers(0, DAY - 1))
    to_try = draw(st.integers(0, 180))
    window = draw(st.integers(0, DAY - 1 - to_try))
    to_rise = draw(st.integers(0 if to_try + window else 1, DAY - to_try - window))
    to_rise = min(to_rise, DAY - 1)
    sol = draw(st.integers(0, window))
    waso = draw(st.integers(0, window - sol))
    awakenings = draw(st.integers(1 if waso else 0, 99))
    moments = [start, start + to_try, start + to_try + window, start + to_try + window + to_rise]
    data = {"date": draw(st.dates(date(2020, 1, 1), date(2030, 12, 31))).isoformat(),
            "sol_min": sol, "awakenings": awakenings, "waso_min": waso,
            "quality": draw(st.sampled_from(sorted(QUALITIES))),
            "note": draw(st.text(max_size=20).map(str.strip))}
    for name, moment in zip(("in_bed", "tried_sleep", "final_wake", "out_of_bed"), moments,
                            strict=True):
        data[name] = f"{moment % DAY // 60:02d}:{moment % 60:02d}"
    return data, moments


@settings(max_examples=examples(2000))
@given(valid_nights())
def test_total_sleep_is_between_zero_and_the_time_in_bed(drawn):
    data, moments = drawn
    found, problems = night_from_dict(data)
    assert problems == []
    numbers = night_numbers(found)
    assert 0 <= numbers.total_sleep <= numbers.time_in_bed
    assert numbers.time_in_bed == moments[3] - moments[0]
    assert numbers.total_sleep == moments[2] - moments[1] - data["sol_min"] - data["waso_min"]
    assert 0 <= numbers.efficiency <= 100


@settings(max_examples=examples(1000))
@given(valid_nights(), st.integers(1, 23))
def test_shifting_every_time_by_whole_hours_changes_nothing(drawn, hours):
    data, _ = drawn
    shifted = dict(data)
    for name in ("in_bed", "tried_sleep", "final_wake", "out_of_bed"):
        hour, minute = int(data[name][:2]), data[name][3:]
        shifted[name] = f"{(hour + hours) % 24:02d}:{minute}"
    assert night_numbers(night_from_dict(shifted)[0]) == night_numbers(night_from_dict(data)[0])


@settings(max_examples=examples(1000))
@given(valid_nights())
def test_a_night_survives_the_answers_file_and_the_form_alike(drawn):
    data, _ = drawn
    found, _ = night_from_dict(data)
    assert night_to_dict(found) == data
    typed = {key: str(value) for key, value in data.items()}
    assert night_from_form(typed) == (found, [])


@settings(max_examples=examples(2000))
@given(st.text(max_size=30) | st.from_regex(r"[0-9 :.apmAPM]{0,10}", fullmatch=True))
def test_whatever_is_typed_gives_a_time_or_a_plain_message(typed):
    try:
        moment = parse_clock(typed)
    except ClockTimeError as error:
        assert str(error).startswith("Enter a time")
    else:
        assert parse_clock(shown(moment)) == moment
