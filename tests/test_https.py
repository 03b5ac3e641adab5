"""Behind HTTPS: forms work from the app's own pages and from nowhere else, and HSTS is sent.

Over https, Flask-WTF refuses a POST whose Referer is not one of the app's own pages
(WTF_CSRF_SSL_STRICT, kept on). The app's ``same-origin`` referrer policy lets browsers
send that Referer, and only to the app. Chromium against gunicorn serving TLS is in
browser/test_https.py.
"""

from __future__ import annotations

import io
import json

import pytest
from conftest import CSRF_FIELD, FIXTURES, make_app

SITE = "https://clinic.example"
HSTS = "max-age=31536000; includeSubDomains"


class Patient:
    """A patient's browser on ``site``: each POST carries the Referer ``referrer`` gives it."""

    def __init__(self, app, site: str = SITE, **headers: str) -> None:
        self.client = app.test_client()
        self.site = site
        self.headers = headers

    def get(self, path: str):
        return self.client.get(path, base_url=self.site, headers=self.headers)

    def submit(self, path: str, data: dict, referrer: str | None):
        token = CSRF_FIELD.search(self.get(path).get_data(as_text=True)).group(1)
        headers = dict(self.headers)
        if referrer is not None:
            headers["Referer"] = referrer
        return self.client.post(path, base_url=self.site, headers=headers,
                                data={"csrf_token": token, **data})

    def saved_answers(self) -> dict:
        return json.loads(self.get("/download").get_data(as_text=True))["answers"]


@pytest.fixture
def https_app(tmp_path, request):
    return make_app(tmp_path, "embedded", request, HTTPS=True)


def test_pages_send_a_same_origin_referrer_policy_and_hsts_over_https(https_app):
    page = Patient(https_app).get("/page/about-you")
    assert page.headers["Referrer-Policy"] == "same-origin"
    assert '<meta name="referrer" content="same-origin">' in page.get_data(as_text=True)
    assert "no-referrer" not in page.get_data(as_text=True)
    assert page.headers["Strict-Transport-Security"] == HSTS


def test_no_hsts_when_the_app_is_not_served_over_https(app, client):
    page = client.get("/")
    assert "Strict-Transport-Security" not in page.headers
    assert page.headers["Referrer-Policy"] == "same-origin"


def test_a_form_from_the_apps_own_page_is_saved_over_https(https_app):
    patient = Patient(https_app)
    response = patient.submit("/page/about-you", {"age_band": "age_65_plus"},
                              referrer=f"{SITE}/page/about-you")
    assert response.status_code == 302 and response.location == "/page/visit-goal"
    assert patient.saved_answers() == {"age_band": "age_65_plus"}
    cookie = patient.client.get_cookie("session", domain="clinic.example")
    assert cookie.secure and cookie.http_only


@pytest.mark.parametrize("referrer", [
    None,                                       # what no-referrer made browsers send
    "https://attacker.example/page/about-you",  # another site
    "http://clinic.example/page/about-you",     # the same name over plain http
    "https://clinic.example:8443/page/about-you",  # another port
    "https://clinic.example.attacker.example/",
])
def test_a_form_from_anywhere_else_is_refused_and_nothing_is_saved(https_app, referrer, caplog):
    patient = Patient(https_app)
    response = patient.submit("/page/about-you", {"age_band": "age_65_plus"}, referrer)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "This form could not be sent safely" in page
    assert "Your saved answers are safe" in page and 'href="/page/about-you"' in page
    assert response.headers["Strict-Transport-Security"] == HSTS
    assert patient.saved_answers() == {}
    assert "Form refused on /page/about-you: The referrer" in caplog.text
    assert "age_65_plus" not in caplog.text


def test_delete_and_resume_from_another_site_are_refused_and_change_nothing(https_app):
    patient = Patient(https_app)
    patient.submit("/page/about-you", {"age_band": "under_40"}, f"{SITE}/page/about-you")
    answers_file = (FIXTURES / "patients" / "young_adult_few_weeks.json").read_bytes()
    for path, data in [("/delete", {}),
                       ("/resume", {"answers_file": (io.BytesIO(answers_file), "a.json")})]:
        refused = patient.submit(path, data, referrer="https://attacker.example/")
        assert refused.status_code == 400, path
        assert patient.saved_answers() == {"age_band": "under_40"}, f"a refused {path} acted"
    deleted = patient.submit("/delete", {}, referrer=f"{SITE}/delete")
    assert deleted.status_code == 302 and patient.saved_answers() == {}
