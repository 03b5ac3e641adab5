"""Save and resume without an account: download the answers file, continue from it later."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from flask import Response, redirect, render_template, url_for
from flask_wtf import FlaskForm
from flask_wtf.file import FileField

from . import answers as store
from .answer_file import AnswerFileError, dump_answers, read_answers
from .fhir_response import response_resource
from .notices import notify
from .rules import pages_reached, walk
from .views import TOO_LARGE_PAGES, bp, first_unfinished, page_url, questionnaire


@bp.get("/download")
def download() -> Response:
    """The answers file: exactly what ``flask summary`` and "Continue from a saved file" read."""
    path = walk(questionnaire(), store.saved_answers())
    done = [page.id for page in path.pages if page.id in store.seen_pages()]
    response = Response(dump_answers(path.answers, done) + "\n", mimetype="application/json")
    name = f"before-the-visit-answers-{date.today().isoformat()}.json"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/download/fhir")
def download_fhir() -> Response:
    """The answers as a FHIR QuestionnaireResponse, for the clinic's record system.

    "completed" once every page shown is done; before that "in-progress". Continue from
    a saved file reads it back.
    """
    q = questionnaire()
    path = walk(q, store.saved_answers())
    complete = first_unfinished(path.pages, store.seen_pages()) is None
    resource = response_resource(q, store.saved_answers(), store.left_out_points(),
                                 complete=complete)
    response = Response(json.dumps(resource, ensure_ascii=False, indent=2) + "\n",
                        mimetype="application/fhir+json")
    name = f"before-the-visit-fhir-{date.today().isoformat()}.json"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response


class ResumeForm(FlaskForm):
    answers_file = FileField("Your saved answers file")


@bp.route("/resume", methods=["GET", "POST"])
def resume() -> Any:
    """Upload a saved answers file; say plainly what could not be used."""
    form = ResumeForm()
    error = None
    if form.validate_on_submit():
        upload = form.answers_file.data
        if not upload or not upload.filename:
            error = "Choose the answers file you downloaded before."
        else:
            try:
                read = read_answers(upload.read(), questionnaire())
            except AnswerFileError as problem:
                error = str(problem)
            else:
                store.replace_all(read.answers, pages_reached(questionnaire(), read.answers,
                                                              read.pages_done))
                return _after_loading(read.problems, len(read.answers))
    errors = [(error, "answers_file")] if error else []
    return render_template("resume.html", form=form, errors=errors,
                           has_answers=store.has_answers())


def _after_loading(problems: list[str], loaded: int) -> Any:
    path = walk(questionnaire(), store.saved_answers())
    pending = first_unfinished(path.pages, store.seen_pages())
    next_url = page_url(pending) if pending else url_for("wizard.check")
    if problems:
        return render_template("resume_done.html", problems=problems, loaded=loaded,
                               next_url=next_url)
    notify("Saved answers back",
           f"Your saved answers are back ({loaded} answers). Check them before you go on.",
           "success")
    return redirect(next_url)


def too_large() -> tuple[str, int]:
    """The 413 page for an upload over the request limit: the same form, with a message."""
    errors = [("That file is too large to be an answers file. Choose the file you downloaded.",
               "answers_file")]
    return render_template("resume.html", form=ResumeForm(formdata=None), errors=errors,
                           has_answers=store.has_answers()), 413


TOO_LARGE_PAGES["wizard.resume"] = too_large
