"""The printable summary and `flask summary`, for realistic patients."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, ROOT

from webapp.engine.answer_file import read_answers
from webapp.engine.sheet_text import summary_as_text
from webapp.engine.summary import OWN_WORDS, build_summary
from webapp.web.cli import summary_command

PATIENTS = FIXTURES / "patients"


def patient(name: str, questionnaire) -> dict:
    read = read_answers((PATIENTS / f"{name}.json").read_bytes(), questionnaire)
    assert read.problems == []
    return read.answers


def run_summary(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(summary_command, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_older_adult_summary_puts_safety_first_and_names_every_medicine(questionnaire):
    summary = build_summary(questionnaire, patient("older_adult_benzo_opioid", questionnaire),
                            today=date(2026, 11, 21))
    ids = [point.id for point in summary.talking_points]
    assert ids == [
        "opioid-with-sedative", "alcohol-with-sedating-medicine", "stopping-safely",
        "grogginess-and-driving", "memory-or-falls-older", "older-adult-benzodiazepine-or-z-drug",
        "long-term-use", "anxiety-and-sleep", "sleep-apnea-signs", "chronic-insomnia",
        "sleep-habits",
    ]
    meds = {m.typed: m for m in summary.medicines}
    assert meds["Klonopin 0.5mg"].recognised_as == "clonazepam"
    assert meds["Klonopin 0.5mg"].classes == ("Benzodiazepine",)
    assert meds["oxycodone"].classes == ("Opioid",)
    assert meds["Lisinopril"].recognised_as == "lisinopril", "a common medicine is recognized"
    assert meds["Lisinopril"].classes == ("Other medicine",)
    scores = {s.instrument.id: s.text for s in summary.scores}
    assert scores["gad7"] == ("score 6 of 21; the scale's authors call this range mild; "
                              "below the published cut-off of 10 or more; "
                              "a screening score, not a diagnosis")
    assert scores["auditc"].startswith("score 5 of 12;")
    assert summary.main_concern.startswith("I have taken Klonopin for years")
    assert "Is it OK that I have a glass of wine at night?" in summary.own_words


def test_young_adult_gets_no_alarming_point(questionnaire):
    summary = build_summary(questionnaire, patient("young_adult_few_weeks", questionnaire))
    assert [p.id for p in summary.talking_points] == ["nothing-flagged"]
    assert not any(p.is_safety for p in summary.talking_points)
    assert summary.medicines == ()


def test_left_out_points_are_not_printed(questionnaire):
    answers = patient("older_adult_benzo_opioid", questionnaire)
    summary = build_summary(questionnaire, answers, left_out={"chronic-insomnia"})
    assert "chronic-insomnia" not in [p.id for p in summary.talking_points]
    assert [p.id for p in summary.left_out] == ["chronic-insomnia"]


def test_text_summary_quotes_the_patients_own_words(questionnaire):
    text = summary_as_text(build_summary(questionnaire,
                                         patient("older_adult_benzo_opioid", questionnaire)))
    assert '"I have taken Klonopin for years' in text
    assert 'In my own words: "Is it OK that I have a glass of wine at night?"' in text
    assert '"Lisinopril" (lisinopril; Other medicine)' in text
    assert text.index("[safety]") < text.index("CBT-I")


@pytest.mark.parametrize("name", ["older_adult_benzo_opioid", "young_adult_few_weeks"])
@pytest.mark.parametrize("fmt", ["text", "json", "html"])
def test_summary_command_renders_every_format(name, fmt):
    code, out, err = run_summary(str(PATIENTS / f"{name}.json"), "--format", fmt)
    assert code == 0, err
    assert err == ""
    if fmt == "json":
        data = json.loads(out)
        assert data["disclaimer"].startswith("This is not medical advice.")
        assert data["talking_points"][0]["source"]
    elif fmt == "html":
        assert out.lstrip().startswith("<!doctype html>")
        assert "What I want to raise, in order</h2>" in out
    else:
        assert "What I want to raise, in order" in out and "988" in out


def test_summary_command_lists_answers_it_cannot_use(tmp_path: Path):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"format": "before-the-visit/answers", "version": 1,
                                "answers": {"nights_a_week": 9, "retired_question": "x",
                                            "age_band": "under_40"}}))
    code, out, err = run_summary(str(path), "--format", "json")
    assert code == 0
    assert "\u201cBad nights a week\u201d was not used: Enter a number from 0 to 7." in err
    assert "('retired_question') was not used" in err
    assert json.loads(out)["at_a_glance"]["Age"] == ["Under 40"]


@pytest.mark.parametrize("content, message", [
    (b"\xff\xfe not text", "it is not text"),
    (b"{not json", "it could not be read"),
    (b'{"format": "something-else", "version": 1, "answers": {}}', "not a Before the Visit"),
    (b'{"format": "before-the-visit/answers", "version": 7, "answers": {}}', "version 7"),
    (b'{"format": "before-the-visit/answers", "version": 1, "answers": [1]}', "no answers"),
    (b'{"format": "before-the-visit/answers", "version": 1, "answers": {"x": NaN}}',
     "could not be read"),
])
def test_summary_command_refuses_files_that_are_not_answers(tmp_path, content, message):
    path = tmp_path / "answers.json"
    path.write_bytes(content)
    code, out, err = run_summary(str(path))
    assert code == 1
    assert message in err
    assert out == ""


@pytest.mark.parametrize("name", ["older_adult_benzo_opioid", "young_adult_few_weeks"])
def test_every_text_the_summary_writes_passes_the_guardrail(name, questionnaire):
    from webapp.engine.guardrail import check_texts
    from webapp.engine.sheet_text import authored_texts

    summary = build_summary(questionnaire, patient(name, questionnaire))
    texts = authored_texts(summary)
    assert len(texts) > 10
    assert check_texts(texts, questionnaire.wording_names) == []


# --- files no clinic meant to give it, and text a terminal would act on --------------


def summary_in_a_bounded_process(path) -> subprocess.CompletedProcess:
    """``flask summary PATH`` in a child limited to 1 GB of memory and 30 seconds."""
    def cap_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    return subprocess.run([sys.executable, "-m", "flask", "--app", "webapp", "summary",
                           str(path)], cwd=ROOT, env={"PATH": "/usr/bin:/bin"},
                          capture_output=True, text=True, timeout=30, preexec_fn=cap_memory)


def test_a_pipe_a_device_or_a_huge_file_is_refused_without_reading_it(tmp_path):
    pipe = tmp_path / "answers.json"
    os.mkfifo(pipe)  # reading it would wait for a writer forever
    huge = tmp_path / "huge.json"
    huge.write_bytes(b" " * 200_001)
    for path, message in ((pipe, "This is not a regular file"),
                          ("/dev/zero", "This is not a regular file"),  # it never ends
                          (huge, "This file is larger than 200 KB")):
        done = summary_in_a_bounded_process(path)
        assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr[-2000:]
        assert done.stderr.startswith(f"{path}: {message}") and done.stdout == ""


#: What a terminal would act on: clear the screen, colours, a carriage return that
#: rewrites the line, a C1 "CSI", and bidi overrides that reverse what follows.
CONTROLS = ["\x1b[2J", "\x1b]0;title\x07", "\r", "\x9b31m", "\u202e", "\u2066", "\u200f"]


@pytest.mark.parametrize("fmt", ["text", "json", "html"])
def test_nothing_printed_holds_a_terminal_control(tmp_path, questionnaire, fmt):
    own = "Is this safe?\r\u202e\u2066\u200f"  # what answer_problem lets through
    row = {"name": "Xanax\rTake 4 tablets", "purpose": "sleep\u202eevif ekat"}
    answers = {"own_questions": own, "visit_goal": "Sleep \u202ebetter\u202c",
               "medicine_list": [row], "tried_already": "\x1b[31mred", "\x1b[2Jretired": "x"}
    unknown_key = {"medicine_list": [{"name": "Xanax", "\x1b[2J\u202ekey": "x"}]}
    outputs = []
    for number, content in enumerate((answers, unknown_key)):
        path = tmp_path / f"answers-{number}.json"
        path.write_text(json.dumps({"format": "before-the-visit/answers", "version": 1,
                                    "answers": content}), encoding="utf-8")
        code, out, err = run_summary(str(path), "--format", fmt)
        assert code == 0, err
        for text in (out, err):
            assert not any(control in text for control in CONTROLS + ["\x1b", "\x07"]), text
        outputs.append((out, err))
    (out, err), (_, key_err) = outputs
    assert "retired" in err and "\u201cMore about what I tried\u201d was not used" in err
    assert "unknown detail: '\\x1b[2J\\u202ekey'" in key_err
    if fmt == "json":
        json.loads(out)  # still JSON: controls are written as \\u escapes
    if fmt == "text":
        assert f'{OWN_WORDS}: "Is this safe?\\u000d\\u202e\\u2066\\u200f"' in out
        assert '"Xanax\\u000dTake 4 tablets"' in out


@pytest.mark.parametrize("answers, code, message", [
    ('{"caffeine_drinks": 1' + "0" * 5000 + "}", 1, "a number of more than 30 digits"),
    ('{"caffeine_drinks": 100000000000000000000}', 0,
     "\u201cCaffeine drinks a day\u201d was not used: Enter a number"),
    ('{"caffeine_drinks": 1e400}', 0,
     "\u201cCaffeine drinks a day\u201d was not used: Enter a number"),
    ('{"tried_already": "a \\ud800 b"}', 0, "was not used: This answer has characters"),
    ('{"medicine_list": [{"name": "X", "\\udfff": "y"}]}', 0, r"unknown detail: '\udfff'"),
    ('{"\\ud800": "x"}', 0, r"('\ud800') was not used"),
], ids=["5000-digits", "1e20", "1e400", "surrogate-text", "surrogate-key", "surrogate-id"])
def test_summary_command_refuses_numbers_and_text_no_page_could_show(tmp_path, answers, code,
                                                                     message):
    path = tmp_path / "answers.json"
    path.write_text('{"format": "before-the-visit/answers", "version": 1, "answers": '
                    + answers + "}", encoding="utf-8")
    exit_code, out, err = run_summary(str(path))
    assert (exit_code, message in err) == (code, True), err
    assert "Traceback" not in err
    (out + err).encode("utf-8")
