"""`flask check` and the app's start hold every catalog to its language's wording rule.

A translated talking point that tells the patient to stop a medicine, or a catalog in a
language the rule cannot read, is refused by `flask check` (exit 1, the YAML path named)
and the app refuses to start on it, as on an English text.
"""

from __future__ import annotations

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po
from click.testing import CliRunner
from conftest import QUESTIONS

from webapp import QuestionnaireError, create_app
from webapp.engine import catalog_texts
from webapp.web.cli import check_command


def write_catalog(folder, code: str, raise_text: str) -> None:
    catalog = Catalog(locale=code if code != "xx" else None)
    catalog.add("Tell your doctor that you take {medicines}.", raise_text,
                auto_comments=["questions.yaml: talking_points.0.raise"])
    place = folder / code / "LC_MESSAGES"
    place.mkdir(parents=True)
    with (place / "messages.po").open("wb") as file:
        write_po(file, catalog)


@pytest.fixture
def translations(tmp_path, monkeypatch):
    folder = tmp_path / "translations"
    folder.mkdir()
    monkeypatch.setattr(catalog_texts, "TRANSLATIONS", folder)
    return folder


def test_the_shipped_catalog_passes_flask_check():
    result = CliRunner().invoke(check_command, [str(QUESTIONS)])
    assert result.exit_code == 0, result.output
    assert "es/LC_MESSAGES/messages.po: OK" in result.output


def test_a_translation_that_orders_a_stop_is_refused_by_check_and_at_start(translations,
                                                                          tmp_path):
    write_catalog(translations, "es", "Deje de tomar {medicines}.")
    result = CliRunner().invoke(check_command, [str(QUESTIONS)])
    assert result.exit_code == 1
    assert "messages.po: " in result.output and " problem" in result.output
    assert "talking_points[0].raise" in result.output
    with pytest.raises(QuestionnaireError, match=r"talking_points\[0\]\.raise"):
        create_app({"TESTING": True, "SECRET_KEY": "x", "INSTANCE_PATH": str(tmp_path)})


def test_a_catalog_in_a_language_without_rules_is_refused(translations):
    write_catalog(translations, "fr", "Dites à votre médecin que vous prenez {medicines}.")
    result = CliRunner().invoke(check_command, [str(QUESTIONS)])
    assert result.exit_code == 1
    assert "'fr', a language the wording rule has no rules for" in result.output
