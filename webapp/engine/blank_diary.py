"""The blank sleep diary to print: 7 or 14 nights on A4 or Letter, with the instructions.

A patient fills it in each morning and types it in at one sitting, since a diary spans up
to two weeks and answers are kept for hours. :func:`blank_diary_context` gives everything
``templates/blank_diary.html`` shows; the template adds structure only. ``/diary/blank``
serves it (:mod:`webapp.web.diary`); the wording comes from ``sleep_diary_items.yaml``
(the Consensus Sleep Diary's items and instructions) and :data:`TEXTS`.

The file's texts are translated through the gettext catalog, as questions.yaml's are: Babel
extracts them with their place and kind (:func:`item_texts`, :func:`extract`), the wording
rule checks each translation with its kind (``flask check``,
:mod:`webapp.engine.catalog_texts`), and :func:`diary_items` gives them in the language
spoken.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import IO, Any

import yaml

from .language import N_, current
from .language import gettext as _
from .sleep_diary import english_items

#: How catalog comments name the file: "sleep_diary_items.yaml: items.3.hint".
ITEMS_SOURCE = "sleep_diary_items.yaml: "
NIGHTS = (7, 14)
#: Each paper's name (in English: "Letter" is "carta" in Spanish; "A4" is the same).
PAPERS = {"a4": "A4", "letter": N_("Letter")}
#: Nights on one printed grid page.
NIGHTS_PER_PAGE = 7
#: The page's own words (each checked by the wording rule in tests/test_blank_diary.py),
#: with the kind of text each is.
TEXTS = {
    "title": (N_("Sleep diary"), "title"),
    "intro": (N_("Write in this diary each morning. Bring it to your visit, or enter it in "
                 "Before the Visit at one sitting."), "intro"),
    "how_to_print": (N_("Choose Print in your browser's menu to print this diary."), "intro"),
    "instructions_heading": (N_("How to fill in the diary"), "title"),
    "items_heading": (N_("What each question asks"), "title"),
    "name_label": (N_("Name (optional)"), "label"),
    "night_heading": (N_("Night"), "title"),
}


class BlankDiaryError(ValueError):
    """A blank diary that cannot be made: the message says which ones can."""


def diary_items() -> dict[str, Any]:
    """The Consensus Sleep Diary's items, instructions, formulas and credit
    (sleep_diary_items.yaml) in the language spoken: each text of :func:`item_texts`
    looked up in the catalog (the source, a citation, is never translated)."""
    return _translated_items(current())


@lru_cache(maxsize=4)
def _translated_items(catalog: Any) -> dict[str, Any]:
    return _texts_replaced(english_items(), ())


def _texts_replaced(node: Any, path: tuple[Any, ...]) -> Any:
    if isinstance(node, dict):
        return {key: _texts_replaced(value, path + (key,)) for key, value in node.items()}
    if isinstance(node, list):
        return [_texts_replaced(value, path + (index,)) for index, value in enumerate(node)]
    if isinstance(node, str) and item_kind(path) is not None:
        return _(node)
    return node


def source_names() -> tuple[str, ...]:
    """The diary's source as names its texts may use in any language: the authors, the
    paper's title and its journal ("Consensus Sleep Diary", "Sleep")."""
    source = english_items()["source"]
    return tuple(str(source[key]) for key in ("name", "title", "journal") if key in source)


def item_kind(path: tuple[Any, ...]) -> str | None:
    """The kind of the text at ``path`` in sleep_diary_items.yaml (the key whose sentence
    forms the wording rule allows it), or None for a text that is not translated (the
    source, the original wording kept under ``adapted``, field names and values)."""
    key = path[-1] if path else None
    if path[:1] == ("items",) and key == "label":
        return "option" if "options" in path else "label"
    if path[:1] == ("items",) and key in ("hint", "unit"):
        return str(key)
    if path[:1] == ("instructions",) and key == "text":
        return "intro"
    if path[:1] == ("formulas",) or path in (("credit",), ("formula_line",)):
        return "note"
    return None


def item_texts(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    """(place, text) of every translatable text of sleep_diary_items.yaml's ``data``."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from item_texts(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from item_texts(value, path + (index,))
    elif isinstance(data, str) and item_kind(path) is not None:
        yield path, data


def extract(fileobj: IO[bytes], keywords: Any, comment_tags: Any,
            options: dict[str, Any]) -> Iterator[tuple[int, None, str, list[str]]]:
    """Babel's extractor for sleep_diary_items.yaml (``diary_items`` in babel.cfg): each text
    with its place as the comment, which gives its kind to the wording rule."""
    data = yaml.safe_load(fileobj.read().decode(options.get("encoding", "utf-8")))
    for path, text in item_texts(data):
        yield 0, None, text, [ITEMS_SOURCE + ".".join(map(str, path))]


def blank_diary_context(nights: int = 7, paper: str = "a4",
                        stylesheet_url: str = "blank_diary.css") -> dict[str, Any]:
    """What the blank diary template shows for ``nights`` (7 or 14) on ``paper``
    (``a4`` or ``letter``); ``stylesheet_url`` is where the app serves blank_diary.css."""
    if nights not in NIGHTS:
        raise BlankDiaryError(_("Choose a diary of 7 or 14 nights."))
    if paper not in PAPERS:
        raise BlankDiaryError(_("Choose A4 or Letter paper."))
    data = diary_items()
    pages = [list(range(first, min(first + NIGHTS_PER_PAGE, nights + 1)))
             for first in range(1, nights + 1, NIGHTS_PER_PAGE)]
    return {
        "nights": nights,
        "paper": paper,
        "paper_name": _(PAPERS[paper]),
        "page_title": _("%(title)s, %(nights)s nights, %(paper)s", title=_(TEXTS["title"][0]),
                        nights=nights, paper=_(PAPERS[paper])),
        "pages": pages,
        "items": [{"field": item["field"], "number": item.get("number"),
                   "label": item["label"], "hint": item["hint"], "unit": item.get("unit"),
                   "options": item.get("options", [])} for item in data["items"]],
        "instructions": [instruction["text"] for instruction in data["instructions"]],
        "credit": data["credit"],
        "source": data["source"],
        "texts": {key: _(text) for key, (text, _kind) in TEXTS.items()},
        "grid_captions": [_("%(title)s: nights %(first)s to %(last)s", title=_(TEXTS["title"][0]),
                            first=page[0], last=page[-1]) for page in pages],
        "stylesheet_url": stylesheet_url,
    }
