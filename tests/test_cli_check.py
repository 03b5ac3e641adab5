"""`flask check`: a one-line OK, or every problem with its line and exit 1; the app refuses too."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, QUESTIONS, ROOT

from webapp import QuestionnaireError, create_app
from webapp.web.cli import check_command

QUESTIONNAIRES = FIXTURES / "questionnaires"
BROKEN = QUESTIONNAIRES / "three_mistakes.yaml"
BROKEN_LINES = [
    "  [line 12, pages[0].questions[0].requried] Unknown key 'requried' in a question.",
    "  [line 19, pages[0].questions[1].options[0].value] Each option needs a 'value'",
    "  [line 29, talking_points[0].source] Unknown source 'guide-2021'.",
]


def check(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(check_command, list(args), env=env)


def summary_line(path, questionnaire) -> str:
    return (f"{path}: OK. {len(questionnaire.pages)} pages, "
            f"{len(questionnaire.all_questions)} questions, "
            f"{len(questionnaire.instruments)} scored instruments, "
            f"{len(questionnaire.talking_points)} talking points, "
            f"{len(questionnaire.medicines)} medicines; "
            "every text passed the wording guardrail.")


def assert_lists_every_problem(text: str) -> None:
    lines = text.splitlines()
    assert lines[0] == f"{BROKEN}: 3 problems to fix before the app can use this file:"
    assert len(lines) == 4
    for line, start in zip(lines[1:], BROKEN_LINES, strict=True):
        assert line.startswith(start)


def test_shipped_file_passes_with_a_one_line_summary(questionnaire):
    """One line for the file, then one for each translation catalog it checked."""
    result = check(str(QUESTIONS))
    assert result.exit_code == 0
    first, *catalogs = result.stdout.splitlines()
    assert first == summary_line(QUESTIONS, questionnaire)
    assert [line.split("/translations/")[1] for line in catalogs] == [
        "es/LC_MESSAGES/messages.po: OK; every translated text passed the wording rule of "
        "its language (es)."]
    assert result.stderr == ""


def test_without_a_file_it_checks_the_apps_questions_yaml(monkeypatch, questionnaire):
    monkeypatch.delenv("QUESTIONS_FILE", raising=False)
    result = check()
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == summary_line(QUESTIONS, questionnaire)


def test_without_a_file_it_follows_the_questions_file_setting(monkeypatch):
    monkeypatch.setenv("QUESTIONS_FILE", str(BROKEN))
    result = check()
    assert result.exit_code == 1
    assert_lists_every_problem(result.stderr)


def test_a_small_valid_file_reports_its_counts():
    path = QUESTIONNAIRES / "minimal.yaml"
    result = check(str(path))
    assert result.exit_code == 0
    assert result.stdout.startswith(f"{path}: OK. 4 pages, 8 questions, 1 scored instrument")
    assert result.stdout.endswith(" 3 medicines; every text passed the wording guardrail.\n")


def test_a_broken_file_exits_1_listing_every_problem_with_its_line():
    result = check(str(BROKEN))
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert result.stdout == ""
    assert_lists_every_problem(result.stderr)


@pytest.mark.parametrize(("fixture", "count", "first"), [
    ("bad_instruments.yaml", 6, "  [line 8, pages[0].when.score] Page 'intro' depends on"),
    ("bad_talking_points.yaml", 7, "  [line 11, medicines[1].class] Unknown medicine class"),
])
def test_other_broken_files_list_all_their_problems(fixture, count, first):
    result = check(str(QUESTIONNAIRES / fixture))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].endswith(f"{fixture}: {count} problems to fix before the app can use "
                             "this file:")
    assert len(lines) == count + 1 and lines[1].startswith(first)
    assert all(line.startswith("  [line ") for line in lines[1:])


def test_invalid_yaml_is_one_problem_with_its_line(tmp_path):
    path = tmp_path / "questions.yaml"
    path.write_text("pages:\n  - id: p\n    title: Sleep: how it goes\n", encoding="utf-8")
    result = check(str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{path}: 1 problem to fix before the app can use this file:",
        "  [line 3, (top level)] This is not valid YAML: mapping values are not allowed here. "
        "Check indentation and quotes near this line."]


def test_a_missing_file_is_one_problem_not_a_traceback(tmp_path):
    result = check(str(tmp_path / "nowhere.yaml"))
    assert result.exit_code == 1
    assert "1 problem to fix" in result.stderr
    assert "Cannot read the file" in result.stderr
    assert isinstance(result.exception, SystemExit)  # a deliberate exit, not a crash


def test_the_flask_command_runs_even_when_the_apps_file_is_broken():
    env = {"PATH": "/usr/bin:/bin", "QUESTIONS_FILE": str(BROKEN)}
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "webapp", "check"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert_lists_every_problem(done.stderr)

    ok = subprocess.run([sys.executable, "-m", "flask", "--app", "webapp", "check",
                         str(QUESTIONNAIRES / "minimal.yaml")],
                        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0 and ": OK. 4 pages, 8 questions" in ok.stdout


def test_the_app_refuses_to_start_with_the_same_list(tmp_path):
    with pytest.raises(QuestionnaireError) as caught:
        create_app({"QUESTIONS_FILE": str(BROKEN), "INSTANCE_PATH": str(tmp_path),
                    "SECRET_KEY": "test"})
    assert_lists_every_problem(caught.value.report())
    assert str(caught.value) == caught.value.report()
    assert caught.value.report() + "\n" == check(str(BROKEN)).stderr


def test_the_app_starts_on_a_valid_file(tmp_path):
    app = create_app({"QUESTIONS_FILE": str(QUESTIONNAIRES / "minimal.yaml"),
                      "INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "test", "TESTING": True})
    assert [page.id for page in app.extensions["questionnaire"].pages] == [
        "sleep", "worry", "medicines", "goal-page"]


def check_in_a_bounded_process(path) -> subprocess.CompletedProcess:
    """``flask check PATH`` in a child limited to 1 GB of memory and 30 seconds."""
    import resource

    def cap_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    return subprocess.run([sys.executable, "-m", "flask", "--app", "webapp", "check", str(path)],
                          cwd=ROOT, env={"PATH": "/usr/bin:/bin"}, capture_output=True,
                          text=True, timeout=30, preexec_fn=cap_memory)


@pytest.mark.parametrize("text, message", [
    ((QUESTIONNAIRES / "billion_laughs.yaml").read_text(encoding="utf-8"),
     "once its aliases (*name) are repeated out"),
    ("pages: &a [*a]\n", "is used inside the block its anchor &a names"),
    ("pages: " + "[" * 10_000 + "]" * 10_000 + "\n", "nested more than 50 levels deep"),
], ids=["billion-laughs", "self-reference", "deep-nesting"])
def test_a_file_built_to_exhaust_the_loader_is_one_problem_and_exit_1(tmp_path, text, message):
    path = tmp_path / "questions.yaml"
    path.write_text(text, encoding="utf-8")
    done = check_in_a_bounded_process(path)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr[-2000:]
    assert done.stderr.splitlines()[0] == \
        f"{path}: 1 problem to fix before the app can use this file:"
    assert message in done.stderr


def test_a_device_a_pipe_or_a_huge_file_is_refused_without_reading_it(tmp_path):
    import os

    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)
    huge = tmp_path / "huge.yaml"
    huge.write_text("# padding\n" * 300_000, encoding="utf-8")  # 3 MB
    for path, reason in ((pipe, "This is not a regular file"),
                         ("/dev/zero", "This is not a regular file"),
                         (huge, "This file is larger than 2 MB")):
        done = check_in_a_bounded_process(path)  # a pipe would hang, /dev/zero fill memory
        assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr[-2000:]
        assert f"Cannot read the file. {reason}" in done.stderr
