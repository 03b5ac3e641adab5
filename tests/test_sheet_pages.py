"""The server's pagination of the printed sheet (webapp/engine/sheet_pages.py), without a browser.

The browser test (tests/browser/test_print.py) proves the count against real PDFs; these
prove the placing rules and that the font widths are the served font's.
"""

from __future__ import annotations

import re

import pytest
from conftest import FIXTURES
from test_sheet import html_sheet

from webapp.engine.answer_file import read_answers
from webapp.engine.sheet_lines import PAGE_ROOM, lines, text_width
from webapp.engine.sheet_pages import Block, page_count, paginate
from webapp.engine.sheet_sources import ADDRESS_LIMIT, printed_address
from webapp.engine.sheet_text import summary_as_text
from webapp.engine.summary import build_summary

PATIENTS = FIXTURES / "patients"


def test_blocks_fill_a_page_and_the_next_starts_where_one_does_not_fit():
    layout = paginate([Block("a", 400), Block("b", 300), Block("c", 100), Block("d", 10)])
    assert (layout.count, layout.starts) == (2, {"c"})
    assert layout.at("c") == "page-start" and layout.at("b") == ""


def test_a_block_taller_than_a_page_fills_whole_pages_and_may_split():
    layout = paginate([Block("head", 50), Block("long", 2.5 * PAGE_ROOM), Block("after", 20)])
    assert layout.count == 1 + 3 + 1  # its own three pages, then a fresh one
    assert layout.splits == {"long"} and layout.starts == {"long", "after"}
    assert layout.at("long") == "page-start may-split"


def test_a_flowing_paragraph_breaks_only_between_its_pieces():
    piece = (("words " * 200, "regular"),)
    layout = paginate([Block("head", PAGE_ROOM - 60), Block("source:1", 0, runs=piece),
                       Block("source:2", 0, runs=piece)])
    assert layout.starts == {"source:1"} and layout.count == 2
    assert layout.groups(2) == [[1, 2]]
    assert paginate([Block("source:1", 0, runs=piece)] * 1).groups(3) == [[1, 2, 3]]


def test_lines_wrap_at_spaces_and_break_a_long_address_anywhere():
    word = text_width("sleep ")
    assert lines("sleep " * 10, word * 5 + 1) == 2
    assert lines("x" * 400, text_width("x" * 100)) == 4


def test_the_widths_are_the_served_fonts():
    from fontTools import ttLib as ttlib

    from webapp.engine.sheet_font import BOLD, CHARACTERS, ITALIC, REGULAR
    fonts = FIXTURES.parent.parent / "webapp" / "static" / "fonts"
    for widths, name in ((REGULAR, "400-normal"), (BOLD, "700-normal"), (ITALIC, "400-italic")):
        font = ttlib.TTFont(fonts / f"atkinson-hyperlegible-latin-{name}.woff2")
        cmap, metrics, units = font.getBestCmap(), font["hmtx"], font["head"].unitsPerEm
        assert widths == tuple(round(metrics[cmap[ord(c)]][0] * 1000 / units)
                               for c in CHARACTERS), name


@pytest.mark.parametrize("name, count", [("young_adult_few_weeks", 1),
                                         ("older_adult_benzo_opioid", 2)])
def test_a_light_patient_prints_on_one_page_and_a_heavy_one_on_two(questionnaire, name, count):
    read = read_answers((PATIENTS / f"{name}.json").read_bytes(), questionnaire)
    assert page_count(build_summary(questionnaire, read.answers)) == count


def test_the_summary_page_tells_the_patient_how_many_pages_it_prints_and_follows_their_choice(
        wizard):
    """A heavy patient reads "prints on 2 pages."; leaving all but one point out makes it one
    page, and the screen says so (the sentence is not on the printed sheet)."""
    import io
    import re

    content = (PATIENTS / "older_adult_benzo_opioid.json").read_bytes()
    wizard.submit("/resume", {"answers_file": (io.BytesIO(content), "answers.json")},
                  content_type="multipart/form-data")

    def announced() -> str:
        page = wizard.client.get("/summary").get_data(as_text=True)
        found = re.findall(r'<p class="page-count"><strong>([^<]*)</strong>', page)
        assert len(found) == 1 and "screen-only" in page.split(found[0])[0].rsplit(
            "<div", 1)[-1], "the count belongs on screen, not on the sheet"
        return found[0]

    assert announced() == "Your summary prints on 2 pages."
    wizard.submit("/talking-points", {"include": ["chronic-insomnia"]})
    assert announced() == "Your summary prints on 1 page."


def test_two_balanced_columns_take_the_least_height_that_holds_the_rows_whole():
    from webapp.engine.sheet_pages import balanced
    assert balanced([10, 10, 10, 30]) == 30  # three short rows beside the long one
    assert balanced([10, 10, 10, 10]) == 20
    assert balanced([50]) == 50 and balanced([]) == 0


def test_a_long_web_address_prints_cut_at_a_slash_and_its_link_keeps_it_whole(questionnaire):
    """An FDA address runs to three lines of print: the sheet prints the site and section
    ("fda.gov/drugs/drug-safety-and-availability/…") beside the source's title and date, and
    the link (in the PDF too) and the text format keep the whole address."""
    fda = ("https://www.fda.gov/drugs/drug-safety-and-availability/fda-drug-safety-"
           "communication-fda-warns-about-serious-risks-and-death-when-combining-opioid-pain-or")
    assert printed_address(fda) == "fda.gov/drugs/drug-safety-and-availability/…"
    assert printed_address("https://doi.org/10.5664/jcsm.6506") == "doi.org/10.5664/jcsm.6506"
    links = re.findall(r'<li id="source-\d+"[^>]*>.*?<a href="([^"]+)"[^>]*>([^<]+)</a>',
                       html_sheet("older_adult_benzo_opioid"), re.S)
    urls = {source.url for source in questionnaire.sources.values()}
    assert len(links) >= 8 and fda in [href for href, _ in links]
    for href, shown in links:
        assert href in urls, href
        assert shown == printed_address(href) and len(shown) <= ADDRESS_LIMIT + 1, shown
        assert href.replace("https://", "").replace("www.", "").startswith(shown.rstrip("…"))
    read = read_answers((PATIENTS / "older_adult_benzo_opioid.json").read_bytes(), questionnaire)
    assert fda in summary_as_text(build_summary(questionnaire, read.answers))
