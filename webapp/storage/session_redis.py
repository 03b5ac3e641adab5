"""Answers in Redis (``REDIS_URL``): several app servers, on several machines, share them.

The same four calls as the embedded store (:mod:`webapp.storage.session_db`): ``get``,
``set``, ``update`` (atomic, with WATCH/MULTI) and ``delete``. Redis deletes each
session itself when its lifetime runs out. A Redis that is down, hung or refusing
writes raises :class:`~webapp.storage.session_db.StoreUnavailable` within seconds.
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


class RedisAnswers:
    """Sessions in Redis, each under its key with a lifetime in seconds."""

    def __init__(self, client: redis.Redis, serializer: Serializer) -> None:
        self.client = client
        self.serializer = serializer

    @_store_call
    def get(self, key: str) -> Any:
        """The session stored under ``key``, or None."""
        raw = self.client.get(key)
        return None if raw is None else self.serializer.decode(cast(bytes, raw))

    @_store_call
    def set(self, key: str, value: Any, timeout: int) -> bool:
        """Store ``value`` under ``key`` for ``timeout`` seconds."""
        return bool(self.client.set(key, self.serializer.encode(value), ex=timeout))

    @_store_call
    def update(self, key: str, change: Callable[[Any], Any], timeout: int) -> bool:
        """Replace the value under ``key`` with ``change(value)``, atomically (WATCH/MULTI).

        ``change`` gets the value stored now (None if there is none) and returns the
        value to store, or None to store nothing. If another write to ``key`` comes in
        between, Redis refuses this one and it is done again on the newer value.
        """

        def attempt(pipe: redis.client.Pipeline) -> bool:
            raw = pipe.get(key)
            value = change(None if raw is None else self.serializer.decode(cast(bytes, raw)))
            if value is None:
                pipe.unwatch()
                return False
            pipe.multi()
            pipe.set(key, self.serializer.encode(value), ex=timeout)
            return True

        # redis-py types the callable as returning None; value_from_callable returns its value.
        return bool(self.client.transaction(attempt, key,  # type: ignore[arg-type]
                                            value_from_callable=True))

    @_store_call
    def delete(self, key: str) -> bool:
        """Remove ``key``; True if it was there."""
        return self.client.delete(key) > 0
