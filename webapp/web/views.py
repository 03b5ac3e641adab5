"""Routes only: read input, call the pure modules, render or redirect.

The path: start -> one page per topic -> check your answers -> talking points
-> printable summary. "Start again and delete my answers" is linked from every page.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from flask import (
    Blueprint,
    Flask,
    Response,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import BadRequest, HTTPException, NotFound
from werkzeug.wrappers import Response as BaseResponse
from wtforms import FieldList

from ..engine import navigation
from ..engine.answer_file import dump_answers
from ..engine.fhir_response import response_resource
from ..engine.language import N_
from ..engine.language import gettext as _
from ..engine.lifetime import lifetime_text
from ..engine.navigation import Destination, Move, ToPage
from ..engine.questionnaire import Page, Questionnaire
from ..engine.reveal import RevealStyles
from ..engine.rules import Evaluation, evaluate_answers, walk, walk_on, walk_up_to
from ..engine.summary import check_rows, summary_from
from ..engine.validation import quoted
from ..storage import answers
from ..storage.answer_sessions import RETRY_AFTER, new_session_id
from ..storage.store import session_was_lost
from .forms import (
    FormClasses,
    form_answers,
    form_data,
    row_to_remove,
    unusable_input,
    without_row,
)
from .locale import CHOSEN, LANGUAGES, current_language, in_language, questionnaire_in
from .notices import notify

bp = Blueprint("wizard", __name__)


def questionnaire() -> Questionnaire:
    """The questionnaire in the patient's language (the same questions, answers and rules)."""
    return questionnaire_in(current_language())


def english_questionnaire() -> Questionnaire:
    """The questionnaire as written: for the files a record system reads."""
    return current_app.extensions["questionnaire"]


def form_classes() -> FormClasses:
    """The app's page form classes (made on first use, for each language's pages)."""
    return current_app.extensions["form_classes"]


@bp.app_context_processor
def inject_settings() -> dict[str, Any]:
    return {"settings": questionnaire().settings}


#: Pages that show or take answers: a lost (expired) session is explained before them.
ANSWER_PAGES = {"wizard.page", "wizard.check", "wizard.talking_points", "wizard.summary"}


@bp.before_request
def explain_lost_answers() -> BaseResponse | None:
    """If the answers expired while the patient was away, say so instead of starting blank."""
    if request.endpoint in ANSWER_PAGES and session_was_lost() and not answers.has_answers():
        notify(_("Answers deleted"), _(_LOST_MESSAGE, hours=_lifetime_hours()))
        return redirect(url_for("wizard.start"))
    return None


_LOST_MESSAGE = N_("For your privacy, answers are deleted %(hours)s after the last click, "
                   "and yours have been deleted. If you downloaded your answers, you can "
                   "continue from that file. Or start again.")


def url_of(destination: Destination) -> str:
    """The address of a navigation destination."""
    if isinstance(destination, ToPage):
        return page_url(destination.page_id, destination.returning, destination.rows)
    return url_for(PLACES[destination.place])


#: The endpoint of each place that is not a question page.
PLACES = {"start": "wizard.start", "check": "wizard.check",
          "talking-points": "wizard.talking_points"}


def page_url(page_id: str, returning: str | None = None, rows: int | None = None) -> str:
    """The address of a question page, with ``?rows=`` and ``?return=`` when given."""
    args: dict[str, Any] = {} if rows is None else {"rows": rows}
    if returning:
        args["return"] = returning
    return url_for("wizard.page", page_id=page_id, **args)


def go(move: Move) -> BaseResponse:
    """Redirect as ``move`` says, with its notice on the page it lands on."""
    if move.notice is not None:
        notify(_(move.notice.title), _(move.notice.text))
    return redirect(url_of(move.to))


@bp.get("/")
def start() -> str:
    q = questionnaire()
    path = walk(q, answers.saved_answers())
    resume = (navigation.first_unfinished(path.pages, answers.seen_pages())
              if answers.has_answers() else None)
    return render_template("start.html", first=q.pages[0], resume=resume,
                           has_answers=answers.has_answers(), hours=_lifetime_hours())


def _lifetime_hours() -> str:
    """How long answers are kept after the last click, in words ("12 hours")."""
    return lifetime_text(current_app.permanent_session_lifetime)


@bp.route("/page/<page_id>", methods=["GET", "POST"])
def page(page_id: str) -> Any:
    q = questionnaire()
    current = q.page(page_id)
    if current is None:
        raise NotFound()
    saved = answers.saved_answers()
    seen = answers.seen_pages()
    method, args = request.method, request.args
    posted = method == "POST"
    # The page needs the walk only up to itself; a POST goes on from there (walk_on).
    path = walk_up_to(q, saved, current, keep=posted)
    if navigation.entry(path, current, seen):  # blocked: where to instead, on the whole walk
        detour = navigation.entry(walk(q, saved), current, seen)
        if detour:
            return go(detour)
    returning = navigation.return_place(args.get("return"))
    # Follow-ups the stylesheet shows as the patient answers are on the page already.
    reveals = reveal_styles().pages[current.id]
    on_screen = path.shown | reveals.question_ids
    rows = navigation.rows_to_show(current, saved, args.get("rows"))
    form_class = form_classes().get(current, rows)
    if posted:
        sent = request.form
        reason = unusable_input(current, sent)
        if reason:
            raise UnusableSubmission(reason)
        removing = row_to_remove(current, sent)
        form = form_class(**({"formdata": without_row(sent, *removing)} if removing
                             else {}))
        candidate = form_answers(current, form)
        # The walk over the answers as they will be saved: hidden and blank answers,
        # which saving drops, do not count in a walk either, so it serves after_saving too.
        after = walk_on(q, path, saved, candidate)
        shown_now = frozenset(q_.id for q_ in current.questions if q_.id in after.shown)
        # Every question shown once this submission is saved is judged, including one
        # this very submission revealed: whatever it sent for it must be a valid answer.
        # A revealed question that was not on screen (not shown before, and not one the
        # stylesheet reveals as the patient answers) is not required yet: when it is left
        # blank the page comes back with it instead of moving on.
        form.shown = shown_now
        form.unseen = shown_now - on_screen
        if removing:
            notify(_("Medicine removed"), _removed_text(sent, *removing))
        if form.validate():
            answers.save_page(current, candidate, shown_now)
            return go(navigation.after_saving(
                after, current, answers.seen_pages(), returning,
                revealed=any(candidate.get(qid) is None for qid in form.unseen),
                removed_row=removing is not None,
                rows=rows if "add_rows" in sent else None))
    else:
        form = form_class(data=form_data(current, saved))
        form.shown = path.shown
    questions = [q_ for q_ in current.questions if q_.id in form.shown | reveals.question_ids]
    sections = q.sections
    return render_template(
        "page.html", page=current, form=form, part=sections.index(current.section) + 1,
        parts=len(sections), back=url_of(navigation.back(path, current, returning)),
        questions=questions, errors=_error_list(current, form), rows=rows,
        # what the page says about its questions (a template's filters cost more)
        in_english=any(q_.lang for q_ in questions),
        has_rows=any(q_.kind.widget == "rows" for q_ in questions),
        diaries=[q_ for q_ in questions if q_.kind.entered_apart],
        returning=returning, more_rows=navigation.more_rows_offered(questions, rows),
        land_on=(navigation.first_new_row(current, saved)
                 if method == "GET" and "rows" in args else None),
        reveal_version=reveal_styles().version if reveals.rules else None,
    )


def reveal_styles() -> RevealStyles:
    """The stylesheet that shows and hides follow-up questions (made once per app)."""
    styles = current_app.extensions.get("reveal_styles")
    if styles is None:
        styles = current_app.extensions["reveal_styles"] = RevealStyles(english_questionnaire())
    return styles


@bp.get("/reveal.css")
def reveal_css() -> Response:
    """The follow-up questions' stylesheet; its address changes with its content."""
    response = Response(reveal_styles().css, mimetype="text/css")
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


def _removed_text(formdata: Any, question_id: str, index: int) -> str:
    name = (formdata.get(f"{question_id}-{index}-name") or "").strip()
    if name:
        return _("Medicine %(number)s, %(name)s, has been removed from your list.",
                 number=index + 1, name=quoted(name))
    return _("Medicine %(number)s has been removed from your list.", number=index + 1)


def _error_list(page: Page, form: FlaskForm) -> list[tuple[str, str]]:
    """(message, field anchor) pairs for the error summary, in the order of the page."""
    errors: list[tuple[str, str]] = []
    for question in page.questions:
        field = form[question.id]
        if isinstance(field, FieldList):  # rows: each field of each row has its own errors
            for entry in field.entries:
                for sub in entry.form:
                    errors.extend((message, sub.id) for message in sub.errors)
            errors.extend((m, f"{field.id}-0-name") for m in field.errors
                          if isinstance(m, str))
        else:
            anchor = f"{field.id}-0" if question.options else field.id
            errors.extend((message, anchor) for message in field.errors)
    return errors


class PageToAnswerFirst(Exception):
    """A page was asked for while a page before it is still to answer (any blueprint's)."""

    def __init__(self, move: Move) -> None:
        super().__init__(move)
        self.move = move


@bp.app_errorhandler(PageToAnswerFirst)
def answer_first(error: PageToAnswerFirst) -> BaseResponse:
    """Send the patient to the first page still to answer, saying why."""
    return go(error.move)


def _evaluate_complete() -> Evaluation:
    """The evaluation of the saved answers; :class:`PageToAnswerFirst` if a page is still
    to answer. Check, talking points and summary each evaluate the answers once, here.
    """
    evaluation = evaluate_answers(questionnaire(), answers.saved_answers())
    pending = navigation.complete(evaluation.pages, answers.seen_pages())
    if pending is not None:
        raise PageToAnswerFirst(pending)
    return evaluation


@bp.get("/check")
def check() -> Any:
    evaluation = _evaluate_complete()
    return render_template("check.html", pages=check_rows(questionnaire(), evaluation),
                           back=page_url(evaluation.pages[-1].id))


class TalkingPointsForm(FlaskForm):
    """Nothing of its own: the include checkboxes are read from the request by point id."""

    class Meta:
        # CSRFProtect checks every POST's token before a view runs (as for PageForm): the
        # form need not sign the token again on every page, nor check it again.
        csrf = False


@bp.route("/talking-points", methods=["GET", "POST"])
def talking_points() -> Any:
    evaluation = _evaluate_complete()
    q = questionnaire()
    form = TalkingPointsForm()
    if form.validate_on_submit():
        included = set(request.form.getlist("include"))
        answers.save_left_out(p.id for p in evaluation.talking_points if p.id not in included)
        return redirect(url_for("wizard.summary"))
    asks = q.settings.patient_questions
    return render_template("talking_points.html", points=evaluation.talking_points,
                           left_out=answers.left_out_points(), form=form,
                           summary=summary_from(q, evaluation),
                           questions_page=q.question(asks[0]).page_id if asks else None)


@bp.get("/summary")
def summary() -> Any:
    """The sheet in the patient's language, or with ``?language=en`` in English for an
    English-speaking doctor (the patient's own words stay as they typed them)."""
    chosen = request.args.get("language")
    patients = current_language()
    if chosen in LANGUAGES and chosen != patients:
        with in_language(chosen):
            return _summary_page(patient_language=patients)
    return _summary_page()


def _summary_page(patient_language: str | None = None) -> str:
    evaluation = _evaluate_complete()
    result = summary_from(questionnaire(), evaluation, answers.left_out_points(),
                          nights_table=request.args.get("nights_table") == "1")
    return render_template("summary.html", summary=result, patient_language=patient_language)


@bp.get("/download")
def download() -> Response:
    """The answers file: exactly what ``flask summary`` and "Continue from a saved file" read."""
    path = walk(english_questionnaire(), answers.saved_answers())
    done = [page.id for page in path.pages if page.id in answers.seen_pages()]
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
    q = english_questionnaire()
    path = walk(q, answers.saved_answers())
    complete = navigation.first_unfinished(path.pages, answers.seen_pages()) is None
    resource = response_resource(q, answers.saved_answers(), answers.left_out_points(),
                                 complete=complete)
    response = Response(json.dumps(resource, ensure_ascii=False, indent=2) + "\n",
                        mimetype="application/fhir+json")
    name = f"before-the-visit-fhir-{date.today().isoformat()}.json"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response


class DeleteForm(FlaskForm):
    """Nothing of its own: the button is the whole form (its token is CSRFProtect's)."""

    class Meta:
        csrf = False  # as TalkingPointsForm


@bp.route("/delete", methods=["GET", "POST"])
def delete() -> Any:
    form = DeleteForm()
    if form.validate_on_submit():
        new_session_id()  # deletes the stored answers now
        chosen = session.get(CHOSEN)
        session.clear()
        if chosen:  # the language is no answer: the next patient on this browser keeps it
            session[CHOSEN] = chosen
        notify(_("Answers deleted"), _("Your answers have been deleted. You can start again."),
               "success")
        return redirect(url_for("wizard.start"))
    return render_template("delete.html", form=form, has_answers=answers.has_answers())


class UnusableSubmission(BadRequest):
    """A submission the page's own form could not have sent; its description says why."""


#: Each error page's title and text (in English: looked up when the page is made).
ERROR_TEXT = {
    400: (N_("Something in that request was not right"),
          N_("The page could not use what was sent. Your saved answers are safe.")),
    404: (N_("Page not found"), N_("Check the web address, or go back to the start.")),
    405: (N_("That did not work"),
          N_("This page cannot be used that way. Your saved answers are safe.")),
    413: (N_("That was too much to send"),
          N_("What you sent was too large. Shorten your text and try again. "
             "Your saved answers are safe.")),
    500: (N_("Sorry, something went wrong on our side"),
          N_("Your saved answers are safe. Please try again in a moment.")),
    503: (N_("We cannot reach your saved answers right now"),
          N_("What you saved before is not lost, but we could not open or save anything just "
             "now. Please wait a minute and try again. If you pressed a button, go back and "
             "press it again.")),
}


#: Flask-WTF's reasons for refusing a POST over https for its Referer, not its token.
REFERRER_REFUSALS = {"The referrer header is missing.", "The referrer does not match the host."}
_REFERRER_MESSAGE = N_("For your security, this site takes a form only from its own pages, and "
                     "your browser did not show that this one came from here. Your saved "
                     "answers are safe. Go back, and press the button again. If this happens "
                     "again, a privacy setting or add-on may be hiding it: allow it for this "
                     "site, or use another browser.")


def register_error_pages(app: Flask) -> None:
    """Friendly pages in the app's own style for 400, 404, 405, 413, 500, 503 and CSRF errors."""

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> tuple[str, int]:
        if session_was_lost():
            return render_template(
                "error.html", title=_("Your answers are no longer here"),
                text=_(_LOST_MESSAGE, hours=_lifetime_hours()), retry=None,
                resume=True), 400
        if error.description in REFERRER_REFUSALS:
            # Over https a form is taken only from the app's own pages (the Referer says
            # which); a proxy that hides the https address from the app also ends here.
            app.logger.warning("Form refused on %s: %s", request.path, error.description)
            return render_template(
                "error.html", title=_("This form could not be sent safely"),
                text=_(_REFERRER_MESSAGE), retry=request.path), 400
        return render_template(
            "error.html", title=_("This page timed out"),
            text=_("For your security, the form expired before it was sent. Your saved "
                   "answers are safe. Go back, and press the button again."),
            retry=request.path), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int] | tuple[str, int, dict[str, str]]:
        code = error.code or 500
        title, text = ERROR_TEXT.get(code, ERROR_TEXT[400 if code < 500 else 500])
        text = _(text)
        if isinstance(error, UnusableSubmission):
            text = _("%(reason)s Nothing from it was saved; your earlier answers are safe.",
                     reason=error.description)
        page = render_template("error.html", title=_(title), text=text,
                               retry=request.path if code in (400, 413) else None)
        if code == 503:
            return page, code, {"Retry-After": str(RETRY_AFTER)}
        return page, code

    @app.errorhandler(Exception)
    def server_error(error: Exception) -> tuple[str, int]:
        app.logger.exception("Unhandled error on %s", request.path)
        title, text = ERROR_TEXT[500]
        return render_template("error.html", title=_(title), text=_(text), retry=None), 500
