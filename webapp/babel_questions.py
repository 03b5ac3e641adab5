"""A Babel extractor for questions.yaml: every text the app shows, for translators.

Registered as the ``questions`` extraction method (pyproject's ``babel.extractors`` entry
point; ``babel.cfg`` maps questions.yaml to it), so ``pybabel extract`` puts the
questionnaire's texts in the same catalog as the templates' and flags a changed English
text for re-translation. Each message carries its YAML path as a translator comment
("pages.3.questions.0.options.2.label"), so translators see where it sits and what kind of
text it is (a label, a why, a raise...).

Extracted: the keys the loader shows (:data:`webapp.loader.TEXT_KEYS`: titles, intros,
labels, hints, whys, talking points' raise/ask/say/why, settings texts, instrument names,
notes and band labels, option phrases, medicine class labels and plain names). Not
extracted: the sources (citations keep their published titles) and medicine names and
brands (never translated); only a medicine's ``plain`` phrase is.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

import yaml

from .loader import TEXT_KEYS

#: Top-level sections that hold no text to translate, and keys inside medicines that are
#: names, not wording.
_SKIPPED_SECTIONS = frozenset({"sources", "fhir"})
_MEDICINE_TEXT_KEYS = frozenset({"plain"})

Extracted = tuple[int, str | None, str, list[str]]


def questionnaire_texts(root: yaml.Node) -> Iterator[tuple[str, str, int]]:
    """Every translatable text of a composed questions.yaml: (yaml path, text, line)."""
    yield from _walk(root, ())


def _walk(node: yaml.Node, path: tuple[Any, ...]) -> Iterator[tuple[str, str, int]]:
    if isinstance(node, yaml.MappingNode):
        for key_node, value in node.value:
            key = key_node.value
            if key == "<<":
                continue  # a merged anchor: its texts are extracted where they are written
            if not path and key in _SKIPPED_SECTIONS:
                continue
            where = path + (key,)
            if isinstance(value, yaml.ScalarNode) and isinstance(value.value, str):
                if _translatable(where) and value.tag.endswith(":str") and value.value.strip():
                    yield ".".join(map(str, where)), value.value, value.start_mark.line + 1
            else:
                yield from _walk(value, where)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _walk(item, path + (index,))


def _translatable(path: tuple[Any, ...]) -> bool:
    key = path[-1]
    if path[0] == "medicines":
        return key in _MEDICINE_TEXT_KEYS
    return key in TEXT_KEYS


def extract(fileobj: IO[bytes], keywords: Any, comment_tags: Any,
            options: dict[str, Any]) -> Iterator[Extracted]:
    """Babel's extractor interface: (line, function, message, comments) for each text.

    Folded YAML text (``>-``) is extracted as the loader reads it: one line. A text
    reused through a YAML anchor is extracted where it is written.
    """
    root = yaml.compose(fileobj.read().decode(options.get("encoding", "utf-8")))
    if root is None:
        return
    for where, text, line in questionnaire_texts(root):
        yield line, None, text, [f"questions.yaml: {where}"]


def extracted_texts(text: str) -> set[str]:
    """The set of texts the extractor finds in the YAML ``text`` (for tests and checks)."""
    root = yaml.compose(text)
    if root is None:
        return set()
    return {found for _where, found, _line in questionnaire_texts(root)}
