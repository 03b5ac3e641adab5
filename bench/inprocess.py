"""Timings inside one Python process: start-up, the summary, and how rule evaluation grows."""

from __future__ import annotations

import cProfile
import pstats
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from webapp import create_app
from webapp.engine.bounded_yaml import MAX_VALUES
from webapp.engine.loader import load_questionnaire, parse_questionnaire
from webapp.engine.rules import evaluate_answers
from webapp.engine.summary import build_summary

from .generate import QUESTIONS, scaled_answers, scaled_yaml
from .patients import HEAVY, read_answers


@dataclass(frozen=True)
class Timing:
    """Milliseconds over several runs."""

    label: str
    median_ms: float
    max_ms: float
    runs: int


@dataclass(frozen=True)
class Growth:
    """Rule evaluation on a questionnaire ``times`` the real one."""

    times: int
    questions: int
    load_s: float  # loading and checking the generated YAML
    median_ms: float
    calls: int  # Python function calls in one evaluation: the work, whatever the machine


def timed(label: str, action: Callable[[], object], runs: int) -> Timing:
    """Run ``action`` ``runs`` times; the median and the slowest, in milliseconds."""
    spent = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        spent.append((time.perf_counter() - started) * 1000)
    return Timing(label, statistics.median(spent), max(spent), runs)


def start_up(runs: int, instance: Path) -> list[Timing]:
    """Loading and checking questions.yaml, and building the whole app (which does it too)."""
    return [timed("load and check questions.yaml", lambda: load_questionnaire(QUESTIONS), runs),
            timed("create_app (loads the questionnaire)",
                  lambda: create_app({"SECRET_KEY": "bench", "INSTANCE_PATH": str(instance)}),
                  max(1, runs // 2))]


def summaries(runs: int) -> list[Timing]:
    """The summary for each heavy patient: first build (names not yet recognised) and after."""
    results = []
    for name in HEAVY:
        answers = read_answers(name)
        questionnaire = load_questionnaire(QUESTIONS)
        results.append(timed(f"summary, first build: {name}",
                             lambda q=questionnaire, a=answers: build_summary(q, a), 1))
        results.append(timed(f"summary: {name}",
                             lambda q=questionnaire, a=answers: build_summary(q, a), runs))
    return results


def calls_in(action: Callable[[], object]) -> int:
    """How many Python function calls ``action`` makes (a measure of work, not of time)."""
    profile = cProfile.Profile()
    profile.enable()
    action()
    profile.disable()
    return pstats.Stats(profile).total_calls  # type: ignore[attr-defined]


def growth(scales: tuple[int, ...], budget_s: float) -> list[Growth]:
    """Evaluate the heaviest patient, answering every copy, on each generated size."""
    answers = read_answers(HEAVY[0])
    results = []
    for times in scales:
        started = time.perf_counter()
        # A generated, trusted file: allow its size beyond the loader's limit for clinics' files.
        questionnaire = parse_questionnaire(scaled_yaml(times), origin=f"{times}x",
                                            max_values=max(MAX_VALUES, times * 10_000))
        load_s = time.perf_counter() - started
        scaled = scaled_answers(answers, times)
        evaluate_answers(questionnaire, scaled)  # warm: names recognised once
        runs = max(3, min(200, int(budget_s / max(times, 1) * 200)))
        timing = timed(f"{times}x", lambda q=questionnaire, a=scaled: evaluate_answers(q, a),
                       runs)
        calls = calls_in(lambda q=questionnaire, a=scaled: evaluate_answers(q, a))
        results.append(Growth(times, len(questionnaire.all_questions), load_s,
                              timing.median_ms, calls))
    return results
