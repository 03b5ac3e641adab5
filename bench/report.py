"""The tables ``make bench`` prints, and the targets of issue 7 checked against them."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from .driver import KINDS, Tally
from .inprocess import Growth, Timing
from .weight import Weight

#: Issue 7's targets.
CEILING_SHARE = 1 / 3
P99_MS = 50.0
SUMMARY_MS = 10.0
PAGE_BYTES = 30 * 1024


@dataclass(frozen=True)
class Run:
    """One load run: which server, how many patients, and what was measured."""

    label: str
    patients: int
    tally: Tally
    hello: bool = False
    pause: float = 0.0

    @property
    def name(self) -> str:
        return f"{self.label} x{self.patients}" + (f" paced {self.pause:g}s" if self.pause
                                                   else "")

    @property
    def per_second(self) -> float:
        return self.tally.completed / self.tally.elapsed if self.tally.elapsed else 0.0

    @property
    def requests_per_second(self) -> float:
        return self.tally.requests / self.tally.elapsed if self.tally.elapsed else 0.0

    def percentile(self, kind: str, share: float) -> float | None:
        values = sorted(self.tally.latencies.get(kind, []))
        if not values:
            return None
        return values[min(len(values) - 1, math.ceil(share * len(values)) - 1)] * 1000

    @property
    def worst_p99(self) -> float:
        return max((self.percentile(kind, 0.99) or 0.0) for kind in KINDS)


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A plain text table: first column left-aligned, the rest right-aligned."""
    cells = [[str(cell) for cell in row] for row in [headers, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = []
    for n, row in enumerate(cells):
        lines.append("  ".join(cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i])
                               for i, cell in enumerate(row)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def load_tables(runs: list[Run]) -> str:
    """Throughput and errors per run, then p50/p95/p99 per page type per run."""
    summary = table(
        ["run", "patients", "questionnaires/s", "requests/s", "requests", "errors"],
        [[run.name, run.patients, f"{run.per_second:.1f}", f"{run.requests_per_second:.0f}",
          run.tally.requests, len(run.tally.errors)] for run in runs])
    latency = table(
        ["page type (ms p50/p95/p99)", *(run.name for run in runs)],
        [[kind, *("/".join(_ms(run.percentile(kind, s)) for s in (0.5, 0.95, 0.99))
                  for run in runs)] for kind in KINDS])
    errors = [f"  {run.name}: {error}"
              for run in runs for error in run.tally.errors[:3]]
    return "\n\n".join([summary, latency] + (["First errors:\n" + "\n".join(errors)]
                                              if errors else []))


def ratio_lines(runs: list[Run], patients: int) -> tuple[str, dict[str, float]]:
    """The app's requests per second as a share of the ceiling's, at the same concurrency."""
    ceiling = next((run for run in runs
                    if run.hello and run.patients == patients and not run.pause), None)
    ratios: dict[str, float] = {}
    if ceiling is None or not ceiling.requests_per_second:
        return "No ceiling run.", ratios
    lines = [f"Ceiling: bare Flask hello-world, same gunicorn settings, {patients} clients, "
             f"{ceiling.requests_per_second:.0f} requests/s.",
             "Compared on requests per second: the ceiling replays each patient's exact "
             "sequence of GETs and POSTs (a POST reads the form and redirects)."]
    for run in runs:
        if not run.hello and run.patients == patients and not run.pause:
            ratios[run.label] = run.requests_per_second / ceiling.requests_per_second
            lines.append(f"  {run.label}: {ratios[run.label]:.2f} of the ceiling "
                         f"({run.requests_per_second:.0f} requests/s)")
    return "\n".join(lines), ratios


def inprocess_tables(timings: list[Timing], growth: list[Growth]) -> str:
    """Start-up and summary timings, then rule evaluation against questionnaire size."""
    first = table(["in process", "median ms", "max ms", "runs"],
                  [[t.label, f"{t.median_ms:.2f}", f"{t.max_ms:.2f}", t.runs] for t in timings])
    base = growth[0]
    second = table(
        ["questionnaire", "questions", "load+check s", "evaluate ms", "x time", "calls",
         "x calls"],
        [[f"{g.times}x", g.questions, f"{g.load_s:.2f}", f"{g.median_ms:.2f}",
          f"{g.median_ms / base.median_ms:.1f}", g.calls, f"{g.calls / base.calls:.1f}"]
         for g in growth])
    return first + "\n\n" + second


def weight_table(weights: list[Weight]) -> str:
    """Bytes and requests of each page type."""
    return table(["page weight", "HTML B", "CSS B", "script B", "total KB", "gzipped KB",
                  "requests", "inline scripts"],
                 [[w.page, w.html, w.css, w.script, f"{w.total / 1024:.1f}",
                   f"{w.gzipped / 1024:.1f}", w.requests, w.inline_scripts] for w in weights])


def targets(runs: list[Run], ratios: dict[str, float], patients: int, timings: list[Timing],
            growth: list[Growth], weights: list[Weight], unfinished: list[str]) -> str:
    """Each target of issue 7: met or missed, with the figure that decides it."""
    rows = []
    worst_ratio = min(ratios.values(), default=0.0)
    rows.append(["throughput >= 1/3 of the ceiling", f"{worst_ratio:.2f} (lowest store)",
                 worst_ratio >= CEILING_SHARE])
    at = [run for run in runs if not run.hello and run.patients == patients and not run.pause]
    worst = max((run.worst_p99 for run in at), default=math.inf)
    paced = [run for run in runs if not run.hello and run.patients == patients and run.pause]
    calm = max((run.worst_p99 for run in paced), default=math.nan)
    rows.append([f"p99 < {P99_MS:.0f} ms, {patients} patients (no pause)",
                 f"{worst:.1f} ms (worst page; paced: {calm:.1f} ms)", worst < P99_MS])
    summary = max((t.max_ms for t in timings if t.label.startswith("summary")), default=math.inf)
    rows.append([f"summary build < {SUMMARY_MS:.0f} ms", f"{summary:.2f} ms (slowest)",
                 summary < SUMMARY_MS])
    base = growth[0]
    # Judged on the work (function calls): time also shows the processor's caches
    # filling up on a questionnaire 100 times the size, which is not the code's doing.
    linear = all(g.calls / base.calls <= 1.1 * g.times / base.times for g in growth)
    last = growth[-1]
    rows.append(["rule evaluation grows no faster than size",
                 f"{last.times}x size: {last.calls / base.calls:.0f}x calls, "
                 f"{last.median_ms / base.median_ms:.0f}x time", linear])
    heaviest = max(weights, key=lambda w: w.total)
    rows.append([f"every page < {PAGE_BYTES // 1024} KB (HTML+CSS+script as served)",
                 f"{heaviest.total / 1024:.1f} KB ({heaviest.page}; gzipped "
                 f"{heaviest.gzipped / 1024:.1f} KB)", heaviest.total < PAGE_BYTES])
    inline = sum(w.inline_scripts for w in weights)
    rows.append(["no script needed", "every fixture patient finished, on each store, as a "
                 "client that runs no script" if not unfinished else unfinished[0][:80],
                 not unfinished and inline == 0])
    errors = sum(len(run.tally.errors) for run in runs)
    rows.append(["no errors under load", f"{errors} errors", errors == 0])
    return table(["target", "measured", "met"],
                 [[name, figure, "met" if ok else "MISSED"] for name, figure, ok in rows])
