"""``make bench`` in smoke mode: it runs end to end and prints every row of its tables.

Tiny numbers (a few patients for half a second a run), loopback only. The figures
depend on the machine and its load, so none is asserted here: `make bench` reports them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT

PAGE_TYPES = ("start", "question page GET", "question page POST", "check", "talking points",
              "talking points POST", "summary")
IN_PROCESS = ("load and check questions.yaml", "create_app", "summary, first build: ",
              "summary: midlife_anxiety_several_medicines", "summary: older_adult_benzo_opioid",
              "1x", "2x", "3x")
WEIGHTS = ("start", "question page (", "check", "talking points", "summary", "delete")
TARGETS = ("throughput >= 1/3 of the ceiling", "p99 < 50 ms", "summary build < 10 ms",
           "rule evaluation grows no faster than size", "every page < 30 KB",
           "no script needed", "no errors under load")


def section(out: str, title: str) -> list[str]:
    """The lines of the part of ``out`` headed ``== title...``."""
    part = out.split(f"== {title}", 1)[1].split("\n==", 1)[0]
    return part.splitlines()[1:]


def has_row(lines: list[str], label: str) -> bool:
    return any(line.startswith(label) for line in lines)


@pytest.mark.deep  # about a minute of gunicorn runs: make test-deep (make bench runs it all)
def test_the_benchmark_runs_and_prints_every_row():
    env = {**os.environ, "PYTHONWARNINGS": "error"}
    result = subprocess.run([sys.executable, "-m", "bench.run", "--smoke"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr[-3000:]
    out = result.stdout
    load = section(out, "Load")
    stores = ["embedded"] + (["redis"] if shutil.which("redis-server") else [])
    runs = ["hello x2", "hello x3"]
    runs += [name for store in stores
             for name in (f"{store} x2", f"{store} x2 paced", f"{store} x3")]
    for name in runs:
        assert has_row(load, name + " "), f"no run row {name!r}"
    header = next(line for line in load if line.startswith("page type"))
    for name in runs:
        assert name in header, f"no latency column for {name!r}"
    for kind in PAGE_TYPES:
        assert has_row(load, kind + "  "), f"no latency row {kind!r}"
    for store in stores:
        assert has_row(load, f"  {store}: "), f"no ratio to the ceiling for {store}"
    for label in IN_PROCESS:
        assert has_row(section(out, "In process"), label), f"no in-process row {label!r}"
    for label in WEIGHTS:
        assert has_row(section(out, "Page weight"), label), f"no page weight row {label!r}"
    for target in TARGETS:
        row = next((line for line in section(out, "Targets") if line.startswith(target)), "")
        assert row.endswith(("met", "MISSED")), f"no target row {target!r}"
