"""The app's Flask class keeps Flask's answer to "must this function run in an event loop?"."""

from __future__ import annotations

import inspect
import re

from flask import url_for

from webapp.web import flask_app


def test_a_coroutine_function_is_still_run_to_its_end(app, monkeypatch):
    """An ``async def`` hook or view still goes through ``async_to_sync``, however often it is
    called; a plain function comes back as it is."""
    wrapped = []

    def to_sync(func):
        wrapped.append(func)
        return lambda *args: "ran " + func.__name__

    monkeypatch.setattr(app, "async_to_sync", to_sync)

    async def later() -> None:  # pragma: no cover - never awaited here
        return None

    def now() -> str:
        return "now"

    for _ in range(3):
        assert app.ensure_sync(later)() == "ran later"
        assert app.ensure_sync(now) is now
    assert wrapped == [later]  # asked once, remembered after


def test_the_question_is_asked_once_a_function(app, monkeypatch):
    asked = []
    real = inspect.iscoroutinefunction
    monkeypatch.setattr("flask.app.iscoroutinefunction",
                        lambda func: asked.append(func) or real(func))

    def hook() -> None:
        return None

    for _ in range(5):
        app.ensure_sync(hook)
    assert asked == [hook]


def test_new_functions_past_the_limit_are_not_kept(app, monkeypatch):
    """A caller handing in a new function each time (a closure per request) grows nothing."""
    monkeypatch.setattr(flask_app, "KEEP", 3)
    app._made_sync.clear()
    made = [(lambda n=n: n) for n in range(10)]
    for func in made:
        assert app.ensure_sync(func) is func
    assert len(app._made_sync) == 3


FRAME_LINK = re.compile(r'(?:href|src)="(/[^"]*)"')


def frame_links(response) -> list[str]:
    """Every address the page links to on this site, in the order of the page."""
    return FRAME_LINK.findall(response.get_data(as_text=True))


def test_each_place_the_app_is_served_from_gets_its_own_addresses(app):
    """Served under a prefix (a proxy's SCRIPT_NAME) and at the root in turn, by one
    process: every link, redirect and form target carries its request's own prefix, never
    one remembered from another request."""
    client = app.test_client()
    plain = frame_links(client.get("/page/about-you"))
    assert "/static/style.css" in plain and "/delete" in plain
    assert any(link.startswith("/language/es?next=") for link in plain)
    for _ in range(2):
        prefixed = frame_links(client.get("/page/about-you",
                                          base_url="http://localhost/clinic"))
        assert prefixed == ["/clinic" + link for link in plain]
        assert frame_links(client.get("/page/about-you")) == plain
    moved = client.get("/language/en?next=//elsewhere", base_url="http://localhost/c")
    assert moved.location == "/c/"


def test_addresses_outside_the_cache_are_as_flask_makes_them(app):
    with app.test_request_context("/", base_url="https://clinic.example/btv/"):
        assert url_for("wizard.start") == "/btv/"
        assert url_for("wizard.start", _external=True) == "https://clinic.example/btv/"
        assert url_for("wizard.page", page_id="sleep", _anchor="x y") == "/btv/page/sleep#x%20y"
        assert url_for("wizard.page", page_id="sleep", rows=[1, 2]) == (
            "/btv/page/sleep?rows=1&rows=2")
    with app.test_request_context("/"):
        assert url_for("wizard.start") == "/"


def test_equal_values_of_other_types_keep_their_own_addresses(app):
    """1, True and 1.0 are equal dictionary keys; werkzeug writes each its own way."""
    with app.test_request_context("/"):
        written = [url_for("wizard.page", page_id="sleep", rows=value)
                   for value in (1, True, 1.0, 1, True)]
    assert written == ["/page/sleep?rows=1", "/page/sleep?rows=True", "/page/sleep?rows=1.0",
                       "/page/sleep?rows=1", "/page/sleep?rows=True"]


def test_a_callable_that_cannot_be_a_key_is_still_called(app):
    class Hook:
        __hash__ = None  # type: ignore[assignment]

        def __call__(self) -> str:
            return "called"

    hook = Hook()
    assert app.ensure_sync(hook)() == "called"


def test_an_imported_template_is_the_kept_module_unless_the_page_has_globals_it_lacks(app):
    """ImportingTemplate: as Jinja's own, a page whose globals the imported template has
    shares its one module; a page with a global of its own gets a module that sees it."""
    environment = app.jinja_env
    macros = environment.get_template("macros.html")
    assert isinstance(macros, flask_app.ImportingTemplate)
    page = environment.get_template("page.html")
    assert macros._get_default_module(page.new_context({})) is macros.module
    assert macros._get_default_module(None) is macros.module
    own = environment.from_string("{{ only_here }}", globals={"only_here": "seen"})
    assert macros._get_default_module(own.new_context({})) is not macros.module
    probe = environment.from_string("{% set value = only_here | default('missing') %}")
    assert probe._get_default_module(own.new_context({})).value == "seen"
    assert probe._get_default_module(page.new_context({})).value == "missing"


def test_a_requests_size_limits_are_the_configs(app):
    """request_context sets each request's limits from the config (Flask read them through
    current_app on every look-up): the same values, and a form over the limit is refused."""
    with app.test_request_context("/", method="POST"):
        from flask import request

        assert request.max_content_length == app.config["MAX_CONTENT_LENGTH"] == 256 * 1024
        assert request.max_form_memory_size == app.config["MAX_FORM_MEMORY_SIZE"]
        assert request.max_form_parts == app.config["MAX_FORM_PARTS"]
    response = app.test_client().post("/page/about-you", data={"x": "y" * (300 * 1024)})
    assert response.status_code == 413
