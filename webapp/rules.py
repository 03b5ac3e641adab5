"""Answers -> visible pages, scores and talking points. Pure functions; no Flask import.

Visibility is worked out in page order: a page or question whose condition is
false is not shown, not required, and its answer (perhaps given before the
patient changed an earlier one) is left out of everything that follows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .conditions import Facts, evaluate, is_answered
from .medicines import ListedMedicine, listed_medicines
from .questionnaire import PRIORITIES, Band, Instrument, Page, Question, Questionnaire, Source

Answers = Mapping[str, Any]


@dataclass(frozen=True)
class Score:
    """An instrument's total for this patient, with its published band."""

    instrument: Instrument
    total: int
    band: Band | None

    @property
    def text(self) -> str:
        band = f"; the scale's authors call this range {self.band.label}" if self.band else ""
        return (f"score {self.total} of {self.instrument.maximum}{band}; "
                "a screening score, not a diagnosis")


@dataclass(frozen=True)
class TalkingPoint:
    """One point to raise: what to say, what to ask, why it matters and where that is from."""

    id: str
    priority: str
    title: str | None
    raise_text: str
    ask: str
    why: str
    sources: tuple[Source, ...]

    @property
    def is_safety(self) -> bool:
        return self.priority == "safety"

    @property
    def citation(self) -> str:
        return "; ".join(source.citation for source in self.sources)


@dataclass(frozen=True)
class Evaluation:
    """Everything derived from one set of answers, computed once per request."""

    pages: tuple[Page, ...]
    shown: frozenset[str]  # ids of the questions shown
    answers: dict[str, Any]  # effective answers: shown questions only
    medicines: tuple[ListedMedicine, ...]
    scores: dict[str, Score]
    talking_points: tuple[TalkingPoint, ...]


def _facts(questionnaire: Questionnaire, answers: Answers, shown: frozenset[str]) -> Facts:
    """Facts for conditions; ``answers`` must already hold only shown questions' answers."""
    meds = listed_medicines(questionnaire.medicine_index, questionnaire.all_questions, answers)
    totals = {iid: s.total for iid, s in instrument_scores(questionnaire, answers, shown).items()}
    return Facts(answers, meds, totals)


@dataclass(frozen=True)
class Walk:
    """The path through the questionnaire for one set of answers."""

    pages: tuple[Page, ...]  # visible pages, in order
    shown: frozenset[str]  # ids of the questions shown on those pages
    answers: dict[str, Any]  # effective answers: shown questions only


def walk(questionnaire: Questionnaire, answers: Answers) -> Walk:
    """Work out, in page order, what is shown and which answers still count."""
    effective: dict[str, Any] = {}
    pages: list[Page] = []
    shown: set[str] = set()
    for page in questionnaire.pages:
        if page.when is not None and not evaluate(
                page.when, _facts(questionnaire, effective, frozenset(shown))):
            continue
        pages.append(page)
        for question in page.questions:
            if question.when is not None and not evaluate(
                    question.when, _facts(questionnaire, effective, frozenset(shown))):
                continue
            shown.add(question.id)
            if question.id in answers and is_answered(answers[question.id]):
                effective[question.id] = answers[question.id]
    return Walk(tuple(pages), frozenset(shown), effective)


def visible_questions(questionnaire: Questionnaire, page: Page, answers: Answers) -> list[Question]:
    """The questions of ``page`` shown for ``answers`` (which may include this page's input)."""
    shown = walk(questionnaire, answers).shown
    return [question for question in page.questions if question.id in shown]


def instrument_scores(questionnaire: Questionnaire, answers: Answers,
                      shown: frozenset[str]) -> dict[str, Score]:
    """Totals of instruments whose every shown item is answered.

    An item not shown because of an earlier answer scores 0 (AUDIT-C's "Never"
    skips the next two items); a shown item left blank means no score at all.
    """
    scores = {}
    for instrument in questionnaire.instruments.values():
        total = 0
        for item in instrument.items:
            if item not in shown:
                continue
            option = questionnaire.question(item).option(str(answers.get(item)))
            if option is None or option.score is None:
                break
            total += option.score
        else:
            scores[instrument.id] = Score(instrument, total, instrument.band(total))
    return scores


def evaluate_answers(questionnaire: Questionnaire, answers: Answers) -> Evaluation:
    """Visible pages, effective answers, medicines, scores and talking points for ``answers``."""
    path = walk(questionnaire, answers)
    pages, effective = path.pages, path.answers
    facts = _facts(questionnaire, effective, path.shown)
    matched = [rule for rule in questionnaire.talking_points
               if rule.when is not None and evaluate(rule.when, facts)]
    if not matched:
        matched = [rule for rule in questionnaire.talking_points if rule.when is None]
    points = [TalkingPoint(rule.id, rule.priority, rule.title, rule.raise_text, rule.ask,
                           rule.why, tuple(questionnaire.sources[s] for s in rule.sources))
              for rule in matched]
    points.sort(key=lambda point: PRIORITIES.index(point.priority))
    return Evaluation(pages, path.shown, effective, facts.medicines,
                      instrument_scores(questionnaire, effective, path.shown), tuple(points))


def pages_reached(questionnaire: Questionnaire, answers: Answers,
                  recorded: list[str] | None = None) -> list[str]:
    """Pages to count as done for answers loaded from a file.

    The pages the file ``recorded`` as done, or else the shown pages up to the
    last one holding an answer; less any page whose required question is
    unanswered (the patient is taken back to it).
    """
    path = walk(questionnaire, answers)
    if recorded is not None:
        candidates = [page for page in path.pages if page.id in recorded]
    else:
        last = max((i for i, page in enumerate(path.pages)
                    if any(q.id in path.answers for q in page.questions)), default=-1)
        candidates = list(path.pages[: last + 1])
    done = []
    for page in candidates:
        if all(q.id in path.answers for q in page.questions
               if q.required and q.id in path.shown):
            done.append(page.id)
    return done
