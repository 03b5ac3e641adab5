"""Answers in Redis (``REDIS_URL``): several app servers, on several machines, share them.

The same four calls as the embedded store (:mod:`webapp.session_db`): ``get``,
``set``, ``update`` (atomic, with WATCH/MULTI) and ``delete``. Redis deletes each
session itself when its lifetime runs out.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

import redis


class Serializer(Protocol):
    def encode(self, session: Any) -> bytes: ...

    def decode(self, serialized_data: bytes) -> dict: ...


class RedisAnswers:
    """Sessions in Redis, each under its key with a lifetime in seconds."""

    def __init__(self, client: redis.Redis, serializer: Serializer) -> None:
        self.client = client
        self.serializer = serializer

    def get(self, key: str) -> Any:
        """The session stored under ``key``, or None."""
        raw = self.client.get(key)
        return None if raw is None else self.serializer.decode(raw)

    def set(self, key: str, value: Any, timeout: int) -> bool:
        """Store ``value`` under ``key`` for ``timeout`` seconds."""
        return bool(self.client.set(key, self.serializer.encode(value), ex=timeout))

    def update(self, key: str, change: Callable[[Any], Any], timeout: int) -> bool:
        """Replace the value under ``key`` with ``change(value)``, atomically (WATCH/MULTI).

        ``change`` gets the value stored now (None if there is none) and returns the
        value to store, or None to store nothing. If another write to ``key`` comes in
        between, Redis refuses this one and it is done again on the newer value.
        """

        def attempt(pipe: redis.client.Pipeline) -> bool:
            raw = pipe.get(key)
            value = change(None if raw is None else self.serializer.decode(raw))
            if value is None:
                pipe.unwatch()
                return False
            pipe.multi()
            pipe.set(key, self.serializer.encode(value), ex=timeout)
            return True

        return self.client.transaction(attempt, key, value_from_callable=True)

    def delete(self, key: str) -> bool:
        """Remove ``key``; True if it was there."""
        return self.client.delete(key) > 0
