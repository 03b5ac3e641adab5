"""Phones, desktops, narrow windows and large text: every page type stays usable.

- On a desktop, and with text at 200% (WCAG 1.4.4, the root font size doubled) in a 640
  pixel window: no sideways scrolling, and with large text the page's next step can still
  be seen and pressed. Narrower windows (WCAG 1.4.10 Reflow: 320 and 390 pixels, with text
  at 200% and WCAG text spacing) are checked on every page state by test_every_state.py:
  a 360 pixel phone falls between them, under the same media queries (below 30em).
- With BTV_SCREENSHOTS=1, screenshots of each page type on a phone (360 x 740), a desktop
  and with large text go to test-artifacts/browser/ for a person to look at.
"""

from __future__ import annotations

import json

import pytest

from .audits import OVERFLOW, WIDE_CONTROLS
from .conftest import HEAVY, PHONE, SCREENSHOTS, screenshot
from .states import STATES, State, reach


def assert_no_sideways_scroll(page, where: str) -> None:
    found = page.evaluate(OVERFLOW)
    assert found["scroll"] <= found["client"], (
        f"{where} scrolls sideways: {found['scroll']}px of content in {found['client']}px; "
        "sticking out:\n  " + "\n  ".join(found["wide"]))
    wide = page.evaluate(WIDE_CONTROLS)
    assert not wide, f"{where}: controls wider than their container:\n  " + "\n  ".join(wide)


@pytest.mark.parametrize("state", STATES, ids=[state.name for state in STATES])
def test_every_page_fits_a_desktop_and_keeps_its_next_step_with_large_text(
        state: State, new_patient, artifacts, tmp_path):
    patient = new_patient
    page = patient.page
    reach(state, patient, tmp_path)
    assert_no_sideways_scroll(page, f"{state.name} on a desktop")
    screenshot(page, artifacts / f"desktop-{state.name}.png", full_page=True)

    page.set_viewport_size({"width": 640, "height": 740})
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    assert_no_sideways_scroll(page, f"{state.name} with text at 200%, 640px wide")
    role, name = state.action
    action = page.get_by_role(role, name=name, exact=True)
    action.scroll_into_view_if_needed()
    box = action.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 640, \
        f"{state.name}: {name!r} is not fully in the window with text at 200%: {box}"
    action.click(trial=True)  # visible, enabled, and nothing covers it
    screenshot(page, artifacts / f"text-200-{state.name}.png")

    if SCREENSHOTS:
        page.evaluate("document.documentElement.style.fontSize = ''")
        page.set_viewport_size(PHONE)
        screenshot(page, artifacts / f"phone-{state.name}.png", full_page=True)


def test_a_pasted_web_address_does_not_widen_the_pages(visit, tmp_path):
    content = json.loads(HEAVY.read_text())
    content["answers"]["own_questions"] = (
        "I read https://www.example.org/health/sleep/articles/benzodiazepines-and-sleep-"
        "what-you-need-to-know-before-your-appointment.html is that right?")
    content["answers"]["medicine_list"][0]["name"] = "Sertraline-hydrochloride-100mg-tablets"
    answers = tmp_path / "with-address.json"
    answers.write_text(json.dumps(content))
    patient = visit(viewport={"width": 320, "height": 740})
    patient.load_patient(answers)
    for path in ("/check", "/talking-points", "/summary", "/page/medicines",
                 "/page/your-questions"):
        patient.go(path)
        assert_no_sideways_scroll(patient.page, f"{path} at 320px with a long web address")


#: Text fields and lists drawn with the error colour, and those that have an error message.
MARKED = """() => {
  const red = getComputedStyle(document.querySelector('.error-message')).color;
  const fields = [...document.querySelectorAll(
    'main input[type=text], main select, main textarea')];
  const erring = e => (e.getAttribute('aria-describedby') || '').split(' ')
    .some(id => id.endsWith('-error'));
  return {red: fields.filter(e => getComputedStyle(e).borderTopColor === red).map(e => e.id),
          erring: fields.filter(erring).map(e => e.id)};
}"""


@pytest.mark.parametrize("state", [s for s in STATES if s.name.endswith("-error")
                                   and s.name.startswith(("question", "medicines"))],
                         ids=lambda state: state.name)
def test_only_the_fields_with_an_error_are_marked_in_red(state: State, new_patient, tmp_path):
    patient = new_patient
    patient.page.set_viewport_size(PHONE)
    reach(state, patient, tmp_path)
    marked = patient.page.evaluate(MARKED)
    assert marked["erring"], "the error state shows no field with an error"
    assert marked["red"] == marked["erring"], (
        f"{state.name}: fields drawn in red {marked['red']}, "
        f"but only {marked['erring']} have an error")
