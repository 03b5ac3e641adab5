"""Every page state for every fixture patient, written to a folder to diff before and after a
refactoring: ``python -m bench.page_snapshot OUT`` then ``diff -r BEFORE AFTER``.

For each patient in tests/fixtures/patients (and a patient with no answers yet) it loads the
answers file as "Continue from a saved file" does, then visits the start, check, talking
points, summary, delete and download pages, and each question page: as it is, after "Change"
(``?return=check``), and after pressing each of its buttons (Continue, Save and add more rows,
Remove) with the form as the browser would send it (every shown field with its value); and
the sleep diary's own pages: each night's, refused nights, saving and removing one, the
blank diaries (:func:`each_diary_state`). Each
response is kept with its status, its redirect target and the page a redirect lands on (its
notices). The CSRF token is the one thing that changes between runs; it is written as
``token``. A second, blank patient walks the questionnaire from the first page, pressing
Continue on each page with the fixture's answers, to follow the wizard's own path.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
import tempfile
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.datastructures import MultiDict
from werkzeug.test import TestResponse

from webapp import create_app
from webapp.engine.question_types import diaries

ROOT = Path(__file__).resolve().parent.parent
PATIENTS = ROOT / "tests" / "fixtures" / "patients"
QUESTIONS = ROOT / "questions.yaml"
_TOKEN = re.compile(r'(name="csrf_token" type="hidden" value=")[^"]*(")')


class FormReader(HTMLParser):
    """What a browser sends for the page's form: each named control with its value, and the
    page's submit buttons as (name, value)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fields: list[tuple[str, str]] = []
        self.buttons: list[tuple[str, str]] = []
        self.names: set[str] = set()  # every control's name, filled in or not
        self._textarea: str | None = None
        self._text: list[str] = []
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {key: value or "" for key, value in attrs}
        name = found.get("name")
        if name and tag in ("input", "textarea", "select"):
            self.names.add(name)
        if tag == "input" and name:
            kind = found.get("type", "text")
            if kind in ("radio", "checkbox"):
                if "checked" in found:
                    self.fields.append((name, found.get("value", "on")))
            elif kind != "file":
                self.fields.append((name, found.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in found:
            self.fields.append((self._select, found.get("value", "")))
        elif tag == "button" and name and (name, found.get("value", "")) not in self.buttons:
            self.buttons.append((name, found.get("value", "")))

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self._textarea is not None:
            text = "".join(self._text)
            self.fields.append((self._textarea, text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "select":
            self._select = None


def read_form(html: str) -> FormReader:
    reader = FormReader()
    reader.feed(html)
    return reader


def describe(method: str, path: str, response: TestResponse) -> str:
    """The response as text: method, address, status, redirect target, then the page."""
    head = f"{method} {path}\nstatus: {response.status_code}\n"
    if response.location:
        head += f"location: {response.location}\n"
    kind = response.mimetype or ""
    body = response.get_data(as_text=True) if kind.startswith(("text/", "application/json")) \
        else f"<{len(response.get_data())} bytes of {kind}>"
    if "Content-Disposition" in response.headers:
        head += "content-disposition: (dated)\n"
    return head + "\n" + _TOKEN.sub(r"\1token\2", body)


class Visitor:
    """One patient's browser (a test client) writing each response it gets to a folder."""

    def __init__(self, app: Flask, out: Path) -> None:
        self.client: FlaskClient = app.test_client()
        self.out = out
        self.count = 0
        out.mkdir(parents=True, exist_ok=True)

    def _keep(self, label: str, method: str, path: str, response: TestResponse) -> None:
        self.count += 1
        name = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
        (self.out / f"{self.count:03d}-{name}.txt").write_text(describe(method, path, response))

    def get(self, path: str, label: str | None = None) -> TestResponse:
        response = self.client.get(path)
        self._keep(label or f"get {path}", "GET", path, response)
        return response

    def post(self, path: str, data: Any, label: str, **kwargs: Any) -> TestResponse:
        form = MultiDict(data) if isinstance(data, list) else data
        response = self.client.post(path, data=form, **kwargs)
        self._keep(label, "POST", path, response)
        if response.status_code in (302, 303) and response.location:
            self.get(response.location, f"{label} then")
        return response

    def token(self) -> str:
        html = self.client.get("/resume").get_data(as_text=True)
        found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
        assert found, "no CSRF token on /resume"
        return found.group(1)

    def load(self, answers: bytes, keep: bool = True) -> None:
        """Continue from a saved answers file, as the start page offers (``keep``: write the
        responses down)."""
        data = {"csrf_token": self.token(),
                "answers_file": (io.BytesIO(answers), "answers.json")}
        if keep:
            self.post("/resume", data, "resume", content_type="multipart/form-data")
            return
        response = self.client.post("/resume", data=data, content_type="multipart/form-data")
        assert response.status_code in (200, 302), f"resume: {response.status_code}"

    def press(self, path: str, html: str, button: tuple[str, str], label: str) -> TestResponse:
        """Submit the form on ``html`` (as shown) with ``button``."""
        form = read_form(html)
        return self.post(path, [*form.fields, button], label)


def each_page_state(app: Flask, out: Path, answers: bytes) -> None:
    """A patient's every page as loaded from ``answers``, and each button on each page."""
    questionnaire = app.extensions["questionnaire"]
    first = Visitor(app, out)
    first.load(answers)
    for path in ("/", "/check", "/talking-points", "/summary", "/delete", "/download"):
        first.get(path)
    for page in questionnaire.pages:
        visitor = Visitor(app, out / page.id)
        visitor.load(answers, keep=False)
        for path in (f"/page/{page.id}", f"/page/{page.id}?return=check"):
            html = visitor.get(path).get_data(as_text=True)
            for button in read_form(html).buttons:
                visitor.load(answers, keep=False)
                visitor.press(path, html, button, f"press {button[0]} {button[1]} on {path}")


#: Nights typed on the night page that the diary refuses, one for each kind of message:
#: times it cannot read or out of range, minutes not digits, a morning still to come,
#: minutes that do not fit, times out of order, minutes awake with no awakening, a time
#: typed too long, a comment too long, and no quality.
REFUSED_NIGHTS = {
    "unreadable": {"date-day": "31", "date-month": "2", "date-year": "2026", "in_bed": "soon",
                   "tried_sleep": "25:00", "sol_min": "ten", "awakenings": "-1",
                   "waso_min": "1.5", "final_wake": "12pm", "out_of_bed": "7.5", "note": ""},
    "later": {"date-day": "1", "date-month": "1", "date-year": "2099", "in_bed": "10pm",
              "tried_sleep": "10:30pm", "sol_min": "400", "awakenings": "0", "waso_min": "30",
              "final_wake": "6am", "out_of_bed": "6:30am", "quality": "good",
              "note": "x" * 201},
    "order": {"date-day": "2", "date-month": "1", "date-year": "2026", "in_bed": "23:10",
              "tried_sleep": "22:50", "sol_min": "10", "awakenings": "1", "waso_min": "5",
              "final_wake": "13:00", "out_of_bed": "14:00", "quality": "fair"},
    "too long": {"date-day": "3", "date-month": "1", "date-year": "2026",
                 "in_bed": "half past ten at night", "tried_sleep": "midnight",
                 "sol_min": "0", "awakenings": "0", "waso_min": "0", "final_wake": "noon",
                 "out_of_bed": "noon", "quality": "very_good"},
}


def each_diary_state(app: Flask, out: Path, answers: bytes) -> None:
    """The sleep diary's own pages for a patient loaded from ``answers``: each night's page
    and a new night's, each refused night (:data:`REFUSED_NIGHTS`), a night saved, the
    remove page and a night removed, the diary when full, and every blank diary."""
    visitor = Visitor(app, out)
    visitor.load(answers, keep=False)
    saved = json.loads(answers).get("answers", {})
    nights = max((len(saved.get(question.id) or []) for question, _settings
                  in diaries(app.extensions["questionnaire"].all_questions)), default=0)
    for number in range(1, nights + 1):
        visitor.get(f"/diary/night/{number}")
    # a new night's page, or, when the diary is full, the diary's page saying so
    response = visitor.get(f"/diary/night/{nights + 1}", "new night")
    if response.location:
        visitor.get(response.location, "new night then")
    html = visitor.client.get("/diary/night/1").get_data(as_text=True)
    token = [(name, value) for name, value in read_form(html).fields if name == "csrf_token"]
    for label, typed in REFUSED_NIGHTS.items():
        visitor.post("/diary/night/1", [*token, *typed.items(), ("continue", "1")],
                     f"refused {label}")
    if nights:
        html = visitor.get("/diary/night/1").get_data(as_text=True)
        visitor.press("/diary/night/1", html, ("continue", "1"), "save night 1 unchanged")
        if nights > 1:  # the second night given the first one's date
            html = visitor.get("/diary/night/2").get_data(as_text=True)
            form = read_form(html)
            first = dict(read_form(visitor.client.get("/diary/night/1").get_data(
                as_text=True)).fields)
            fields = [(name, first[name] if name.startswith("date-") else value)
                      for name, value in form.fields]
            visitor.post("/diary/night/2", [*fields, ("continue", "1")], "date taken")
        html = visitor.get(f"/diary/night/{nights}/remove").get_data(as_text=True)
        visitor.press(f"/diary/night/{nights}/remove", html, ("remove", "1"), "remove a night")
        visitor.load(answers, keep=False)
        response = visitor.get(f"/diary/night/{nights + 2}", "a night past the next")
        if response.location:
            visitor.get(response.location, "a night past the next then")
    for query in ("", "?nights=14&paper=letter", "?nights=7&paper=letter",
                  "?nights=14&paper=a4", "?nights=10&paper=a5"):
        visitor.get(f"/diary/blank{query}")


def walk_from_the_start(app: Flask, out: Path, answers: dict[str, Any]) -> None:
    """A new patient pressing Continue page after page, answering as ``answers`` says."""
    visitor = Visitor(app, out)
    visitor.get("/")
    path = "/page/" + app.extensions["questionnaire"].pages[0].id
    for _ in range(60):
        if not path.startswith("/page/"):
            break
        html = visitor.get(path).get_data(as_text=True)
        form = read_form(html)
        fields = [(name, value) for name, value in form.fields if name == "csrf_token"]
        fields += list(_answer_fields(answers, form))
        response = visitor.post(path, [*fields, ("continue", "1")], f"continue on {path}")
        if response.status_code != 302:
            break
        path = response.location
    for page_path in ("/check", "/talking-points", "/summary"):
        visitor.get(page_path)


def _answer_fields(answers: dict[str, Any], form: FormReader) -> Iterator[tuple[str, str]]:
    """The form fields for ``answers``, only for the controls the page shows."""
    names = form.names
    for qid, value in answers.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            for index, row in enumerate(value):
                for key, item in row.items():
                    name = f"{qid}-{index}-{key}"
                    if name in names:
                        yield name, str(item)
        elif qid in names or any(name.startswith(f"{qid}-") for name in names):
            for item in value if isinstance(value, list) else [value]:
                yield qid, str(item)


def snapshot(out: Path, patients: list[Path]) -> int:
    """Write every page state of ``patients`` under ``out``; the number of files written."""
    with tempfile.TemporaryDirectory() as instance:
        app = create_app({"TESTING": True, "SECRET_KEY": "snapshot", "INSTANCE_PATH": instance,
                          "QUESTIONS_FILE": str(QUESTIONS)})
        blank = json.dumps({"format": "before-the-visit/answers", "version": 1,
                            "answers": {}}).encode()
        each_page_state(app, out / "no-answers", blank)
        for patient in patients:
            raw = patient.read_bytes()
            each_page_state(app, out / patient.stem / "loaded", raw)
            each_diary_state(app, out / patient.stem / "diary", raw)
            walk_from_the_start(app, out / patient.stem / "walked",
                                json.loads(raw)["answers"])
    return sum(1 for _ in out.rglob("*.txt"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="an empty or new folder")
    parser.add_argument("patients", nargs="*", type=Path,
                        help="answers files (default: every fixture patient)")
    args = parser.parse_args(argv)
    if args.out.exists() and any(args.out.iterdir()):
        parser.error(f"{args.out} is not empty")
    written = snapshot(args.out, args.patients or sorted(PATIENTS.glob("*.json")))
    print(f"{written} responses written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
