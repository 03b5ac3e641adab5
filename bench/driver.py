"""The load: simulated patients on threads in a process of their own, over keep-alive HTTP.

Each patient keeps one connection (opened again when the server closes it, as
gunicorn's sync workers do after every answer). It fetches the start page, then
each page of the questionnaire (GET, then POST its answers, following the
redirect), then check your answers, talking points (GET and POST) and the
summary. The CSRF token read from the first question page is reused for every
form. Loops are bounded by a deadline and by a step limit; every request goes to
127.0.0.1.
"""

from __future__ import annotations

import http.client
import re
import sys
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

from .patients import Plan

#: Page types, in the order a patient meets them; the table has one row for each.
KINDS = ("start", "question page GET", "question page POST", "check", "talking points",
         "talking points POST", "summary")
MAX_STEPS = 80  # requests in one questionnaire before it counts as stuck
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
POINT = re.compile(r'name="include" value="([^"]+)"')


class Failed(Exception):
    """A response the patient did not expect (counted as an error)."""


@dataclass
class Tally:
    """What one run measured: latencies by page type, completions and errors.

    While running, samples carry the time they ended; :func:`run_load` keeps only
    those inside the measuring window (after the warm-up), so a questionnaire cut
    off at the end is balanced by one already under way at the start.
    """

    latencies: dict[str, list[float]] = field(default_factory=lambda: {k: [] for k in KINDS})
    completed: int = 0
    requests: int = 0
    errors: list[str] = field(default_factory=list)
    elapsed: float = 0.0
    samples: list[tuple[float, str, float]] = field(default_factory=list)  # (end, kind, s)
    completions: list[float] = field(default_factory=list)

    def merge(self, other: Tally) -> None:
        """Add another run's measurements (taken under the same conditions) to these."""
        for kind, values in other.latencies.items():
            self.latencies[kind] += values
        self.completed += other.completed
        self.requests += other.requests
        self.errors += other.errors
        self.elapsed += other.elapsed

    def window(self, start: float, end: float) -> None:
        """Keep only what ended between ``start`` and ``end`` (perf_counter times)."""
        for ended, kind, seconds in self.samples:
            if start <= ended <= end:
                self.latencies[kind].append(seconds)
                self.requests += 1
        self.completed += sum(start <= ended <= end for ended in self.completions)
        self.elapsed = end - start


class Client:
    """One browser: a keep-alive connection and its cookies."""

    def __init__(self, port: int, tally: Tally, pause: float = 0.0) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies: dict[str, str] = {}
        self.tally = tally
        self.pause = pause  # seconds "reading" before each click, not counted in latency

    def send(self, kind: str, method: str, path: str,
             form: list[tuple[str, str]] | None = None) -> tuple[int, str, str]:
        """Send one request; record its latency under ``kind``; return status, location, body."""
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())
                   } if self.cookies else {}
        body = None
        if form is not None:
            body = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.pause:
            time.sleep(self.pause)
        started = time.perf_counter()
        self.connection.request(method, path, body, headers)
        response = self.connection.getresponse()
        text = response.read().decode()
        ended = time.perf_counter()
        self.tally.samples.append((ended, kind, ended - started))
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        location = urlsplit(response.headers.get("Location", ""))
        target = location.path + (f"?{location.query}" if location.query else "")
        return response.status, target, text

    def close(self) -> None:
        self.connection.close()


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise Failed(message)


def questionnaire(client: Client, plan: Plan, deadline: float) -> bool:
    """Complete the whole questionnaire as ``plan``; False if the deadline came first."""
    status, _, _ = client.send("start", "GET", "/")
    expect(status == 200, f"start: {status}")
    token = None
    location = "/page/about-you"
    for _ in range(MAX_STEPS):
        if not location.startswith("/page/"):
            break
        if time.monotonic() > deadline:
            return False
        status, _, html = client.send("question page GET", "GET", location)
        expect(status == 200, f"GET {location}: {status}")
        if token is None:
            found = CSRF.search(html)
            expect(found is not None, f"no CSRF token on {location}")
            token = found.group(1)
        page_id = location.split("/page/")[1].split("?")[0]
        status, location, html = client.send(
            "question page POST", "POST", location,
            [("csrf_token", token), *plan.pages.get(page_id, [])])
        expect(status == 302, f"POST {page_id}: {status} {html[:200]}")
    expect(location == "/check", f"{plan.name} stopped at {location}")
    status, _, _ = client.send("check", "GET", "/check")
    expect(status == 200, f"check: {status}")
    status, _, html = client.send("talking points", "GET", "/talking-points")
    expect(status == 200, f"talking points: {status}")
    included = [("include", point) for point in POINT.findall(html)]
    status, location, _ = client.send("talking points POST", "POST", "/talking-points",
                                      [("csrf_token", token or ""), *included])
    expect(status == 302 and location == "/summary", f"talking points POST: {status}")
    status, _, html = client.send("summary", "GET", "/summary")
    expect(status == 200 and 'id="sheet-h"' in html, f"summary: {status}")
    return True


def hello_visit(client: Client, plan: Plan, deadline: float) -> bool:
    """The ceiling's "questionnaire": the same GETs and POSTs in the same order, to hello."""
    for kind in plan.steps[:MAX_STEPS]:
        if time.monotonic() > deadline:
            return False
        post = kind.endswith("POST")
        status, _, _ = client.send(kind, "POST" if post else "GET", "/",
                                   [("csrf_token", "x"), ("answer", "1")] if post else None)
        expect(status == (302 if post else 200), f"hello {kind}: {status}")
    return True


def _patient(port: int, plans: list[Plan], number: int, hello: bool, deadline: float,
             tally: Tally, pause: float) -> None:
    visit = hello_visit if hello else questionnaire
    turn = number
    while time.monotonic() < deadline:
        client = Client(port, tally, pause)
        plan = plans[turn % len(plans)]
        turn += 1
        try:
            if visit(client, plan, deadline):
                tally.completions.append(time.perf_counter())
        except (Failed, OSError, http.client.HTTPException) as error:
            tally.errors.append(f"{type(error).__name__}: {error}")
            time.sleep(0.01)
        finally:
            client.close()


def run_load(port: int, plans: list[Plan], patients: int, seconds: float, warmup: float,
             hello: bool = False, pause: float = 0.0) -> Tally:
    """``patients`` threads completing questionnaires back to back; measured after ``warmup``.

    With ``pause``, each patient waits that long before every click (a quick reader);
    without, the next request goes as soon as the last answer arrives (saturation).
    """
    sys.setswitchinterval(0.0005)  # a thread holding a reply waits less for the GIL
    started = time.perf_counter()
    deadline = time.monotonic() + warmup + seconds
    tallies = [Tally() for _ in range(patients)]
    threads = [threading.Thread(target=_patient, daemon=True,
                                args=(port, plans, n, hello, deadline, tally, pause))
               for n, tally in enumerate(tallies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=warmup + seconds + 60)
    total = Tally()
    for tally in tallies:
        total.samples += tally.samples
        total.completions += tally.completions
        total.errors += tally.errors
    total.window(started + warmup, started + warmup + seconds)
    total.samples, total.completions = [], []
    stuck = sum(thread.is_alive() for thread in threads)
    total.errors += [f"{stuck} patients still running after the time limit"] if stuck else []
    return total
