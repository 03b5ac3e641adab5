"""Choosing the language (issue 18): the browser's first, then the patient's own choice.

The "English | Español" switch is a plain link on every page, works without JavaScript, goes
back to the page it was pressed on (never to another site), and is kept: in the visit cookie
while the patient has saved nothing (looking still leaves nothing on the server), with the
answers once they save, and past "Start again and delete my answers".
"""

from __future__ import annotations

import os
import re
import shutil

import pytest
from conftest import MINIMAL_ANSWERS, Wizard, make_app
from test_session_ids import rows_in_store

from webapp.web import locale

LANG = re.compile(r'<html lang="([a-z]+)">')


def language_of(response) -> str:
    found = LANG.search(response.get_data(as_text=True))
    assert found, "the page has no <html lang>"
    return found.group(1)


def switch_to(html: str, code: str) -> str:
    """The address of the switch's link to ``code`` on a page."""
    found = re.search(rf'<a href="([^"]+)" lang="{code}" hreflang="{code}">', html)
    assert found, f"no link to {code} on the page"
    return found.group(1).replace("&amp;", "&")


@pytest.mark.parametrize(("header", "expected"), [
    (None, "en"), ("es", "es"), ("es-US,es;q=0.9,en;q=0.5", "es"), ("es-MX", "es"),
    ("en-US,en;q=0.9,es;q=0.8", "en"), ("fr-FR,fr;q=0.9", "en"), ("de, es;q=0.3", "es"),
])
def test_the_first_visit_speaks_the_browsers_language(client, header, expected):
    headers = {"Accept-Language": header} if header else {}
    assert language_of(client.get("/", headers=headers)) == expected
    assert language_of(client.get("/page/about-you", headers=headers)) == expected


def test_the_switch_is_a_link_back_to_the_same_page_and_is_kept(client):
    html = client.get("/page/about-you?return=check").get_data(as_text=True)
    assert '<span lang="en" aria-current="true">English</span>' in html
    link = switch_to(html, "es")
    response = client.get(link)
    assert response.status_code == 302
    assert response.location == "/page/about-you?return=check"
    # kept for every later page, whatever the browser says
    for path in ("/", "/page/about-you", "/delete", "/resume", "/no-such-page"):
        assert language_of(client.get(path, headers={"Accept-Language": "en"})) == "es", path
    html = client.get("/").get_data(as_text=True)
    assert '<span lang="es" aria-current="true">Español</span>' in html
    client.get(switch_to(html, "en"))
    assert language_of(client.get("/", headers={"Accept-Language": "es"})) == "en"


@pytest.mark.parametrize("target", [
    "https://evil.example/", "//evil.example/page", "/\\evil.example", "\\\\evil.example",
    "javascript:alert(1)", "evil.example", "", "http:/evil.example", "/ok\\..\\evil",
])
def test_the_switch_never_sends_the_patient_to_another_site(client, target):
    response = client.get("/language/es", query_string={"next": target})
    assert (response.status_code, response.location) == (302, "/")
    # an address on this site is kept as given, percent signs and all
    local = client.get("/language/es", query_string={"next": "/%2F%2Fevil.example?x=1"})
    assert local.location == "/%2F%2Fevil.example?x=1"


def test_an_unknown_language_is_not_found_and_changes_nothing(client):
    assert client.get("/language/fr?next=/").status_code == 404
    assert language_of(client.get("/")) == "en"


def test_choosing_a_language_leaves_nothing_on_the_server(app):
    looker = app.test_client()
    looker.get("/language/es?next=/")
    assert language_of(looker.get("/page/about-you")) == "es"
    assert rows_in_store(app) == 0
    assert looker.get_cookie("session") is None and looker.get_cookie("visit") is not None


def test_the_choice_is_kept_with_the_answers_and_after_deleting_them(app):
    patient = app.test_client()
    patient.get("/language/es?next=/")
    wizard = Wizard(patient)
    assert wizard.walk(MINIMAL_ANSWERS) == "/check"
    assert rows_in_store(app) == 1
    assert language_of(patient.get("/check")) == "es"
    wizard.submit("/delete")
    assert rows_in_store(app) == 0
    assert language_of(patient.get("/")) == "es"


def test_the_sheet_prints_its_page_numbers_in_the_patients_language(client):
    """The numbers in the printed sheet's margin come from a stylesheet made from the
    catalog ("Página 1 de 2"); the sheet printed in English keeps style.css's own."""
    wizard = Wizard(client)
    client.get("/language/es?next=/")
    assert wizard.walk(MINIMAL_ANSWERS) == "/check"
    html = client.get("/summary").get_data(as_text=True)
    link = re.search(r'<link rel="stylesheet" href="(/page-numbers/es\.css)">', html)
    assert link, "the Spanish sheet links no page numbers"
    response = client.get(link.group(1))
    assert response.mimetype == "text/css"
    assert 'content: "Página " counter(page) " de " counter(pages);' in response.get_data(
        as_text=True)
    assert "/page-numbers/" not in client.get("/summary?language=en").get_data(as_text=True)
    assert client.get("/page-numbers/fr.css").status_code == 404


def test_apps_share_a_compiled_catalog_until_it_is_compiled_again(tmp_path, monkeypatch):
    """Each app made in a process reuses the Spanish catalog and questionnaire the first one
    read (they are immutable); a catalog compiled again is read again by the next app."""
    translations = tmp_path / "translations"
    shutil.copytree(locale.TRANSLATIONS, translations)
    monkeypatch.setattr(locale, "TRANSLATIONS", translations)
    request = None  # make_app needs the request only for Redis
    first, second = (make_app(tmp_path / name, "embedded", request) for name in ("a", "b"))
    assert second.extensions["catalogs"]["es"] is first.extensions["catalogs"]["es"]
    assert second.extensions["questionnaires"]["es"] is first.extensions["questionnaires"]["es"]
    compiled = translations / "es" / "LC_MESSAGES" / "messages.mo"
    later = compiled.stat().st_mtime_ns + 10**9
    os.utime(compiled, ns=(later, later))
    third = make_app(tmp_path / "c", "embedded", request)
    assert third.extensions["catalogs"]["es"] is not first.extensions["catalogs"]["es"]
    assert third.extensions["questionnaires"]["es"] == first.extensions["questionnaires"]["es"]
    assert third.extensions["catalogs"]["es"].gettext("Continue") \
        == first.extensions["catalogs"]["es"].gettext("Continue") != "Continue"


def test_each_request_decides_its_own_language_in_one_process(app):
    """The language is decided once a request and kept for that request only: two patients
    served in turn by one process never get each other's, whatever the request before was
    (a file, an error page, the sheet printed in English for the doctor)."""
    spanish, english = app.test_client(), app.test_client()
    spanish.get("/language/es")
    assert Wizard(spanish).walk(MINIMAL_ANSWERS) == "/check"
    between = [lambda: spanish.get("/summary?language=en"), lambda: spanish.get("/no-page"),
               lambda: spanish.get("/static/style.css"), lambda: spanish.get("/summary")]
    for step in between:
        step()
        assert language_of(english.get("/")) == "en"
        assert language_of(english.get("/page/about-you")) == "en"
        assert language_of(spanish.get("/page/about-you")) == "es"
        step()
        assert language_of(spanish.get("/check")) == "es"
    sheet = spanish.get("/summary?language=en")
    assert language_of(sheet) == "en"
    assert language_of(spanish.get("/summary")) == "es"


@pytest.mark.parametrize("header", [None, "es", "es-MX", "de, es;q=0.3", "fr", "en-GB,es;q=1"])
def test_the_language_decided_once_is_flask_babels(app, header):
    """The language step decides as Flask-Babel's locale selector would, once, and every
    later question in the request gets that answer."""
    from flask_babel import get_locale

    headers = {"Accept-Language": header} if header else {}
    with app.test_request_context("/page/about-you", headers=headers):
        app.preprocess_request()
        assert locale.current_language() == get_locale().language
        with locale.in_language("en"):
            assert locale.current_language() == "en"
        assert locale.current_language() == get_locale().language


def _words_looked_up(node) -> list[tuple[int, bool]]:
    """(line, whether the text is written out) of every ``_()`` and ``gettext()`` call in a
    template's syntax tree."""
    from jinja2 import nodes

    return [(call.lineno, bool(call.args) and isinstance(call.args[0], nodes.Const))
            for call in node.find_all(nodes.Call)
            if isinstance(call.node, nodes.Name) and call.node.name in ("_", "gettext")]


def test_templates_look_up_only_their_own_words(app):
    """The templates' ``_()`` remembers each text it looked up (locale._LOOKED_UP): that is
    safe only while every text is written in a template, never a value such as an answer."""
    env = app.jinja_env
    calls = {name: _words_looked_up(env.parse(env.loader.get_source(env, name)[0]))
             for name in env.list_templates(extensions=["html"])}
    assert sum(map(len, calls.values())) > 100
    assert {name: [line for line, written in found if not written]
            for name, found in calls.items() if not all(w for _, w in found)} == {}
    # The check sees a text that is not written out.
    assert _words_looked_up(env.parse("{{ _(answer) }}\n{{ _('Yes') }}")) == [
        (1, False), (2, True)]


def test_looked_up_words_follow_the_request_language(app):
    """The same template text, remembered in one language, is never served in another."""
    client = app.test_client()
    for _ in range(2):
        english = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
        spanish = client.get("/", headers={"Accept-Language": "es"}).get_data(as_text=True)
        assert "Start again and delete my answers" in english
        assert "Start again and delete my answers" not in spanish
