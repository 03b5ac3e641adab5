"""Session ids: born fresh when a patient first saves, never reusable by whoever planted one;
a visitor who only looks leaves nothing in the store."""

from __future__ import annotations

import io
import json

import pytest
from conftest import CSRF_FIELD, MINIMAL_ANSWERS, Wizard
from flask import session

#: Pages with a form: each GET of one used to store a session for its CSRF secret.
FORM_PAGES = ["/", "/page/about-you", "/resume", "/delete"]


def rows_in_store(app) -> int:
    """How many sessions the store holds, whatever their contents."""
    if app.config["SESSION_TYPE"] == "redis":
        prefix = app.config["SESSION_KEY_PREFIX"]
        return sum(1 for _ in app.config["SESSION_REDIS"].scan_iter(f"{prefix}*"))
    return app.config["SESSION_CACHELIB"].count()


def plant(victim, attacker) -> None:
    """Copy every cookie of the attacker's browser into the victim's (a shared computer)."""
    for name in ("session", "visit"):
        cookie = attacker.get_cookie(name)
        if cookie is not None:
            victim.set_cookie(name, cookie.value)


def answers_seen_by(attacker) -> str:
    """Everything the attacker's browser can read back: the check page and both downloads."""
    return "".join(attacker.get(path).get_data(as_text=True)
                   for path in ("/check", "/download", "/download/fhir"))


def test_a_visitor_who_only_looks_leaves_nothing_in_the_store(any_store_app):
    looker = any_store_app.test_client(use_cookies=False)
    for number in range(100):  # a row left by any one of them would be counted below
        response = looker.get(FORM_PAGES[number % len(FORM_PAGES)])
        assert response.status_code == 200
    assert rows_in_store(any_store_app) == 0
    patient = any_store_app.test_client()
    response = Wizard(patient).answer("about-you", {"age_band": "age_65_plus"})
    assert response.location == "/page/visit-goal", "the first page still saves"
    assert rows_in_store(any_store_app) == 1
    assert 'value="age_65_plus" checked' in patient.get("/page/about-you").get_data(as_text=True)


def test_a_post_without_the_token_of_this_browser_is_still_refused(any_store_app):
    """The CSRF secret of a visitor who saved nothing yet is as strong as a stored one."""
    victim = any_store_app.test_client()
    attacker = any_store_app.test_client()
    Wizard(victim).token("/page/about-you")  # the victim has a form open
    token = Wizard(attacker).token("/page/about-you")  # a valid token, of another browser
    response = victim.post("/page/about-you", data={"csrf_token": token,
                                                    "age_band": "under_40"})
    assert response.status_code == 400
    assert "This page timed out" in response.get_data(as_text=True)
    no_cookies = any_store_app.test_client(use_cookies=False)
    response = no_cookies.post("/page/about-you", data={"csrf_token": token,
                                                        "age_band": "under_40"})
    assert response.status_code == 400
    assert rows_in_store(any_store_app) == 0


@pytest.mark.parametrize("attacker_did", ["looked", "made up an id"])
def test_an_id_planted_on_a_shared_computer_never_reads_the_next_patients_answers(
        any_store_app, attacker_did):
    attacker = any_store_app.test_client()
    if attacker_did == "looked":
        for path in FORM_PAGES:
            attacker.get(path)
    else:
        attacker.set_cookie("session", "attacker-chosen-id-0123456789abcdef")
    patient = any_store_app.test_client()
    plant(patient, attacker)
    patient.get("/page/about-you", follow_redirects=True)  # the patient arrives
    marker = "Planted-marker-5e1d"
    assert Wizard(patient).walk({**MINIMAL_ANSWERS,
                                 "visit-goal": {"visit_goal": marker}}) == "/check"
    assert marker in patient.get("/check").get_data(as_text=True)
    assert patient.get_cookie("session").value != (attacker.get_cookie("session").value
                                                   if attacker.get_cookie("session") else None)
    seen = answers_seen_by(attacker)
    assert marker not in seen and "I have trouble falling asleep" not in seen


def test_loading_a_saved_file_issues_a_new_session_id(any_store_app):
    client = any_store_app.test_client()
    wizard = Wizard(client)
    wizard.answer("about-you", {"age_band": "under_40"})
    before = client.get_cookie("session").value
    content = json.dumps({"format": "before-the-visit/answers", "version": 1,
                          "answers": {"age_band": "age_65_plus", "visit_goal": "From file"}})
    response = wizard.submit("/resume", {"answers_file": (io.BytesIO(content.encode()),
                                                          "answers.json")},
                             content_type="multipart/form-data")
    assert response.status_code == 302
    after = client.get_cookie("session").value
    assert after != before
    old = any_store_app.test_client()
    old.set_cookie("session", before)
    assert "From file" not in answers_seen_by(old), "the old id reads nothing"
    assert "From file" in client.get("/page/visit-goal").get_data(as_text=True)


def test_the_id_is_issued_once_and_kept_while_the_patient_answers(any_store_app):
    client = any_store_app.test_client()
    wizard = Wizard(client)
    wizard.token("/page/about-you")
    assert client.get_cookie("session") is None, "no id before anything is saved"
    wizard.answer("about-you", {"age_band": "under_40"})
    first = client.get_cookie("session").value
    wizard.answer("visit-goal", {"visit_goal": "Rest"})
    assert client.get_cookie("session").value == first
    assert rows_in_store(any_store_app) == 1


def test_a_message_shown_after_deleting_leaves_no_row(any_store_app):
    client = any_store_app.test_client()
    wizard = Wizard(client)
    wizard.answer("about-you", {"age_band": "under_40"})
    wizard.submit("/delete")
    assert rows_in_store(any_store_app) == 0
    start = client.get("/").get_data(as_text=True)
    assert "Your answers have been deleted" in start
    assert "Your answers have been deleted" not in client.get("/").get_data(as_text=True)
    assert rows_in_store(any_store_app) == 0


def test_the_form_secret_cookie_is_signed_and_private(any_store_app):
    client = any_store_app.test_client()
    html = client.get("/page/about-you").get_data(as_text=True)
    assert CSRF_FIELD.search(html)
    cookie = client.get_cookie("visit")
    assert cookie.http_only and cookie.same_site == "Lax"
    client.set_cookie("visit", cookie.value[:-3] + "xyz")  # tampered: ignored, a new secret
    token = Wizard(client).token("/page/about-you")
    response = client.post("/page/about-you", data={"csrf_token": token,
                                                    "age_band": "under_40"})
    assert response.location == "/page/visit-goal"


def test_every_response_that_depends_on_the_session_varies_on_the_cookie_once(app):
    """A shared cache must never give one patient's page to another: each page that read
    the session says ``Vary: Cookie``, once, and keeps what else a view varied on."""

    @app.get("/test-varies")
    def varies():
        response = app.make_response(str(session.get("answers")))
        response.vary.add("Accept-Encoding")
        return response

    client = app.test_client()
    page = client.get("/page/about-you")
    token = CSRF_FIELD.search(page.get_data(as_text=True)).group(1)
    saved = client.post("/page/about-you", data={"csrf_token": token,
                                                 "age_band": "age_65_plus"})
    assert "Set-Cookie" in saved.headers  # the session id: _set_cookie and save_session
    for response in (page, saved, client.get("/check"), client.get("/delete")):
        assert response.headers.getlist("Vary") == ["Cookie"], response.request.path
    assert client.get("/test-varies").headers.getlist("Vary") == ["Accept-Encoding, Cookie"]
