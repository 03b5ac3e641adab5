"""Arbitrary fields and values sent to every page: never a 500, never an invalid stored answer."""

from __future__ import annotations

import pytest
from conftest import CSRF_FIELD, MINIMAL_ANSWERS, QUESTIONS, Wizard
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from webapp import create_app
from webapp.loader import load_questionnaire
from webapp.validation import answer_problem

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


@st.composite
def submissions(draw):
    page_id = draw(st.sampled_from(PAGES))
    pairs = draw(st.lists(st.tuples(st.sampled_from(names_for(page_id)), values_for(page_id)),
                          max_size=12))
    return page_id, pairs


@pytest.fixture(scope="module")
def patient(tmp_path_factory):
    app = create_app({"TESTING": True, "SECRET_KEY": "fuzz", "QUESTIONS_FILE": str(QUESTIONS),
                      "INSTANCE_PATH": str(tmp_path_factory.mktemp("fuzz"))})
    client = app.test_client()
    Wizard(client).walk(MINIMAL_ANSWERS)  # every page is open to this patient
    token = CSRF_FIELD.search(client.get("/page/about-you").get_data(as_text=True)).group(1)
    return client, token


def assert_store_is_valid(client) -> None:
    with client.session_transaction() as session:
        answers = dict(session.get("answers", {}))
        seen = set(session.get("seen", []))
    assert seen <= set(PAGES)
    for qid, value in answers.items():
        question = QUESTIONNAIRE.question(qid)
        assert answer_problem(question, value) is None, (qid, value)


@settings(max_examples=400, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(submission=submissions(), with_token=st.booleans())
def test_arbitrary_submissions_never_break_the_app_or_the_answers(patient, submission,
                                                                  with_token):
    client, token = patient
    page_id, pairs = submission
    form = MultiDict([(name, value) for name, value in pairs if name != "csrf_token"])
    if with_token:
        form.add("csrf_token", token)
    response = client.post(f"/page/{page_id}", data=form)
    assert response.status_code in OK_STATUSES, response.get_data(as_text=True)[:500]
    assert "Traceback" not in response.get_data(as_text=True)
    assert_store_is_valid(client)
    for path in ("/check", "/summary"):
        assert client.get(path).status_code in (200, 302)


@settings(max_examples=100, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=30),
       query=st.text(max_size=20))
def test_arbitrary_addresses_get_a_page_not_a_crash(patient, path, query):
    client, _ = patient
    from urllib.parse import quote, urlencode

    response = client.get("/page/" + quote(path, safe="") + "?" +
                          urlencode({"return": query, "rows": query}))
    assert response.status_code in {200, 302, 308, 404}
