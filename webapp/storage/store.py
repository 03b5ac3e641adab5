"""Where answers live: Flask-Session, with an embedded SQLite store or Redis.

- Default: one SQLite file in the instance folder (:mod:`webapp.storage.session_db`)
  that needs no server and serves every worker on the machine. It never evicts
  a live patient's answers to make room for others, and expired answers are
  swept from it every EXPIRED_SWEEP_SECONDS, leaving no trace on disk.
- With ``REDIS_URL`` set: Redis (:mod:`webapp.storage.session_redis`), so any number of
  app processes on any number of machines serve the same patient.

The cookie holds only a random session id, made when the patient first saves
(:mod:`webapp.storage.answer_sessions`). Answers expire after a time of inactivity
(PERMANENT_SESSION_LIFETIME, pushed on as the patient clicks).
"""

from __future__ import annotations

import os
import secrets
import tempfile
import time
from pathlib import Path

from flask import Flask, current_app, request, session

from .answer_sessions import KEEP_ALIVE_KEY, AnswerSessions, refuse_without_store, store_failed
from .session_db import SessionDatabase, StoreUnavailable

SECRET_KEY_FILE = "secret_key"
#: The folder of the first embedded store (one file a patient), replaced by SESSION_DB_FILE.
OLD_FILE_STORE = "sessions"
#: The embedded store's file, in the instance folder.
SESSION_DB_FILE = "sessions.sqlite3"
#: Seconds between two sweeps of expired answers from the embedded store, by a thread in each
#: serving process (EXPIRED_SWEEP_SECONDS overrides it). Expired answers are never served
#: meanwhile; they are gone from the disk at most this long after they expire.
EXPIRED_SWEEP_SECONDS = 60


def init_store(app: Flask) -> None:
    """Set up the secret key, the cookie and the server-side session store for ``app``.

    An instance folder or store that cannot be written does not stop the app: it
    says so in one line of the log, and answers 503 to whatever needs the store,
    so that a worker restarting onto it never takes the whole service down.
    """
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = (os.environ.get("SECRET_KEY")
                                    or instance_secret(instance / SECRET_KEY_FILE))
    if app.config.get("HTTPS"):
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["PREFERRED_URL_SCHEME"] = "https"
    redis_url = app.config.get("REDIS_URL") or os.environ.get("REDIS_URL")
    if redis_url and not app.config.get("SESSION_TYPE"):
        from .session_redis import connect

        app.config["SESSION_TYPE"] = "redis"
        app.config["SESSION_REDIS"] = connect(redis_url)
    app.config.setdefault("SESSION_TYPE", "cachelib")
    if app.config["SESSION_TYPE"] == "cachelib" and not app.config.get("SESSION_CACHELIB"):
        app.config["SESSION_CACHELIB"] = SessionDatabase(instance / SESSION_DB_FILE)
        _remove_old_file_store(app, instance / OLD_FILE_STORE)
    app.config.setdefault("SESSION_PERMANENT", True)
    # Rewriting the store on every click costs a tenth of the throughput; instead the
    # expiry is pushed on at most once a minute (see _keep_alive), so answers still
    # expire the set time after the last click, give or take a minute. The session
    # cookie's expiry is pushed on at the same time (and sent again only then).
    app.config["SESSION_REFRESH_EACH_REQUEST"] = False  # Flask's own default is True
    app.config.setdefault("SESSION_KEY_PREFIX", "btv:")
    app.session_interface = _session_interface(app)
    app.before_request(refuse_without_store)
    app.register_error_handler(StoreUnavailable, store_failed)
    app.before_request(_keep_alive)
    cache = app.config.get("SESSION_CACHELIB")
    if isinstance(cache, SessionDatabase):
        try:
            cache.check_writable()
            cache.purge_expired()
        except StoreUnavailable as problem:
            app.logger.error("The instance folder %s cannot be written, so answers cannot be "
                             "saved: patients are shown 'We cannot reach your saved answers "
                             "right now' until it is writable (%s)", instance, problem)
        every = float(app.config.get("EXPIRED_SWEEP_SECONDS", EXPIRED_SWEEP_SECONDS))

        @app.before_request
        def sweep_expired_answers() -> None:
            cache.sweep_in_background(every)  # once per process, from its first request


def _session_interface(app: Flask) -> AnswerSessions:
    prefix = app.config["SESSION_KEY_PREFIX"]
    if app.config["SESSION_TYPE"] == "redis":
        from .session_redis import RedisAnswers

        interface = AnswerSessions(app, None, prefix)
        interface.store = RedisAnswers(app.config["SESSION_REDIS"], interface.serializer)
        return interface
    if app.config["SESSION_TYPE"] != "cachelib":
        raise ValueError(f"SESSION_TYPE must be cachelib or redis, not "
                         f"{app.config['SESSION_TYPE']!r}")
    return AnswerSessions(app, app.config["SESSION_CACHELIB"], prefix)


#: Seconds between two pushes of a session's expiry while the patient keeps clicking.
KEEP_ALIVE_EVERY = 60


def _keep_alive() -> None:
    """Push the expiry of a session in use on, at most once a minute (it saves the session)."""
    current = session._get_current_object()  # type: ignore[attr-defined]  # one look-up
    if current and time.time() - current.get(KEEP_ALIVE_KEY, 0) >= KEEP_ALIVE_EVERY:
        current[KEEP_ALIVE_KEY] = int(time.time())


def _remove_old_file_store(app: Flask, folder: Path) -> None:
    """Delete the answers an earlier version kept one file a patient, and their folder.

    Their keys are hashed into the file names, so they cannot be moved into the
    new store; left alone, nothing would ever delete them.
    """
    try:
        paths = list(folder.iterdir()) if folder.is_dir() else None
    except FileNotFoundError:  # another worker starting at the same time got there first
        paths = None
    if paths is None:
        return
    removed = 0
    try:
        for path in paths:
            if path.is_file():
                path.unlink(missing_ok=True)
                removed += 1
        folder.rmdir()
    except OSError:
        return  # something else was put there, or the folder is read-only: leave it
    app.logger.warning("Removed %d answer files of the old file store in %s "
                       "(answers are now kept in %s).", removed, folder, SESSION_DB_FILE)


def session_was_lost() -> bool:
    """True when the browser sent a session cookie the store no longer knows (expired)."""
    sent = request.cookies.get(current_app.config["SESSION_COOKIE_NAME"])
    return bool(sent) and sent != getattr(session, "sid", None)


def instance_secret(path: Path) -> str:
    """The key kept in the instance folder, made once, readable by its owner only.

    Workers starting at the same moment may all find no key: each writes a key of
    its own to a temporary file and links it into place, which only the first can
    do. Every worker then reads that first key.
    """
    key = _read_key(path)
    if key is None:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
        try:
            with os.fdopen(handle, "w", encoding="ascii") as file:  # mkstemp: mode 0600
                file.write(secrets.token_hex(32))
            os.link(temporary, path)
        except FileExistsError:
            pass  # another worker's key is in place
        finally:
            os.unlink(temporary)
        key = _read_key(path)
    if not key:
        raise RuntimeError(f"{path} is empty: delete it and start the app again")
    return key


def _read_key(path: Path) -> str | None:
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return None
