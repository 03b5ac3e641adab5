"""The CSRF token each page writes: signed once per session and remembered, still Flask-WTF's.

A remembered token must be exactly as good as a freshly signed one, and no better: it saves
this patient's answers, it never saves another patient's, and a forged one is refused.
"""

from __future__ import annotations

import itsdangerous.timed as timed
import pytest
from conftest import CSRF_FIELD, Wizard
from flask import Flask, render_template_string, session
from flask.testing import FlaskClient
from itsdangerous import URLSafeTimedSerializer

#: How the about-you page shows "65 or older" chosen.
CHOSEN = 'value="age_65_plus" checked'


def page_token(client: FlaskClient, path: str = "/page/about-you") -> str:
    found = CSRF_FIELD.search(client.get(path).get_data(as_text=True))
    assert found is not None, f"no token on {path}"
    return found.group(1)


@pytest.fixture
def ticking_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each signature is made a second after the last (as pages a patient reads are)."""
    clock = iter(range(1_000_000, 1_100_000))
    monkeypatch.setattr(timed.TimestampSigner, "get_timestamp", lambda self: next(clock))


@pytest.mark.usefixtures("ticking_clock")
def test_every_page_of_a_session_writes_the_token_signed_once(client: FlaskClient) -> None:
    tokens = {page_token(client, path) for path in
              ("/page/about-you", "/delete", "/page/about-you", "/delete")}
    assert len(tokens) == 1


@pytest.mark.usefixtures("ticking_clock")
def test_the_remembered_token_saves_the_answer(wizard: Wizard) -> None:
    first = page_token(wizard.client)
    again = page_token(wizard.client)
    assert again == first
    saved = wizard.client.post("/page/about-you", data={"csrf_token": again,
                                                       "age_band": "age_65_plus"})
    assert saved.status_code == 302 and "/page/about-you" not in saved.location
    assert CHOSEN in wizard.client.get("/page/about-you").get_data(as_text=True)


def test_two_patients_get_different_tokens_and_cannot_use_each_others(app: Flask) -> None:
    alice, bob = app.test_client(), app.test_client()
    alice_token, bob_token = page_token(alice), page_token(bob)
    assert alice_token != bob_token
    refused = bob.post("/page/about-you", data={"csrf_token": alice_token,
                                               "age_band": "age_65_plus"})
    assert refused.status_code == 400
    assert "This page timed out" in refused.get_data(as_text=True)
    assert CHOSEN not in bob.get("/page/about-you").get_data(as_text=True)


def test_a_token_with_a_forged_signature_is_refused(client: FlaskClient) -> None:
    genuine = page_token(client)
    value, _, signature = genuine.rpartition(".")
    forged = f"{value}.{signature[::-1]}"
    refused = client.post("/page/about-you", data={"csrf_token": forged,
                                                          "age_band": "age_65_plus"})
    assert refused.status_code == 400
    assert "This page timed out" in refused.get_data(as_text=True)


@pytest.mark.usefixtures("ticking_clock")
def test_with_a_time_limit_each_page_signs_afresh(app: Flask) -> None:
    """A clinic that sets a time limit gets Flask-WTF's own tokens, timestamped per page."""
    app.config["WTF_CSRF_TIME_LIMIT"] = 3600
    client = app.test_client()
    assert page_token(client) != page_token(client)


@pytest.mark.usefixtures("ticking_clock")
def test_a_page_template_gets_the_remembered_token_too(app: Flask) -> None:
    """Flask-WTF puts its own csrf_token into every template's context: ours wins there too,
    not only in the macros (which are imported without the context)."""
    client = app.test_client()
    first = page_token(client)
    with app.test_request_context("/"), client.session_transaction() as saved:
        session.update(saved)
        assert render_template_string("{{ csrf_token() }}") == first


@pytest.mark.usefixtures("ticking_clock")
def test_a_token_signed_at_another_time_for_the_same_session_still_saves(app: Flask) -> None:
    """A page signed before the app restarted carries another signature of the same secret:
    not the remembered token, and still as good."""
    client = app.test_client()
    remembered = page_token(client)
    with client.session_transaction() as saved:
        secret = saved["csrf_token"]
    earlier = URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token").dumps(secret)
    assert earlier != remembered
    saved_page = client.post("/page/about-you", data={"csrf_token": earlier,
                                                      "age_band": "age_65_plus"})
    assert saved_page.status_code == 302
    assert CHOSEN in client.get("/page/about-you").get_data(as_text=True)


def test_the_remembered_token_of_one_patient_saves_nothing_for_another(app: Flask) -> None:
    """Both patients' tokens are remembered; each is compared with the token of the session
    that sends it, never with any remembered one."""
    alice, bob = app.test_client(), app.test_client()
    alice_token, _ = page_token(alice), page_token(bob)
    refused = bob.post("/talking-points", data={"csrf_token": alice_token})
    assert refused.status_code == 400
    refused = bob.post("/delete", data={"csrf_token": alice_token})
    assert refused.status_code == 400 and "This page timed out" in refused.get_data(
        as_text=True)
