"""Rows for check-your-answers and the printable summary, built in Python.

Templates only lay these out; the JSON and text formats of ``flask summary``
come from the same objects, so the three never disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .diary_sheet import DiarySection
from .language import N_
from .language import gettext as _
from .medicines import ListedMedicine, possibly
from .points import SAY_IN_FULL, TABLE_ROWS, Shared
from .question_types import diaries, diary_section
from .question_types.medicine_list import detail_labels, field_labels
from .questionnaire import Page, Question, Questionnaire, Source
from .rules import Evaluation, Score, TalkingPoint, evaluate_answers
from .words import Words

#: How the printout labels what the patient wrote (the sheet speaks in their voice).
OWN_WORDS = N_("In my own words")
#: The medicine table's detail columns on the sheet, in the patient's voice, by field name.
MEDICINE_COLUMNS = {"how_often": N_("How often"), "how_long": N_("How long"),
                    "prescribed": N_("Prescribed to me")}
#: Characters of a typed name or purpose the table shows; a longer one is cut at a word
#: with "…", and given in full once under "My medicines in full" (nothing is dropped).
TABLE_TEXT = 40


@dataclass(frozen=True)
class AnswerRow:
    """One question and the patient's answer, as shown on check-your-answers."""

    question: Question
    label: str
    lines: tuple[str, ...]  # the answer, one line each; empty when not provided
    patient_words: bool = False  # free text the patient typed, shown as theirs
    negative: bool = False  # "No", "Never" or "None of these": the sheet lists these together

    @property
    def provided(self) -> bool:
        return bool(self.lines)


@dataclass(frozen=True)
class PageRows:
    page: Page
    rows: tuple[AnswerRow, ...]


@dataclass(frozen=True)
class MedicineRow:
    """A listed medicine as the sheet's table shows it: as written, and what was recognized.

    ``recognised_as`` is the generic name(s), a likely misspelling read "possibly X, please
    check"; None when nothing was recognized (the name is shown as written).
    """

    typed: str
    recognised_as: str | None
    classes: tuple[str, ...]
    details: tuple[tuple[str, str], ...]  # (field label, answer) as the screen words them
    fields: Mapping[str, str] = field(default_factory=dict)  # field name -> answer label
    ticked: bool = False  # a ticked option (the app's words), not a name the patient typed

    @property
    def purpose(self) -> str | None:
        """What the patient wrote they take it for (their words)."""
        return self.fields.get("purpose")

    @property
    def short_typed(self) -> str:
        """The name as the table shows it: cut at a word with "…" when long."""
        return shortened(self.typed)

    @property
    def short_purpose(self) -> str | None:
        """The purpose as the table shows it: cut at a word with "…" when long."""
        return shortened(self.purpose) if self.purpose else None

    @property
    def cut(self) -> bool:
        """Whether the table cuts the name or the purpose (both are then given in full)."""
        return self.short_typed != self.typed or self.short_purpose != self.purpose


def shortened(text: str, limit: int = TABLE_TEXT) -> str:
    """``text``, or its first words up to ``limit`` characters and "…" (never a cut word
    unless the first word alone is longer)."""
    if len(text) <= limit:
        return text
    head = text[:limit + 1].rsplit(" ", 1)[0] if " " in text[:limit + 1] else text[:limit]
    return head.rstrip(" ,.;:") + "…"


@dataclass(frozen=True)
class Flag:
    """A safety point's one line in the top block, naming what raised it."""

    point_id: str
    title: str
    raised_by: Words


@dataclass(frozen=True)
class LeftOut:
    """How many points the patient chose to leave out, and how many of them were safety points."""

    count: int
    safety: int

    @property
    def text(self) -> str:
        """"I chose to leave out 2 points, one of them a safety point."."""
        count, safety = _number(self.count), _number(self.safety)
        if self.count == 1:
            return (_("I chose to leave out one point, a safety point.") if self.safety
                    else _("I chose to leave out one point, not a safety point."))
        if not self.safety:
            return _("I chose to leave out %(count)s points, none of them a safety point.",
                     count=count)
        if self.safety == 1:
            return _("I chose to leave out %(count)s points, one of them a safety point.",
                     count=count)
        return _("I chose to leave out %(count)s points, %(safety)s of them safety points.",
                 count=count, safety=safety)


def _number(count: int) -> str:
    return _(NUMBER_WORDS[count]) if count < len(NUMBER_WORDS) else str(count)


#: Counts the sheet writes in words.
NUMBER_WORDS = (N_("no"), N_("one"), N_("two"), N_("three"), N_("four"), N_("five"), N_("six"),
                N_("seven"), N_("eight"), N_("nine"), N_("ten"))


@dataclass(frozen=True)
class SharedNote:
    """What several points say alike, said once above them: each statement with its sources."""

    statements: tuple[Shared, ...]  # the whys
    asks: tuple[str, ...]


@dataclass(frozen=True)
class Summary:
    """Everything on the printable sheet, in the order a doctor reads it.

    The top block: the main concern, the medicines, the safety flags and the scores. Then
    the points, the key answers, the patient's own questions, and the sources.
    """

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
    sources: tuple[Source, ...] = field(default=())  # every source the sheet cites, once
    score_sources: dict[str, str] = field(default_factory=dict)  # instrument id -> who
    #: What several points say alike, said once above them on the printout: (key, text).
    shared: tuple[tuple[str, str], ...] = field(default=())
    shared_note: SharedNote | None = None
    version: str = ""
    show_left_out: bool = True
    #: The patient's sleep diaries (the shipped questionnaire has one), with nights.
    diaries: tuple[DiarySection, ...] = field(default=())

    @property
    def printed_points(self) -> tuple[TalkingPoint, ...]:
        """The points as the printout shows them, without what it says once above them."""
        lifted = set(self.shared)
        return tuple(point.printed(lifted) for point in self.talking_points)

    @property
    def key_answers(self) -> tuple[AnswerRow, ...]:
        """The key answers other than "no", "never" and "none of these"."""
        return tuple(row for row in self.at_a_glance if not row.negative)

    @property
    def answered_no(self) -> tuple[str, ...]:
        """The labels of the key questions answered "no", "never" or "none of these"."""
        return tuple(row.label for row in self.at_a_glance if row.negative)

    @property
    def flags(self) -> tuple[Flag, ...]:
        """One line for each safety point the patient kept, naming what raised it."""
        return tuple(Flag(point.id, point.title or point.raise_text, point.raised_by)
                     for point in self.talking_points if point.is_safety)

    @property
    def left_out_line(self) -> LeftOut | None:
        """The "I chose to leave out ..." line, unless none were left out or the clinic
        turned it off."""
        if not self.left_out or not self.show_left_out:
            return None
        return LeftOut(len(self.left_out), sum(p.is_safety for p in self.left_out))

    @property
    def source_numbers(self) -> dict[str, int]:
        """Each cited source's number on the printout, from 1."""
        return {source.id: number for number, source in enumerate(self.sources, 1)}

    @property
    def crisis_line_beside_scores(self) -> bool:
        """Whether a score calls for the crisis line beside it (a positive mood screen)."""
        return any(score.shows_crisis_line for score in self.scores)

    @property
    def table_medicines(self) -> tuple[MedicineRow, ...]:
        """The rows of the table in the top block."""
        return self.medicines[:TABLE_ROWS]

    @property
    def more_medicines(self) -> tuple[MedicineRow, ...]:
        """The rows that continue right after the top block, under "More of my medicines":
        each on one line of its own, its texts in full and its details after them."""
        return self.medicines[TABLE_ROWS:]

    @property
    def more_medicines_line(self) -> str | None:
        """Under the table, when it continues: "7 more medicines follow, under ..."."""
        count = len(self.more_medicines)
        if not count:
            return None
        if count == 1:
            line = _("One more medicine follows, under “More of my medicines” after the "
                     "screening scores.")
        else:
            line = _("%(count)s more medicines follow, under “More of my medicines” after the "
                     "screening scores.", count=_number(count))
        return line[:1].upper() + line[1:]

    @property
    def numbered(self) -> bool:
        """Whether the table numbers its rows: when it continues, cuts a text, or is long
        enough that a point names some medicines by their rows ("rows 4–10 in the table")."""
        return bool(self.more_medicines or self.medicines_in_full
                    or len(self.medicines) > SAY_IN_FULL)

    @property
    def medicines_in_full(self) -> tuple[tuple[int, MedicineRow], ...]:
        """(row number, row) of each medicine the top block's table shortens: given in full
        once. (The rows under "More of my medicines" give their texts in full already.)"""
        return tuple((number, med) for number, med in enumerate(self.table_medicines, 1)
                     if med.cut)

    @property
    def medicine_columns(self) -> tuple[tuple[str, str], ...]:
        """(field name, heading) of each detail any listed medicine gives, in table order."""
        return tuple((name, _(heading)) for name, heading in MEDICINE_COLUMNS.items()
                     if any(name in m.fields for m in self.medicines))

    def medicine_details(self, med: MedicineRow, labelled: bool = True) -> str:
        """A medicine's table row as words, for a line under "More of my medicines":
        "recognized as X (kind); How often: ..."; not ``labelled`` (a sheet shortened to
        step 15): "...; Most nights; ...", the order in :attr:`medicine_order`. The sheet
        prints it and sheet_pages measures it, so both read it from here."""
        details = (_("recognized as %(name)s", name=med.recognised_as) if med.recognised_as
                   else _("not recognized"))
        details += f" ({', '.join(med.classes)})" if med.classes else ""
        if not labelled:  # a detail not given shows as a dash, as in the table
            return details + "".join(f"; {med.fields.get(name, '–')}"
                                     for name, _heading in self.medicine_columns)
        return details + "".join(f"; {heading}: {med.fields[name]}"
                                 for name, heading in self.medicine_columns
                                 if name in med.fields)

    @property
    def medicine_order(self) -> str:
        """The line heading "More of my medicines" when its details print without their
        labels (a sheet shortened to step 15): what each line gives, in order."""
        order = "; ".join([_("recognized as (kind)"),
                           *(heading for _name, heading in self.medicine_columns)])
        return _("Each line: %(order)s.", order=order)


def answer_lines(question: Question, value: Any) -> tuple[str, ...]:
    """The answer to ``question`` as readable lines (option labels, units, medicine rows)."""
    if value in (None, "", []):
        return ()
    return question.kind.answer_lines(question, value)


#: How the sheet heads the key questions answered no, never or none of these.
NO_NEVER_NONE = N_("No, never or none")


def is_negative(question: Question, value: Any) -> bool:
    """Whether ``value`` answers "no", "never" or "none of these" to ``question``."""
    return question.kind.is_negative(question, value)


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
                                  question.kind.patient_words))
        pages.append(PageRows(page, tuple(rows)))
    return pages


def medicine_rows(questionnaire: Questionnaire, medicines: tuple[ListedMedicine, ...]
                  ) -> tuple[MedicineRow, ...]:
    """The medicine table: each row as typed, with every medicine recognized in it or none.

    A likely misspelling reads "possibly X, please check", never plain X.
    """
    index = questionnaire.medicine_index
    rows_of: dict[tuple[str, int | None, str], list[ListedMedicine]] = {}
    for med in medicines:  # the rows points.table_rows numbers
        rows_of.setdefault(med.table_row, []).append(med)
    rows = []
    for meds in rows_of.values():
        question = questionnaire.question(meds[0].question_id)
        details = tuple(detail_labels(question, meds[0].fields))
        known = [med for med in meds if med.generic]
        names = ", ".join(possibly(str(med.generic)) if med.fuzzy else str(med.generic)
                          for med in known)
        labels = tuple(dict.fromkeys(label for med in known for label in index.class_labels(med)))
        rows.append(MedicineRow(meds[0].row_text, names or None, labels, details,
                                field_labels(question, meds[0].fields), meds[0].row is None))
    return tuple(rows)


def build_summary(questionnaire: Questionnaire, answers: Mapping[str, Any],
                  left_out: set[str] | frozenset[str] = frozenset(),
                  today: date | None = None, nights_table: bool = False) -> Summary:
    """The printable summary for ``answers``, leaving out the talking points in ``left_out``;
    ``nights_table``: the patient asked for the table of their diary's nights."""
    return summary_from(questionnaire, evaluate_answers(questionnaire, answers), left_out, today,
                        nights_table)


def summary_from(questionnaire: Questionnaire, evaluation: Evaluation,
                 left_out: set[str] | frozenset[str] = frozenset(),
                 today: date | None = None, nights_table: bool = False) -> Summary:
    """The printable summary from an evaluation already made for this request."""
    effective = evaluation.answers
    settings = questionnaire.settings
    concern = effective.get(settings.main_concern) if settings.main_concern else None
    picked: list[str] = []
    own: list[str] = []
    for qid in settings.patient_questions:
        question = questionnaire.question(qid)
        lines = answer_lines(question, effective.get(qid))
        (own if question.kind.patient_words else picked).extend(lines)
    glance = tuple(
        AnswerRow(q, q.short_label, answer_lines(q, effective.get(q.id)),
                  negative=is_negative(q, effective.get(q.id)))
        for page in evaluation.pages for q in page.questions
        if q.at_a_glance and q.id in evaluation.shown and q.id in effective
    )
    points = tuple(p for p in evaluation.talking_points if p.id not in left_out)
    scores = tuple(evaluation.scores.values())
    shared = said_by_several(points)
    note = shared_note(points, shared)
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
        sources=cited_sources(points, note),
        shared=shared,
        shared_note=note,
        score_sources={score.instrument.id: score_sources(questionnaire, score)
                       for score in scores},
        version=settings.version,
        show_left_out=settings.show_left_out,
        diaries=tuple(
            diary_section(question, effective[question.id], nights_table)
            for page in evaluation.pages for question, _ in diaries(page.questions)
            if question.id in evaluation.shown and effective.get(question.id)),
    )


def said_by_several(points: tuple[TalkingPoint, ...]) -> tuple[tuple[str, str], ...]:
    """The texts marked ``once`` that two or more points say: the printout says them once."""
    counts: dict[tuple[str, str], int] = {}
    for point in points:
        for item in point.shared:
            counts[(item.key, item.text)] = counts.get((item.key, item.text), 0) + 1
    return tuple(item for item, count in counts.items() if count > 1)


def shared_note(points: tuple[TalkingPoint, ...], lifted: tuple[tuple[str, str], ...]
                ) -> SharedNote | None:
    """The box above the points: each lifted why with exactly its own sources, and the asks."""
    if not lifted:
        return None
    found: dict[tuple[str, str], Shared] = {}
    for point in points:
        for item in point.shared:
            if (item.key, item.text) in lifted:
                found.setdefault((item.key, item.text), item)
    return SharedNote(tuple(item for item in found.values() if item.key == "why"),
                      tuple(item.text for item in found.values() if item.key == "ask"))


def cited_sources(points: tuple[TalkingPoint, ...], note: SharedNote | None = None
                  ) -> tuple[Source, ...]:
    """The sources the sheet cites, each once, in the order it shows them: the box above
    the points first, then the points. (A score names its papers beside it.)"""
    found: dict[str, Source] = {}
    for item in note.statements if note else ():
        for source in item.sources:
            found.setdefault(source.id, source)
    for point in points:
        for source in point.sources:
            found.setdefault(source.id, source)
    return tuple(found.values())


def score_sources(questionnaire: Questionnaire, score: Score) -> str:
    """The papers behind a score and its cut-offs, briefly: "Bush 1998; Bradley 2003"."""
    return "; ".join(questionnaire.sources[sid].brief for sid in score.instrument.sources)
