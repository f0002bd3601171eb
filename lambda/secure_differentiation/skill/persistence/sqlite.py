"""SQLite backend: the durable store for the self-hosted web service.

One row per practice with the attributes as JSON and the version the
conditional UPDATE checks: `id` is the record's key (base.record_id: the
userId for the account's practice, as before people were told apart), and a
person's row also names its account in `household`, which the deletion of a
household finds it by (an index). Rows written together are one transaction.

Several threads (the web server's workers) and several processes (e.g.
gunicorn workers) may share one file: each thread has its own connection,
writes run in `BEGIN IMMEDIATE` transactions and a busy timeout makes a writer
wait for another instead of failing.

Switching a new file to WAL needs an exclusive lock that SQLite does not wait
for, so the file is prepared (WAL and schema) once per process, and the switch
is retried while another process holds the lock.

Deleted means gone from the file: every connection sets `secure_delete`, so
SQLite overwrites a deleted row's bytes (stock builds leave them in free pages),
and after a deletion the write-ahead log, which still holds the row's earlier
pages, is checkpointed and truncated. Each row carries `expires_at` (see
base.py): an expired row reads as absent, and every write transaction purges
the expired rows.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..deadline import current_deadline
from .base import (
    STALE_MESSAGE,
    VERSION_KEY,
    EpochClock,
    StaleStateError,
    StorageUnavailableError,
    VersionedPersistenceAdapter,
    Write,
    expiry_after,
    record_id,
)

# How long a writer waits for another's lock before giving up; well inside
# Alexa's 8 seconds, far above a write's few milliseconds.
BUSY_TIMEOUT_SECONDS = 5.0
# How long a deletion waits for readers to let the log be truncated; loads take
# milliseconds, and a deletion must not cost the person an apology.
CHECKPOINT_WAIT_SECONDS = 0.2

# A person's row names its account (NULL for the account's own row, and every row from before).
_HOUSEHOLD_COLUMN = "household TEXT"
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS records ("
    "id TEXT PRIMARY KEY, version INTEGER NOT NULL, attributes TEXT NOT NULL, "
    f"expires_at INTEGER NOT NULL, {_HOUSEHOLD_COLUMN})"
)
_EXPIRY_INDEX = "CREATE INDEX IF NOT EXISTS records_by_expiry ON records (expires_at)"
_HOUSEHOLD_INDEX = "CREATE INDEX IF NOT EXISTS records_by_household ON records (household)"

# Files this process has already prepared, as (pid, resolved path): every
# adapter on one file, in any thread, prepares it once.
_prepared: set[tuple[int, Path]] = set()
_preparing = threading.Lock()


def _prepare(connection: sqlite3.Connection, path: Path, now: float) -> None:
    """Put the file in WAL mode and create the table, once per process.

    WAL is a property of the file, so a file already in WAL mode needs no
    switch. The switch itself fails at once with "database is locked" while
    another connection is opening the file, so it is retried until the busy
    timeout; the schema is made in a transaction, which does wait. A file from
    before records expired gets the column, and its rows a full retention
    period from `now`; one from before households, the household column (its
    rows are accounts' practices).
    """
    key = (os.getpid(), path.resolve())
    with _preparing:
        if key in _prepared:
            return
        deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
        while True:
            try:
                (mode,) = connection.execute("PRAGMA journal_mode").fetchone()
                if str(mode).lower() != "wal":
                    connection.execute("PRAGMA journal_mode=WAL")
                break
            except sqlite3.OperationalError:
                if time.monotonic() >= deadline:
                    raise
                time.sleep(0.01)
        connection.execute("BEGIN IMMEDIATE")
        try:
            connection.execute(_SCHEMA)
            columns = {row[1] for row in connection.execute("PRAGMA table_info(records)")}
            if "expires_at" not in columns:
                connection.execute(
                    "ALTER TABLE records ADD COLUMN expires_at INTEGER NOT NULL "
                    f"DEFAULT {expiry_after(now)}"
                )
            if "household" not in columns:
                connection.execute(f"ALTER TABLE records ADD COLUMN {_HOUSEHOLD_COLUMN}")
            connection.execute(_EXPIRY_INDEX)
            connection.execute(_HOUSEHOLD_INDEX)
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")
        _prepared.add(key)


class SqlitePersistenceAdapter(VersionedPersistenceAdapter):
    """Stores each practice's attributes as one JSON row with a version."""

    def __init__(self, path: str | os.PathLike[str], *, clock: EpochClock = time.time) -> None:
        self.path = Path(path).expanduser()
        self._clock = clock
        self._local = threading.local()
        self._connections: list[tuple[int, sqlite3.Connection]] = []
        self._lock = threading.Lock()

    def _connection(self) -> sqlite3.Connection:
        """This thread's connection, opened (and the schema made) on first use.

        A forked child never reuses its parent's connection: SQLite forbids it.
        """
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is not None and self._local.pid == os.getpid():
            return connection
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(
            self.path,
            timeout=BUSY_TIMEOUT_SECONDS,
            isolation_level=None,  # autocommit; transactions are explicit
            check_same_thread=False,  # only so close() may close every thread's connection
        )
        try:
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute("PRAGMA secure_delete=ON")
            _prepare(connection, self.path, self._clock())
        except BaseException:
            connection.close()
            raise
        self._local.connection = connection
        self._local.pid = os.getpid()
        with self._lock:
            self._connections.append((os.getpid(), connection))
        return connection

    @contextmanager
    def _write(self, now: int) -> Iterator[sqlite3.Connection]:
        """A write transaction that takes the lock up front and purges expired rows.

        BEGIN IMMEDIATE waits (busy timeout) for other writers; a deferred
        transaction could instead fail at its first write in WAL mode. The
        wait ends with the request's deadline, so a queue of writers costs an
        apology, never Alexa's 8 seconds. Purging costs one index lookup when
        nothing has expired.
        """
        connection = self._connection()
        wait_seconds = min(BUSY_TIMEOUT_SECONDS, current_deadline().remaining())
        if wait_seconds <= 0:
            raise StorageUnavailableError("no time left in this request to write")
        connection.execute(f"PRAGMA busy_timeout = {int(wait_seconds * 1000)}")
        connection.execute("BEGIN IMMEDIATE")
        try:
            purged = connection.execute("DELETE FROM records WHERE expires_at <= ?", (now,))
            yield connection
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")
        if purged.rowcount > 0:
            self._truncate_log()

    def load(self, user_id: str, person_id: str | None = None) -> dict[str, Any]:
        try:
            row = (
                self._connection()
                .execute(
                    "SELECT version, attributes FROM records WHERE id = ? AND expires_at > ?",
                    (record_id(user_id, person_id), self._clock()),
                )
                .fetchone()
            )
        except sqlite3.Error as error:
            raise StorageUnavailableError(str(error)) from error
        if row is None:
            return {VERSION_KEY: 0}
        version, encoded = row
        attributes: dict[str, Any] = json.loads(encoded)
        attributes[VERSION_KEY] = int(version)
        return attributes

    def write_together(self, writes: Sequence[Write]) -> None:
        now = int(self._clock())
        expires = expiry_after(now)
        try:
            with self._write(now) as connection:
                for write in writes:
                    encoded = json.dumps(write.body, ensure_ascii=False, separators=(",", ":"))
                    household = write.user_id if write.person_id is not None else None
                    if write.expected == 0:
                        connection.execute(
                            "INSERT INTO records (id, version, attributes, expires_at, household) "
                            "VALUES (?, 1, ?, ?, ?)",
                            (write.key, encoded, expires, household),
                        )
                        continue
                    cursor = connection.execute(
                        "UPDATE records SET version = ?, attributes = ?, expires_at = ? "
                        "WHERE id = ? AND version = ?",
                        (write.expected + 1, encoded, expires, write.key, write.expected),
                    )
                    if cursor.rowcount != 1:
                        raise StaleStateError(STALE_MESSAGE)
        except sqlite3.IntegrityError as error:
            raise StaleStateError(STALE_MESSAGE) from error
        except sqlite3.Error as error:
            raise StorageUnavailableError(str(error)) from error

    def delete(self, user_id: str, person_id: str | None = None) -> None:
        self._delete("DELETE FROM records WHERE id = ?", (record_id(user_id, person_id),))

    def delete_household(self, user_id: str) -> None:
        self._delete(
            "DELETE FROM records WHERE id = ? OR household = ?", (record_id(user_id), user_id)
        )

    def _delete(self, statement: str, parameters: tuple[str, ...]) -> None:
        try:
            with self._write(int(self._clock())) as connection:
                connection.execute(statement, parameters)
        except sqlite3.Error as error:
            raise StorageUnavailableError(str(error)) from error
        self._truncate_log()

    def _truncate_log(self) -> None:
        """Copy the log into the file (whose freed bytes are zeroed) and empty the log.

        The write-ahead log keeps every page a transaction wrote, the deleted
        row's among them, until it is checkpointed and truncated. A reader in
        another connection can hold the checkpoint back; then the log is
        emptied by the next deletion or when the last connection closes.
        """
        connection = self._connection()
        try:
            connection.execute(f"PRAGMA busy_timeout = {int(CHECKPOINT_WAIT_SECONDS * 1000)}")
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        except sqlite3.Error:
            pass  # the row is deleted; only the log's copy waits for a later checkpoint
        finally:
            connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")

    def close(self) -> None:
        """Close every connection this adapter opened (tests, clean shutdown)."""
        with self._lock:
            connections, self._connections = self._connections, []
        for pid, connection in connections:
            if pid == os.getpid():  # a parent's connection is not a forked child's to close
                connection.close()
        self._local = threading.local()
