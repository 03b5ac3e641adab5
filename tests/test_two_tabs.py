"""Two tabs of one patient saving different pages at the same moment: a page saved is never lost.

Against a real server with two worker processes, on both stores. Bounded in rounds and time.
"""

from __future__ import annotations

import os
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest
from conftest import CSRF_FIELD, free_port
from live_server import start_server

from webapp.storage.session_merge import merge_changes

ROUNDS = 30
WALK = {
    "about-you": [("age_band", "under_40")],
    "sleep-pattern": [("sleep_problems", "falling_asleep"), ("nights_a_week", "2"),
                      ("problem_duration", "under_1_month")],
}


class Tab:
    """One browser tab: shares the browser's cookie jar with the other tabs."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, base: str, jar: CookieJar) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar),
                                                  self._NoRedirect)

    def open(self, path: str, data: list[tuple[str, str]] | None = None) -> tuple[int, str, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, body, timeout=10) as response:
                return response.status, response.headers.get("Location", ""), \
                    response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Location", ""), error.read().decode()

    def token(self, path: str) -> str:
        status, _, html = self.open(path)
        assert status == 200, (path, status)
        return CSRF_FIELD.search(html).group(1)


def save_at_once(tabs: list[tuple[Tab, str]], forms: dict[str, list[tuple[str, str]]]
                 ) -> dict[str, int]:
    """Each tab posts its page's form at the same moment; the status of each answer."""
    start = threading.Barrier(len(tabs))
    statuses: dict[str, int] = {}

    def post(tab: Tab, path: str) -> None:
        start.wait(timeout=10)
        statuses[path] = tab.open(path, forms[path])[0]

    threads = [threading.Thread(target=post, args=pair) for pair in tabs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    return statuses


def lost_pages(base: str) -> list[int]:
    """Rounds in which one of two pages saved at the same moment was lost."""
    jar = CookieJar()
    tab_a, tab_b = Tab(base, jar), Tab(base, jar)
    location = "/page/about-you"
    for _ in range(40):  # reach the end once, so that every page can be posted again
        if not location.startswith("/page/"):
            break
        page_id = location.split("/page/")[1]
        status, location, html = tab_a.open(
            location, [("csrf_token", tab_a.token(location)), *WALK.get(page_id, [])])
        assert status == 302, html[:500]
        location = urllib.parse.urlsplit(location).path
    assert location == "/check"
    lost = []
    for number in range(ROUNDS):
        forms = {
            "/page/visit-goal": [("csrf_token", tab_a.token("/page/visit-goal")),
                                 ("visit_goal", f"Goal-A{number}-tab")],
            "/page/your-questions": [("csrf_token", tab_b.token("/page/your-questions")),
                                     ("own_questions", f"Question-B{number}-tab")],
        }
        statuses = save_at_once([(tab_a, "/page/visit-goal"),
                                  (tab_b, "/page/your-questions")], forms)
        assert statuses == {path: 302 for path in forms}, statuses
        _, _, check = tab_a.open("/check")
        kept = set(re.findall(r"(Goal-A\d+|Question-B\d+)-tab", check))
        if kept != {f"Goal-A{number}", f"Question-B{number}"}:
            lost.append(number)
    return lost


@pytest.mark.parametrize("store", ["embedded", "redis"])
def test_two_tabs_saving_at_once_never_lose_a_page(store, request, tmp_path):
    env = {**os.environ, "SECRET_KEY": "two-tabs", "BTV_INSTANCE_PATH": str(tmp_path)}
    env.pop("REDIS_URL", None)
    if store == "redis":
        env["REDIS_URL"] = request.getfixturevalue("redis_url")
        env["BTV_SESSION_KEY_PREFIX"] = f"btv-two-tabs-{tmp_path.name}:"
    port = free_port()
    server = start_server(port, env, tmp_path / "server.log", ("--workers", "2"))
    try:
        lost = lost_pages(f"http://127.0.0.1:{port}")
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert lost == [], f"a page was lost in {len(lost)} of {ROUNDS} rounds: {lost}"


def test_a_save_applies_only_what_that_request_changed():
    stored_now = {"answers": {"age_band": "under_40", "visit_goal": "Tab A's goal",
                              "drives": "yes"},
                  "seen": ["about-you", "visit-goal"], "left_out": ["a"], "_seen_at": 5}
    # Tab B began before tab A saved visit-goal, and saved about-you: a new age, no driving.
    before = {"answers": {"age_band": "under_40", "drives": "yes"}, "seen": ["about-you"]}
    after = {"answers": {"age_band": "age_65_plus"}, "seen": ["about-you", "sleep-pattern"],
             "left_out": ["a"], "_seen_at": 9}
    merged = merge_changes(stored_now, before, after, ["answers", "seen", "_seen_at"])
    assert merged == {"answers": {"age_band": "age_65_plus", "visit_goal": "Tab A's goal"},
                      "seen": ["about-you", "sleep-pattern", "visit-goal"],
                      "left_out": ["a"], "_seen_at": 9}
    cleared = merge_changes(merged, {"left_out": ["a"]}, {}, ["left_out"])
    assert "left_out" not in cleared and cleared["answers"] == merged["answers"]
