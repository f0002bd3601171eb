"""An in-process backend: for tests, the benchmark and nothing else."""

from __future__ import annotations

import copy
import threading
import time
from collections.abc import Sequence
from typing import Any

from .base import (
    STALE_MESSAGE,
    VERSION_KEY,
    EpochClock,
    StaleStateError,
    VersionedPersistenceAdapter,
    Write,
    expiry_after,
    record_id,
)


class InMemoryPersistenceAdapter(VersionedPersistenceAdapter):
    """Keeps records in a dict, with the same version and expiry rules as the real backends.

    Counts calls so tests and the benchmark can check the storage budget:
    `reads` counts records read, `writes` counts write calls (an atomic write
    of two records is one). `records` maps a record's key (`record_id`: the
    userId for the account's practice) to (version, attributes); `expires` to
    the epoch second a record expires (a record placed in `records` directly
    never does); `households` a person's record key to its account's userId.
    """

    def __init__(self, clock: EpochClock = time.time) -> None:
        self.records: dict[str, tuple[int, dict[str, Any]]] = {}
        self.expires: dict[str, int] = {}
        self.households: dict[str, str] = {}
        self.reads = 0
        self.writes = 0
        self._clock = clock
        self._lock = threading.Lock()

    def _drop_if_expired(self, key: str) -> None:
        expires = self.expires.get(key)
        if expires is not None and expires <= self._clock():
            self._drop(key)

    def _drop(self, key: str) -> None:
        self.records.pop(key, None)
        self.expires.pop(key, None)
        self.households.pop(key, None)

    def load(self, user_id: str, person_id: str | None = None) -> dict[str, Any]:
        key = record_id(user_id, person_id)
        with self._lock:
            self.reads += 1
            self._drop_if_expired(key)
            version, attributes = self.records.get(key, (0, {}))
            loaded = copy.deepcopy(attributes)
            loaded[VERSION_KEY] = version
            return loaded

    def write_together(self, writes: Sequence[Write]) -> None:
        with self._lock:
            self.writes += 1
            for write in writes:
                self._drop_if_expired(write.key)
                current, _ = self.records.get(write.key, (0, {}))
                if current != write.expected:
                    raise StaleStateError(STALE_MESSAGE)
            expires = expiry_after(self._clock())
            for write in writes:
                self.records[write.key] = (write.expected + 1, copy.deepcopy(write.body))
                self.expires[write.key] = expires
                if write.person_id is not None:
                    self.households[write.key] = write.user_id

    def delete(self, user_id: str, person_id: str | None = None) -> None:
        with self._lock:
            self.writes += 1
            self._drop(record_id(user_id, person_id))

    def delete_household(self, user_id: str) -> None:
        with self._lock:
            self.writes += 1
            members = [key for key, user in self.households.items() if user == user_id]
            for key in [record_id(user_id), *members]:
                self._drop(key)
