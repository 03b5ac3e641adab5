"""The packages show the layers: imports run one way, web -> storage -> engine.

Every module's imports are read with ``ast`` (those inside functions too): the engine
imports neither Flask nor the storage or web packages; storage imports no web module.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

WEBAPP = Path(__file__).resolve().parent.parent / "webapp"
#: What each package may not import (a module, or any module under it).
FORBIDDEN = {
    "engine": ("flask", "flask_wtf", "flask_session", "werkzeug", "wtforms", "webapp.storage",
               "webapp.web"),
    "storage": ("webapp.web",),
}


def imports_of(path: Path) -> set[str]:
    """The absolute names of the modules ``path`` imports, relative imports resolved."""
    package = list(path.relative_to(WEBAPP.parent).with_suffix("").parts)[:-1]
    return imports_in(path.read_text(), package)


def imports_in(source: str, package: list[str]) -> set[str]:
    """What ``source``, a module of ``package``, imports: each module and each name."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *(node.module.split(".") if node.module else [])])
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def breaks(layer: str, imported: set[str]) -> list[str]:
    """The imports that ``layer`` may not make."""
    return sorted(name for name in imported for banned in FORBIDDEN[layer]
                  if name == banned or name.startswith(banned + "."))


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_imports_run_one_way(layer):
    modules = sorted((WEBAPP / layer).rglob("*.py"))
    assert modules, f"webapp/{layer} has no modules"
    found = {str(path.relative_to(WEBAPP)): breaks(layer, imports_of(path)) for path in modules}
    assert {name: bad for name, bad in found.items() if bad} == {}


def test_every_module_sits_in_a_layer():
    """Besides the app factory, no module is left outside the three packages."""
    assert sorted(path.name for path in WEBAPP.glob("*.py")) == ["__init__.py"]


def test_the_check_sees_a_wrong_import():
    """The reading above is not blind: imports inside a function, and relative ones up into
    web, are found."""
    source = ("from .words import plain\n"
              "def page():\n    from ..web import views\n    import flask.json\n")
    assert breaks("engine", imports_in(source, ["webapp", "engine"])) == [
        "flask.json", "webapp.web", "webapp.web.views"]
