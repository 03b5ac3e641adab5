"""Property tests: any valid set of answers gives a summary that keeps the one rule.

The strategy is built from the shipped questions.yaml, so a new question, option or
medicine name is drawn as soon as it is added. Each draw is a set of answers a patient
could give: every question may be left out, and questions that would be hidden may be
answered anyway (answers kept from before the patient changed an earlier one).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from datetime import date
from functools import cache
from typing import Any

import pytest
from conftest import QUESTIONS, examples
from flask import Flask, render_template
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import escape
from test_points import wording_problems

from webapp import create_app
from webapp.engine.guardrail import check_texts
from webapp.engine.loader import load_questionnaire
from webapp.engine.questionnaire import PRIORITIES, MedicineField, Question
from webapp.engine.rules import walk
from webapp.engine.sheet_text import authored_texts, summary_as_text
from webapp.engine.sleep_diary import NOTE_LIMIT
from webapp.engine.summary import Summary, build_summary
from webapp.engine.validation import MEDICINE_NAME_LIMIT, answer_problem

QUESTIONNAIRE = load_questionnaire(QUESTIONS)
TODAY = date(2026, 11, 21)

#: No example database (nothing written to the repo), no per-example deadline (a draw fills
#: every question, some with 1000 characters, so its time varies with the machine's load).
#: too_slow and data_too_large: a whole questionnaire with long texts and up to 15 medicine
#: rows is a big draw by design, and grows with every question added. Neither check fires
#: today, but on a busy CI runner they would fail the run for the draw's size, not a bug.
BASE = settings(database=None, deadline=None, print_blob=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# --- what a patient may type ------------------------------------------------------------

#: Text that would break the rule if the app wrote it, or break the page if it were not
#: escaped. A patient may type all of it: it must reach the summary as their words.
TRICKY = (
    "stop", "Stop taking it.", "mg", "0.5mg", "take 2 tablets", "you should", "You must stop.",
    "you have insomnia", "It is safe for you.", "Do not drive.", "we recommend",
    "<script>alert(1)</script>", "<b>bold</b>", "</q>", "<", ">", "&", "&amp;", '"', "'",
    "\u201cquoted\u201d", "don't", "\n", "Klonopin 0.5 mg", "  ",
)
#: Any character a keyboard or a phone can send (no surrogates or control codes), plus the
#: control codes a text box does send. Not the line and paragraph separators or U+FFFD (what
#: a browser sends for bytes it could not read): validation refuses them, so no valid answer
#: holds them.
CHARACTERS = st.one_of(
    st.characters(exclude_categories=("Cs", "Cc"), exclude_characters="\u2028\u2029\ufffd"),
    st.sampled_from("\n\t\r"))
#: Scripts hidden in patient text for the HTML test.
SCRIPTS = ("<script>alert(1)</script>", "<SCRIPT src=//x.test/a.js></SCRIPT>",
           "<scr<script>ipt>x</script>", "\"><script>alert('q')</script>")


def _repeat_to(text: str, size: int) -> str:
    """``text`` repeated and cut to exactly ``size`` characters (empty text stays empty)."""
    return (text * (size // len(text) + 1))[:size] if text else ""


@cache  # one strategy per limit: Hypothesis checks each new strategy again on every draw
def free_text(limit: int) -> st.SearchStrategy[str]:
    """Text up to ``limit`` characters: words mixed with the tricky ones, sometimes filling it."""
    piece = st.one_of(st.sampled_from(TRICKY), st.text(CHARACTERS, max_size=12))
    words = st.lists(piece, max_size=8).map(" ".join)
    filled = st.builds(_repeat_to, words, st.integers(0, limit))
    return st.one_of(words, filled).map(lambda text: text[:limit])


#: Every name the vocabulary knows, generic and brand, so newly added names are drawn too.
VOCABULARY = sorted({name for med in QUESTIONNAIRE.medicines for name in (med.name, *med.brands)})
CASES = (str, str.lower, str.upper, str.title)
DOSE_TEXT = ("", " 0.5mg", " 0.5 mg", " 10 mg at night", " ER", " 1 tablet", " (as needed)",
             " <b>25mcg</b>", "  ")
known_name = st.builds(lambda name, case, dose: case(name) + dose, st.sampled_from(VOCABULARY),
                       st.sampled_from(CASES), st.sampled_from(DOSE_TEXT))
medicine_name = st.one_of(
    known_name,
    free_text(MEDICINE_NAME_LIMIT),
    st.builds(lambda before, name, after: f"{before} {name} {after}",
              free_text(20), known_name, free_text(20)),
).map(lambda name: name[:MEDICINE_NAME_LIMIT])


@cache
def field_value(mfield: MedicineField) -> st.SearchStrategy[str]:
    if mfield.options:
        return st.sampled_from(["", *(option.value for option in mfield.options)])
    return free_text(mfield.max_length)


@st.composite
def medicine_row(draw: st.DrawFn, question: Question) -> dict[str, str]:
    """One row: a name and, if it has a name, any of the other details."""
    row = {"name": draw(medicine_name)}
    if row["name"].strip():  # a row's details need its name
        for mfield in question.settings.fields:
            if draw(st.booleans()):
                row[mfield.name] = draw(field_value(mfield))
    return row


QUALITY = st.sampled_from(["very_poor", "poor", "fair", "good", "very_good"])


@st.composite
def diary_night(draw: st.DrawFn) -> dict[str, Any]:
    """A valid night of the sleep diary: into bed in the evening, up in the morning."""
    in_bed = draw(st.integers(20 * 60, 24 * 60 - 1))
    tried = in_bed + draw(st.integers(0, 90))
    final = tried + draw(st.integers(180, 600))
    sol = draw(st.integers(0, 120))
    waso = draw(st.integers(0, final - tried - sol))
    clock = [f"{m % 1440 // 60:02d}:{m % 60:02d}" for m in (in_bed, tried, final,
                                                           final + draw(st.integers(0, 90)))]
    return {"date": draw(st.dates(date(2026, 1, 1), date(2026, 12, 31))).isoformat(),
            "in_bed": clock[0], "tried_sleep": clock[1], "sol_min": sol,
            "awakenings": draw(st.integers(1 if waso else 0, 9)), "waso_min": waso,
            "final_wake": clock[2], "out_of_bed": clock[3],
            "quality": draw(QUALITY),
            "note": draw(free_text(NOTE_LIMIT))}


def choices(question: Question) -> st.SearchStrategy[list[str]]:
    """Any set of options, or one option that cannot be picked with others ("None of these")."""
    plain = [option.value for option in question.options if not option.exclusive]
    alone = [option.value for option in question.options if option.exclusive]
    picks = [st.lists(st.sampled_from(plain), unique=True)] if plain else [st.just([])]
    if alone:
        picks.append(st.sampled_from(alone).map(lambda value: [value]))
    return st.one_of(picks)


def answer_value(question: Question) -> st.SearchStrategy[Any]:
    """A valid answer to ``question``, for its type."""
    kind = question.type
    if kind in ("single_choice", "yes_no"):
        return st.sampled_from([option.value for option in question.options])
    if kind == "multiple_choice":
        return choices(question)
    if kind == "number":
        limits = question.settings
        whole = st.integers(math.ceil(limits.minimum), math.floor(limits.maximum))
        if limits.whole_number:
            return whole
        return st.one_of(whole, st.floats(limits.minimum, limits.maximum, allow_nan=False))
    if kind in ("text", "long_text"):
        return free_text(question.settings.max_length or 0)
    if kind == "medicine_list":
        return st.lists(medicine_row(question), max_size=question.settings.max_rows)
    if kind == "sleep_diary":
        return st.lists(diary_night(), min_size=1, max_size=question.settings.max_nights,
                        unique_by=lambda night: night["date"])
    raise AssertionError(f"no strategy for question type {kind!r}")


#: A whole set of answers: each question maybe answered, hidden or not.
answer_sets = st.fixed_dictionaries(
    {}, optional={q.id: answer_value(q) for q in QUESTIONNAIRE.all_questions})


def assert_valid(answers: Mapping[str, Any]) -> None:
    """The strategy only draws answers the app would accept (checks the test itself)."""
    problems = {qid: answer_problem(QUESTIONNAIRE.question(qid), value)
                for qid, value in answers.items()}
    assert {qid: p for qid, p in problems.items() if p} == {}


# --- what the patient wrote, and where the text summary shows it ---------------------------

def patient_texts(answers: Mapping[str, Any]) -> tuple[str | None, list[str], list[str]]:
    """From the answers that count: the main concern, the free-text questions, medicine names."""
    effective = walk(QUESTIONNAIRE, answers).answers
    config = QUESTIONNAIRE.settings
    concern = effective.get(config.main_concern) if config.main_concern else None
    own = [effective[qid] for qid in config.patient_questions
           if qid in effective and QUESTIONNAIRE.question(qid).type in ("text", "long_text")]
    names = [row["name"].strip()
             for q in QUESTIONNAIRE.all_questions if q.type == "medicine_list"
             for row in effective.get(q.id, []) if row["name"].strip()]
    return concern, own, names


def labelled_as_theirs(output: str, text: str) -> bool:
    """True if ``text`` appears in quotes with "in my own words" on its line or the one before.

    (The printout speaks in the patient's voice: "In my own words:", review U13.)
    """
    quoted, start = f'"{text}"', 0
    while (found := output.find(quoted, start)) >= 0:
        lead_in = "\n".join(output[:found].split("\n")[-2:])
        if "in my own words" in lead_in.lower():
            return True
        start = found + 1
    return False


def point_order(summary: Summary) -> list[int]:
    return [PRIORITIES.index(point.priority) for point in summary.talking_points]


# --- the properties ----------------------------------------------------------------------

@settings(BASE, max_examples=examples(1500))
@given(answers=answer_sets)
def test_any_valid_answers_give_a_summary_that_keeps_the_rule(answers):
    assert_valid(answers)
    summary = build_summary(QUESTIONNAIRE, answers, today=TODAY)

    # (a) Every text the app wrote passes the guardrail, whatever the answers.
    assert check_texts(authored_texts(summary), QUESTIONNAIRE.wording_names) == []

    # (b) The patient's own words are all there, quoted and labelled as theirs.
    concern, own, names = patient_texts(answers)
    text = summary_as_text(summary)
    assert summary.main_concern == concern
    if concern is not None:
        assert labelled_as_theirs(text, concern), f"main concern not shown as theirs: {concern!r}"
    assert list(summary.own_words) == own
    for words in own:
        assert labelled_as_theirs(text, words), f"own words not shown as theirs: {words!r}"
    typed = Counter(med.typed for med in summary.medicines)
    assert Counter(names) <= typed, "a medicine name the patient typed was dropped"
    for name in names:
        assert f'"{name}" (' in text, f"medicine name not quoted as typed: {name!r}"

    # (c) Safety first, then important, then routine; each point complete.
    assert point_order(summary) == sorted(point_order(summary))
    for point in summary.talking_points:
        assert point.raise_text.strip() and point.ask.strip() and point.why.strip(), point.id
        assert point.sources and point.citation.strip(), point.id

    # (d) There is always something to raise: the fallback when nothing else applies.
    assert summary.talking_points

    # (e) The clinical review's wording rules hold for any answers: no benzodiazepine or
    # seizure sentence where it does not fit, the balancing line beside every benzodiazepine
    # or Z-drug risk, and no answer named that was not given.
    assert wording_problems(QUESTIONNAIRE, answers) == []


@settings(BASE, max_examples=examples(600))
@given(answers=answer_sets, other=answer_sets)
def test_answers_to_hidden_questions_change_nothing(answers, other):
    """Swap in different answers for every question these answers hide: same summary."""
    shown = walk(QUESTIONNAIRE, answers).shown
    swapped = {**answers, **{qid: value for qid, value in other.items() if qid not in shown}}
    dropped = {qid: value for qid, value in answers.items() if qid in shown}
    summary = build_summary(QUESTIONNAIRE, answers, today=TODAY)
    assert walk(QUESTIONNAIRE, swapped).shown == shown
    assert build_summary(QUESTIONNAIRE, swapped, today=TODAY) == summary
    assert build_summary(QUESTIONNAIRE, dropped, today=TODAY) == summary
    assert all(row.question.id in shown for row in summary.at_a_glance)


# --- the printable page ------------------------------------------------------------------

def with_script(answers: dict[str, Any], script: str) -> dict[str, Any]:
    """``answers`` with ``script`` opening every free text, medicine name and detail typed."""
    def hide_in(text: str, limit: int) -> str:
        return (script + text)[:limit]

    changed = dict(answers)
    for qid, value in answers.items():
        question = QUESTIONNAIRE.question(qid)
        if question.type in ("text", "long_text"):
            changed[qid] = hide_in(value, question.settings.max_length or 0)
        elif question.type == "sleep_diary":
            changed[qid] = [{**night, "note": hide_in(night["note"], NOTE_LIMIT)}
                            for night in value]
        elif question.type == "medicine_list":
            free = {f.name: f.max_length for f in question.settings.fields if not f.options}
            changed[qid] = [
                {key: hide_in(text, free.get(key, MEDICINE_NAME_LIMIT))
                 if key == "name" or key in free else text for key, text in row.items()}
                for row in value
            ]
    return changed


@pytest.fixture(scope="module")
def render(tmp_path_factory):
    """Render summary.html as the app does (webapp/web/cli.py), in a throwaway instance folder."""
    app: Flask = create_app({"TESTING": True, "SECRET_KEY": "rendering-only",
                             "QUESTIONS_FILE": str(QUESTIONS),
                             "INSTANCE_PATH": str(tmp_path_factory.mktemp("instance"))})

    def render_summary(summary: Summary) -> str:
        with app.test_request_context("/summary"):
            return render_template("summary.html", summary=summary)

    return render_summary


@pytest.fixture(scope="module")
def layout_scripts(render) -> int:
    """How many script tags the page has with no answers: the layout's own."""
    return render(build_summary(QUESTIONNAIRE, {}, today=TODAY)).lower().count("<script")


@settings(BASE, max_examples=examples(300))
@given(answers=answer_sets, script=st.sampled_from(SCRIPTS))
def test_printed_summary_escapes_the_patients_words(render, layout_scripts, answers, script):
    answers = with_script(answers, script)
    assert_valid(answers)
    summary = build_summary(QUESTIONNAIRE, answers, today=TODAY)
    page = render(summary)
    # The layout's own script tags, and none from the patient's words.
    assert page.lower().count("<script") == layout_scripts
    concern, own, names = patient_texts(answers)
    for words in ([concern] if concern is not None else []) + own:
        assert f'<q class="theirs"><span class="visually-hidden">as I wrote it: </span>' \
               f"{escape(words)}</q>" in page, f"not shown quoted and escaped: {words!r}"
    for name in names:
        assert str(escape(name)) in page, f"medicine name not shown escaped: {name!r}"
    for med in summary.medicines:
        for _, value in med.details:
            assert str(escape(value)) in page
