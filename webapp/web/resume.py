"""Continue from a saved answers file (the start page's "Continue from a saved file").

Its own blueprint, with its own answer to an upload over the request limit: the same
form with a message at the field. The file is made by the wizard's /download.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, redirect, render_template
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from werkzeug.exceptions import RequestEntityTooLarge

from ..engine.answer_file import AnswerFileError, read_answers
from ..engine.language import gettext as _
from ..engine.language import ngettext
from ..engine.navigation import resume_at
from ..engine.rules import pages_reached, walk
from ..storage import answers
from .notices import notify
from .views import questionnaire, url_of

bp = Blueprint("resume", __name__)


class ResumeForm(FlaskForm):
    answers_file = FileField("Your saved answers file")

    class Meta:
        csrf = False  # CSRFProtect checks every POST's token, as for the wizard's forms


@bp.route("/resume", methods=["GET", "POST"])
def resume() -> Any:
    """Upload a saved answers file; say plainly what could not be used."""
    form = ResumeForm()
    error = None
    if form.validate_on_submit():
        upload = form.answers_file.data
        if not upload or not upload.filename:
            error = _("Choose the answers file you downloaded before.")
        else:
            try:
                read = read_answers(upload.read(), questionnaire())
            except AnswerFileError as problem:
                error = str(problem)
            else:
                answers.replace_all(read.answers, pages_reached(questionnaire(), read.answers,
                                                              read.pages_done))
                return _after_loading(read.problems, len(read.answers))
    errors = [(error, "answers_file")] if error else []
    return render_template("resume.html", form=form, errors=errors,
                           has_answers=answers.has_answers())


def _after_loading(problems: list[str], loaded: int) -> Any:
    path = walk(questionnaire(), answers.saved_answers())
    next_url = url_of(resume_at(path, answers.seen_pages()))
    if problems:
        return render_template("resume_done.html", problems=problems, loaded=loaded,
                               next_url=next_url)
    notify(_("Saved answers back"),
           ngettext("Your saved answers are back (%(num)d answer). Check them before you go on.",
                    "Your saved answers are back (%(num)d answers). Check them before you go "
                    "on.", loaded), "success")
    return redirect(next_url)


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error: RequestEntityTooLarge) -> tuple[str, int]:
    """The 413 page for an upload over the request limit: the same form, with a message."""
    errors = [(_("That file is too large to be an answers file. Choose the file you "
                 "downloaded."), "answers_file")]
    return render_template("resume.html", form=ResumeForm(formdata=None), errors=errors,
                           has_answers=answers.has_answers()), 413

