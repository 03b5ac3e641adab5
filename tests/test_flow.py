"""The whole path through the test client with CSRF on: pages, Back, Change, errors, summary."""

from __future__ import annotations

import re
from datetime import UTC

import pytest
from conftest import MINIMAL_ANSWERS, ON_BOTH_STORES


def text_of(response) -> str:
    return response.get_data(as_text=True)


def back_link(html: str) -> str:
    found = re.search(r'<a href="([^"]+)" class="back-link">Back</a>', html)
    assert found, "page has no Back link"
    return found.group(1)


def test_start_page_says_what_it_is_and_is_not(client):
    page = text_of(client.get("/"))
    assert "It is not medical advice." in page
    assert "does not diagnose" in page
    assert "about 15 minutes" in page
    assert re.search(r"deleted\s+12 hours after your last click", page)
    assert 'href="/page/about-you"' in page
    assert "Start now" in page


def test_every_page_offers_delete_and_the_disclaimer(client, wizard):
    wizard.walk(MINIMAL_ANSWERS)
    for path in ("/", "/page/about-you", "/page/sleep-pattern", "/check", "/talking-points",
                 "/summary", "/delete"):
        page = text_of(client.get(path))
        assert re.search(r'href="/delete"[^>]*>Start again and delete my answers</a>', page), path
        assert "This is not medical advice." in page, path
        assert "call or text 988" in page, path


@ON_BOTH_STORES
def test_minimal_walk_reaches_check_answers_then_summary(wizard, client):
    assert wizard.walk(MINIMAL_ANSWERS) == "/check"
    check = text_of(client.get("/check"))
    assert "It takes me a long time to fall asleep" in check
    assert "Not provided" in check
    response = wizard.submit("/talking-points", {"include": ["nothing-flagged"]})
    assert response.location == "/summary"
    summary = text_of(client.get("/summary"))
    assert "I want to describe my sleep, and my answers are on this sheet." in summary


#: Answers that make pages appear on the way: the alcohol amount page and the medicine effects.
REVEALING = {**MINIMAL_ANSWERS, "alcohol": {"audit_1": "4_plus_week"},
             "medicines": {"medicine_list-0-name": "zolpidem"}}


def test_progress_never_goes_backwards_as_pages_appear(wizard, client, questionnaire):
    """An anxious patient must never see the end move away ("Step 9 of 13", then "of 14")."""
    progress, location = [], "/page/about-you"
    while location.startswith("/page/"):
        shown = re.search(r"(?:Step|Part) (\d+) of (\d+)", text_of(client.get(location)))
        assert shown, f"{location} shows no progress"
        progress.append((location, int(shown.group(1)), int(shown.group(2))))
        page_id = location.removeprefix("/page/")
        location = wizard.answer(page_id, REVEALING.get(page_id)).location
    assert location == "/check"
    assert {"/page/alcohol-amount", "/page/medicine-effects"} <= {p[0] for p in progress}
    for (_, number, total), (after, later, later_total) in zip(progress, progress[1:],
                                                               strict=False):
        assert later_total == total, f"the end moved from {total} to {later_total} at {after}"
        assert later >= number, f"progress went back from {number} to {later} at {after}"
    sections = len({page.section for page in questionnaire.pages})
    assert progress[0][1:] == (1, sections) and progress[-1][1:] == (sections, sections)


@ON_BOTH_STORES
def test_continue_saves_and_back_shows_what_was_entered(wizard, client):
    wizard.answer("about-you", {"age_band": "age_65_plus", "drives": "yes"})
    wizard.answer("visit-goal", {"visit_goal": "Sleep through the night"})
    page = text_of(client.get("/page/sleep-pattern"))
    assert back_link(page) == "/page/visit-goal"
    previous = text_of(client.get("/page/visit-goal"))
    assert ">Sleep through the night</textarea>" in previous
    about = text_of(client.get("/page/about-you"))
    assert re.search(r'value="age_65_plus" checked', about)
    assert re.search(r'name="drives" value="yes" checked', about)


def test_an_error_keeps_what_was_typed_and_links_to_the_field(wizard, client):
    wizard.answer("about-you")
    wizard.answer("visit-goal")
    response = wizard.answer("sleep-pattern", {"sleep_problems": ["waking_early"],
                                               "nights_a_week": "five"})
    page = text_of(response)
    assert response.status_code == 200
    assert "<title>Error: Your sleep" in page
    # The error summary names each question as the patient saw it on the page.
    assert ('href="#nights_a_week">Enter a number from 0 to 7 for \u201cOn how many nights a '
            'week do you sleep badly?\u201d, using digits, like 4.</a>') in page
    assert ('href="#problem_duration-0">Choose an answer for \u201cHow long have you had '
            'trouble sleeping?\u201d</a>') in page
    assert 'id="nights_a_week-error"' in page
    assert 'value="five"' in page, "what the patient typed is shown again"
    assert re.search(r'value="waking_early" checked', page)
    fixed = wizard.answer("sleep-pattern", {"sleep_problems": ["waking_early"],
                                            "nights_a_week": "5",
                                            "problem_duration": "over_a_year"})
    assert fixed.status_code == 302
    assert 'value="5"' in text_of(client.get("/page/sleep-pattern"))


@pytest.mark.parametrize("typed, message", [
    ("8", "Enter a number from 0 to 7 for \u201cOn how many nights a week do you sleep badly?"),
    ("-1", "Enter a number from 0 to 7 for \u201cOn how many nights"),
    ("2.5", "Enter a whole number from 0 to 7 for \u201cOn how many nights"),
    ("nan", "using digits"),
    ("inf", "using digits"),
    ("1e309", "using digits"),
    ("99999999999999999999999", "using digits"),
])
def test_odd_numbers_get_a_plain_message_and_are_not_saved(wizard, client, typed, message):
    wizard.answer("about-you")
    wizard.answer("visit-goal")
    page = text_of(wizard.answer("sleep-pattern", {"sleep_problems": ["waking_early"],
                                                   "nights_a_week": typed,
                                                   "problem_duration": "over_a_year"}))
    assert message in page
    with client.session_transaction() as session:
        assert "nights_a_week" not in session.get("answers", {})


def test_none_of_these_cannot_be_combined(wizard):
    for page_id in ("about-you", "visit-goal", "sleep-pattern"):
        wizard.answer(page_id, MINIMAL_ANSWERS.get(page_id))
    page = text_of(wizard.answer("sleep-habits", {"sleep_habits": ["none", "shift_work"]}))
    assert ("You chose \u201cNone of these\u201d and another answer for \u201cWhich of these are "
            "true for you most weeks?\u201d Choose one or the other.") in page


def test_a_tampered_option_is_refused(wizard, client):
    page = text_of(wizard.answer("about-you", {"age_band": "age_200"}))
    assert "Choose one of the answers shown for \u201cHow old are you?\u201d" in page
    with client.session_transaction() as session:
        assert "age_band" not in session.get("answers", {})


def test_change_link_returns_to_check_your_answers(wizard, client):
    wizard.walk(MINIMAL_ANSWERS)
    check = text_of(client.get("/check"))
    assert 'href="/page/sleep-pattern?return=check">Change' in check
    page = text_of(client.get("/page/sleep-pattern?return=check"))
    assert back_link(page) == "/check"
    response = wizard.submit("/page/sleep-pattern?return=check",
                             {"sleep_problems": ["waking_early"], "nights_a_week": "4",
                              "problem_duration": "1_3_months"})
    assert response.location == "/check"
    assert "I wake up too early" in text_of(client.get("/check"))


def test_a_change_that_reveals_a_page_asks_it_before_returning(wizard, client):
    wizard.walk(MINIMAL_ANSWERS)
    assert "How much you drink" not in text_of(client.get("/check"))
    response = wizard.submit("/page/alcohol?return=check", {"audit_1": "2_3_week"})
    assert response.location == "/page/alcohol-amount?return=check"
    response = wizard.submit("/page/alcohol-amount?return=check",
                             {"audit_2": "three_or_four", "audit_3": "monthly"})
    assert response.location == "/check"
    assert "3 or 4" in text_of(client.get("/check"))


def test_hidden_pages_are_skipped_and_their_stale_answers_left_out(wizard, client):
    for page_id in ("about-you", "visit-goal", "sleep-pattern", "sleep-habits", "sleep-signs",
                    "sleep-diary", "anxiety", "mood", "worry-at-night"):
        wizard.answer(page_id, MINIMAL_ANSWERS.get(page_id))
    assert wizard.answer("alcohol", {"audit_1": "4_plus_week"}).location == \
        "/page/alcohol-amount"
    wizard.answer("alcohol-amount", {"audit_2": "ten_or_more", "audit_3": "daily"})
    # The patient goes back and says they never drink: the amount page disappears.
    assert wizard.answer("alcohol", {"audit_1": "never"}).location == "/page/caffeine"
    wizard.answer("caffeine")
    wizard.answer("other-substances")
    # No medicines listed: the page about their effects is not shown.
    assert wizard.answer("medicines").location == "/page/your-questions"
    assert wizard.answer("your-questions").location == "/check"
    check = text_of(client.get("/check"))
    assert "10 or more" not in check
    assert "How your medicines affect you" not in check
    summary = text_of(client.get("/summary"))
    assert "AUDIT-C (alcohol):</strong> score 0 of 12" in summary
    assert client.get("/page/alcohol-amount").location == "/check"


def test_jumping_ahead_sends_the_patient_to_the_first_unanswered_page(wizard, client):
    wizard.answer("about-you")
    response = client.get("/page/medicines")
    assert response.location == "/page/visit-goal"
    for path in ("/check", "/talking-points", "/summary"):
        assert client.get(path).location == "/page/visit-goal"
    assert "Please answer this page first" in text_of(client.get("/page/visit-goal"))


#: Answers up to the caffeine page, whose follow-up depends on a number (shown after Continue).
BEFORE_CAFFEINE = ("about-you", "visit-goal", "sleep-pattern", "sleep-habits", "sleep-signs",
                   "sleep-diary", "anxiety", "mood", "worry-at-night", "alcohol")


def test_an_answer_that_adds_a_question_is_named_in_the_title_and_takes_the_focus(wizard,
                                                                                   client):
    for page_id in BEFORE_CAFFEINE:
        wizard.answer(page_id, MINIMAL_ANSWERS.get(page_id))
    assert wizard.answer("caffeine", {"caffeine_drinks": "2"}).location == "/page/caffeine"
    page = text_of(client.get("/page/caffeine"))
    assert "<title>Question added: Coffee, tea and other caffeine" in page
    assert re.search(r'<div class="notice notice-info" role="status" tabindex="-1" autofocus>'
                     r"Your answer added a question to this page", page)


def test_a_page_to_answer_first_is_named_in_the_title_and_takes_the_focus(wizard, client):
    wizard.answer("about-you")
    assert client.get("/page/medicines").location == "/page/visit-goal"
    page = text_of(client.get("/page/visit-goal"))
    assert "<title>Answer this page first: What you want from this visit" in page
    assert re.search(r'role="status" tabindex="-1" autofocus>Please answer this page first',
                     page)


def test_unknown_page_gets_a_friendly_404(client):
    response = client.get("/page/nope")
    assert response.status_code == 404
    assert "Page not found" in text_of(response)
    assert "Traceback" not in text_of(response)


@ON_BOTH_STORES
def test_a_post_without_its_token_keeps_the_answers(wizard, client):
    wizard.answer("about-you", {"age_band": "under_40"})
    response = client.post("/page/visit-goal", data={"visit_goal": "hello"})
    assert response.status_code == 400
    assert "This page timed out" in text_of(response)
    assert 'href="/page/visit-goal"' in text_of(response)
    with client.session_transaction() as session:
        assert session["answers"] == {"age_band": "under_40"}


@ON_BOTH_STORES
def test_medicine_rows_are_kept_as_typed_and_more_can_be_added(wizard, client):
    for page_id in ("about-you", "visit-goal", "sleep-pattern", "sleep-habits", "sleep-signs",
                    "sleep-diary", "anxiety", "mood", "worry-at-night", "alcohol",
                    "caffeine", "other-substances"):
        wizard.answer(page_id, {**MINIMAL_ANSWERS.get(page_id, {}),
                                **({"audit_1": "never"} if page_id == "alcohol" else {})})
    page = text_of(client.get("/page/medicines"))
    assert page.count('class="row-legend"') == 3
    response = wizard.answer("medicines", {
        "medicine_list-0-name": "Klonopin 0.5mg", "medicine_list-0-how_long": "over_a_year",
        "medicine_list-1-name": "", "medicine_list-2-name": "Mystery tonic",
        "add_rows": "1"})
    assert response.location == "/page/medicines?rows=6"
    page = text_of(client.get(response.location))
    assert page.count('class="row-legend"') == 6
    assert 'value="Klonopin 0.5mg"' in page and 'value="Mystery tonic"' in page
    assert wizard.answer("medicines", {
        "medicine_list-0-name": "Klonopin 0.5mg", "medicine_list-0-how_long": "over_a_year",
        "medicine_list-1-name": "Mystery tonic"}).location == "/page/medicine-effects"


def reach_medicines(wizard) -> None:
    for page_id in (*BEFORE_CAFFEINE, "caffeine", "other-substances"):
        wizard.answer(page_id, MINIMAL_ANSWERS.get(page_id))


def test_save_and_add_more_rows_lands_on_the_first_new_row(wizard, client):
    reach_medicines(wizard)
    response = wizard.answer("medicines", {"medicine_list-0-name": "Klonopin",
                                           "medicine_list-1-name": "Benadryl",
                                           "medicine_list-2-name": "melatonin",
                                           "add_rows": "1"})
    page = text_of(client.get(response.location))
    # The server puts the focus there, so it works without JavaScript too.
    assert re.findall(r'<input [^>]*id="([^"]+)"[^>]* autofocus', page) == ["medicine_list-3-name"]


def remove_buttons(page: str) -> list[tuple[str, str]]:
    """(value, accessible name) of each Remove button."""
    return re.findall(r'<button type="submit" name="remove_row" value="([^"]+)"[^>]*>'
                      r'(Remove<span class="visually-hidden">[^<]*</span>)</button>', page)


@ON_BOTH_STORES
def test_remove_takes_out_one_medicine_and_keeps_the_others(wizard, client):
    reach_medicines(wizard)
    rows = {"medicine_list-0-name": "Klonopin", "medicine_list-0-how_long": "over_a_year",
            "medicine_list-1-name": "Benadryl", "medicine_list-2-name": "melatonin"}
    wizard.answer("medicines", rows)
    page = text_of(client.get("/page/medicines"))
    assert remove_buttons(page) == [
        ("medicine_list-0", 'Remove<span class="visually-hidden"> medicine 1, Klonopin</span>'),
        ("medicine_list-1", 'Remove<span class="visually-hidden"> medicine 2, Benadryl</span>'),
        ("medicine_list-2", 'Remove<span class="visually-hidden"> medicine 3, melatonin</span>'),
    ], "a Remove button on each filled row, named after its medicine"
    # Enter in a text field presses the form's first button: it must be Continue.
    assert re.search(r'<form method="post" novalidate>\s*<input [^>]*csrf_token[^>]*>\s*'
                     r'<button type="submit" name="continue" value="1" hidden>', page)
    response = wizard.answer("medicines", {**rows, "remove_row": "medicine_list-1"})
    assert response.location == "/page/medicines"
    with client.session_transaction() as session:
        assert session["answers"]["medicine_list"] == [
            {"name": "Klonopin", "how_long": "over_a_year"}, {"name": "melatonin"}]
    page = text_of(client.get(response.location))
    assert "<title>Medicine removed: Your medicines" in page
    assert re.search(r'role="status" tabindex="-1" autofocus>Medicine 2, \u201cBenadryl\u201d, '
                     r"has been removed from your list.</div>", page)
    assert [value for value, _ in remove_buttons(page)] == ["medicine_list-0", "medicine_list-1"]


def test_removing_a_row_never_loses_what_is_typed_in_the_others(wizard, client):
    reach_medicines(wizard)
    response = wizard.answer("medicines", {"medicine_list-0-name": "Klonopin",
                                           "medicine_list-1-name": "Benadryl",
                                           "medicine_list-2-how_often": "every_night",
                                           "remove_row": "medicine_list-0"})
    page = text_of(response)
    assert response.status_code == 200, "a row with details but no name: shown, not saved"
    assert "<title>Error: Your medicines" in page
    assert 'href="#medicine_list-1-name">Enter the medicine name in row 2' in page
    assert re.search(r'id="medicine_list-0-name" name="medicine_list-0-name" value="Benadryl"',
                     page)
    assert 'value="Klonopin"' not in page
    assert re.search(r'<option value="every_night" selected>', page)


@pytest.mark.parametrize("value", ["medicine_list-15", "medicine_list-x", "otc_aids-0", "0"])
def test_a_remove_button_the_page_does_not_have_is_refused(wizard, value):
    reach_medicines(wizard)
    response = wizard.answer("medicines", {"medicine_list-0-name": "Klonopin",
                                           "remove_row": value})
    assert response.status_code == 400
    assert "remove a medicine row this page does not have" in text_of(response)


def test_a_medicine_row_without_a_name_is_pointed_out(wizard, client):
    for page_id in ("about-you", "visit-goal", "sleep-pattern", "sleep-habits", "sleep-signs",
                    "sleep-diary", "anxiety", "mood", "worry-at-night", "alcohol",
                    "caffeine", "other-substances"):
        wizard.answer(page_id, MINIMAL_ANSWERS.get(page_id))
    page = text_of(wizard.answer("medicines", {"medicine_list-0-name": "",
                                               "medicine_list-1-how_often": "every_night"}))
    assert 'href="#medicine_list-1-name">Enter the medicine name in row 2' in page
    assert re.search(r'<option value="every_night" selected>', page)


@ON_BOTH_STORES
def test_talking_points_can_be_left_out_of_the_printout(wizard, client):
    wizard.walk({**MINIMAL_ANSWERS,
                 "sleep-pattern": {"sleep_problems": ["waking_early"], "nights_a_week": "6",
                                   "problem_duration": "over_a_year"},
                 "worry-at-night": {"worries_awake": "yes"}})
    points = text_of(client.get("/talking-points"))
    assert "Poor sleep most nights for months" in points
    assert "Worry and sleep" in points
    wizard.submit("/talking-points", {"include": ["anxiety-and-sleep"]})
    summary = text_of(client.get("/summary"))
    assert "Worry and sleep" in summary
    assert "CBT-I" not in summary
    again = text_of(client.get("/talking-points"))
    assert 'value="chronic-insomnia">' in again and 'value="anxiety-and-sleep" checked>' in again


def test_patient_text_is_escaped_everywhere(wizard, client):
    wizard.walk({**MINIMAL_ANSWERS,
                 "visit-goal": {"visit_goal": "<script>alert(1)</script> & sleep"}})
    for path in ("/check", "/talking-points", "/summary"):
        page = text_of(client.get(path))
        assert "<script>alert(1)</script>" not in page, path
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; sleep" in text_of(client.get("/summary"))


@ON_BOTH_STORES
def test_delete_removes_answers_and_starts_again(wizard, client):
    wizard.walk(MINIMAL_ANSWERS)
    assert "You cannot undo this." in text_of(client.get("/delete"))
    response = wizard.submit("/delete")
    assert response.location == "/"
    start = text_of(client.get("/"))
    assert "Your answers have been deleted." in start
    assert "Start now" in start
    assert client.get("/check").location == "/page/about-you"


def test_pages_with_answers_are_not_cached(wizard, client):
    wizard.walk(MINIMAL_ANSWERS)
    for path in ("/page/sleep-pattern", "/check", "/summary"):
        assert client.get(path).headers["Cache-Control"] == "no-store", path


@ON_BOTH_STORES
def test_the_cookie_holds_only_a_session_id(wizard, client):
    wizard.answer("about-you", {"age_band": "age_65_plus"})
    cookie = client.get_cookie("session")
    assert cookie is not None
    assert "age" not in cookie.value and len(cookie.value) < 100
    assert cookie.http_only
    assert cookie.same_site == "Lax"


@ON_BOTH_STORES
def test_answers_expire_after_the_configured_time_of_inactivity(tmp_path, wizard, client, app):
    from datetime import datetime, timedelta

    from conftest import QUESTIONS

    from webapp import create_app

    assert app.permanent_session_lifetime == timedelta(hours=12), "from questions.yaml"
    wizard.answer("about-you", {"age_band": "under_40"})
    expires = client.get_cookie("session").expires
    left = expires - datetime.now(UTC)
    assert timedelta(hours=11, minutes=59) < left <= timedelta(hours=12)
    short = create_app({"TESTING": True, "SECRET_KEY": "t", "QUESTIONS_FILE": str(QUESTIONS),
                        "INSTANCE_PATH": str(tmp_path / "other"),
                        "ANSWERS_LIFETIME_HOURS": 0.5})
    assert short.permanent_session_lifetime == timedelta(minutes=30)
