"""Start and stop the servers the benchmark drives: gunicorn (the app or hello) and Redis.

Everything listens on 127.0.0.1 only, on a free port, and is stopped by its own
process handle when the benchmark ends.
"""

from __future__ import annotations

import http.client
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = "webapp:create_app()"
HELLO = "bench.hello:create_app()"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def gunicorn_options(workers: int, threads: int = 1) -> list[str]:
    """The server settings used for the app and for the ceiling alike.

    By default the README's production command: ``--workers N`` sync workers (which
    close the connection after each answer). ``threads`` > 1 uses gthread workers
    with that many threads each, which keep connections alive.
    """
    # No control socket: gunicorn 27's default path (~/.gunicorn/gunicorn.ctl) is one for
    # every instance, and the benchmark runs three at once.
    options = ["--workers", str(workers), "--log-level", "warning", "--no-control-socket"]
    if threads > 1:
        options += ["--worker-class", "gthread", "--threads", str(threads), "--keep-alive", "5"]
    return options


def _answers(port: int) -> bool:
    """Whether the server on ``port`` answers a request yet (the connection always closed)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
    try:
        connection.request("GET", "/")
        connection.getresponse().read()
        return True
    except OSError:
        return False
    finally:
        connection.close()


@contextmanager
def gunicorn(app: str, env: dict[str, str], log: Path, workers: int,
             threads: int) -> Iterator[int]:
    """Serve ``app`` on a free loopback port; yield the port; stop the server afterwards."""
    port = free_port()
    with log.open("w") as handle:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", *gunicorn_options(workers, threads),
             "--bind", f"127.0.0.1:{port}", app],
            cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while not _answers(port):
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError(f"gunicorn did not start:\n{log.read_text()}")
            time.sleep(0.05)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def wait_for_port(port: int, process: subprocess.Popen, name: str,
                  seconds: float = 10) -> None:
    """Return once ``process`` accepts connections on loopback ``port``; raise if it
    exits or ``seconds`` pass first."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError(f"{name} did not start") from None
            time.sleep(0.05)


@contextmanager
def redis_server(folder: Path) -> Iterator[str | None]:
    """A throwaway redis-server on a free loopback port; yields its URL, or None without one."""
    binary = shutil.which("redis-server")
    if binary is None:
        yield None
        return
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, process, "redis-server")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


def app_env(instance: Path, redis_url: str | None) -> dict[str, str]:
    """The environment for the app's gunicorn: a throwaway instance folder, one store."""
    env = {**os.environ, "SECRET_KEY": "bench", "BTV_INSTANCE_PATH": str(instance)}
    env.pop("REDIS_URL", None)
    env.pop("QUESTIONS_FILE", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env
