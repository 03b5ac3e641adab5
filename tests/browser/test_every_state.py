"""Every page state the browser tests reach, checked for what automatic checkers miss.

The live server records each HTML page it sends to any browser test (page_states.py): the
states of states.py, each question page, and whatever the keyboard, no-JavaScript and print
tests meet on their way (a notice, an error, a page with six medicine rows...). These tests
run after all the others and show each distinct state again, as the server sent it (under
make test, of each address's states the fewest that show every kind of element they show;
under CI=true and make test-deep, every one):

- the Nu HTML Checker (vnu.jar on Java): no errors;
- axe-core, WCAG 2.2 A and AA and its best-practice rules (headings, landmarks);
- Chromium's accessibility tree: every control has a name of its own in its group, and every
  text field's description gives its character limit;
- forced colours (Windows High Contrast): every tab stop shows its focus, every button its
  border, proved with pixels for each kind of tab stop;
- 320 and 390 pixels wide with text at 200% and WCAG 1.4.12 text spacing: nothing wider
  than the window;
- radios and checkboxes at least 40 by 40 pixels.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import PROFILE, ROOT, unavailable

from . import audits
from .conftest import DESKTOP, PHONE, Visit, patients_showing_everything, recorded_elsewhere
from .page_states import PageState, Replay, distinct, fewest_showing_all, kinds_shown
from .states import REACHED, STATES, reach

#: The Nu HTML Checker, fetched by `make vnu` (make test does) from npm's vnu-jar, pinned.
VNU_VERSION = "26.9.27"
VNU_JAR = Path(os.environ.get("VNU_JAR") or ROOT / ".cache" / "vnu" / f"vnu-{VNU_VERSION}.jar")
AXE = Axe()  # only for the axe-core script it bundles
CONTRAST = ("color-contrast",)
#: The states the audit showed and measured, in order (for the exactly-once test).
SHOWN: list[PageState] = []
#: Seconds each check took on each state it ran on (in the report: where the time goes;
#: "axe" includes "axe on a phone").
SECONDS: dict[str, list[float]] = {}


@pytest.fixture(scope="module")
def every_state(browser: Any, base_url: str, recorder: Any, questionnaire: Any,
                tmp_path_factory: pytest.TempPathFactory,
                request: pytest.FixtureRequest) -> list[PageState]:
    """Every distinct page the browser tests got (errors and 404s too, not redirects); the
    same page with other answers chosen or typed counts once (PageState.shape).

    The states of states.py no other test reached yet, each question page, and the
    returning patient's pages (check your answers, and the summary) of the fixture
    patients that show every kind of thing any fixture shows there, are reached here
    first, so this module alone still checks them all.
    """
    elsewhere = recorded_elsewhere(request.session)
    assert not elsewhere, (
        f"{len(elsewhere)} browser tests of this run went to another pytest-xdist worker, "
        "so their page states are not audited here (run with --dist loadgroup, as make test "
        "does): " + ", ".join(elsewhere[:5]))
    folder = tmp_path_factory.mktemp("every-state")
    for state in STATES:
        if state.name not in REACHED:
            context = browser.new_context(viewport=DESKTOP)
            try:
                reach(state, Visit(context.new_page(), base_url), folder)
            finally:
                context.close()
    context = browser.new_context(viewport=DESKTOP)
    try:
        patient = Visit(context.new_page(), base_url)
        patient.load_patient()
        for page in questionnaire.pages:
            patient.go(f"/page/{page.id}")
    finally:
        context.close()
    for answers_file in patients_showing_everything(folder, PATIENT_PAGES):
        context = browser.new_context(viewport=DESKTOP)
        try:
            patient = Visit(context.new_page(), base_url)
            patient.load_patient(answers_file)  # lands on check your answers
            patient.go("/summary")
        finally:
            context.close()
    pages = [state for state in recorder.states() if not 300 <= state.status < 400]
    return distinct(pages, key=lambda state: state.shape)


#: Each returning patient's pages whose contents follow their answers.
PATIENT_PAGES = ("/check", "/summary")


#: Whether the browser's checks see every state (CI=true, make test-deep), or, under make
#: test, of each address's states (its path, status and language), the fewest that between
#: them show every kind of element those states show: the others differ from them only in
#: the answers, words and numbers of rows (the Nu HTML Checker reads every state anyway).
EVERY_STATE_SHOWN = PROFILE != "dev"


def states_to_show(states: list[PageState]) -> list[PageState]:
    """The states the browser's checks see in this run's profile, in the order recorded."""
    if EVERY_STATE_SHOWN:
        return states
    addresses: dict[tuple[str, int, str], dict[PageState, set[Any]]] = {}
    for state in states:
        addresses.setdefault(state.address, {})[state] = kinds_shown(state.html)
    chosen = {state for shows in addresses.values() for state in fewest_showing_all(shows)}
    return [state for state in states if state in chosen]


@pytest.fixture(scope="module")
def html_check(every_state: list[PageState],
               tmp_path_factory: pytest.TempPathFactory) -> Iterator[audits.HtmlCheck | str]:
    """The Nu HTML Checker's run over every state (started here, read by its test), or why
    it cannot run on this machine."""
    java = shutil.which("java")
    if java is None or not VNU_JAR.exists():
        yield ("java is not installed (apt-get install default-jre-headless; .ci/run does)"
               if java is None else
               f"{VNU_JAR} is missing (make vnu fetches vnu-jar {VNU_VERSION} from npm)")
        return
    check = audits.HtmlCheck(java, VNU_JAR, [(state.name, state.html) for state in every_state],
                             tmp_path_factory.mktemp("vnu"))
    yield check
    check.stop()


@pytest.fixture(scope="module")
def audited(browser: Any, base_url: str, every_state: list[PageState], recorder: Any,
            html_check: Any) -> Iterator[dict[str, dict[str, list[str]]]]:
    """Each state shown again and measured once: the problems found, by check and state."""
    context = browser.new_context(viewport=DESKTOP)
    context.add_init_script(script=AXE.axe_script)  # in each page shown, sent to Chromium once
    page = context.new_page()
    page.set_default_timeout(10_000)
    cdp = context.new_cdp_session(page)
    replay = Replay(page, base_url, recorder)
    proved: set[str] = set()  # kinds of tab stop whose focus was shown with pixels
    outcomes: set[tuple[str, int, bool, bool]] = set()
    found: dict[str, dict[str, list[str]]] = {}
    SHOWN.clear()
    for state in states_to_show(every_state):
        replay.show(state)
        SHOWN.append(state)
        tree = audits.accessibility_tree(cdp)
        outcome = (state.path.split("?")[0], state.status, 'class="error-summary"' in state.html,
                   'class="notice' in state.html)
        results = {  # in this order: the last ones change the page for a while
            "axe": timed("axe", axe_problems, page, first=outcome not in outcomes),
            "names": timed("names", audits.name_problems, tree),
            "limits": timed("limits", audits.limit_problems, cdp, tree),
            "targets": timed("targets", page.evaluate, audits.SMALL_TARGETS),
            "forced colours": timed("forced colours", audits.forced_colour_problems, page,
                                    proved),
            "reflow": timed("reflow", audits.reflow_problems, page),
        }
        for check, problems in results.items():
            found.setdefault(check, {})
            if problems:
                found[check][state.name] = problems
        outcomes.add(outcome)
    yield found
    context.close()


def timed(check: str, run: Callable[..., list[str]], *args: Any, **kwargs: Any) -> list[str]:
    """``run(*args, **kwargs)``, its seconds kept in the check's SECONDS."""
    started = time.perf_counter()
    try:
        return run(*args, **kwargs)
    finally:
        SECONDS.setdefault(check, []).append(time.perf_counter() - started)


def axe_problems(page: Any, first: bool) -> list[str]:
    """axe-core on a desktop; the first state of an address and outcome (an error, a notice)
    also on a phone, with the rules whose outcome can change with the width
    (audits.WIDTH_RULES), and with colour contrast, which follows from the stylesheet, not
    from the patient's answers or the width (it is axe's slowest rule)."""
    problems = audits.axe_problems(page, None, skip=() if first else CONTRAST)
    if first:
        page.set_viewport_size(PHONE)
        problems += [f"on a phone: {problem}" for problem in
                     timed("axe on a phone", audits.axe_problems, page, None,
                           only=audits.WIDTH_RULES)]
        page.set_viewport_size(DESKTOP)
    return problems


def report(found: dict[str, list[str]], what: str) -> str:
    lines = [f"{len(found)} page states {what}:"]
    for state, problems in found.items():
        lines.append(f"  {state}")
        lines.extend(f"    - {problem}" for problem in problems[:12])
        if len(problems) > 12:
            lines.append(f"    ... and {len(problems) - 12} more")
    return "\n".join(lines)


def test_the_suite_reaches_every_kind_of_page(every_state):
    paths = {state.path.split("?")[0] for state in every_state}
    assert {"/", "/check", "/talking-points", "/summary", "/resume", "/delete"} <= paths
    assert len([path for path in paths if path.startswith("/page/")]) >= 14
    assert any(state.status == 404 for state in every_state)


def test_each_distinct_state_is_audited_exactly_once(every_state, recorder, audited, artifacts):
    shapes = [state.shape for state in SHOWN]
    assert len(set(shapes)) == len(shapes), "a page state was audited twice"
    recorded = [state for state in recorder.states() if not 300 <= state.status < 400]
    if EVERY_STATE_SHOWN:
        missed = {state.shape for state in recorded} - set(shapes)
    else:  # each state's address has a state shown with every kind of element it shows
        shown_kinds: dict[tuple[str, int, str], set[Any]] = {}
        for state in SHOWN:
            shown_kinds.setdefault(state.address, set()).update(kinds_shown(state.html))
        missed = {state.name for state in recorded
                  if not kinds_shown(state.html) <= shown_kinds.get(state.address, set())}
    assert not missed, f"{len(missed)} recorded page states were not audited"
    (artifacts / "every-state.txt").write_text(
        f"{len(SHOWN)} distinct page states audited ({PROFILE} profile), of "
        f"{len(every_state)} distinct and {len(recorder.states())} recorded pages; "
        "seconds (states): " + ", ".join(
            f"{check} {sum(seconds):.1f} ({len(seconds)})" for check, seconds in SECONDS.items())
        + ":\n" + "".join(f"{state.name}\n" for state in SHOWN))


def test_every_state_passes_axe_wcag_and_best_practice(audited):
    assert not audited["axe"], report(audited["axe"], "break axe-core rules")


def test_every_control_has_a_name_of_its_own(audited):
    assert not audited["names"], report(audited["names"], "have controls a screen reader "
                                                          "cannot tell apart")


def test_every_text_field_says_its_character_limit(audited):
    assert not audited["limits"], report(audited["limits"], "have text fields whose limit "
                                                            "is not in their description")


def test_every_radio_and_checkbox_is_40_pixels(audited):
    assert not audited["targets"], report(audited["targets"], "have small radios or checkboxes")


def test_every_focus_shows_in_forced_colours(audited):
    assert not audited["forced colours"], report(
        audited["forced colours"], "hide the focus or a button's border in forced colours")


def test_every_state_is_valid_html(html_check):
    if isinstance(html_check, str):
        unavailable(html_check)
    found = html_check.errors()
    assert not found, report(found, "have Nu HTML Checker errors")


def test_nothing_is_wider_than_a_phone_with_large_or_spaced_text(audited):
    assert not audited["reflow"], report(audited["reflow"], "are wider than a phone")
