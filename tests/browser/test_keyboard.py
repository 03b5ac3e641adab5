"""The whole questionnaire with the keyboard alone: Tab, Shift+Tab, Space, arrows and Enter.

One patient goes from the start page to printing the summary, meeting an error on the way
(the error summary takes the focus; its links take the focus to the field), going Back,
and changing an answer from "Check your answers". No clicks, no fill(): every field is
reached with Tab and typed into with the keyboard.
"""

from __future__ import annotations

from .conftest import screenshot
from .keys import KeyboardPatient, wait_for_focus

#: Counts calls to window.print() instead of opening the print dialog.
PRINT_SPY = "window.__printed = 0; window.print = () => { window.__printed += 1; };"


def heading(page) -> str:
    return page.locator("h1").first.inner_text().strip()


def test_a_keyboard_user_completes_everything_from_start_to_print(visit, artifacts):
    patient = visit()
    page = patient.page
    page.context.add_init_script(PRINT_SPY)
    keys = KeyboardPatient(page)
    patient.go("/")

    # The skip link is the first stop and moves the focus to the main content.
    keys.tab_to(lambda f: f.text == "Skip to main content", "the skip link")
    keys.press("Enter")
    assert keys.focused().id == "main"
    keys.activate("Start now")
    assert patient.path == "/page/about-you"

    # About you: Space and arrows in radio groups, then Shift+Tab back up to change one.
    keys.choose("age_band", "age_40_64")
    keys.choose("sex", "female")
    keys.choose("pregnancy", "none")
    keys.choose("drives", "yes")
    keys.choose("seizures", "no")
    keys.choose("age_band", "age_65_plus", backwards=True)
    keys.activate("Continue")
    assert patient.path == "/page/visit-goal"

    keys.type_into("visit_goal", "To sleep through the night without feeling foggy.")
    keys.activate("Continue")
    assert patient.path == "/page/sleep-pattern"

    # An error: a word for a number and a required answer left out.
    keys.tick("sleep_problems", "waking_early")
    keys.type_into("nights_a_week", "five")
    keys.submit_with_enter()
    assert page.title().startswith("Error:")
    summary = keys.focused()
    assert summary and summary.text.startswith("There is a problem"), \
        f"the error summary should have the focus, not {summary}"
    screenshot(page, artifacts / "keyboard-error-summary-focused.png")
    # Its first link takes the focus to the field, with the field's label in view.
    keys.tab_to(lambda f: f.tag == "a" and f.text.startswith("Enter a number"),
                "the first error link")
    keys.press("Enter")
    assert keys.focused().id == "nights_a_week"
    assert keys.focused().value == "five", "what was typed is kept"
    label = page.locator("label[for=nights_a_week]")
    assert label.is_visible() and _in_view(page, label), "the field's label is scrolled away"
    keys.press("Control+A")
    page.keyboard.type("5")
    # Back up with Shift+Tab to the second error link; it leads to the first choice.
    keys.tab_to(lambda f: f.tag == "a" and f.text.startswith("Choose an answer"),
                "the second error link", backwards=True)
    keys.press("Enter")
    assert keys.focused().id == "problem_duration-0"
    legend = page.locator("#question-problem_duration legend")
    assert _in_view(page, legend), "the question is scrolled away from its first choice"
    keys.press("ArrowDown")
    keys.press("ArrowDown")
    keys.press("ArrowDown")
    assert page.locator("#problem_duration-3").is_checked()
    keys.activate("Continue")
    assert patient.path == "/page/sleep-habits"

    keys.tick("sleep_habits", "alcohol_bedtime")
    keys.tick("sleep_habits", "screens_in_bed")
    keys.activate("Continue")
    keys.tick("breathing_signs", "loud_snoring")
    keys.activate("Continue")
    assert patient.path == "/page/sleep-diary"  # optional: skipped with Continue
    keys.activate("Continue")
    assert patient.path == "/page/anxiety"
    for item in range(1, 8):
        keys.choose(f"gad7_{item}", "more_than_half")
    keys.activate("Continue")
    assert patient.path == "/page/mood"
    for item in (1, 2):
        keys.choose(f"phq2_{item}", "several_days")
    keys.activate("Continue")
    keys.choose("worries_awake", "yes")
    keys.choose("panic_attacks", "no")
    keys.activate("Continue")
    assert patient.path == "/page/alcohol"

    # Back: the page before still shows what was chosen; Continue returns here.
    keys.activate("Back")
    assert patient.path == "/page/worry-at-night"
    assert page.locator("input[name=worries_awake][value=yes]").is_checked()
    keys.activate("Continue")
    assert patient.path == "/page/alcohol"
    keys.choose("audit_1", "2_3_week")
    keys.activate("Continue")
    assert patient.path == "/page/alcohol-amount"
    keys.choose("audit_2", "one_or_two")
    keys.choose("audit_3", "never")
    keys.activate("Continue")

    # A number that adds a question to the page: the page comes back with it.
    assert patient.path == "/page/caffeine"
    keys.type_into("caffeine_drinks", "2")
    keys.submit_with_enter()
    assert patient.path == "/page/caffeine"
    # The notice is heard at once: the title names it and it has the focus.
    assert page.title().startswith("Question added: ")
    wait_for_focus(page, ".notice")
    assert "added a question" in keys.focused().text
    keys.choose("caffeine_latest", "late_afternoon")
    keys.activate("Continue")
    assert patient.path == "/page/other-substances"
    keys.activate("Continue")

    # Medicines: text fields and drop-down lists, then more rows.
    assert patient.path == "/page/medicines"
    keys.type_into("medicine_list-0-name", "Klonopin 0.5 mg")
    keys.type_into("medicine_list-0-purpose", "sleep and worry")
    keys.pick("medicine_list-0-how_often", "Every day or night")
    keys.pick("medicine_list-0-how_long", "More than a year")
    keys.pick("medicine_list-0-prescribed", "Yes")
    keys.activate("Save and add more rows")
    assert page.locator(".row-legend").count() == 6
    # The focus lands on the first new row, not at the top of the page.
    wait_for_focus(page, "#medicine_list-1-name")
    page.keyboard.type("Benadryl")
    keys.activate("Continue")
    assert patient.path == "/page/medicine-effects"
    keys.tick("side_effects", "morning_grogginess")
    keys.choose("thinking_of_stopping", "yes")
    keys.activate("Continue")
    assert patient.path == "/page/your-questions"
    keys.tick("picked_questions", "side_effects")
    keys.type_into("own_questions", "Is it safe to keep driving to work?")
    keys.activate("Continue")

    # Check your answers, and Change one of them.
    assert patient.path == "/check"
    assert heading(page) == "Check your answers"
    keys.activate("Change Bad nights a week")
    assert patient.path == "/page/sleep-pattern?return=check"
    keys.type_into("nights_a_week", "4", replace=True)
    keys.submit_with_enter()
    assert patient.path == "/check"
    row = page.locator(".summary-row", has=page.locator("dt", has_text="Bad nights a week"))
    assert "4" in row.locator(".summary-value").inner_text()
    assert "Klonopin 0.5 mg" in page.locator("main").inner_text()
    keys.activate("Continue")

    # Talking points: leave one out with Space.
    assert patient.path == "/talking-points"
    habits = page.locator("#point-sleep-habits .point-title").inner_text()
    keys.tick("include", "sleep-habits")
    keys.activate("Continue to my summary")
    assert patient.path == "/summary"
    sheet = page.locator(".summary-sheet").inner_text()
    assert "Klonopin 0.5 mg" in sheet and "Is it safe to keep driving to work?" in sheet
    assert habits.split(". ", 1)[1] not in sheet, "the point left out is still printed"

    # The printable summary offers printing to the keyboard too.
    now = keys.tab_to(lambda f: f.text == "Print this summary", "the Print button")
    assert now.acts_as_button
    keys.press("Space")
    assert page.evaluate("window.__printed") == 1
    screenshot(page, artifacts / "keyboard-summary.png", full_page=True)

    assert any(url.endswith("/static/app.js") for url in patient.requests)
    assert patient.foreign_requests() == [], "requests left the app's own server"


def _in_view(page, locator) -> bool:
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    # scrollIntoView can leave the top a fraction of a pixel above the viewport.
    return box is not None and box["y"] >= -1 and box["y"] + box["height"] <= height + 1


def test_a_keyboard_user_enters_three_nights_of_the_sleep_diary(visit, artifacts):
    """Issue 17: three nights by keyboard alone, times typed as people say them, one refused
    and corrected from the error summary; then the averages."""
    patient = visit()
    page = patient.page
    patient.load_patient()  # the heavy patient, who has no diary
    patient.go("/page/sleep-diary")
    keys = KeyboardPatient(page)
    for number, (day, in_bed, wake) in enumerate(
            [("7", "10:30pm", "5:50am"), ("8", "2245", "06:10"), ("9", "23.15", "6am")], 1):
        keys.activate("Add a night" if number == 1 else "Add another night")
        assert heading(page) == f"Night {number}"
        if number == 1:
            keys.type_into("night-date", day)
            keys.type_into("night-date-month", "11")
            keys.type_into("night-date-year", "2026")
        keys.type_into("night-in_bed", in_bed)
        keys.type_into("night-tried_sleep", "11:30pm")
        keys.type_into("night-sol_min", "20")
        keys.type_into("night-awakenings", "1")
        keys.type_into("night-waso_min", "15" if number != 2 else "900")
        keys.type_into("night-final_wake", wake)
        keys.type_into("night-out_of_bed", "7am")
        keys.choose("quality", "fair")
        keys.activate("Save this night")
        if number == 2:  # minutes that do not fit: the summary leads back to the field
            assert page.title().startswith("Error:")
            keys.tab_to(lambda f: f.tag == "a" and "enter minutes that fit" in f.text,
                        "the error link")
            keys.press("Enter")
            assert keys.focused().id == "night-sol_min"
            keys.type_into("night-waso_min", "15", replace=True)
            keys.activate("Save this night")
        assert patient.path == "/page/sleep-diary"
    text = page.locator("main").inner_text()
    assert "Averages of 3 nights:" in text
    screenshot(page, artifacts / "keyboard-sleep-diary.png", full_page=True)
    keys.activate("I have entered all my nights")
    assert patient.path != "/page/sleep-diary"
