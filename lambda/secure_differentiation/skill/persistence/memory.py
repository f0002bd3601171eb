"""An in-process backend: for tests, the benchmark and nothing else."""

from __future__ import annotations

import copy
import threading
import time
from typing import Any

from .base import (
    STALE_MESSAGE,
    VERSION_KEY,
    EpochClock,
    StaleStateError,
    VersionedPersistenceAdapter,
    expiry_after,
)


class InMemoryPersistenceAdapter(VersionedPersistenceAdapter):
    """Keeps records in a dict, with the same version and expiry rules as the real backends.

    Counts calls so tests and the benchmark can check the storage budget
    (at most one read and one write per request). `records` maps a userId to
    (version, attributes); `expires` to the epoch second a record expires
    (a record placed in `records` directly never does).
    """

    def __init__(self, clock: EpochClock = time.time) -> None:
        self.records: dict[str, tuple[int, dict[str, Any]]] = {}
        self.expires: dict[str, int] = {}
        self.reads = 0
        self.writes = 0
        self._clock = clock
        self._lock = threading.Lock()

    def _drop_if_expired(self, user_id: str) -> None:
        expires = self.expires.get(user_id)
        if expires is not None and expires <= self._clock():
            self.records.pop(user_id, None)
            self.expires.pop(user_id, None)

    def load(self, user_id: str) -> dict[str, Any]:
        with self._lock:
            self.reads += 1
            self._drop_if_expired(user_id)
            version, attributes = self.records.get(user_id, (0, {}))
            loaded = copy.deepcopy(attributes)
            loaded[VERSION_KEY] = version
            return loaded

    def save(self, user_id: str, attributes: dict[str, Any]) -> None:
        with self._lock:
            self.writes += 1
            self._drop_if_expired(user_id)
            expected = int(attributes.get(VERSION_KEY, 0))
            current, _ = self.records.get(user_id, (0, {}))
            if current != expected:
                raise StaleStateError(STALE_MESSAGE)
            body = {k: copy.deepcopy(v) for k, v in attributes.items() if k != VERSION_KEY}
            self.records[user_id] = (expected + 1, body)
            self.expires[user_id] = expiry_after(self._clock())
            attributes[VERSION_KEY] = expected + 1

    def delete(self, user_id: str) -> None:
        with self._lock:
            self.writes += 1
            self.records.pop(user_id, None)
            self.expires.pop(user_id, None)
