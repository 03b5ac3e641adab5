"""Where answers live: Flask-Session with an embedded file store that needs no server.

The cookie holds only a random session id. Answers expire after a time of
inactivity (PERMANENT_SESSION_LIFETIME, refreshed on every request). The store
never evicts a live patient's answers to make room for others (threshold 0).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from cachelib import FileSystemCache
from flask import Flask
from flask_session import Session

SECRET_KEY_FILE = "secret_key"


def init_store(app: Flask) -> None:
    """Set up the secret key and the server-side session store for ``app``."""
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = (os.environ.get("SECRET_KEY")
                                    or _instance_secret(instance / SECRET_KEY_FILE))
    app.config.setdefault("SESSION_TYPE", "cachelib")
    if app.config["SESSION_TYPE"] == "cachelib" and not app.config.get("SESSION_CACHELIB"):
        app.config["SESSION_CACHELIB"] = FileSystemCache(
            str(instance / "sessions"), threshold=0, mode=0o600
        )
    app.config.setdefault("SESSION_PERMANENT", True)
    app.config.setdefault("SESSION_REFRESH_EACH_REQUEST", True)
    app.config.setdefault("SESSION_KEY_PREFIX", "btv:")
    Session(app)


def _instance_secret(path: Path) -> str:
    """Read the key kept in the instance folder, or make one, readable by the owner only."""
    try:
        key = path.read_text(encoding="ascii").strip()
        if key:
            return key
    except FileNotFoundError:
        pass
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key)
    return key
