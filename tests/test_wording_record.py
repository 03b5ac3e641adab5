"""The wording rule reads every text at a start only when something it depends on changed.

A start whose questionnaire, catalogs and rule are those of a start that passed skips the
rule (each gunicorn worker paid about 1.5 s of processor time for it); a changed text,
catalog or rule is read again and a refused text still stops the start.
"""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path
from typing import Any

import pytest
from conftest import QUESTIONS
from flask import Flask

from webapp import QuestionnaireError, create_app
from webapp.engine import catalog_texts, loader, wording_record
from webapp.web import locale

#: A talking point's raise in the shipped file, and an order to stop in its place.
GOOD_RAISE = "raise: Tell your doctor that you take {medicines}."
ORDER = "raise: Stop taking {medicines}."


def questions_copy(folder: Path) -> Path:
    """The shipped questionnaire with a comment of its own: no earlier start's record, and
    nothing this test process remembers of it, applies to it."""
    path = folder / "questions.yaml"
    path.write_text(QUESTIONS.read_text(encoding="utf-8") + f"\n# {uuid.uuid4().hex}\n",
                    encoding="utf-8")
    return path


def start(questions: Path, records: Path, instance: Path) -> Flask:
    return create_app({"TESTING": True, "SECRET_KEY": "x", "QUESTIONS_FILE": str(questions),
                       "INSTANCE_PATH": str(instance), "CHECKED_WORDING_DIR": str(records)})


@pytest.fixture
def readings(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How many times the rule read the questionnaire's texts, and the catalogs'."""
    counts = {"questionnaire": 0, "catalogs": 0}
    check_wording, catalog_problems = loader._check_wording, locale.catalog_problems

    def counted_questionnaire(*args: Any) -> None:
        counts["questionnaire"] += 1
        check_wording(*args)

    def counted_catalogs(*args: Any) -> Any:
        counts["catalogs"] += 1
        return catalog_problems(*args)

    monkeypatch.setattr(loader, "_check_wording", counted_questionnaire)
    monkeypatch.setattr(locale, "catalog_problems", counted_catalogs)
    return counts


def test_a_second_start_with_the_same_inputs_skips_the_wording_rule(tmp_path, readings):
    questions, records = questions_copy(tmp_path), tmp_path / "records"
    first = start(questions, records, tmp_path / "first")
    assert readings == {"questionnaire": 1, "catalogs": 1}
    assert len(list(records.iterdir())) == 1
    second = start(questions, records, tmp_path / "second")
    assert readings == {"questionnaire": 1, "catalogs": 1}, "the second start read them again"
    assert second.extensions["questionnaires"] == first.extensions["questionnaires"]
    assert second.extensions["catalogs"]["es"].gettext(GOOD_RAISE.removeprefix("raise: ")) \
        == "Dígale a su médico que toma {medicines}."


def test_the_record_is_kept_in_the_instance_folder_unless_set(tmp_path, monkeypatch):
    monkeypatch.delenv("BTV_CHECKED_WORDING_DIR", raising=False)
    create_app({"TESTING": True, "SECRET_KEY": "x", "INSTANCE_PATH": str(tmp_path),
                "QUESTIONS_FILE": str(questions_copy(tmp_path))})
    assert [path.name[:15] for path in (tmp_path / "checked-wording").iterdir()] \
        == ["wording-passed-"]


def test_a_changed_text_is_read_again_and_refused(tmp_path, readings):
    questions, records = questions_copy(tmp_path), tmp_path / "records"
    start(questions, records, tmp_path / "first")
    text = questions.read_text(encoding="utf-8")
    assert GOOD_RAISE in text
    questions.write_text(text.replace(GOOD_RAISE, ORDER, 1), encoding="utf-8")
    with pytest.raises(QuestionnaireError, match=r"talking_points\[0\]\.raise"):
        start(questions, records, tmp_path / "second")
    assert readings["questionnaire"] == 2
    assert len(list(records.iterdir())) == 1, "a refused text was recorded as passed"


def test_a_changed_catalog_is_read_again_and_refused(tmp_path, monkeypatch, readings):
    translations = tmp_path / "translations"
    shutil.copytree(catalog_texts.TRANSLATIONS / "es", translations / "es",
                    ignore=shutil.ignore_patterns("*.mo"))
    monkeypatch.setattr(catalog_texts, "TRANSLATIONS", translations)
    questions, records = questions_copy(tmp_path), tmp_path / "records"
    start(questions, records, tmp_path / "first")
    with (translations / "es" / "LC_MESSAGES" / "messages.po").open("a") as catalog:
        catalog.write('\n#. questions.yaml: talking_points.0.raise\n'
                      'msgid "A text added to the catalog."\n'
                      'msgstr "Deje de tomar {medicines}."\n')
    with pytest.raises(QuestionnaireError, match=r"talking_points\[0\]\.raise"):
        start(questions, records, tmp_path / "second")
    assert readings["catalogs"] == 2


def test_a_change_to_the_rule_gives_another_digest(tmp_path, monkeypatch):
    engine = tmp_path / "engine"
    shutil.copytree(wording_record.ENGINE, engine,
                    ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(wording_record, "ENGINE", engine)
    wording_record._checker_digest.cache_clear()
    text, catalogs = QUESTIONS.read_text(encoding="utf-8"), locale.checked_catalogs()
    try:
        before = wording_record.wording_digest(text, catalogs)
        assert wording_record.wording_digest(text, catalogs) == before
        with (engine / "forbidden.py").open("a") as rule:
            rule.write("\n# a changed rule\n")
        wording_record._checker_digest.cache_clear()
        assert wording_record.wording_digest(text, catalogs) != before
    finally:
        wording_record._checker_digest.cache_clear()


def test_a_folder_that_cannot_keep_the_record_only_costs_the_check(tmp_path, readings):
    questions, not_a_folder = questions_copy(tmp_path), tmp_path / "a-file"
    not_a_folder.write_text("")
    start(questions, not_a_folder, tmp_path / "first")
    start(questions, not_a_folder, tmp_path / "second")
    # Both starts read the texts (the questionnaire's reading, once a process, is remembered
    # in memory as before: see loader.parse_questionnaire).
    assert readings["catalogs"] == 2 and not_a_folder.is_file()
