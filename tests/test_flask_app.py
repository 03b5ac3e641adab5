"""The app's Flask class keeps Flask's answer to "must this function run in an event loop?"."""

from __future__ import annotations

import inspect

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
