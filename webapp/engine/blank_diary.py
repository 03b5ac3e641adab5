"""The blank sleep diary to print: 7 or 14 nights on A4 or Letter, with the instructions.

A patient fills it in each morning and types it in at one sitting, since a diary spans up
to two weeks and answers are kept for hours. :func:`blank_diary_context` gives everything
``templates/blank_diary.html`` shows; the template adds structure only. ``/diary/blank``
serves it (:mod:`webapp.web.diary`); the wording comes from ``sleep_diary_items.yaml``
(the Consensus Sleep Diary's items and instructions) and :data:`TEXTS`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

ITEMS_FILE = Path(__file__).with_name("sleep_diary_items.yaml")
NIGHTS = (7, 14)
PAPERS = {"a4": "A4", "letter": "Letter"}
#: Nights on one printed grid page.
NIGHTS_PER_PAGE = 7
#: The page's own words (each checked by the wording rule in tests/test_blank_diary.py),
#: with the kind of text each is.
TEXTS = {
    "title": ("Sleep diary", "title"),
    "intro": ("Write in this diary each morning. Bring it to your visit, or enter it in "
              "Before the Visit at one sitting.", "intro"),
    "how_to_print": ("Choose Print in your browser's menu to print this diary.", "intro"),
    "instructions_heading": ("How to fill in the diary", "title"),
    "items_heading": ("What each question asks", "title"),
    "name_label": ("Name (optional)", "label"),
    "night_heading": ("Night", "title"),
}


class BlankDiaryError(ValueError):
    """A blank diary that cannot be made: the message says which ones can."""


@lru_cache(maxsize=1)
def diary_items() -> dict[str, Any]:
    """The Consensus Sleep Diary's items, instructions and credit (sleep_diary_items.yaml)."""
    data: dict[str, Any] = yaml.safe_load(ITEMS_FILE.read_text(encoding="utf-8"))
    return data


def blank_diary_context(nights: int = 7, paper: str = "a4",
                        stylesheet_url: str = "blank_diary.css") -> dict[str, Any]:
    """What the blank diary template shows for ``nights`` (7 or 14) on ``paper``
    (``a4`` or ``letter``); ``stylesheet_url`` is where the app serves blank_diary.css."""
    if nights not in NIGHTS:
        raise BlankDiaryError("Choose a diary of 7 or 14 nights.")
    if paper not in PAPERS:
        raise BlankDiaryError("Choose A4 or Letter paper.")
    data = diary_items()
    pages = [list(range(first, min(first + NIGHTS_PER_PAGE, nights + 1)))
             for first in range(1, nights + 1, NIGHTS_PER_PAGE)]
    return {
        "nights": nights,
        "paper": paper,
        "paper_name": PAPERS[paper],
        "pages": pages,
        "items": [{"field": item["field"], "number": item.get("number"),
                   "label": item["label"], "hint": item["hint"], "unit": item.get("unit"),
                   "options": item.get("options", [])} for item in data["items"]],
        "instructions": [instruction["text"] for instruction in data["instructions"]],
        "credit": data["credit"],
        "source": data["source"],
        "texts": {key: text for key, (text, _) in TEXTS.items()},
        "stylesheet_url": stylesheet_url,
    }
