"""What a screen reader user hears and what changes on screen as a patient answers.

- A notice ("Please answer this page first") is named in the page title and has the focus.
- "Male" hides the pregnancy question at once, with or without JavaScript.
- A text field's character count speaks once typing pauses (GOV.UK's pattern).
- Each medicine row has a Remove button, pressed from the keyboard; the notice has the focus.
- Each talking point's box is named after its point, in one named group.
"""

from __future__ import annotations

import re

import pytest

from . import audits
from .keys import KeyboardPatient, wait_for_focus

JAVASCRIPT = pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])


@JAVASCRIPT
def test_a_notice_is_named_in_the_title_and_takes_the_focus(visit, javascript):
    patient = visit(java_script_enabled=javascript)
    patient.go("/page/medicines")  # further on than this patient has come
    assert patient.path == "/page/about-you"
    assert patient.page.title().startswith("Answer this page first: About you")
    wait_for_focus(patient.page, ".notice")


@JAVASCRIPT
def test_the_pregnancy_question_goes_as_soon_as_male_is_chosen(visit, javascript):
    patient = visit(java_script_enabled=javascript)
    page = patient.page
    patient.go("/page/about-you")
    pregnancy = page.locator("#question-pregnancy")
    assert pregnancy.is_visible()
    page.check("#sex-1")  # Male
    assert page.locator("#sex-1").is_checked()
    assert not pregnancy.is_visible(), "the question about pregnancy is still on screen"
    page.check("#sex-0")  # Female
    assert pregnancy.is_visible()
    page.check("#sex-1")
    with page.expect_navigation():
        page.get_by_role("button", name="Continue", exact=True).click()
    assert patient.path == "/page/visit-goal", "a hidden question is never required"


def test_the_character_count_speaks_when_typing_pauses(visit):
    patient = visit()
    page = patient.page
    patient.go("/page/about-you")
    with page.expect_navigation():
        page.get_by_role("button", name="Continue", exact=True).click()
    count, spoken = page.locator("#visit_goal-count"), page.locator(".character-count-status")
    assert count.inner_text() == "You have 600 characters remaining"
    assert count.get_attribute("aria-hidden") == "true", "heard from the live region only"
    assert spoken.get_attribute("aria-live") == "polite" and spoken.inner_text() == ""
    page.fill("#visit_goal", "z" * 590)
    assert count.inner_text() == "You have 10 characters remaining"
    page.wait_for_function("() => document.querySelector('.character-count-status')"
                           ".textContent === 'You have 10 characters remaining'", timeout=3000)
    page.fill("#visit_goal", "z" * 601)
    assert count.inner_text() == "You have 1 character too many"
    assert "character-count-over" in count.get_attribute("class")
    page.wait_for_function("() => document.querySelector('.character-count-status')"
                           ".textContent === 'You have 1 character too many'", timeout=3000)
    # The static limit stays the field's description, for a screen reader and for the server.
    cdp = page.context.new_cdp_session(page)
    tree = audits.accessibility_tree(cdp)
    assert not audits.limit_problems(cdp, tree)


def test_a_medicine_is_removed_from_the_keyboard(visit):
    patient = visit()
    page = patient.page
    patient.load_patient()
    patient.go("/page/medicines")
    keys = KeyboardPatient(page, limit=150)
    keys.activate("Remove medicine 2, trazodone 50 mg")
    assert patient.path == "/page/medicines"
    assert page.title().startswith("Medicine removed: ")
    wait_for_focus(page, ".notice")
    assert "Medicine 2, \u201ctrazodone 50 mg\u201d, has been removed" in keys.focused().text
    names = [page.input_value(f"#medicine_list-{row}-name") for row in range(4)]
    assert names == ["sertraline 100mg", "gabapentin 300mg", "hydroxyzine 25", ""]
    # Enter in a text field still means Continue, never a Remove button.
    keys.type_into("medicine_list-3-name", "melatonin")
    keys.submit_with_enter()
    assert patient.path == "/page/medicine-effects"


def test_each_talking_point_box_names_its_point_in_one_group(visit):
    patient = visit()
    page = patient.page
    patient.load_patient()
    patient.go("/talking-points")
    group = page.get_by_role("group", name="Which points do you want on your printout?")
    boxes = group.get_by_role("checkbox")
    titles = page.locator(".point-title").all_inner_texts()
    assert boxes.count() == len(titles) >= 5
    for number, title in enumerate(titles, 1):
        point = re.sub(r"\s+safety$", "", title.split(". ", 1)[1], flags=re.IGNORECASE)
        name = f"Include point {number} in my printout – {point}"
        assert group.get_by_role("checkbox", name=name, exact=True).count() == 1, name
