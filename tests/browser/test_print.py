"""The printed sheet: every fixture patient on two pages or fewer on A4 and on Letter (a light
patient on one), the top block in the first third of page 1, nothing addressed to the
patient, no text under 9pt, nothing but the sheet, and no talking point split across pages.

Each sheet is saved as PDF with print media, as the browser's Print command does; poppler's
pdfinfo and pdftotext read it back. The PDFs stay in test-artifacts/browser/ for a person
to look at.
"""

from __future__ import annotations

import json
import re
import subprocess
import unicodedata

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import QUESTIONS, need
from extreme_patient import write_extreme_patient

from webapp.engine.loader import load_questionnaire

from .conftest import HEAVY, PATIENTS

#: Screen-only text that must never reach paper.
NOT_ON_PAPER = ["Start again and delete", "Back", "Continue", "Download my answers",
                "Print this summary", "Skip to main content", "Change which talking points",
                "To print, use your browser"]
#: Paper sizes in PDF points (1/72 inch).
PAPERS = {"A4": (595, 842), "Letter": (612, 792)}

#: Each talking point on the page: its title, and the end of its why with its references.
POINTS = """() => [...document.querySelectorAll('.summary-sheet .sheet-point')].map(point => ({
  title: point.querySelector('h3').firstChild.textContent,
  why: point.querySelector('.why').innerText,
}))"""
#: Every piece of text on the sheet smaller than 9pt (12px) in print, with its size.
SMALL_TEXT = """() => {
  const small = [];
  const walker = document.createTreeWalker(document.querySelector('.summary-sheet'),
                                           NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    if (!node.textContent.trim() || !element.checkVisibility()) continue;
    const size = parseFloat(getComputedStyle(element).fontSize);
    if (size < 12) small.push(`${size}px: ${node.textContent.trim().slice(0, 40)}`);
  }
  return small;
}"""
#: Patients whose sheet fits one page.
LIGHT = ["young_adult_few_weeks", "healthy_thirty_lisinopril_restasis",
         "perimenopause_early_waking", "retiree_valerian_early_waking"]
#: Words that speak to the patient.
YOU = re.compile(r"\b(?:you|your|yours|yourself)\b", re.IGNORECASE)
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def plain(text: str) -> str:
    """Text as pdftotext and the page both give it: one space between words."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def letters(text: str) -> str:
    """Only the letters and digits: a line broken at a hyphen ("short-|term") reads back from
    the PDF as "shortterm", and that must still match the page's text."""
    return re.sub(r"[\W_]+", "", plain(text))


def pdf_pages(path, pdftotext: str, count: int) -> list[str]:
    # -raw: the text in the order Chromium wrote it (the page's order), so a point's two
    # columns are not interleaved line by line, as poppler's column guessing may do.
    return [plain(subprocess.run([pdftotext, "-raw", "-f", str(n), "-l", str(n), str(path), "-"],
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


def pdf_words(path, page: int = 1) -> tuple[float, list[tuple[float, str]]]:
    """The page's height and each word on it with its top, in PDF points (pdftotext -bbox)."""
    out = subprocess.run([need("pdftotext"), "-bbox", "-f", str(page), "-l", str(page),
                          str(path), "-"], check=True, capture_output=True, text=True).stdout
    height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', out)[1])
    words = [(float(m[1]), unicodedata.normalize("NFKC", m[2]))
             for m in re.finditer(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" '
                                  r'yMax="[\d.]+">([^<]*)</word>', out)]
    return height, words


def top_of(words: list[tuple[float, str]], phrase: str) -> float | None:
    """Where ``phrase`` starts on the page, or None."""
    wanted = phrase.split()
    text = [word for _, word in words]
    for index in range(len(text) - len(wanted) + 1):
        if text[index:index + len(wanted)] == wanted:
            return words[index][0]
    return None


def print_sheet(page, artifacts, name: str) -> dict[str, tuple]:
    """The sheet on the page, saved as PDF on each paper: {paper: (path, page count)}."""
    pdfinfo = need("pdfinfo")
    printed = {}
    for paper, (width, height) in PAPERS.items():
        path = artifacts / f"sheet-{name}-{paper}.pdf"
        page.pdf(path=path, format=paper)
        info = pdf_info(path, pdfinfo)
        size = re.search(r"([\d.]+) x ([\d.]+) pts", info["Page size"])
        # Chromium rounds A4 to inches (8.27 x 11.7), a point or so over 595 x 842.
        assert size and abs(float(size[1]) - width) < 2 and abs(float(size[2]) - height) < 2, \
            f"{paper}: the PDF's page size is {info['Page size'].strip()}"
        printed[paper] = (path, int(info["Pages"]))
    return printed


def open_sheet(visit, answers_file):
    patient = visit()
    patient.load_patient(answers_file)
    patient.go("/summary")
    page = patient.page
    for _ in range(3):  # a file saved before the last page was done: the patient goes on
        if page.locator(".summary-sheet").count():
            break
        with page.expect_navigation():
            page.get_by_role("button", name="Continue").click()
        patient.go("/summary")
    assert page.locator(".summary-sheet").count() == 1, f"no sheet for {answers_file.name}"
    page.emulate_media(media="print")
    page.evaluate("document.fonts.ready.then(() => document.fonts.size)")
    return page


def check_pages(pages: list[str], points: list[dict], paper: str, path) -> None:
    """Nothing of the screen on paper; each point whole on one page; the crisis line last."""
    everything = " ".join(pages)
    for words in NOT_ON_PAPER:
        assert not re.search(rf"\b{re.escape(words)}\b", everything), \
            f"{paper}: {words!r} is printed ({path})"
    assert "call or text 988" in pages[-1]
    for point in points:
        title = plain(point["title"])
        on = [n for n, text in enumerate(pages) if title in text]
        assert len(on) == 1, f"{paper}: {title!r} is printed on pages {on} ({path})"
        # The why and its references close the point, on the same page as its title.
        assert letters(point["why"]) in letters(pages[on[0]]), (
            f"{paper}: talking point {title!r} is split across pages ({path})")


def check_voice(pages: list[str], crisis_line: str, paper: str, path) -> None:
    """No sentence speaks to the patient, outside their own (quoted) words and the crisis line."""
    text = plain(" ".join(pages)).replace(plain(crisis_line), " ")
    outside = re.sub(r"\u201c[^\u201d]*\u201d", " ", text)
    found = [outside[max(0, m.start() - 40):m.end() + 20] for m in YOU.finditer(outside)]
    assert not found, f"{paper}: the sheet speaks to the patient: {found} ({path})"


def check_top_block(path, paper: str, has_flags: bool) -> None:
    """The main concern, the medicine table and the safety flags in the first third of page 1."""
    height, words = pdf_words(path)
    after = top_of(words, "Screening scores") or top_of(words, "What I want to raise,")
    assert after is not None, f"{paper}: the top block does not end on page 1 ({path})"
    assert after <= height / 3, (
        f"{paper}: the top block ends {after / height:.0%} down page 1, below its first "
        f"third ({path})")
    for heading in ("What I most want from this visit", "My medicines",
                    *(["Safety flags"] if has_flags else [])):
        assert (top_of(words, heading) or height) < after, f"{paper}: no {heading!r} ({path})"


def test_every_patients_sheet_fits_reads_as_theirs_and_keeps_to_9pt(visit, artifacts):
    """All fixture patients, A4 and Letter: one page for a light patient, two at most for the
    rest; the top block first; no "you"; no text under 9pt; no point split."""
    pdftotext = need("pdftotext")
    questionnaire = load_questionnaire(QUESTIONS)
    crisis_line = questionnaire.settings.crisis_line
    counts = {}
    for answers_file in sorted(PATIENTS.glob("*.json")):
        name = answers_file.stem
        page = open_sheet(visit, answers_file)
        assert page.evaluate(SMALL_TEXT) == [], f"{name}: print text under 9pt"
        points = page.evaluate(POINTS)
        has_flags = page.locator(".summary-sheet .flags").count() == 1
        page.emulate_media(media="screen")
        announced = page.locator(".page-count").inner_text()
        page.emulate_media(media="print")
        for paper, (path, count) in print_sheet(page, artifacts, name).items():
            counts[(name, paper)] = count
            # The server placed the pages: the count on screen is the PDF's, on both papers.
            assert announced == f"Your summary prints on {count} page{'s' if count > 1 else ''}.", \
                f"{name}, {paper}: the screen says {announced!r}, the PDF has {count} ({path})"
            assert count <= (1 if name in LIGHT else 2), \
                f"{name}, {paper}: the sheet takes {count} pages ({path})"
            assert pdf_fonts(path) == {"AtkinsonHyperlegible"}, \
                f"{paper}: fonts other than the app's own were used ({path})"
            pages = pdf_pages(path, pdftotext, count)
            check_pages(pages, points, paper, path)
            check_voice(pages, crisis_line, paper, path)
            check_top_block(path, paper, has_flags)
        page.context.close()
    assert len(counts) == 2 * len(list(PATIENTS.glob("*.json")))


#: Three more medicines, each with every detail, for the heaviest patient: the sheet must
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


#: The heaviest fixture patients: the most talking points and the longest sheets.
HEAVIEST = [HEAVY, PATIENTS / "older_adult_benzo_opioid.json"]


def with_three_more_medicines(patient, folder):
    content = json.loads(patient.read_text())
    content["answers"]["medicine_list"] += THREE_MORE_MEDICINES
    path = folder / f"{patient.stem}-with-three-more-medicines.json"
    path.write_text(json.dumps(content))
    return path


@pytest.mark.parametrize("patient", [
    HEAVIEST[0],
    pytest.param(HEAVIEST[1], marks=pytest.mark.xfail(
        strict=True, reason="the older adult plus three medicines still prints a third page "
        "(page 2 is about 21 pt, two lines, over; see the branch's report)"))],
    ids=lambda path: path.stem)
def test_the_heaviest_patients_with_three_more_medicines_still_fit_two_pages(
        visit, artifacts, tmp_path, patient):
    pdftotext = need("pdftotext")
    page = open_sheet(visit, with_three_more_medicines(patient, tmp_path))
    points = page.evaluate(POINTS)
    assert len(points) >= 10, "a heavy patient should have many talking points"
    page.emulate_media(media="screen")
    announced = page.locator(".page-count").inner_text()
    page.emulate_media(media="print")
    for paper, (path, count) in print_sheet(page, artifacts,
                                            f"{patient.stem}-plus-three").items():
        assert announced == f"Your summary prints on {count} pages.", \
            f"{paper}: the screen says {announced!r}, the PDF has {count} ({path})"
        assert count <= 2, f"{paper}: the sheet takes {count} pages ({path})"
        check_pages(pdf_pages(path, pdftotext, count), points, paper, path)


def test_the_print_view_has_no_wcag_problems_and_marks_the_patients_words(visit):
    """axe-core on the sheet in print media; the patient's words are announced as theirs."""
    page = open_sheet(visit, PATIENTS / "klonopin_and_oxycodone_on_one_line.json")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS},
                                       "resultTypes": ["violations"]})
    violations = results.response["violations"]
    assert not violations, [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in violations]
    page.emulate_media(media="screen")
    concern = page.locator(".summary-sheet .concern").aria_snapshot()
    assert "as I wrote it: I hurt my back at work last spring." in concern, concern
    table = page.locator(".summary-sheet .meds tbody").aria_snapshot()
    assert "as I wrote it: Klonopin and oxycodone" in table, table


def print_extreme_patient(visit, artifacts, tmp_path):
    """The extreme patient's sheet: (medicine names as typed, points, {paper: (path, count)})."""
    questionnaire = load_questionnaire(QUESTIONS)
    answers_file = write_extreme_patient(questionnaire, tmp_path)
    typed = [row["name"] for row in json.loads(answers_file.read_text())["answers"][
        "medicine_list"]]
    page = open_sheet(visit, answers_file)
    return typed, page.evaluate(POINTS), print_sheet(page, artifacts, "extreme")


def test_the_most_extreme_patient_has_the_top_block_on_page_1_and_every_medicine(
        visit, artifacts, tmp_path):
    """Every box, 15 medicines with every text at its limit: page 1 holds the main concern,
    the table's start with the line saying how many more follow and where, the safety flags
    and the scores. No medicine is dropped: each name typed is on the sheet in full."""
    pdftotext = need("pdftotext")
    typed, points, printed = print_extreme_patient(visit, artifacts, tmp_path)
    for paper, (path, count) in printed.items():
        _, words = pdf_words(path)
        for phrase in ("What I most want from this visit", "As I wrote it", "more medicines "
                       "follow, under", "Safety flags", "Screening scores", "PHQ-2 (mood):"):
            assert top_of(words, phrase) is not None, f"{paper}: {phrase!r} is not on page 1"
        pages = pdf_pages(path, pdftotext, count)
        check_pages(pages, points, paper, path)
        everything = letters(" ".join(pages))
        missing = [name for name in typed if letters(name) not in everything]
        assert not missing, f"{paper}: medicines not on the sheet in full: {missing} ({path})"


@pytest.mark.xfail(strict=True, reason="the top block is on page 1 now, but the extreme "
                   "patient still prints on 5 pages, not 3 (see the branch's report)")
def test_the_most_extreme_patient_keeps_to_three_pages(visit, artifacts, tmp_path):
    for paper, (path, count) in print_extreme_patient(visit, artifacts, tmp_path)[2].items():
        assert count <= 3, f"{paper}: the extreme patient's sheet takes {count} pages ({path})"


DIARY = PATIENTS / "diary_fourteen_nights_early_waking.json"


def test_a_14_night_diary_prints_its_chart_in_two_pages_and_the_table_when_asked(
        visit, artifacts):
    """Issue 17: the chart and averages of 14 nights within two pages on A4 and Letter, the
    chart's text at 9 pt or more printed, no style or script in it; with the table of nights
    asked for, the page count on screen is still the PDF's."""
    pdftotext = need("pdftotext")
    page = open_sheet(visit, DIARY)
    chart = page.locator(".summary-sheet svg.diary-chart")
    assert chart.count() == 1
    assert chart.evaluate("svg => svg.querySelectorAll('[style], style, script').length") == 0
    width_pt = chart.evaluate("svg => svg.getBoundingClientRect().width") * 0.75
    assert 13 * width_pt / 640 >= 9, f"the chart's text prints at {13 * width_pt / 640:.1f} pt"
    assert page.evaluate(SMALL_TEXT) == []
    for asked, name in ((False, "diary"), (True, "diary-table")):
        if asked:
            page.goto(page.url.split("?")[0] + "?nights_table=1")
            page.emulate_media(media="print")
            page.evaluate("document.fonts.ready.then(() => document.fonts.size)")
        page.emulate_media(media="screen")
        announced = page.locator(".page-count").inner_text()
        page.emulate_media(media="print")
        for paper, (path, count) in print_sheet(page, artifacts, name).items():
            assert announced == f"Your summary prints on {count} page{'s' if count > 1 else ''}.", \
                f"{name}, {paper}: the screen says {announced!r}, the PDF has {count} ({path})"
            if not asked:
                assert count <= 2, f"{paper}: the diary's sheet takes {count} pages ({path})"
            text = " ".join(pdf_pages(path, pdftotext, count))
            assert "Averages of 14 nights" in text and ("Average of 14 nights" in text) == asked


@pytest.mark.parametrize("nights", [7, 14])
def test_the_blank_diary_prints_a_page_of_instructions_and_a_page_a_week(visit, artifacts,
                                                                          nights):
    """The blank diary (issue 17), on the paper it is made for: the instructions, then seven
    nights a page."""
    pdfinfo = need("pdfinfo")
    patient = visit()
    for paper in PAPERS:
        patient.go(f"/diary/blank?nights={nights}&paper={paper.lower()}")
        patient.page.emulate_media(media="print")
        path = artifacts / f"blank-diary-{nights}-{paper}.pdf"
        patient.page.pdf(path=path, prefer_css_page_size=True)
        pages = int(pdf_info(path, pdfinfo)["Pages"])
        assert pages == 1 + nights // 7, f"{paper}, {nights} nights: {pages} pages ({path})"
