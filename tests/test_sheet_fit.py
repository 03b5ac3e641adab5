"""A sheet over three pages, shortened for print step by step (webapp/engine/sheet_fit.py),
without a browser: only as far as it needs, never a safety point, never the patient's words.

tests/browser/test_print.py prints the shortened sheets to PDF on A4 and Letter.
"""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser

import pytest
from conftest import FIXTURES
from extreme_patient import extreme_answers, lighter_answers
from flask import render_template

from webapp.engine.answer_file import read_answers
from webapp.engine.guardrail import check_texts
from webapp.engine.questionnaire import Source
from webapp.engine.sheet_fit import MAX_PAGES, Condensed, fitted_layout, steps
from webapp.engine.sheet_pages import blocks, paginate
from webapp.engine.sheet_sources import brief_source
from webapp.engine.sheet_text import authored_texts, summary_as_text
from webapp.engine.summary import build_summary
from webapp.web.locale import in_language

PATIENTS = FIXTURES / "patients"
NAMES = sorted(path.stem for path in PATIENTS.glob("*.json"))
TODAY = date(2026, 11, 30)


def pages(summary, condensed: Condensed | None = None) -> int:
    return paginate(blocks(summary, condensed)).count


def non_safety(summary) -> tuple[str, ...]:
    return tuple(point.id for point in summary.printed_points if not point.is_safety)


class PrintReader(HTMLParser):
    """What of the sheet reaches paper: its text outside ``screen-only`` and
    ``visually-hidden`` elements (the print stylesheet hides both), and the lines under
    "More points I want to raise"."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0  # inside the sheet
        self.hidden = 0  # inside an element print hides
        self.text: list[str] = []
        self.more_points: list[str] = []
        self._in_more = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if not self.depth:
            self.depth = 1 if tag == "article" and "summary-sheet" in classes else 0
            return
        self.depth += 1
        if self.hidden or {"screen-only", "visually-hidden"} & set(classes):
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


#: Lighter versions of the extreme patient, each needing the shortening up to one step:
#: (typed medicines, long texts cut to, diary) -> (without why, points listed, brief sources).
LADDER = [
    ((2, 400, False), "why"),  # step 1 only
    ((4, 100, False), "some listed"),  # step 2, the lowest in priority only
    ((6, 400, False), "sources"),  # step 3
]


@pytest.mark.parametrize(("lighter", "step"), LADDER, ids=[step for _, step in LADDER])
def test_each_step_is_taken_only_when_the_one_before_does_not_fit(questionnaire, lighter,
                                                                  step):
    summary = build_summary(questionnaire, lighter_answers(questionnaire, *lighter), today=TODAY)
    others = non_safety(summary)
    layout = fitted_layout(summary)
    condensed = layout.condensed
    assert pages(summary) > MAX_PAGES and condensed is not None
    assert condensed.fits and layout.count <= MAX_PAGES
    assert condensed.without_why == frozenset(others)
    if step == "why":
        assert (condensed.listed, condensed.brief_sources) == ((), False)
    elif step == "some listed":
        assert 0 < len(condensed.listed) < len(others) and not condensed.brief_sources
        # From the lowest priority up: the last points of the sheet, in its order.
        assert condensed.listed == others[-len(condensed.listed):]
    else:
        assert condensed.listed == others and condensed.brief_sources
    # As few as needed: every step before the one taken prints on more than three pages.
    ladder = steps(summary)
    taken = ladder.index(Condensed(condensed.without_why, condensed.listed,
                                   condensed.brief_sources))
    assert all(pages(summary, before) > MAX_PAGES for before in ladder[:taken])
    assert pages(summary, ladder[taken]) == layout.count


def test_the_most_extreme_patient_is_shortened_as_far_as_it_goes(questionnaire):
    """Every step taken, and still over three pages (the residual is reported in
    docs/printout.md): the note does not claim three pages."""
    summary = build_summary(questionnaire, extreme_answers(questionnaire), today=TODAY)
    layout = fitted_layout(summary)
    condensed = layout.condensed
    assert condensed == Condensed(frozenset(non_safety(summary)), non_safety(summary), True,
                                  fits=False)
    assert layout.count < pages(summary) and layout.count > MAX_PAGES
    assert condensed.note.startswith("This printout is shortened to take fewer pages: ")


def test_safety_points_scores_flags_and_the_patients_words_are_never_shortened(app,
                                                                               questionnaire):
    """The extreme patient, shortened as far as it goes: on paper every safety point has its
    why, the flags, scores and crisis line are there, and every text the patient typed is
    there in full. The points listed by title are on the screen and in the text format in
    full."""
    answers = extreme_answers(questionnaire)
    summary = build_summary(questionnaire, answers, today=TODAY)
    condensed = fitted_layout(summary).condensed
    assert condensed is not None and condensed.brief_sources
    safety = [point for point in summary.printed_points if point.is_safety]
    assert safety and not {p.id for p in safety} & (condensed.without_why | set(condensed.listed))
    html, reader = printed(app, summary)
    paper = reader.printed
    for point in safety:
        article = re.search(rf'<article class="([^"]*)" id="point-{point.id}".*?</article>',
                            html, re.S)
        assert article and "screen-only" not in article.group(1)
        assert '<p class="why">' in article.group(0)
        assert " ".join(point.why.split()) in paper
    for flag in summary.flags:
        assert flag.title in paper
    for score in summary.scores:
        assert f"{score.instrument.name}: {score.text}" in paper
    assert " ".join(summary.crisis_line.split()) in paper
    typed = [answers[key] for key in ("visit_goal", "own_questions")]
    typed += [text for row in answers["medicine_list"] for text in (row["name"], row["purpose"])]
    typed += [night["note"] for night in answers["sleep_diary"]]
    missing = [text for text in typed if " ".join(text.split()) not in paper]
    assert not missing
    # The full points: on screen (the article is only hidden in print) and in the text.
    text = summary_as_text(summary)
    for point in summary.printed_points:
        assert f'id="point-{point.id}"' in html and " ".join(point.why.split()) in " ".join(
            text.split())


@pytest.mark.parametrize(("lighter", "note"), [
    ((2, 400, False), "This printout is shortened to fit three pages: the points that are "
                      "not safety points print without their why. The summary on screen has "
                      "every point in full."),
    ((4, 100, False), "This printout is shortened to fit three pages: the points that are "
                      "not safety points print without their why; {count} points are listed "
                      "by title only. The summary on screen has every point in full."),
    ((6, 400, False), "This printout is shortened to fit three pages: {count} points are "
                       "listed by title only; the sources are listed briefly. The summary on "
                       "screen has every point in full."),
])
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
    """The note (each step, fitting or not), the heading and the screen's sentences."""
    notes = [Condensed(frozenset({"a"})), Condensed(frozenset({"a", "b"}), ("b",)),
             Condensed(frozenset({"a"}), ("a",)), Condensed(frozenset({"a"}), ("a",), True),
             Condensed(brief_sources=True, fits=False)]
    summary = build_summary(questionnaire, lighter_answers(questionnaire, 6, 400), today=TODAY)
    for language in ("en", "es"):
        with app.test_request_context("/summary"), in_language(language):
            texts = [text for condensed in notes
                     for text in authored_texts(summary, condensed)[-2:]]
            texts += [("screen", render_template("summary.html", summary=summary).split(
                '<p class="page-count">')[1].split("</strong> ")[1].split("</p>")[0])]
        assert len(texts) == 11
        assert check_texts(texts, questionnaire.wording_names, language) == []
