"""The storage contract every backend keeps.

Backends implement the ASK SDK's `AbstractPersistenceAdapter` (get, save,
delete of one attributes mapping per request) with one addition: optimistic
concurrency. `get_attributes` returns the practice with its version under
`VERSION_KEY` (0 for one never seen). `save_attributes` writes only if the
stored version still equals it, bumps it, and writes the new version back
into the mapping; otherwise it raises `StaleStateError` and writes nothing.
Two devices of one person therefore can never silently overwrite each other:
the caller re-reads, re-applies its change and tries again.

Records do not outlive their use: every successful save sets the record to
expire `RETENTION_DAYS` later. An expired record reads as absent (version 0,
so the next save starts it afresh) and the backend removes it: DynamoDB's TTL
within a few days, SQLite at its next write. A person who keeps practising
keeps their record; one who stops, or whose deletion failed, loses it.

A household: one Alexa account (its userId) may hold several practices. A
voice Alexa recognises (`context.System.person.personId`) has its own; every
other voice shares the account's, which is the record an account had before
people were told apart, under the same key. A few parts of the state belong
to the account whoever speaks (`HOUSEHOLD_FIELDS`: check-ins are Alexa
reminders, which are the account's and ring on its devices; permissions are
granted per account): they live in the account's record only, and a
recognised person's practice is read with them (`load_practice`) and written
back with them, both records in one atomic, conditional write
(`save_practice`). Deleting a practice (`delete`) leaves the others; deleting
the household (`delete_household`) removes every record of the account.
"""

from __future__ import annotations

import copy
import re
from abc import abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_model import RequestEnvelope

VERSION_KEY = "_version"
# The table's partition key, shared by the code, `create-table` and infra/.
PARTITION_KEY = "id"
# The parts of the state that belong to the account, not to whoever speaks (see above).
HOUSEHOLD_FIELDS = ("check_ins", "granted_permissions")
# Joins an account and a person in a record's key; ids are escaped around it (`record_id`).
PERSON_SEPARATOR = "#"
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
    """The account's Alexa userId: every record of the account is stored under it."""
    system = request_envelope.context.system if request_envelope.context else None
    if system is not None and system.user is not None and system.user.user_id:
        return str(system.user.user_id)
    session = request_envelope.session
    if session is not None and session.user is not None and session.user.user_id:
        return str(session.user.user_id)
    raise ValueError("request has no userId")


# What a personId Alexa sends looks like ("amzn1.ask.person.AKYSF36..."), generously.
_PERSON_ID = re.compile(r"amzn1\.ask\.person\.[A-Za-z0-9._-]{1,480}")


def is_person_id(text: str) -> bool:
    """Whether `text` looks like a personId Alexa sends: amzn1.ask.person. and letters,
    digits, dots, underscores or hyphens."""
    return bool(_PERSON_ID.fullmatch(text))


def person_key(request_envelope: RequestEnvelope) -> str | None:
    """The recognised voice's personId, or None for a voice Alexa did not recognise.

    Anything that does not look like an Alexa id counts as not recognised: it
    would be spoken back inside SSML (speech.py) and stored as part of a key.
    """
    system = request_envelope.context.system if request_envelope.context else None
    person = system.person if system is not None else None
    person_id = person.person_id if person is not None else None
    return person_id if isinstance(person_id, str) and is_person_id(person_id) else None


def _escaped(part: str) -> str:
    return part.replace("%", "%25").replace(PERSON_SEPARATOR, "%23")


def record_id(user_id: str, person_id: str | None = None) -> str:
    """The one key of a practice: the userId alone for the account's, "user#person" for a person's.

    The account's key is the userId as it always was (an Alexa id has neither
    "%" nor "#", which are escaped), so records stored before people were told
    apart are the account's; distinct (user, person) pairs never share a key.
    """
    if person_id is None:
        return _escaped(user_id)
    return f"{_escaped(user_id)}{PERSON_SEPARATOR}{_escaped(person_id)}"


@dataclass(frozen=True)
class HouseholdVersion:
    """What `load_practice` read for a recognised person, to write back conditionally.

    The versions of the person's record and of the account's, and the
    account's record itself, whose household part a change is written into.
    Callers pass it back under VERSION_KEY untouched, as they do an int.
    """

    person: int
    account: int
    account_record: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Write:
    """One record to write: expected to be at version `expected` (0: absent), `body` after."""

    user_id: str
    person_id: str | None
    expected: int
    body: dict[str, Any]

    @property
    def key(self) -> str:
        return record_id(self.user_id, self.person_id)


def _meaningful(part: Mapping[str, Any]) -> dict[str, Any]:
    """A household part without its empty fields: an empty list is no reason to write."""
    return {name: value for name, value in part.items() if value not in (None, {}, [], "")}


class VersionedPersistenceAdapter(AbstractPersistenceAdapter):
    """An `AbstractPersistenceAdapter` keyed by userId (and personId) with versioned writes.

    Backends implement `load`, `write_together`, `delete` and `delete_household`
    for records; the household rules (which record a request reads and writes)
    are here, the same for every backend.
    """

    # --- the ASK SDK's interface: one request's practice -----------------------
    def get_attributes(self, request_envelope: RequestEnvelope) -> dict[str, Any]:
        return self.load_practice(user_key(request_envelope), person_key(request_envelope))

    def save_attributes(
        self, request_envelope: RequestEnvelope, attributes: dict[str, Any]
    ) -> None:
        self.save_practice(user_key(request_envelope), attributes, person_key(request_envelope))

    def delete_attributes(self, request_envelope: RequestEnvelope) -> None:
        """Delete the speaker's practice: a recognised person's own, else the account's."""
        self.delete(user_key(request_envelope), person_key(request_envelope))

    def delete_household_attributes(self, request_envelope: RequestEnvelope) -> None:
        """Delete every practice of the request's account, everyone's."""
        self.delete_household(user_key(request_envelope))

    # --- practices ---------------------------------------------------------------
    def load_practice(self, user_id: str, person_id: str | None = None) -> dict[str, Any]:
        """The practice a voice uses: the account's, or a person's with the household part.

        For a person, VERSION_KEY holds a `HouseholdVersion` (two reads: the
        person's record and the account's).
        """
        if person_id is None:
            return self.load(user_id)
        own = self.load(user_id, person_id)
        account = self.load(user_id)
        account_version = int(account.pop(VERSION_KEY))
        practice = {k: v for k, v in own.items() if k not in HOUSEHOLD_FIELDS}
        practice.update({k: copy.deepcopy(account[k]) for k in HOUSEHOLD_FIELDS if k in account})
        practice[VERSION_KEY] = HouseholdVersion(int(own[VERSION_KEY]), account_version, account)
        return practice

    def save_practice(
        self, user_id: str, attributes: dict[str, Any], person_id: str | None = None
    ) -> None:
        """Write a practice as `load_practice` read it, or raise StaleStateError.

        For a person, their record is written, and the account's too when the
        household part changed, in one atomic write: if either record changed
        since the read, neither is written.
        """
        if person_id is None:
            self.save(user_id, attributes)
            return
        read = attributes.get(VERSION_KEY)
        if not isinstance(read, HouseholdVersion):
            raise ValueError("a person's practice is saved with the version its load returned")
        own = {k: v for k, v in attributes.items() if k not in (*HOUSEHOLD_FIELDS, VERSION_KEY)}
        household = {k: attributes[k] for k in HOUSEHOLD_FIELDS if k in attributes}
        stored = {k: read.account_record[k] for k in HOUSEHOLD_FIELDS if k in read.account_record}
        writes = [Write(user_id, person_id, read.person, own)]
        account_record, account_version = read.account_record, read.account
        if _meaningful(household) != _meaningful(stored):
            rest = {k: v for k, v in read.account_record.items() if k not in HOUSEHOLD_FIELDS}
            account_record = {**rest, **copy.deepcopy(household)}
            writes.append(Write(user_id, None, read.account, dict(account_record)))
            account_version += 1
        self.write_together(writes)
        attributes[VERSION_KEY] = HouseholdVersion(read.person + 1, account_version, account_record)

    # --- records: what each backend implements ------------------------------------
    def save(self, user_id: str, attributes: dict[str, Any], person_id: str | None = None) -> None:
        """Write if the stored version equals attributes[VERSION_KEY], else raise.

        On success, attributes[VERSION_KEY] is set to the new version.
        Raises StaleStateError on a version mismatch.
        """
        expected = int(attributes.get(VERSION_KEY, 0))
        body = {key: value for key, value in attributes.items() if key != VERSION_KEY}
        self.write_together([Write(user_id, person_id, expected, body)])
        attributes[VERSION_KEY] = expected + 1

    @abstractmethod
    def load(self, user_id: str, person_id: str | None = None) -> dict[str, Any]:
        """Return one stored record plus `VERSION_KEY` (0 and {} when absent)."""

    @abstractmethod
    def write_together(self, writes: Sequence[Write]) -> None:
        """Write every record, each only if its stored version is still `expected`.

        All or nothing: if any version differs, StaleStateError and nothing is
        written. Each written record's version becomes `expected + 1`.
        """

    @abstractmethod
    def delete(self, user_id: str, person_id: str | None = None) -> None:
        """Remove one practice's record (the account's alone, or one person's); none is fine."""

    @abstractmethod
    def delete_household(self, user_id: str) -> None:
        """Remove every record of the account: its own and every person's."""
