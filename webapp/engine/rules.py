"""Answers -> visible pages, scores and talking points. Pure functions; no Flask import.

Visibility is worked out in page order: a page or question whose condition is
false is not shown, not required, and its answer (perhaps given before the
patient changed an earlier one) is left out of everything that follows.
"""

from __future__ import annotations

from collections.abc import Mapping
from copy import copy
from dataclasses import dataclass, field
from typing import Any

from .conditions import Facts, evaluate, is_answered
from .language import gettext as _
from .listed_medicine import ListedMedicine
from .patient_medicines import MedicineCollector
from .points import TalkingPoint, build_point
from .questionnaire import PRIORITIES, Band, Cutoff, Instrument, Page, Question, Questionnaire

__all__ = ["Evaluation", "Score", "TalkingPoint", "Walk", "evaluate_answers", "walk",
           "walk_up_to"]

Answers = Mapping[str, Any]


@dataclass(frozen=True)
class Score:
    """An instrument's total for this patient, with its published band."""

    instrument: Instrument
    total: int
    band: Band | None
    cutoff: Cutoff | None = None  # the published cut-off that applies to this patient

    @property
    def text(self) -> str:
        parts = [_("score %(total)s of %(maximum)s", total=self.total,
                   maximum=self.instrument.maximum)]
        if self.band:
            parts.append(_("the scale's authors call this range %(band)s", band=self.band.label))
        return "; ".join(parts) + self.cutoff_text + "; " + _("a screening score, not a diagnosis")

    @property
    def cutoff_text(self) -> str:
        """"; at or above the cut-off for men, 4 or more" (empty without a cut-off)."""
        if self.cutoff is None:
            return ""
        if self.total >= self.cutoff.at_least:
            return "; " + _("at or above %(cutoff)s", cutoff=self.cutoff.label)
        return "; " + _("below %(cutoff)s", cutoff=self.cutoff.label)

    @property
    def shows_crisis_line(self) -> bool:
        """Whether the crisis line goes beside this score (a positive mood screen)."""
        return bool(self.band and self.band.crisis_line)


@dataclass(frozen=True)
class Evaluation:
    """Everything derived from one set of answers, computed once per request."""

    pages: tuple[Page, ...]
    shown: frozenset[str]  # ids of the questions shown
    answers: dict[str, Any]  # effective answers: shown questions only
    medicines: tuple[ListedMedicine, ...]
    scores: dict[str, Score]
    talking_points: tuple[TalkingPoint, ...]


@dataclass(frozen=True)
class Walk:
    """The path through the questionnaire for one set of answers."""

    pages: tuple[Page, ...]  # visible pages, in order
    shown: frozenset[str]  # ids of the questions shown on those pages
    answers: dict[str, Any]  # effective answers: shown questions only
    resume: _Resume | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class _Resume:
    """Where a walk stood as it reached a page: the page's index, the visible pages before
    it, and the progress (kept apart from the walk's own, which went on)."""

    index: int
    pages: tuple[Page, ...]
    progress: _Progress


class _Progress:
    """The facts for conditions part-way through the walk, kept up to date answer by answer.

    Listed medicines change only when a medicine question is answered, and an
    instrument's total only when one of its items is shown, so each is worked
    out again only then, and only once a condition asks. The walk therefore
    costs time in step with the size of the questionnaire, not its square.
    """

    def __init__(self, questionnaire: Questionnaire) -> None:
        self.questionnaire = questionnaire
        self.answers: dict[str, Any] = {}  # effective answers so far
        self.shown: set[str] = set()
        self._medicines = MedicineCollector(questionnaire.medicine_index)
        self._instruments_of: dict[str, list[Instrument]] = {}
        for instrument in questionnaire.instruments.values():
            for item in instrument.items:
                self._instruments_of.setdefault(item, []).append(instrument)
        self._totals: dict[str, int] = {}
        self._stale: dict[str, Instrument] = dict(questionnaire.instruments)
        self._facts: Facts | None = None

    def fork(self) -> _Progress:
        """A copy that goes on apart from this one (the facts it has given stay as given)."""
        other = copy(self)
        other.answers = dict(self.answers)
        other.shown = set(self.shown)
        other._medicines = self._medicines.fork()
        other._totals = dict(self._totals)
        other._stale = dict(self._stale)
        other._facts = None
        return other

    def show(self, question: Question, answers: Answers) -> None:
        """``question`` is shown: its answer in ``answers`` (if given) now counts."""
        qid = question.id
        self.shown.add(qid)
        value = answers.get(qid)
        if value is not None and is_answered(value):
            self.answers[qid] = value
            self._medicines.add(question, value)
        instruments = self._instruments_of.get(qid)
        if instruments:
            for instrument in instruments:
                self._stale[instrument.id] = instrument
        self._facts = None

    def facts(self) -> Facts:
        """Facts for the answers and shown questions so far, for use at once.

        They share the walk's answers and totals, which go on growing as it goes on.
        """
        if self._facts is None:
            for instrument in self._stale.values():
                total = _total(self.questionnaire, instrument, self.answers, self.shown)
                if total is None:
                    self._totals.pop(instrument.id, None)
                else:
                    self._totals[instrument.id] = total
            self._stale.clear()
            self._facts = Facts(self.answers, self._medicines.listed(), self._totals)
        return self._facts


def _walk(questionnaire: Questionnaire, answers: Answers, start: _Resume | None = None,
          keep_at: Page | None = None, stop_after: Page | None = None) -> tuple[Walk, Facts]:
    """The walk through ``answers``, and the facts at its end.

    ``keep_at``: keep where the walk stood as it reached that page, so that a walk through
    other answers to that page's questions can go on from there (:func:`walk_on`).
    ``start``: go on from such a place instead of from the first page.
    ``stop_after``: end the walk with that page (:func:`walk_up_to`).
    """
    if start is None:
        progress, pages, first = _Progress(questionnaire), [], 0
    else:
        progress, pages, first = start.progress.fork(), list(start.pages), start.index
    kept: _Resume | None = None
    end = len(questionnaire.pages) if stop_after is None else next(
        index + 1 for index, page in enumerate(questionnaire.pages) if page is stop_after)
    for index in range(first, end):
        page = questionnaire.pages[index]
        if page is keep_at:
            kept = _Resume(index, tuple(pages), progress.fork())
        if page.when is not None and not evaluate(page.when, progress.facts()):
            continue
        pages.append(page)
        for question in page.questions:
            if question.when is not None and not evaluate(question.when, progress.facts()):
                continue
            progress.show(question, answers)
    path = Walk(tuple(pages), frozenset(progress.shown), progress.answers, kept)
    return path, progress.facts()


def walk(questionnaire: Questionnaire, answers: Answers, keep_at: Page | None = None) -> Walk:
    """Work out, in page order, what is shown and which answers still count.

    ``keep_at``: a page whose answers may be changed next (the page being submitted):
    :func:`walk_on` then walks the changed answers from that page on, not from the start.
    """
    return _walk(questionnaire, answers, keep_at=keep_at)[0]


def walk_up_to(questionnaire: Questionnaire, answers: Answers, page: Page,
               keep: bool = False) -> Walk:
    """The start of :func:`walk`, up to and including ``page``: all a question page needs
    to be shown (the pages before it, the questions it shows), for about half a walk.

    A condition sees only answers shown before it, so these pages, questions and answers
    are those of the whole walk up to ``page``; nothing after it is in the result.
    ``keep``: keep the walk's place at ``page`` for :func:`walk_on`.
    """
    return _walk(questionnaire, answers, keep_at=page if keep else None, stop_after=page)[0]


def walk_on(questionnaire: Questionnaire, path: Walk, answers: Answers,
            changes: Answers) -> Walk:
    """:func:`walk` through ``answers`` updated with ``changes``, where ``path`` is the walk
    through ``answers`` that kept its place at the page whose questions ``changes`` answers.

    A walk is in page order and a condition sees only answers shown before it, so up to
    that page the two walks are the same: this one goes on from where ``path`` reached it.
    Changes to questions of any other page get a walk from the start.
    """
    changed = {**answers, **changes}
    resume = path.resume
    if resume is None or not changes.keys() <= {
            question.id for question in questionnaire.pages[resume.index].questions}:
        return walk(questionnaire, changed)
    return _walk(questionnaire, changed, start=resume)[0]


def _total(questionnaire: Questionnaire, instrument: Instrument, answers: Answers,
           shown: frozenset[str] | set[str]) -> int | None:
    """The instrument's total, or None if a shown item is unanswered (or has no score)."""
    total = 0
    for item in instrument.items:
        if item not in shown:
            continue
        option = questionnaire.question(item).option(str(answers.get(item)))
        if option is None or option.score is None:
            return None
        total += option.score
    return total


def evaluate_answers(questionnaire: Questionnaire, answers: Answers) -> Evaluation:
    """Visible pages, effective answers, medicines, scores and talking points for ``answers``."""
    path, facts = _walk(questionnaire, answers)
    pages, effective = path.pages, path.answers
    points = [point for rule in questionnaire.talking_points
              if not rule.fallback and (rule.when is None or facts.holds(rule.when))
              and (point := build_point(questionnaire, rule, facts, checked=True)) is not None]
    if not points:
        points = [point for rule in questionnaire.talking_points if rule.fallback
                  and (point := build_point(questionnaire, rule, facts)) is not None]
    points.sort(key=lambda point: PRIORITIES.index(point.priority))
    scores = {iid: Score(instrument, facts.scores[iid], instrument.band(facts.scores[iid]),
                         next((cut for cut in instrument.cutoffs
                               if cut.when is None or facts.holds(cut.when)), None))
              for iid, instrument in questionnaire.instruments.items() if iid in facts.scores}
    return Evaluation(pages, path.shown, effective, facts.medicines, scores, tuple(points))


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
