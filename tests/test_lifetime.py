"""How long answers are kept: a setting that would keep them forever stops the app starting."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from textwrap import dedent

import pytest
from conftest import QUESTIONS, ROOT

from webapp import create_app
from webapp.engine.lifetime import answers_lifetime, lifetime_text
from webapp.engine.loader import parse_questionnaire
from webapp.engine.problems import QuestionnaireError
from webapp.engine.startup import REFUSED_TO_START, SettingError

#: Values of BTV_ANSWERS_LIFETIME_HOURS as a clinic might mistype them.
REFUSED = ["0", "0.0001", "-1", "-0.5", "NaN", "Infinity", "-Infinity", "1e999", "twelve",
           "12h", "true", "[12]", "169", "100000"]


def app_with(tmp_path, monkeypatch, hours: str):
    monkeypatch.setenv("BTV_ANSWERS_LIFETIME_HOURS", hours)
    return create_app({"TESTING": True, "SECRET_KEY": "t", "QUESTIONS_FILE": str(QUESTIONS),
                       "INSTANCE_PATH": str(tmp_path)})


@pytest.mark.parametrize("hours", REFUSED)
def test_a_lifetime_that_would_never_expire_stops_the_app_starting(tmp_path, monkeypatch,
                                                                   capsys, hours):
    with pytest.raises(SystemExit) as stopped:
        app_with(tmp_path, monkeypatch, hours)
    assert stopped.value.code == REFUSED_TO_START
    error = capsys.readouterr().err
    assert error.startswith("Before the Visit cannot start: BTV_ANSWERS_LIFETIME_HOURS must be "
                            "a number of hours from 0.1 (6 minutes) to 168 (7 days); it is ")
    assert error.count("\n") == 1
    with pytest.raises(SettingError):
        answers_lifetime(hours, "BTV_ANSWERS_LIFETIME_HOURS")


@pytest.mark.parametrize("hours, lifetime, words", [
    ("0.1", timedelta(minutes=6), "6 minutes"), ("0.5", timedelta(minutes=30), "30 minutes"),
    ("1", timedelta(hours=1), "1 hour"), ("12", timedelta(hours=12), "12 hours"),
    ("1.5", timedelta(minutes=90), "1.5 hours"), ("168", timedelta(days=7), "168 hours"),
    ("", timedelta(hours=12), "12 hours"),  # empty: questions.yaml's session_hours
])
def test_the_start_page_states_the_lifetime_in_use(tmp_path, monkeypatch, hours, lifetime,
                                                   words):
    app = app_with(tmp_path, monkeypatch, hours)
    assert app.permanent_session_lifetime == lifetime
    start = app.test_client().get("/").get_data(as_text=True)
    assert f"{words} after your last click." in start


def test_lifetime_words():
    assert lifetime_text(timedelta(minutes=1)) == "1 minute"
    assert lifetime_text(timedelta(hours=2, minutes=20)) == "2.33 hours"


def test_the_refusal_is_one_readable_line_when_the_app_is_started(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "BTV_ANSWERS_LIFETIME_HOURS": "-1",
           "BTV_INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "t"}
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "webapp", "routes"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == REFUSED_TO_START
    assert ("Before the Visit cannot start: BTV_ANSWERS_LIFETIME_HOURS must be a number of "
            "hours from 0.1 (6 minutes) to 168 (7 days); it is -1.") in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("hours", ["0", "-1", ".nan", ".inf", "0.01", "169", '"12"', "true"])
def test_session_hours_in_questions_yaml_is_checked_the_same_way(hours):
    text = dedent(f"""\
        settings: {{session_hours: {hours}, version: "1"}}
        pages:
          - id: p
            title: P
            questions:
              - {{id: q, type: yes_no, label: Q}}
        """)
    with pytest.raises(QuestionnaireError) as caught:
        parse_questionnaire(text)
    assert [(p.line, p.message) for p in caught.value.problems if "session_hours" in p.message] \
        == [(1, "'session_hours' must be a number of hours from 0.1 (6 minutes) to 168 "
                "(7 days).")]
