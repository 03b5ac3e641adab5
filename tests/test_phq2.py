"""PHQ-2 (review N2): asked in its published words, scored with its published cut-off, and
the crisis line shown beside a positive screen, not only in the footer.

Kroenke, Spitzer and Williams 2003 (Med Care 41:1284): two items, four answers scored
0 to 3, a total of 3 or more is a positive screen. Free to reproduce.
"""

from __future__ import annotations

import io
import json
import re

import pytest
from test_rules import gad7

from webapp.engine.rules import evaluate_answers
from webapp.engine.sheet_text import summary_as_dict, summary_as_text
from webapp.engine.summary import build_summary

ANSWERS = ("not_at_all", "several_days", "more_than_half", "nearly_every_day")
REQUIRED = {"sleep_problems": ["falling_asleep"], "nights_a_week": 2, "own_questions": "None.",
            "problem_duration": "under_1_month"}


def phq2(first: int, second: int) -> dict[str, str]:
    return {"phq2_1": ANSWERS[first], "phq2_2": ANSWERS[second]}


def test_the_items_and_answers_are_the_published_ones(questionnaire):
    page = questionnaire.page("mood")
    assert [q.label for q in page.questions] == [
        "Little interest or pleasure in doing things", "Feeling down, depressed, or hopeless"]
    assert "Over the last 2 weeks, how often have you been bothered by any of the following " \
           "problems?" in " ".join(page.intro.split())
    for question in page.questions:
        assert [(o.label, o.score) for o in question.options] == [
            ("Not at all", 0), ("Several days", 1), ("More than half the days", 2),
            ("Nearly every day", 3)]
    instrument = questionnaire.instruments["phq2"]
    assert instrument.items == ("phq2_1", "phq2_2") and instrument.maximum == 6
    assert instrument.sources == ("kroenke-2003",)


def test_it_is_asked_beside_the_gad7(questionnaire):
    ids = [page.id for page in questionnaire.pages]
    assert ids.index("mood") == ids.index("anxiety") + 1


@pytest.mark.parametrize(("first", "second", "band", "positive"), [
    (0, 0, "below the screening cut-off", False), (1, 1, "below the screening cut-off", False),
    (2, 1, "a positive screen", True), (0, 3, "a positive screen", True),
    (3, 3, "a positive screen", True)])
def test_the_score_uses_the_published_cut_off_of_3(questionnaire, first, second, band,
                                                   positive):
    evaluation = evaluate_answers(questionnaire, phq2(first, second))
    score = evaluation.scores["phq2"]
    assert (score.total, score.band.label) == (first + second, band)
    assert score.text.endswith("a screening score, not a diagnosis")
    assert score.shows_crisis_line is positive
    assert ("low-mood" in [p.id for p in evaluation.talking_points]) is positive


def test_one_item_left_blank_gives_no_score_and_no_point(questionnaire):
    evaluation = evaluate_answers(questionnaire, {"phq2_1": "nearly_every_day"})
    assert "phq2" not in evaluation.scores
    assert "low-mood" not in [p.id for p in evaluation.talking_points]


def test_a_positive_screen_puts_the_crisis_line_beside_the_point_and_the_score(questionnaire):
    crisis = questionnaire.settings.crisis_line
    summary = build_summary(questionnaire, {**REQUIRED, **phq2(2, 2)})
    mood = next(p for p in summary.talking_points if p.id == "low-mood")
    assert mood.crisis_line == crisis
    assert "depress" not in mood.raise_text.lower(), "raises mood, never a diagnosis"
    text = summary_as_text(summary)
    assert text.count(crisis) == 3  # beside the point, beside the score, and at the end
    data = summary_as_dict(summary)
    assert [p.get("crisis_line") for p in data["talking_points"] if p["id"] == "low-mood"] \
        == [crisis]
    assert [s.get("crisis_line") for s in data["scores"] if s["instrument"].startswith("PHQ")] \
        == [crisis]


def test_the_crisis_line_stays_beside_the_score_when_the_point_is_left_out(questionnaire):
    crisis = questionnaire.settings.crisis_line
    summary = build_summary(questionnaire, {**REQUIRED, **phq2(3, 3)}, left_out={"low-mood"})
    assert summary.crisis_line_beside_scores
    assert summary_as_text(summary).count(crisis) == 2


def test_a_negative_screen_shows_the_crisis_line_only_at_the_end(questionnaire):
    summary = build_summary(questionnaire, {**REQUIRED, **phq2(1, 1)})
    assert summary_as_text(summary).count(questionnaire.settings.crisis_line) == 1


def upload(wizard, answers):
    content = json.dumps({"format": "before-the-visit/answers", "version": 1,
                          "answers": answers}).encode()
    return wizard.submit("/resume", {"answers_file": (io.BytesIO(content), "answers.json")},
                         content_type="multipart/form-data")


def crisis_boxes(html: str) -> int:
    return len(re.findall(r'class="crisis-beside"', html))


def test_the_pages_show_the_crisis_line_where_it_matters(wizard, client, questionnaire):
    upload(wizard, {**REQUIRED, **phq2(2, 3)})
    mood_page = client.get("/page/mood").get_data(as_text=True)
    assert crisis_boxes(mood_page) == 1 and "call or text 988" in mood_page

    points = client.get("/talking-points").get_data(as_text=True)
    assert crisis_boxes(points) == 1
    point = points[points.index('id="point-low-mood"'):]
    assert point.index("crisis-beside") < point.index("</article>")
    sheet = client.get("/summary").get_data(as_text=True)
    assert crisis_boxes(sheet) == 2  # in the point and beside the score


def test_no_crisis_box_without_a_positive_screen(wizard, client):
    upload(wizard, {**REQUIRED, **phq2(0, 1)})
    assert crisis_boxes(client.get("/talking-points").get_data(as_text=True)) == 0
    assert crisis_boxes(client.get("/summary").get_data(as_text=True)) == 0


@pytest.mark.parametrize(("total", "shown"), [(14, False), (15, True), (21, True)])
def test_a_severe_gad7_score_puts_the_crisis_line_beside_it(questionnaire, total, shown):
    """Review N2: beside a severe anxiety score as well as a positive mood screen."""
    score = evaluate_answers(questionnaire, gad7(total)).scores["gad7"]
    assert score.shows_crisis_line is shown
