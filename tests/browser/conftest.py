"""Real Chromium against the real app: a live server, a browser and a fresh context per test.

Debian's Chromium is driven through Playwright's sync API (no pytest-playwright). The
server is werkzeug in a thread on 127.0.0.1; Chromium's profile, cache and temp files go
to a folder the tests own. PDFs are kept in test-artifacts/browser/, and screenshots too
when asked (BTV_SCREENSHOTS=1: no test reads them, and they cost a second or two each).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from conftest import CSRF_FIELD, FIXTURES, NOT_RECORDED, QUESTIONS, ROOT, need_chromium
from playwright.sync_api import sync_playwright
from werkzeug.serving import WSGIRequestHandler, make_server

from webapp import create_app

from .page_states import Recorder, fewest_showing_all, kinds_shown

ARTIFACTS = ROOT / "test-artifacts" / "browser"
PATIENTS = FIXTURES / "patients"
#: The heaviest patient: ten talking points, four medicines, a long main concern.
HEAVY = PATIENTS / "midlife_anxiety_several_medicines.json"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "browser: drives a real Chromium (tests/browser); -m 'not browser' skips them")
    config.addinivalue_line(  # pytest-xdist's own, named here for runs without it (-p no:xdist)
        "markers", "xdist_group(name): run these tests in one pytest-xdist worker")


#: The xdist group of the tests whose pages the live server records: one worker runs them
#: all, in order, with test_every_state.py last, so its audit sees every state they reached.
RECORDED = "recorded-states"
EVERY_STATE = Path(__file__).parent / "test_every_state.py"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test in this folder ``browser``, so ``-m "not browser"`` leaves them out;
    run test_every_state.py last, when the other tests have reached their page states.

    The tests that use the recorded live server are marked ``xdist_group`` (recorded-states):
    under pytest-xdist (make test: ``-n 2 --dist loadgroup``) one worker must run them all,
    and the audit checks that it did (tests/conftest.py schedules them so).
    """
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)
            if "base_url" in getattr(item, "fixturenames", ()) \
                    and item.nodeid.split("::")[0] not in NOT_RECORDED:
                item.add_marker(pytest.mark.xdist_group(RECORDED))
    items.sort(key=lambda item: item.path == EVERY_STATE)  # a stable sort keeps the order


#: The recorded-state tests this process has started (test_every_state.py checks that it
#: ran them all: under pytest-xdist, a test run by the other worker fed another recorder).
STARTED: set[str] = set()


@pytest.hookimpl(tryfirst=True)  # a test skipped at setup was started all the same
def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("xdist_group", None) is not None:
        STARTED.add(item.nodeid)


def recorded_elsewhere(session: pytest.Session) -> list[str]:
    """The recorded-state tests of this run that this process did not start."""
    return [item.nodeid for item in session.items
            if item.path != EVERY_STATE and item.nodeid not in STARTED
            and any(mark.args == (RECORDED,) for mark in item.iter_markers("xdist_group"))]


def patients_showing_everything(folder: Path, paths: tuple[str, ...]) -> list[Path]:
    """The fewest fixture patients (greedy, in name order on a tie) whose pages at ``paths``
    (check your answers, the summary) between them show every kind of element those pages
    show for any fixture patient (a safety flag, a medicine cut short, a point left out...).

    Read through the app in this process, not a live server. The other patients' pages
    differ from theirs only in their words and numbers of rows.
    """
    app = create_app({"SECRET_KEY": "audit", "QUESTIONS_FILE": str(QUESTIONS),
                      "INSTANCE_PATH": str(folder / "instance"), "SESSION_TYPE": "cachelib",
                      "WTF_CSRF_ENABLED": False})
    shows = {}
    for answers_file in sorted(PATIENTS.glob("*.json")):
        client = app.test_client()
        with answers_file.open("rb") as answers:
            client.post("/resume", data={"answers_file": (answers, answers_file.name)})
        shows[answers_file] = {(path, *kind) for path in paths
                               for kind in kinds_shown(client.get(path).get_data(as_text=True))}
    return fewest_showing_all(shows)


class QuietHandler(WSGIRequestHandler):
    """Serve requests without a log line for each one."""

    def log_request(self, *args: Any, **kwargs: Any) -> None:
        pass


@pytest.fixture(scope="session")
def recorder() -> Recorder:
    """Every page state the browser tests reach (see page_states.py)."""
    return Recorder()


@pytest.fixture(scope="session")
def base_url(tmp_path_factory: pytest.TempPathFactory, recorder: Recorder) -> Iterator[str]:
    """The app on the embedded store, served from a thread on a free loopback port; the
    recorder keeps each page it sends."""
    with live_app(tmp_path_factory, recorder) as url:
        yield url


@contextmanager
def live_app(tmp_path_factory: pytest.TempPathFactory,
             recorder: Recorder | None = None) -> Iterator[str]:
    """The app on the embedded store, served from a thread on a free loopback port (its
    pages recorded by ``recorder``, if given); yield its address."""
    app = create_app({"SECRET_KEY": "browser-test-secret", "QUESTIONS_FILE": str(QUESTIONS),
                      "INSTANCE_PATH": str(tmp_path_factory.mktemp("browser-instance")),
                      "SESSION_TYPE": "cachelib"})
    if recorder is not None:
        app.wsgi_app = recorder.wrap(app.wsgi_app)
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    with serving(server, "live-server") as url:
        yield url


@contextmanager
def serving(server: Any, name: str) -> Iterator[str]:
    """Serve ``server`` (a socketserver on 127.0.0.1) from a thread; yield its address."""
    thread = threading.Thread(target=server.serve_forever, name=name, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


@contextmanager
def environment(**values: str) -> Iterator[None]:
    """Set environment variables for the ``with`` block only."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Debian's Chromium (its headless shell where installed), headless, writing only inside a
    folder the tests own."""
    chromium = need_chromium()
    home = tmp_path_factory.mktemp("chromium-home")
    folders = {name: home / name.lower() for name in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME",
                                                       "TMPDIR")}
    for folder in folders.values():
        folder.mkdir()
    # Playwright's driver makes the profile folder in its own TMPDIR, and Chromium inherits
    # the driver's environment: both start inside this block.
    with environment(**{name: str(folder) for name, folder in folders.items()}):
        manager = sync_playwright().start()
        try:
            launched = manager.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        except Exception:
            manager.stop()
            raise
    try:
        yield launched
    finally:
        launched.close()
        manager.stop()


@dataclass
class Visit:
    """One fresh browser context (its own cookies) and its page, recording every request."""

    page: Any
    base_url: str
    requests: list[str] = field(default_factory=list)

    def go(self, path: str) -> Any:
        return self.page.goto(self.base_url + path)

    @property
    def path(self) -> str:
        return self.page.url.removeprefix(self.base_url)

    def load_patient(self, answers_file: Path = HEAVY) -> None:
        """Continue from a saved answers file, as a patient does on the start page."""
        self.go("/resume")
        self.page.set_input_files("#answers_file", answers_file)
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Continue").click()

    def send_answers(self, answers_file: Path = HEAVY) -> None:
        """Continue from a saved answers file as the start page's form sends it, without
        showing the form: the browser's cookies then hold the patient's answers. For tests
        of what comes after (the printed sheet); ``load_patient`` is the patient's way."""
        form = self.page.request.get(self.base_url + "/resume")
        token = CSRF_FIELD.search(form.text())
        assert token, f"no CSRF token on /resume (status {form.status})"
        sent = self.page.request.post(self.base_url + "/resume", max_redirects=0, multipart={
            "csrf_token": token[1],
            "answers_file": {"name": answers_file.name, "mimeType": "application/json",
                             "buffer": answers_file.read_bytes()}})
        assert sent.status in (200, 302), \
            f"{answers_file.name}: sending it to /resume got {sent.status}"

    def foreign_requests(self) -> list[str]:
        return [url for url in self.requests if not url.startswith(self.base_url + "/")]


@pytest.fixture
def visit(browser: Any, base_url: str) -> Iterator[Callable[..., Visit]]:
    """Open fresh contexts: ``visit()``, ``visit(java_script_enabled=False)``,
    ``visit(viewport=PHONE)``; each is closed after the test."""
    contexts = []

    def open_visit(**options: Any) -> Visit:
        context = browser.new_context(**{"viewport": DESKTOP, **options})
        context.set_default_timeout(10_000)
        contexts.append(context)
        opened = Visit(context.new_page(), base_url)
        context.on("request", lambda request: opened.requests.append(request.url))
        return opened

    yield open_visit
    for context in contexts:
        context.close()


#: Screenshots for a person to look at are taken only when asked for: BTV_SCREENSHOTS=1.
SCREENSHOTS = os.environ.get("BTV_SCREENSHOTS") == "1"


def screenshot(page: Any, path: Path, full_page: bool = False) -> None:
    """Save a screenshot of ``page`` at ``path`` for a person to look at, when asked for
    (BTV_SCREENSHOTS=1); no test reads it."""
    if SCREENSHOTS:
        page.screenshot(path=path, full_page=full_page)


@pytest.fixture(scope="module")
def warm_page(browser: Any) -> Iterator[Any]:
    """One page in one browser context for a module's tests: see ``new_patient``."""
    context = browser.new_context(viewport=DESKTOP)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def new_patient(warm_page: Any, base_url: str) -> Visit:
    """A new patient (no cookies) on a desktop, in a browser that has the app's files
    cached already: opening a context and fetching them cold took over a second a test."""
    warm_page.context.clear_cookies()
    warm_page.set_viewport_size(DESKTOP)
    return Visit(warm_page, base_url)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """test-artifacts/browser/: screenshots and PDFs for a person to look at (git ignores it)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
