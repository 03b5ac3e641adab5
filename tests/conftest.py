"""Shared fixtures: ``app``, ``client``, ``wizard`` (walks the questionnaire), ``questionnaire``."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import uuid
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, NoReturn

import pytest
import yaml
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import settings
from hypothesis.configuration import set_hypothesis_home_dir
from live_server import make_certificate

from bench.server import free_port, redis_server  # noqa: F401  (free_port: for the tests)
from webapp import create_app
from webapp.engine.loader import load_questionnaire
from webapp.engine.questionnaire import Questionnaire

ROOT = Path(__file__).resolve().parent.parent

#: Hypothesis keeps what it learns in .cache/ beside pytest's and ruff's caches, not in a
#: .hypothesis folder in the repo; HYPOTHESIS_STORAGE_DIRECTORY, if set, still wins.
if not os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY"):
    set_hypothesis_home_dir(ROOT / ".cache" / "hypothesis")

#: Every app the tests make, here or in a server they start, remembers a passing wording
#: check in one folder (webapp/engine/wording_record.py): a server started with the same
#: questionnaire, catalogs and rule skips reading every text again (~1.5 s of processor
#: time a start). A changed or refused text is read again, as at a clinic.
os.environ.setdefault("BTV_CHECKED_WORDING_DIR", str(ROOT / ".cache" / "checked-wording"))

#: How thorough the run is, as a Hypothesis profile: each property test names its thorough
#: number of examples and draws this share of it. "dev" (the default, make test): a tenth,
#: enough to catch a broken strategy or an obvious bug in seconds; "ci" (CI=true): a
#: quarter, thorough but bounded to fit the suite's five minutes; "deep" (make test-deep):
#: all of them, and the tests marked ``deep`` (the benchmark's smoke run) too.
#: HYPOTHESIS_PROFILE chooses one by name.
EXAMPLE_SHARE = {"dev": 0.1, "ci": 0.25, "deep": 1.0}
PROFILE = os.environ.get("HYPOTHESIS_PROFILE") or (
    "ci" if os.environ.get("CI") == "true" else "dev")
if PROFILE not in EXAMPLE_SHARE:
    raise pytest.UsageError(f"HYPOTHESIS_PROFILE={PROFILE!r}: use one of "
                            f"{', '.join(EXAMPLE_SHARE)}")
for _name, _share in EXAMPLE_SHARE.items():
    settings.register_profile(_name, max_examples=max(10, round(100 * _share)))
settings.load_profile(PROFILE)


def examples(thorough: int) -> int:
    """How many examples a property test draws in this run's profile: ``thorough`` under
    make test-deep, a share of it otherwise (at least 10)."""
    return max(10, round(thorough * EXAMPLE_SHARE[PROFILE]))


FIXTURES = Path(__file__).resolve().parent / "fixtures"
QUESTIONS = ROOT / "questions.yaml"
CSRF_FIELD = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
#: libyaml's parser where PyYAML was built with it: the same data as yaml.safe_load, read
#: about six times faster (0.12 s against 0.7 s for questions.yaml, in each test process).
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> Any:
    """The data of the YAML file at ``path``, as ``yaml.safe_load`` reads it."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=YAML_LOADER)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "deep: slow and thorough; runs only under make test-deep "
                   "(HYPOTHESIS_PROFILE=deep)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Leave out the tests marked ``deep`` unless the run is make test-deep."""
    if PROFILE == "deep":
        return
    deep = [item for item in items if item.get_closest_marker("deep")]
    if deep:
        config.hook.pytest_deselected(items=deep)
        items[:] = [item for item in items if not item.get_closest_marker("deep")]


def pytest_report_header(config: pytest.Config) -> list[str]:
    """Name the browser the browser tests drive (Debian's Chromium moves under us), and how
    thorough the run is."""
    thoroughness = (f"hypothesis profile: {PROFILE} ({EXAMPLE_SHARE[PROFILE]:.0%} of each "
                    f"property test's examples; make test-deep runs all); the browser's "
                    + ("checks see every page state and printed sheet" if PROFILE != "dev" else
                       "checks see the fewest page states and sheets showing every kind of "
                       "element (CI=true: all)"))
    chromium = chromium_program()
    if chromium is None:
        return [thoroughness, f"chromium: none of {', '.join(CHROMIUM_PROGRAMS)} is installed "
                "(browser tests skip; CI=true makes them fail)"]
    try:
        version = subprocess.run([chromium, "--version"], capture_output=True, text=True,
                                 timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError) as error:
        version = f"did not answer --version ({error})"
    return [thoroughness, f"chromium: {version or 'printed no version'} ({chromium})"]


#: The browser test files whose tests use the recorded live server: under pytest-xdist one
#: worker runs them all, in order, with test_every_state.py last (tests/browser/conftest.py).
#: The others serve the app another way (https through gunicorn, LHC-Forms, the printed
#: sheets on an unrecorded server) and are a group of their own, which the other worker
#: takes first: the recorded group is the longest chain of the run.
NOT_RECORDED = ("tests/browser/test_https.py", "tests/browser/test_lhc_forms.py",
                "tests/browser/test_print.py")


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """Under ``--dist loadgroup``, xdist's load-group scheduling with the recorded browser
    tests as one group and the other browser tests as another, found by their file:
    pytest-xdist 3.8 marks a group by renaming the test, which pytest 9 no longer allows
    (it keeps the test's own name). xdist hands out the largest groups first, one to each
    worker, then single tests to whichever worker is free."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    class RecordedTogether(LoadGroupScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::")[0]
            if path in NOT_RECORDED:
                return "own-server-browser"
            if path.startswith("tests/browser/"):
                return "recorded-states"
            return super()._split_scope(nodeid)

    return RecordedTogether(config, log)


@pytest.fixture(scope="session")
def questionnaire() -> Questionnaire:
    """The shipped questionnaire, loaded once."""
    return load_questionnaire(QUESTIONS)


#: Debian's Chromium, in the order the browser tests take it: the headless shell (Debian's
#: package chromium-headless-shell, the same Blink as chromium without the desktop browser
#: around it, and what Playwright itself runs for headless tests) costs about a third less
#: processor time for the same checks; plain chromium where only it is installed.
CHROMIUM_PROGRAMS = ("chromium-headless-shell", "chromium")


def chromium_program() -> str | None:
    """The path of the first of ``CHROMIUM_PROGRAMS`` this machine has, or None."""
    return next(filter(None, map(shutil.which, CHROMIUM_PROGRAMS)), None)


def need_chromium() -> str:
    """The Chromium the browser tests drive; skip without one, but fail on CI (CI=true)."""
    path = chromium_program()
    if path is None:
        unavailable(f"Chromium is not installed: none of {', '.join(CHROMIUM_PROGRAMS)} "
                    "(apt-get install chromium-headless-shell; .ci/run does)")
    return path


def need(program: str) -> str:
    """The path of ``program``; skip the test without it, but fail on CI (CI=true)."""
    path = shutil.which(program)
    if path is None:
        unavailable(f"{program} is not installed (apt-get install it; .ci/run does)")
    return path


def unavailable(reason: str) -> NoReturn:
    """Skip the test for ``reason`` (a tool this machine lacks), but fail on CI (CI=true)."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must run this test: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory) -> Iterator[str]:
    """A real Redis on a free loopback port for the whole run, stopped afterwards."""
    need("redis-server")
    with redis_server(tmp_path_factory.mktemp("redis")) as url:
        assert url is not None
        yield url


@pytest.fixture(scope="session")
def tls_certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A throwaway self-signed certificate for 127.0.0.1, made once a run: (cert, key)."""
    return make_certificate(need("openssl"), tmp_path_factory.mktemp("tls"))


def make_app(tmp_path: Path, store: str, request: pytest.FixtureRequest, **config: Any) -> Flask:
    """An app with CSRF on and a throwaway instance folder, on the embedded store or on Redis."""
    settings = {"TESTING": True, "SECRET_KEY": "test-secret", "QUESTIONS_FILE": str(QUESTIONS),
                "INSTANCE_PATH": str(tmp_path)}
    if store == "redis":
        settings["REDIS_URL"] = request.getfixturevalue("redis_url")
        settings["SESSION_KEY_PREFIX"] = f"btv-test-{uuid.uuid4().hex}:"
    return create_app({**settings, **config})


@pytest.fixture
def app(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Flask]:
    """The app on the embedded store (the default a clinic gets), or on the store a test
    names with :data:`ON_BOTH_STORES`."""
    yield make_app(tmp_path, getattr(request, "param", "embedded"), request)


#: Runs a test (of ``app``, ``client`` or ``wizard``) on the embedded store, then on Redis:
#: for the flows whose saving, reading or deleting could differ between the stores.
ON_BOTH_STORES = pytest.mark.parametrize("app", ["embedded", "redis"], indirect=True)


@pytest.fixture(params=["embedded", "redis"])
def any_store_app(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Flask]:
    """The app on each store in turn: the embedded store, then Redis."""
    yield make_app(tmp_path, request.param, request)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


class Wizard:
    """Drives the questionnaire like a patient: fetch a page, read its CSRF token, submit."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def token(self, path: str) -> str:
        page = self.client.get(path)
        found = CSRF_FIELD.search(page.get_data(as_text=True))
        assert found, f"no CSRF token on {path} (status {page.status_code})"
        return found.group(1)

    def submit(self, path: str, data: Mapping[str, Any] | None = None, **kwargs: Any):
        """GET ``path`` for its token, then POST ``data`` to it; returns the POST response."""
        form = {"csrf_token": self.token(path), **(data or {})}
        return self.client.post(path, data=form, **kwargs)

    def answer(self, page_id: str, data: Mapping[str, Any] | None = None, **kwargs: Any):
        return self.submit(f"/page/{page_id}", data, **kwargs)

    def walk(self, answers_by_page: Mapping[str, Mapping[str, Any]]) -> str:
        """Follow Continue from the first page, answering each page from ``answers_by_page``.

        Returns the URL the walk ends on (normally /check).
        """
        location = "/page/about-you"
        for _ in range(50):
            if not location.startswith("/page/"):
                return location
            page_id = location.split("/page/")[1].split("?")[0]
            response = self.answer(page_id, answers_by_page.get(page_id, {}))
            assert response.status_code == 302, (
                f"page {page_id} did not accept its answers:\n"
                + "\n".join(re.findall(r'class="error-message">.*?</p>',
                                       response.get_data(as_text=True), re.S)))
            location = response.location
        raise AssertionError("the walk did not reach the end")


@pytest.fixture
def wizard(client: FlaskClient) -> Wizard:
    return Wizard(client)


#: The least a patient must answer to get through the shipped questionnaire.
MINIMAL_ANSWERS: dict[str, dict[str, Any]] = {
    "sleep-pattern": {"sleep_problems": ["falling_asleep"], "nights_a_week": "2",
                      "problem_duration": "under_1_month"},
}
