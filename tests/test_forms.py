"""Runtime forms: one field per question, answers converted, and a clinic's own questionnaire."""

from __future__ import annotations

import json
import re

import pytest
from conftest import FIXTURES, MINIMAL_ANSWERS, Wizard
from werkzeug.datastructures import MultiDict

from webapp import create_app
from webapp.web.forms import (
    BindByCopy,
    build_form_class,
    form_answers,
    form_data,
    parse_number,
)
from webapp.web.locale import questionnaire_in

SMALL = FIXTURES / "questionnaires" / "same_page_reveal.yaml"


@pytest.mark.parametrize("typed, number", [
    ("3", 3), (" 4 ", 4), ("2.5", 2.5), ("7,5", 7.5), ("0", 0),
    ("", None), ("three", None), ("nan", None), ("-inf", None), ("1e400", None),
    ("1" * 25, None),
])
def test_parse_number(typed, number):
    assert parse_number(typed) == number


def test_every_page_builds_a_field_per_question(app, questionnaire):
    with app.test_request_context("/"):
        for page in questionnaire.pages:
            form = build_form_class(page)()
            assert [q.id for q in page.questions] == [
                name for name in form._fields if name != "csrf_token"]


def test_form_input_becomes_typed_answers(app, questionnaire):
    page = questionnaire.page("sleep-pattern")
    data = MultiDict([("sleep_problems", "sleepy_day"), ("sleep_problems", "falling_asleep"),
                      ("nights_a_week", " 6 "), ("problem_duration", "over_a_year"),
                      ("day_effect", "")])
    with app.test_request_context("/", method="POST", data=data):
        answers = form_answers(page, build_form_class(page)())
    assert answers == {"sleep_problems": ["falling_asleep", "sleepy_day"],
                       "nights_a_week": 6, "problem_duration": "over_a_year",
                       "day_effect": None}


def test_medicine_rows_keep_only_named_rows_and_their_details(app, questionnaire):
    page = questionnaire.page("medicines")
    data = MultiDict({"medicine_list-0-name": " Xanax XR ", "medicine_list-0-how_often": "rarely",
                      "medicine_list-1-name": "", "medicine_list-2-name": "melatonin"})
    with app.test_request_context("/", method="POST", data=data):
        answers = form_answers(page, build_form_class(page, rows=3)())
    assert answers["medicine_list"] == [{"name": "Xanax XR", "how_often": "rarely"},
                                        {"name": "melatonin"}]


def test_saved_answers_fill_the_form_again(app, questionnaire):
    page = questionnaire.page("sleep-pattern")
    with app.test_request_context("/"):
        form = build_form_class(page)(data=form_data(page, {"nights_a_week": 5,
                                                             "sleep_problems": ["waking_early"]}))
    assert form["nights_a_week"].data == "5"
    assert form["sleep_problems"].data == ["waking_early"]


@pytest.fixture
def small_client(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "QUESTIONS_FILE": str(SMALL),
                      "INSTANCE_PATH": str(tmp_path)})
    return app.test_client()


def test_a_clinics_own_questionnaire_drives_the_app(small_client):
    page = small_client.get("/page/coffee").get_data(as_text=True)
    assert "Small clinic" in page
    assert "Part 1 of 2: Coffee" in page


def test_a_follow_up_on_the_same_page_shows_as_soon_as_its_answer_is_chosen(small_client):
    """"Yes" shows "How many cups?" at once, without JavaScript: the question is on the page
    and the reveal stylesheet made from the questionnaire hides it until then."""
    page = small_client.get("/page/coffee").get_data(as_text=True)
    assert 'id="question-cups"' in page
    link = re.search(r'<link rel="stylesheet" href="(/reveal\.css\?v=\w+)">', page)
    assert link, "the page links the reveal stylesheet"
    css = small_client.get(link.group(1)).get_data(as_text=True)
    assert ('form:not(:has(input[name="drinks_coffee"][value="yes"]:checked)) '
            "#question-cups { display: none; }") in css
    wizard = Wizard(small_client)
    missing = wizard.answer("coffee", {"drinks_coffee": "yes"}).get_data(as_text=True)
    assert "Enter a number for \u201cHow many cups a day?\u201d</a>" in missing, \
        "the follow-up was on screen, so it is required at once"
    assert wizard.answer("coffee", {"drinks_coffee": "yes", "cups": "5"}).location == \
        "/page/goal"
    assert wizard.answer("goal", {"goal": "x" * 41}).status_code == 200
    assert wizard.answer("goal", {"goal": "Less coffee"}).location == "/check"
    points = small_client.get("/talking-points").get_data(as_text=True)
    assert "Could coffee be part of why I sleep badly?" in points


def test_a_hidden_follow_up_is_forgotten(small_client):
    wizard = Wizard(small_client)
    wizard.answer("coffee", {"drinks_coffee": "yes", "cups": "5"})
    wizard.answer("coffee", {"drinks_coffee": "no", "cups": "5"})
    with small_client.session_transaction() as session:
        assert session["answers"] == {"drinks_coffee": "no"}


def test_a_form_class_is_made_once_per_page_and_row_count(app, questionnaire):
    classes = app.extensions["form_classes"]
    page = questionnaire.page("medicines")
    assert classes.get(page, 3) is classes.get(page, 3)
    assert classes.get(page, 6) is not classes.get(page, 3)
    with app.test_request_context("/"):
        assert len(classes.get(page, 6)()["medicine_list"].entries) == 6


def test_one_patients_input_and_errors_never_reach_another_patients_page(app):
    """The page's form class is shared by every request; what it holds must not be."""
    first, second = Wizard(app.test_client()), Wizard(app.test_client())
    for wizard in (first, second):
        assert wizard.answer("about-you", {"age_band": "age_40_64"}).status_code == 302
        assert wizard.answer("visit-goal", {}).status_code == 302
    response = first.answer("sleep-pattern", {"nights_a_week": "Marker-first-patient"})
    assert "Marker-first-patient" in response.get_data(as_text=True)
    assert "There is a problem" in response.get_data(as_text=True)
    page = second.client.get("/page/sleep-pattern").get_data(as_text=True)
    assert 'name="nights_a_week"' in page
    assert "Marker-first-patient" not in page and "There is a problem" not in page


def _field_state(field) -> dict:
    """What a bound field holds, comparable between two bindings (its form and meta are
    each binding's own; rows and their forms compared within)."""
    state = {}
    for key, value in vars(field).items():
        if key in ("_form", "meta"):
            continue
        if key == "label":
            value = (value.field_id, value.text)
        elif key == "flags":
            value = dict(vars(value))
        elif key == "entries":
            value = [_field_state(entry) for entry in value]
        elif key == "form" and hasattr(value, "_fields"):
            value = {name: _field_state(sub) for name, sub in value._fields.items()}
        state[key] = value
    return state


def _bound(app, form_class, language: str, **kwargs) -> dict:
    with app.test_request_context("/", headers={"Accept-Language": language}):
        form = form_class(**kwargs)
        return {name: _field_state(field) for name, field in form._fields.items()}


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_field_bound_by_copy_is_the_field_wtforms_binds(app, monkeypatch, language):
    """BindByCopy binds each field once and copies it: every field of every page, with
    saved answers and empty, holds what WTForms' own binding gives it."""
    answers = json.loads((FIXTURES / "patients" / "midlife_anxiety_several_medicines.json")
                         .read_text())["answers"]
    with app.app_context():
        pages = questionnaire_in(language).pages
    for page in pages:
        form_class = build_form_class(page, rows=4)
        for kwargs in ({}, {"data": form_data(page, answers)}):
            copied = _bound(app, form_class, language, **kwargs)
            copied_again = _bound(app, form_class, language, **kwargs)
            with monkeypatch.context() as patch:
                patch.setattr(BindByCopy, "bind_field",
                              lambda meta, form, unbound, options: unbound.bind(
                                  form=form, **options))
                own = _bound(app, form_class, language, **kwargs)
            assert copied == own, page.id
            assert copied_again == own, page.id


def test_fields_bound_by_copy_share_nothing_a_patient_typed(app, questionnaire):
    """The field bound once for copying holds no form, no input and no errors; each
    request's copy gets its own input, errors and flags."""
    page = questionnaire.page("medicines")
    form_class = build_form_class(page, rows=3)
    first_input = MultiDict({"medicine_list-0-name": "Marker-first-patient"})
    with app.test_request_context("/", method="POST", data=first_input):
        first = form_class()
        first.validate()
    with app.test_request_context("/", method="POST",
                                  data=MultiDict({"medicine_list-0-name": "melatonin"})):
        second = form_class()
    assert first["medicine_list"].entries[0]["name"].data == "Marker-first-patient"
    assert second["medicine_list"].entries[0]["name"].data == "melatonin"
    assert first["medicine_list"].entries[0]["name"].flags is not \
        second["medicine_list"].entries[0]["name"].flags
    kept = [field for unbound in vars(form_class).values()
            if hasattr(unbound, "_bound_once") for field in unbound._bound_once.values()]
    row_class = vars(form_class)["medicine_list"].args[0].args[0]  # RowList(FormField(row))
    kept += [field for unbound in vars(row_class).values()
             if hasattr(unbound, "_bound_once") for field in unbound._bound_once.values()]
    assert len(kept) > 3
    for field in kept:
        assert field._form is None
        assert not {"data", "raw_data", "object_data", "errors", "process_errors", "entries",
                    "form"} & vars(field).keys()
        assert "Marker-first-patient" not in repr(vars(field))


def refused(question) -> list[str]:
    """What a browser could send that ``question`` does not accept."""
    if question.type == "multiple_choice":  # "None of these" and another answer
        return sorted({o.value for o in question.options if o.exclusive}
                      | {question.options[0].value})
    return {"single_choice": ["not-an-option"], "yes_no": ["maybe"],
            "number": ["lots"]}.get(question.type, [
                "x" * (getattr(question.settings, "max_length", 0) + 1)])


@pytest.mark.parametrize("blank", [False, True], ids=["refused", "required-but-blank"])
def test_every_error_message_names_the_question_as_the_patient_saw_it(app, questionnaire, blank):
    """The error summary lists messages far from their questions: each names its question
    in the words on the page (the label), never the short label of the summary."""
    checked = 0
    for page in questionnaire.pages:
        questions = [q for q in page.questions if q.type != "medicine_list"
                     and not q.kind.entered_apart  # the page's form never takes it
                     and (q.required or not blank)
                     and (q.type != "multiple_choice" or any(o.exclusive for o in q.options))]
        data = MultiDict([] if blank else [(q.id, value) for q in questions
                                           for value in refused(q)])
        with app.test_request_context("/", method="POST", data=data):
            form = build_form_class(page)()
            form.shown = frozenset(q.id for q in page.questions)
            form.validate()
            for question in questions:
                messages = form[question.id].errors
                assert messages, f"{question.id}: no message for {refused(question)}"
                for message in messages:
                    assert f"\u201c{question.label}\u201d" in message, message
                    if question.summary_label and question.summary_label not in question.label:
                        assert question.summary_label not in message, message
                checked += 1
    assert checked >= (3 if blank else 30)


def stored(client) -> dict:
    with client.session_transaction() as session:
        return dict(session.get("answers", {}))


#: What the outside review sent as the answer to a question the same POST revealed.
ADVICE = "<b>Take 4 tablets</b> of zolpidem at bedtime. " * 110  # about 5 KB


def test_a_question_revealed_by_the_same_post_is_judged_before_anything_is_saved(client):
    """caffeine_latest appears once caffeine_drinks is 1 or more; one POST sends both."""
    wizard = Wizard(client)
    assert wizard.walk(MINIMAL_ANSWERS) == "/check"
    before = stored(client)
    assert "caffeine_latest" not in before, "hidden until the patient counts a drink"
    response = wizard.answer("caffeine", {"caffeine_drinks": "2", "caffeine_latest": ADVICE})
    assert stored(client) == before, "nothing from the submission was saved"
    page = response.get_data(as_text=True)
    assert "Take 4 tablets" not in page
    assert "Choose one of the answers shown for \u201cWhen do you usually have your last" in page
    for path in ("/check", "/summary", "/download"):
        assert "Take 4 tablets" not in client.get(path).get_data(as_text=True), path
    # The same pair with an answer from the list is saved at once, and the patient moves on.
    response = wizard.answer("caffeine", {"caffeine_drinks": "2", "caffeine_latest": "morning"})
    assert response.location == "/page/other-substances"
    assert {k: stored(client)[k] for k in ("caffeine_drinks", "caffeine_latest")} == \
        {"caffeine_drinks": 2, "caffeine_latest": "morning"}


@pytest.mark.parametrize("cups", ["ninety", "99", "-1", "1e400"])
def test_a_revealed_number_out_of_range_is_never_stored(small_client, cups):
    wizard = Wizard(small_client)
    page = wizard.answer("coffee", {"drinks_coffee": "yes", "cups": cups}).get_data(as_text=True)
    assert "Enter a number" in page, "the page comes back with the message at the question"
    assert stored(small_client) == {}


#: A real product name of 49 characters, and texts just over the medicine list's limits.
LONGEST_REAL = "trimethoprim and sulfamethoxazole double strength"


def test_a_medicine_name_or_purpose_over_60_characters_is_refused_keeping_what_was_typed(
        wizard):
    """Issue 13: a medicine's name and "what you take it for" take 60 characters each. The
    page says so before anything is typed; a longer text gets a plain message and the page
    comes back with every text typed still in its box; 60 characters are taken."""
    wizard.walk(MINIMAL_ANSWERS)
    page = wizard.client.get("/page/medicines").get_data(as_text=True)
    assert "Each name or detail can be up to 60 characters." in page
    long_name, long_purpose = LONGEST_REAL + " tablets 800mg", "p" * 61
    assert len(long_name) == 63
    for row, message in (({"medicine_list-0-name": long_name},
                          "Keep the name in row 1 to 60 characters or fewer."),
                         ({"medicine_list-0-name": LONGEST_REAL,
                           "medicine_list-0-purpose": long_purpose},
                          "Keep \u201cWhat you take it for\u201d in row 1 to 60 characters "
                          "or fewer.")):
        data = {**row, "medicine_list-1-name": "Melatonin"}
        response = wizard.answer("medicines", data)
        page = response.get_data(as_text=True)
        assert response.status_code == 200 and message in page
        for text in data.values():
            assert f'value="{text}"' in page
    accepted = wizard.answer("medicines", {"medicine_list-0-name": long_name[:60],
                                           "medicine_list-0-purpose": long_purpose[:60]})
    assert accepted.status_code == 302
