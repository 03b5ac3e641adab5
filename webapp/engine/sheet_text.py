"""The sheet as plain text and as JSON (``flask summary``), and the texts the guardrail reads.

The text format follows the printed sheet's order and voice: the top block (what I most
want, my medicines, safety flags, scores), then the points, key answers, my questions.
The patient's own words are in double quotes.

The text format is English by design: it is ``flask summary``'s, for the clinic's staff, made
from the English questionnaire outside any request, and its own headings are English. So
:func:`summary_as_text` speaks English throughout, even when called while another language
is spoken: the sleep diary's lines, which are words the engine looks up, stay English too.
The patient's language is the printed sheet's (``/summary``), with "Print in English for my
doctor".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import language
from .language import gettext as _
from .summary import MEDICINE_COLUMNS, NO_NEVER_NONE, OWN_WORDS, Summary
from .words import authored, plain, quoted

if TYPE_CHECKING:
    from .sheet_fit import Condensed


def summary_as_dict(summary: Summary) -> dict[str, Any]:
    """The summary as plain JSON-ready data (``flask summary --format json``)."""
    return {
        "title": summary.title,
        "date": summary.made_on.isoformat(),
        "version": summary.version,
        "main_concern": summary.main_concern,
        "medicines": [
            {"as_written": m.typed, "recognized_as": m.recognised_as,
             "classes": list(m.classes), "details": dict(m.details)}
            for m in summary.medicines
        ],
        "safety_flags": [{"point": flag.point_id, "title": flag.title,
                          "raised_by": plain(flag.raised_by)} for flag in summary.flags],
        "scores": [
            {"instrument": s.instrument.name, "total": s.total, "max": s.instrument.maximum,
             "band": s.band.label if s.band else None,
             "cutoff": s.cutoff.label if s.cutoff else None, "text": s.text,
             "source": summary.score_sources.get(s.instrument.id),
             **({"crisis_line": summary.crisis_line} if s.shows_crisis_line else {})}
            for s in summary.scores
        ],
        "talking_points": [
            {"id": p.id, "priority": p.priority, "title": p.title, "say": p.say_text,
             "raise": p.raise_text, "ask": p.ask, "why": p.why, "source": p.citation,
             **({"crisis_line": p.crisis_line} if p.crisis_line else {})}
            for p in summary.talking_points
        ],
        "sources": [{"id": source.id, "citation": source.citation, "url": source.url}
                    for source in summary.sources],
        **({"sleep_diary": [diary.as_dict() for diary in summary.diaries]}
           if summary.diaries else {}),
        "at_a_glance": {row.label: list(row.lines) for row in summary.at_a_glance},
        "patient_questions": list(summary.patient_questions),
        "own_words": list(summary.own_words),
        **({"left_out": summary.left_out_line.text} if summary.left_out_line else {}),
        "disclaimer": summary.disclaimer,
        "crisis_line": summary.crisis_line,
    }


def summary_as_text(summary: Summary) -> str:
    """The summary as plain text, in the printed sheet's order, for a terminal or an email;
    in English (see the module's note)."""
    with language.speaking(language.ENGLISH):
        return _as_text(summary)


def _as_text(summary: Summary) -> str:
    numbers = summary.source_numbers
    out = [f"{summary.title}: my notes for a visit about sleep",
           f"Made on {summary.made_on:%d %B %Y}. Questionnaire version {summary.version}.",
           "Name: ____________________   Date of birth: ____________", ""]
    if summary.main_concern:
        out += [f"What I most want from this visit ({OWN_WORDS.lower()}):",
                f'  "{summary.main_concern}"', ""]
    out.append("My medicines")
    if not summary.medicines:
        out.append("  None listed")
    for number, med in enumerate(summary.medicines, 1):
        name = med.typed if med.ticked else f'"{med.typed}"'
        name = f"{number}. {name}" if summary.numbered else name
        kind = (f"{med.recognised_as}; {', '.join(med.classes)}" if med.recognised_as
                else "not recognized")
        details = "".join(f"; {MEDICINE_COLUMNS[key]}: {med.fields[key]}"
                          for key in MEDICINE_COLUMNS if key in med.fields)
        purpose = f'; for: "{med.purpose}"' if med.purpose else ""
        out.append(f"  {name} ({kind}){purpose}{details}")
    if summary.flags:
        out += ["", "Safety flags"]
        out += [f"  ! {flag.title}: {quoted(flag.raised_by)}" if flag.raised_by
                else f"  ! {flag.title}" for flag in summary.flags]
    if summary.scores:
        out += ["", "Screening scores"]
        for score in summary.scores:
            out.append(f"  {score.instrument.name}: {score.text} "
                       f"({summary.score_sources.get(score.instrument.id)})")
        if summary.crisis_line_beside_scores:  # once under the scores, as the sheet prints it
            out.append(f"  {summary.crisis_line}")
    out += ["", "What I want to raise, in order"]
    note = summary.shared_note
    if note:
        out.append("  For several points below:")
        out += [f"    {item.text} [{', '.join(str(numbers[s.id]) for s in item.sources)}]"
                for item in note.statements]
        out += [f"    I want to ask: {ask}" for ask in note.asks]
    for number, point in enumerate(summary.printed_points, 1):
        flag = " [safety]" if point.is_safety else ""
        refs = ", ".join(str(numbers[s.id]) for s in point.sources)
        out += [f"{number}. {point.title}{flag}",
                f"   I want to raise: {quoted(point.say)}", f"   I want to ask: {point.ask}",
                f"   Why (for the doctor): {point.why} [{refs}]"]
        if point.crisis_line:
            out.append(f"   {point.crisis_line}")
    if not summary.talking_points:
        out.append("  I chose to leave all the talking points out.")
    for diary in summary.diaries:
        out += ["", "My sleep diary", f"  {diary.averages_line}"]
        out += [f"  {line}" for line in diary.night_lines()]
        out += [f'  {OWN_WORDS}, {day}: "{note}"' for day, note in diary.comments]
        out += [f"  {text}" for text in diary.formulas]
    if summary.at_a_glance:
        out += ["", "Key answers"]
        out += [f"  {row.label}: {'; '.join(row.lines)}" for row in summary.key_answers]
        if summary.answered_no:
            out.append(f"  {NO_NEVER_NONE}: {'; '.join(summary.answered_no)}")
    if summary.patient_questions or summary.own_words:
        out += ["", "My questions"]
        out += [f"  - {q}" for q in summary.patient_questions]
        out += [f'  - {OWN_WORDS}: "{text}"' for text in summary.own_words]
    if summary.left_out_line:
        out += ["", summary.left_out_line.text]
    if summary.sources:
        out += ["", "Sources"]
        out += [f"  {n}. {source.citation}. {source.url}"
                for n, source in enumerate(summary.sources, 1)]
    out += ["", summary.disclaimer, summary.crisis_line]
    return "\n".join(out) + "\n"


def authored_texts(summary: Summary, condensed: Condensed | None = None
                   ) -> list[tuple[str, str]]:
    """Every text on the summary that the app wrote, as (place, text); not the patient's words.

    The guardrail reads these. The patient's words inside a filled text (medicine names as
    typed) stand as a placeholder; the main concern and own questions are theirs, and left
    out. ``condensed``: the sheet is shortened for print, and says so (:mod:`.sheet_fit`).
    """
    texts = [("title", summary.title), ("disclaimer", summary.disclaimer),
             ("crisis line", summary.crisis_line)]
    for point in summary.talking_points:
        # As written in questions.yaml, placeholders in place, and as filled in for this
        # patient with their own words kept apart: what the app wrote around them is checked.
        texts.append((f"{point.id} title", point.title or ""))
        texts += [(f"{point.id} {key}", text) for key, text in point.authored]
        texts += [(f"{point.id} say", authored(point.say)),
                  (f"{point.id} raise", authored(point.raise_words))]
    texts += [(f"score {s.instrument.id}", s.text) for s in summary.scores]
    for med in summary.medicines:
        texts += [("medicine class", label) for label in med.classes]
        texts += [("medicine detail", label) for label, _ in med.details]
    for row in summary.at_a_glance:
        texts.append(("key answer label", row.label))
        if row.question.kind.authored_answer:
            texts += [("key answer", line) for line in row.lines]
    for diary in summary.diaries:
        texts += [("diary averages title" if diary.average_items else "diary averages",
                   diary.averages_heading), ("diary title", diary.title)]
        texts += [("diary formulas", text) for text in diary.formulas]
    texts += [("picked question", text) for text in summary.patient_questions]
    if summary.left_out_line:
        texts.append(("left out say", summary.left_out_line.text))
    if condensed:
        texts += [("shortened note", condensed.note),
                  ("more points title", _("More points I want to raise"))]
        if condensed.short_formulas:
            texts += [("diary formulas in short", diary.formula_line)
                      for diary in summary.diaries]
        if condensed.chart_left_out:
            texts += [("diary chart left out", diary.chart_left_out)
                      for diary in summary.diaries]
        if condensed.medicines_unlabelled and summary.more_medicines:
            texts.append(("more medicines order", summary.medicine_order))
    return [(place, text) for place, text in texts if text]

