"""Every file the docs and the code's comments point a reader to exists.

The README's map, docs/ and comments in code, templates and stylesheets name files
("the layout is worked out in webapp/engine/sheet_pages.py"). When a module moves or goes,
a stale name sends a newcomer looking for a file that is not there, so each name is
checked. docs/benchmarks.md is left out: it is a dated log of past runs, and what it says
of files then stays true of then.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT

#: A path in the repository as prose names it: under one of the top-level folders or a
#: top-level file the project keeps, ending in a file name with an extension.
PATH = re.compile(r"(?<![\w/.-])((?:webapp|tests|bench|docs)/[\w./-]*\w"
                  r"\.(?:py|html|css|yaml|json|md|po|cfg|txt|js|woff2)"
                  r"|questions(?:\.schema)?\.(?:yaml|json)|pyproject\.toml|Makefile|\.ci/run)")
HISTORY = {Path("docs/benchmarks.md")}


def _readers_files() -> list[Path]:
    found = [ROOT / name for name in ("README.md", "Makefile", "pyproject.toml", "questions.yaml")]
    found += sorted((ROOT / "docs").glob("*.md"))
    for folder, patterns in (("webapp", ("*.py", "*.html", "*.css", "*.yaml")),
                             ("tests", ("*.py",)), ("bench", ("*.py",))):
        for pattern in patterns:
            found += sorted((ROOT / folder).rglob(pattern))
    return [path for path in found
            if path.relative_to(ROOT) not in HISTORY and "__pycache__" not in path.parts]


def _named(path: Path) -> list[tuple[int, str]]:
    return [(number, match) for number, line in enumerate(path.read_text().splitlines(), 1)
            for match in PATH.findall(line)]


@pytest.mark.parametrize("path", _readers_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_file_named_exists(path: Path) -> None:
    missing = [f"line {number}: {name}" for number, name in _named(path)
               if not (ROOT / name).exists()]
    assert not missing, f"{path.relative_to(ROOT)} names files that are not there: {missing}"


def test_the_check_finds_a_stale_name(tmp_path: Path) -> None:
    """The pattern catches the forms the docs use, so the test above can fail."""
    sample = tmp_path / "sample.md"
    gone, moved = "webapp/" + "sheet_pages.py", "tests/" + "test_gone.py"  # not named here
    sample.write_text(f"Placed by {gone} (see `webapp/engine/words.py`).\n"
                      f"In {moved} and questions.yaml, not in https://x.org/webapp/a.py.\n")
    assert [name for _, name in _named(sample)] == [
        gone, "webapp/engine/words.py", moved, "questions.yaml"]
