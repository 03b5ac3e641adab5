"""The printed summary: two pages or fewer on A4 and on Letter, nothing but the summary,
and no talking point split across two pages.

The summary of a heavy patient is saved as PDF with print media, as the browser's Print
command does; poppler's pdfinfo and pdftotext read it back. The PDFs stay in
test-artifacts/browser/ for a person to look at.
"""

from __future__ import annotations

import json
import re
import subprocess
import unicodedata

import pytest
from conftest import need

from .conftest import HEAVY, PATIENTS

#: Screen-only text that must never reach paper.
NOT_ON_PAPER = ["Start again and delete", "Back", "Continue", "Download my answers",
                "Print this summary", "Skip to main content", "Change which talking points",
                "To print, use your browser"]
#: Paper sizes in PDF points (1/72 inch).
PAPERS = {"A4": (595, 842), "Letter": (612, 792)}

#: Each talking point on the page: its title, what "why it matters" says, and its source.
POINTS = """() => [...document.querySelectorAll('.summary-sheet .point')].map(point => ({
  title: point.querySelector('h3').firstChild.textContent,
  why: point.querySelector('.why').textContent,
  source: point.querySelector('.source').textContent,
}))"""


def plain(text: str) -> str:
    """Text as pdftotext and the page both give it: one space between words."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def letters(text: str) -> str:
    """Only the letters and digits: a line broken at a hyphen ("short-|term") reads back from
    the PDF as "shortterm", and that must still match the page's text."""
    return re.sub(r"[\W_]+", "", plain(text))


def pdf_pages(path, pdftotext: str, count: int) -> list[str]:
    return [plain(subprocess.run([pdftotext, "-f", str(n), "-l", str(n), str(path), "-"],
                                 check=True, capture_output=True, text=True).stdout)
            for n in range(1, count + 1)]


def pdf_fonts(path) -> set[str]:
    """The font families embedded in the PDF, without subset prefixes and styles."""
    out = subprocess.run([need("pdffonts"), str(path)], check=True, capture_output=True,
                         text=True).stdout
    names = [line.split()[0] for line in out.splitlines()[2:] if line.strip()]
    return {name.split("+")[-1].split("-")[0] for name in names}


def pdf_info(path, pdfinfo: str) -> dict[str, str]:
    out = subprocess.run([pdfinfo, str(path)], check=True, capture_output=True, text=True).stdout
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


#: Three more medicines, each with every detail, for the heaviest patient: the summary must
#: still fit two pages, so it is not fitting by a few lines that the next Chromium or a
#: slightly longer answer would push onto a third page.
THREE_MORE_MEDICINES = [
    {"name": "Lorazepam 1 mg", "purpose": "for sleep when it is really bad",
     "how_often": "most_nights", "how_long": "over_a_year", "prescribed": "yes"},
    {"name": "Gabapentin 300 mg", "purpose": "nerve pain in my feet",
     "how_often": "every_night", "how_long": "3_12_months", "prescribed": "yes"},
    {"name": "Tramadol 50 mg", "purpose": "back pain", "how_often": "most_nights",
     "how_long": "over_a_year", "prescribed": "yes"},
]


def with_three_more_medicines(folder):
    content = json.loads(HEAVY.read_text())
    content["answers"]["medicine_list"] += THREE_MORE_MEDICINES
    path = folder / "heavy-with-three-more-medicines.json"
    path.write_text(json.dumps(content))
    return path


@pytest.mark.parametrize("patient_file", [
    lambda folder: HEAVY,
    lambda folder: PATIENTS / "older_adult_benzo_opioid.json",
    with_three_more_medicines,
], ids=["midlife-anxiety-several-medicines", "older-adult-benzo-opioid",
        "heaviest-plus-three-medicines"])
def test_summary_prints_on_two_pages_without_splitting_a_point(patient_file, visit, artifacts,
                                                               tmp_path):
    pdfinfo, pdftotext = need("pdfinfo"), need("pdftotext")
    answers_file = patient_file(tmp_path)
    patient = visit()
    patient.load_patient(answers_file)
    patient.go("/summary")
    page = patient.page
    points = page.evaluate(POINTS)
    assert len(points) >= 8, "a heavy patient should have many talking points"
    page.emulate_media(media="print")
    page.evaluate("document.fonts.ready.then(() => document.fonts.size)")

    for paper, (width, height) in PAPERS.items():
        path = artifacts / f"summary-{answers_file.stem}-{paper}.pdf"
        page.pdf(path=path, format=paper)
        info = pdf_info(path, pdfinfo)
        size = re.search(r"([\d.]+) x ([\d.]+) pts", info["Page size"])
        # Chromium rounds A4 to inches (8.27 x 11.7), a point or so over 595 x 842.
        assert size and abs(float(size[1]) - width) < 2 and abs(float(size[2]) - height) < 2, \
            f"{paper}: the PDF's page size is {info['Page size'].strip()}"
        count = int(info["Pages"])
        assert count <= 2, f"{paper}: the summary takes {count} pages ({path})"
        # The app's own font, on every machine: the page count cannot depend on which fonts
        # a computer happens to have.
        assert pdf_fonts(path) == {"AtkinsonHyperlegible"}, \
            f"{paper}: fonts other than the app's own were used: {pdf_fonts(path)} ({path})"

        pages = pdf_pages(path, pdftotext, count)
        everything = " ".join(pages)
        for words in NOT_ON_PAPER:
            assert not re.search(rf"\b{re.escape(words)}\b", everything), \
                f"{paper}: {words!r} is printed ({path})"
        assert "Notes from the visit" in everything and "call or text 988" in pages[-1]

        for point in points:
            title = plain(point["title"])
            on = [n for n, text in enumerate(pages) if title in text]
            assert len(on) == 1, f"{paper}: {title!r} is printed on pages {on} ({path})"
            # "Why it matters" and its source run on after the title, on the same page.
            ending = letters(f"{point['why']} {point['source']}")
            assert ending in letters(pages[on[0]]), (
                f"{paper}: talking point {title!r} is split across pages: its source is not "
                f"on page {on[0] + 1} with its title ({path})")
