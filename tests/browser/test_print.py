"""The printed sheet: every fixture patient on two pages or fewer (a light patient on one),
the top block in the first third of page 1, nothing addressed to the patient, no text under
9pt, nothing but the sheet, and no talking point split across pages.

The sheets are printed from an app of their own, not the recorded live server: the
every-state audit reaches the summary pages it checks itself (test_every_state.py), and
this module runs beside the recorded tests under pytest-xdist. Each sheet is saved as PDF
with print media, as the browser's Print command does, on A4; on Letter too where the
page count could differ (the heaviest patients, and any sheet whose last page is nearly
full on A4: see ``needs_letter``). Poppler's pdftotext reads each PDF back in one run,
pdffonts names its fonts. The PDFs stay in test-artifacts/browser/ for a person to look
at.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import PROFILE, QUESTIONS, need
from extreme_patient import lighter_answers, write_extreme_patient

from webapp.engine.loader import load_questionnaire
from webapp.engine.sheet_fit import MARGIN

from .conftest import HEAVY, PATIENTS, Visit, live_app, patients_showing_everything

#: Screen-only text that must never reach paper.
NOT_ON_PAPER = ["Start again and delete", "Back", "Continue", "Download my answers",
                "Print this summary", "Skip to main content", "Change which talking points",
                "To print, use your browser"]
#: Paper sizes in PDF points (1/72 inch).
PAPERS = {"A4": (595, 842), "Letter": (612, 792)}
#: The sheet's bottom page margin in points (style.css: @page margin-bottom 11mm); the
#: "Page 1 of 2" line is printed in it.
BOTTOM_MARGIN = 11 / 25.4 * 72

#: Each talking point printed in full: its title, and the end of its why with its
#: references; a point a shortened sheet prints without its why (webapp/engine/sheet_fit.py)
#: ends with its ask and references instead. Points printed as a line are left out.
POINTS = """() => [...document.querySelectorAll('.summary-sheet .sheet-point')]
  .filter(point => point.checkVisibility()).map(point => {
    const why = point.querySelector('.why');
    return {title: point.querySelector('h3').firstChild.textContent,
            why: (why.checkVisibility() ? why : point.querySelector('.say')).innerText};
  })"""
#: The items of the lists a shortened sheet lets break between items (step 9) or run on
#: (steps 10 and 11): a medicine's line, a key answer, a question, as printed.
LIST_ITEMS = """() => [...document.querySelectorAll(
    '.summary-sheet .more-meds li, .summary-sheet .glance-row, .summary-sheet .my-questions li')]
  .filter(item => item.checkVisibility()).map(item => item.innerText)"""
#: The lines of a shortened sheet's "More points I want to raise", as printed.
MORE_POINTS = """() => [...document.querySelectorAll('.summary-sheet .more-points li')]
  .map(line => line.innerText)"""
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


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a server of this module's own, whose pages are not recorded."""
    with live_app(tmp_path_factory) as url:
        yield url


def plain(text: str) -> str:
    """Text as pdftotext and the page both give it: one space between words."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def letters(text: str) -> str:
    """Only the letters and digits: a line broken at a hyphen ("short-|term") reads back from
    the PDF as "shortterm", and that must still match the page's text."""
    return re.sub(r"[\W_]+", "", plain(text))


@dataclass(frozen=True)
class PdfText:
    """A PDF as pdftotext reads it in one run (-raw -bbox): for each page its size in
    points, its words with their tops and bottoms, and its text (``pages``)."""

    sizes: list[tuple[float, float]]
    words: list[list[tuple[float, float, str]]]  # (top, bottom, word), in the page's order

    @property
    def pages(self) -> list[str]:
        """Each page's text, one space between words."""
        return [plain(" ".join(word for _, _, word in page)) for page in self.words]

    def page_words(self, page: int = 1) -> list[tuple[float, str]]:
        """Each word of ``page`` (from 1) with its top."""
        return [(top, word) for top, _, word in self.words[page - 1]]

    def last_page_filled(self) -> float:
        """How far down its last page the sheet ends, as a share of the page's height (the
        footer in the bottom margin left out)."""
        width, height = self.sizes[-1]
        bottoms = [bottom for _, bottom, _ in self.words[-1] if bottom <= height - BOTTOM_MARGIN]
        return max(bottoms, default=0) / height

    def last_page_free(self) -> float:
        """The room, in points, left under the sheet's last line on its last page, down to
        the page's bottom margin (its "Page 3 of 3" there left out)."""
        height = self.sizes[-1][1]
        return height - BOTTOM_MARGIN - max(bottom for _, bottom, _ in self.words[-1]
                                            if bottom <= height - BOTTOM_MARGIN)


#: One word of pdftotext -bbox's XHTML, and one page.
_WORD = re.compile(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">'
                   r'([^<]*)</word>')
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.DOTALL)


def read_pdf(path: Path) -> PdfText:
    """Every page of the PDF at ``path``, in one pdftotext run.

    -raw: the words in the order Chromium wrote them (the page's order), so a point's two
    columns are not interleaved line by line, as poppler's column guessing may do; -bbox:
    each word with its place. The words joined give the same text as pdftotext -raw.
    """
    out = subprocess.run([need("pdftotext"), "-raw", "-bbox", str(path), "-"], check=True,
                         capture_output=True, text=True).stdout
    sizes, words = [], []
    for page in _PAGE.finditer(out):
        sizes.append((float(page[1]), float(page[2])))
        words.append([(float(word[1]), float(word[2]),
                       unicodedata.normalize("NFKC", html.unescape(word[3])))
                      for word in _WORD.finditer(page[3])])
    assert sizes, f"pdftotext read no page from {path}"
    return PdfText(sizes, words)


def pdf_fonts(path) -> set[str]:
    """The font families embedded in the PDF, without subset prefixes and styles."""
    out = subprocess.run([need("pdffonts"), str(path)], check=True, capture_output=True,
                         text=True).stdout
    names = [line.split()[0] for line in out.splitlines()[2:] if line.strip()]
    return {name.split("+")[-1].split("-")[0] for name in names}


def top_of(words: list[tuple[float, str]], phrase: str) -> float | None:
    """Where ``phrase`` starts on the page, or None."""
    wanted = phrase.split()
    text = [word for _, word in words]
    for index in range(len(text) - len(wanted) + 1):
        if text[index:index + len(wanted)] == wanted:
            return words[index][0]
    return None


def print_on(page, artifacts, name: str, paper: str) -> tuple[Path, PdfText]:
    """The sheet on the page saved as PDF on ``paper``, and read back."""
    path = artifacts / f"sheet-{name}-{paper}.pdf"
    page.pdf(path=path, format=paper)
    printed = read_pdf(path)
    width, height = PAPERS[paper]
    # Chromium rounds A4 to inches (8.27 x 11.7), a point or so over 595 x 842.
    assert all(abs(got[0] - width) < 2 and abs(got[1] - height) < 2 for got in printed.sizes), \
        f"{paper}: the PDF's pages are {printed.sizes[0]} points, not {width} x {height}"
    return path, printed


def announced_pages(page) -> str:
    """What the summary page tells the patient on screen about its print ("Your summary
    prints on 2 pages."), read in screen media; the page is left in print media."""
    page.emulate_media(media="screen")
    announced = page.locator(".page-count").inner_text()
    page.emulate_media(media="print")
    return announced


def print_sheet(page, artifacts, name: str) -> dict[str, tuple[Path, PdfText]]:
    """The sheet on the page, saved as PDF on each paper: {paper: (path, its text)}."""
    return {paper: print_on(page, artifacts, name, paper) for paper in PAPERS}


def open_sheet(visit, answers_file, patient: Visit | None = None):
    """The summary page of the patient of ``answers_file``, in print media with its fonts
    loaded: in a fresh browser context, or in ``patient``'s with its cookies cleared (a new
    patient, in a browser that has the app's files cached already)."""
    if patient is None:
        patient = visit()
    else:
        patient.page.context.clear_cookies()
        patient.page.emulate_media(media="screen")
    patient.send_answers(answers_file)
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


def check_top_block(printed: PdfText, path, paper: str, has_flags: bool) -> None:
    """The main concern, the medicine table and the safety flags in the first third of page 1."""
    height, words = printed.sizes[0][1], printed.page_words(1)
    after = top_of(words, "Screening scores") or top_of(words, "What I want to raise,")
    assert after is not None, f"{paper}: the top block does not end on page 1 ({path})"
    assert after <= height / 3, (
        f"{paper}: the top block ends {after / height:.0%} down page 1, below its first "
        f"third ({path})")
    for heading in ("What I most want from this visit", "My medicines",
                    *(["Safety flags"] if has_flags else [])):
        assert (top_of(words, heading) or height) < after, f"{paper}: no {heading!r} ({path})"


#: A sheet ending further down its last A4 page than this is printed on Letter too.
NEARLY_FULL = 0.75


def needs_letter(name: str, on_a4: PdfText) -> bool:
    """Whether a patient's sheet is printed on Letter as well as A4: the heaviest patients,
    and any sheet ending in the last quarter of its last A4 page.

    Letter is 17 points wider than A4 and 50 shorter (6% of the page). Talking points are
    never split, so a shorter page moves at most those 50 points and one point's rest onto
    the next page: where the last A4 page has a quarter of a page free (210 points), Letter
    prints the same number of pages, and what is on it is checked on A4 already. (Every
    fixture printed the same count on both papers when all were printed on both.)
    """
    return name in HEAVIEST_NAMES or on_a4.last_page_filled() > NEARLY_FULL


@dataclass(frozen=True)
class Sheet:
    """What the summary page shows of a patient's sheet, to check each printout against."""

    name: str
    points: list[dict]
    has_flags: bool
    announced: str  # "Your summary prints on 2 pages."
    crisis_line: str


def check_printout(page, artifacts, sheet: Sheet, paper: str) -> tuple[Path, PdfText]:
    """Print the sheet on ``paper`` and check it: the page count the screen gives, one page
    for a light patient and two at most for the rest, only the app's font, nothing of the
    screen, no point split, no "you", the top block first."""
    path, printed = print_on(page, artifacts, sheet.name, paper)
    count = len(printed.pages)
    # The server placed the pages: the count on screen is the PDF's, on each paper.
    assert sheet.announced == f"Your summary prints on {count} page{'s' if count > 1 else ''}.", \
        f"{sheet.name}, {paper}: the screen says {sheet.announced!r}, the PDF has {count} ({path})"
    assert count <= (1 if sheet.name in LIGHT else 2), \
        f"{sheet.name}, {paper}: the sheet takes {count} pages ({path})"
    assert pdf_fonts(path) == {"AtkinsonHyperlegible"}, \
        f"{paper}: fonts other than the app's own were used ({path})"
    check_pages(printed.pages, sheet.points, paper, path)
    check_voice(printed.pages, sheet.crisis_line, paper, path)
    check_top_block(printed, path, paper, sheet.has_flags)
    return path, printed


def patients_to_print(folder: Path) -> list[Path]:
    """The fixture patients whose sheets are printed: every one under CI=true and make
    test-deep; under make test (the "dev" profile) the fewest whose sheets between them show
    every kind of element any fixture's sheet shows, with the heaviest and the light ones."""
    every = sorted(PATIENTS.glob("*.json"))
    if PROFILE != "dev":
        return every
    chosen = {*patients_showing_everything(folder, ("/summary",)), *HEAVIEST,
              *(PATIENTS / f"{name}.json" for name in LIGHT)}
    return [answers_file for answers_file in every if answers_file in chosen]


def test_every_patients_sheet_fits_reads_as_theirs_and_keeps_to_9pt(visit, artifacts, tmp_path):
    """The fixture patients (patients_to_print) on A4, and on Letter where the page count
    could differ: one page for a light patient, two at most for the rest; the page count the
    screen gives is the PDF's; the top block first; no "you"; no text under 9pt; no point
    split."""
    questionnaire = load_questionnaire(QUESTIONS)
    on_letter = set()
    patient = visit()
    for answers_file in patients_to_print(tmp_path):
        name = answers_file.stem
        page = open_sheet(visit, answers_file, patient)
        assert page.evaluate(SMALL_TEXT) == [], f"{name}: print text under 9pt"
        points = page.evaluate(POINTS)
        has_flags = page.locator(".summary-sheet .flags").count() == 1
        announced = announced_pages(page)
        sheet = Sheet(name, points, has_flags, announced, questionnaire.settings.crisis_line)
        _, on_a4 = check_printout(page, artifacts, sheet, "A4")
        if needs_letter(name, on_a4):
            check_printout(page, artifacts, sheet, "Letter")
            on_letter.add(name)
    assert on_letter >= HEAVIEST_NAMES, "the heaviest patients were not printed on Letter"


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
HEAVIEST_NAMES = {path.stem for path in HEAVIEST}


def with_three_more_medicines(patient, folder):
    content = json.loads(patient.read_text())
    content["answers"]["medicine_list"] += THREE_MORE_MEDICINES
    path = folder / f"{patient.stem}-with-three-more-medicines.json"
    path.write_text(json.dumps(content))
    return path


@pytest.mark.parametrize("patient", HEAVIEST, ids=lambda path: path.stem)
def test_the_heaviest_patients_with_three_more_medicines_still_fit_two_pages(
        visit, artifacts, tmp_path, patient):
    page = open_sheet(visit, with_three_more_medicines(patient, tmp_path))
    points = page.evaluate(POINTS)
    assert len(points) >= 10, "a heavy patient should have many talking points"
    announced = announced_pages(page)
    for paper, (path, printed) in print_sheet(page, artifacts,
                                              f"{patient.stem}-plus-three").items():
        count = len(printed.pages)
        assert announced == f"Your summary prints on {count} pages.", \
            f"{paper}: the screen says {announced!r}, the PDF has {count} ({path})"
        assert count <= 2, f"{paper}: the sheet takes {count} pages ({path})"
        check_pages(printed.pages, points, paper, path)


def test_the_print_view_has_no_wcag_problems_and_marks_the_patients_words(visit):
    """axe-core on the sheet in print media; the patient's words are announced as theirs
    and keep their own direction."""
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
    # Each of their words keeps its own direction (an Arabic or Hebrew name), as <bdi>.
    directions = page.eval_on_selector_all(
        ".summary-sheet q", "quotes => quotes.map(q => getComputedStyle(q).unicodeBidi)")
    assert directions and set(directions) == {"plaintext"}, directions


@dataclass(frozen=True)
class Shortened:
    """A shortened sheet as the page gives it, and its PDFs: {paper: (path, text)}."""

    typed: list[str]  # every text the patient typed
    points: list[dict]  # the points printed in full
    safety: list[str]  # the safety points' titles
    more_points: list[str]  # the lines under "More points I want to raise"
    items: list[str]  # the items of the lists that may break between items
    announced: str
    printed: dict[str, tuple[Path, PdfText]]
    violations: list  # axe-core's WCAG violations on the print view


def print_shortened(visit, artifacts, tmp_path, name: str,
                    answers: dict | None = None) -> Shortened:
    """The extreme patient's sheet (or a lighter one's, ``answers``), printed on A4 and
    Letter."""
    questionnaire = load_questionnaire(QUESTIONS)
    answers_file = write_extreme_patient(questionnaire, tmp_path, answers, name)
    given = json.loads(answers_file.read_text())["answers"]
    typed = [given[key] for key in ("visit_goal", "own_questions")]
    typed += [row[key] for row in given["medicine_list"] for key in ("name", "purpose")]
    typed += [night["note"] for night in given.get("sleep_diary", [])]
    page = open_sheet(visit, answers_file)
    assert page.evaluate(SMALL_TEXT) == [], f"{name}: print text under 9pt"
    safety = page.locator(".summary-sheet .point-safety h3").evaluate_all(
        "titles => titles.map(title => title.firstChild.textContent)")
    points, more_points = page.evaluate(POINTS), page.evaluate(MORE_POINTS)
    items = page.evaluate(LIST_ITEMS)
    announced = announced_pages(page)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS},
                                       "resultTypes": ["violations"]})
    violations = [(v["id"], [n["target"] for n in v["nodes"][:3]])
                  for v in results.response["violations"]]
    return Shortened(typed, points, safety, more_points, items, announced,
                     print_sheet(page, artifacts, name), violations)


@pytest.fixture(scope="module")
def printed() -> dict[str, Shortened]:
    """The shortened sheets this module has printed, by name."""
    return {}


def extreme_sheet(printed: dict[str, Shortened], visit, artifacts, tmp_path) -> Shortened:
    """The extreme patient's sheet, printed once for the tests that check it."""
    if "extreme" not in printed:
        printed["extreme"] = print_shortened(visit, artifacts, tmp_path, "extreme")
    return printed["extreme"]


def check_shortened(sheet: Shortened, paper: str) -> PdfText:
    """The page count the screen gives, the top block on page 1, no point split, every
    safety point in full, the note on paper, each listed point once, every typed text in
    full."""
    path, text = sheet.printed[paper]
    count = len(text.pages)
    assert sheet.announced.startswith(f"Your summary prints on {count} pages. The printout "
                                      "is shortened to "), \
        f"{paper}: the screen says {sheet.announced!r}, the PDF has {count} ({path})"
    words = text.page_words(1)
    for phrase in ("What I most want from this visit", "As I wrote it", "Safety flags",
                   "Screening scores", "PHQ-2 (mood):"):
        assert top_of(words, phrase) is not None, f"{paper}: {phrase!r} is not on page 1"
    pages = text.pages
    check_pages(pages, sheet.points, paper, path)
    printed_titles = [plain(point["title"]) for point in sheet.points]
    assert {plain(title) for title in sheet.safety} <= set(printed_titles), \
        f"{paper}: a safety point is not printed in full ({path})"
    everything = " ".join(pages)
    assert "This printout is shortened to " in everything
    assert "The summary on screen has every point in full." in everything
    for line in sheet.more_points:
        assert letters(everything).count(letters(line)) == 1, f"{paper}: {line!r} ({path})"
    missing = [typed for typed in sheet.typed if letters(typed) not in letters(everything)]
    assert not missing, f"{paper}: typed texts not on the sheet in full: {missing} ({path})"
    split = [item for item in sheet.items
             if not any(letters(item) in letters(page) for page in pages)]
    assert not split, f"{paper}: list items split across pages: {split} ({path})"
    return text


def test_the_most_extreme_patient_has_the_top_block_on_page_1_and_every_typed_text(
        visit, artifacts, tmp_path, printed):
    """Every box, 15 medicines and a 14-night diary with every text at its limit, shortened
    as far as it goes: page 1 holds the main concern, the table's start with the line saying
    how many more follow and where, the safety flags and the scores; every safety point in
    full; nothing the patient typed is dropped or cut."""
    sheet = extreme_sheet(printed, visit, artifacts, tmp_path)
    assert sheet.more_points, "the extreme patient's sheet is not shortened"
    assert sheet.violations == []
    for paper in PAPERS:
        text = check_shortened(sheet, paper)
        assert top_of(text.page_words(1), "more medicines follow, under") is not None


def test_the_most_extreme_patient_keeps_to_three_pages(visit, artifacts, tmp_path, printed):
    """English, A4 and Letter: three pages (the shortening's last steps: the lists break
    between items, the key answers and more medicines run on, the chart is left out, the
    space after the top block is drawn tighter), as the screen says, with the margin the
    shortening keeps (MARGIN) left on the last page for Chromium's layout to move in; the
    line in place of the chart and the averages are printed."""
    sheet = extreme_sheet(printed, visit, artifacts, tmp_path)
    for paper, (path, text) in sheet.printed.items():
        count = len(text.pages)
        assert count <= 3, f"{paper}: the extreme patient's sheet takes {count} pages ({path})"
        free = text.last_page_free()
        print(f"extreme sheet, {paper}: {free:.0f} pt free on page {count}")
        assert free >= MARGIN, f"{paper}: {free:.0f} pt left on the last page ({path})"
        everything = " ".join(text.pages)
        assert "This printout leaves out the chart of my nights" in everything, path
        assert "Averages of 14 nights" in everything, path
        assert sheet.announced.startswith(f"Your summary prints on {count} pages. The printout "
                                          "is shortened to fit three pages."), sheet.announced


#: Lighter versions of the extreme patient that the shortening brings to three pages
#: (tests/test_sheet_fit.py): lighter_answers' (typed medicines, long texts cut to, diary
#: nights, typed texts cut to). Step 1; step 2; steps 3 and 4 (the sources briefly, the
#: listed points in two columns); steps 5 to 8 (the typed texts in full in the medicine
#: table, the safety points' why by reference, the diary's formulas in short, the diary
#: compact: its chart with lower rows) with a diary; step 9, "More of my medicines"
#: broken between two rows across pages.
SHORTENED = {"shortened-no-why": (2, 400), "shortened-listed": (4, 100),
             "shortened-two-columns": (8, 400), "shortened-diary": (9, 100, 3, 50),
             "shortened-lists": (9, 100, 7, 50)}


@pytest.mark.parametrize("name", SHORTENED)
def test_a_shortened_sheet_prints_on_three_pages_with_nothing_of_the_patients_cut(
        visit, artifacts, tmp_path, name):
    """A4 and Letter: three pages, as the screen says; the top block on page 1, no point
    split, every safety point in full, the note, every typed text in full; no WCAG problem
    in the print view."""
    answers = lighter_answers(load_questionnaire(QUESTIONS), *SHORTENED[name])
    sheet = print_shortened(visit, artifacts, tmp_path, name, answers)
    assert bool(sheet.more_points) == (name != "shortened-no-why")
    assert sheet.violations == []
    for paper in PAPERS:
        assert len(check_shortened(sheet, paper).pages) == 3


DIARY = PATIENTS / "diary_fourteen_nights_early_waking.json"


def test_a_14_night_diary_prints_its_chart_in_two_pages_and_the_table_when_asked(
        visit, artifacts):
    """Issue 17: the chart and averages of 14 nights within two pages on A4 and Letter, the
    chart's text at 9 pt or more printed, no style or script in it; with the table of nights
    asked for, the page count on screen is still the PDF's."""
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
        announced = announced_pages(page)
        for paper, (path, printed) in print_sheet(page, artifacts, name).items():
            count = len(printed.sizes)
            assert announced == f"Your summary prints on {count} page{'s' if count > 1 else ''}.", \
                f"{name}, {paper}: the screen says {announced!r}, the PDF has {count} ({path})"
            if not asked:
                assert count <= 2, f"{paper}: the diary's sheet takes {count} pages ({path})"
            text = " ".join(printed.pages)
            assert "Averages of 14 nights" in text and ("Average of 14 nights" in text) == asked


@pytest.mark.parametrize("nights", [7, 14])
def test_the_blank_diary_prints_a_page_of_instructions_and_a_page_a_week(visit, artifacts,
                                                                          nights):
    """The blank diary (issue 17), on the paper it is made for: the instructions, then seven
    nights a page."""
    patient = visit()
    for paper in PAPERS:
        patient.go(f"/diary/blank?nights={nights}&paper={paper.lower()}")
        patient.page.emulate_media(media="print")
        path = artifacts / f"blank-diary-{nights}-{paper}.pdf"
        patient.page.pdf(path=path, prefer_css_page_size=True)
        pages = len(read_pdf(path).sizes)
        assert pages == 1 + nights // 7, f"{paper}, {nights} nights: {pages} pages ({path})"
