"""gunicorn started from the project folder, as the README says, runs its workers with the
project's settings (gunicorn.conf.py): what the app loaded is frozen out of the garbage
collector's passes, and its youngest generation is collected every 10,000 objects.

A tiny app in the worker reports the collector's state, so the test sees what a real
worker runs with, not what the settings file says.
"""

from __future__ import annotations

import http.client
import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import ROOT

from bench.server import free_port, wait_for_port

#: A WSGI app that answers with its worker's garbage collector settings.
PROBE = '''
import gc, json

def app(environ, start_response):
    body = json.dumps({"threshold": gc.get_threshold(),
                       "frozen": gc.get_freeze_count()}).encode()
    start_response("200 OK", [("Content-Type", "application/json")])
    return [body]
'''


@contextmanager
def gunicorn_in(folder: Path, probe_folder: Path) -> Iterator[int]:
    """gunicorn started in ``folder`` serving the probe; yields its port."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", "1", "--bind", f"127.0.0.1:{port}",
         "--no-control-socket", "--pythonpath", str(probe_folder), "gc_probe:app"],
        cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, process, "gunicorn", seconds=30)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def worker_collector(port: int) -> dict:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", "/")
        return json.loads(connection.getresponse().read())
    finally:
        connection.close()


@pytest.fixture
def probe_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "probe"
    folder.mkdir()
    (folder / "gc_probe.py").write_text(PROBE)
    return folder


def test_a_worker_started_from_the_project_folder_runs_with_its_collector_settings(
        probe_folder: Path) -> None:
    with gunicorn_in(ROOT, probe_folder) as port:
        collector = worker_collector(port)
    assert collector["threshold"][0] == 10_000, collector
    assert collector["frozen"] > 1_000, "what the worker loaded is not frozen"


def test_the_settings_come_from_the_projects_file(probe_folder: Path, tmp_path: Path) -> None:
    """Started elsewhere, gunicorn reads no settings file: Python's own collector settings
    (so the README's commands are run from the project folder)."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    with gunicorn_in(elsewhere, probe_folder) as port:
        collector = worker_collector(port)
    assert collector["threshold"][0] == 700, collector
    assert collector["frozen"] == 0, collector
