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
from typing import IO, Any, NamedTuple

import yaml

from .loader import TEXT_KEYS

#: libyaml's composer where PyYAML was built with it: the same nodes, lines and texts as
#: PyYAML's own, composed about twelve times faster (0.2 s against 2.5 s for questions.yaml).
_COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: Top-level sections that hold no text to translate, and keys inside medicines that are
#: names, not wording.
_SKIPPED_SECTIONS = frozenset({"sources", "fhir"})
_MEDICINE_TEXT_KEYS = frozenset({"plain"})

Extracted = tuple[int, str | None, str | tuple[str, str], list[str]]


class Text(NamedTuple):
    """One translatable text: its YAML path, wording, line, and instrument (or None)."""

    where: str
    text: str
    line: int
    instrument: str | None


#: The translator comment on a published instrument's text.
INSTRUMENT_NOTE = ("published instrument: its official Spanish wording only, never our own; "
                   "the English text while webapp/translations/instruments_es.yaml says "
                   "english_only")


def questionnaire_texts(root: yaml.Node) -> Iterator[Text]:
    """Every translatable text of a composed questions.yaml.

    A published instrument's item (a question listed in ``instruments[].items``: its label
    and its answers' labels) is given with the instrument's id, which becomes the message's
    context (msgctxt): its Spanish must be the official wording
    (``webapp/translations/instruments_es.yaml``), which can differ from our own Spanish
    for the same English words ("Never", "Not at all"). Answers an item takes from a YAML
    anchor are given for each instrument that uses them.
    """
    yield from _walk(root, (), None, _instrument_items(root))


def _instrument_items(root: yaml.Node) -> dict[str, str]:
    """Each instrument item's question id, with the id of its instrument."""
    items: dict[str, str] = {}
    instruments = _value(root, "instruments")
    if isinstance(instruments, yaml.SequenceNode):
        for instrument in instruments.value:
            name, listed = _value(instrument, "id"), _value(instrument, "items")
            if isinstance(name, yaml.ScalarNode) and isinstance(listed, yaml.SequenceNode):
                items.update((item.value, name.value) for item in listed.value
                             if isinstance(item, yaml.ScalarNode))
    return items


def _value(node: yaml.Node | None, key: str) -> yaml.Node | None:
    """The value of ``key`` in a mapping node, its own or merged from an anchor."""
    if not isinstance(node, yaml.MappingNode):
        return None
    merged = None
    for key_node, value in node.value:
        if key_node.value == key:
            return value
        if key_node.value == "<<":
            merged = _value(value, key)
    return merged


def _walk(node: yaml.Node, path: tuple[Any, ...], instrument: str | None,
          items: dict[str, str]) -> Iterator[Text]:
    if isinstance(node, yaml.MappingNode):
        own_id = _value(node, "id")
        if isinstance(own_id, yaml.ScalarNode) and own_id.value in items:
            instrument = items[own_id.value]
        yield from _walk_mapping(node, path, instrument, items)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _walk(item, path + (index,), instrument, items)


def _walk_mapping(node: yaml.MappingNode, path: tuple[Any, ...], instrument: str | None,
                  items: dict[str, str]) -> Iterator[Text]:
    own = {key_node.value for key_node, _value_node in node.value}
    for key_node, value in node.value:
        key = key_node.value
        if key == "<<":
            # A merged anchor's texts are extracted where they are written, except in an
            # instrument item, whose merged answers are that instrument's.
            if instrument is not None and isinstance(value, yaml.MappingNode):
                inherited = [(k, v) for k, v in value.value if k.value not in own]
                yield from _walk_mapping(yaml.MappingNode(value.tag, inherited), path,
                                         instrument, items)
            continue
        if not path and key in _SKIPPED_SECTIONS:
            continue
        where = path + (key,)
        if isinstance(value, yaml.ScalarNode) and isinstance(value.value, str):
            if _translatable(where) and value.tag.endswith(":str") and value.value.strip():
                # only the item's own wording and answers are the instrument's; its hint
                # and summary label are ours
                yield Text(".".join(map(str, where)), value.value, value.start_mark.line + 1,
                           instrument if key == "label" else None)
        else:
            yield from _walk(value, where, instrument, items)


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
    root = yaml.compose(fileobj.read().decode(options.get("encoding", "utf-8")),
                        Loader=_COMPOSER)
    if root is None:
        return
    for found in questionnaire_texts(root):
        comments = [f"questions.yaml: {found.where}"]
        if found.instrument is None:
            yield found.line, None, found.text, comments
        else:
            comments.append(f"{INSTRUMENT_NOTE} ({found.instrument})")
            yield found.line, "pgettext", (found.instrument, found.text), comments


def extracted_texts(text: str) -> set[str]:
    """The set of texts the extractor finds in the YAML ``text`` (for tests and checks)."""
    root = yaml.compose(text, Loader=_COMPOSER)
    if root is None:
        return set()
    return {found.text for found in questionnaire_texts(root)}


def extracted_messages(text: str) -> set[tuple[str | None, str]]:
    """The (context, text) pairs the extractor finds in the YAML ``text``: the catalog's keys."""
    root = yaml.compose(text, Loader=_COMPOSER)
    if root is None:
        return set()
    return {(found.instrument, found.text) for found in questionnaire_texts(root)}
