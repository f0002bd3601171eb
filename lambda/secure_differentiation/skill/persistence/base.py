"""The storage contract every backend keeps.

Backends implement the ASK SDK's `AbstractPersistenceAdapter` (get, save,
delete of one attributes mapping per person) with one addition: optimistic
concurrency. `get_attributes` returns the record with its version under
`VERSION_KEY` (0 for a person never seen). `save_attributes` writes only if the
stored version still equals that number, bumps it, and writes the new number
back into the mapping; otherwise it raises `StaleStateError` and writes
nothing. Two devices of one person therefore can never silently overwrite each
other: the caller re-reads, re-applies its change and tries again.

Records do not outlive their use: every successful save sets the record to
expire `RETENTION_DAYS` later. An expired record reads as absent (version 0,
so the next save starts it afresh) and the backend removes it: DynamoDB's TTL
within a few days, SQLite at its next write. A person who keeps practising
keeps their record; one who stops, or whose deletion failed, loses it.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable
from typing import Any

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_model import RequestEnvelope

VERSION_KEY = "_version"
# The table's partition key, shared by the code, `create-table` and infra/.
PARTITION_KEY = "id"
# How long a record is kept after its last write (README, "Privacy", says why).
RETENTION_DAYS = 180
RETENTION_SECONDS = RETENTION_DAYS * 24 * 60 * 60

# Seconds since the epoch, UTC: what expiry times are measured in (DynamoDB's TTL unit).
EpochClock = Callable[[], float]


def expiry_after(now: float) -> int:
    """When a record written at `now` expires, in whole epoch seconds."""
    return int(now) + RETENTION_SECONDS


class StaleStateError(Exception):
    """The stored record changed since it was read; nothing was written."""


# Exceptions get logged: their messages never carry the userId.
STALE_MESSAGE = "the stored record changed since it was read"


class StorageUnavailableError(Exception):
    """The backend could not be reached or refused the call after retries."""


def user_key(request_envelope: RequestEnvelope) -> str:
    """The person's Alexa userId: the one key a person's record is stored under."""
    system = request_envelope.context.system if request_envelope.context else None
    if system is not None and system.user is not None and system.user.user_id:
        return str(system.user.user_id)
    session = request_envelope.session
    if session is not None and session.user is not None and session.user.user_id:
        return str(session.user.user_id)
    raise ValueError("request has no userId")


class VersionedPersistenceAdapter(AbstractPersistenceAdapter):
    """An `AbstractPersistenceAdapter` keyed by userId with versioned writes."""

    def get_attributes(self, request_envelope: RequestEnvelope) -> dict[str, Any]:
        return self.load(user_key(request_envelope))

    def save_attributes(
        self, request_envelope: RequestEnvelope, attributes: dict[str, Any]
    ) -> None:
        self.save(user_key(request_envelope), attributes)

    def delete_attributes(self, request_envelope: RequestEnvelope) -> None:
        self.delete(user_key(request_envelope))

    @abstractmethod
    def load(self, user_id: str) -> dict[str, Any]:
        """Return the stored attributes plus `VERSION_KEY` (0 and {} when absent)."""

    @abstractmethod
    def save(self, user_id: str, attributes: dict[str, Any]) -> None:
        """Write if the stored version equals attributes[VERSION_KEY], else raise.

        On success, attributes[VERSION_KEY] is set to the new version.
        Raises StaleStateError on a version mismatch.
        """

    @abstractmethod
    def delete(self, user_id: str) -> None:
        """Remove everything stored for the person; deleting nothing is fine."""
