"""Rows for check-your-answers and the printable summary, built in Python.

Templates only lay these out; the JSON and text formats of ``flask summary``
come from the same objects, so the three never disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .medicines import ListedMedicine
from .questionnaire import Page, Question, Questionnaire, Source
from .rules import Evaluation, Score, TalkingPoint, evaluate_answers

#: How the printout labels what the patient wrote (the sheet speaks in their voice).
OWN_WORDS = "In my own words"


@dataclass(frozen=True)
class AnswerRow:
    """One question and the patient's answer, as shown on check-your-answers."""

    question: Question
    label: str
    lines: tuple[str, ...]  # the answer, one line each; empty when not provided
    patient_words: bool = False  # free text the patient typed, shown as theirs

    @property
    def provided(self) -> bool:
        return bool(self.lines)


@dataclass(frozen=True)
class PageRows:
    page: Page
    rows: tuple[AnswerRow, ...]


@dataclass(frozen=True)
class MedicineRow:
    """A listed medicine with its recognised class, for the printout's table."""

    typed: str
    recognised_as: str | None
    classes: tuple[str, ...]
    details: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Summary:
    """Everything on the printable summary, in the order a doctor reads it."""

    title: str
    made_on: date
    main_concern: str | None
    talking_points: tuple[TalkingPoint, ...]
    medicines: tuple[MedicineRow, ...]
    scores: tuple[Score, ...]
    at_a_glance: tuple[AnswerRow, ...]
    patient_questions: tuple[str, ...]
    own_words: tuple[str, ...]
    disclaimer: str
    crisis_line: str
    left_out: tuple[TalkingPoint, ...] = field(default=())
    sources: tuple[Source, ...] = field(default=())  # every source the points cite, once
    score_sources: dict[str, str] = field(default_factory=dict)  # instrument id -> who
    #: What several points say alike, said once above them on the printout: (key, text).
    shared: tuple[tuple[str, str], ...] = field(default=())
    shared_sources: tuple[Source, ...] = field(default=())

    @property
    def printed_points(self) -> tuple[TalkingPoint, ...]:
        """The points as the printout shows them, without what it says once above them."""
        lifted = set(self.shared)
        return tuple(point.printed(lifted) for point in self.talking_points)

    @property
    def source_numbers(self) -> dict[str, int]:
        """Each cited source's number on the printout, from 1."""
        return {source.id: number for number, source in enumerate(self.sources, 1)}

    @property
    def crisis_line_beside_scores(self) -> bool:
        """Whether a score calls for the crisis line beside it (a positive mood screen)."""
        return any(score.shows_crisis_line for score in self.scores)


def answer_lines(question: Question, value: Any) -> tuple[str, ...]:
    """The answer to ``question`` as readable lines (option labels, units, medicine rows)."""
    if value in (None, "", []):
        return ()
    if question.type in ("single_choice", "yes_no"):
        option = question.option(str(value))
        return (option.label if option else str(value),)
    if question.type == "multiple_choice":
        return tuple(opt.label for opt in question.options if opt.value in value)
    if question.type == "number":
        unit = f" {question.unit}" if question.unit else ""
        return (f"{value}{unit}",)
    if question.type == "medicine_list":
        return tuple(_medicine_line(question, row) for row in value)
    return (str(value),)


def _medicine_line(question: Question, row: Mapping[str, str]) -> str:
    parts = [row.get("name", "")]
    for name, label in _detail_labels(question, row):
        parts.append(f"{name} {label}" if name.endswith("?") else f"{name}: {label}")
    return "; ".join(parts)


def _detail_labels(question: Question, row: Mapping[str, str]) -> list[tuple[str, str]]:
    details = []
    for mfield in question.medicine_fields:
        value = row.get(mfield.name)
        if not value:
            continue
        option = next((o for o in mfield.options if o.value == value), None)
        details.append((mfield.label, option.label if option else value))
    return details


def check_rows(questionnaire: Questionnaire, evaluation: Evaluation) -> list[PageRows]:
    """Every shown question with its answer, page by page, for check-your-answers."""
    pages = []
    for page in evaluation.pages:
        rows = []
        for question in page.questions:
            if question.id not in evaluation.shown:
                continue
            value = evaluation.answers.get(question.id)
            rows.append(AnswerRow(question, question.short_label, answer_lines(question, value),
                                  question.type in ("text", "long_text")))
        pages.append(PageRows(page, tuple(rows)))
    return pages


def medicine_rows(questionnaire: Questionnaire, medicines: tuple[ListedMedicine, ...]
                  ) -> tuple[MedicineRow, ...]:
    """The medicine table: each row as typed, with every medicine recognized in it or none.

    A likely misspelling reads "possibly X (check)", never plain X.
    """
    index = questionnaire.medicine_index
    rows_of: dict[tuple[str, int | None, str], list[ListedMedicine]] = {}
    for med in medicines:
        rows_of.setdefault((med.question_id, med.row, med.row_text), []).append(med)
    rows = []
    for meds in rows_of.values():
        question = questionnaire.question(meds[0].question_id)
        details = tuple(_detail_labels(question, meds[0].fields))
        known = [med for med in meds if med.generic]
        names = ", ".join(f"possibly {med.generic} (check)" if med.fuzzy else str(med.generic)
                          for med in known)
        labels = tuple(dict.fromkeys(label for med in known for label in index.class_labels(med)))
        rows.append(MedicineRow(meds[0].row_text, names or None, labels, details))
    return tuple(rows)


def build_summary(questionnaire: Questionnaire, answers: Mapping[str, Any],
                  left_out: set[str] | frozenset[str] = frozenset(),
                  today: date | None = None) -> Summary:
    """The printable summary for ``answers``, leaving out the talking points in ``left_out``."""
    return summary_from(questionnaire, evaluate_answers(questionnaire, answers), left_out, today)


def summary_from(questionnaire: Questionnaire, evaluation: Evaluation,
                 left_out: set[str] | frozenset[str] = frozenset(),
                 today: date | None = None) -> Summary:
    """The printable summary from an evaluation already made for this request."""
    effective = evaluation.answers
    settings = questionnaire.settings
    concern = effective.get(settings.main_concern) if settings.main_concern else None
    picked, own = [], []
    for qid in settings.patient_questions:
        question = questionnaire.question(qid)
        lines = answer_lines(question, effective.get(qid))
        (own if question.type in ("text", "long_text") else picked).extend(lines)
    glance = tuple(
        AnswerRow(q, q.short_label, answer_lines(q, effective.get(q.id)))
        for page in evaluation.pages for q in page.questions
        if q.at_a_glance and q.id in evaluation.shown and q.id in effective
    )
    points = tuple(p for p in evaluation.talking_points if p.id not in left_out)
    scores = tuple(evaluation.scores.values())
    return Summary(
        title=settings.title,
        made_on=today or date.today(),
        main_concern=concern,
        talking_points=points,
        medicines=medicine_rows(questionnaire, evaluation.medicines),
        scores=scores,
        at_a_glance=glance,
        patient_questions=tuple(picked),
        own_words=tuple(own),
        disclaimer=settings.disclaimer,
        crisis_line=settings.crisis_line,
        left_out=tuple(p for p in evaluation.talking_points if p.id in left_out),
        sources=cited_sources(points),
        shared=(shared := said_by_several(points)),
        shared_sources=tuple(dict.fromkeys(
            source for point in points if set(point.shared) & set(shared)
            for source in point.shared_sources)),
        score_sources={score.instrument.id: score_sources(questionnaire, score)
                       for score in scores},
    )


def said_by_several(points: tuple[TalkingPoint, ...]) -> tuple[tuple[str, str], ...]:
    """The texts marked ``once`` that two or more points say: the printout says them once."""
    counts: dict[tuple[str, str], int] = {}
    for point in points:
        for item in point.shared:
            counts[item] = counts.get(item, 0) + 1
    return tuple(item for item, count in counts.items() if count > 1)


def cited_sources(points: tuple[TalkingPoint, ...]) -> tuple[Source, ...]:
    """The sources the printed points cite, each once, in order of first use.

    (A score names its instrument's papers beside it: :func:`score_sources`.)
    """
    found: dict[str, Source] = {}
    for point in points:
        for source in point.sources:
            found.setdefault(source.id, source)
    return tuple(found.values())


def score_sources(questionnaire: Questionnaire, score: Score) -> str:
    """The papers behind a score and its cut-offs, briefly: "Bush 1998; Bradley 2003"."""
    return "; ".join(questionnaire.sources[sid].brief for sid in score.instrument.sources)


def summary_as_dict(summary: Summary) -> dict[str, Any]:
    """The summary as plain JSON-ready data (``flask summary --format json``)."""
    return {
        "title": summary.title,
        "date": summary.made_on.isoformat(),
        "main_concern": summary.main_concern,
        "talking_points": [
            {"id": p.id, "priority": p.priority, "title": p.title, "raise": p.raise_text,
             "ask": p.ask, "why": p.why, "source": p.citation,
             **({"crisis_line": p.crisis_line} if p.crisis_line else {})}
            for p in summary.talking_points
        ],
        "medicines": [
            {"as_written": m.typed, "recognized_as": m.recognised_as,
             "classes": list(m.classes), "details": dict(m.details)}
            for m in summary.medicines
        ],
        "scores": [
            {"instrument": s.instrument.name, "total": s.total, "max": s.instrument.maximum,
             "band": s.band.label if s.band else None, "text": s.text,
             "source": summary.score_sources.get(s.instrument.id),
             **({"crisis_line": summary.crisis_line} if s.shows_crisis_line else {})}
            for s in summary.scores
        ],
        "sources": [{"id": source.id, "citation": source.citation, "url": source.url}
                    for source in summary.sources],
        "at_a_glance": {row.label: list(row.lines) for row in summary.at_a_glance},
        "patient_questions": list(summary.patient_questions),
        "own_words": list(summary.own_words),
        "disclaimer": summary.disclaimer,
        "crisis_line": summary.crisis_line,
    }


def summary_as_text(summary: Summary) -> str:
    """The summary as plain text, for a terminal or an email to oneself."""
    out = [summary.title, f"Made on {summary.made_on:%d %B %Y}", ""]
    if summary.main_concern:
        out += [f"What I most want from this visit ({OWN_WORDS.lower()}):",
                f'  "{summary.main_concern}"', ""]
    out.append("Talking points")
    if summary.shared:
        out.append("  For several points below: "
                   + " ".join(text for key, text in summary.shared if key == "why"))
        out.append("  Ask: " + " ".join(text for key, text in summary.shared if key == "ask"))
        out.append("  Source: " + "; ".join(s.citation for s in summary.shared_sources))
    for number, point in enumerate(summary.printed_points, 1):
        flag = " [safety]" if point.is_safety else ""
        out += [f"{number}. {point.raise_text}{flag}", f"   Ask: {point.ask}",
                f"   Why: {point.why}", f"   Source: {point.citation}"]
        if point.crisis_line:
            out.append(f"   {point.crisis_line}")
    out += ["", "Medicines"]
    if not summary.medicines:
        out.append("  None listed")
    for med in summary.medicines:
        kind = ", ".join(med.classes) if med.recognised_as else "not recognized"
        details = "".join(f"; {k}: {v}" for k, v in med.details)
        out.append(f'  "{med.typed}" ({kind}){details}')
    if summary.scores:
        out += ["", "Scores"]
        for score in summary.scores:
            out.append(f"  {score.instrument.name}: {score.text} "
                       f"({summary.score_sources.get(score.instrument.id)})")
            if score.shows_crisis_line:
                out.append(f"  {summary.crisis_line}")
    if summary.at_a_glance:
        out += ["", "Key answers"]
        out += [f"  {row.label}: {'; '.join(row.lines)}" for row in summary.at_a_glance]
    if summary.patient_questions or summary.own_words:
        out += ["", "My questions"]
        out += [f"  - {q}" for q in summary.patient_questions]
        out += [f'  - {OWN_WORDS}: "{text}"' for text in summary.own_words]
    if summary.sources:
        out += ["", "Sources"]
        out += [f"  - {source.citation}. {source.url}" for source in summary.sources]
    out += ["", summary.disclaimer, summary.crisis_line]
    return "\n".join(out) + "\n"


def authored_texts(summary: Summary) -> list[tuple[str, str]]:
    """Every text on the summary that the app wrote, as (place, text); not the patient's words.

    The guardrail reads these. Medicine names, what a medicine is for, the main
    concern and the patient's own questions are theirs, shown quoted, and left out.
    """
    texts = [("title", summary.title), ("disclaimer", summary.disclaimer),
             ("crisis line", summary.crisis_line)]
    for point in summary.talking_points:
        # As written in questions.yaml, placeholders in place: what fills them in is the
        # patient's own words (medicine names as typed) or checked where it is written
        # (option phrases, class names).
        texts.append((f"{point.id} title", point.title or ""))
        texts += [(f"{point.id} {key}", text) for key, text in point.authored]
    texts += [(f"score {s.instrument.id}", s.text) for s in summary.scores]
    for med in summary.medicines:
        texts += [("medicine class", label) for label in med.classes]
        texts += [("medicine detail", label) for label, _ in med.details]
    for row in summary.at_a_glance:
        texts.append(("key answer label", row.label))
        if row.question.type not in ("text", "long_text", "number"):
            texts += [("key answer", line) for line in row.lines]
    texts += [("picked question", text) for text in summary.patient_questions]
    return [(place, text) for place, text in texts if text]
