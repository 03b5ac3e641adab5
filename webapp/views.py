"""Routes only: read input, call the pure modules, render or redirect.

The path: start -> one page per topic -> check your answers -> talking points
-> printable summary. "Start again and delete my answers" is linked from every page.
"""

from __future__ import annotations

from collections.abc import Callable
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

from . import answers as store
from .answer_sessions import RETRY_AFTER
from .forms import (
    FormClasses,
    form_answers,
    form_data,
    row_to_remove,
    rows_to_show,
    unusable_input,
    without_row,
)
from .lifetime import lifetime_text
from .notices import notify
from .questionnaire import Page, Questionnaire
from .reveal import RevealStyles
from .rules import Evaluation, Walk, evaluate_answers, walk
from .store import session_was_lost
from .summary import check_rows, summary_from

bp = Blueprint("wizard", __name__)


def questionnaire() -> Questionnaire:
    return current_app.extensions["questionnaire"]


def form_classes() -> FormClasses:
    """The app's page form classes (made on first use, one set per questionnaire)."""
    return current_app.extensions["form_classes"]


@bp.app_context_processor
def inject_settings() -> dict[str, Any]:
    return {"settings": questionnaire().settings}


#: Pages that show or take answers: a lost (expired) session is explained before them.
ANSWER_PAGES = {"wizard.page", "wizard.check", "wizard.talking_points", "wizard.summary"}


@bp.before_request
def explain_lost_answers() -> Response | None:
    """If the answers expired while the patient was away, say so instead of starting blank."""
    if request.endpoint in ANSWER_PAGES and session_was_lost() and not store.has_answers():
        notify("Answers deleted", _LOST_MESSAGE.format(hours=_lifetime_hours()))
        return redirect(url_for("wizard.start"))
    return None


_LOST_MESSAGE = ("For your privacy, answers are deleted {hours} after the last click, "
                 "and yours have been deleted. If you downloaded your answers, you can "
                 "continue from that file. Or start again.")


#: The notice on the page a patient is sent to when they jump ahead of it.
ANSWER_FIRST = ("Answer this page first",
                "Please answer this page first. Your answers so far are saved.")


def first_unfinished(pages: tuple[Page, ...], seen: set[str]) -> Page | None:
    """The first shown page the patient has not yet completed."""
    return next((page for page in pages if page.id not in seen), None)


#: Where Continue goes back to after a "Change" link: the value of ``?return=``.
RETURN_TARGETS = {"check": "wizard.check", "talking-points": "wizard.talking_points"}


def page_url(page: Page, returning: str | None = None, **args: Any) -> str:
    if returning:
        args["return"] = returning
    return url_for("wizard.page", page_id=page.id, **args)


@bp.get("/")
def start() -> str:
    q = questionnaire()
    path = walk(q, store.saved_answers())
    resume = first_unfinished(path.pages, store.seen_pages()) if store.has_answers() else None
    return render_template("start.html", first=q.pages[0], resume=resume,
                           has_answers=store.has_answers(), hours=_lifetime_hours())


def _lifetime_hours() -> str:
    """How long answers are kept after the last click, in words ("12 hours")."""
    return lifetime_text(current_app.permanent_session_lifetime)


@bp.route("/page/<page_id>", methods=["GET", "POST"])
def page(page_id: str) -> Any:
    q = questionnaire()
    current = q.page(page_id)
    if current is None:
        raise NotFound()
    saved, seen = store.saved_answers(), store.seen_pages()
    path = walk(q, saved)
    returning = request.args.get("return")
    returning = returning if returning in RETURN_TARGETS else None
    blocked = first_unfinished(path.pages[: _index(path.pages, current)], seen)
    if current not in path.pages or blocked:
        target = blocked or first_unfinished(path.pages, seen)
        if target is None:
            return redirect(url_for("wizard.check"))
        notify(*ANSWER_FIRST)
        return redirect(page_url(target))

    # Follow-ups the stylesheet shows as the patient answers are on the page already.
    reveals = reveal_styles().pages[current.id]
    on_screen = path.shown | reveals.question_ids
    rows = _medicine_rows(current, saved)
    form_class = form_classes().get(current, rows)
    if request.method == "POST":
        reason = unusable_input(current, request.form)
        if reason:
            raise UnusableSubmission(reason)
        removing = row_to_remove(current, request.form)
        form = form_class(**({"formdata": without_row(request.form, *removing)} if removing
                             else {}))
        candidate = form_answers(current, form)
        # The walk over the answers as they will be saved: hidden and blank answers,
        # which saving drops, do not count in a walk either, so it serves _after too.
        after = walk(q, {**saved, **candidate})
        shown_now = frozenset(q_.id for q_ in current.questions if q_.id in after.shown)
        # Every question shown once this submission is saved is judged, including one
        # this very submission revealed: whatever it sent for it must be a valid answer.
        # A revealed question that was not on screen (not shown before, and not one the
        # stylesheet reveals as the patient answers) is not required yet: when it is left
        # blank the page comes back with it instead of moving on.
        form.shown = shown_now
        form.unseen = shown_now - on_screen
        if removing:
            notify("Medicine removed", _removed_text(request.form, *removing))
        if form.validate():
            store.save_page(current, candidate, shown_now)
            revealed = [qid for qid in form.unseen if candidate.get(qid) is None]
            if revealed:
                notify("Question added",
                       "Your answer added a question to this page. Please answer it too.")
                return redirect(page_url(current, returning))
            if removing:
                return redirect(page_url(current, returning))
            if "add_rows" in request.form:
                return redirect(page_url(current, returning, rows=rows + 3))
            return redirect(_after(after, current, returning))
    else:
        form = form_class(data=form_data(current, saved))
        form.shown = path.shown
    pages = path.pages
    step = _index(pages, current) + 1
    back = (url_for(RETURN_TARGETS[returning]) if returning else
            page_url(pages[step - 2]) if step > 1 else url_for("wizard.start"))
    questions = [q_ for q_ in current.questions if q_.id in form.shown | reveals.question_ids]
    sections = q.sections
    return render_template(
        "page.html", page=current, form=form, part=sections.index(current.section) + 1,
        parts=len(sections), back=back, questions=questions,
        errors=_error_list(current, form), rows=rows, returning=returning,
        more_rows=any(q_.type == "medicine_list" and rows < q_.max_rows for q_ in questions),
        land_on=_first_new_row(current, saved) if request.method == "GET" else None,
        reveal_version=reveal_styles().version if reveals.rules else None,
    )


def reveal_styles() -> RevealStyles:
    """The stylesheet that shows and hides follow-up questions (made once per app)."""
    styles = current_app.extensions.get("reveal_styles")
    if styles is None:
        styles = current_app.extensions["reveal_styles"] = RevealStyles(questionnaire())
    return styles


@bp.get("/reveal.css")
def reveal_css() -> Response:
    """The follow-up questions' stylesheet; its address changes with its content."""
    response = Response(reveal_styles().css, mimetype="text/css")
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


def _removed_text(formdata: Any, question_id: str, index: int) -> str:
    name = (formdata.get(f"{question_id}-{index}-name") or "").strip()
    named = f", \u201c{name}\u201d," if name else ""
    return f"Medicine {index + 1}{named} has been removed from your list."


def _first_new_row(page: Page, saved: dict[str, Any]) -> str | None:
    """After "Save and add more rows": the name field of the first empty row, to land on."""
    if "rows" not in request.args:
        return None
    lists = [question for question in page.questions if question.type == "medicine_list"]
    if not lists:
        return None
    filled = len(saved.get(lists[0].id) or [])
    return f"{lists[0].id}-{filled}-name" if filled < lists[0].max_rows else None


def _index(pages: tuple[Page, ...], page: Page) -> int:
    return pages.index(page) if page in pages else len(pages)


def _medicine_rows(page: Page, saved: dict[str, Any]) -> int:
    lists = [question for question in page.questions if question.type == "medicine_list"]
    if not lists:
        return 0
    requested = request.args.get("rows", "")
    requested_rows = int(requested) if requested.isdigit() and len(requested) < 4 else 0
    saved_rows = max(len(saved.get(question.id) or []) for question in lists)
    return max(rows_to_show(question, saved_rows, requested_rows) for question in lists)


def _after(path: Walk, current: Page, returning: str | None) -> str:
    """Where Continue leads: the next page, or back to check-your-answers after a Change."""
    seen = store.seen_pages()
    if returning:
        pending = first_unfinished(path.pages, seen)
        return page_url(pending, returning) if pending else url_for(RETURN_TARGETS[returning])
    later = path.pages[path.pages.index(current) + 1:] if current in path.pages else ()
    if later:
        return page_url(later[0])
    pending = first_unfinished(path.pages, seen)
    return page_url(pending) if pending else url_for("wizard.check")


def _error_list(page: Page, form: FlaskForm) -> list[tuple[str, str]]:
    """(message, field anchor) pairs for the error summary, in the order of the page."""
    errors = []
    for question in page.questions:
        field = form[question.id]
        if question.type == "medicine_list":
            for entry in field.entries:
                for sub in entry.form:
                    errors.extend((message, sub.id) for message in sub.errors)
            errors.extend((m, f"{field.id}-0-name") for m in field.errors
                          if isinstance(m, str))
        else:
            anchor = f"{field.id}-0" if question.options else field.id
            errors.extend((message, anchor) for message in field.errors)
    return errors


def _evaluate_complete() -> tuple[Evaluation | None, Response | None]:
    """The evaluation of the saved answers, or a redirect to the first page still to answer.

    Check, talking points and summary each evaluate the answers once, here.
    """
    evaluation = evaluate_answers(questionnaire(), store.saved_answers())
    pending = first_unfinished(evaluation.pages, store.seen_pages())
    if pending is not None:
        notify(*ANSWER_FIRST)
        return None, redirect(page_url(pending))
    return evaluation, None


@bp.get("/check")
def check() -> Any:
    evaluation, blocked = _evaluate_complete()
    if blocked:
        return blocked
    return render_template("check.html", pages=check_rows(questionnaire(), evaluation),
                           back=page_url(evaluation.pages[-1]))


class TalkingPointsForm(FlaskForm):
    """Only CSRF: the include checkboxes are read from the request by point id."""


@bp.route("/talking-points", methods=["GET", "POST"])
def talking_points() -> Any:
    evaluation, blocked = _evaluate_complete()
    if blocked:
        return blocked
    q = questionnaire()
    form = TalkingPointsForm()
    if form.validate_on_submit():
        included = set(request.form.getlist("include"))
        store.save_left_out(p.id for p in evaluation.talking_points if p.id not in included)
        return redirect(url_for("wizard.summary"))
    asks = q.settings.patient_questions
    return render_template("talking_points.html", points=evaluation.talking_points,
                           left_out=store.left_out_points(), form=form,
                           summary=summary_from(q, evaluation),
                           questions_page=q.question(asks[0]).page_id if asks else None)


@bp.get("/summary")
def summary() -> Any:
    evaluation, blocked = _evaluate_complete()
    if blocked:
        return blocked
    result = summary_from(questionnaire(), evaluation, store.left_out_points())
    return render_template("summary.html", summary=result)


class DeleteForm(FlaskForm):
    """Only CSRF: the button is the whole form."""


@bp.route("/delete", methods=["GET", "POST"])
def delete() -> Any:
    form = DeleteForm()
    if form.validate_on_submit():
        current_app.session_interface.regenerate(session)  # deletes the stored answers now
        session.clear()
        notify("Answers deleted", "Your answers have been deleted. You can start again.",
               "success")
        return redirect(url_for("wizard.start"))
    return render_template("delete.html", form=form, has_answers=store.has_answers())


class UnusableSubmission(BadRequest):
    """A submission the page's own form could not have sent; its description says why."""


#: Pages that answer a too-large request themselves (endpoint -> view), e.g. the upload form.
TOO_LARGE_PAGES: dict[str, Callable[[], tuple[str, int]]] = {}

ERROR_TEXT = {
    400: ("Something in that request was not right",
          "The page could not use what was sent. Your saved answers are safe."),
    404: ("Page not found", "Check the web address, or go back to the start."),
    405: ("That did not work", "This page cannot be used that way. Your saved answers are safe."),
    413: ("That was too much to send",
          "What you sent was too large. Shorten your text and try again. "
          "Your saved answers are safe."),
    500: ("Sorry, something went wrong on our side",
          "Your saved answers are safe. Please try again in a moment."),
    503: ("We cannot reach your saved answers right now",
          "What you saved before is not lost, but we could not open or save anything just "
          "now. Please wait a minute and try again. If you pressed a button, go back and "
          "press it again."),
}


#: Flask-WTF's reasons for refusing a POST over https for its Referer, not its token.
REFERRER_REFUSALS = {"The referrer header is missing.", "The referrer does not match the host."}
_REFERRER_MESSAGE = ("For your security, this site takes a form only from its own pages, and "
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
                "error.html", title="Your answers are no longer here",
                text=_LOST_MESSAGE.format(hours=_lifetime_hours()), retry=None,
                resume=True), 400
        if error.description in REFERRER_REFUSALS:
            # Over https a form is taken only from the app's own pages (the Referer says
            # which); a proxy that hides the https address from the app also ends here.
            app.logger.warning("Form refused on %s: %s", request.path, error.description)
            return render_template(
                "error.html", title="This form could not be sent safely",
                text=_REFERRER_MESSAGE, retry=request.path), 400
        return render_template(
            "error.html", title="This page timed out",
            text="For your security, the form expired before it was sent. Your saved answers "
                 "are safe. Go back, and press the button again.",
            retry=request.path), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int] | tuple[str, int, dict[str, str]]:
        code = error.code or 500
        if code == 413 and request.endpoint in TOO_LARGE_PAGES:
            return TOO_LARGE_PAGES[request.endpoint]()
        title, text = ERROR_TEXT.get(code, ERROR_TEXT[400 if code < 500 else 500])
        if isinstance(error, UnusableSubmission):
            text = f"{error.description} Nothing from it was saved; your earlier answers are safe."
        page = render_template("error.html", title=title, text=text,
                               retry=request.path if code in (400, 413) else None)
        if code == 503:
            return page, code, {"Retry-After": str(RETRY_AFTER)}
        return page, code

    @app.errorhandler(Exception)
    def server_error(error: Exception) -> tuple[str, int]:
        app.logger.exception("Unhandled error on %s", request.path)
        title, text = ERROR_TEXT[500]
        return render_template("error.html", title=title, text=text, retry=None), 500
