"""Build a Flask-WTF form for one page at run time, and turn its input into answers.

Each question gets one WTForms field, made for its type's ``widget`` (radios,
checkboxes, text, textarea or rows: see :data:`WIDGETS`), and one validator
(:class:`QuestionCheck`) that asks the question's type (:mod:`webapp.engine.question_types`)
what is wrong, in plain words. A question hidden by its condition is neither
required nor checked; the view tells the form which questions are shown before it
validates.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Mapping
from gettext import NullTranslations
from typing import Any, cast

from babel.support import Translations
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import (
    Field,
    FieldList,
    Form,
    FormField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # WTForms 3.3
from wtforms.fields.core import Flags, UnboundField
from wtforms.i18n import messages_path
from wtforms.meta import DefaultMeta
from wtforms.utils import unset_value
from wtforms.validators import StopValidation, ValidationError

from ..engine.language import gettext as _
from ..engine.navigation import MIN_ROWS
from ..engine.question_types import list_settings, parse_number
from ..engine.question_types.medicine_list import row_problem
from ..engine.questionnaire import MedicineField, Page, Question
from ..engine.validation import answer_problem
from .locale import current_language

__all__ = ["FormClasses", "PageForm", "build_form_class", "form_answers", "form_data",
           "parse_number", "raw_answer", "row_to_remove", "unusable_input", "without_row"]


class BindByCopy:
    """A form's Meta that binds each field as a copy of the field bound once for its place.

    WTForms binds every field of a form again for each request: it calls the field's
    class with its arguments, which checks its validators, copies its choices, makes its
    label and flags. That is the same work each time for the same field at the same
    place (name, prefix, id), so it is done once: the field is bound without any form
    (:func:`bound_once`) and each request's form gets a shallow copy of it, given the
    request's form, meta and translations. Only a field whose label is given and whose
    choices are not made by a callable is copied; any other is bound as WTForms does.

    What a copy shares with the first binding is made from the questionnaire alone: the
    first binding has no form, no data and no errors, and is never processed itself.
    A request's input and errors are set on its own copy by ``process`` and ``validate``
    (new values, never changed in place), and each copy gets flags of its own.
    """

    def bind_field(self, form: Form, unbound_field: UnboundField,
                   options: dict[str, Any]) -> Field:
        made = bound_once(unbound_field, options)
        if made is None:
            return DefaultMeta.bind_field(self, form, unbound_field, options)  # type: ignore[arg-type]
        field = object.__new__(type(made))
        flags = Flags()
        vars(flags).update(vars(made.flags))
        state = vars(field)
        state.update(vars(made), flags=flags, _form=form,
                     meta=options.get("_meta") or form.meta)
        translations = options.get("translations")
        if translations is not None:
            state["_translations"] = translations
        return field


#: Options of a binding that each copy is given itself rather than sharing (see BindByCopy).
_PER_FORM = frozenset({"translations", "_meta"})


def bound_once(unbound_field: UnboundField, options: dict[str, Any]) -> Field | None:
    """The field ``unbound_field`` bound without a form at the place ``options`` name (made
    on first use, kept on the unbound field: it lives as long as its form class), or None
    for a field that must be bound for each form (see :func:`_copyable`)."""
    state = vars(unbound_field)
    if "_bound_once" not in state:
        state["_bound_once"] = {} if _copyable(unbound_field) else None
    made: dict[tuple, Field] | None = state["_bound_once"]
    if made is None:
        return None
    place = tuple(sorted((key, value) for key, value in options.items()
                         if key not in _PER_FORM))
    field = made.get(place)
    if field is None:
        field = made[place] = unbound_field.bind(
            None,  # type: ignore[arg-type]  # no form: a Meta of its own instead
            **{key: value for key, value in options.items() if key not in _PER_FORM},
            _meta=DefaultMeta())
    return field


def _copyable(unbound_field: UnboundField) -> bool:
    """Whether binding ``unbound_field`` makes the same field for every form: its label is
    given (WTForms translates one it makes from the name) and its choices are not made by
    a callable (asked again for each form)."""
    given = inspect.signature(unbound_field.field_class.__init__).bind_partial(
        None, *unbound_field.args, **unbound_field.kwargs).arguments
    return given.get("label") is not None and not callable(given.get("choices"))


class PageForm(FlaskForm):
    """Base class of every page form; the view sets ``shown`` and ``unseen`` before validating.

    ``shown``: the questions judged. ``unseen``: those of them the patient did not have
    on screen (this submission revealed them): judged, but not yet required.
    """

    shown: frozenset[str] = frozenset()
    unseen: frozenset[str] = frozenset()

    class Meta(BindByCopy):
        # CSRFProtect checks the token of every POST before a view runs, and the page
        # writes the token with csrf_token(): the form need not make or check it again.
        csrf = False

        def get_translations(self, form: Form) -> Any:
            """WTForms' own messages in the page's language, read from disk once per language
            (Flask-WTF reads the catalog again on every request)."""
            return wtforms_messages(current_language())


@functools.cache
def wtforms_messages(code: str) -> Translations | NullTranslations:
    """WTForms' catalog of its own messages in language ``code`` (English: as written)."""
    return Translations.load(messages_path(), [code], domain="wtforms")


def build_form_class(page: Page, rows: int = MIN_ROWS) -> type[PageForm]:
    """Make a form class with one field per question of ``page``."""
    attrs: dict[str, Any] = {}
    for question in page.questions:
        attrs[question.id] = _field_for(question, rows)
    return type(f"{page.id.title().replace('-', '')}Form", (PageForm,), attrs)


class FormClasses:
    """Each page's form class, made once per (page, rows) and reused on every request.

    Making a class per request cost as much as filling it in: WTForms works out
    a class's fields the first time it is used. One instance per app; a page of each
    language's questionnaire has its own classes (their labels are in that language).
    """

    def __init__(self) -> None:
        self._made: dict[tuple[int, int], tuple[Page, type[PageForm]]] = {}

    def get(self, page: Page, rows: int = MIN_ROWS) -> type[PageForm]:
        """The form class for ``page`` showing ``rows`` medicine rows."""
        key = (id(page), rows)  # the page is kept with its class, so its id stays its own
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = (page, build_form_class(page, rows))
        return made[1]


def _field_for(question: Question, rows: int) -> Field:
    return WIDGETS[question.kind.widget](question, rows, [QuestionCheck(question)])


def _choices(question: Question) -> list[SelectChoice]:
    return [SelectChoice(opt.value, opt.label) for opt in question.options]


def _radios(question: Question, rows: int, check: list) -> Field:
    return RadioField(question.label, choices=_choices(question), validate_choice=False,
                      validators=check)


def _checkboxes(question: Question, rows: int, check: list) -> Field:
    return SelectMultipleField(question.label, choices=_choices(question),
                               validate_choice=False, validators=check)


def _textarea(question: Question, rows: int, check: list) -> Field:
    return TextAreaField(question.label, validators=check)


def _text(question: Question, rows: int, check: list) -> Field:
    return StringField(question.label, validators=check)


def _rows(question: Question, rows: int, check: list) -> Field:
    max_rows = list_settings(question).max_rows
    # The row's FormField is labelled so that it is bound once and copied (BindByCopy).
    row = FormField(_row_form_class(question), label=question.label)
    return RowList(row, label=question.label, min_entries=min(rows, max_rows),
                   max_entries=max_rows, validators=check)


def _nights(question: Question, rows: int, check: list) -> Field:
    """No control on the page: the nights are entered on pages of their own
    (:mod:`webapp.web.diary`); the page lists them and its form never sends them."""
    return StringField(question.label, validators=check)


#: The form control of each widget a question type names (its ``widget``).
WIDGETS = {"radios": _radios, "checkboxes": _checkboxes, "textarea": _textarea,
           "text": _text, "rows": _rows, "nights": _nights}


class RowForm(Form):
    """Base class of a medicine row's form (one per row of a page's list)."""

    class Meta(BindByCopy):
        pass


def _row_form_class(question: Question) -> type[Form]:
    attrs: dict[str, Any] = {"name": StringField(_("Medicine name"))}
    for mfield in list_settings(question).fields:
        attrs[mfield.name] = _medicine_field(mfield)
    last = list(attrs)[-1]
    attrs[last].kwargs["validators"] = [RowCheck(question)]
    return type(f"{question.id}_row", (RowForm,), attrs)


def _medicine_field(mfield: MedicineField) -> Field:
    if mfield.options:
        choices = [SelectChoice("", _("Not sure or rather not say"))]
        choices += [SelectChoice(o.value, o.label) for o in mfield.options]
        return SelectField(mfield.label, choices=choices, validate_choice=False)
    return StringField(mfield.label)


class QuestionCheck:
    """Validates one question's field with the shared rules of :mod:`webapp.engine.validation`."""

    def __init__(self, question: Question) -> None:
        self.question = question

    def __call__(self, form: PageForm, field: Field) -> None:
        question = self.question
        if question.id not in form.shown or question.kind.entered_apart:
            field.errors = []
            raise StopValidation()
        value = raw_answer(question, field)
        if value is None or value == []:
            if question.required and question.id not in form.unseen:
                raise StopValidation(question.kind.missing_message(question))
            return
        if isinstance(field, FieldList):
            return  # each row checks itself (RowCheck)
        problem = answer_problem(question, question.kind.typed(question, value), named=True)
        if problem:
            raise ValidationError(problem)


class RowCheck:
    """Checks one medicine row; put on the row's last field so it runs after the others.

    A problem is shown at the field it is about (a missing name at the name), so
    the error summary links straight to it.
    """

    def __init__(self, question: Question) -> None:
        self.question = question

    def __call__(self, form: Form, field: Field) -> None:
        row = {sub.short_name: (sub.data or "").strip() for sub in form}
        problem = row_problem(self.question, row, getattr(form, "position", 1))
        if not problem:
            return
        culprit = next((sub for sub in form if sub.short_name != "name"
                        and f"\u201c{sub.label.text}\u201d" in problem), form["name"])
        if culprit is field:
            raise ValidationError(problem)
        cast(list, culprit.errors).append(problem)


class RowList(FieldList):
    """A FieldList whose blank padding rows never copy another row's input.

    WTForms renumbers submitted rows from 0 and then pads with ``formdata``, so a
    request holding only row 1 would fill the padding row 1 from it again.
    """

    def process(self, formdata, data=unset_value, extra_filters=None):  # noqa: ANN001
        wanted, self.min_entries = self.min_entries, 0
        try:
            super().process(formdata, data, extra_filters)
        finally:
            self.min_entries = wanted
        while len(self.entries) < wanted:
            self._add_entry(None)
        for position, entry in enumerate(self.entries, 1):
            entry.form.position = position


def raw_answer(question: Question, field: Field) -> Any:
    """The field's input as an answer value, before checks (numbers still as typed)."""
    data = field.data
    if isinstance(field, SelectMultipleField):
        return [v for v in (data or []) if isinstance(v, str)]
    if isinstance(field, FieldList):
        rows = []
        for entry in field.entries:
            row = {k: (v or "").strip() for k, v in entry.form.data.items()
                   if isinstance(v, str)}
            if any(row.values()):
                rows.append({k: v for k, v in row.items() if v})
        return rows
    if isinstance(data, str):
        data = data.replace("\r\n", "\n").strip()
        return data or None
    return data


def form_answers(page: Page, form: PageForm) -> dict[str, Any]:
    """This page's input as answers: numbers parsed, blanks as None, options in their order.

    A question answered on pages of its own (the sleep diary) is not among them: the page's
    form does not send it, and saving the page keeps it as saved."""
    answers: dict[str, Any] = {}
    for question in page.questions:
        if question.kind.entered_apart:
            continue
        value = raw_answer(question, form[question.id])
        answers[question.id] = question.kind.from_form(question, value)
    return answers


def form_data(page: Page, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Saved answers shaped as form data, so a page shows what was entered before."""
    data = {}
    for question in page.questions:
        value = answers.get(question.id)
        if value is None:
            continue
        data[question.id] = question.kind.to_form(question, value)
    return data


#: Names a page's form sends besides its questions: the token and its buttons.
FORM_CONTROLS = frozenset({"csrf_token", "continue", "add_rows", "remove_row"})


def row_to_remove(page: Page, formdata: Any) -> tuple[str, int] | None:
    """The medicine row a "Remove" button asks to remove: (question id, row index), or None.

    The button's value is ``question_id-index``, e.g. ``medicine_list-2``.
    """
    value = formdata.get("remove_row")
    if value is None:
        return None
    qid, _, index = value.rpartition("-")
    question = next((q for q in page.questions if q.id == qid), None)
    if question is None or question.kind.widget != "rows" or not index.isdigit() \
            or len(index) > 3 or int(index) >= list_settings(question).max_rows:
        return None
    return qid, int(index)


def without_row(formdata: Any, question_id: str, index: int) -> MultiDict:
    """``formdata`` without one medicine row; the rows after it move up one place."""
    kept: MultiDict[str, str] = MultiDict()
    prefix = f"{question_id}-"
    for key, value in formdata.items(multi=True):
        if key == "remove_row":
            continue
        row, _, name = key.removeprefix(prefix).partition("-")
        if key.startswith(prefix) and row.isdigit() and name:
            if int(row) == index:
                continue
            if int(row) > index:
                key = f"{prefix}{int(row) - 1}-{name}"
        kept.add(key, value)
    return kept


def unusable_input(page: Page, formdata: Any) -> str | None:
    """Why this submission cannot have come from the page's own form, in plain words, or None.

    A browser sends each question once (a multiple choice once a ticked box),
    only the rows the page showed, and text it could read. Anything else is
    refused whole, so nothing odd is ever stored.
    """
    questions = {question.id: question for question in page.questions}
    if "remove_row" in formdata and row_to_remove(page, formdata) is None:
        return _("The form asked to remove a medicine row this page does not have.")
    for key in formdata:
        values = formdata.getlist(key)
        if any("\ufffd" in value for value in values):
            return _("The form sent characters that could not be read.")
        question = questions.get(key)
        widget = question.kind.widget if question else None
        if key in FORM_CONTROLS or (question and widget not in ("checkboxes", "rows")):
            if len(values) > 1:
                return _("The form sent the same answer more than once.")
        elif question and widget == "checkboxes":
            if len(values) > len(question.options):
                return _("The form sent more answers than this question has.")
        elif not _is_row_field(questions, key, values):
            return _("The form sent an answer this page does not ask for.")
    return None


def _is_row_field(questions: dict[str, Question], key: str, values: list[str]) -> bool:
    """Whether ``key`` names one field of a medicine row the page can show (like name-0-...)."""
    qid, _, rest = key.partition("-")
    question = questions.get(qid)
    if question is None or question.kind.widget != "rows" or len(values) != 1:
        return False
    settings = list_settings(question)
    index, _, name = rest.partition("-")
    fields = {"name"} | {field.name for field in settings.fields}
    return index.isdigit() and len(index) < 4 and int(index) < settings.max_rows and \
        name in fields
