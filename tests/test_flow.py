"""The whole path through the test client with CSRF on: pages, Back, Change, errors, summary."""

from __future__ import annotations

import re

from conftest import MINIMAL_ANSWERS


def text_of(response) -> str:
    return response.get_data(as_text=True)


def test_start_page_says_what_it_is_and_is_not(client):
    page = text_of(client.get("/"))
    assert "It is not medical advice." in page
    assert "does not diagnose" in page
    assert "15 minutes" in page
    assert "deleted\n      12 hours after your last click" in page
    assert 'href="/page/about-you"' in page


def test_minimal_walk_reaches_check_answers_then_summary(wizard, client):
    assert wizard.walk(MINIMAL_ANSWERS) == "/check"
    check = text_of(client.get("/check"))
    assert "It takes me a long time to fall asleep" in check
    assert "Not provided" in check
    response = wizard.submit("/talking-points", {"include": ["nothing-flagged"]})
    assert response.location == "/summary"
    summary = text_of(client.get("/summary"))
    assert "Describe your sleep to your doctor" in summary
    assert "This is not medical advice" in summary
    assert "988" in summary
