"""Arbitrary fields and values sent to every page: never a 500, never an invalid stored answer.

Besides random names and values, submissions pair a page's conditional questions
with the answers that reveal them, so one POST both reveals a question and answers it.
"""

from __future__ import annotations

import pytest
from conftest import CSRF_FIELD, MINIMAL_ANSWERS, QUESTIONS, Wizard, examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from webapp import create_app
from webapp.engine.conditions import AllOf, AnswerIs, AnyOf, Not
from webapp.engine.loader import load_questionnaire
from webapp.engine.rules import walk
from webapp.engine.validation import answer_problem

QUESTIONNAIRE = load_questionnaire(QUESTIONS)
PAGES = [page.id for page in QUESTIONNAIRE.pages]
OK_STATUSES = {200, 302, 303, 400, 413}


def names_for(page_id: str) -> list[str]:
    page = QUESTIONNAIRE.page(page_id)
    names = ["continue", "add_rows", "remove_row", "csrf_token", "unknown",
             "medicine_list-99-name"]
    for question in page.questions:
        names.append(question.id)
        if question.type == "medicine_list":
            names += [f"{question.id}-{i}-{field}" for i in range(3)
                      for field in ("name", "how_often", "how_long", "prescribed", "purpose")]
    return names


def values_for(page_id: str) -> st.SearchStrategy[str]:
    page = QUESTIONNAIRE.page(page_id)
    options = sorted({opt.value for q in page.questions for opt in q.options}) or ["x"]
    return st.one_of(
        st.sampled_from(options),
        st.text(max_size=40),
        st.sampled_from(["", "0", "-1", "7", "8", "2.5", "1e309", "NaN", "inf", "\x00",
                         "<script>alert(1)</script>", "Klonopin 0.5mg", "\ufffd", " " * 5,
                         "medicine_list-1", "medicine_list-99"]),
        st.integers(-10**30, 10**30).map(str),
    )


def answer_conditions(condition) -> list[AnswerIs]:
    """Every comparison with an answer inside ``condition``."""
    if isinstance(condition, AnswerIs):
        return [condition]
    if isinstance(condition, (AllOf, AnyOf)):
        return [found for item in condition.items for found in answer_conditions(item)]
    if isinstance(condition, Not):
        return answer_conditions(condition.item)
    return []


def trigger_values(test: AnswerIs) -> list[str]:
    """Form values that make ``test`` true (or just miss it)."""
    if test.op in ("one_of", "any_of"):
        return [str(value) for value in test.value]
    if test.op in ("at_least", "at_most"):
        return [str(test.value), str(test.value + 1), str(test.value - 1)]
    if test.op == "answered":
        return ["yes", "1", "x"]
    return [str(test.value)]


def revealing_pairs(page_id: str) -> list[tuple[str, list[str]]]:
    """(name, values) for each question on the page that reveals another one on it."""
    page = QUESTIONNAIRE.page(page_id)
    on_page = {question.id for question in page.questions}
    return [(test.question, trigger_values(test)) for question in page.questions
            for test in answer_conditions(question.when) if test.question in on_page]


#: Pages where an answer reveals another question on the same page.
REVEALING_PAGES = [page for page in PAGES if revealing_pairs(page)]


@st.composite
def submissions(draw):
    page_id = draw(st.sampled_from(PAGES))
    pairs = draw(st.lists(st.tuples(st.sampled_from(names_for(page_id)), values_for(page_id)),
                          max_size=12))
    return page_id, pairs


@st.composite
def revealing_submissions(draw):
    """A page's triggers set to reveal their questions, plus values for every question."""
    page_id = draw(st.sampled_from(REVEALING_PAGES))
    pairs = [(name, draw(st.sampled_from(values))) for name, values in revealing_pairs(page_id)]
    page = QUESTIONNAIRE.page(page_id)
    for question in page.questions:
        if question.id not in dict(pairs) and draw(st.booleans()):
            pairs.append((question.id, draw(values_for(page_id))))
    return page_id, draw(st.permutations(pairs))


@pytest.fixture(scope="module")
def patient(tmp_path_factory):
    app = create_app({"TESTING": True, "SECRET_KEY": "fuzz", "QUESTIONS_FILE": str(QUESTIONS),
                      "INSTANCE_PATH": str(tmp_path_factory.mktemp("fuzz"))})
    client = app.test_client()
    Wizard(client).walk(MINIMAL_ANSWERS)  # every page is open to this patient
    token = CSRF_FIELD.search(client.get("/page/about-you").get_data(as_text=True)).group(1)
    return client, token


def assert_store_is_valid(client, page_id: str, saved: bool) -> None:
    """Every stored answer is valid; after a save, each of the page's answers is shown."""
    with client.session_transaction() as session:
        answers = dict(session.get("answers", {}))
        seen = set(session.get("seen", []))
    assert seen <= set(PAGES)
    for qid, value in answers.items():
        question = QUESTIONNAIRE.question(qid)
        assert answer_problem(question, value) is None, (qid, value)
    if saved:
        shown = walk(QUESTIONNAIRE, answers).shown
        page = QUESTIONNAIRE.page(page_id)
        kept = [q.id for q in page.questions if q.id in answers]
        assert set(kept) <= shown, f"answers kept for hidden questions: {set(kept) - shown}"


def post_and_check(patient, page_id: str, pairs: list[tuple[str, str]], with_token: bool):
    client, token = patient
    form = MultiDict([(name, value) for name, value in pairs if name != "csrf_token"])
    if with_token:
        form.add("csrf_token", token)
    response = client.post(f"/page/{page_id}", data=form)
    assert response.status_code in OK_STATUSES, response.get_data(as_text=True)[:500]
    assert "Traceback" not in response.get_data(as_text=True)
    assert_store_is_valid(client, page_id, saved=response.status_code == 302)
    for path in ("/check", "/summary"):
        assert client.get(path).status_code in (200, 302)


@settings(max_examples=examples(400), deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(submission=submissions(), with_token=st.booleans())
def test_arbitrary_submissions_never_break_the_app_or_the_answers(patient, submission,
                                                                  with_token):
    page_id, pairs = submission
    post_and_check(patient, page_id, pairs, with_token)


def test_the_shipped_questionnaire_has_questions_revealed_on_their_own_page():
    assert "caffeine" in REVEALING_PAGES, "the test below would have nothing to send"


@settings(max_examples=examples(200), deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(submission=revealing_submissions())
def test_one_post_that_reveals_and_answers_a_question_never_stores_an_invalid_answer(
        patient, submission):
    page_id, pairs = submission
    post_and_check(patient, page_id, pairs, with_token=True)


@settings(max_examples=examples(100), deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=30),
       query=st.text(max_size=20))
def test_arbitrary_addresses_get_a_page_not_a_crash(patient, path, query):
    client, _ = patient
    from urllib.parse import quote, urlencode

    response = client.get("/page/" + quote(path, safe="") + "?" +
                          urlencode({"return": query, "rows": query}))
    assert response.status_code in {200, 302, 308, 404}
