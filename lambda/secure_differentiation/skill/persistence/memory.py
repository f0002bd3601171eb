"""An in-process backend: for tests, the benchmark and nothing else."""

from __future__ import annotations

import copy
import threading
from typing import Any

from .base import STALE_MESSAGE, VERSION_KEY, StaleStateError, VersionedPersistenceAdapter


class InMemoryPersistenceAdapter(VersionedPersistenceAdapter):
    """Keeps records in a dict, with the same version semantics as the real backends.

    Counts calls so tests and the benchmark can check the storage budget
    (at most one read and one write per request).
    """

    def __init__(self) -> None:
        self.records: dict[str, tuple[int, dict[str, Any]]] = {}
        self.reads = 0
        self.writes = 0
        self._lock = threading.Lock()

    def load(self, user_id: str) -> dict[str, Any]:
        with self._lock:
            self.reads += 1
            version, attributes = self.records.get(user_id, (0, {}))
            loaded = copy.deepcopy(attributes)
            loaded[VERSION_KEY] = version
            return loaded

    def save(self, user_id: str, attributes: dict[str, Any]) -> None:
        with self._lock:
            self.writes += 1
            expected = int(attributes.get(VERSION_KEY, 0))
            current, _ = self.records.get(user_id, (0, {}))
            if current != expected:
                raise StaleStateError(STALE_MESSAGE)
            body = {k: copy.deepcopy(v) for k, v in attributes.items() if k != VERSION_KEY}
            self.records[user_id] = (expected + 1, body)
            attributes[VERSION_KEY] = expected + 1

    def delete(self, user_id: str) -> None:
        with self._lock:
            self.writes += 1
            self.records.pop(user_id, None)
