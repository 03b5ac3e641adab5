"""A sheet over three pages, shortened for print step by step (webapp/engine/sheet_fit.py),
without a browser: only as far as it needs, never a safety point, never the patient's words.

tests/browser/test_print.py prints the shortened sheets to PDF on A4 and Letter.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from html.parser import HTMLParser
from itertools import pairwise

import pytest
from conftest import FIXTURES
from extreme_patient import extreme_answers, lighter_answers
from flask import render_template

from webapp.engine.answer_file import read_answers
from webapp.engine.guardrail import check_texts
from webapp.engine.questionnaire import Source
from webapp.engine.sheet_diary import CHART_UNITS, CHART_WIDTH, diary_heights
from webapp.engine.sheet_fit import MARGIN, MAX_PAGES, Condensed, fits, fitted_layout, steps
from webapp.engine.sheet_lines import LINE, LINE_DENSE, PAGE_ROOM, PAGE_WIDTH, SIZE, lines
from webapp.engine.sheet_pages import Block, balanced, blocks, paginate
from webapp.engine.sheet_sources import brief_source
from webapp.engine.sheet_text import authored_texts, summary_as_text
from webapp.engine.summary import build_summary
from webapp.engine.words import plain
from webapp.web.locale import in_language, questionnaire_in

PATIENTS = FIXTURES / "patients"
STYLE = FIXTURES.parent.parent / "webapp" / "static" / "style.css"
NAMES = sorted(path.stem for path in PATIENTS.glob("*.json"))
TODAY = date(2026, 11, 30)


def pages(summary, condensed: Condensed | None = None) -> int:
    return paginate(blocks(summary, condensed)).count


def non_safety(summary) -> tuple[str, ...]:
    return tuple(point.id for point in summary.printed_points if not point.is_safety)


class PrintReader(HTMLParser):
    """What of the sheet reaches paper: its text outside ``screen-only`` and
    ``visually-hidden`` elements and the why of a point printed without it (the print
    stylesheet hides all three), and the lines under "More points I want to raise"."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0  # inside the sheet
        self.hidden = 0  # inside an element print hides
        self.text: list[str] = []
        self.more_points: list[str] = []
        self._in_more = 0
        self._whyless = 0  # inside a point printed without its why (split-100)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if not self.depth:
            self.depth = 1 if tag == "article" and "summary-sheet" in classes else 0
            return
        self.depth += 1
        if self._whyless:
            self._whyless += 1
        elif tag == "article" and "split-100" in classes:
            self._whyless = 1
        if self.hidden or {"screen-only", "visually-hidden"} & set(classes) or (
                self._whyless and "why" in classes):
            self.hidden += 1
        if self._in_more:
            self._in_more += 1
        elif tag == "ol" and "more-points" in classes:
            self._in_more = 1
        if self._in_more and tag == "li":
            self.more_points.append("")

    def handle_endtag(self, tag: str) -> None:
        if not self.depth:
            return
        self.depth -= 1
        if self.hidden:
            self.hidden -= 1
        if self._in_more:
            self._in_more -= 1
        if self._whyless:
            self._whyless -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and not self.hidden:
            self.text.append(data)
            if self._in_more and self.more_points:
                self.more_points[-1] += data

    @property
    def printed(self) -> str:
        return " ".join("".join(self.text).split())


def printed(app, summary) -> tuple[str, PrintReader]:
    """The summary page's HTML for ``summary``, and what of its sheet reaches paper."""
    with app.test_request_context("/summary"):
        html = render_template("summary.html", summary=summary)
    reader = PrintReader()
    reader.feed(html)
    assert reader.text, "no sheet on the page"
    return html, reader


def printed_with(app, summary, layout) -> tuple[str, PrintReader]:
    """As :func:`printed`, with the sheet placed as ``layout`` says (not as it fits)."""
    with app.test_request_context("/summary"):
        html = render_template("summary.html", summary=summary,
                               sheet_layout=lambda _summary: layout)
    reader = PrintReader()
    reader.feed(html)
    return html, reader


@pytest.mark.parametrize("name", NAMES)
def test_a_sheet_that_fits_three_pages_is_not_shortened(app, questionnaire, name):
    """Every fixture patient fits: nothing print-only on the page, no note, every point
    with its why."""
    read = read_answers((PATIENTS / f"{name}.json").read_bytes(), questionnaire)
    summary = build_summary(questionnaire, read.answers, today=TODAY)
    layout = fitted_layout(summary)
    assert layout.count <= MAX_PAGES and layout.condensed is None
    html, _ = printed(app, summary)
    assert "print-only" not in html and "shortened" not in html
    assert html.count('<p class="why">') == len(summary.talking_points)


def step_of(condensed: Condensed) -> int:
    """The last step of the ladder ``condensed`` takes (webapp/engine/sheet_fit.py)."""
    flags = (condensed.dense, condensed.medicines_unlabelled, condensed.wide_names,
             condensed.tight_spacing, condensed.chart_left_out,
             condensed.medicines_run_in, condensed.key_answers_run_in, condensed.lists_break,
             condensed.compact_diary, condensed.short_formulas,
             condensed.safety_by_reference, condensed.medicines_in_table, condensed.two_columns,
             condensed.brief_sources, bool(condensed.listed), bool(condensed.without_why))
    return next(16 - n for n, taken in enumerate(flags) if taken)


#: Lighter versions of the extreme patient, each needing the shortening up to one step:
#: lighter_answers' (typed medicines, long texts cut to, diary nights, typed texts cut to)
#: -> the step the shortening stops at.
LADDER = [
    ((2, 400, False), 1),  # the points that are not safety points without their why
    ((4, 100, False), 2),  # the lowest in priority listed by title
    ((7, 100, False), 3),  # the sources briefly
    ((8, 400, False), 4),  # the listed points in two columns
    ((12, 100, False, 50), 5),  # the typed texts in full in the medicine table
    ((8, 100, 3, 50), 6),  # the safety points' why by reference
    # Step 7 (the diary's formulas in short) saves a line: the lighter sheets that need it
    # need step 8 too; the extreme patient's test and step 8's below take it.
    ((9, 100, 3, 50), 8),  # the diary compact
]


@pytest.mark.parametrize(("lighter", "step"), LADDER, ids=[f"step {step}" for _, step in LADDER])
def test_each_step_is_taken_only_when_the_one_before_does_not_fit(questionnaire, lighter,
                                                                  step):
    """Each step only while the sheet is over three pages or leaves less than MARGIN on
    its last page; the steps before the one taken are all taken too."""
    summary = build_summary(questionnaire, lighter_answers(questionnaire, *lighter), today=TODAY)
    others = non_safety(summary)
    layout = fitted_layout(summary)
    condensed = layout.condensed
    assert pages(summary) > MAX_PAGES and condensed is not None
    assert step_of(condensed) == step
    assert condensed.fits and layout.count <= MAX_PAGES
    assert condensed.without_why == frozenset(others)
    if step == 2:
        assert 0 < len(condensed.listed) < len(others) and not condensed.brief_sources
        # From the lowest priority up: the last points of the sheet, in its order.
        assert condensed.listed == others[-len(condensed.listed):]
    elif step > 2:
        assert condensed.listed == others and condensed.brief_sources
    assert (condensed.two_columns, condensed.safety_by_reference, condensed.short_formulas,
            condensed.compact_diary) == (step >= 4, step >= 6, step >= 7, step >= 8)
    # As few as needed: every step before the one taken is over three pages or leaves
    # less than MARGIN on the last page; the one taken leaves it.
    ladder = steps(summary)
    taken = ladder.index(replace(condensed, fits=True))
    assert fits(layout)
    assert not any(fits(paginate(blocks(summary, before))) for before in ladder[:taken])
    assert pages(summary, ladder[taken]) == layout.count


def test_a_step_that_changes_nothing_on_a_sheet_is_not_among_its_steps(questionnaire):
    """No diary: no formulas in short and no chart to leave out; no medicine text the table
    cuts: no table in full. Every step differs from the one before it."""
    summary = build_summary(questionnaire, lighter_answers(questionnaire, 6, 400, False, 30),
                            today=TODAY)
    assert not summary.diaries and not summary.medicines_in_full
    ladder = steps(summary)
    assert not any(step.short_formulas or step.medicines_in_table or step.compact_diary
                   or step.chart_left_out for step in ladder)
    assert ladder[-1].two_columns and ladder[-1].safety_by_reference
    assert ladder[-1].lists_break and ladder[-1].key_answers_run_in
    assert all(before != after for before, after in pairwise(ladder))
    with_all = build_summary(questionnaire, extreme_answers(questionnaire), today=TODAY)
    assert [step_of(step) for step in steps(with_all)][-13:] == list(range(4, 17))


def test_a_margin_is_left_on_the_last_page_of_a_shortened_sheet(questionnaire):
    """A shortened sheet stops at the first step that fits three pages with MARGIN points
    left on its last page, not at the first that only just fits."""
    summary = build_summary(questionnaire, lighter_answers(questionnaire, 4, 100), today=TODAY)
    layout = fitted_layout(summary)
    assert PAGE_ROOM - layout.used >= MARGIN
    tight = [step for step in steps(summary)
             if (found := paginate(blocks(summary, step))).count <= MAX_PAGES
             and PAGE_ROOM - found.used < MARGIN]
    assert tight, "no step of this sheet fits three pages with less than the margin"
    assert steps(summary).index(tight[0]) < steps(summary).index(
        replace(layout.condensed, fits=True))


def test_a_two_column_list_is_as_tall_as_its_balanced_columns_and_breaks_between_items():
    """Step 4's lists: items side by side in two balanced columns; a page breaks only
    between items, and the rest starts a new list on the next page."""
    items = [Block("more-points", 15, item=20), *(Block(f"more-point:{n}", 0, item=10)
                                                  for n in range(5))]
    layout = paginate(items)
    assert layout.count == 1 and layout.used == 15 + balanced([20, 10, 10, 10, 10, 10]) == 55
    layout = paginate([Block("top", PAGE_ROOM - 36), *items])
    # 15 + balanced([20, 10, 10]) = 35 fits what is left; a fourth item makes it 45.
    assert layout.count == 2 and layout.starts == {"more-point:2"}
    assert layout.used == balanced([10, 10, 10]) == 20


def height(summary, condensed: Condensed) -> float:
    """The sheet's printed height, shortened as ``condensed`` says, with no page breaks."""
    return paginate(blocks(summary, condensed), float("inf")).used


def typed_texts(answers) -> list[str]:
    """Every text the patient typed in ``answers`` (lighter_answers' or the extreme's)."""
    typed = [answers[key] for key in ("visit_goal", "own_questions")]
    typed += [text for row in answers["medicine_list"] for text in (row["name"], row["purpose"])]
    return typed + [night["note"] for night in answers.get("sleep_diary", [])]


def test_the_most_extreme_patient_is_shortened_as_far_as_it_goes(questionnaire):
    """Every step taken (step 5 too: with names and purposes at most 60 characters, the
    table with each text in full is shorter than the cut table and "My medicines in full"
    together), down to the spacing drawn tighter: three pages in English, the top block
    whole on page 1, with the margin left on the last (docs/printout.md)."""
    summary = build_summary(questionnaire, extreme_answers(questionnaire), today=TODAY)
    layout = fitted_layout(summary)
    condensed = layout.condensed
    others = non_safety(summary)
    assert condensed == Condensed(frozenset(others), others, True, True, True, True, True, True,
                                  True, True, True, True, True, fits=True)
    assert summary.medicines_in_full
    assert height(summary, condensed) < height(summary, replace(condensed,
                                                                medicines_in_table=False))
    assert pages(summary) > MAX_PAGES == layout.count
    assert "top" not in layout.starts | layout.splits
    assert fits(layout)  # MARGIN left on the last page
    assert condensed.note == (
        f"This printout is shortened to fit three pages: {len(others)} points are listed by "
        "title only; the sources are listed briefly; the points listed by title are in two "
        "columns; the medicine table gives each name and purpose in full; the safety points "
        "give the numbers of their sources in place of their why; the sleep diary's "
        "formulas are in short; the sleep diary's chart is left out, its averages stay and "
        "its comments give each date in short; the key answers run on as one paragraph; the "
        "lines under “More of my medicines” run on as one paragraph. The summary on screen "
        "has every point in full.")


def test_step_14_gives_the_spanish_table_in_full_a_wider_first_column_on_page_1(app):
    """In Spanish, step 5's table in full would push the top block off page 1, so step 5 is
    left out; step 14 gives the table in full a wider first column: no taller than the cut
    table, the top block whole on page 1 under the header, "My medicines in full" left out
    of print, every typed text on paper in full. The English sheet stops at step 13."""
    with app.test_request_context("/"), in_language("es"):
        spanish = questionnaire_in("es")
        answers = extreme_answers(spanish)
        summary = build_summary(spanish, answers, today=TODAY)
        layout = fitted_layout(summary)
        condensed = layout.condensed
        assert condensed is not None and condensed.wide_names and condensed.medicines_in_table
        assert condensed.chart_left_out and condensed.tight_spacing
        at_14 = replace(condensed, medicines_unlabelled=False, dense=False)
        cut = replace(at_14, wide_names=False, medicines_in_table=False)
        narrow = replace(at_14, wide_names=False)
        top = {name: blocks(summary, step)[:2] for name, step in
               (("wide", at_14), ("cut", cut), ("narrow", narrow))}
        assert top["wide"][1].height <= top["cut"][1].height
        assert sum(block.height for block in top["narrow"]) > PAGE_ROOM  # step 5's table
        assert sum(block.height for block in top["wide"]) <= PAGE_ROOM
        assert "top" not in layout.starts | layout.splits
        assert "medicines-in-full" not in {block.key for block in blocks(summary, condensed)}
        html, reader = printed(app, summary)
        assert '<table class="meds names-wide">' in html
        assert "Mis medicinas completas" not in reader.printed
        assert all(text in reader.printed for text in typed_texts(answers))
        assert "la tabla de medicinas da cada nombre y cada uso completos" in condensed.note
    with app.test_request_context("/"), in_language("en"):
        english = questionnaire_in("en")
        layout = fitted_layout(build_summary(english, extreme_answers(english), today=TODAY))
        assert layout.condensed.tight_spacing and not layout.condensed.wide_names


def test_safety_points_scores_flags_and_the_patients_words_are_never_shortened(app,
                                                                               questionnaire):
    """The extreme patient, shortened as far as it goes: on paper every safety point has its
    raise and ask in full with its references (its why by reference only, step 6), the
    flags, scores and crisis line are there, and every text the patient typed is there in
    full. Every point's why is on the screen and in the text format in full."""
    answers = extreme_answers(questionnaire)
    summary = build_summary(questionnaire, answers, today=TODAY)
    condensed = fitted_layout(summary).condensed
    assert condensed is not None and condensed.safety_by_reference
    safety = [point for point in summary.printed_points if point.is_safety]
    assert safety and not {p.id for p in safety} & (condensed.without_why | set(condensed.listed))
    html, reader = printed(app, summary)
    paper = reader.printed
    numbers = summary.source_numbers
    for point in safety:
        article = re.search(rf'<article class="([^"]*)" id="point-{point.id}".*?</article>',
                            html, re.S)
        assert article and "screen-only" not in article.group(1)
        assert "split-100" in article.group(1) and '<p class="why">' in article.group(0)
        refs = "[sources " + ", ".join(str(numbers[source.id]) for source in point.sources) + "]"
        said = (f"I want to raise: {plain(point.say)} I want to ask: {point.ask} "
                f"{refs.replace('sources ', '')}")
        assert " ".join(said.split()) in paper, said
        assert " ".join(point.why.split()) not in paper
    for flag in summary.flags:
        assert flag.title in paper
    for score in summary.scores:
        assert f"{score.instrument.name}: {score.text}" in paper
    assert " ".join(summary.crisis_line.split()) in paper
    missing = [text for text in typed_texts(answers) if " ".join(text.split()) not in paper]
    assert not missing
    # The full points: on screen (the why is only hidden in print) and in the text.
    text = " ".join(summary_as_text(summary).split())
    for point in summary.printed_points:
        assert f'id="point-{point.id}"' in html and " ".join(point.why.split()) in text


def test_step_5_prints_the_typed_texts_in_full_in_the_medicine_table(app, questionnaire):
    """A sheet where the table with each name and purpose in full is shorter: in print the
    table gives them in full, marked as the patient's, and "My medicines in full" is left
    out; on screen both are as before."""
    answers = lighter_answers(questionnaire, 12, 100, False, 50)
    summary = build_summary(questionnaire, answers, today=TODAY)
    condensed = fitted_layout(summary).condensed
    assert condensed is not None and condensed.medicines_in_table
    assert height(summary, condensed) < height(summary, replace(condensed,
                                                                medicines_in_table=False))
    html, reader = printed(app, summary)
    paper = reader.printed
    assert "My medicines in full" not in paper and "(in full below)" not in paper
    assert "…" not in paper.split("More of my medicines")[0]
    table = html.split('<table class="meds">')[1].split("</table>")[0]
    for med in summary.table_medicines:
        assert med.cut
        for text in (med.typed, med.purpose):
            assert (f'<span class="print-only"><q class="theirs"><span class="visually-hidden">'
                    f'as I wrote it: </span>{text}</q></span>') in table
    missing = [text for text in typed_texts(answers) if text not in paper]
    assert not missing
    # The screen's sheet is as it was: the cut texts and the medicines in full below.
    assert "My medicines in full" in html and "(in full below)" in html


def test_step_5_never_pushes_the_top_block_off_page_1(app):
    """The top block stays whole on page 1 under the header: step 5's table in full is
    taken only where header and top block still fit one page. This Spanish sheet's top
    block with the texts in full is 719 pt, which fits a page (730) but not under the
    31 pt header."""
    with app.test_request_context("/"), in_language("es"):
        spanish = questionnaire_in("es")
        summary = build_summary(spanish, lighter_answers(spanish, 15, 300, True), today=TODAY)
        layout = fitted_layout(summary)
        assert layout.condensed is not None
        assert "top" not in layout.starts | layout.splits
        header, top = (block.height for block in blocks(summary, layout.condensed)[:2])
        assert header + top <= PAGE_ROOM


def test_step_7_prints_the_diarys_formulas_in_short(app, questionnaire):
    """On paper the formulas in short (two lines, not four); on screen in full."""
    summary = build_summary(questionnaire, extreme_answers(questionnaire), today=TODAY)
    condensed = fitted_layout(summary).condensed
    assert condensed is not None and condensed.short_formulas
    diary = summary.diaries[0]
    html, reader = printed(app, summary)
    assert diary.formula_line in reader.printed
    assert not any(formula in reader.printed for formula in diary.formulas)
    assert " ".join(diary.formulas) in html  # screen-only
    assert lines(diary.formula_line, PAGE_WIDTH) < lines(" ".join(diary.formulas), PAGE_WIDTH)
    assert (diary.formula_line == "This summary counts time in bed = out of bed − into bed; "
            "total sleep time = final awakening − tried to sleep − time to fall asleep − time "
            "awake; sleep efficiency = total sleep time ÷ time in bed × 100.")


def test_step_8_prints_the_diary_compact_and_every_comment_in_full(app, questionnaire):
    """On paper: the chart with lower rows (the same nights, text and bars) and each
    comment in full, dated as the chart's rows are; on screen: the chart and comments as
    before. The step is measured: the diary's blocks are lower with it."""
    answers = lighter_answers(questionnaire, 9, 100, 3, 50)
    summary = build_summary(questionnaire, answers, today=TODAY)
    condensed = fitted_layout(summary).condensed
    assert condensed is not None and condensed.compact_diary and condensed.fits
    diary = summary.diaries[0]
    html, reader = printed(app, summary)
    paper = reader.printed
    compact = diary.chart("sheet-sleep_diary-compact-chart", compact=True)
    assert f'<div class="diary-figure print-only">{compact}</div>' in html
    assert f'<div class="diary-figure screen-only">{diary.chart("sheet-sleep_diary-chart")}' in html
    assert paper.count('role="img"') == 0 and paper.count(diary.title) == 1
    said = "; ".join(f"{day}: {note}" for day, note in diary.short_comments)
    assert [day for day, _ in diary.short_comments] == ["Sun Nov 1", "Mon Nov 2", "Tue Nov 3"]
    assert paper.count(f"In my own words: {said}") == 1
    assert [note for _, note in diary.short_comments] == [note for _, note in diary.comments]
    assert "Sunday November 1: " not in paper and "Sunday November 1: " in html  # screen-only
    assert (sum(diary_heights(diary, True, compact=True))
            < sum(diary_heights(diary, True)) - 8 * 3 * CHART_WIDTH / CHART_UNITS)


def test_a_list_breaks_only_between_items_with_its_heading_kept_on_the_first():
    """Step 9's model: a list a block an item, the heading's height on the first item; a
    page breaks between two items; a list, a two-column list or a paragraph that follows
    another of its kind starts afresh (its heading is on its first item)."""
    heading, item = 15.0, 100.0
    listed = [Block("more-medicines", heading + item),
              *(Block(f"more-medicine:{n}", item) for n in range(10, 13))]
    layout = paginate([Block("top", PAGE_ROOM - 2 * item - heading - 1), *listed])
    assert layout.count == 2 and layout.starts == {"more-medicine:11"}
    assert layout.used == 2 * item
    # Too little room for the heading and the first item: both go to the next page.
    layout = paginate([Block("top", PAGE_ROOM - item), *listed])
    assert layout.starts == {"more-medicines"}
    # Two two-column lists one after the other are balanced apart, not as one.
    columns = [Block("a", heading, item=20), Block("a:1", 0, item=20),
               Block("b", heading, item=20), Block("b:1", 0, item=20)]
    assert paginate(columns).used == 2 * (heading + 20)
    runs = (("word " * 5, "regular"),)
    paragraphs = [Block("a", heading, runs=runs), Block("b", heading, runs=runs)]
    assert paginate(paragraphs).used == 2 * (heading + lines(list(runs), PAGE_WIDTH) * LINE)


def test_step_9_measures_each_list_as_tall_as_when_kept_whole(questionnaire):
    """A list broken into items (step 9) is as tall as the same list kept whole, when no
    page breaks inside it: the items' blocks add up to the whole block."""
    summary = build_summary(questionnaire, extreme_answers(questionnaire), today=TODAY)
    ladder = steps(summary)
    before = ladder[[step.lists_break for step in ladder].index(True) - 1]
    assert before.compact_diary and not before.lists_break
    after = replace(before, lists_break=True)
    whole = {block.key: block.height for block in blocks(summary, before)}
    broken = blocks(summary, after)
    assert len(broken) > len(blocks(summary, before))
    for key in ("more-medicines", "questions"):
        parts = [block.height for block in broken
                 if block.key == key or block.key.startswith(key.rstrip("s") + ":")
                 or (key == "questions" and block.key == "left-out")]
        assert len(parts) > 1 and sum(parts) == pytest.approx(whole[key])
    glance = [block for block in broken if block.key.split(":")[0] in ("glance", "glance-none")]
    assert len(glance) == len(summary.key_answers) + bool(summary.answered_no)
    columns = [block.item for block in glance if block.item is not None]
    assert (sum(block.height for block in glance) + balanced(columns)
            == pytest.approx(whole["glance"]))


def test_step_9_starts_a_new_list_on_each_page_and_prints_each_item_once(app, questionnaire):
    """A sheet that stops at step 9 with "More of my medicines" broken between rows 9 and
    10: in print two lists, the second starting page 2, the heading once, each row once;
    on a sheet not shortened the section is kept whole as before."""
    answers = lighter_answers(questionnaire, 9, 100, 7, 50)
    summary = build_summary(questionnaire, answers, today=TODAY)
    layout = fitted_layout(summary)
    condensed = layout.condensed
    assert condensed is not None and condensed.lists_break and condensed.fits
    assert not condensed.key_answers_run_in and "more-medicine:10" in layout.starts
    html, reader = printed(app, summary)
    section = html.split('aria-labelledby="more-meds-h">')[1].split("</section>")[0]
    assert section.count("<h2") == 1
    assert re.findall(r'<ol class="([^"]*)"', section) == [
        "plain-list more-meds", "plain-list more-meds page-start"]
    first, second = section.split("page-start")
    numbers = [int(n) for n in re.findall(r"<li><strong>(\d+)\.</strong>", section)]
    assert numbers == list(range(9, 9 + len(summary.more_medicines)))
    assert re.findall(r"<li><strong>(\d+)\.", second)[0] == "10" and "<strong>9." in first
    assert 'class="sheet-section page-start" aria-labelledby="more-meds-h"' not in html
    assert all(text in reader.printed for text in typed_texts(answers))


def test_steps_10_and_11_run_the_key_answers_and_more_medicines_on(app, questionnaire):
    """On paper the key answers and the lines under "More of my medicines" each run on as
    one paragraph, every label and answer and every medicine's texts still there; the
    paragraphs measure shorter than the lists they replace."""
    answers = extreme_answers(questionnaire)
    summary = build_summary(questionnaire, answers, today=TODAY)
    condensed = fitted_layout(summary).condensed
    assert condensed is not None and condensed.key_answers_run_in and condensed.medicines_run_in
    html, reader = printed(app, summary)
    assert '<dl class="glance run-in">' in html
    assert '<ol class="plain-list more-meds run-in">' in html
    for row in summary.key_answers:
        assert f"{row.label}{'; '.join(row.lines)}" in reader.printed  # ": " from CSS
    for med in summary.more_medicines:
        assert summary.medicine_details(med) in reader.printed
    listed = replace(condensed, key_answers_run_in=False, medicines_run_in=False)
    assert height(summary, replace(listed, key_answers_run_in=True)) < height(summary, listed)
    assert height(summary, replace(listed, medicines_run_in=True)) < height(summary, listed)


def test_step_12_leaves_the_chart_out_and_keeps_the_averages_and_comments(app,
                                                                          questionnaire):
    """Last resort, on paper only: a line in place of the night-by-night chart, the
    averages (of every night) and each comment in full; on screen the chart as always."""
    answers = extreme_answers(questionnaire)
    summary = build_summary(questionnaire, answers, today=TODAY)
    condensed = fitted_layout(summary).condensed
    assert condensed is not None and condensed.chart_left_out
    diary = summary.diaries[0]
    html, reader = printed(app, summary)
    paper = reader.printed
    assert diary.chart_left_out == ("This printout leaves out the chart of my nights to fit "
                                    "three pages; the averages below cover every night I "
                                    "recorded.")
    assert f'<p class="diary-chart-out print-only">{diary.chart_left_out}</p>' in html
    assert 'role="img"' not in paper and "compact-chart" not in html
    assert f'<div class="diary-figure screen-only">{diary.chart("sheet-sleep_diary-chart")}' in html
    assert diary.averages_heading == "Averages of 14 nights" and diary.averages_heading in paper
    assert all(note in paper for _, note in diary.comments)
    assert (sum(diary_heights(diary, True, True, chart_out=True))
            < sum(diary_heights(diary, True, True)) - 150)


def test_step_13_draws_the_space_after_the_top_block_tighter_and_keeps_every_word(
        app, questionnaire):
    """On paper only: the headings' margins, the gaps between flags, scores and points, the
    box above the points and the footer's rule tighter, measured as such; the same words in
    print as at step 12, and the note unchanged (nothing is left out); a sheet that stops
    before step 13 keeps its spacing."""
    summary = build_summary(questionnaire, extreme_answers(questionnaire), today=TODAY)
    condensed = fitted_layout(summary).condensed
    assert condensed is not None and condensed.tight_spacing
    before = replace(condensed, tight_spacing=False)
    assert condensed.note == before.note
    html, reader = printed(app, summary)
    assert '<article class="summary-sheet tight"' in html
    heights = {block.key: block.height for block in blocks(summary, before)}
    tighter = {block.key: block.height for block in blocks(summary, condensed)}
    assert tighter["header"] == heights["header"]
    for key in ("top", "points", "glance", "questions", "sources", "footer", "diary:sleep_diary"):
        assert tighter[key] < heights[key], key  # each heading (or rule) a little tighter
    assert height(summary, condensed) <= height(summary, before) - 25
    layout = fitted_layout(summary)
    layout.condensed = before
    _, at_12 = printed_with(app, summary, layout)
    assert reader.printed == at_12.printed  # the same words, only the space between
    lighter = build_summary(questionnaire, lighter_answers(questionnaire, 9, 100, 7, 50),
                            today=TODAY)
    assert not fitted_layout(lighter).condensed.tight_spacing
    assert '<article class="summary-sheet"' in printed(app, lighter)[0]



def spanish_extreme(app) -> tuple[dict, object]:
    """The extreme patient's answers and summary in Spanish (call inside a Spanish request)."""
    spanish = questionnaire_in("es")
    answers = extreme_answers(spanish)
    return answers, build_summary(spanish, answers, today=TODAY)


def test_step_15_gives_more_medicines_details_without_labels_their_order_said_once(app):
    """The extreme Spanish sheet: on paper one line under "More of my medicines" says the
    details' order, each medicine's line gives them without labels in that order (a detail
    not given, a dash, as in the table), and every typed text is there in full; on screen
    the labelled lines; it measures shorter than step 14. The English sheet stops before."""
    with app.test_request_context("/"), in_language("es"):
        answers, summary = spanish_extreme(app)
        condensed = fitted_layout(summary).condensed
        assert condensed is not None and condensed.medicines_unlabelled
        html, reader = printed(app, summary)
        order = ("Cada línea: reconocida como (tipo); Con qué frecuencia; Desde cuándo; "
                 "Recetada para mí.")
        assert summary.medicine_order == order
        assert reader.printed.count(order) == 1
        columns = [name for name, _ in summary.medicine_columns]
        for med in summary.more_medicines:
            bare = summary.medicine_details(med, labelled=False)
            assert bare.split("; ")[-3:] == [med.fields.get(name, "–") for name in columns]
            assert bare in reader.printed
            if med.fields:  # without details, the same words
                assert summary.medicine_details(med) not in reader.printed
            assert summary.medicine_details(med) in html  # on screen, labelled
        assert all(text in reader.printed for text in typed_texts(answers))
        med = next(med for med in summary.more_medicines if "how_often" in med.fields)
        unsaid = replace(med, fields={"how_often": med.fields["how_often"]})
        assert summary.medicine_details(unsaid, labelled=False).endswith(
            f"; {med.fields['how_often']}; –; –")
        step_14 = replace(condensed, medicines_unlabelled=False, dense=False)
        assert (height(summary, replace(step_14, medicines_unlabelled=True))
                < height(summary, step_14) - 15)
    with app.test_request_context("/"), in_language("en"):
        english = questionnaire_in("en")
        layout = fitted_layout(build_summary(english, extreme_answers(english), today=TODAY))
        assert not layout.condensed.medicines_unlabelled and not layout.condensed.dense


def test_step_16_sets_the_lines_closer_and_the_spanish_extreme_sheet_fits_three_pages(app):
    """The extreme Spanish sheet, over three pages at step 15, fits three with MARGIN left
    once the body text's lines are 1.05 apart, not 1.1: every block measured with the
    closer lines (the header's 13 pt title and the headings keep theirs), the same words on
    paper as at step 15, the stylesheet's rule the measure's, the top block on page 1."""
    with app.test_request_context("/"), in_language("es"):
        _, summary = spanish_extreme(app)
        layout = fitted_layout(summary)
        condensed = layout.condensed
        assert condensed is not None and condensed.dense and condensed.fits
        at_15 = replace(condensed, dense=False)
        assert not fits(paginate(blocks(summary, at_15)))
        assert layout.count == MAX_PAGES and fits(layout)
        assert "top" not in layout.starts | layout.splits
        before = {block.key: block.height for block in blocks(summary, at_15)}
        closer = {block.key: block.height for block in blocks(summary, condensed)}
        assert before["header"] - closer["header"] == pytest.approx(LINE - LINE_DENSE)
        for key in ("top", "points", "diary:sleep_diary", "questions", "footer"):
            assert closer[key] < before[key], key
        assert height(summary, condensed) < height(summary, at_15) - 60
        html, reader = printed(app, summary)
        assert '<article class="summary-sheet tight dense"' in html
        placed = fitted_layout(summary)
        placed.condensed = at_15
        _, words_at_15 = printed_with(app, summary, placed)
        assert reader.printed == words_at_15.printed
    rule = re.search(r"\.summary-sheet\.dense :not\(h1, h2\) \{ line-height: ([\d.]+); \}",
                     STYLE.read_text(encoding="utf-8"))
    assert rule and float(rule[1]) * SIZE == pytest.approx(LINE_DENSE)


#: The note of each step: lighter_answers' arguments -> (pages, the note).
NOTES = [
    ((2, 400, False), "This printout is shortened to fit three pages: the points that are "
                      "not safety points print without their why. The summary on screen has "
                      "every point in full."),
    ((4, 100, False), "This printout is shortened to fit three pages: the points that are "
                      "not safety points print without their why; {count} points are listed "
                      "by title only. The summary on screen has every point in full."),
    ((7, 100, False), "This printout is shortened to fit three pages: {count} points are "
                      "listed by title only; the sources are listed briefly. The summary on "
                      "screen has every point in full."),
    ((8, 400, False), "This printout is shortened to fit three pages: {count} points are "
                      "listed by title only; the sources are listed briefly; the points listed "
                      "by title are in two columns. The summary on screen has every point in "
                      "full."),
    ((12, 100, False, 50), "This printout is shortened to fit three pages: {count} points are "
                           "listed by title only; the sources are listed briefly; the points "
                           "listed by title are in two columns; the medicine table gives each "
                           "name and purpose in full. The summary on screen has every point "
                           "in full."),
    ((8, 100, 3, 50), "This printout is shortened to fit three pages: {count} points are "
                      "listed by title only; the sources are listed briefly; the points listed "
                      "by title are in two columns; the medicine table gives each name and "
                      "purpose in full; the safety points give the numbers of their sources in "
                      "place of their why. The summary on screen has every point in full."),
]


@pytest.mark.parametrize(("lighter", "note"), NOTES, ids=[f"step {n}" for n in range(1, 7)])
def test_the_printout_says_what_was_shortened_with_the_right_count(app, questionnaire,
                                                                   lighter, note):
    summary = build_summary(questionnaire, lighter_answers(questionnaire, *lighter), today=TODAY)
    condensed = fitted_layout(summary).condensed
    assert condensed is not None
    html, reader = printed(app, summary)
    listed = reader.more_points
    assert len(listed) == len(condensed.listed)
    assert condensed.note == note.format(count=len(listed))
    assert condensed.note in reader.printed
    # Each listed point: its number on the sheet, its title and its references, in order.
    titles = {point.id: (n, point.title) for n, point in enumerate(summary.printed_points, 1)}
    for line, point_id in zip(listed, condensed.listed, strict=True):
        number, title = titles[point_id]
        assert re.fullmatch(rf"{number}\. {re.escape(title or '')} \[[\d, ]+\]",
                            " ".join(line.split())), line
    assert ('<ol class="plain-list more-points two-columns' in html) == condensed.two_columns
    # The screen says the printout is shortened; the sheet on screen is whole.
    assert ("Your summary prints on 3 pages.</strong> The printout is shortened to fit three "
            "pages. This page shows everything in full.") in html


def test_a_point_without_its_why_keeps_its_references_on_the_line_with_the_ask(app,
                                                                               questionnaire):
    summary = build_summary(questionnaire, lighter_answers(questionnaire, 2, 400), today=TODAY)
    condensed = fitted_layout(summary).condensed
    assert condensed is not None and condensed.without_why and not condensed.listed
    html, _ = printed(app, summary)
    for point_id in condensed.without_why:
        article = re.search(rf'<article class="([^"]*)" id="point-{point_id}".*?</article>',
                            html, re.S)
        assert article and "split-100" in article.group(1)
        say = re.search(r'<p class="say">.*?</p>', article.group(0), re.S)
        assert say and re.search(r'<span class="print-only"> <span class="refs">\[.*?\]</span>'
                                 r'</span></p>$', say.group(0), re.S), say


def test_the_brief_sources_keep_the_whole_address_in_the_link(app, questionnaire):
    source = Source("fda", "FDA Drug Safety Communication", 2016, "FDA warns about risks",
                    "https://www.fda.gov/drugs/drug-safety-and-availability/fda-warns-about")
    assert brief_source(source) == "FDA warns about risks (fda.gov, 2016)"
    summary = build_summary(questionnaire, lighter_answers(questionnaire, 6, 400), today=TODAY)
    assert fitted_layout(summary).condensed.brief_sources
    html, reader = printed(app, summary)
    for source in summary.sources:
        assert (f'<a class="print-only" href="{source.url}">{brief_source(source)}</a>'
                in html.replace("&#39;", "'"))
        assert brief_source(source) in reader.printed


def test_every_new_text_passes_the_guardrail_in_english_and_spanish(app, questionnaire):
    """The note (each step, fitting or not), the heading, the formulas in short, the line
    in place of the chart and the screen's sentences."""
    notes = [Condensed(frozenset({"a"})), Condensed(frozenset({"a", "b"}), ("b",)),
             Condensed(frozenset({"a"}), ("a",)), Condensed(frozenset({"a"}), ("a",), True),
             Condensed(brief_sources=True, fits=False),
             Condensed(frozenset({"a"}), ("a",), True, two_columns=True),
             Condensed(frozenset({"a"}), ("a",), True, True, medicines_in_table=True),
             Condensed(frozenset({"a"}), ("a",), True, True, True, safety_by_reference=True),
             Condensed(frozenset({"a"}), ("a",), True, True, True, True, True),
             Condensed(frozenset({"a"}), ("a",), True, True, False, True, True, fits=False),
             Condensed(frozenset({"a"}), ("a",), True, True, True, True, True, True),
             Condensed(frozenset({"a"}), ("a",), *(True,) * 10),
             Condensed(frozenset({"a"}), ("a",), *(True,) * 10, fits=False)]
    new = {"shortened note", "more points title", "diary formulas in short",
           "diary chart left out"}
    summary = build_summary(questionnaire, lighter_answers(questionnaire, 12, 100, 3, 50),
                            today=TODAY)
    for language in ("en", "es"):
        with app.test_request_context("/summary"), in_language(language):
            texts = [(place, text) for condensed in notes
                     for place, text in authored_texts(summary, condensed) if place in new]
            texts += [("screen", render_template("summary.html", summary=summary).split(
                '<p class="page-count">')[1].split("</strong> ")[1].split("</p>")[0])]
        # Five with the formulas in short, two with the chart left out, the screen's line.
        assert len(texts) == 2 * len(notes) + 5 + 2 + 1
        assert check_texts(texts, questionnaire.wording_names, language) == []
