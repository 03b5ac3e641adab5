"""Where answers live: both stores, lifetime, deletion, logs, secrets, cookies."""

from __future__ import annotations

import logging
import multiprocessing
import os
import re
import sqlite3
import stat
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import redis
from conftest import CSRF_FIELD, MINIMAL_ANSWERS, QUESTIONS, Wizard, free_port, make_app
from live_server import Browser, start_server

import webapp.storage.store
from webapp import create_app

ROOT = Path(__file__).resolve().parent.parent


def stored(app, client) -> dict | None:
    """Read this client's answers straight from the store, bypassing the app."""
    cookie = client.get_cookie("session")
    if cookie is None:
        return None
    key = app.config["SESSION_KEY_PREFIX"] + cookie.value
    if app.config["SESSION_TYPE"] == "redis":
        raw = app.config["SESSION_REDIS"].get(key)
        return None if raw is None else app.session_interface.serializer.decode(raw)
    return app.config["SESSION_CACHELIB"].get(key)


def test_a_full_walk_keeps_every_answer_in_either_store(any_store_app):
    client = any_store_app.test_client()
    wizard = Wizard(client)
    marker = "Marker-7f3a sleep through"
    assert wizard.walk({**MINIMAL_ANSWERS, "visit-goal": {"visit_goal": marker}}) == "/check"
    assert stored(any_store_app, client)["answers"]["visit_goal"] == marker
    assert marker in client.get("/summary").get_data(as_text=True)


def test_delete_removes_the_answers_from_the_store_at_once(any_store_app):
    client = any_store_app.test_client()
    wizard = Wizard(client)
    wizard.walk(MINIMAL_ANSWERS)
    old_sid = client.get_cookie("session").value
    old_key = any_store_app.config["SESSION_KEY_PREFIX"] + old_sid
    wizard.submit("/delete")
    # Since issue 11 a session id exists only while something is saved: none after deleting.
    assert client.get_cookie("session") is None
    if any_store_app.config["SESSION_TYPE"] == "redis":
        assert any_store_app.config["SESSION_REDIS"].get(old_key) is None
    else:
        assert any_store_app.config["SESSION_CACHELIB"].get(old_key) is None
    assert "answers" not in (stored(any_store_app, client) or {})
    wizard.answer("about-you", {"age_band": "under_40"})
    new_sid = client.get_cookie("session").value
    assert new_sid != old_sid, "a new session id after deleting"


def test_redis_keys_expire_after_the_configured_inactivity(tmp_path, request):
    app = make_app(tmp_path, "redis", request, ANSWERS_LIFETIME_HOURS=2)
    client = app.test_client()
    Wizard(client).answer("about-you", {"age_band": "under_40"})
    key = app.config["SESSION_KEY_PREFIX"] + client.get_cookie("session").value
    assert 7190 <= app.config["SESSION_REDIS"].ttl(key) <= 7200


def test_the_file_store_never_evicts_a_live_patient(app):
    cache = app.config["SESSION_CACHELIB"]
    first = app.test_client()
    Wizard(first).answer("about-you", {"age_band": "age_65_plus"})
    for number in range(600):  # cachelib's default would evict from 500 on
        cache.set(f"btv:other-patient-{number}", {"answers": {"n": number}}, timeout=3600)
    assert stored(app, first)["answers"] == {"age_band": "age_65_plus"}
    assert cache.get("btv:other-patient-0") == {"answers": {"n": 0}}


def test_expired_answers_are_purged_from_the_embedded_store(app):
    cache = app.config["SESSION_CACHELIB"]
    cache.set("btv:expired", {"answers": {"x": 1}}, timeout=1)
    cache.set("btv:live", {"answers": {"x": 2}}, timeout=3600)
    assert cache.purge_expired(now=time.time() + 60) == 1
    with sqlite3.connect(cache.path) as db:
        keys = {key for (key,) in db.execute("SELECT key FROM sessions")}
    assert "btv:expired" not in keys, "gone from the file, not only hidden"
    assert cache.get("btv:live") == {"answers": {"x": 2}}


def test_expired_answers_are_never_served_even_before_the_purge(app):
    cache = app.config["SESSION_CACHELIB"]
    cache.set("btv:stale", {"answers": {"x": 1}}, timeout=1)
    with sqlite3.connect(cache.path) as db:
        db.execute("UPDATE sessions SET expires = ? WHERE key = 'btv:stale'", (time.time() - 1,))
    assert cache.get("btv:stale") is None
    assert not cache.has("btv:stale")


def test_the_embedded_store_is_readable_by_the_owner_only(app):
    Wizard(app.test_client()).answer("about-you", {"age_band": "under_40"})
    folder = Path(app.instance_path)
    files = [p for p in folder.iterdir() if p.name.startswith("sessions.sqlite3")]
    assert {p.name for p in files} >= {"sessions.sqlite3", "sessions.sqlite3-wal"}
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in files)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_a_missing_secret_key_is_made_once_and_kept_private(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    config = {"QUESTIONS_FILE": str(QUESTIONS), "INSTANCE_PATH": str(tmp_path)}
    first = create_app(dict(config))
    key_file = tmp_path / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(first.config["SECRET_KEY"]) == 64
    assert create_app(dict(config)).config["SECRET_KEY"] == first.config["SECRET_KEY"]
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    assert create_app(dict(config)).config["SECRET_KEY"] == "from-the-environment"


def _read_secret_key(path: str, start, keys) -> None:  # noqa: ANN001
    start.wait(timeout=20)
    keys.put(webapp.storage.store.instance_secret(Path(path)))


def test_workers_starting_together_all_get_the_same_secret_key(tmp_path):
    """Eight workers starting at the same moment, 25 times: one key for all, every time."""
    context = multiprocessing.get_context("fork")
    differing = []
    stop_at = time.monotonic() + 60
    for number in range(25):
        path = str(tmp_path / f"secret_key-{number}")
        start, keys = context.Barrier(8), context.Queue()
        workers = [context.Process(target=_read_secret_key, args=(path, start, keys))
                   for _ in range(8)]
        for worker in workers:
            worker.start()
        found = {keys.get(timeout=20) for _ in workers}
        for worker in workers:
            worker.join(timeout=20)
        assert [worker.exitcode for worker in workers] == [0] * 8
        if found != {Path(path).read_text().strip()}:
            differing.append(number)
        assert time.monotonic() < stop_at, "bounded in time"
    assert differing == [], f"different keys in {len(differing)} of 25 rounds"
    assert stat.S_IMODE(Path(path).stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith("secret_key-")] == []


@pytest.mark.parametrize("https, secure", [(False, False), (True, True)])
def test_cookie_flags(tmp_path, request, https, secure):
    app = make_app(tmp_path, "embedded", request, HTTPS=https)
    client = app.test_client()
    client.get("/page/about-you")
    visit = client.get_cookie("visit")  # the form secret of a visitor who saved nothing yet
    assert visit.http_only and visit.same_site == "Lax"
    assert visit.secure is secure
    scheme = "https" if https else "http"  # the test client follows PREFERRED_URL_SCHEME
    Wizard(client).answer("about-you", {"age_band": "under_40"},
                          headers={"Referer": f"{scheme}://localhost/page/about-you"})
    cookie = client.get_cookie("session")
    assert cookie.http_only and cookie.same_site == "Lax"
    assert cookie.secure is secure
    assert client.get_cookie("visit") is None, "one cookie at a time"


def test_logs_of_a_full_walk_hold_no_answers(app, caplog):
    caplog.set_level(logging.DEBUG)
    client = app.test_client()
    wizard = Wizard(client)
    markers = ["Goal-marker-91", "Question-marker-92", "Medicine-marker-93"]
    wizard.walk({**MINIMAL_ANSWERS, "visit-goal": {"visit_goal": markers[0]},
                 "medicines": {"medicine_list-0-name": markers[2]},
                 "your-questions": {"own_questions": markers[1]}})
    client.get("/summary")
    client.get("/download")
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for marker in markers:
        assert marker not in logged


@pytest.mark.parametrize("store", ["redis", "embedded"])
def test_two_app_servers_sharing_a_store_serve_one_patient(store, request, tmp_path):
    """Redis: two machines. Embedded: two server processes sharing one instance folder."""
    env = {**os.environ, "SECRET_KEY": "shared-between-servers",
           "BTV_SESSION_KEY_PREFIX": "btv-two-servers:"}
    env.pop("REDIS_URL", None)
    if store == "redis":
        env["REDIS_URL"] = request.getfixturevalue("redis_url")
    instances = ([tmp_path / "m0", tmp_path / "m1"] if store == "redis"
                 else [tmp_path / "shared"] * 2)
    ports = [free_port(), free_port()]
    servers = [start_server(port, {**env, "BTV_INSTANCE_PATH": str(instances[i])},
                            tmp_path / f"server{i}.log") for i, port in enumerate(ports)]
    try:
        browser = Browser()
        answers = {
            "about-you": [("age_band", "age_65_plus"), ("drives", "yes")],
            "visit-goal": [("visit_goal", "Two-servers-marker")],
            "sleep-pattern": [("sleep_problems", "waking_early"),
                              ("sleep_problems", "unrefreshing"), ("nights_a_week", "5"),
                              ("problem_duration", "over_a_year")],
            "medicines": [("medicine_list-0-name", "Klonopin 0.5mg"),
                          ("medicine_list-0-how_long", "over_a_year")],
        }
        location, turn = "/page/about-you", 0
        while location.startswith("/page/"):
            base = f"http://127.0.0.1:{ports[turn % 2]}"
            page_id = location.split("/page/")[1]
            status, _, html = browser.open(base + location)
            assert status == 200, html
            token = CSRF_FIELD.search(html).group(1)
            status, location, html = browser.open(
                base + location, [("csrf_token", token), *answers.get(page_id, [])])
            assert status == 302, f"{page_id} on server {turn % 2}: {html[:2000]}"
            location = urllib.parse.urlsplit(location).path
            turn += 1
        assert location == "/check" and turn >= 10
        _, _, check = browser.open(f"http://127.0.0.1:{ports[0]}/check")
        _, _, summary = browser.open(f"http://127.0.0.1:{ports[1]}/summary")
        for text in ("65 or older", "I wake up too early", "5 nights a week", "Klonopin 0.5mg"):
            assert text in check
        assert "Two-servers-marker" in summary
        assert re.search(r"clonazepam", summary)
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)
    logs = "".join((tmp_path / f"server{i}.log").read_text() for i in range(2))
    assert "GET /page/about-you" in logs, "the access log was captured"
    assert "Two-servers-marker" not in logs and "Klonopin" not in logs


def test_a_patient_who_keeps_clicking_keeps_their_answers_alive(app, monkeypatch):
    import webapp.storage.store

    client = app.test_client()
    Wizard(client).answer("about-you", {"age_band": "under_40"})
    first = stored(app, client)["_seen_at"]
    client.get("/page/visit-goal")
    assert stored(app, client)["_seen_at"] == first, "not rewritten on every click"
    later = time.time() + 2 * webapp.storage.store.KEEP_ALIVE_EVERY
    monkeypatch.setattr(webapp.storage.store.time, "time", lambda: later)
    response = client.get("/page/visit-goal")
    assert stored(app, client)["_seen_at"] == int(later), "the expiry was pushed on"
    assert "Set-Cookie" in response.headers


def test_answer_files_of_the_old_file_store_are_deleted_on_start(tmp_path, request):
    old = tmp_path / "sessions"
    old.mkdir()
    for name in ("2029f6b1a5c9e8d7", "__wz_cache_count"):
        (old / name).write_bytes(b"\x00\x00\x00\x00answers of a patient")
    make_app(tmp_path, "embedded", request)
    assert not old.exists(), "files and folder gone"
    assert (tmp_path / "sessions.sqlite3").exists()


@pytest.mark.parametrize("any_store_app", ["embedded", "redis"], indirect=True)
def test_a_save_that_crossed_another_tab_is_applied_to_what_that_tab_stored(any_store_app):
    """Read, another tab saves, then save: the change is made to the newer value, so the
    other tab's page is kept (the Redis store compares what it read with what is stored)."""
    store = any_store_app.session_interface.store
    key = any_store_app.config["SESSION_KEY_PREFIX"] + "crossed"
    store.set(key, {"sleep_hours": 6}, 3600)
    value, seen = store.read(key)
    assert value == {"sleep_hours": 6}
    store.set(key, {"sleep_hours": 6, "caffeine_drinks": 2}, 3600)  # the other tab
    given = []
    assert store.update(key, lambda now: given.append(now) or {**now, "alcohol_days": 1},
                        3600, seen=seen)
    assert given[-1] == {"sleep_hours": 6, "caffeine_drinks": 2}  # applied last to the newer
    assert store.get(key) == {"sleep_hours": 6, "caffeine_drinks": 2, "alcohol_days": 1}
    store.delete(key)  # deleted in the other tab: a late save never brings it back
    assert not store.update(key, lambda now: None if now is None else {**now, "x": 1}, 3600,
                            seen=seen)
    assert store.get(key) is None


def test_saving_a_page_on_redis_is_one_read_and_one_write(tmp_path, request, monkeypatch):
    """Each round trip to Redis, often on another machine, adds to every click: saving a
    page reads the answers once and writes them once (no WATCH/MULTI/EXEC, no re-read)."""
    app = make_app(tmp_path, "redis", request)
    client = app.test_client()
    wizard = Wizard(client)
    path = "/page/about-you"
    wizard.answer("about-you", {"age_band": "age_65_plus"})  # the first save
    wizard.answer("about-you", {"age_band": "age_40_64"})  # Redis is sent the save script
    token = wizard.token(path)
    sent: list[str] = []
    redis_class = type(app.config["SESSION_REDIS"])
    execute = redis_class.execute_command

    def counted(self, *args, **options):  # noqa: ANN001, ANN002, ANN003, ANN202
        sent.append(str(args[0]).upper())
        return execute(self, *args, **options)

    monkeypatch.setattr(redis_class, "execute_command", counted)
    response = client.post(path, data={"csrf_token": token, "age_band": "under_40"})
    assert response.status_code == 302
    assert sent == ["GET", "EVALSHA"]
    assert stored(app, client)["answers"]["age_band"] == "under_40"


def test_redis_commands_survive_a_closed_connection_and_flushed_scripts(tmp_path, request):
    """Redis restarting closes the app's connections and forgets the save script: the next
    save makes a new connection, sends the script again, and keeps the answer."""
    app = make_app(tmp_path, "redis", request)
    client = app.test_client()
    wizard = Wizard(client)
    assert wizard.answer("about-you", {"age_band": "age_65_plus"}).status_code == 302
    other = redis.Redis.from_url(app.config["REDIS_URL"])
    assert other.client_kill_filter(_type="normal", skipme=True) >= 1
    other.script_flush()
    assert wizard.answer("about-you", {"age_band": "under_40"}).status_code == 302
    assert stored(app, client)["answers"]["age_band"] == "under_40"


def test_a_server_with_a_thread_a_request_keeps_no_redis_connection_a_request(
        tmp_path, request):
    """werkzeug's server (flask run, the browser tests) answers each request in a thread of
    its own: the Redis connections open stay as many as answer at once, not one a request
    (a connection kept a thread and never given back ran out at 100, then every patient got
    503)."""
    app = make_app(tmp_path, "redis", request)
    client = app.test_client()
    wizard = Wizard(client)
    assert wizard.answer("about-you", {"age_band": "age_65_plus"}).status_code == 302
    watcher = redis.Redis.from_url(app.config["REDIS_URL"])
    before = len(watcher.client_list(_type="normal"))
    pages: list[int] = []
    for _ in range(120):  # more than redis-py's pool would ever hold for one server
        thread = threading.Thread(
            target=lambda: pages.append(client.get("/page/visit-goal").status_code))
        thread.start()
        thread.join()
    assert pages == [200] * 120
    assert len(watcher.client_list(_type="normal")) <= before + 1


def _session_cookies(response) -> list[str]:
    return [value for value in response.headers.getlist("Set-Cookie")
            if value.startswith("session=")]


@pytest.mark.parametrize("app", ["embedded", "redis"], indirect=True)
def test_the_session_cookie_is_sent_again_when_the_expiry_is_pushed_on(app, monkeypatch):
    """The session id is sent when it is new, and again (with its expiry pushed on) when
    the keep-alive step pushes the answers' expiry on, at most once a minute; a save in
    between sends no cookie (the cookie then ends at most a minute before the answers)."""
    from datetime import UTC, datetime

    import webapp.storage.store

    client = app.test_client()
    wizard = Wizard(client)
    assert _session_cookies(wizard.answer("about-you", {"age_band": "under_40"}))
    sent = client.get_cookie("session")
    assert not _session_cookies(wizard.answer("about-you", {"age_band": "age_40_64"}))
    assert stored(app, client)["answers"]["age_band"] == "age_40_64"
    assert client.get_cookie("session").expires == sent.expires
    later = time.time() + 2 * webapp.storage.store.KEEP_ALIVE_EVERY
    monkeypatch.setattr(webapp.storage.store.time, "time", lambda: later)
    pushed = client.get("/page/visit-goal")  # the first click a minute on
    assert len(_session_cookies(pushed)) == 1
    lifetime = app.permanent_session_lifetime.total_seconds()
    expires = client.get_cookie("session").expires.timestamp()
    now = datetime.now(UTC).timestamp()  # the cookie's clock (time.time is moved on here)
    assert abs(expires - (now + lifetime)) < 5
    assert client.get_cookie("session").value == sent.value, "the same id"
