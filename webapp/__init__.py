"""Before the Visit: prepare for a doctor visit about sleep.

``create_app`` is the application factory (``flask --app webapp run``,
``gunicorn 'webapp:create_app()'``). It refuses to start on an invalid
questions.yaml, printing every problem with its line (QuestionnaireError), and
on a setting it cannot work with, such as an answers' lifetime of 0 hours: one
line naming the setting, then exit (:mod:`webapp.engine.startup`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask

from .engine.lifetime import answers_lifetime
from .engine.loader import parse_questionnaire, read_questions
from .engine.problems import QuestionnaireError
from .engine.sheet_fit import fitted_layout
from .engine.sheet_sources import brief_source, printed_address
from .engine.startup import SettingError, refuse_to_start
from .engine.wording_record import has_passed, remember_passed, wording_digest
from .storage.store import init_store
from .web.assets import init_assets
from .web.choice_markup import init_choice_markup
from .web.compiled_templates import COMPILED
from .web.flask_app import BeforeTheVisitFlask
from .web.form_token import FormTokenCheck, init_form_token
from .web.forms import FormClasses
from .web.headers import init_headers
from .web.https import init_https
from .web.locale import checked_catalogs, init_locale
from .web.page_frame import init_page_frame

__all__ = ["create_app", "QuestionnaireError", "SettingError"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent
csrf = FormTokenCheck()


def default_questions_file() -> Path:
    """The questionnaire the app uses unless told otherwise: QUESTIONS_FILE or questions.yaml."""
    return Path(os.environ.get("QUESTIONS_FILE") or PROJECT_ROOT / "questions.yaml")


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Create the app; ``test_config`` overrides settings (tests pass a temporary instance)."""
    instance = (test_config or {}).get("INSTANCE_PATH") or os.environ.get("BTV_INSTANCE_PATH")
    app = BeforeTheVisitFlask(__name__, instance_path=instance, instance_relative_config=True)
    app.config.from_mapping(
        QUESTIONS_FILE=str(default_questions_file()),
        MAX_CONTENT_LENGTH=256 * 1024,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        WTF_CSRF_TIME_LIMIT=None,
    )
    # Block tags leave no blank lines or indentation behind: pages are smaller to send.
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    # Each template compiled once in the process, not once in each app made (tests make many).
    app.jinja_env.bytecode_cache = COMPILED
    # The sheet's layout, worked out on the server (webapp/engine/sheet_pages.py).
    # A sheet longer than three pages is shortened for print (webapp/engine/sheet_fit.py).
    app.jinja_env.globals["sheet_layout"] = fitted_layout
    app.jinja_env.filters["printed_address"] = printed_address
    app.jinja_env.filters["brief_source"] = brief_source
    app.config.from_prefixed_env(prefix="BTV")
    if test_config:
        app.config.update(test_config)

    # The wording rule reads every text once for each new set of inputs, not at each start.
    questions_file = str(app.config["QUESTIONS_FILE"])
    text = read_questions(questions_file)
    records = Path(app.config.get("CHECKED_WORDING_DIR")
                   or Path(app.instance_path) / "checked-wording")
    digest = wording_digest(text, checked_catalogs())
    wording_passed = has_passed(records, digest)
    questionnaire = parse_questionnaire(text, questions_file, check_wording=not wording_passed)
    app.extensions["questionnaire"] = questionnaire
    app.extensions["form_classes"] = FormClasses()
    try:
        init_https(app)
        hours = app.config.get("ANSWERS_LIFETIME_HOURS")
        app.config["PERMANENT_SESSION_LIFETIME"] = (
            answers_lifetime(questionnaire.settings.session_hours, "settings.session_hours")
            if hours in (None, "") else answers_lifetime(hours, "BTV_ANSWERS_LIFETIME_HOURS"))
    except SettingError as error:
        refuse_to_start(error)

    init_store(app)
    init_headers(app)
    init_assets(app)
    csrf.init_app(app)
    init_form_token(app)
    init_locale(app, questionnaire, check_wording=not wording_passed)
    if not wording_passed:  # every text passed: the next start with these inputs skips it
        remember_passed(records, digest)
    init_choice_markup(app)
    init_page_frame(app)

    from .web import diary, resume, views

    app.register_blueprint(views.bp)
    app.register_blueprint(resume.bp)
    app.register_blueprint(diary.bp)
    app.jinja_env.globals.update(diary_view=diary.diary_view, blank_choices=diary.blank_choices,
                                 diary_return=diary.diary_return)
    views.register_error_pages(app)
    return app
