"""A translated catalog's questionnaire texts, each as the app writes it, for the wording rule.

Each message the questions.yaml extractor wrote carries its YAML paths as comments
("questions.yaml: talking_points.3.raise"); the path gives the text's kind, as
:func:`webapp.loader.text_kind` gives it for the English file, so a Spanish ``raise`` is held
to the forms of a raise and a ``say`` to the first person. An option's ``phrase`` and ``say``
are checked in the sentence they complete, as :func:`webapp.loader.wording_texts` does in
English ("Usted dijo que ...", "Dije que ...").

The sleep diary's Consensus Sleep Diary texts (``sleep_diary_items.yaml``, extracted by
:func:`webapp.engine.blank_diary.extract`) are read the same way, each with the kind its
place gives (:func:`webapp.engine.blank_diary.item_kind`), and named by that place.

Messages with a context (msgctxt) are published instruments' items: their wording is the
publisher's (``webapp/translations/instruments_es.yaml``), not ours, and is left out here.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from .blank_diary import ITEMS_SOURCE, item_kind, source_names
from .guardrail import LANGUAGES, message, problems_in
from .loader import text_kind
from .problems import Problem
from .spanish_words import name_words

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
SOURCE_COMMENT = "questions.yaml: "

#: The sentences an option's phrase and say complete, per language (the English ones are
#: :func:`webapp.loader.wording_texts`'s). The phrase and say are written in lower case.
WRAPPERS = {"es": ("Usted dijo que {}.", "Dije que {}.")}


class CatalogText(NamedTuple):
    """One translated text: its YAML path, its kind, and the text as the app writes it."""

    where: tuple[str | int, ...]
    kind: str
    text: str


def catalog_path(language: str) -> Path:
    """Where the gettext catalog of ``language`` is kept."""
    return TRANSLATIONS / language / "LC_MESSAGES" / "messages.po"



def read_catalog(language: str) -> Catalog:
    """The catalog of ``language``, read from its .po file."""
    with catalog_path(language).open("rb") as file:
        return read_po(file)


def yaml_path(comment: str) -> tuple[str | int, ...] | None:
    """The YAML path in an extractor comment, or None for any other comment."""
    if not comment.startswith(SOURCE_COMMENT):
        return None
    return tuple(int(part) if part.isdigit() else part
                 for part in comment.removeprefix(SOURCE_COMMENT).split("."))


def diary_item_path(comment: str) -> tuple[str | int, ...] | None:
    """The place in sleep_diary_items.yaml in an extractor comment, or None."""
    if not comment.startswith(ITEMS_SOURCE):
        return None
    return tuple(int(part) if part.isdigit() else part
                 for part in comment.removeprefix(ITEMS_SOURCE).split("."))


def translated_texts(catalog: Catalog, language: str) -> Iterator[CatalogText]:
    """Every translated questionnaire and diary-item text of ``catalog``, once for each
    place it is used."""
    phrase_form, say_form = WRAPPERS[language]
    for entry in catalog:
        if not entry.id or entry.context or not isinstance(entry.string, str):
            continue
        for comment in entry.auto_comments:
            item = diary_item_path(comment)
            kind = item_kind(item) if item is not None else None
            if item is not None and kind is not None:
                yield CatalogText(("sleep_diary_items", *item), kind, entry.string)
                continue
            where = yaml_path(comment)
            if where is None:
                continue
            key = str(where[-1])
            text, kind = entry.string, text_kind(where[:-1], key)
            if key == "phrase":
                text, kind = phrase_form.format(_lower_first(entry.string)), "raise"
            elif key == "say" and "options" in where:
                text = say_form.format(_lower_first(entry.string))
            yield CatalogText(where, kind, text)


def wording_problems(catalog: Catalog, language: str,
                     names: frozenset[str]) -> list[tuple[str, str]]:
    """(YAML path, plain-words problem) for each translated text the wording rule refuses.

    ``names`` are the questionnaire's (:attr:`Questionnaire.wording_names`); the diary's
    items may also name their own source, whatever the questionnaire.
    """
    found = []
    diary_names = names | name_words(source_names())
    for where, kind, text in translated_texts(catalog, language):
        allowed = diary_names if where[:1] == ("sleep_diary_items",) else names
        for problem in problems_in(text, kind, allowed, language=language):
            found.append((".".join(map(str, where)), message(problem, kind, language)))
    return found


def catalog_languages() -> list[str]:
    """The languages that have a catalog under webapp/translations, in order."""
    return sorted(path.parent.parent.name
                  for path in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"))


def catalog_problems(language: str, names: frozenset[str]) -> list[Problem]:
    """Every problem with the catalog of ``language``: a language the wording rule has no
    rules for, or a translated text the rule refuses, each placed at its YAML path.

    Read again only when the catalog file changes: tests make hundreds of apps.
    """
    path = catalog_path(language)
    changed = path.stat().st_mtime_ns if path.exists() else 0
    return list(_catalog_problems(language, path, changed, names))


@lru_cache(maxsize=8)
def _catalog_problems(language: str, path: Path, _changed: int,
                      names: frozenset[str]) -> tuple[Problem, ...]:
    if language not in LANGUAGES:
        return (Problem((), None, f"The catalog is in {language!r}, a language the wording "
                                  f"rule has no rules for (it knows {', '.join(LANGUAGES)}). "
                                  f"Remove it, or add that language's rules first."),)
    if not path.exists():
        return ()
    with path.open("rb") as file:
        catalog = read_po(file)
    return tuple(Problem(tuple(int(part) if part.isdigit() else part for part in where.split(".")),
                    None, text)
            for where, text in wording_problems(catalog, language, names))


def _lower_first(text: str) -> str:
    """A label reused as a say ("Estoy embarazada") completes a sentence in lower case."""
    return text[:1].lower() + text[1:]
