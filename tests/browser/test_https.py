"""Chromium over https: gunicorn serving TLS itself, with BTV_HTTPS=true, as a clinic runs it.

Over https, Flask-WTF takes a form only with a Referer from the app's own pages. Under
the old ``no-referrer`` policy Chromium sent none, and every Continue, "Start again and
delete my answers" and "Continue from a saved file" answered "This page timed out".
Here one patient presses every one of them, over https, with a throwaway certificate.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import free_port
from live_server import start_server

from .conftest import DESKTOP, HEAVY, Visit, screenshot

MARKER = "Https-marker-5521"
#: What this patient types or ticks on the pages that ask for something (css -> value).
FILLS = {"visit-goal": {"#visit_goal": MARKER},
         "sleep-pattern": {"#nights_a_week": "3"}}
TICKS = {"sleep-pattern": ["input[name=sleep_problems][value=falling_asleep]",
                           "input[name=problem_duration][value=under_1_month]"]}


@pytest.fixture
def https_visit(browser: Any, tls_certificate: tuple[Path, Path],
                tmp_path: Path) -> Iterator[Visit]:
    """A fresh Chromium context on the app served over https by gunicorn itself."""
    port = free_port()
    env = {**os.environ, "SECRET_KEY": "https-browser-test", "BTV_HTTPS": "true",
           "BTV_INSTANCE_PATH": str(tmp_path / "instance")}
    env.pop("REDIS_URL", None)
    server = start_server(port, env, tmp_path / "gunicorn.log", certificate=tls_certificate)
    context = browser.new_context(ignore_https_errors=True, viewport=DESKTOP)
    context.set_default_timeout(10_000)
    visit = Visit(context.new_page(), f"https://127.0.0.1:{port}")
    context.on("request", lambda request: visit.requests.append(request.url))
    try:
        yield visit
    finally:
        context.close()
        server.terminate()
        server.wait(timeout=10)


def press(visit: Visit, role: str, name: str) -> None:
    """Press a button or follow a link, and make sure the app took it."""
    with visit.page.expect_navigation():
        visit.page.get_by_role(role, name=name, exact=True).click()
    heading = visit.page.locator("h1").first.inner_text()
    assert heading not in ("This page timed out", "This form could not be sent safely"), \
        f"{name!r} was refused over https on {visit.path}"


def test_a_patient_completes_deletes_and_resumes_over_https(https_visit, artifacts):
    visit, page = https_visit, https_visit.page
    visit.go("/")
    assert page.evaluate("location.protocol") == "https:"
    press(visit, "link", "Start now")
    for _ in range(40):
        if not visit.path.startswith("/page/"):
            break
        page_id = visit.path.removeprefix("/page/")
        for selector, value in FILLS.get(page_id, {}).items():
            page.fill(selector, value)
        for selector in TICKS.get(page_id, []):
            page.check(selector)
        press(visit, "button", "Continue")
        assert visit.path != f"/page/{page_id}", f"{page_id} did not take its answers"
    assert visit.path == "/check"
    press(visit, "link", "Continue")
    assert visit.path == "/talking-points"
    press(visit, "button", "Continue to my summary")
    assert visit.path == "/summary"
    assert MARKER in page.locator(".summary-sheet").inner_text()
    screenshot(page, artifacts / "https-summary.png", full_page=True)

    visit.go("/delete")
    press(visit, "button", "Delete my answers")
    assert "Your answers have been deleted" in page.locator("main").inner_text()
    visit.go("/check")
    assert MARKER not in page.locator("body").inner_text()

    visit.go("/resume")
    page.set_input_files("#answers_file", HEAVY)
    press(visit, "button", "Continue")
    assert visit.path == "/check"
    text = page.locator("main").inner_text()
    assert "Your saved answers are back" in text
    assert "I want someone to look at everything I take, all together." in text

    assert visit.requests and visit.foreign_requests() == [], \
        "a request left the app's https address"
