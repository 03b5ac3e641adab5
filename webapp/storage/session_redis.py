"""Answers in Redis (``REDIS_URL``): several app servers, on several machines, share them.

The same calls as the embedded store (:mod:`webapp.storage.session_db`): ``read``,
``get``, ``set``, ``update`` (atomic: a compare-and-set in one Lua script) and
``delete``. Redis deletes each session itself when its lifetime runs out. A Redis
that is down, hung or refusing writes raises
:class:`~webapp.storage.session_db.StoreUnavailable` within seconds.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Protocol, cast

import redis
from redis.backoff import NoBackoff
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


class RedisAnswers:
    """Sessions in Redis, each under its key with a lifetime in seconds."""

    def __init__(self, client: redis.Redis, serializer: Serializer) -> None:
        self.client = client
        self.serializer = serializer
        self._replace = client.register_script(REPLACE_IF_UNCHANGED)

    @_store_call
    def read(self, key: str) -> tuple[Any, bytes | None]:
        """The session stored under ``key`` (or None), and the bytes it is stored as: pass
        them to :meth:`update` as ``seen`` to save without reading it again."""
        raw = cast("bytes | None", self.client.get(key))
        return (None, None) if raw is None else (self.serializer.decode(raw), raw)

    def get(self, key: str) -> Any:
        """The session stored under ``key``, or None."""
        return self.read(key)[0]

    @_store_call
    def set(self, key: str, value: Any, timeout: int) -> bool:
        """Store ``value`` under ``key`` for ``timeout`` seconds."""
        return bool(self.client.set(key, self.serializer.encode(value), ex=timeout))

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
        raw = seen if seen is not None else cast("bytes | None", self.client.get(key))
        for _ in range(UPDATE_ATTEMPTS):
            value = change(None if raw is None else self.serializer.decode(raw))
            if value is None:
                return False
            if raw is None:  # gone, or never there: store only if still nothing is
                if self.client.set(key, self.serializer.encode(value), ex=timeout, nx=True):
                    return True
                raw = cast("bytes | None", self.client.get(key))
                continue
            answer = self._replace(keys=[key],
                                   args=[raw, self.serializer.encode(value), timeout])
            if answer == 1:
                return True
            raw = cast("bytes | None", answer)
        raise redis.WatchError(f"{key!r} kept changing: {UPDATE_ATTEMPTS} attempts")

    @_store_call
    def delete(self, key: str) -> bool:
        """Remove ``key``; True if it was there."""
        return self.client.delete(key) > 0
