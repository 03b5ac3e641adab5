"""Templates are compiled once per process (webapp/web/compiled_templates.py), and never
served stale: a changed template, or one read with other settings, is compiled again."""

from __future__ import annotations

import pytest
from conftest import CSRF_FIELD, make_app
from jinja2 import DictLoader, Environment

from webapp.web.compiled_templates import CompiledTemplates

PAGES = ("/", "/page/about-you", "/resume")


def pages_and_compiles(app, monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], int]:
    """Each of PAGES as ``app`` sends it, and how many templates its Jinja compiled."""
    compiled = []
    compile_source = app.jinja_env.compile

    def counting(source, name=None, filename=None, raw=False, defer_init=False):
        compiled.append(name)
        return compile_source(source, name, filename, raw, defer_init)

    monkeypatch.setattr(app.jinja_env, "compile", counting)
    client = app.test_client()
    pages = [CSRF_FIELD.sub("csrf_token", client.get(path).get_data(as_text=True))
             for path in PAGES]  # each visitor's own token
    return pages, len(compiled)


def test_a_second_app_sends_the_same_pages_without_compiling_a_template(
        tmp_path, request, monkeypatch):
    first = make_app(tmp_path / "first", "embedded", request)
    pages, _ = pages_and_compiles(first, monkeypatch)
    second = make_app(tmp_path / "second", "embedded", request)
    again, compiles = pages_and_compiles(second, monkeypatch)
    assert compiles == 0, "the second app compiled the templates again"
    assert again == pages
    assert "Prepare for your visit about sleep" in again[0]


def test_a_changed_template_or_other_settings_are_compiled_again():
    shared = CompiledTemplates()

    def render(source: str, **settings) -> str:
        environment = Environment(loader=DictLoader({"page.html": source}),
                                  bytecode_cache=shared, **settings)
        return environment.get_template("page.html").render(name="Ann")

    block = "{% if name %}\n  Hello {{ name }}\n{% endif %}\n"
    assert render(block) == "\n  Hello Ann\n"
    assert len(shared) == 1
    assert render(block) == "\n  Hello Ann\n"
    assert render("Goodbye {{ name }}") == "Goodbye Ann", "a changed template was served stale"
    assert render(block, trim_blocks=True) == "  Hello Ann\n", \
        "code compiled with other settings was reused"
