"""Answers in Redis (``REDIS_URL``): several app servers, on several machines, share them.

The same calls as the embedded store (:mod:`webapp.storage.session_db`): ``read``,
``get``, ``set``, ``update`` (atomic: a compare-and-set in one Lua script) and
``delete``. Redis deletes each session itself when its lifetime runs out. A Redis
that is down, hung or refusing writes raises
:class:`~webapp.storage.session_db.StoreUnavailable` within seconds.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Callable
from typing import Any, Protocol, cast

import redis
from redis.backoff import NoBackoff
from redis.exceptions import NoScriptError
from redis.retry import Retry

from .session_db import StoreUnavailable

#: Seconds to wait for Redis to accept a connection, and then for each answer. A session
#: is read or written in well under a millisecond; these only bound a Redis that hangs.
CONNECT_TIMEOUT = 2
ANSWER_TIMEOUT = 3


class Serializer(Protocol):
    def encode(self, session: Any) -> bytes: ...

    def decode(self, serialized_data: bytes) -> dict: ...


def connect(url: str) -> redis.Redis:
    """A client for ``url`` that never waits long; options in the URL take precedence.

    One retry, without delay, covers a pooled connection that Redis closed when it
    restarted; a Redis that is down costs a patient a few seconds, not a hung worker.
    """
    return redis.Redis.from_url(url, socket_connect_timeout=CONNECT_TIMEOUT,
                                socket_timeout=ANSWER_TIMEOUT, retry=Retry(NoBackoff(), 1))


def _store_call(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def call(self: RedisAnswers, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except redis.RedisError as error:
            raise StoreUnavailable(f"Redis: {type(error).__name__}: {error}") from error

    return call


#: Replace the value under KEYS[1] only if it still holds ARGV[1], the bytes read before:
#: then store ARGV[2] for ARGV[3] seconds and answer 1. Otherwise answer what it holds
#: now (nil once it is gone), for the caller to apply its change to.
REPLACE_IF_UNCHANGED = """
local now = redis.call('GET', KEYS[1])
if now == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
  return 1
end
return now
"""
#: Saves attempted on a value other requests keep changing before one goes through.
UPDATE_ATTEMPTS = 20


#: Counts the forks of this process: a connection made before the last fork is never used.
_FORKS = [0]
os.register_at_fork(after_in_child=lambda: _FORKS.__setitem__(0, _FORKS[0] + 1))


class RedisAnswers:
    """Sessions in Redis, each under its key with a lifetime in seconds.

    Each command is sent on a connection of this thread's own (taken from the client's
    pool the first time, and again in a forked worker) and its answer read there:
    redis-py's client takes a connection from its pool and puts it back, checks the
    process id twice, times and retries each command through several layers, about a
    third of what a GET costs the app. Failures are as redis-py's client gives them:
    a connection Redis closed (it restarted) is made again and the command sent once
    more; a second failure, or a Redis that does not answer within the client's
    timeouts, raises, and any failure closes the connection so that no half-read
    answer is ever taken for the next one.
    """

    def __init__(self, client: redis.Redis, serializer: Serializer) -> None:
        self.client = client
        self.serializer = serializer
        self._replace = client.register_script(REPLACE_IF_UNCHANGED)
        self._local = threading.local()

    def _command(self, *args: Any) -> Any:
        """Send one command and return Redis's answer as it came (bytes, int or None)."""
        local = self._local
        connection = getattr(local, "connection", None)
        if connection is None or local.forks != _FORKS[0]:
            if connection is not None:  # the parent's: redis-py closes only the child's copy
                connection.disconnect()
            # Taken from the pool and never given back: it stays the pool's to close.
            connection = local.connection = self.client.connection_pool.get_connection()
            local.forks = _FORKS[0]
        for attempt in (1, 2):
            try:
                connection.send_command(*args)
                return connection.read_response()
            except (redis.ConnectionError, redis.TimeoutError):
                connection.disconnect()
                if attempt == 2:
                    raise
            except redis.ResponseError:
                raise  # answered in full: the connection is fine
            except BaseException:
                connection.disconnect()
                raise
        raise AssertionError("unreachable")  # pragma: no cover

    def _replace_if_unchanged(self, key: str, raw: bytes, value: bytes, timeout: int) -> Any:
        try:
            return self._command("EVALSHA", self._replace.sha, 1, key, raw, value, timeout)
        except NoScriptError:  # Redis restarted, or its scripts were flushed: send it whole
            return self._command("EVAL", REPLACE_IF_UNCHANGED, 1, key, raw, value, timeout)

    @_store_call
    def read(self, key: str) -> tuple[Any, bytes | None]:
        """The session stored under ``key`` (or None), and the bytes it is stored as: pass
        them to :meth:`update` as ``seen`` to save without reading it again."""
        raw = cast("bytes | None", self._command("GET", key))
        return (None, None) if raw is None else (self.serializer.decode(raw), raw)

    def get(self, key: str) -> Any:
        """The session stored under ``key``, or None."""
        return self.read(key)[0]

    @_store_call
    def set(self, key: str, value: Any, timeout: int) -> bool:
        """Store ``value`` under ``key`` for ``timeout`` seconds."""
        return self._command("SET", key, self.serializer.encode(value), "EX", timeout) is not None

    @_store_call
    def update(self, key: str, change: Callable[[Any], Any], timeout: int,
               seen: bytes | None = None) -> bool:
        """Replace the value under ``key`` with ``change(value)``, atomically.

        ``change`` gets the value stored now (None if there is none) and returns the
        value to store, or None to store nothing. The new value is stored only if the
        stored one is still the one ``change`` was given (compared in Redis, in one
        script); if another write came in between, ``change`` is applied again to the
        newer value. ``seen``, the bytes :meth:`read` gave earlier in this request, saves
        reading it again: a save is then one round trip when nothing came in between.
        """
        raw = seen if seen is not None else cast("bytes | None", self._command("GET", key))
        for _ in range(UPDATE_ATTEMPTS):
            value = change(None if raw is None else self.serializer.decode(raw))
            if value is None:
                return False
            if raw is None:  # gone, or never there: store only if still nothing is
                if self._command("SET", key, self.serializer.encode(value), "EX", timeout,
                                 "NX") is not None:
                    return True
                raw = cast("bytes | None", self._command("GET", key))
                continue
            answer = self._replace_if_unchanged(key, raw, self.serializer.encode(value),
                                                timeout)
            if answer == 1:
                return True
            raw = cast("bytes | None", answer)
        raise redis.WatchError(f"{key!r} kept changing: {UPDATE_ATTEMPTS} attempts")

    @_store_call
    def delete(self, key: str) -> bool:
        """Remove ``key``; True if it was there."""
        return cast(int, self._command("DEL", key)) > 0
