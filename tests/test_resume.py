"""Save and resume without an account, and never losing what was typed."""

from __future__ import annotations

import io
import json
import re

import pytest
from conftest import MINIMAL_ANSWERS, ON_BOTH_STORES, Wizard


def text_of(response) -> str:
    return response.get_data(as_text=True)


def upload(wizard: Wizard, content: bytes, name: str = "answers.json"):
    return wizard.submit("/resume", {"answers_file": (io.BytesIO(content), name)},
                         content_type="multipart/form-data")


def answers_file(answers: dict) -> bytes:
    return json.dumps({"format": "before-the-visit/answers", "version": 1,
                       "answers": answers}).encode()


def forget(app, key: str) -> None:
    """Remove a session from the store behind the app's back, as expiry does."""
    if app.config["SESSION_TYPE"] == "redis":
        app.config["SESSION_REDIS"].delete(key)
    else:
        app.config["SESSION_CACHELIB"].delete(key)


def saved(client) -> dict:
    with client.session_transaction() as session:
        return dict(session.get("answers", {}))


@ON_BOTH_STORES
def test_download_gives_the_answers_file_of_what_is_shown(wizard, client):
    wizard.walk({**MINIMAL_ANSWERS, "visit-goal": {"visit_goal": "<b>Sleep</b> \u00e9t\u00e9"}})
    response = client.get("/download")
    assert response.headers["Content-Disposition"].startswith(
        'attachment; filename="before-the-visit-answers-')
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.data)
    assert data["format"] == "before-the-visit/answers" and data["version"] == 1
    assert data["answers"]["visit_goal"] == "<b>Sleep</b> \u00e9t\u00e9"
    assert data["answers"]["nights_a_week"] == 2


@ON_BOTH_STORES
def test_a_downloaded_file_brings_everything_back_in_a_new_browser(app, wizard, client):
    wizard.walk({**MINIMAL_ANSWERS, "medicines": {"medicine_list-0-name": "Xanax XR",
                                                  "medicine_list-0-how_long": "over_a_year"}})
    wizard.answer("medicine-effects", {"thinking_of_stopping": "yes"})
    content = client.get("/download").data
    before = text_of(client.get("/check"))

    other = app.test_client()
    response = upload(Wizard(other), content)
    assert response.location == "/check"
    assert "Your saved answers are back" in text_of(other.get("/check"))
    assert text_of(other.get("/check")).count("Xanax XR") == before.count("Xanax XR") == 1
    assert saved(other) == saved(client)
    points = text_of(other.get("/talking-points"))
    assert "Stopping or changing a medicine" in points


@ON_BOTH_STORES
def test_a_partial_file_resumes_at_the_first_page_still_to_answer(app):
    client = app.test_client()
    response = upload(Wizard(client), answers_file({"age_band": "under_40",
                                                    "visit_goal": "Rest"}))
    assert response.location == "/page/sleep-pattern"


def test_answers_that_no_longer_fit_are_listed_not_dropped_silently(app):
    client = app.test_client()
    response = upload(Wizard(client), answers_file({
        "age_band": "age_200", "nights_a_week": 9, "old_question": "x",
        "sleep_problems": ["falling_asleep"], "problem_duration": "over_a_year"}))
    page = text_of(response)
    assert response.status_code == 200
    assert "Some answers could not be used" in page
    assert "Your answer to \u201cAge\u201d was not used: Choose one of the answers shown." in page
    assert "\u201cBad nights a week\u201d was not used: Enter a number from 0 to 7." in page
    assert "(&#39;old_question&#39;) was not used" in page
    assert saved(client) == {"sleep_problems": ["falling_asleep"],
                             "problem_duration": "over_a_year"}


#: Answers a file may hold that no form could send, each with what the patient is told.
#: (json.dumps writes a lone surrogate as the escape "\\ud800".)
BAD_ANSWERS = {
    "number-beyond-float": ({"caffeine_drinks": 10**20},
                            "\u201cCaffeine drinks a day\u201d was not used: Enter a number"),
    "number-huge-float": ({"caffeine_drinks": 1e300},
                        "\u201cCaffeine drinks a day\u201d was not used: Enter a number"),
    "surrogate-in-text": ({"tried_already": "I tried \ud800 this"},
                          "was not used: This answer has characters that cannot be shown"),
    "surrogate-in-medicine-name": ({"medicine_list": [{"name": "Xanax\udfff"}]},
                                   "characters that cannot be shown"),
    "surrogate-medicine-key": ({"medicine_list": [{"name": "Xanax", "\ud800": "x"}]},
                               "has an unknown detail: &#39;\\ud800&#39;."),
    "surrogate-question-id": ({"\ud800": "x"}, "(&#39;\\ud800&#39;) was not used"),
    "control-codes": ({"tried_already": "\x1b[2J\x9b31m"}, "control codes"),
}


@pytest.mark.parametrize("bad", BAD_ANSWERS.values(), ids=BAD_ANSWERS.keys())
def test_answers_no_form_could_send_are_listed_and_every_page_still_works(app, bad):
    answers, message = bad
    client = app.test_client()
    good = {"sleep_problems": ["falling_asleep"], "nights_a_week": 2,
            "problem_duration": "under_1_month"}
    response = upload(Wizard(client), answers_file({**good, **answers}))
    page = text_of(response)
    assert response.status_code == 200 and "Traceback" not in page
    assert "Some answers could not be used" in page and message in page
    assert saved(client) == good
    for path in ("/", "/page/sleep-pattern", "/page/medicines", "/check", "/download",
                 "/download/fhir"):
        response = client.get(path)
        assert response.status_code in (200, 302), path
        response.get_data().decode("utf-8")


def test_pages_done_that_no_page_has_are_ignored(app):
    client = app.test_client()
    content = json.dumps({"format": "before-the-visit/answers", "version": 1,
                          "answers": {"age_band": "under_40"},
                          "pages_done": ["about-you", "\ud800", 10**20, None]}).encode()
    response = upload(Wizard(client), content)
    assert response.status_code == 302
    with client.session_transaction() as session:
        assert session["seen"] == ["about-you"]
    assert client.get("/download").status_code == 200


@pytest.mark.parametrize("content, message", [
    (b"", "not an answers file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "not text"),
    (b"[1, 2, 3]", "not a Before the Visit answers file"),
    (b'{"format": "before-the-visit/answers", "version": 2, "answers": {}}', "version 2"),
    (b'{"format": "before-the-visit/answers", "version": 1, "answers": {"x": Infinity}}',
     "could not be read"),
    (b"[" * 90000 + b"]" * 90000, "could not be read"),
    (answers_file({"own_questions": "x" * 210000}), "too large"),
    (answers_file({"caffeine_drinks": 10**400}), "a number of more than 30 digits"),
    (answers_file({"caffeine_drinks": 1}).replace(b": 1}", b": 1" + b"0" * 5000 + b"}"),
     "a number of more than 30 digits"),
    (b'{"format": "before-the-visit/answers", "version": ' + b"9" * 5000 + b', "answers": {}}',
     "a number of more than 30 digits"),
    (b'{"format": "before-the-visit/answers", "version": "\\ud800", "answers": {}}',
     "of a version this app does not know"),
    (b'{"format": "\\ud800", "version": 1, "answers": {}}', "not a Before the Visit"),
])
def test_a_file_that_cannot_be_used_is_explained_and_nothing_is_lost(wizard, client, content,
                                                                     message):
    wizard.answer("about-you", {"age_band": "age_65_plus"})
    response = upload(wizard, content)
    assert response.status_code in (200, 413)
    page = text_of(response)
    assert "There is a problem" in page and message in page
    assert "Traceback" not in page
    assert saved(client) == {"age_band": "age_65_plus"}


def test_no_file_chosen_gets_a_message(wizard):
    page = text_of(wizard.submit("/resume", {}, content_type="multipart/form-data"))
    assert 'href="#answers_file">Choose the answers file you downloaded before.' in page


def test_a_file_over_the_request_limit_gets_a_friendly_413(app, wizard, client):
    wizard.answer("about-you", {"age_band": "under_40"})
    response = upload(wizard, b"x" * (app.config["MAX_CONTENT_LENGTH"] + 10))
    assert response.status_code == 413
    assert "That file is too large to be an answers file." in text_of(response)
    assert saved(client) == {"age_band": "under_40"}


def test_upload_needs_its_token(client):
    response = client.post("/resume", data={"answers_file": (io.BytesIO(b"{}"), "a.json")},
                           content_type="multipart/form-data")
    assert response.status_code == 400


# --- never lose what was typed ------------------------------------------------------


def test_back_and_forward_show_saved_answers(wizard, client):
    wizard.answer("about-you", {"age_band": "age_40_64"})
    wizard.answer("visit-goal", {"visit_goal": "Fewer bad nights"})
    assert "Fewer bad nights</textarea>" in text_of(client.get("/page/visit-goal"))
    assert re.search(r'value="age_40_64" checked', text_of(client.get("/page/about-you")))
    assert "Part 2 of" in text_of(client.get("/page/sleep-pattern"))


def test_reload_after_continue_keeps_the_answer(wizard, client):
    response = wizard.answer("about-you", {"age_band": "under_40"})
    for _ in range(2):  # the browser reloads the page it was sent to
        assert client.get(response.location).status_code == 200
    assert saved(client) == {"age_band": "under_40"}


@ON_BOTH_STORES
def test_two_tabs_each_save_their_own_page(wizard, client):
    wizard.answer("about-you")
    token_a = wizard.token("/page/about-you")
    token_b = wizard.token("/page/visit-goal")
    client.post("/page/about-you", data={"csrf_token": token_a, "age_band": "age_65_plus"})
    client.post("/page/visit-goal", data={"csrf_token": token_b, "visit_goal": "Tab B"})
    assert saved(client) == {"age_band": "age_65_plus", "visit_goal": "Tab B"}


@ON_BOTH_STORES
def test_a_double_click_on_continue_saves_once_and_loses_nothing(wizard, client):
    token = wizard.token("/page/about-you")
    form = {"csrf_token": token, "age_band": "age_65_plus", "drives": "yes"}
    first = client.post("/page/about-you", data=form)
    second = client.post("/page/about-you", data=form)
    assert first.location == second.location == "/page/visit-goal"
    assert saved(client) == {"age_band": "age_65_plus", "drives": "yes"}


@ON_BOTH_STORES
def test_an_expired_session_is_explained_with_a_way_to_continue(app, wizard, client):
    wizard.answer("about-you", {"age_band": "under_40"})
    token = wizard.token("/page/visit-goal")
    key = app.config["SESSION_KEY_PREFIX"] + client.get_cookie("session").value
    forget(app, key)  # what expiry does after 12 idle hours
    response = client.post("/page/visit-goal", data={"csrf_token": token, "visit_goal": "x"})
    page = text_of(response)
    assert response.status_code == 400
    assert "Your answers are no longer here" in page
    assert "deleted 12 hours after the last click" in page
    assert 'href="/resume">Continue from a saved file' in page


@ON_BOTH_STORES
def test_an_expired_session_on_a_page_link_goes_to_the_start_with_a_message(app, wizard, client):
    wizard.walk(MINIMAL_ANSWERS)
    key = app.config["SESSION_KEY_PREFIX"] + client.get_cookie("session").value
    forget(app, key)
    response = client.get("/check")
    assert response.location == "/"
    start = text_of(client.get("/"))
    assert "yours have been deleted" in start and 'href="/resume"' in start


def test_an_answers_file_with_a_medicine_text_over_its_limit_is_refused_by_name(app):
    """Issue 13's limits hold for a saved file too ("Continue from a saved file"): a name or
    a purpose over 60 characters is listed with the field it is in, nothing else lost."""
    for row, message in (
            ({"name": "n" * 61}, "Keep the name in row 1 to 60 characters or fewer."),
            ({"name": "Melatonin", "purpose": "p" * 61},
             "Keep \u201cWhat you take it for\u201d in row 1 to 60 characters or fewer.")):
        client = app.test_client()
        good = {"sleep_problems": ["falling_asleep"], "nights_a_week": 2}
        response = upload(Wizard(client), answers_file({**good, "medicine_list": [row]}))
        page = text_of(response)
        assert "Some answers could not be used" in page
        assert f"Your answer to \u201cMedicines\u201d was not used: {message}" in page
        assert saved(client) == good
