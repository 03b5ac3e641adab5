"""The shared answer rules refuse, with a message, what no page could show or store."""

from __future__ import annotations

import pytest

from webapp.engine.answer_file import read_answers
from webapp.engine.validation import answer_problem


@pytest.mark.parametrize("value", [10**20, -10**20, 10**400, 10**5000, 1e300, float("inf"),
                                   float("nan"), True, "3"],
                         ids=["1e20", "-1e20", "1e400-int", "1e5000-int", "1e300", "inf",
                              "nan", "true", "text"])
def test_a_number_beyond_its_range_or_any_float_gets_a_message_not_an_error(questionnaire,
                                                                            value):
    question = questionnaire.question("caffeine_drinks")
    assert answer_problem(question, value).startswith("Enter a number from 0 to 30")


@pytest.mark.parametrize("text", ["a \ud800 b", "\udfff", "\x1b[31m", "\x9b31m", "\x85"],
                         ids=["high-surrogate", "low-surrogate", "esc", "csi", "nel"])
def test_text_no_keyboard_types_is_refused_everywhere_text_goes(questionnaire, text):
    assert "cannot be shown" in answer_problem(questionnaire.question("tried_already"), text)
    medicines = questionnaire.question("medicine_list")
    for row in ({"name": text}, {"name": "Xanax", "purpose": text}):
        assert "cannot be shown" in answer_problem(medicines, [row])
    problem = answer_problem(medicines, [{"name": "Xanax", text: "x"}])
    assert "unknown detail" in problem
    problem.encode("utf-8")  # the message itself can be shown
    assert "\x1b" not in problem and "\x9b" not in problem


@pytest.mark.parametrize("text", ["Zolpidem 5 mg, half a tablet", "Café au lait: 2\ttasses",
                                  "Bonjour\nà demain", "睡眠", "Schlafstörung"])
def test_text_a_keyboard_types_is_kept(questionnaire, text):
    assert answer_problem(questionnaire.question("tried_already"), text) is None


def test_an_infinite_number_in_a_file_is_one_answer_not_used(questionnaire):
    raw = ('{"format": "before-the-visit/answers", "version": 1, "answers": '
           '{"caffeine_drinks": 1e400, "age_band": "under_40"}}')
    read = read_answers(raw, questionnaire)
    assert read.answers == {"age_band": "under_40"}
    [problem] = read.problems
    assert "\u201cCaffeine drinks a day\u201d was not used: Enter a number" in problem
