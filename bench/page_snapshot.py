"""Every page state for every fixture patient, written to a folder to diff before and after a
refactoring: ``python -m bench.page_snapshot OUT`` then ``diff -r BEFORE AFTER``.

For each patient in tests/fixtures/patients (and a patient with no answers yet) it loads the
answers file as "Continue from a saved file" does, then visits the start, check, talking
points, summary, delete and download pages, and each question page: as it is, after "Change"
(``?return=check``), and after pressing each of its buttons (Continue, Save and add more rows,
Remove) with the form as the browser would send it (every shown field with its value). Each
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
