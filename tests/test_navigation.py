"""The wizard's moves as pure code: blocked pages, Continue, Change, Back, medicine rows.

Run on the shipped questionnaire: about-you, visit-goal, sleep-pattern, ... alcohol,
alcohol-amount (only when the patient drinks), caffeine, ... medicines, medicine-effects
(only with a medicine that calls for it), your-questions.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT

from webapp.engine import navigation
from webapp.engine.navigation import (
    ANSWER_FIRST,
    QUESTION_ADDED,
    Move,
    ToPage,
    ToPlace,
    after_saving,
    back,
    entry,
    first_new_row,
    return_place,
    rows_to_show,
)
from webapp.engine.rules import walk


@pytest.fixture(scope="module")
def pages(questionnaire):
    return {page.id: page for page in questionnaire.pages}


def ids_before(questionnaire, answers, page_id: str) -> set[str]:
    """The ids of the shown pages before ``page_id``: completed by a patient who got there."""
    path = walk(questionnaire, answers)
    return {page.id for page in path.pages[:[p.id for p in path.pages].index(page_id)]}


def test_a_new_patient_may_see_the_first_page_and_nothing_further(questionnaire, pages):
    path = walk(questionnaire, {})
    assert entry(path, pages["about-you"], set()) is None
    assert entry(path, pages["sleep-pattern"], set()) == Move(ToPage("about-you"), ANSWER_FIRST)


def test_a_page_after_one_still_to_answer_sends_the_patient_there(questionnaire, pages):
    path = walk(questionnaire, {})
    seen = {"about-you", "sleep-pattern"}  # visit-goal was skipped by a typed address
    assert entry(path, pages["sleep-habits"], seen) == Move(ToPage("visit-goal"), ANSWER_FIRST)
    assert entry(path, pages["visit-goal"], seen) is None


def test_a_page_the_answers_hide_sends_the_patient_on(questionnaire, pages):
    answers = {"audit_1": "never"}
    path = walk(questionnaire, answers)
    assert pages["alcohol-amount"] not in path.pages
    everything = {page.id for page in path.pages}
    assert entry(path, pages["alcohol-amount"], everything) == Move(ToPlace("check"))
    assert entry(path, pages["alcohol-amount"], {"about-you"}) == Move(
        ToPage("visit-goal"), ANSWER_FIRST)


def test_continue_leads_to_the_next_shown_page(questionnaire, pages):
    drinks = {"audit_1": "monthly_or_less"}
    seen = ids_before(questionnaire, drinks, "alcohol") | {"alcohol"}
    assert after_saving(walk(questionnaire, drinks), pages["alcohol"], seen, None) == Move(
        ToPage("alcohol-amount"))
    never = {"audit_1": "never"}
    assert after_saving(walk(questionnaire, never), pages["alcohol"], seen, None) == Move(
        ToPage("caffeine"))


def test_the_last_page_leads_to_check_or_to_a_page_still_to_answer(questionnaire, pages):
    path = walk(questionnaire, {})
    everything = {page.id for page in path.pages}
    last = path.pages[-1]
    assert after_saving(path, last, everything, None) == Move(ToPlace("check"))
    assert after_saving(path, last, everything - {"mood"}, None) == Move(ToPage("mood"))


def test_after_change_continue_returns_where_change_came_from(questionnaire, pages):
    path = walk(questionnaire, {"audit_1": "never"})
    everything = {page.id for page in path.pages}
    for place in ("check", "talking-points"):
        assert after_saving(path, pages["about-you"], everything, place) == Move(ToPlace(place))


def test_a_change_that_adds_a_page_asks_it_before_returning(questionnaire, pages):
    never = {"audit_1": "never"}
    seen = {page.id for page in walk(questionnaire, never).pages}
    drinks = walk(questionnaire, {"audit_1": "2_3_week"})
    assert after_saving(drinks, pages["alcohol"], seen, "check") == Move(
        ToPage("alcohol-amount", "check"))


def test_an_added_question_a_removed_row_and_more_rows_stay_on_the_page(questionnaire, pages):
    path = walk(questionnaire, {})
    seen = {page.id for page in path.pages}
    medicines = pages["medicines"]
    assert after_saving(path, medicines, seen, "check", revealed=True) == Move(
        ToPage("medicines", "check"), QUESTION_ADDED)
    assert after_saving(path, medicines, seen, None, removed_row=True) == Move(
        ToPage("medicines"))
    assert after_saving(path, medicines, seen, "check", rows=5) == Move(
        ToPage("medicines", "check", rows=8))


def test_back_goes_to_the_page_before_or_where_change_came_from(questionnaire, pages):
    never = walk(questionnaire, {"audit_1": "never"})
    assert back(never, pages["caffeine"], None) == ToPage("alcohol")
    drinks = walk(questionnaire, {"audit_1": "2_3_week"})
    assert back(drinks, pages["caffeine"], None) == ToPage("alcohol-amount")
    assert back(never, pages["about-you"], None) == ToPlace("start")
    assert back(never, pages["caffeine"], "talking-points") == ToPlace("talking-points")


def test_only_the_known_return_places_are_kept():
    assert return_place("check") == "check"
    assert return_place("talking-points") == "talking-points"
    for other in (None, "", "summary", "https://example.org", "CHECK"):
        assert return_place(other) is None


def test_check_and_the_summary_wait_for_every_shown_page(questionnaire):
    path = walk(questionnaire, {})
    everything = {page.id for page in path.pages}
    assert navigation.complete(path.pages, everything) is None
    assert navigation.complete(path.pages, everything - {"caffeine"}) == Move(
        ToPage("caffeine"), ANSWER_FIRST)


@pytest.mark.parametrize("saved_rows, requested, shown", [
    (0, None, 3), (1, None, 3), (4, None, 6), (0, "9", 9), (4, "5", 6), (0, "99", 15),
    (14, None, 15), (0, "1234", 3), (0, "-9", 3), (0, "nine", 3)])
def test_a_medicine_list_shows_its_rows_and_a_few_blank_ones(pages, saved_rows, requested,
                                                             shown):
    saved = {"medicine_list": [{"name": f"medicine {i}"} for i in range(saved_rows)]}
    assert rows_to_show(pages["medicines"], saved, requested) == shown


def test_a_page_without_a_medicine_list_has_no_rows(pages):
    assert rows_to_show(pages["about-you"], {}, "9") == 0
    assert first_new_row(pages["about-you"], {}) is None


def test_more_rows_land_on_the_first_empty_row(pages):
    two = {"medicine_list": [{"name": "a"}, {"name": "b"}]}
    assert first_new_row(pages["medicines"], two) == "medicine_list-2-name"
    full = {"medicine_list": [{"name": str(i)} for i in range(15)]}
    assert first_new_row(pages["medicines"], full) is None


def test_navigation_runs_without_flask():
    # webapp/__init__.py imports Flask for create_app: load the module by its file instead.
    code = ("import sys, types; "
            "package = types.ModuleType('webapp'); package.__path__ = ['webapp']; "
            "sys.modules['webapp'] = package; "
            "import webapp.engine.navigation; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('flask', 'werkzeug', 'flask_wtf', 'wtforms')))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
