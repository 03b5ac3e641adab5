"""Every page type and state a patient can meet, each reached from a fresh browser context."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .conftest import HEAVY, Visit


def with_unknown_answer(folder: Path) -> Path:
    """The heavy patient's file with an answer today's questionnaire does not ask."""
    content = json.loads(HEAVY.read_text())
    content["answers"]["shoe_size"] = "9"
    path = folder / "with-unknown-answer.json"
    path.write_text(json.dumps(content))
    return path


#: Names of the states reached so far in this run (test_every_state.py reaches the others).
REACHED: set[str] = set()


def _press(visit: Visit, name: str) -> None:
    with visit.page.expect_navigation():
        visit.page.get_by_role("button", name=name, exact=True).click()


def start(visit: Visit, folder: Path) -> None:
    visit.go("/")


def start_returning(visit: Visit, folder: Path) -> None:
    visit.load_patient()
    visit.go("/")


def question(visit: Visit, folder: Path) -> None:
    visit.go("/page/about-you")


def question_error(visit: Visit, folder: Path) -> None:
    visit.load_patient()
    visit.go("/page/sleep-pattern")
    visit.page.fill("#nights_a_week", "nine")
    visit.page.uncheck("#sleep_problems-0")
    visit.page.uncheck("#sleep_problems-1")
    visit.page.uncheck("#sleep_problems-2")
    visit.page.uncheck("#sleep_problems-3")
    _press(visit, "Continue")


def medicines(visit: Visit, folder: Path) -> None:
    visit.load_patient()
    visit.go("/page/medicines")


def medicines_error(visit: Visit, folder: Path) -> None:
    visit.load_patient()
    visit.go("/page/medicines")
    visit.page.fill("#medicine_list-1-name", "")
    _press(visit, "Continue")


def question_added(visit: Visit, folder: Path) -> None:
    """A number that adds a question to its own page: the page again, with a notice."""
    visit.load_patient()
    visit.go("/page/caffeine")
    visit.page.fill("#caffeine_drinks", "0")
    _press(visit, "Continue")
    visit.go("/page/caffeine")
    visit.page.fill("#caffeine_drinks", "2")
    _press(visit, "Continue")


def answer_first(visit: Visit, folder: Path) -> None:
    """A page further on than the patient has come: the first page still to answer."""
    visit.go("/page/medicines")


def rows_added(visit: Visit, folder: Path) -> None:
    visit.load_patient()
    visit.go("/page/medicines")
    _press(visit, "Save and add more rows")


def row_removed(visit: Visit, folder: Path) -> None:
    visit.load_patient()
    visit.go("/page/medicines")
    _press(visit, "Remove medicine 2, trazodone 50 mg")


def check(visit: Visit, folder: Path) -> None:
    visit.load_patient()  # lands on Check your answers, with a notice that they are back


def talking_points(visit: Visit, folder: Path) -> None:
    visit.load_patient()
    visit.go("/talking-points")


def summary(visit: Visit, folder: Path) -> None:
    visit.load_patient()
    visit.go("/summary")


def delete(visit: Visit, folder: Path) -> None:
    visit.load_patient()
    visit.go("/delete")


def resume(visit: Visit, folder: Path) -> None:
    visit.go("/resume")


def resume_error(visit: Visit, folder: Path) -> None:
    visit.go("/resume")
    _press(visit, "Continue")


def resume_problems(visit: Visit, folder: Path) -> None:
    visit.load_patient(with_unknown_answer(folder))


#: A patient with a 14-night sleep diary (issue 17).
DIARY = HEAVY.parent / "diary_fourteen_nights_early_waking.json"


def diary(visit: Visit, folder: Path) -> None:
    visit.load_patient(DIARY)
    visit.go("/page/sleep-diary")


def diary_night(visit: Visit, folder: Path) -> None:
    visit.load_patient(DIARY)
    visit.go("/diary/night/3")


def diary_night_error(visit: Visit, folder: Path) -> None:
    visit.load_patient(DIARY)
    visit.go("/diary/night/3")
    visit.page.fill("#night-in_bed", "25:00")
    visit.page.fill("#night-waso_min", "")
    _press(visit, "Save this night")


def diary_remove(visit: Visit, folder: Path) -> None:
    visit.load_patient(DIARY)
    visit.go("/diary/night/2/remove")


def diary_summary(visit: Visit, folder: Path) -> None:
    visit.load_patient(DIARY)
    visit.go("/summary?nights_table=1")


def not_found(visit: Visit, folder: Path) -> None:
    visit.go("/page/no-such-page")


@dataclass(frozen=True)
class State:
    name: str
    reach: Callable[[Visit, Path], None]
    #: (role, accessible name) of what the patient presses next on this page.
    action: tuple[str, str]
    #: Text only this state shows, to be sure it was reached.
    shows: str


STATES = [
    State("start", start, ("link", "Start now"), "Prepare for your visit about sleep"),
    State("start-returning", start_returning, ("link", "Check your answers"),
          "Prepare for your visit about sleep"),
    State("question", question, ("button", "Continue"), "Part 1 of"),
    State("question-added", question_added, ("button", "Continue"),
          "Your answer added a question to this page."),
    State("answer-first", answer_first, ("button", "Continue"), "Please answer this page first."),
    State("question-error", question_error, ("button", "Continue"), "There is a problem"),
    State("medicines", medicines, ("button", "Continue"), "Medicine 4"),
    State("medicines-error", medicines_error, ("button", "Continue"),
          "Enter the medicine name in row 2"),
    State("rows-added", rows_added, ("button", "Continue"), "Medicine 9"),
    State("row-removed", row_removed, ("button", "Continue"),
          "Medicine 2, \u201ctrazodone 50 mg\u201d, has been removed from your list."),
    State("check", check, ("link", "Continue"), "Your saved answers are back"),
    State("talking-points", talking_points, ("button", "Continue to my summary"),
          "Include point 1 in my printout"),
    State("summary", summary, ("button", "Print this summary"),
          "What I want to raise, in order"),
    State("delete", delete, ("button", "Delete my answers"), "You cannot undo this."),
    State("resume", resume, ("button", "Continue"), "Your saved answers file"),
    State("resume-error", resume_error, ("button", "Continue"),
          "Choose the answers file you downloaded before."),
    State("resume-problems", resume_problems, ("link", "Continue"),
          "Some answers could not be used"),
    State("diary", diary, ("button", "I have entered all my nights"), "Your nights"),
    State("diary-night", diary_night, ("button", "Save this night"), "Night 3"),
    State("diary-night-error", diary_night_error, ("button", "Save this night"),
          "with an hour from 0 to 23"),
    State("diary-remove", diary_remove, ("button", "Remove this night"), "Remove night 2?"),
    State("diary-summary", diary_summary, ("button", "Print this summary"),
          "Average of 14 nights"),
    State("not-found", not_found, ("link", "Go to the start page"), "Page not found"),
]


def reach(state: State, visit: Visit, folder: Path) -> None:
    """Bring ``visit`` to ``state`` and make sure it is there."""
    state.reach(visit, folder)
    text = visit.page.locator("body").inner_text()
    assert state.shows in text, f"{state.name}: expected {state.shows!r} on {visit.path}"
    REACHED.add(state.name)
