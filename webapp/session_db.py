"""The embedded answer store: one SQLite file in the instance folder.

Flask-Session keeps each patient's session here through cachelib's interface
(``get``/``set``/``delete`` with a lifetime). SQLite in write-ahead-log mode
suits a store that every click writes:

- every write is atomic, so a reader in another worker never sees half a session;
- several gunicorn workers on one machine share the file safely;
- a write is one small transaction, not a new file renamed over the old one
  (which on ext4 waits for the disk: that cost the file store about a sixth of
  its throughput, see docs/benchmarks.md);
- nothing is evicted to make room: a patient's answers stay until they expire;
- values are JSON, never pickle: a tampered file cannot run code.

For several machines, use Redis (``REDIS_URL``) instead.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import threading
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from cachelib import BaseCache

#: Seconds a write waits for another worker's write to finish before giving up.
BUSY_TIMEOUT = 10

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    expires REAL NOT NULL  -- seconds since the epoch; 0 = never
) WITHOUT ROWID
"""


class SessionDatabase(BaseCache):
    """A cachelib cache in one SQLite file, readable by its owner only; no eviction."""

    def __init__(self, path: str | Path, default_timeout: int = 300) -> None:
        super().__init__(default_timeout)
        self.path = Path(path)
        self.purged_at = 0.0
        self._local = threading.local()
        if not self.path.exists():
            # Made by us first so SQLite's own files (-wal, -shm) copy its 0600 mode.
            os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o600))
        self._set_up()

    def _set_up(self) -> None:
        """Turn on write-ahead logging (kept in the file) and make the table.

        Workers that start together race for the lock that changing the journal
        mode needs, and SQLite does not wait for it: it answers "database is
        locked" at once, or leaves the mode as it was. So this tries again, for
        up to BUSY_TIMEOUT seconds.
        """
        deadline = time.monotonic() + BUSY_TIMEOUT
        while True:
            try:
                db = self._db()
                if db.execute("PRAGMA journal_mode=WAL").fetchone()[0] == "wal":
                    db.execute(_SCHEMA)
                    return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise
            if time.monotonic() > deadline:
                raise sqlite3.OperationalError(f"could not turn on WAL for {self.path}")
            time.sleep(0.01 + random.random() * 0.04)

    def _db(self) -> sqlite3.Connection:
        """This thread's connection (a forked worker opens its own)."""
        local = self._local
        if getattr(local, "pid", None) != os.getpid():
            local.db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT, isolation_level=None,
                                       check_same_thread=False)
            local.db.execute("PRAGMA synchronous=NORMAL")  # this connection only, no lock
            local.pid = os.getpid()
        return local.db

    def _expires(self, timeout: int | timedelta | None) -> float:
        seconds = self._normalize_timeout(timeout)
        return time.time() + seconds if seconds > 0 else 0.0

    def get(self, key: str) -> Any:
        """The value stored under ``key``, or None when missing or expired."""
        row = self._db().execute(
            "SELECT value FROM sessions WHERE key = ? AND (expires = 0 OR expires > ?)",
            (key, time.time())).fetchone()
        return None if row is None else json.loads(row[0])

    def set(self, key: str, value: Any, timeout: int | timedelta | None = None) -> bool:
        """Store ``value`` (anything JSON can hold) under ``key`` for ``timeout`` seconds."""
        self._db().execute(
            "INSERT OR REPLACE INTO sessions (key, value, expires) VALUES (?, ?, ?)",
            (key, json.dumps(value, separators=(",", ":")), self._expires(timeout)))
        return True

    def add(self, key: str, value: Any, timeout: int | timedelta | None = None) -> bool:
        """Store ``value`` only if ``key`` holds nothing live; True if it was stored."""
        db = self._db()
        with db:
            db.execute("BEGIN IMMEDIATE")
            if self.has(key):
                return False
            self.set(key, value, timeout)
            return True

    def delete(self, key: str) -> bool:
        """Remove ``key``; True if it was there."""
        return self._db().execute("DELETE FROM sessions WHERE key = ?", (key,)).rowcount > 0

    def has(self, key: str) -> bool:
        """Whether ``key`` holds a value that has not expired."""
        return self._db().execute(
            "SELECT 1 FROM sessions WHERE key = ? AND (expires = 0 OR expires > ?)",
            (key, time.time())).fetchone() is not None

    def clear(self) -> bool:
        """Remove every session."""
        self._db().execute("DELETE FROM sessions")
        return True

    def purge_expired(self, now: float | None = None) -> int:
        """Delete every expired session now; returns how many were deleted."""
        self.purged_at = time.time() if now is None else now
        return self._db().execute("DELETE FROM sessions WHERE expires > 0 AND expires <= ?",
                                  (self.purged_at,)).rowcount

    def count(self) -> int:
        """How many sessions are stored, expired ones not yet purged included."""
        return self._db().execute("SELECT count(*) FROM sessions").fetchone()[0]
