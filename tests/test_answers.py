"""The store's last check: whatever path an answer takes, an invalid one is never saved."""

from __future__ import annotations

import pytest
from flask import session

from webapp.storage import answers as store


@pytest.mark.parametrize("qid, value", [
    ("caffeine_latest", "<b>Take 4 tablets</b>"),   # not one of its options
    ("medicine_list", [{"name": "Xanax", "\x1b[2J": "x"}]),
    ("caffeine_drinks", 10**400),                   # a number no float can hold
    ("tried_already", "bad \ud800 text"),           # half a UTF-16 pair: no page could show it
], ids=["not-an-option", "unknown-row-key", "huge-number", "lone-surrogate"])
def test_the_store_refuses_an_invalid_answer_from_any_path(app, questionnaire, qid, value):
    page = questionnaire.page(questionnaire.question(qid).page_id)
    with app.test_request_context("/"):
        store.save_page(page, {"caffeine_drinks": 2}, {"caffeine_drinks"})
        before = dict(session)
        with pytest.raises(store.InvalidAnswer) as refused:
            store.save_page(page, {qid: value}, {qid})
        with pytest.raises(store.InvalidAnswer):
            store.replace_all({"caffeine_drinks": 3, qid: value}, [page.id])
        assert dict(session) == before, "nothing was saved"
        assert qid in str(refused.value) and "\ud800" not in str(refused.value)


def test_the_store_refuses_an_answer_to_a_question_it_does_not_ask(app):
    with app.test_request_context("/"):
        with pytest.raises(store.InvalidAnswer):
            store.replace_all({"no_such_question": "x"}, [])
        assert "answers" not in session
