"""Command-line tools for clinics: ``flask check`` and ``flask summary``.

They are registered as Flask plugin commands (see pyproject.toml), so they run
even when questions.yaml is broken, which is exactly when ``check`` is needed.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import click

from ..engine.answer_file import MAX_BYTES, AnswerFileError, ReadAnswers, read_answers
from ..engine.catalog_texts import catalog_languages, catalog_path, catalog_problems
from ..engine.loader import load_questionnaire
from ..engine.local_file import FileRefused, read_small_file
from ..engine.problems import QuestionnaireError
from ..engine.questionnaire import Questionnaire
from ..engine.schema import schema_text
from ..engine.sheet_text import summary_as_dict, summary_as_text
from ..engine.summary import build_summary


def _load(file: str | None) -> tuple[Path, Questionnaire]:
    from .. import default_questions_file

    path = Path(file) if file else default_questions_file()
    try:
        return path, load_questionnaire(path)
    except QuestionnaireError as error:
        click.echo(error.report(), err=True)
        sys.exit(1)


@click.command("check")
@click.argument("file", required=False, type=click.Path(dir_okay=False))
def check_command(file: str | None) -> None:
    """Check FILE (default: the app's questions.yaml); list every problem with its line."""
    path, questionnaire = _load(file)
    counts = [(len(questionnaire.pages), "page"), (len(questionnaire.all_questions), "question"),
              (len(questionnaire.instruments), "scored instrument"),
              (len(questionnaire.talking_points), "talking point"),
              (len(questionnaire.medicines), "medicine")]
    parts = ", ".join(f"{n} {noun}{'' if n == 1 else 's'}" for n, noun in counts)
    click.echo(f"{path}: OK. {parts}; every text passed the wording guardrail.")
    from .. import default_questions_file

    # The catalogs translate the app's own questionnaire: another file has none.
    shipped = path.resolve() == default_questions_file().resolve()
    refused = False
    for code in catalog_languages() if shipped else []:
        problems = catalog_problems(code, questionnaire.wording_names)
        if problems:
            click.echo(QuestionnaireError(str(catalog_path(code)), problems).report(), err=True)
            refused = True
        else:
            click.echo(f"{catalog_path(code)}: OK; every translated text passed the "
                       f"wording rule of its language ({code}).")
    if refused:
        sys.exit(1)


@click.command("summary")
@click.argument("answers_file", type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "html", "json"]), default="text",
              show_default=True, help="How to print the summary.")
@click.option("--questions", "questions_file", type=click.Path(dir_okay=False),
              help="The questionnaire to use (default: the app's questions.yaml).")
def summary_command(answers_file: str, fmt: str, questions_file: str | None) -> None:
    """Print the summary for ANSWERS_FILE (a downloaded answers file)."""
    _, questionnaire = _load(questions_file)
    read = read_answers_or_exit(answers_file, questionnaire)
    summary = build_summary(questionnaire, read.answers)
    if fmt == "json":
        output = json.dumps(summary_as_dict(summary), ensure_ascii=False, indent=2) + "\n"
    elif fmt == "text":
        output = summary_as_text(summary)
    else:
        output = _summary_html(summary, questions_file) + "\n"
    click.echo(terminal_safe(output), nl=False)


#: Characters a terminal may act on instead of showing: control codes other than tab and
#: line feed (a carriage return rewrites the line), bidi marks, embeddings, overrides and
#: isolates (they reorder what follows), and halves of UTF-16 pairs.
TERMINAL_CONTROLS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
    "\ud800-\udfff]")


def read_answers_or_exit(answers_file: str, questionnaire: Questionnaire) -> ReadAnswers:
    """The answers in ``answers_file``, each unusable answer reported on stderr; or exit 1
    with a plain message when the file cannot be read or is not an answers file."""
    try:
        read = read_answers(read_small_file(answers_file, MAX_BYTES), questionnaire)
    except (AnswerFileError, FileRefused) as error:
        click.echo(terminal_safe(f"{answers_file}: {error}"), err=True)
        sys.exit(1)
    except OSError as error:
        click.echo(terminal_safe(f"{answers_file}: Cannot read the file: {error.strerror}."),
                   err=True)
        sys.exit(1)
    for problem in read.problems:
        click.echo(terminal_safe(f"{answers_file}: {problem}"), err=True)
    return read


def terminal_safe(text: str) -> str:
    """``text`` with each terminal control written as a ``\\uXXXX`` escape (valid in JSON)."""
    return TERMINAL_CONTROLS.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


def _summary_html(summary, questions_file: str | None) -> str:
    import tempfile

    from flask import render_template

    from .. import create_app

    with tempfile.TemporaryDirectory() as instance:
        config = {"INSTANCE_PATH": instance, "SECRET_KEY": "rendering-only"}
        if questions_file:
            config["QUESTIONS_FILE"] = questions_file
        app = create_app(config)
        with app.test_request_context("/summary"):
            return render_template("summary.html", summary=summary)


@click.command("schema")
@click.option("--out", type=click.Path(dir_okay=False),
              help="Write to FILE (make schema writes questions.schema.json), not the screen.")
def schema_command(out: str | None) -> None:
    """Print the JSON Schema of questions.yaml, made from the question types."""
    text = schema_text()
    if out is None:
        click.echo(text, nl=False)
        return
    try:
        Path(out).write_text(text, encoding="utf-8")
    except OSError as error:
        click.echo(terminal_safe(f"{out}: Cannot write the file: {error.strerror}."), err=True)
        sys.exit(1)
