"""Bad input and attacks: a clear answer in plain words, nothing saved lost, never a 500."""

from __future__ import annotations

import re

import pytest
from conftest import MINIMAL_ANSWERS

from webapp.web.headers import SECURITY_HEADERS


def text_of(response) -> str:
    return response.get_data(as_text=True)


def saved(client) -> dict:
    with client.session_transaction() as session:
        return dict(session.get("answers", {}))


@pytest.fixture
def started(wizard, client):
    """A patient who has answered the first two pages."""
    wizard.answer("about-you", {"age_band": "age_65_plus"})
    wizard.answer("visit-goal", {"visit_goal": "Sleep better"})
    return {"age_band": "age_65_plus", "visit_goal": "Sleep better"}


@pytest.mark.parametrize("path, data", [
    ("/page/sleep-pattern", {"nights_a_week": "3"}),
    ("/page/sleep-pattern", {"csrf_token": "forged.token.value", "nights_a_week": "3"}),
    ("/delete", {}),
    ("/talking-points", {"include": "chronic-insomnia"}),
    ("/resume", {}),
])
def test_every_post_needs_its_token_and_a_missing_one_loses_nothing(started, client, path,
                                                                    data):
    response = client.post(path, data=data)
    assert response.status_code == 400
    page = text_of(response)
    assert "This page timed out" in page and "Your saved answers are safe" in page
    assert saved(client) == started


@pytest.mark.parametrize("extra, reason", [
    ({"is_admin": "1"}, "an answer this page does not ask for"),
    ({"nights_a_week": ["3", "4"]}, "the same answer more than once"),
    ({"medicine_list-0-name": "Xanax"}, "an answer this page does not ask for"),
    ({"sleep_problems": ["falling_asleep"] * 7}, "more answers than this question has"),
])
def test_tampered_submissions_get_a_400_and_nothing_is_stored(started, wizard, client, extra,
                                                              reason):
    data = {"sleep_problems": ["falling_asleep"], "nights_a_week": "3",
            "problem_duration": "over_a_year", **extra}
    response = wizard.answer("sleep-pattern", data)
    assert response.status_code == 400
    assert reason in text_of(response)
    assert "Nothing from it was saved" in text_of(response)
    assert saved(client) == started


def test_thousands_of_medicine_rows_are_refused(started, wizard, client):
    for page_id in ("sleep-pattern", "sleep-habits", "sleep-signs", "sleep-diary",
                    "anxiety", "mood", "worry-at-night", "alcohol", "caffeine", "other-substances"):
        wizard.answer(page_id, {**MINIMAL_ANSWERS.get(page_id, {}),
                                **({"audit_1": "never"} if page_id == "alcohol" else {})})
    before = saved(client)
    rows = {f"medicine_list-{i}-name": f"pill {i}" for i in range(3000)}
    response = wizard.answer("medicines", rows)
    assert response.status_code in (400, 413)
    assert "Traceback" not in text_of(response)
    assert saved(client) == before


def test_bytes_that_are_not_utf8_are_refused(started, wizard, client):
    token = wizard.token("/page/sleep-pattern")
    boundary = "XyZ"
    parts = [("csrf_token", token.encode()), ("nights_a_week", b"\xff\xfe3"),
             ("problem_duration", b"over_a_year"), ("sleep_problems", b"waking_early")]
    body = b"".join(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                    .encode() + value + b"\r\n" for name, value in parts)
    response = client.post("/page/sleep-pattern", data=body + f"--{boundary}--\r\n".encode(),
                           content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 400
    assert "characters that could not be read" in text_of(response)
    assert saved(client) == started


@pytest.mark.parametrize("encoding", ["multipart", "urlencoded-escaped", "urlencoded-raw"])
def test_half_a_utf16_pair_never_reaches_the_store_from_a_form(started, wizard, client,
                                                              encoding):
    """UTF-8 bytes of a lone surrogate (ED A0 80), as a broken browser or a script sends them."""
    token = wizard.token("/page/visit-goal")
    if encoding == "multipart":
        body = b"".join(f'--XyZ\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                        .encode() + value + b"\r\n"
                        for name, value in (("csrf_token", token.encode()),
                                            ("visit_goal", b"Sleep \xed\xa0\x80 better")))
        response = client.post("/page/visit-goal", data=body + b"--XyZ--\r\n",
                               content_type="multipart/form-data; boundary=XyZ")
    else:
        value = b"%ED%A0%80" if encoding == "urlencoded-escaped" else b"\xed\xa0\x80"
        response = client.post("/page/visit-goal",
                               data=b"csrf_token=" + token.encode() + b"&visit_goal=Sleep+"
                               + value, content_type="application/x-www-form-urlencoded")
    assert response.status_code in (302, 400), text_of(response)
    stored = saved(client)
    assert not any("\ud800" <= character <= "\udfff"
                   for character in str(stored.get("visit_goal", ""))), stored
    for path in ("/page/visit-goal", "/download", "/"):
        client.get(path).get_data().decode("utf-8")


def test_broken_percent_escapes_get_a_message_and_are_not_stored(started, wizard, client):
    token = wizard.token("/page/sleep-pattern")
    body = (f"csrf_token={token}&nights_a_week=%FF%FE&problem_duration=over_a_year"
            "&sleep_problems=waking_early")
    response = client.post("/page/sleep-pattern", data=body,
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert "Enter a number from 0 to 7 for \u201cOn how many nights a week do you sleep " \
        "badly?\u201d, using digits" in text_of(response)
    assert saved(client) == started


def test_control_characters_get_a_message_at_the_field(started, wizard, client):
    wizard.walk({**MINIMAL_ANSWERS})
    response = wizard.answer("visit-goal", {"visit_goal": "Sleep\x00 better\x1b[31m"})
    page = text_of(response)
    assert response.status_code == 200
    assert ('href="#visit_goal">Your answer to \u201cWhat do you most want from this visit?'
            '\u201d has characters that cannot be shown') in page
    assert "visit_goal" not in saved(client)


def test_a_body_over_the_limit_gets_a_friendly_413(app, started, wizard, client):
    response = wizard.answer("sleep-pattern",
                             {"nights_a_week": "3" * (app.config["MAX_CONTENT_LENGTH"] + 1)})
    assert response.status_code == 413
    page = text_of(response)
    assert "That was too much to send" in page and "Your saved answers are safe" in page
    assert saved(client) == started


def test_every_text_question_states_its_limit_before_it_is_reached(client, wizard):
    wizard.answer("about-you")
    page = text_of(client.get("/page/visit-goal"))
    assert re.search(r'<div id="visit_goal-limit" class="hint[^"]*">Up to 600 characters.', page)
    # A screen reader reads the limit with the box, not only somewhere above it.
    described = re.search(r'<textarea id="visit_goal"[^>]*aria-describedby="([^"]+)"', page)
    assert described and "visit_goal-limit" in described.group(1).split()
    too_long = wizard.answer("visit-goal", {"visit_goal": "z" * 601})
    assert ("Your answer to \u201cWhat do you most want from this visit?\u201d has 601 "
            "characters. Keep it to 600 or fewer.") in text_of(too_long)
    assert 'value=""' not in text_of(too_long) and "z" * 601 in text_of(too_long)


@pytest.mark.parametrize("method, path, code, title", [
    ("get", "/nowhere", 404, "Page not found"),
    ("get", "/page/not-a-page", 404, "Page not found"),
    ("post", "/check", 405, "That did not work"),
    ("put", "/page/about-you", 405, "That did not work"),
])
def test_error_pages_are_friendly(client, method, path, code, title):
    response = getattr(client, method)(path)
    assert response.status_code == code
    page = text_of(response)
    assert f"<h1>{title}</h1>" in page
    assert 'href="/">Go to the start page' in page
    assert "Traceback" not in page and "werkzeug" not in page.lower()


def test_a_crash_shows_a_friendly_500_without_a_stack_trace(app, caplog):
    def boom():
        raise RuntimeError("secret internals")

    app.add_url_rule("/boom", "boom", boom)
    response = app.test_client().get("/boom")
    assert response.status_code == 500
    page = text_of(response)
    assert "Sorry, something went wrong on our side" in page
    assert "secret internals" not in page and "Traceback" not in page


def test_jumping_to_the_summary_by_url_sends_the_patient_back(started, client):
    response = client.get("/summary")
    assert response.location == "/page/sleep-pattern"
    assert "Please answer this page first" in text_of(client.get(response.location))


def test_patient_html_is_escaped_in_the_download_and_on_every_page(wizard, client):
    nasty = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
    wizard.walk({**MINIMAL_ANSWERS, "visit-goal": {"visit_goal": nasty},
                 "medicines": {"medicine_list-0-name": nasty[:90]},
                 "your-questions": {"own_questions": nasty}})
    for path in ("/check", "/talking-points", "/summary", "/page/visit-goal",
                 "/page/medicines"):
        page = text_of(client.get(path))
        assert "<script>alert(2)" not in page and "<img src=x" not in page, path
    download = client.get("/download")
    assert download.mimetype == "application/json"
    assert download.headers["X-Content-Type-Options"] == "nosniff"


PAGE_TYPES = ["/", "/page/about-you", "/check", "/talking-points", "/summary", "/delete",
              "/resume", "/download", "/nowhere", "/static/style.css", "/static/app.js"]


@pytest.mark.parametrize("path", PAGE_TYPES)
def test_security_headers_on_every_page_type(wizard, client, path):
    wizard.walk(MINIMAL_ANSWERS)
    response = client.get(path)
    response.close()
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, (path, name)
    policy = response.headers["Content-Security-Policy"]
    for part in ("default-src 'self'", "frame-ancestors 'none'", "form-action 'self'",
                 "base-uri 'none'"):
        assert part in policy
    assert "unsafe-inline" not in policy


def test_pages_have_no_inline_script_or_style(wizard, client):
    wizard.walk(MINIMAL_ANSWERS)
    for path in ("/", "/page/about-you", "/check", "/talking-points", "/summary"):
        page = text_of(client.get(path))
        assert "<script>" not in page and "<style" not in page and " style=" not in page
        assert " onclick=" not in page
