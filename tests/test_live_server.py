"""The tests' own gunicorn starter (live_server.py): a server that never answers is stopped
and reaped, so its failure is reported by the test that started it and not, as a stray
"subprocess is still running" warning, by whichever test happens to run next."""

from __future__ import annotations

import os
import subprocess
import time
from types import SimpleNamespace

import live_server
import pytest
from conftest import free_port


def test_a_server_that_does_not_answer_in_time_is_stopped_and_reaped(tmp_path, monkeypatch):
    clock = iter([0.0, *[1000.0] * 100])  # its 20 seconds are up at the first look
    monkeypatch.setattr(live_server, "time",
                        SimpleNamespace(monotonic=lambda: next(clock), sleep=time.sleep))
    started: list[subprocess.Popen] = []
    popen = subprocess.Popen

    def keep(*args, **kwargs) -> subprocess.Popen:
        started.append(popen(*args, **kwargs))
        return started[-1]

    monkeypatch.setattr(live_server.subprocess, "Popen", keep)
    with pytest.raises(RuntimeError):
        live_server.start_server(free_port(), dict(os.environ), tmp_path / "server.log")
    assert len(started) == 1
    assert started[0].returncode is not None, "the server was killed but never waited for"
