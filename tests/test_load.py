"""Many patients at once against a real server: no errors, nobody sees another's answers.

Bounded in count and time, loopback only. Speed and load are measured in `make bench`, not
here: 48 patients, twice the server's 24 threads, keep every thread busy with patients
interleaved, which is what isolation needs; more only made the run longer and the test
fail on a busy machine.
"""

from __future__ import annotations

import os
import re
import time
from concurrent.futures import ThreadPoolExecutor, wait

from conftest import CSRF_FIELD, free_port
from live_server import Browser, start_server

PATIENTS = 48
#: Seconds for the whole crowd, and for one request: a hang fails instead of running on,
#: with room for a machine busy with other tests (a request takes 0.05 s when idle).
TIME_LIMIT = 120
REQUEST_TIMEOUT = 60
MARKER = re.compile(r"Marker-(\d{3})-zq")


def walk_one(base: str, number: int, stop_at: float) -> str:
    """Complete the questionnaire as patient ``number``; return their summary page."""
    browser = Browser(timeout=REQUEST_TIMEOUT)
    marker = f"Marker-{number:03d}-zq"
    answers = {
        "visit-goal": [("visit_goal", f"My goal {marker}")],
        "sleep-pattern": [("sleep_problems", "falling_asleep"), ("nights_a_week", "4"),
                          ("problem_duration", "over_a_year")],
        "alcohol": [("audit_1", "never")],
        "your-questions": [("own_questions", f"Question {marker}")],
    }
    status, _, html = browser.open(f"{base}/page/about-you")
    assert status == 200
    token = CSRF_FIELD.search(html).group(1)
    location = "/page/about-you"
    for _ in range(30):
        if not location.startswith("/page/") or time.monotonic() > stop_at:
            break
        page_id = location.split("/page/")[1]
        status, location, html = browser.open(
            base + location, [("csrf_token", token), *answers.get(page_id, [])])
        assert status == 302, f"patient {number} on {page_id}: {status} {html[:300]}"
        location = location.replace(base, "")
    assert location == "/check", f"patient {number} stopped at {location}"
    status, _, html = browser.open(f"{base}/summary")
    assert status == 200
    return html


def test_many_patients_at_once_each_see_only_their_own_answers(tmp_path):
    port = free_port()
    env = {**os.environ, "SECRET_KEY": "load-test", "BTV_INSTANCE_PATH": str(tmp_path)}
    env.pop("REDIS_URL", None)
    server = start_server(port, env, tmp_path / "server.log",
                          ("--workers", "3", "--worker-class", "gthread", "--threads", "8"))
    base = f"http://127.0.0.1:{port}"
    stop_at = time.monotonic() + TIME_LIMIT
    try:
        with ThreadPoolExecutor(max_workers=PATIENTS) as pool:
            futures = {pool.submit(walk_one, base, n, stop_at): n for n in range(PATIENTS)}
            done, pending = wait(futures, timeout=TIME_LIMIT + 5)
            assert not pending, f"{len(pending)} patients did not finish in {TIME_LIMIT} s"
            errors = [f.exception() for f in done if f.exception() is not None]
            assert errors == [], f"{len(errors)} patients failed, first: {errors[:1]}"
            for future in done:
                number = futures[future]
                seen = set(MARKER.findall(future.result()))
                assert seen == {f"{number:03d}"}, f"patient {number} saw markers {seen}"
    finally:
        server.terminate()
        server.wait(timeout=10)
    log = (tmp_path / "server.log").read_text()
    assert " 500 " not in log
