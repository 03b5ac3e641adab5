"""Problems found in a questionnaire file, each with its place (YAML path and line).

The loader collects every problem before reporting, so a clinic sees the whole
list at once instead of fixing one error per run.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

Path = tuple[str | int, ...]


def format_path(path: Path) -> str:
    """Render a YAML path such as ``pages[2].questions[0].type``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text or "(top level)"


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the questionnaire file, with where it is and what to do."""

    path: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        place = f"line {self.line}, " if self.line else ""
        return f"[{place}{format_path(self.path)}] {self.message}"


@dataclass
class ProblemList:
    """Collects problems while a questionnaire is read; knows the line of each YAML path."""

    lines: dict[Path, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def add(self, path: Path, message: str) -> None:
        """Record a problem at ``path``; the line is that of the nearest known node."""
        self.problems.append(Problem(tuple(path), self.line_of(path), message))

    def say(self, path: Path, template: str, **fields: object) -> None:
        """Record the catalog message ``template`` (see :mod:`.loader_messages`), filled in."""
        self.add(path, template.format(**fields))

    def line_of(self, path: Path) -> int | None:
        """Return the 1-based line of ``path`` or of its nearest parent that has one."""
        probe = tuple(path)
        while probe:
            if probe in self.lines:
                return self.lines[probe]
            probe = probe[:-1]
        return self.lines.get((), None)

    def __bool__(self) -> bool:
        return bool(self.problems)

    def __iter__(self):
        return iter(self.problems)


class QuestionnaireError(Exception):
    """Raised when a questionnaire file cannot be used; carries every problem found."""

    def __init__(self, source: str, problems: Iterable[Problem]) -> None:
        self.source = source
        self.problems = list(problems)
        super().__init__(self.report())

    def report(self) -> str:
        """All problems as plain text, one a line, under a heading naming the file."""
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = [f"{self.source}: {count} {noun} to fix before the app can use this file:"]
        lines.extend(f"  {problem}" for problem in self.problems)
        return "\n".join(lines)
