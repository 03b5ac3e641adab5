"""Behind HTTPS: forms work from the app's own pages and from nowhere else, and HSTS is sent.

Over https, Flask-WTF refuses a POST whose Referer is not one of the app's own pages
(WTF_CSRF_SSL_STRICT, kept on). The app's ``same-origin`` referrer policy lets browsers
send that Referer, and only to the app. Behind a TLS-terminating proxy the app learns
that the request was https from the X-Forwarded-* headers of the proxies it is told to
trust (BTV_TRUSTED_PROXIES), and of no one else. The real servers (gunicorn serving
TLS, nginx in front of gunicorn) are in test_https_proxy.py and browser/test_https.py.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest
from conftest import CSRF_FIELD, FIXTURES, ROOT, make_app

from webapp import create_app
from webapp.engine.startup import REFUSED_TO_START, SettingError
from webapp.web.https import trusted_proxies

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


# --- Behind a proxy: BTV_TRUSTED_PROXIES ------------------------------------------------

#: What the README's nginx sends gunicorn for https://clinic.example/ (its port 443).
FORWARDED = {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https",
             "X-Forwarded-Host": "clinic.example", "X-Forwarded-Port": "443"}


def behind_proxy(app) -> Patient:
    """A patient at https://clinic.example, reaching the app through a proxy on plain http."""
    return Patient(app, site="http://127.0.0.1:8000", **FORWARDED)


def test_behind_a_trusted_proxy_the_app_checks_the_https_address_the_patient_sees(
        tmp_path, request):
    app = make_app(tmp_path, "embedded", request, HTTPS=True, TRUSTED_PROXIES=1)
    patient = behind_proxy(app)
    saved = patient.submit("/page/about-you", {"age_band": "under_40"},
                           referrer="https://clinic.example/page/about-you")
    assert saved.status_code == 302
    assert patient.saved_answers() == {"age_band": "under_40"}
    # The request is https to the app: the Referer check applies, against clinic.example.
    for referrer in (None, "http://127.0.0.1:8000/page/about-you"):
        refused = patient.submit("/page/about-you", {"age_band": "age_65_plus"}, referrer)
        assert refused.status_code == 400
    assert patient.saved_answers() == {"age_band": "under_40"}


def test_forwarded_headers_are_ignored_unless_proxies_are_trusted(tmp_path, request):
    """By default anyone could send X-Forwarded-*: the app believes none of it."""
    app = make_app(tmp_path, "embedded", request, HTTPS=True)
    assert app.config["TRUSTED_PROXIES"] == 0
    patient = behind_proxy(app)
    # Seen as plain http (what it is), so no https Referer check (the token still guards
    # the form): the same request through a trusted proxy is refused, as above.
    answered = patient.submit("/page/about-you", {"age_band": "under_40"}, referrer=None)
    assert answered.status_code == 302
    assert patient.saved_answers() == {"age_band": "under_40"}


@pytest.mark.parametrize("value, expected", [(None, 0), (0, 0), (1, 1), (2, 2), ("1", 1)])
def test_trusted_proxies_setting_takes_a_whole_number(value, expected):
    config = {} if value is None else {"TRUSTED_PROXIES": value}
    assert trusted_proxies(config) == expected


@pytest.mark.parametrize("value", [-1, 1.5, "one", "", True, [1]])
def test_a_trusted_proxies_value_that_is_not_a_whole_number_is_refused(value):
    with pytest.raises(SettingError, match="BTV_TRUSTED_PROXIES must be a whole number"):
        trusted_proxies({"TRUSTED_PROXIES": value})


@pytest.mark.parametrize("name, value, says", [
    ("BTV_TRUSTED_PROXIES", "-1", "BTV_TRUSTED_PROXIES must be a whole number"),
    ("BTV_TRUSTED_PROXIES", "two", "BTV_TRUSTED_PROXIES must be a whole number"),
    ("BTV_HTTPS", "yes", "BTV_HTTPS must be true or false"),
])
def test_a_bad_setting_stops_the_app_with_one_line(tmp_path, monkeypatch, capsys,
                                                   name, value, says):
    monkeypatch.setenv(name, value)
    with pytest.raises(SystemExit) as stopped:
        create_app({"SECRET_KEY": "x", "INSTANCE_PATH": str(tmp_path)})
    assert stopped.value.code == REFUSED_TO_START
    error = capsys.readouterr().err
    assert error.startswith(f"Before the Visit cannot start: {says}")
    assert error.count("\n") == 1 and value in error


def test_gunicorn_with_a_bad_setting_stops_at_once_with_one_line_and_no_traceback(tmp_path):
    """One worker: when several fail to boot at the same moment, gunicorn's master itself
    may print a HaltServer traceback after the app's line (a race in gunicorn)."""
    env = {**os.environ, "BTV_TRUSTED_PROXIES": "-1", "BTV_INSTANCE_PATH": str(tmp_path),
           "SECRET_KEY": "x"}
    ran = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--workers", "1", "--no-control-socket",
         "--bind", "127.0.0.1:0",
         "webapp:create_app()"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=30)
    output = ran.stdout + ran.stderr
    assert ran.returncode == REFUSED_TO_START, output
    assert "Traceback" not in output
    refusals = [line for line in output.splitlines()
                if line.startswith("Before the Visit cannot start:")]
    assert len(refusals) == 1, f"gunicorn restarted a worker that cannot start:\n{output}"
    assert "BTV_TRUSTED_PROXIES must be a whole number" in refusals[0]
    assert "Worker failed to boot" in output
