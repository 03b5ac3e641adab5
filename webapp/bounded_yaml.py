"""Read YAML within limits: a file built to exhaust the loader is refused, not expanded.

YAML lets one block be named (``&name``) and repeated (``*name``). Nine lists
of nine aliases stand for 387 million values ("billion laughs"); an alias used
inside the block it names stands for an endless one; ten thousand brackets nest
deeper than Python can follow. :class:`BoundedLoader` counts while it composes,
before anything is built or walked: every value, with an alias counting as the
whole block it repeats; how deep values nest, also through aliases; and the
digits of a number. Past a limit it stops with :class:`YamlRefused`, whose
message says what to change and whose mark gives the line.
"""

from __future__ import annotations

from typing import Any

import yaml

#: Most values a questionnaire may hold, each alias counted as the block it repeats.
#: The shipped questions.yaml holds about 4,000.
MAX_VALUES = 100_000
#: Deepest nesting of lists and mappings; the shipped questions.yaml needs 12.
MAX_DEPTH = 50
#: Most digits in a number.
MAX_DIGITS = 30


class YamlRefused(yaml.YAMLError):
    """The YAML is beyond a limit; ``message`` says which, ``problem_mark`` where."""

    def __init__(self, message: str, mark: yaml.Mark | None) -> None:
        super().__init__(message)
        self.message = message
        self.problem_mark = mark


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

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            if event.anchor in self.anchors and event.anchor not in self._named:
                raise YamlRefused(
                    f"The alias *{event.anchor} is used inside the block its anchor "
                    f"&{event.anchor} names, so that block would repeat itself forever. "
                    "Remove the alias or write the block out.", event.start_mark)
            values, height = self._named.get(event.anchor, (0, 0))
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

    def _count(self, values: int, mark: yaml.Mark) -> None:
        self._values += values
        if self._values > self.max_values:
            raise YamlRefused(
                f"This file holds more than {self.max_values:,} values once its aliases "
                "(*name) are repeated out; a questionnaire needs far fewer. Use fewer aliases, "
                "or write the repeated part out.", mark)

    def _reach(self, depth: int, mark: yaml.Mark) -> None:
        self._height[-1] = max(self._height[-1], depth)
        if depth > MAX_DEPTH:
            raise YamlRefused(
                f"Lists and mappings here are nested more than {MAX_DEPTH} levels deep "
                "(counting what aliases repeat); a questionnaire needs about 12. Check the "
                "brackets and indentation near this line.", mark)

    def fetch_flow_collection_start(self, TokenClass: type) -> None:  # noqa: N803 (PyYAML's)
        # The scanner looks ahead past every open bracket it might have to pair with a
        # key, at a cost that grows with their number: count them as they are read.
        if self.flow_level >= MAX_DEPTH:
            self._reach(MAX_DEPTH + 1, self.get_mark())
        super().fetch_flow_collection_start(TokenClass)

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        if sum(character.isdigit() for character in node.value) > MAX_DIGITS:
            raise YamlRefused(f"This number has more than {MAX_DIGITS} digits. Check it.",
                              node.start_mark)
        return super().construct_yaml_int(node)


BoundedLoader.add_constructor("tag:yaml.org,2002:int", BoundedLoader.construct_yaml_int)
