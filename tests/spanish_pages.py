"""What a Spanish page says, without the words that stay English on purpose.

Kept apart from the tests so the no-English test and the Spanish walks read one way: the
page's text without elements marked ``lang="en"`` (a published instrument's items kept in
English, the "English" link), the patient's own words (quoted, typed into fields, or given
in their answers file), the sources' published titles and addresses, and scripts.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from webapp.engine.catalog_texts import read_catalog
from webapp.engine.spanish_words import ENGLISH_WORDS

#: Elements whose text is not the app's Spanish: the patient's words and the citations.
_SKIPPED_TAGS = {"q", "textarea", "script", "style", "title"}
_SKIPPED_CLASSES = {"sources", "source", "theirs"}
_VOID = {"input", "br", "img", "meta", "link", "hr", "col", "source", "wbr"}


class PageText(HTMLParser):
    """The visible text of a page outside English-marked and the patient's own elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang: str | None = None
        self.parts: list[str] = []
        self._skipping: list[str] = []  # open tags, while inside a skipped element

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "html":
            self.lang = found.get("lang")
            return
        if tag in _VOID:
            return
        if self._skipping:
            self._skipping.append(tag)
            return
        classes = set((found.get("class") or "").split())
        marked_english = found.get("lang") == "en" and tag != "html"  # the page's own
        if tag in _SKIPPED_TAGS or marked_english or classes & _SKIPPED_CLASSES:
            self._skipping.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._skipping and tag not in _VOID:
            self._skipping.pop()

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


def page_text(html: str) -> PageText:
    """Read a page: its ``<html lang>`` and its text (see :class:`PageText`)."""
    reader = PageText()
    reader.feed(html)
    reader.close()
    return reader


CATALOG = read_catalog("es")
#: Every English text of two words or more that the catalog translates differently.
ENGLISH_TEXTS = sorted({entry.id for entry in CATALOG if isinstance(entry.id, str)
                        and not entry.context and entry.string != entry.id
                        and len(entry.id.split()) >= 2}, key=len, reverse=True)


def english_left(text: str, typed: list[str]) -> list[str]:
    """The catalog's English texts, English words, and "de el" or "a el" (texts joined
    without Spanish's contraction), in a Spanish page's ``text``, once the patient's
    ``typed`` answers are taken out."""
    # Whole words only, spaced as the page's text is, and never an empty answer (a blank
    # comment): replacing "" would put a space between every letter, and "no" would take
    # the start off "noche".
    for words in sorted({" ".join(words.split()) for words in typed} - {""}, key=len,
                        reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(words)}(?!\w)", " ", text)
    found = [f"untranslated: {message!r}" for message in ENGLISH_TEXTS if message in text]
    # whole words, accented letters included: "notó" is not the English "not"
    found += [f"English word {word!r}"
              for word in dict.fromkeys(re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)*", text))
              if word.lower() in ENGLISH_WORDS]
    # A text joined into another ("por debajo de %(cutoff)s" and "el punto de corte...")
    # must still read as Spanish: "de" and "a" before the article "el" are "del" and "al".
    found += [f"{joined!r} where Spanish writes {CONTRACTED[joined.split()[0]]!r}"
              for joined in dict.fromkeys(NOT_CONTRACTED.findall(text))]
    return found


#: "de el" and "a el" (the article, lower case: not "de El Salvador", not "a él").
NOT_CONTRACTED = re.compile(r"\b(?:de|a) el\b")
CONTRACTED = {"de": "del", "a": "al"}


def typed_answers(value: object) -> list[str]:
    """Every string in an answers file's answers (the patient's words and option values)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [text for item in value for text in typed_answers(item)]
    if isinstance(value, dict):
        return [text for item in value.values() for text in typed_answers(item)]
    return []
