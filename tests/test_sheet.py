"""The printed sheet, without a browser: its order, its voice and the patient's marked words.

The sheet speaks as the patient to the doctor ("I take ...", "I want to ask: ..."); nothing
on it addresses the patient but the crisis line. What the patient typed is theirs, marked in
the markup and quoted in the text format. The browser tests (tests/browser/test_print.py)
print the same sheet to PDF.
"""

from __future__ import annotations

import io
import json
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES
from extreme_patient import extreme_answers
from flask import render_template
from markupsafe import escape

from webapp.engine.answer_file import read_answers
from webapp.engine.points import row_span, rows_said
from webapp.engine.sheet_text import summary_as_text
from webapp.engine.summary import TABLE_ROWS, TABLE_TEXT, build_summary, shortened
from webapp.engine.words import authored, plain
from webapp.web.cli import summary_command

PATIENTS = FIXTURES / "patients"
STYLE = FIXTURES.parent.parent / "webapp" / "static" / "style.css"
NAMES = sorted(path.stem for path in PATIENTS.glob("*.json"))
#: Words that speak to the patient.
YOU = re.compile(r"\b(?:you|your|yours|yourself)\b", re.IGNORECASE)


def answers(name: str, questionnaire) -> dict:
    read = read_answers((PATIENTS / f"{name}.json").read_bytes(), questionnaire)
    assert read.problems == []
    return read.answers


def html_sheet(name: str, *more: str) -> str:
    result = CliRunner().invoke(summary_command, [str(PATIENTS / f"{name}.json"), "--format",
                                                  "html", *more])
    assert result.exit_code == 0, result.stderr
    return result.stdout


class SheetReader(HTMLParser):
    """The sheet's text outside the patient's words, and each run of their words.

    Only the ``<article class="summary-sheet">``: the page around it is the screen's.
    """

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0  # inside the sheet: element depth from it
        self.theirs_depth = 0
        self.hidden_depth = 0
        self.ours: list[str] = []
        self.theirs: list[str] = []
        self.theirs_labels: list[str] = []  # the hidden words that announce them
        self.boxes: dict[str, list[str]] = {}  # class of a box -> the source numbers it cites
        self.source_items: dict[str, str] = {}  # source number -> its text
        self._box: str | None = None
        self._box_depth = 0
        self._source: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        classes = (found.get("class") or "").split()
        if not self.depth:
            if tag == "article" and "summary-sheet" in classes:
                self.depth = 1
            return
        self.depth += 1
        if self.theirs_depth:
            self.theirs_depth += 1
        elif tag == "q" and "theirs" in classes:
            self.theirs_depth = 1
            self.theirs.append("")
        if self.hidden_depth:
            self.hidden_depth += 1
        elif "visually-hidden" in classes:
            self.hidden_depth = 1
        if self._box:
            self._box_depth += 1
        elif tag == "div" and "shared-note" in classes:
            self._box, self._box_depth = "shared-note", 1
            self.boxes.setdefault(self._box, [])
        href = found.get("href") or ""
        if self._box and tag == "a" and href.startswith("#source-"):
            self.boxes[self._box].append(href.removeprefix("#source-"))
        if tag == "li" and (found.get("id") or "").startswith("source-"):
            self._source = (found.get("id") or "").removeprefix("source-")
            self.source_items[self._source] = ""

    def handle_endtag(self, tag: str) -> None:
        if not self.depth:
            return
        self.depth -= 1
        if self.theirs_depth:
            self.theirs_depth -= 1
        if self.hidden_depth:
            self.hidden_depth -= 1
        if self._box:
            self._box_depth -= 1
            if not self._box_depth:
                self._box = None
        if tag == "li":
            self._source = None

    def handle_data(self, data: str) -> None:
        if not self.depth:
            return
        if self._source:
            self.source_items[self._source] += data
        if self.theirs_depth and self.hidden_depth:
            self.theirs_labels.append(data)
        elif self.theirs_depth:
            self.theirs[-1] += data
        else:
            self.ours.append(data)


def read_sheet(html: str) -> SheetReader:
    reader = SheetReader()
    reader.feed(html)
    assert reader.ours, "the page has no sheet"
    return reader


@pytest.mark.parametrize("name", NAMES)
def test_nothing_on_the_sheet_speaks_to_the_patient_but_the_crisis_line(name, questionnaire):
    """The doctor reads the sheet; the patient can read it aloud as their own."""
    crisis = " ".join(questionnaire.settings.crisis_line.split())
    sheet = read_sheet(html_sheet(name))
    ours = " ".join(" ".join(sheet.ours).split()).replace(crisis, "")
    assert not YOU.findall(ours), [m.group(0) for m in YOU.finditer(ours)] and ours
    text = summary_as_text(build_summary(questionnaire, answers(name, questionnaire)))
    outside = re.sub(r"\u201c[^\u201d]*\u201d|\"[^\"]*\"", "", text).replace(
        questionnaire.settings.crisis_line, "")
    assert not YOU.search(outside), YOU.search(outside)


@pytest.mark.parametrize("name", NAMES)
def test_every_word_the_patient_typed_is_marked_as_theirs(name, questionnaire):
    """Main concern, own questions, medicine names and what they take them for, everywhere."""
    given = answers(name, questionnaire)
    sheet = read_sheet(html_sheet(name))
    theirs = sheet.theirs
    typed = [given[q] for q in ("visit_goal", "own_questions") if given.get(q)]
    for row in given.get("medicine_list", []):
        typed += [row["name"]] + ([row["purpose"]] if row.get("purpose") else [])
    for text in typed:
        assert " ".join(text.split()) in [" ".join(t.split()) for t in theirs], text
    # Not marked only by looks: a screen reader hears whose words they are.
    assert len(sheet.theirs_labels) == len(theirs)
    assert set(sheet.theirs_labels) == {"as I wrote it: "}
    # ... and a typed name inside a talking point is theirs too.
    summary = build_summary(questionnaire, given)
    for point in summary.talking_points:
        for piece in point.say:
            if piece.theirs:
                assert piece.text in theirs


def test_the_top_block_comes_first_in_the_order_a_doctor_reads(questionnaire):
    text = summary_as_text(build_summary(questionnaire, answers("older_adult_benzo_opioid",
                                                                questionnaire)))
    headings = ["What I most want from this visit", "My medicines", "Safety flags",
                "Screening scores", "What I want to raise, in order", "Key answers",
                "My questions", "Sources"]
    places = [text.index(heading) for heading in headings]
    assert places == sorted(places)
    assert "Name: ____" in text and "Date of birth: ____" in text
    assert "Questionnaire version 2026-11." in text


def test_safety_flags_name_the_medicines_and_answers_that_raised_them(questionnaire):
    summary = build_summary(questionnaire, answers("klonopin_and_oxycodone_on_one_line",
                                                   questionnaire))
    flags = {flag.point_id: flag for flag in summary.flags}
    assert list(flags) == ["opioid-with-sedative"]
    assert [p.text for p in flags["opioid-with-sedative"].raised_by if p.theirs] == [
        "Klonopin", "oxycodone"]
    older = build_summary(questionnaire, answers("older_adult_benzo_opioid", questionnaire))
    driving = next(flag for flag in older.flags if flag.point_id == "grogginess-and-driving")
    assert "".join(p.text for p in driving.raised_by) == (
        "Drives or uses machinery: Yes; Effects noticed: Feeling groggy or slow in the morning")
    # Only the safety points the patient kept.
    kept = build_summary(questionnaire, answers("older_adult_benzo_opioid", questionnaire),
                         left_out={"grogginess-and-driving"})
    assert "grogginess-and-driving" not in [flag.point_id for flag in kept.flags]


def test_the_shared_box_cites_exactly_the_sources_of_what_it_says():
    """The "for several points below" box once cited every source of every ``once`` part
    of the points involved: the CDC's naloxone guideline beside stopping a benzodiazepine."""
    sheet = read_sheet(html_sheet("klonopin_and_oxycodone_on_one_line"))
    cited = [sheet.source_items[number] for number in sheet.boxes["shared-note"]]
    assert len(cited) == 1 and "benzodiazepine drug class" in cited[0], cited


@pytest.mark.parametrize(("left_out", "line"), [
    ({"chronic-insomnia"}, "I chose to leave out one point, not a safety point."),
    ({"chronic-insomnia", "opioid-with-sedative"},
     "I chose to leave out two points, one of them a safety point."),
    ({"opioid-with-sedative", "stopping-safely", "sleep-habits"},
     "I chose to leave out three points, two of them safety points."),
])
def test_the_sheet_says_how_many_points_were_left_out(questionnaire, left_out, line):
    summary = build_summary(questionnaire, answers("older_adult_benzo_opioid", questionnaire),
                            left_out=left_out)
    assert summary.left_out_line is not None and summary.left_out_line.text == line
    assert line in summary_as_text(summary)
    assert build_summary(questionnaire, answers("older_adult_benzo_opioid",
                                                questionnaire)).left_out_line is None


def test_a_clinic_can_turn_the_left_out_line_off(tmp_path):
    from webapp.engine.loader import load_questionnaire

    text = (FIXTURES.parent.parent / "questions.yaml").read_text()
    path = tmp_path / "questions.yaml"
    path.write_text(text.replace("  show_left_out: true", "  show_left_out: false", 1))
    questionnaire = load_questionnaire(path)
    summary = build_summary(questionnaire, answers("older_adult_benzo_opioid", questionnaire),
                            left_out={"chronic-insomnia"})
    assert summary.left_out_line is None
    assert "leave out" not in summary_as_text(summary)


def test_a_likely_misspelling_reads_the_same_in_the_table_and_in_the_points(questionnaire):
    given = {"medicine_list": [{"name": "Klonipin"}], "age_band": "age_65_plus"}
    summary = build_summary(questionnaire, given, today=date(2026, 11, 30))
    [row] = summary.medicines
    assert row.recognised_as == "possibly clonazepam, please check"
    said = [point.say_text for point in summary.talking_points]
    assert any("(possibly clonazepam, please check;" in text for text in said), said


def test_a_long_medicine_list_keeps_the_top_block_short_and_drops_nothing(app, questionnaire):
    """The extreme patient: the top block's table holds the first rows, each long name and
    purpose cut at a word, a line says how many more follow and where; every row and every
    full text is still on the sheet, once in full: the table's under "My medicines in full",
    the rest on a line each under "More of my medicines", with their details."""
    summary = build_summary(questionnaire, extreme_answers(questionnaire),
                            today=date(2026, 11, 30))
    count = len(summary.medicines)
    assert count > TABLE_ROWS
    assert summary.table_medicines + summary.more_medicines == summary.medicines
    assert count - TABLE_ROWS == 10  # 15 typed, 3 ticked (doxylamine, kava, cannabidiol)
    assert summary.more_medicines_line == ("Ten more medicines follow, under \u201cMore of my "
                                           "medicines\u201d after the screening scores.")
    cut = [med for med in summary.medicines if not med.ticked]
    assert [number for number, _ in summary.medicines_in_full] == list(range(1, TABLE_ROWS + 1))
    assert all(med.cut and len(med.short_typed) <= TABLE_TEXT + 1 for med in cut)
    with app.test_request_context("/summary"):
        sheet = re.sub(r"\s+", " ", render_template("summary.html", summary=summary))
    # The sheet as the screen shows it: this sheet is shortened for print, where the table
    # gives the texts in full instead (step 5, tests/test_sheet_fit.py).
    sheet = re.sub(r'<span class="print-only"><q class="theirs">.*?</q></span>', "", sheet)
    more, in_full = sheet.index("More of my medicines</h2>"), sheet.index("My medicines in full")
    for number, med in enumerate(summary.medicines, 1):
        where = sheet[in_full:] if number <= TABLE_ROWS else sheet[more:in_full]
        full = f"as I wrote it: </span>{med.typed}</q>"
        assert (full in where) if not med.ticked else (f"</strong> {med.typed}:" in where)
        if not med.ticked:
            assert med.short_typed.endswith("\u2026") and med.typed.startswith(
                med.short_typed[:-1])
            assert f"as I wrote it: </span>{med.purpose}</q>" in where
            assert sheet.count(full) == 1, f"row {number} is given in full more than once"
        if number > TABLE_ROWS:  # its details follow it on its line
            assert escape(f"recognized as {med.recognised_as} ({', '.join(med.classes)})") in where
    assert shortened("Klonopin 0.5mg") == "Klonopin 0.5mg"
    assert shortened("a" * 50) == "a" * TABLE_TEXT + "\u2026"



def test_a_point_naming_many_medicines_names_three_and_gives_the_rest_by_table_row(
        questionnaire):
    """The extreme patient: a flag or point naming more than three medicines names the first
    three and says how many more and on which rows of the numbered list, so the sheet does
    not repeat a long list in every point; a short list of short names is named in full.
    Rows 4-8 are in the table, 9-18 under "More of my medicines": the words say both."""
    summary = build_summary(questionnaire, extreme_answers(questionnaire),
                            today=date(2026, 11, 30))
    text = summary_as_text(summary)
    stopping = next(flag for flag in summary.flags if flag.point_id == "stopping-safely")
    rows = ("15 more of my medicines (rows 4\u201318 in the table and under \u201cMore of my "
            "medicines\u201d)")
    assert plain(stopping.raised_by).startswith(f"clonazepam, zolpidem, oxycodone and {rows}")
    assert TABLE_ROWS == 8 and len(summary.table_medicines) == 8 < len(summary.medicines) == 18
    pregnancy = next(p for p in summary.talking_points if p.id == "pregnancy-and-medicines")
    assert f"and {rows}" in plain(pregnancy.say)
    assert "Doxylamine" not in plain(pregnancy.say)  # row 16, given by its row
    assert '  4. "gabapentin tablets,' in text and "  18. Cannabidiol" in text
    # What the app wrote around the names passes the guardrail's reading as a placeholder.
    assert "{their_words}" in authored(pregnancy.say)
    assert "more of my medicines" not in authored(pregnancy.say)
    # Four short names: shorter named than numbered.
    answers = extreme_answers(questionnaire)
    answers["medicine_list"] = [{**row, "name": row["name"].split()[0]}
                                for row in answers["medicine_list"][:4]]
    answers["otc_aids"] = []
    summary = build_summary(questionnaire, answers)
    stopping = next(flag for flag in summary.flags if flag.point_id == "stopping-safely")
    assert "more of my medicines" not in plain(stopping.raised_by)
    assert "gabapentin" in plain(stopping.raised_by)


@pytest.mark.parametrize("numbers, said", [
    ([4, 5, 6], "3 more of my medicines (rows 4\u20136 in the table)"),
    ([9, 10], "3 more of my medicines (rows 9 and 10 under \u201cMore of my medicines\u201d)"),
    ([7, 8, 9], "3 more of my medicines (rows 7\u20139 in the table and under \u201cMore of "
                "my medicines\u201d)"),
    ([], "3 more of my medicines")])
def test_rows_are_said_where_the_sheet_prints_them(numbers, said):
    """The table holds rows 1-8; the rest are lines under "More of my medicines"."""
    assert rows_said(3, numbers) == said


@pytest.mark.parametrize("numbers, said", [
    ([4], "row 4"), ([4, 5], "rows 4 and 5"), ([4, 5, 6, 7], "rows 4\u20137"),
    ([4, 6, 7, 10, 14, 15], "rows 4, 6, 7, 10, 14 and 15"),
    ([4, 5, 6, 8, 9, 11, 12, 13], "rows 4\u20136, 8, 9 and 11\u201313")])
def test_table_rows_are_said_as_short_spans(numbers, said):
    assert row_span(numbers) == said


class LinkReader(HTMLParser):
    """Each link's accessible name (its aria-label, else its text) and address."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._open: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a" and dict(attrs).get("href"):
            found = dict(attrs)
            self._open = (found["href"] or "", [found["aria-label"] or ""]
                          if found.get("aria-label") else [])
            self._label = bool(found.get("aria-label"))

    def handle_data(self, data: str) -> None:
        if self._open and not self._label:
            self._open[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open:
            self.links.append((" ".join("".join(self._open[1]).split()), self._open[0]))
            self._open = None


@pytest.mark.parametrize("name", NAMES)
def test_links_with_the_same_name_lead_to_the_same_place(name):
    """WCAG 2.4.4: a shortened address ("fda.gov/drugs/.../…") is the same text for two
    sources, so the link's name must tell them apart (the browser audit checks this on the
    pages it reaches; this checks every fixture's sheet)."""
    reader = LinkReader()
    reader.feed(html_sheet(name))
    places: dict[str, set[str]] = {}
    for text, href in reader.links:
        places.setdefault(text, set()).add(href)
    assert reader.links
    assert {text: hrefs for text, hrefs in places.items() if len(hrefs) > 1} == {}


#: A patient who typed in right-to-left scripts: Arabic and Hebrew medicine names and
#: purposes, and a main concern in Arabic ending in a number.
RIGHT_TO_LEFT = {"visit_goal": "أنام أربع ساعات فقط 4",
                 "names": ["زولبيديم 10", "קלונקס"], "purposes": ["للنوم", "לחרדה"]}


def right_to_left_file(tmp_path) -> Path:
    """klonopin_and_oxycodone_on_one_line's answers with the texts of RIGHT_TO_LEFT."""
    content = json.loads((PATIENTS / "klonopin_and_oxycodone_on_one_line.json").read_text())
    given = content["answers"]
    given["visit_goal"] = RIGHT_TO_LEFT["visit_goal"]
    given["medicine_list"] = [dict(given["medicine_list"][0], name=name, purpose=purpose)
                              for name, purpose in zip(RIGHT_TO_LEFT["names"],
                                                       RIGHT_TO_LEFT["purposes"], strict=True)]
    path = tmp_path / "right-to-left.json"
    path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    return path


def test_words_typed_right_to_left_keep_their_direction_apart(tmp_path, wizard):
    """Each text the patient typed is a <q> of its own on the sheet, on check your answers
    and on the talking points, and every <q> keeps the direction of its own first letter
    (CSS unicode-bidi: plaintext, as <bdi>): an Arabic or Hebrew name keeps its direction
    and leaves the English sentence around it ("for", a comma, the details) in its order."""
    path = right_to_left_file(tmp_path)
    result = CliRunner().invoke(summary_command, [str(path), "--format", "html"])
    assert result.exit_code == 0, result.stderr
    sheet = result.stdout
    for text in [RIGHT_TO_LEFT["visit_goal"], *RIGHT_TO_LEFT["names"],
                 *RIGHT_TO_LEFT["purposes"]]:
        shown = sheet.count(str(escape(text)))
        assert shown, text
        assert sheet.count(f"</span>{escape(text)}</q>") == shown, (
            f"{text!r} is on the sheet outside a <q> of its own")
    wizard.submit("/resume", {"answers_file": (io.BytesIO(path.read_bytes()), path.name)},
                  content_type="multipart/form-data")
    check = wizard.client.get("/check").get_data(as_text=True)
    assert f"<q>{escape(RIGHT_TO_LEFT['visit_goal'])}</q>" in check
    css = re.sub(r"/\*.*?\*/", "", STYLE.read_text(), flags=re.DOTALL)
    rules = re.findall(r"(?:^|})\s*([^{}]+?)\s*\{([^}]*)\}", css)
    isolated = [selector for selector, body in rules
                if re.search(r"unicode-bidi:\s*plaintext", body)]
    assert "q" in {part.strip() for selector in isolated for part in selector.split(",")}
