"""The sleep diary's pages (issue 17): add, change and remove nights one a page, every
refusal at its field with what was typed kept, two tabs, the most nights, download and
upload unchanged, and the blank diary."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from typing import Any

import pytest
from conftest import MINIMAL_ANSWERS, ON_BOTH_STORES

from webapp.engine.answer_file import dump_answers

BEFORE_DIARY = ("about-you", "visit-goal", "sleep-pattern", "sleep-habits", "sleep-signs")
DIARY = "/page/sleep-diary"


def typed_night(day: date, **changes: str) -> dict[str, str]:
    """A night as a patient types it (the issue's worked example across midnight)."""
    return {"date-day": str(day.day), "date-month": str(day.month), "date-year": str(day.year),
            "in_bed": "11:30pm", "tried_sleep": "23.45", "sol_min": "30", "awakenings": "2",
            "waso_min": "20", "final_wake": "610", "out_of_bed": "6:40am", "quality": "fair",
            "note": "", **changes}


def stored_night(day: date, **changes: Any) -> dict[str, Any]:
    """The same night as the answers file holds it."""
    return {"date": day.isoformat(), "in_bed": "23:30", "tried_sleep": "23:45", "sol_min": 30,
            "awakenings": 2, "waso_min": 20, "final_wake": "06:10", "out_of_bed": "06:40",
            "quality": "fair", "note": "", **changes}


DAY = date.today() - timedelta(days=5)


@pytest.fixture
def at_diary(wizard):
    for page_id in BEFORE_DIARY:
        wizard.answer(page_id, MINIMAL_ANSWERS.get(page_id))
    return wizard


def saved_diary(client) -> list[dict[str, Any]]:
    answers = json.loads(client.get("/download").get_data(as_text=True))["answers"]
    return answers.get("sleep_diary", [])


def text(response) -> str:
    return response.get_data(as_text=True)


def test_nights_are_added_changed_and_removed_one_a_page(at_diary, client):
    empty = text(client.get(DIARY))
    assert "You have not entered any nights yet." in empty
    assert ">Continue</button>" in empty
    assert 'href="/diary/night/1"' in empty

    first = at_diary.submit("/diary/night/1", typed_night(DAY))
    assert first.status_code == 302 and first.location == DIARY
    assert saved_diary(client) == [stored_night(DAY)]
    listed = text(client.get(DIARY))
    assert "Friday" in listed or DAY.strftime("%A") in listed
    assert "5 h 35 min" in listed  # total sleep time 335 min, the worked example
    assert "This summary shows averages from 3 nights on." in listed
    assert ">I have entered all my nights</button>" in listed
    assert "Add another night" in listed

    # A second night's page starts on the morning after the first.
    second_page = text(client.get("/diary/night/2"))
    after = DAY + timedelta(days=1)
    assert f'name="date-day" value="{after.day}"' in second_page
    at_diary.submit("/diary/night/2", typed_night(after, quality="good", note="Noisy street"))
    at_diary.submit("/diary/night/3", typed_night(DAY + timedelta(days=2), sol_min="10"))
    listed = text(client.get(DIARY))
    assert "<strong>Averages of 3 nights:</strong> Time to fall asleep" in listed
    assert "sleep efficiency " in listed

    # Change: the night's page shows it as saved; saving changes that night alone.
    change = text(client.get("/diary/night/1"))
    assert 'value="11:30pm"' in change and 'value="30"' in change
    at_diary.submit("/diary/night/1", typed_night(DAY, out_of_bed="7am"))
    assert [n["out_of_bed"] for n in saved_diary(client)] == ["07:00", "06:40", "06:40"]

    # Remove asks first, then removes that night only.
    confirm = text(client.get("/diary/night/2/remove"))
    assert "Remove night 2?" in confirm and after.strftime("%B") in confirm
    at_diary.submit("/diary/night/2/remove", {})
    assert [n["date"] for n in saved_diary(client)] == [
        DAY.isoformat(), (DAY + timedelta(days=2)).isoformat()]

    # "I have entered all my nights" finishes the page; the check page says how many.
    done = at_diary.answer("sleep-diary", {"continue": "1"})
    assert done.status_code == 302 and "/page/anxiety" in done.location
    assert len(saved_diary(client)) == 2  # the page's own form never clears the diary


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"in_bed": "25:00"}, "in_bed", "For night 1 (ending {month} {day}), enter the time you got "
     "into bed with an hour from 0 to 23, or with am or pm, like 10:30pm or 22:30."),
    ({"tried_sleep": "10:50pm", "in_bed": "11:10pm"}, "tried_sleep",
     "enter the times in the order they happened"),
    ({"sol_min": "400"}, "sol_min", "enter minutes that fit the night"),
    ({"out_of_bed": "11:45pm"}, "out_of_bed", "enter times less than 24 hours apart"),
    ({"date-day": "31", "date-month": "2"}, "date",
     "enter a real date, the morning the night ended, like 20 11 2026."),
    ({"awakenings": "two"}, "awakenings", "as a whole number from 0 to 99, using digits"),
    ({"quality": ""}, "quality", "choose the quality of your sleep"),
    ({"final_wake": "6:10 in the morning"}, "final_wake",
     "For night 1, enter the time of your final awakening with 12 characters or fewer"),
    # Issue 13: a comment is one line, as on the paper diary.
    ({"note": "Woke at three with the dog barking next door and could not get back to sleep"
              " again"}, "note", "enter the comment with 80 characters or fewer. It has 82."),
])
def test_each_refusal_is_shown_at_its_field_and_keeps_what_was_typed(at_diary, client, changes,
                                                                   field, message):
    typed = typed_night(DAY, **changes)
    page = text(at_diary.submit("/diary/night/1", typed))
    expected = message.format(month=DAY.strftime("%B"), day=DAY.day)
    summary = re.search(r'<div class="error-summary".*?</div>', page, re.S)
    assert summary and f'href="#night-{field}"' in summary.group()
    assert expected in summary.group()
    assert f'id="night-{field}-error"' in page
    assert f'id="night-{field}"' in page  # the anchor lands on the field
    for name, value in typed.items():
        if value and name != "quality":
            assert f'value="{value}"' in page or f">{value}<" in page  # never cleared
    assert saved_diary(client) == []


def test_two_nights_with_one_date_and_a_future_morning_are_refused(at_diary, client):
    at_diary.submit("/diary/night/1", typed_night(DAY))
    twice = text(at_diary.submit("/diary/night/2", typed_night(DAY)))
    assert "For night 2, enter another date: night 1 already ends on the morning of" in twice
    future = date.today() + timedelta(days=3)
    ahead = text(at_diary.submit("/diary/night/2", typed_night(future)))
    assert "enter the date of a morning that has come" in ahead
    assert len(saved_diary(client)) == 1


def test_the_diary_takes_at_most_max_nights(at_diary, client):
    for n in range(14):
        at_diary.submit(f"/diary/night/{n + 1}", typed_night(DAY - timedelta(days=n)))
    assert len(saved_diary(client)) == 14
    listed = text(client.get(DIARY))
    assert "Add another night" not in listed
    full = client.get("/diary/night/15", follow_redirects=True)
    assert "Your diary has 14 nights, the most it takes." in text(full)
    assert len(saved_diary(client)) == 14


def test_a_change_from_the_check_page_returns_there(at_diary, client):
    for page_id in ("sleep-diary", "anxiety", "mood", "worry-at-night", "alcohol", "caffeine",
                    "other-substances", "medicines", "your-questions"):
        at_diary.answer(page_id, MINIMAL_ANSWERS.get(page_id))
    listed = text(client.get(DIARY + "?return=check"))
    assert 'href="/diary/night/1?return=check"' in listed
    saved = at_diary.submit("/diary/night/1?return=check", typed_night(DAY))
    assert saved.location == DIARY + "?return=check"
    done = at_diary.answer("sleep-diary?return=check", {"continue": "1"})
    assert done.location == "/check"
    assert "1 night, the morning of" in text(client.get("/check"))


@pytest.mark.parametrize("path", ["/diary/night/1", "/diary/night/1/remove"])
def test_a_page_before_the_diary_must_be_answered_first(wizard, client, path):
    response = client.get(path)
    assert response.status_code == 302 and "/page/about-you" in response.location


def test_an_odd_submission_is_refused_whole(at_diary, client):
    response = at_diary.submit("/diary/night/1", {**typed_night(DAY), "extra": "1"})
    assert response.status_code == 400
    assert "The form sent an answer this page does not ask for." in text(response)
    assert saved_diary(client) == []


@ON_BOTH_STORES
def test_two_tabs_adding_different_nights_keep_both(at_diary, client):
    token_one = at_diary.token("/diary/night/1")
    token_two = at_diary.token("/diary/night/1")
    client.post("/diary/night/1", data={"csrf_token": token_one, **typed_night(DAY)})
    # The second tab loaded "Night 1" before the first saved; it saves another date.
    other = DAY + timedelta(days=1)
    client.post("/diary/night/2", data={"csrf_token": token_two, **typed_night(other)})
    assert [n["date"] for n in saved_diary(client)] == [DAY.isoformat(), other.isoformat()]


def test_download_and_upload_keep_the_diary_unchanged(at_diary, client):
    for n in range(3):
        at_diary.submit(f"/diary/night/{n + 1}",
                        typed_night(DAY + timedelta(days=n), note=f"Night {n} ünïcode"))
    before = saved_diary(client)
    downloaded = client.get("/download").get_data()
    client.get("/delete")
    at_diary.submit("/delete", {})
    resumed = at_diary.submit("/resume", {"answers_file": (__import__("io").BytesIO(downloaded),
                                                            "answers.json")},
                              content_type="multipart/form-data")
    assert resumed.status_code in (200, 302)
    assert saved_diary(client) == before


def test_a_bad_night_in_an_uploaded_file_is_listed_by_number_and_the_rest_kept(wizard, client):
    nights = [stored_night(DAY), stored_night(DAY + timedelta(days=1), sol_min=900),
              stored_night(DAY + timedelta(days=2)), stored_night(DAY)]
    file = dump_answers({"sleep_diary": nights}).encode()
    page = text(wizard.submit("/resume", {"answers_file": (__import__("io").BytesIO(file),
                                                            "answers.json")},
                              content_type="multipart/form-data"))
    assert "For night 2 (ending" in page and "enter minutes that fit the night" in page
    assert "For night 4, enter another date: night 1 is also the night ending" in page
    assert [n["date"] for n in saved_diary(client)] == [
        DAY.isoformat(), (DAY + timedelta(days=2)).isoformat()]


def test_the_night_page_says_the_comments_limit_before_anything_is_typed(at_diary, client):
    page = text(client.get("/diary/night/1"))
    assert ('<div id="night-note-limit" class="hint character-limit">Up to 80 characters.'
            '</div>') in page
    assert 'data-maxlength="80"' in page


def test_a_comment_over_80_characters_in_an_uploaded_file_is_listed_and_the_rest_kept(
        wizard, client):
    """Issue 13: the comment's limit holds for a saved file: the night is listed by number
    with the field and its limit; the other nights are kept."""
    nights = [stored_night(DAY, note="x" * 80), stored_night(DAY + timedelta(days=1),
                                                             note="y" * 81)]
    file = dump_answers({"sleep_diary": nights}).encode()
    page = text(wizard.submit("/resume", {"answers_file": (__import__("io").BytesIO(file),
                                                            "answers.json")},
                              content_type="multipart/form-data"))
    assert "For night 2 (ending" in page
    assert "enter the comment with 80 characters or fewer. It has 81." in page
    assert saved_diary(client) == [nights[0]]


def test_the_blank_diary_prints_in_two_sizes_and_refuses_others(client):
    page = text(client.get("/diary/blank?nights=14&paper=letter"))
    assert "Sleep diary, 14 nights, Letter" in page
    assert "What time did you get into bed?" in page
    wrong = client.get("/diary/blank?nights=9&paper=a4")
    assert wrong.status_code == 404
    assert "Choose a diary of 7 or 14 nights." in text(wrong)
    assert 'href="/diary/blank?nights=7&amp;paper=a4"' in text(wrong)
