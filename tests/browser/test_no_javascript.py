"""With JavaScript turned off the whole flow still works, from the start page to the summary,
then download, delete and continue from the saved file. No request leaves the app's server."""

from __future__ import annotations

import json
from typing import Any

from .keys import wait_for_focus

#: What the patient answers on each page; lists are ticked boxes.
ANSWERS: dict[str, dict[str, Any]] = {
    "about-you": {"age_band": "age_65_plus", "sex": "male", "drives": "yes", "seizures": "no"},
    "visit-goal": {"visit_goal": "Find out if my sleeping pills are still right for me."},
    "sleep-pattern": {"sleep_problems": ["staying_asleep"], "nights_a_week": "5",
                      "problem_duration": "over_a_year", "day_effect": "a_little"},
    "sleep-habits": {"sleep_habits": ["alcohol_bedtime"]},
    "sleep-signs": {"breathing_signs": ["loud_snoring", "stops_breathing"]},
    "anxiety": {f"gad7_{n}": "several_days" for n in range(1, 8)},
    "worry-at-night": {"worries_awake": "no"},
    "alcohol": {"audit_1": "4_plus_week"},
    "alcohol-amount": {"audit_2": "three_or_four", "audit_3": "monthly"},
    "caffeine": {"caffeine_drinks": "3", "caffeine_latest": "morning"},
    "other-substances": {"cannabis": "never"},
    "medicines": {"medicine_list-0-name": "Ambien 10mg",
                  "medicine_list-0-how_long": "over_a_year",
                  "medicine_list-1-name": "oxycodone"},
    "medicine-effects": {"side_effects": ["morning_grogginess", "memory"],
                         "thinking_of_stopping": "yes"},
    "your-questions": {"picked_questions": ["medicine_review"],
                       "own_questions": "Can I drink a glass of wine with these?"},
}


def answer(page, answers: dict[str, Any]) -> None:
    """Fill in a page the ordinary way: click boxes and radios, type, choose from lists."""
    for name, value in answers.items():
        if isinstance(value, list):
            for ticked in value:
                page.check(f"input[name='{name}'][value='{ticked}']")
            continue
        field = page.locator(f"[name='{name}']").first
        if not field.is_visible():
            continue  # a question this page reveals only after it is sent
        kind = field.evaluate("e => e.type")
        if kind == "radio":
            page.check(f"input[name='{name}'][value='{value}']")
        elif kind == "select-one":
            field.select_option(value)
        else:
            field.fill(value)


def press(page, name: str, role: str = "button") -> None:
    with page.expect_navigation():
        page.get_by_role(role, name=name, exact=True).click()


def test_the_whole_flow_works_without_javascript(visit, tmp_path):
    patient = visit(java_script_enabled=False)
    page = patient.page
    patient.go("/")
    press(page, "Start now", "link")

    # An error without JavaScript: the summary is there and its link reaches the field.
    for page_id in ("about-you", "visit-goal"):
        answer(page, ANSWERS[page_id])
        press(page, "Continue")
    assert patient.path == "/page/sleep-pattern"
    answer(page, {**ANSWERS["sleep-pattern"], "nights_a_week": "lots"})
    press(page, "Continue")
    assert page.title().startswith("Error:")
    page.get_by_role("link", name="Enter a number from 0 to 7 for \u201cOn how many nights a week "
                     "do you sleep badly?\u201d, using digits, like 4.").click()
    assert page.evaluate("document.activeElement.id") == "nights_a_week"
    page.fill("#nights_a_week", "5")
    press(page, "Continue")

    # Back, then on through every page; one reveals a question, one adds medicine rows.
    press(page, "Back", "link")
    assert patient.path == "/page/sleep-pattern"
    assert page.input_value("#nights_a_week") == "5"
    press(page, "Continue")
    for _ in range(20):
        if not patient.path.startswith("/page/"):
            break
        page_id = patient.path.split("/page/")[1].split("?")[0]
        answer(page, ANSWERS.get(page_id, {}))
        if page_id == "medicines" and page.locator(".row-legend").count() == 3:
            press(page, "Save and add more rows")
            assert page.locator(".row-legend").count() == 6
            # Without JavaScript too, the focus lands on the first new row.
            wait_for_focus(page, "#medicine_list-2-name")
            assert page.input_value("#medicine_list-0-name") == "Ambien 10mg"
        press(page, "Continue")
    assert patient.path == "/check"
    checked = page.locator("main").inner_text()
    assert "Ambien 10mg" in checked and "Between midday" not in checked
    assert "Before midday" in checked, "the question the caffeine answer revealed was asked"

    # Change from Check your answers comes back to it.
    press(page, "Change Bad nights a week", "link")
    page.fill("#nights_a_week", "3")
    press(page, "Continue")
    assert patient.path == "/check"
    checked_after_change = page.locator("main").inner_text()
    assert "3 nights a week" in checked_after_change

    press(page, "Continue", "link")
    assert patient.path == "/talking-points"
    assert page.locator("#point-opioid-with-sedative").count() == 1
    page.uncheck("#include-sleep-habits")
    press(page, "Continue to my summary")
    assert patient.path == "/summary"
    sheet = page.locator(".summary-sheet").inner_text()
    assert "An opioid with a benzodiazepine or a Z-drug" in sheet
    assert "Habits that can affect sleep" not in sheet
    assert "Can I drink a glass of wine with these?" in sheet

    # Download, delete, and continue from the file: everything comes back.
    with page.expect_download() as download:
        page.get_by_role("link", name="Download my answers").click()
    saved = tmp_path / "answers.json"
    download.value.save_as(saved)
    assert json.loads(saved.read_text())["answers"]["nights_a_week"] == 3
    press(page, "Start again and delete my answers", "link")
    press(page, "Delete my answers")
    assert "Your answers have been deleted" in page.locator(".notice").inner_text()
    patient.go("/check")
    assert patient.path == "/page/about-you"
    patient.load_patient(saved)
    assert patient.path == "/check"
    again = page.locator("main").inner_text()
    assert "Your saved answers are back" in again
    assert again.split("Check your answers", 1)[1] == checked_after_change.split(
        "Check your answers", 1)[1], "the file brought back different answers"

    assert patient.foreign_requests() == [], "requests left the app's own server"
