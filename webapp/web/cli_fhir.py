"""``flask fhir questionnaire`` and ``flask fhir response``: FHIR R4 files for a clinic's record.

Registered as a Flask plugin command group (see pyproject.toml), like ``flask check``.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from ..engine.fhir_questionnaire import questionnaire_resource
from ..engine.fhir_response import response_resource
from .cli import _load, read_answers_or_exit, terminal_safe


@click.group("fhir")
def fhir_group() -> None:
    """FHIR R4 files for a clinic's record system: the Questionnaire and a response."""


def _write(resource: dict[str, Any], out: str | None) -> None:
    text = json.dumps(resource, ensure_ascii=False, indent=2) + "\n"
    if out is None:
        click.echo(terminal_safe(text), nl=False)
        return
    try:
        with open(out, "w", encoding="utf-8") as file:
            file.write(text)
    except OSError as error:
        click.echo(terminal_safe(f"{out}: Cannot write the file: {error.strerror}."), err=True)
        sys.exit(1)


@fhir_group.command("questionnaire")
@click.option("--out", type=click.Path(dir_okay=False), help="Write to FILE, not the screen.")
@click.option("--questions", "questions_file", type=click.Path(dir_okay=False),
              help="The questionnaire to use (default: the app's questions.yaml).")
def questionnaire_command(out: str | None, questions_file: str | None) -> None:
    """Print the FHIR R4 Questionnaire made from questions.yaml."""
    _, questionnaire = _load(questions_file)
    _write(questionnaire_resource(questionnaire), out)


@fhir_group.command("response")
@click.argument("answers_file", type=click.Path(exists=True, dir_okay=False))
@click.option("--out", type=click.Path(dir_okay=False), help="Write to FILE, not the screen.")
@click.option("--questions", "questions_file", type=click.Path(dir_okay=False),
              help="The questionnaire to use (default: the app's questions.yaml).")
def response_command(answers_file: str, out: str | None, questions_file: str | None) -> None:
    """Print the FHIR R4 QuestionnaireResponse for ANSWERS_FILE (a downloaded answers file)."""
    _, questionnaire = _load(questions_file)
    read = read_answers_or_exit(answers_file, questionnaire)
    _write(response_resource(questionnaire, read.answers), out)
