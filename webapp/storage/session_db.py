"""The embedded answer store: one SQLite file in the instance folder.

Flask-Session keeps each patient's session here through cachelib's interface
(``get``/``set``/``delete`` with a lifetime), plus :meth:`SessionDatabase.update`,
which changes one session atomically. SQLite in write-ahead-log mode suits a store
that every click writes:

- every write is atomic, so a reader in another worker never sees half a session;
- several gunicorn workers on one machine share the file safely;
- a write is one small transaction, not a new file renamed over the old one
  (which on ext4 waits for the disk: that cost the file store about a sixth of
  its throughput, see docs/benchmarks.md);
- nothing is evicted to make room: a patient's answers stay until they expire;
- values are JSON, never pickle: a tampered file cannot run code.

Deleted answers leave no byte behind: every connection turns on ``secure_delete``
(SQLite then overwrites deleted content with zeros), and after every delete the
write-ahead log, which still holds earlier copies of the pages, is copied into
the file and truncated to nothing. The ``-shm`` file holds only the log's index
(page numbers), never answers. A daemon thread in each serving process deletes
expired answers on time, even when no request arrives.

A store that cannot be used (read-only, deleted or replaced while the app runs,
locked for too long) raises :class:`StoreUnavailable` instead of losing or
serving stale answers. For several machines, use Redis (``REDIS_URL``) instead.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import random
import sqlite3
import threading
import time
import weakref
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from cachelib import BaseCache

#: Seconds a write waits for another worker's write to finish before giving up.
BUSY_TIMEOUT = 10
#: At most this often (seconds) a process checks that the file is still the one it opened.
FILE_CHECK_EVERY = 1.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    expires REAL NOT NULL  -- seconds since the epoch; 0 = never
) WITHOUT ROWID
"""
_LIVE = "key = ? AND (expires = 0 OR expires > ?)"

log = logging.getLogger(__name__)


class StoreUnavailable(Exception):
    """The answer store cannot be used right now: nothing was read or saved."""


def _store_call(method: Callable[..., Any]) -> Callable[..., Any]:
    """Turn the database's own errors into :class:`StoreUnavailable`, and reconnect next time."""

    @functools.wraps(method)
    def call(self: SessionDatabase, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except (sqlite3.DatabaseError, OSError) as error:
            self._forget_connection()
            raise StoreUnavailable(f"{self.path}: {error}") from error

    return call


class SessionDatabase(BaseCache):
    """A cachelib cache in one SQLite file, readable by its owner only; no eviction."""

    def __init__(self, path: str | Path, default_timeout: int = 300) -> None:
        super().__init__(default_timeout)
        self.path = Path(path)
        self.purged_at = 0.0
        self._local = threading.local()
        self._ready = False  # the file exists, in WAL mode, with its table
        self._identity: tuple[int, int] | None = None  # (device, inode) of the file opened
        self._checked_at = 0.0
        self._moved = False
        self._checkpoint_due = False
        self._sweeper_pid: int | None = None

    # --- connections ---------------------------------------------------------------------

    def _db(self) -> sqlite3.Connection:
        """This thread's connection (a forked worker opens its own), on the file first opened."""
        local = self._local
        if getattr(local, "pid", None) != os.getpid():
            local.db = self._connect()
            local.pid = os.getpid()
        self._check_file()
        return local.db

    def _connect(self) -> sqlite3.Connection:
        if self._identity is not None and self._file_identity() != self._identity:
            self._moved = True
            self._check_file()
        if not self.path.exists():
            # Made by us first so SQLite's own files (-wal, -shm) copy its 0600 mode.
            os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o600))
        db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT, isolation_level=None,
                             check_same_thread=False)
        try:
            db.execute("PRAGMA secure_delete=ON")  # whatever SQLite's build default is
            db.execute("PRAGMA synchronous=NORMAL")  # this connection only, no lock
            if not self._ready:
                self._set_up(db)
            identity = self._file_identity()
            if self._identity is None:
                self._identity = identity
            elif identity != self._identity:
                self._moved = True
                self._check_file()
        except BaseException:
            db.close()
            raise
        return db

    def _set_up(self, db: sqlite3.Connection) -> None:
        """Turn on write-ahead logging (kept in the file) and make the table.

        Workers that start together race for the lock that changing the journal
        mode needs, and SQLite does not wait for it: it answers "database is
        locked" at once, or leaves the mode as it was. So this tries again, for
        up to BUSY_TIMEOUT seconds.
        """
        deadline = time.monotonic() + BUSY_TIMEOUT
        while True:
            try:
                if db.execute("PRAGMA journal_mode=WAL").fetchone()[0] == "wal":
                    db.execute(_SCHEMA)
                    self._ready = True
                    return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise
            if time.monotonic() > deadline:
                raise sqlite3.OperationalError(f"could not turn on WAL for {self.path}")
            time.sleep(0.01 + random.random() * 0.04)

    def _file_identity(self) -> tuple[int, int] | None:
        try:
            found = os.stat(self.path)
        except FileNotFoundError:
            return None
        return found.st_dev, found.st_ino

    def _check_file(self) -> None:
        """Refuse to go on if the file was deleted or replaced since it was opened.

        Writing on would save answers into a file nobody else reads (and serve
        answers a clinic deleted). Checked at most once a second: one stat call.
        """
        now = time.monotonic()
        if now - self._checked_at >= FILE_CHECK_EVERY:
            self._checked_at = now
            self._moved = self._file_identity() != self._identity
        if self._moved:
            raise StoreUnavailable(
                f"{self.path} was deleted or replaced while the app was running: answers are "
                "refused until the app is restarted")

    def _forget_connection(self) -> None:
        """Close this thread's connection; the next call opens a new one (e.g. once writable)."""
        db = getattr(self._local, "db", None)
        self._local.pid = None
        self._local.db = None
        if db is not None:
            db.close()

    @_store_call
    def check_writable(self) -> None:
        """Raise :class:`StoreUnavailable` unless a session could be saved right now."""
        probe = self.path.with_name(f".{self.path.name}-probe-{os.getpid()}")
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        probe.unlink()
        db = self._db()
        db.execute("BEGIN IMMEDIATE")  # takes the write lock: needs the files writable
        db.execute("ROLLBACK")

    # --- cachelib's interface ------------------------------------------------------------

    def _expires(self, timeout: int | timedelta | None) -> float:
        seconds = self._normalize_timeout(timeout)
        return time.time() + seconds if seconds > 0 else 0.0

    @_store_call
    def get(self, key: str) -> Any:
        """The value stored under ``key``, or None when missing or expired."""
        row = self._db().execute(f"SELECT value FROM sessions WHERE {_LIVE}",
                                 (key, time.time())).fetchone()
        return None if row is None else json.loads(row[0])

    def read(self, key: str) -> tuple[Any, None]:
        """The value stored under ``key`` (or None), as :meth:`get`; and None where the
        Redis store gives the stored bytes (a save here reads in its own transaction)."""
        return self.get(key), None

    @_store_call
    def set(self, key: str, value: Any, timeout: int | timedelta | None = None) -> bool:
        """Store ``value`` (anything JSON can hold) under ``key`` for ``timeout`` seconds."""
        self._write(self._db(), key, value, timeout)
        return True

    def _write(self, db: sqlite3.Connection, key: str, value: Any,
               timeout: int | timedelta | None) -> None:
        db.execute("INSERT OR REPLACE INTO sessions (key, value, expires) VALUES (?, ?, ?)",
                   (key, json.dumps(value, separators=(",", ":")), self._expires(timeout)))

    @_store_call
    def update(self, key: str, change: Callable[[Any], Any],
               timeout: int | timedelta | None = None, seen: None = None) -> bool:
        """Replace the live value under ``key`` with ``change(value)``, atomically.

        ``change`` gets the value stored now (None if there is none) and returns the
        value to store, or None to store nothing. No other write comes in between.
        True if something was stored. ``seen`` is the Redis store's (see :meth:`read`).
        """
        db = self._db()
        db.execute("BEGIN IMMEDIATE")
        try:
            row = db.execute(f"SELECT value FROM sessions WHERE {_LIVE}",
                             (key, time.time())).fetchone()
            value = change(None if row is None else json.loads(row[0]))
            if value is not None:
                self._write(db, key, value, timeout)
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        return value is not None

    def add(self, key: str, value: Any, timeout: int | timedelta | None = None) -> bool:
        """Store ``value`` only if ``key`` holds nothing live; True if it was stored."""
        return self.update(key, lambda now: value if now is None else None, timeout)

    @_store_call
    def delete(self, key: str) -> bool:
        """Remove ``key`` and every trace of it on disk; True if it was there."""
        deleted = self._db().execute("DELETE FROM sessions WHERE key = ?", (key,)).rowcount > 0
        if deleted:
            self._erase_log()
        return deleted

    @_store_call
    def has(self, key: str) -> bool:
        """Whether ``key`` holds a value that has not expired."""
        return self._db().execute(f"SELECT 1 FROM sessions WHERE {_LIVE}",
                                  (key, time.time())).fetchone() is not None

    @_store_call
    def clear(self) -> bool:
        """Remove every session, and every trace of them on disk."""
        self._db().execute("DELETE FROM sessions")
        self._erase_log()
        return True

    @_store_call
    def purge_expired(self, now: float | None = None) -> int:
        """Delete every expired session now, leaving no trace on disk; how many were deleted."""
        self.purged_at = time.time() if now is None else now
        deleted = self._db().execute("DELETE FROM sessions WHERE expires > 0 AND expires <= ?",
                                     (self.purged_at,)).rowcount
        if deleted or self._checkpoint_due:
            self._erase_log()
        return deleted

    @_store_call
    def count(self) -> int:
        """How many sessions are stored, expired ones not yet purged included."""
        return self._db().execute("SELECT count(*) FROM sessions").fetchone()[0]

    def _erase_log(self) -> None:
        """Copy the write-ahead log into the file and truncate it to nothing.

        The log keeps earlier copies of every page written, deleted answers
        included, until it is checkpointed. A checkpoint waits (up to BUSY_TIMEOUT)
        for readers of older pages; if one keeps it busy even so, that is logged and
        the next sweep of this process tries again.
        """
        busy, _, _ = self._db().execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        self._checkpoint_due = bool(busy)
        if busy:
            log.warning("The write-ahead log of %s is kept busy by a reader: deleted answers "
                        "are erased from it at the next sweep.", self.path)

    # --- sweeping expired answers --------------------------------------------------------

    def sweep_in_background(self, every: float) -> None:
        """Delete expired answers every ``every`` seconds from a daemon thread of this process.

        Started once per process, lazily from a request (so in each gunicorn worker,
        never in the master before it forks); it stops when the store is dropped.
        """
        if self._sweeper_pid == os.getpid():
            return
        self._sweeper_pid = os.getpid()  # two threads racing here make two sweepers: harmless
        threading.Thread(target=_sweep, args=(weakref.ref(self), every),
                         name="expired-answers-sweeper", daemon=True).start()


#: Held while a sweeper works, and across fork(): a child never inherits SQLite mid-call.
_SWEEPING = threading.Lock()
os.register_at_fork(before=_SWEEPING.acquire, after_in_parent=_SWEEPING.release,
                    after_in_child=_SWEEPING.release)


def _sweep(store: weakref.ref[SessionDatabase], every: float) -> None:
    while True:
        time.sleep(every)
        database = store()
        if database is None:
            return
        with _SWEEPING:
            try:
                database.purge_expired()
            except StoreUnavailable as problem:
                log.error("Expired answers could not be deleted: %s", problem)
        del database
