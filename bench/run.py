"""``make bench``: drive the app with many patients at once and print the tables.

    .venv/bin/python -m bench.run            # the full run (about two minutes)
    .venv/bin/python -m bench.run --smoke    # tiny numbers, a few seconds: the test's run

The app runs under gunicorn on 127.0.0.1, first on the embedded store, then
on Redis when a redis-server binary exists; a bare Flask app under the same
settings is the ceiling. The load comes from a separate process. Figures are
printed, never asserted.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import http.client
import multiprocessing
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from webapp.engine.loader import load_questionnaire

from . import driver, inprocess, report, server, weight
from .driver import Client, Tally
from .generate import QUESTIONS
from .patients import plans as make_plans

#: rounds x slice: the interleaved main runs; seconds: each paced or crowd run;
#: walk: how many fixture patients walk the questionnaire unhurried first (None: all).
FULL = {"patients": 20, "crowd": 100, "rounds": 3, "slice": 5.0, "seconds": 6.0,
        "warmup": 1.5, "pause": 0.2, "scales": (1, 10, 100), "runs": 200,
        "walk": None}
SMOKE = {"patients": 2, "crowd": 3, "rounds": 1, "slice": 0.5, "seconds": 0.5,
         "warmup": 0.2, "pause": 0.05, "scales": (1, 2, 3), "runs": 3,
         "walk": 2}


def machine() -> str:
    """Date, CPUs, memory, Python, and the commit the working tree is on."""
    memory = "?"
    try:
        kib = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal:"))
        memory = f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    try:
        commit = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=server.ROOT,
                                capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = "?"
    return (f"{datetime.now():%Y-%m-%d %H:%M}, {os.cpu_count()} CPUs, {memory}, "
            f"Python {platform.python_version()}, commit {commit or '?'}")


def walk_every_plan(port: int, plans: list[driver.Plan], label: str) -> list[str]:
    """Each fixture patient through the whole questionnaire once, as a client that runs
    no script, unhurried; what stopped any of them ("" for none)."""
    unfinished = []
    for plan in plans:
        client = Client(port, Tally())
        try:
            if not driver.questionnaire(client, plan, time.monotonic() + 120):
                unfinished.append(f"{label}: {plan.name} ran out of time")
        except (driver.Failed, OSError, http.client.HTTPException) as error:
            unfinished.append(f"{label}: {error}")
        finally:
            client.close()
    return unfinished


def load_runs(settings: dict[str, Any], workers: int, threads: int,
              folder: Path) -> tuple[list[report.Run], list[str]]:
    """The ceiling and the app on each store, all served at once and driven in turn;
    and what stopped any fixture patient from finishing on either store.

    First every fixture patient walks the whole questionnaire once on each store, with
    no script and no hurry (the "no script needed" target: a questionnaire needs more
    time than a load slice gives on a busy machine). The main runs (``patients`` at
    once, no pause) take turns in short slices, ``rounds`` times over, so a slow spell
    of the machine falls on each alike; then the paced and crowd runs, once each.
    """
    plans = make_plans(load_questionnaire(QUESTIONS))
    spawn = multiprocessing.get_context("spawn")
    with contextlib.ExitStack() as stack:
        pool = stack.enter_context(
            concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=spawn))
        ports = {"hello": stack.enter_context(server.gunicorn(
            server.HELLO, {**os.environ}, folder / "hello.log", workers, threads))}
        redis_url = stack.enter_context(server.redis_server(folder))
        for label, url in [("embedded", None)] + ([("redis", redis_url)] if redis_url else []):
            ports[label] = stack.enter_context(server.gunicorn(
                server.APP, server.app_env(folder / f"instance-{label}", url),
                folder / f"{label}.log", workers, threads))
        if redis_url is None:
            print("  redis: skipped (no redis-server binary)", file=sys.stderr)

        def drive(label: str, patients: int, seconds: float, pause: float = 0.0) -> Tally:
            future = pool.submit(driver.run_load, ports[label], plans, patients, seconds,
                                 settings["warmup"], label == "hello", pause)
            tally = future.result(timeout=settings["warmup"] + seconds + 120)
            print(f"  {label} x{patients}{' paced' if pause else ''}: {tally.completed} "
                  f"questionnaires, {tally.requests} requests, {len(tally.errors)} errors",
                  file=sys.stderr)
            return tally

        unfinished = [problem for label in ports if label != "hello"
                      for problem in walk_every_plan(ports[label], plans[:settings["walk"]],
                                                     label)]
        main = {label: Tally() for label in ports}
        for _ in range(settings["rounds"]):
            for label in ports:
                main[label].merge(drive(label, settings["patients"], settings["slice"]))
        runs = [report.Run(label, settings["patients"], tally, label == "hello")
                for label, tally in main.items()]
        for label in [label for label in ports if label != "hello"]:
            runs.append(report.Run(label, settings["patients"], drive(
                label, settings["patients"], settings["seconds"], settings["pause"]),
                pause=settings["pause"]))
        for label in ports:
            runs.append(report.Run(label, settings["crowd"], drive(
                label, settings["crowd"], settings["seconds"]), label == "hello"))
    return runs, unfinished


def main(argv: list[str] | None = None) -> int:
    """Run everything, print the tables; 0 unless the benchmark itself failed to run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="tiny numbers, a few seconds")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--threads", type=int, default=1,
                        help="more than 1: gthread workers with this many threads (keep-alive)")
    args = parser.parse_args(argv)
    settings = SMOKE if args.smoke else FULL
    started = time.monotonic()
    print(f"Before the Visit benchmark{' (smoke run: figures mean nothing)' if args.smoke else ''}")
    print(machine())
    print(f"gunicorn {' '.join(server.gunicorn_options(args.workers, args.threads))} "
          "on 127.0.0.1, for the app and the ceiling alike")
    with tempfile.TemporaryDirectory(prefix="btv-bench-") as tmp:
        folder = Path(tmp)
        print("Running load...", file=sys.stderr)
        runs, unfinished = load_runs(settings, args.workers, args.threads, folder)
        print("Timing in process...", file=sys.stderr)
        timings = inprocess.start_up(max(3, settings["runs"] // 40), folder / "startup")
        timings += inprocess.summaries(settings["runs"])
        growth = inprocess.growth(settings["scales"], budget_s=1.0 if args.smoke else 10.0)
        weights = weight.page_weights(folder / "weight")
    print(f"\n== Load: {settings['patients']} patients in {settings['rounds']} turns of "
          f"{settings['slice']:g} s each, taken in turn with the other servers; paced and "
          f"{settings['crowd']} patients {settings['seconds']:g} s; each after "
          f"{settings['warmup']:g} s warm-up; the driver is a separate process ==\n")
    print(report.load_tables(runs))
    ratio_text, ratios = report.ratio_lines(runs, settings["patients"])
    print("\n" + ratio_text)
    print("\n== In process ==\n")
    print(report.inprocess_tables(timings, growth))
    print("\n== Page weight (heaviest patient; question pages: heaviest and lightest) ==\n")
    print(report.weight_table(weights))
    print("\n== Targets ==\n")
    print(report.targets(runs, ratios, settings["patients"], timings, growth, weights, unfinished))
    print(f"\nBenchmark took {time.monotonic() - started:.0f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
