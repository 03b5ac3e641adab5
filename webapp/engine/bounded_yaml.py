"""Read YAML within limits: a file built to exhaust the loader is refused, not expanded.

YAML lets one block be named (``&name``) and repeated (``*name``). Nine lists
of nine aliases stand for 387 million values ("billion laughs"); an alias used
inside the block it names stands for an endless one; ten thousand brackets nest
deeper than Python can follow. :class:`BoundedLoader` counts while it composes,
before anything is built or walked: every value, with an alias counting as the
whole block it repeats; how deep values nest, also through aliases; and the
digits of a number. Past a limit it stops with :class:`YamlRefused`, whose
message says what to change and whose mark gives the line.

:func:`compose_within_limits` reads with libyaml when PyYAML has it (several times
faster on a long vocabulary): libyaml composes an alias as a reference to its block,
so composing costs no more than the text is long, and :func:`beyond_limits` then
weighs the node graph in one pass over its distinct nodes. Only a file beyond a
limit, or with a YAML error, is read again by :class:`BoundedLoader`, whose
messages name the anchor and the line, so a clinic sees the same message either way.
"""

from __future__ import annotations

from typing import Any

import yaml

from . import loader_messages as M

#: libyaml's composer, when PyYAML was built with it.
_LIBYAML = getattr(yaml, "CSafeLoader", None)

#: Most values a questionnaire may hold, each alias counted as the block it repeats.
#: The shipped questions.yaml holds about 4,000.
MAX_VALUES = 100_000
#: Deepest nesting of lists and mappings; the shipped questions.yaml needs 12.
MAX_DEPTH = 50
#: Most digits in a number.
MAX_DIGITS = 30


#: Where in the text: PyYAML's Mark, or the libyaml reader's class of the same shape.
Mark = yaml.Mark | Any


class YamlRefused(yaml.YAMLError):
    """The YAML is beyond a limit; ``message`` says which, ``problem_mark`` where."""

    def __init__(self, message: str, mark: Mark | None) -> None:
        super().__init__(message)
        self.message = message
        self.problem_mark = mark


def _number_within_limits(loader: Any, node: yaml.ScalarNode) -> int:
    """A YAML int, refused if it has more than :data:`MAX_DIGITS` digits (both loaders')."""
    if sum(character.isdigit() for character in str(node.value)) > MAX_DIGITS:
        raise YamlRefused(M.NUMBER_TOO_LONG.format(digits=MAX_DIGITS), node.start_mark)
    return yaml.constructor.SafeConstructor.construct_yaml_int(loader, node)


class BoundedLoader(yaml.SafeLoader):
    """PyYAML's SafeLoader, refusing documents beyond :data:`MAX_VALUES` and :data:`MAX_DEPTH`.

    For each named block it keeps its size and height once the block is complete;
    an alias to a block not yet complete is the block used inside itself.
    """

    def __init__(self, stream: str, max_values: int = MAX_VALUES) -> None:
        super().__init__(stream)
        self.max_values = max_values
        self._values = 0
        self._depth = 0
        self._named: dict[str, tuple[int, int]] = {}  # anchor -> (values, height)
        self._height = [0]  # deepest level reached below each open value, innermost last

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            if event.anchor in self.anchors and event.anchor not in self._named:
                raise YamlRefused(M.ALIAS_INSIDE_ITSELF.format(anchor=event.anchor),
                                  event.start_mark)
            values, height = self._named.get(event.anchor or "", (0, 0))
            self._count(values, event.start_mark)
            self._reach(self._depth + height, event.start_mark)
            return super().compose_node(parent, index)
        self._depth += 1
        self._reach(self._depth, event.start_mark)
        self._count(1, event.start_mark)
        start = self._values
        self._height.append(self._depth)
        node = super().compose_node(parent, index)
        reached = self._height.pop()
        self._height[-1] = max(self._height[-1], reached)
        self._depth -= 1
        if event.anchor is not None:
            self._named[event.anchor] = (self._values - start + 1, reached - self._depth)
        return node

    def _count(self, values: int, mark: Mark) -> None:
        self._values += values
        if self._values > self.max_values:
            raise YamlRefused(M.TOO_MANY_VALUES.format(limit=self.max_values), mark)

    def _reach(self, depth: int, mark: Mark) -> None:
        self._height[-1] = max(self._height[-1], depth)
        if depth > MAX_DEPTH:
            raise YamlRefused(M.NESTED_TOO_DEEP.format(limit=MAX_DEPTH), mark)

    def fetch_flow_collection_start(self, TokenClass: type) -> None:  # noqa: N803 (PyYAML's)
        # The scanner looks ahead past every open bracket it might have to pair with a
        # key, at a cost that grows with their number: count them as they are read.
        if self.flow_level >= MAX_DEPTH:
            self._reach(MAX_DEPTH + 1, self.get_mark())
        super().fetch_flow_collection_start(TokenClass)


BoundedLoader.add_constructor("tag:yaml.org,2002:int", _number_within_limits)


FastLoader: type[yaml.CSafeLoader] | None = (
    type("FastLoader", (_LIBYAML,), {}) if _LIBYAML is not None else None)
if FastLoader is not None:
    FastLoader.add_constructor("tag:yaml.org,2002:int", _number_within_limits)


def beyond_limits(root: yaml.Node, max_values: int = MAX_VALUES) -> bool:
    """Whether ``root``'s graph is beyond the limits once aliases are repeated out.

    True for a block reached again from inside itself (an endless document), for more
    than ``max_values`` values, or for nesting deeper than :data:`MAX_DEPTH`. A loop
    over a stack, each distinct node weighed once: its time grows with the text.
    """
    weighed: dict[int, tuple[int, int]] = {}  # id(node) -> (values, height)
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            children = _children(node)
            values = 1 + sum(weighed[id(child)][0] for child in children)
            height = 1 + max((weighed[id(child)][1] for child in children), default=0)
            if values > max_values or height > MAX_DEPTH:
                return True
            weighed[key] = (values, height)
            open_nodes.discard(key)
            continue
        if key in weighed:
            continue
        if key in open_nodes:
            return True  # reached again from inside itself
        open_nodes.add(key)
        stack.append((node, True))
        for child in _children(node):
            if id(child) in open_nodes:
                return True
            if id(child) not in weighed:
                stack.append((child, False))
    return False


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def compose_within_limits(text: str, max_values: int = MAX_VALUES
                          ) -> tuple[yaml.SafeLoader | yaml.CSafeLoader, yaml.Node | None]:
    """A loader that has composed ``text`` within the limits, and the document's node.

    The caller constructs the document with the loader, then disposes of it. Raises
    :class:`YamlRefused` (beyond a limit) or another ``yaml.YAMLError``.
    """
    if FastLoader is not None:
        fast = FastLoader(text)
        try:
            node = fast.get_single_node()
        except yaml.YAMLError:
            fast.dispose()
        else:
            if node is None or not beyond_limits(node, max_values):
                return fast, node
            fast.dispose()
    careful = BoundedLoader(text, max_values)
    try:
        return careful, careful.get_single_node()
    except BaseException:
        careful.dispose()
        raise
