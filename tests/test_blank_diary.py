"""The blank diary to print: rendered with Jinja as phase 2's route will, checked as HTML."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import jinja2
import pytest

from webapp.engine.blank_diary import TEXTS, BlankDiaryError, blank_diary_context, diary_items
from webapp.engine.guardrail import message, problems_in

WEBAPP = Path(__file__).resolve().parent.parent / "webapp"
ENVIRONMENT = jinja2.Environment(loader=jinja2.FileSystemLoader(WEBAPP / "templates"),
                                 autoescape=True, undefined=jinja2.StrictUndefined)
ENVIRONMENT.globals["page_language"] = lambda: "en"  # the app's context gives the page's own


class Page(HTMLParser):
    """The tags, attributes and visible text of a page."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self._skip = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._skip += tag in ("title", "head")

    def handle_endtag(self, tag):
        self._skip -= tag in ("title", "head")

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.text.append(" ".join(data.split()))


def render(nights: int = 7, paper: str = "a4") -> Page:
    html = ENVIRONMENT.get_template("blank_diary.html").render(
        **blank_diary_context(nights, paper, "/static/blank_diary.css"))
    return Page(html)


@pytest.mark.parametrize("nights", [7, 14])
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_a_column_per_night_a_row_per_question_on_the_paper_asked_for(nights, paper):
    page = render(nights, paper)
    columns = [a for tag, a in page.tags if tag == "th" and a.get("scope") == "col"]
    assert len(columns) == nights
    night_headings = [t for t in page.text if re.fullmatch(r"Night \d+", t)]
    assert night_headings == [f"Night {n}" for n in range(1, nights + 1)]
    assert sum(tag == "table" for tag, _ in page.tags) == nights // 7  # seven to a page
    rows = [a for tag, a in page.tags if tag == "th" and a.get("scope") == "row"]
    assert len(rows) == len(diary_items()["items"]) * nights // 7
    [body] = [a for tag, a in page.tags if tag == "body"]
    assert f"paper-{paper}" in body["class"]


def test_it_has_the_diarys_questions_instructions_and_credit():
    text = " ".join(render().text)
    data = diary_items()
    for item in data["items"]:
        assert item["label"] in text and item["hint"] in text
    for instruction in data["instructions"]:
        assert " ".join(instruction["text"].split()) in text
    assert "Consensus Sleep Diary, by Carney and others" in text
    assert "https://doi.org/10.5665/sleep.1642" in text
    assert text.count("Very good") == 7  # one set of the five answers a night


def test_it_has_no_script_no_inline_style_and_only_the_apps_own_stylesheet():
    page = render(14, "letter")
    assert not [tag for tag, _ in page.tags if tag in ("script", "style", "iframe", "img")]
    assert not [a for _, a in page.tags if "style" in a or any(k.startswith("on") for k in a)]
    links = [a["href"] for tag, a in page.tags if tag == "link"]
    assert links == ["/static/blank_diary.css"]


def test_its_stylesheet_uses_the_apps_font_and_sets_both_papers_sideways():
    css = (WEBAPP / "static" / "blank_diary.css").read_text(encoding="utf-8")
    for font in re.findall(r'url\("([^"]+)"\)', css):
        assert font.startswith("fonts/atkinson-hyperlegible-")
        assert (WEBAPP / "static" / font).is_file()
    assert "size: A4 landscape" in css and "size: letter landscape" in css
    sizes = [float(size) for size in re.findall(r"font-size: ([\d.]+)pt", css)]
    assert sizes and min(sizes) >= 9


def test_the_pages_own_words_pass_the_wording_rule():
    for text, kind in TEXTS.values():
        assert [message(p, kind) for p in problems_in(text, kind)] == [], text


@pytest.mark.parametrize("nights, paper, says", [
    (10, "a4", "Choose a diary of 7 or 14 nights."), (7, "A5", "Choose A4 or Letter paper."),
    (0, "letter", "7 or 14")])
def test_only_7_or_14_nights_on_a4_or_letter(nights, paper, says):
    with pytest.raises(BlankDiaryError, match=says):
        blank_diary_context(nights, paper)
