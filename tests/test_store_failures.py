"""When the answer store fails: the app's own 503 page, logged; never a lost or a stale answer.

Redis down or hung, the embedded store's file deleted or replaced while running, and a
read-only instance folder at a worker restart.
"""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import socket
import sqlite3
import stat
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from conftest import CSRF_FIELD, Wizard, free_port, make_app, need
from live_server import start_server

from bench.server import wait_for_port
from webapp.web.headers import SECURITY_HEADERS

UNAVAILABLE = "We cannot reach your saved answers right now"


class Visitor:
    """A cookie-keeping client that also returns the response headers."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), self._NoRedirect)

    def open(self, path: str, data: list[tuple[str, str]] | None = None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, body, timeout=20) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()

    def token(self, path: str) -> str:
        status, _, html = self.open(path)
        assert status == 200, (path, status, html[:300])
        return CSRF_FIELD.search(html).group(1)


def assert_unavailable_page(status: int, headers, html: str) -> None:
    """The app's own 503 page, in plain words, with every security header."""
    assert status == 503, html[:500]
    assert f"<h1>{UNAVAILABLE}</h1>" in html
    assert "Traceback" not in html
    for name, value in SECURITY_HEADERS.items():
        assert headers.get(name) == value, name
    assert headers.get("Cache-Control") == "no-store"
    assert int(headers["Retry-After"]) > 0


# --- Redis ----------------------------------------------------------------------------------


@contextmanager
def redis_on(port: int, folder: Path) -> Iterator[None]:
    """A redis-server on ``port`` keeping its data in ``folder`` when it is shut down."""
    process = subprocess.Popen(
        [need("redis-server"), "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(folder)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for_port(port, process, "redis-server")
    try:
        yield
    finally:
        import redis

        redis.Redis(port=port).shutdown(save=True)  # keeps the answers, as a real restart
        process.wait(timeout=10)


def test_with_redis_down_patients_get_the_apps_own_503_and_continue_after(tmp_path):
    redis_port, port = free_port(), free_port()
    env = {**os.environ, "SECRET_KEY": "redis-down", "BTV_INSTANCE_PATH": str(tmp_path),
           "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0"}
    log = tmp_path / "server.log"
    visitor = Visitor(f"http://127.0.0.1:{port}")
    with redis_on(redis_port, tmp_path):
        server = start_server(port, env, log, ("--workers", "2"))
        try:
            status, _, _ = visitor.open("/page/about-you", [
                ("csrf_token", visitor.token("/page/about-you")), ("age_band", "age_65_plus")])
            assert status == 302
            token = visitor.token("/page/visit-goal")
        except BaseException:
            server.kill()
            raise
    try:  # Redis is down now
        assert_unavailable_page(*visitor.open("/page/visit-goal"))
        assert_unavailable_page(*visitor.open(
            "/page/visit-goal", [("csrf_token", token), ("visit_goal", "Outage-marker-4c2")]))
        with redis_on(redis_port, tmp_path):  # back, with the answers kept before
            status, headers, html = visitor.open("/page/visit-goal")
            assert status == 200, html[:300]
            status, headers, _ = visitor.open(
                "/page/visit-goal", [("csrf_token", visitor.token("/page/visit-goal")),
                                     ("visit_goal", "After-marker-4c3")])
            assert status == 302 and headers["Location"].endswith("/page/sleep-pattern")
            _, _, about = visitor.open("/page/about-you")
            assert 'value="age_65_plus" checked' in about
    finally:
        server.terminate()
        server.wait(timeout=10)
    text = log.read_text()
    assert "answer store" in text and "Traceback" not in text
    assert "Outage-marker" not in text


def test_a_hung_redis_answers_503_in_seconds_instead_of_hanging_the_worker(tmp_path, request):
    silent = socket.socket()  # accepts connections (the kernel does) and never answers
    silent.bind(("127.0.0.1", 0))
    silent.listen(64)
    app = make_app(tmp_path, "embedded", request,
                   REDIS_URL=f"redis://127.0.0.1:{silent.getsockname()[1]}/0")
    client = app.test_client()
    client.set_cookie("session", "a-patient-who-saved-before")
    answered = {}

    def ask() -> None:
        started = time.monotonic()
        try:
            answered["response"] = client.get("/page/visit-goal")
        except Exception as error:  # noqa: BLE001  (reported by the test below)
            answered["error"] = error
        answered["seconds"] = time.monotonic() - started

    asking = threading.Thread(target=ask, daemon=True)
    asking.start()
    asking.join(timeout=30)
    silent.close()
    asking.join(timeout=10)
    assert "seconds" in answered, "the worker hung on Redis"
    assert "error" not in answered, repr(answered.get("error"))
    response = answered["response"]
    assert response.status_code == 503 and UNAVAILABLE in response.get_data(as_text=True)
    assert response.headers["Content-Security-Policy"] == SECURITY_HEADERS[
        "Content-Security-Policy"]
    assert answered["seconds"] < 15


# --- the embedded store's file --------------------------------------------------------------


@pytest.mark.parametrize("how", ["deleted", "replaced"])
def test_a_store_file_deleted_or_replaced_while_running_is_refused_not_served(
        app, caplog, how):
    client = app.test_client()
    wizard = Wizard(client)
    wizard.answer("about-you", {"age_band": "age_65_plus"})
    wizard.answer("visit-goal", {"visit_goal": "Deleted-marker-77"})
    token = wizard.token("/page/visit-goal")
    path = Path(app.instance_path) / "sessions.sqlite3"
    if how == "deleted":
        path.unlink()
    else:
        other = path.with_name("other.sqlite3")
        sqlite3.connect(other).close()
        os.replace(other, path)
    time.sleep(1.1)  # the file is checked at most once a second
    caplog.set_level(logging.WARNING)
    response = client.get("/page/visit-goal")
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert UNAVAILABLE in page and "Deleted-marker-77" not in page
    response = client.post("/page/visit-goal", data={"csrf_token": token, "visit_goal": "x"})
    assert response.status_code == 503
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "sessions.sqlite3" in logged and "deleted or replaced" in logged
    assert "Deleted-marker-77" not in logged


def _without_dac_override() -> None:
    """In the child before exec: give up root's right to write files that are read-only."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(24, 1, 0, 0, 0) != 0:  # PR_CAPBSET_DROP, CAP_DAC_OVERRIDE
        raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def unprivileged() -> dict:
    """Popen settings under which read-only files are read-only, even for root."""
    return {"preexec_fn": _without_dac_override} if os.geteuid() == 0 else {}


def test_a_read_only_instance_folder_at_a_worker_restart_keeps_the_service_up(tmp_path):
    """The workers restart (HUP) onto a read-only instance folder: one clear log line, the
    app's 503 page for saving, and nothing lost once the folder is writable again."""
    instance = tmp_path / "instance"
    instance.mkdir(mode=0o700)
    port = free_port()
    log = tmp_path / "server.log"
    env = {**os.environ, "SECRET_KEY": "read-only", "BTV_INSTANCE_PATH": str(instance)}
    env.pop("REDIS_URL", None)
    server = start_server(port, env, log, ("--workers", "2"), popen=unprivileged())
    try:
        visitor = Visitor(f"http://127.0.0.1:{port}")
        status, _, _ = visitor.open("/page/about-you", [
            ("csrf_token", visitor.token("/page/about-you")), ("age_band", "age_65_plus")])
        assert status == 302
        token = visitor.token("/page/visit-goal")
        _set_writable(instance, False)
        server.send_signal(signal.SIGHUP)  # gunicorn restarts every worker
        deadline = time.monotonic() + 30
        while (server.poll() is None and time.monotonic() < deadline
               and log.read_text().count("cannot be written") < 2):
            time.sleep(0.2)  # until both new workers have started (or the server died)
        assert server.poll() is None, log.read_text()
        assert_unavailable_page(*visitor.open(
            "/page/visit-goal", [("csrf_token", token), ("visit_goal", "Read-only-x")]))
        _set_writable(instance, True)
        time.sleep(1.1)
        status, _, _ = visitor.open("/page/visit-goal", [
            ("csrf_token", visitor.token("/page/visit-goal")), ("visit_goal", "Back")])
        assert status == 302
        _, _, about = visitor.open("/page/about-you")
        assert 'value="age_65_plus" checked' in about
    finally:
        server.terminate()
        server.wait(timeout=10)
        _set_writable(instance, True)
    text = log.read_text()
    assert "cannot be written" in text and str(instance) in text
    assert text.count("Traceback") == 0, text


def _set_writable(folder: Path, writable: bool) -> None:
    """Give or take the write permission of ``folder`` and of every file in it."""
    for path in (folder, *folder.iterdir()):
        mode = stat.S_IMODE(path.stat().st_mode)
        path.chmod(mode | 0o200 if writable else mode & ~0o222)
