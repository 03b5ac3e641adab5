"""The ceiling: a bare Flask app served with the same gunicorn settings as the real one.

``GET /`` answers a few bytes of HTML; ``POST /`` reads the form and redirects,
as a questionnaire page does. Nothing else: no session, no template, no store.
"""

from __future__ import annotations

from flask import Flask, Response, redirect, request


def create_app() -> Flask:
    """The hello-world app (``gunicorn 'bench.hello:create_app()'``)."""
    app = Flask(__name__)

    @app.get("/")
    def hello() -> str:
        return "<!doctype html><title>Hello</title><p>Hello, world!</p>"

    @app.post("/")
    def submit() -> Response:
        request.form.get("csrf_token")
        return redirect("/")

    return app
