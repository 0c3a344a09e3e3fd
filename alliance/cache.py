"""A Redis cache that misses instead of failing while Redis is down or hung.

Nothing the platform keeps in the cache is the only copy: cached figures are recomputed from
PostgreSQL, rate-limit counters start again, a recompute mark only merges work. So when Redis
does not answer, a read is a miss and a write is dropped, and the page is served. After a failure
the process leaves Redis alone for a few seconds, so an outage costs one short timeout per
process rather than one per cache call. Rate limits therefore do not count while Redis is away
(they fail open); the security log and the database keep working.
"""

from __future__ import annotations

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)

PAUSE_SECONDS = 5.0


class KeptClientRedisCacheClient(RedisCacheClient):
    """Django's client, keeping one redis.Redis per connection pool instead of making one for
    every cache call (each builds a table of about 200 response callbacks: a rate-limited post
    made three). A redis.Redis takes a pooled connection per command, so threads may share it.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None or client.connection_pool is not pool:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    _paused_until = 0.0
    _lock = threading.Lock()

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = KeptClientRedisCacheClient

    def _down(self) -> bool:
        return time.monotonic() < ResilientRedisCache._paused_until

    def _failed(self, operation: str) -> None:
        with ResilientRedisCache._lock:
            first = not self._down()
            ResilientRedisCache._paused_until = time.monotonic() + PAUSE_SECONDS
        if first:
            logger.warning("Redis did not answer (%s); the cache misses for now.", operation)

    def _guard(self, operation: str, default, call):
        if self._down():
            return default
        try:
            return call()
        except Exception as exc:  # redis.RedisError, OSError: Redis away or hung
            if isinstance(exc, ValueError | TypeError):  # a caller's mistake, not an outage
                raise
            self._failed(operation)
            return default

    def get(self, key, default=None, version=None):
        return self._guard(
            "get", default, lambda: super(ResilientRedisCache, self).get(key, default, version)
        )

    def get_many(self, keys, version=None):
        return self._guard(
            "get_many", {}, lambda: super(ResilientRedisCache, self).get_many(keys, version)
        )

    def has_key(self, key, version=None):
        return self._guard(
            "has_key", False, lambda: super(ResilientRedisCache, self).has_key(key, version)
        )

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        # True: the caller goes on as if it were first (a rate limit counts from 1, work is
        # queued rather than merged).
        return self._guard(
            "add", True, lambda: super(ResilientRedisCache, self).add(key, value, timeout, version)
        )

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(
            "set", None, lambda: super(ResilientRedisCache, self).set(key, value, timeout, version)
        )

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(
            "set_many",
            [],
            lambda: super(ResilientRedisCache, self).set_many(data, timeout, version),
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(
            "touch", False, lambda: super(ResilientRedisCache, self).touch(key, timeout, version)
        )

    def delete(self, key, version=None):
        return self._guard(
            "delete", False, lambda: super(ResilientRedisCache, self).delete(key, version)
        )

    def delete_many(self, keys, version=None):
        return self._guard(
            "delete_many", None, lambda: super(ResilientRedisCache, self).delete_many(keys, version)
        )

    def incr(self, key, delta=1, version=None):
        # While Redis is away a counter is unknown: report it missing, as Django does.
        result = self._guard(
            "incr", None, lambda: super(ResilientRedisCache, self).incr(key, delta, version)
        )
        if result is None:
            raise ValueError(f"Key '{key}' not found")
        return result

    def clear(self):
        return self._guard("clear", False, lambda: super(ResilientRedisCache, self).clear())

    def count_hits(
        self, windows: list[tuple[str, int]], *, increment: bool = True, version=None
    ) -> list[int] | None:
        """Counters of fixed windows, all in one round trip: for each (key, seconds), count one
        more hit (when `increment`) and return the count so far. Redis deletes a counter as its
        window ends. None while Redis does not answer."""

        def call() -> list[int]:
            keys = [(self.make_and_validate_key(key, version), seconds) for key, seconds in windows]
            pipe = self._cache.get_client(write=True).pipeline(transaction=False)
            for key, seconds in keys:
                if increment:
                    pipe.incr(key)
                    pipe.expire(key, seconds, nx=True)
                else:
                    pipe.get(key)
            replies = pipe.execute()
            return [int(count or 0) for count in (replies[::2] if increment else replies)]

        return self._guard("count_hits", None, call)


def cache_pause_reset() -> None:
    """Forget an earlier failure (the tests call this between tests)."""
    ResilientRedisCache._paused_until = 0.0
