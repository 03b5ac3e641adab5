"""The ``sleep_diary`` question type (issue 17): its settings in questions.yaml, its answer
checked night by night, and what the check page and the sheet show of it."""

from __future__ import annotations

from datetime import date, timedelta
from textwrap import dedent

import pytest

from webapp.engine.loader import parse_questionnaire
from webapp.engine.problems import QuestionnaireError

DIARY_YAML = dedent("""\
    settings: {version: "1"}
    pages:
      - id: diary
        title: Your sleep diary
        questions:
          - id: sleep_diary
            type: sleep_diary
            label: Your sleep diary
    talking_points: []
    """)


def questionnaire_with(settings: str = ""):
    return parse_questionnaire(DIARY_YAML.replace(
        "        label: Your sleep diary\n",
        "        label: Your sleep diary\n" + "".join(
            f"        {line}\n" for line in settings.splitlines())))


def test_the_settings_default_to_3_and_14_nights():
    settings = questionnaire_with().question("sleep_diary").settings
    assert (settings.min_nights, settings.max_nights) == (3, 14)
    settings = questionnaire_with("min_nights: 1\nmax_nights: 31").question("sleep_diary").settings
    assert (settings.min_nights, settings.max_nights) == (1, 31)


@pytest.mark.parametrize(("settings", "place", "message"), [
    ("max_nights: 40", "questions[0].max_nights",
     "'max_nights' is 40; a sleep diary takes at most 31 nights."),
    ("min_nights: 7\nmax_nights: 5", "questions[0].min_nights",
     "'min_nights' (7) is larger than 'max_nights' (5)."),
    ("min_nights: 0", "questions[0].min_nights",
     "'min_nights' must be a whole number of 1 or more."),
    ("options: [{value: a, label: A}, {value: b, label: B}]", "questions[0].options",
     "A sleep_diary question takes no options."),
])
def test_bad_settings_are_refused_at_their_place(settings, place, message):
    with pytest.raises(QuestionnaireError) as refused:
        questionnaire_with(settings)
    assert place in str(refused.value) and message in str(refused.value)


def night(day: date, **changes):
    return {"date": day.isoformat(), "in_bed": "23:30", "tried_sleep": "23:45", "sol_min": 30,
            "awakenings": 2, "waso_min": 20, "final_wake": "06:10", "out_of_bed": "06:40",
            "quality": "fair", "note": "", **changes}


def test_an_answer_keeps_its_good_nights_and_names_each_bad_one():
    question = questionnaire_with("max_nights: 3").question("sleep_diary")
    day = date(2026, 11, 20)
    value = [night(day), night(day + timedelta(days=1), in_bed="7pm"),
             night(day + timedelta(days=2)), night(day + timedelta(days=3)),
             night(day + timedelta(days=4))]
    kept, problems = question.kind.usable_part(question, value)
    assert [n["date"] for n in kept] == ["2026-11-20", "2026-11-22", "2026-11-23"]
    assert problems[0].startswith("For night 2 (ending November 21), enter the time you got "
                                  "into bed")
    assert problems[1] == ("Your answers file has more than 3 nights, so night 5 (ending "
                           "November 24) is left out.")
    assert question.kind.answer_problem(question, value, named=False) == problems[0]
    assert question.kind.answer_problem(question, kept, named=False) is None
    assert question.kind.answer_lines(question, kept) == (
        "3 nights, mornings of November 20 to November 23",)


def test_two_tabs_saving_different_nights_merge_night_by_night():
    """One tab saved night A while another, loaded before, saved night B: both are kept;
    a night the second tab removed goes, one it did not touch stays."""
    from webapp.storage.session_merge import merge_changes

    a, b, c = (night(date(2026, 11, d)) for d in (20, 21, 22))
    latest = {"answers": {"sleep_diary": [a, c], "visit_goal": "x"}}
    before = {"answers": {"sleep_diary": [c]}}
    after = {"answers": {"sleep_diary": [b]}}
    merged = merge_changes(latest, before, after, ["answers"])
    assert merged["answers"] == {"sleep_diary": [a, b], "visit_goal": "x"}
    emptied = merge_changes({"answers": {"sleep_diary": [c]}}, before, {"answers": {}},
                            ["answers"])
    assert emptied["answers"] == {}


WORKED = [night(date(2026, 11, d)) for d in (20, 21, 22)]  # the worked example


def test_the_text_and_json_summaries_give_the_averages_and_each_night(questionnaire):
    from webapp.engine.sheet_text import summary_as_dict, summary_as_text
    from webapp.engine.summary import build_summary

    notes = [dict(WORKED[0], note="Noisy street"), *WORKED[1:]]
    summary = build_summary(questionnaire, {"sleep_diary": notes}, today=date(2026, 11, 30))
    text = summary_as_text(summary)
    assert ("My sleep diary\n  Averages of 3 nights: Time to fall asleep 30 min; Awakenings 2; "
            "Time awake 20 min; Total sleep time 5 h 35 min; Time in bed 7 h 10 min; "
            "Sleep efficiency 77.9%.\n  Friday November 20: into bed 11:30pm, tried to sleep "
            "11:45pm, 30 min to fall asleep, 2 awakenings, 20 min awake, final awakening "
            "6:10am, out of bed 6:40am, quality fair; total sleep time 5 h 35 min, time in bed "
            "7 h 10 min, sleep efficiency 77.9%\n") in text
    assert 'In my own words, Friday November 20: "Noisy street"' in text
    assert "This summary counts sleep efficiency as total sleep time divided by time in bed" \
        in text
    diary = summary_as_dict(summary)["sleep_diary"][0]
    assert diary["nights"][0] == {**notes[0], "numbers": {
        "sol": 30.0, "awakenings": 2.0, "waso": 20.0, "total_sleep": 335.0,
        "time_in_bed": 430.0, "efficiency": 77.9}}
    assert diary["averages"]["nights"] == 3 and diary["averages_from"] == 3
    # The talking point invites the patient to ask; it says nothing about the numbers.
    point = next(p for p in summary.talking_points if p.id == "sleep-diary")
    assert point.ask == "What do these numbers mean for me?"


def test_fewer_nights_than_min_nights_show_without_averages(questionnaire):
    from webapp.engine.sheet_text import summary_as_dict, summary_as_text
    from webapp.engine.summary import build_summary

    summary = build_summary(questionnaire, {"sleep_diary": WORKED[:2]})
    text = summary_as_text(summary)
    assert ("My sleep diary\n  This summary shows averages from 3 nights on.\n"
            "  Friday November 20:") in text
    assert "Saturday November 21:" in text and "Averages of" not in text
    assert summary_as_dict(summary)["sleep_diary"][0]["averages"] is None


def test_the_sheet_draws_the_chart_and_prints_the_table_only_when_asked(questionnaire):
    from flask import render_template

    from webapp import create_app
    from webapp.engine.sheet_pages import blocks
    from webapp.engine.summary import build_summary

    nights = [night(date(2026, 11, 1) + timedelta(days=n)) for n in range(14)]
    plain = build_summary(questionnaire, {"sleep_diary": nights})
    asked = build_summary(questionnaire, {"sleep_diary": nights}, nights_table=True)
    app = create_app({"TESTING": True, "SECRET_KEY": "x"})
    with app.test_request_context("/summary"):
        html = render_template("summary.html", summary=plain)
        with_table = render_template("summary.html", summary=asked)
    section = html.split('<section class="sheet-section diary-section', 1)[1]
    section = section.split("</section>", 1)[0]
    svg = section.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert " style=" not in svg and "<style" not in svg and "<script" not in svg
    assert svg.count('class="diary-night"') == 14
    # On screen the numbers are behind "Show the numbers"; in print only when asked.
    assert '<details class="screen-only diary-numbers"><summary>Show the numbers</summary>' \
        in section
    assert '<details class="screen-only' not in with_table.split("diary-section", 1)[1]
    assert "Average of 14 nights" in with_table
    heights = {b.key: b.height for b in blocks(plain)}
    taller = {b.key: b.height for b in blocks(asked)}
    assert 300 < heights["diary:sleep_diary"] == taller["diary:sleep_diary"]
    assert heights["diary-numbers:sleep_diary"] + 250 < taller["diary-numbers:sleep_diary"]
