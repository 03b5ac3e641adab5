"""The loader's messages live in one catalog (webapp/engine/loader_messages.py).

A clinic reads these texts when its questions.yaml is refused, so they are kept
together to be reviewed and reworded in one place. These tests hold the code to
that: every problem the loader reports names a catalog entry, every entry is used,
and each entry's fields are the ones its callers fill in.
"""

from __future__ import annotations

import ast
import string
from collections.abc import Iterator
from pathlib import Path

import pytest

from webapp.engine import loader_messages

ENGINE = Path(__file__).resolve().parent.parent / "webapp" / "engine"
CATALOG = {name: value for name, value in vars(loader_messages).items()
           if name.isupper() and isinstance(value, str)}

#: Calls whose text argument (position given) is a problem the loader reports.
TEXT_ARGUMENT = {"add": 1, "say": 1, "YamlRefused": 0, "_plain_problem": 0}


def _modules() -> Iterator[tuple[str, ast.Module]]:
    for path in sorted(ENGINE.rglob("*.py")):
        if path.name != "loader_messages.py":
            yield str(path.relative_to(ENGINE)), ast.parse(path.read_text(encoding="utf-8"))


def _catalog_aliases(tree: ast.Module) -> set[str]:
    """The names a module imports the catalog under (``from . import loader_messages as M``)."""
    return {alias.asname or alias.name for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) for alias in node.names
            if alias.name == "loader_messages"}


def _entry(node: ast.AST, aliases: set[str]) -> str | None:
    """The catalog name ``node`` refers to (``M.NAME``), or None."""
    if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
            and node.value.id in aliases):
        return node.attr
    return None


def _uses() -> Iterator[tuple[str, int, str, set[str] | None]]:
    """Each use of a catalog entry: module, line, name and the fields passed (None: not a fill)."""
    for module, tree in _modules():
        aliases = _catalog_aliases(tree)
        filled: set[int] = set()
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if (isinstance(func, ast.Attribute) and func.attr == "format"
                    and (name := _entry(func.value, aliases))):
                filled.add(id(func.value))
                yield module, node.lineno, name, {k.arg for k in node.keywords if k.arg}
            elif (isinstance(func, ast.Attribute) and func.attr == "say" and len(node.args) > 1
                  and (name := _entry(node.args[1], aliases))):
                filled.add(id(node.args[1]))
                yield module, node.lineno, name, {k.arg for k in node.keywords if k.arg}
        for node in ast.walk(tree):
            if id(node) not in filled and (name := _entry(node, aliases)):
                yield module, node.lineno, name, None


def _fields(template: str) -> set[str]:
    return {field.split(".")[0].split("[")[0]
            for _, field, _, _ in string.Formatter().parse(template) if field is not None}


def _reported_texts() -> Iterator[tuple[str, int, ast.expr]]:
    """The text argument of every call that reports a loader problem."""
    for module, tree in _modules():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name not in TEXT_ARGUMENT or len(node.args) <= TEXT_ARGUMENT[name]:
                continue
            if name in ("add", "say"):  # only a ProblemList's: problems.add, self.problems.add
                owner = func.value if isinstance(func, ast.Attribute) else None
                owner_name = (owner.attr if isinstance(owner, ast.Attribute)
                              else getattr(owner, "id", ""))
                if owner_name != "problems":
                    continue
            yield module, node.lineno, node.args[TEXT_ARGUMENT[name]]


def _is_built_here(text: ast.expr) -> bool:
    """A text written at the call: a literal, an f-string, a concatenation or a literal's
    ``.format``/``.join``/``.replace``."""
    if isinstance(text, (ast.Constant, ast.JoinedStr, ast.BinOp)):
        return True
    return (isinstance(text, ast.Call) and isinstance(text.func, ast.Attribute)
            and isinstance(text.func.value, (ast.Constant, ast.JoinedStr)))


def test_the_catalog_holds_the_loaders_messages() -> None:
    assert len(CATALOG) > 100
    assert len(set(CATALOG.values())) == len(CATALOG), "one text under two names"


def test_every_reported_problem_is_a_catalog_entry() -> None:
    built = [f"{module}:{line}" for module, line, text in _reported_texts()
             if _is_built_here(text)]
    assert not built, "problem texts written outside loader_messages.py: " + ", ".join(built)
    said = [(module, line, text) for module, line, text in _reported_texts()]
    assert len(said) > 100  # the walk does find the loader's reports


def test_problems_say_names_a_catalog_entry() -> None:
    for module, tree in _modules():
        aliases = _catalog_aliases(tree)
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "say" and len(node.args) > 1):
                name = _entry(node.args[1], aliases)
                assert name in CATALOG, f"{module}:{node.lineno} says something not in the catalog"


def test_every_catalog_entry_is_used() -> None:
    used = {name for _, _, name, _ in _uses()}
    assert not used - set(CATALOG), f"names missing from the catalog: {used - set(CATALOG)}"
    assert not set(CATALOG) - used, f"messages nothing reports: {sorted(set(CATALOG) - used)}"


def test_callers_fill_exactly_the_fields_of_each_template() -> None:
    wrong = [f"{module}:{line} {name} gets {sorted(passed)}, wants {sorted(_fields(CATALOG[name]))}"
             for module, line, name, passed in _uses()
             if passed is not None and passed != _fields(CATALOG[name])]
    assert not wrong, "\n".join(wrong)
    bare = [f"{module}:{line} {name}" for module, line, name, passed in _uses()
            if passed is None and ("{" in CATALOG[name] or "}" in CATALOG[name])]
    assert not bare, "templates used without filling them in: " + ", ".join(bare)


@pytest.mark.parametrize("name", sorted(CATALOG))
def test_each_template_formats_with_its_own_fields(name: str) -> None:
    template = CATALOG[name]
    text = template.format(**{field: 12345 for field in _fields(template)})
    assert "{}" not in template, "a positional field: name it"
    assert text.strip() == text and "  " not in text
    if not _fields(template):  # a literal brace is doubled, so it comes out single
        assert text == template.replace("{{", "{").replace("}}", "}")
