"""Records leave with the person: they expire unless used, and deleted means gone.

Both durable backends run for real (SQLite on a temporary file, DynamoDB on the
local server) with a clock the test moves, so a retention period of months
passes in a line. The SQLite file is then read byte by byte, as someone who
copied it would: a deleted or expired person's data must not be in it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from secure_differentiation.skill.persistence.base import (
    RETENTION_DAYS,
    RETENTION_SECONDS,
    VERSION_KEY,
    StaleStateError,
)
from secure_differentiation.skill.persistence.dynamodb import (
    EXPIRY_FIELD,
    DynamoDbPersistenceAdapter,
)
from secure_differentiation.skill.persistence.memory import InMemoryPersistenceAdapter
from secure_differentiation.skill.persistence.sqlite import SqlitePersistenceAdapter

USER = "amzn1.ask.account.EXPIRY"
OTHER = "amzn1.ask.account.EXPIRY-OTHER"
DAY = 24 * 60 * 60
WRITTEN_AT = 1_800_000_000.0  # an arbitrary fixed moment (2027-01-15)
# Something a person's record could hold that appears nowhere else in the file.
SECRET = "focus-on-repair-after-conflict-7f3a9c"


class Clock:
    """Epoch seconds that the test moves."""

    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock(WRITTEN_AT)


@pytest.fixture(params=["sqlite", "dynamodb", "memory"])
def store(request: pytest.FixtureRequest, tmp_path: Path, clock: Clock) -> Any:
    if request.param == "sqlite":
        adapter = SqlitePersistenceAdapter(tmp_path / "skill.sqlite3", clock=clock)
        request.addfinalizer(adapter.close)
        return adapter
    if request.param == "memory":
        return InMemoryPersistenceAdapter(clock=clock)
    return DynamoDbPersistenceAdapter(
        request.getfixturevalue("dynamodb_table"),
        client=request.getfixturevalue("dynamodb_client"),
        clock=clock,
    )


def write(store: Any, user: str, **attributes: Any) -> None:
    current = store.load(user)
    store.save(user, {**attributes, VERSION_KEY: current[VERSION_KEY]})


def test_a_record_lasts_the_retention_period_after_its_last_write(store: Any, clock: Clock) -> None:
    write(store, USER, focus=3)
    clock.now = WRITTEN_AT + RETENTION_SECONDS - 1
    assert store.load(USER)["focus"] == 3
    clock.now = WRITTEN_AT + RETENTION_SECONDS
    assert store.load(USER) == {VERSION_KEY: 0}


def test_every_write_moves_the_expiry_ahead(store: Any, clock: Clock) -> None:
    write(store, USER, focus=3)
    clock.now = WRITTEN_AT + 100 * DAY
    write(store, USER, focus=4)
    clock.now = WRITTEN_AT + RETENTION_SECONDS + DAY  # past the first write's expiry
    assert store.load(USER)["focus"] == 4
    clock.now = WRITTEN_AT + 100 * DAY + RETENTION_SECONDS
    assert store.load(USER) == {VERSION_KEY: 0}


def test_an_expired_record_gives_way_to_a_fresh_one(store: Any, clock: Clock) -> None:
    write(store, USER, focus=3, visits=40)
    write(store, USER, focus=3, visits=41)
    clock.now = WRITTEN_AT + RETENTION_SECONDS + DAY
    write(store, USER, visits=1)
    assert store.load(USER) == {"visits": 1, VERSION_KEY: 1}


def test_a_write_based_on_a_record_that_expired_since_is_stale(store: Any, clock: Clock) -> None:
    """What a device read before the expiry is not the person's record any more."""
    write(store, USER, focus=3)
    read_before = store.load(USER)
    clock.now = WRITTEN_AT + RETENTION_SECONDS
    with pytest.raises(StaleStateError):
        store.save(USER, {**read_before, "focus": 5})
    assert store.load(USER) == {VERSION_KEY: 0}


def test_expiry_is_per_person(store: Any, clock: Clock) -> None:
    write(store, USER, focus=3)
    clock.now = WRITTEN_AT + 30 * DAY
    write(store, OTHER, focus=9)
    clock.now = WRITTEN_AT + RETENTION_SECONDS
    assert store.load(USER) == {VERSION_KEY: 0}
    assert store.load(OTHER)["focus"] == 9


# --- DynamoDB: the table's TTL does the deleting -----------------------------------------


def test_create_table_turns_on_ttl_for_the_expiry_attribute(
    dynamodb_client: Any, dynamodb_table: str
) -> None:
    ttl = dynamodb_client.describe_time_to_live(TableName=dynamodb_table)
    assert ttl["TimeToLiveDescription"]["TimeToLiveStatus"] == "ENABLED"
    assert ttl["TimeToLiveDescription"]["AttributeName"] == EXPIRY_FIELD


def test_each_dynamodb_write_stamps_the_ttl_attribute(
    dynamodb_client: Any, dynamodb_table: str, clock: Clock
) -> None:
    adapter = DynamoDbPersistenceAdapter(dynamodb_table, client=dynamodb_client, clock=clock)
    write(adapter, USER, focus=3)
    clock.now += 7 * DAY
    write(adapter, USER, focus=4)
    item = dynamodb_client.get_item(
        TableName=dynamodb_table, Key={"id": {"S": USER}}, ConsistentRead=True
    )["Item"]
    assert int(item[EXPIRY_FIELD]["N"]) == int(WRITTEN_AT) + 7 * DAY + RETENTION_DAYS * DAY


def test_a_record_written_before_expiry_existed_is_kept_until_written_again(
    dynamodb_client: Any, dynamodb_table: str, clock: Clock
) -> None:
    """An item without the attribute is live (TTL ignores it) and gets one on its next write."""
    dynamodb_client.put_item(
        TableName=dynamodb_table,
        Item={"id": {"S": USER}, "version": {"N": "4"}, "attributes": {"M": {"focus": {"N": "2"}}}},
    )
    adapter = DynamoDbPersistenceAdapter(dynamodb_table, client=dynamodb_client, clock=clock)
    assert adapter.load(USER) == {"focus": 2, VERSION_KEY: 4}
    write(adapter, USER, focus=6)
    item = dynamodb_client.get_item(TableName=dynamodb_table, Key={"id": {"S": USER}})["Item"]
    assert item["version"] == {"N": "5"}
    assert EXPIRY_FIELD in item


# --- SQLite: what is left in the file ----------------------------------------------------


def file_bytes(path: Path) -> bytes:
    """The database and every file SQLite keeps beside it (-wal, -shm, -journal)."""
    return b"".join(
        candidate.read_bytes()
        for candidate in sorted(path.parent.iterdir())
        if candidate.name.startswith(path.name)
    )


def test_forgetting_a_person_leaves_no_trace_of_them_in_the_files(tmp_path: Path) -> None:
    """Read while the server still runs: the deleted row is in neither the file nor its log."""
    path = tmp_path / "skill.sqlite3"
    adapter = SqlitePersistenceAdapter(path)
    try:
        write(adapter, USER, note=SECRET, focus=3)
        write(adapter, USER, note=SECRET, focus=4)
        write(adapter, OTHER, note="someone else", focus=9)
        assert SECRET.encode() in file_bytes(path)
        adapter.delete(USER)
        assert SECRET.encode() not in file_bytes(path)
        assert adapter.load(OTHER)["note"] == "someone else"
    finally:
        adapter.close()
    assert SECRET.encode() not in file_bytes(path)


def test_every_connection_asks_sqlite_to_overwrite_deleted_bytes(tmp_path: Path) -> None:
    """Stock SQLite builds leave deleted rows in free pages; the adapter never relies on that."""
    adapter = SqlitePersistenceAdapter(tmp_path / "skill.sqlite3")
    try:
        write(adapter, USER, focus=1)
        ((secure_delete,),) = adapter._connection().execute("PRAGMA secure_delete").fetchall()
        assert secure_delete == 1
    finally:
        adapter.close()


def test_an_expired_record_is_purged_from_the_file_at_the_next_write(
    tmp_path: Path, clock: Clock
) -> None:
    path = tmp_path / "skill.sqlite3"
    adapter = SqlitePersistenceAdapter(path, clock=clock)
    try:
        write(adapter, USER, note=SECRET)
        clock.now = WRITTEN_AT + RETENTION_SECONDS
        write(adapter, OTHER, note="someone else")  # any write purges
        with sqlite3.connect(path) as reader:
            ids = [row[0] for row in reader.execute("SELECT id FROM records")]
        assert ids == [OTHER]
        assert SECRET.encode() not in file_bytes(path)
    finally:
        adapter.close()


def test_a_file_from_before_expiry_gets_it_without_losing_anyone(
    tmp_path: Path, clock: Clock
) -> None:
    """An existing deployment's rows are kept, and expire a full period after the upgrade."""
    path = tmp_path / "skill.sqlite3"
    with sqlite3.connect(path) as old:
        old.execute(
            "CREATE TABLE records ("
            "id TEXT PRIMARY KEY, version INTEGER NOT NULL, attributes TEXT NOT NULL)"
        )
        old.execute("INSERT INTO records VALUES (?, 7, ?)", (USER, '{"focus": 5}'))
    old.close()
    adapter = SqlitePersistenceAdapter(path, clock=clock)
    try:
        assert adapter.load(USER) == {"focus": 5, VERSION_KEY: 7}
        clock.now = WRITTEN_AT + RETENTION_SECONDS - 1
        assert adapter.load(USER)["focus"] == 5
        clock.now = WRITTEN_AT + RETENTION_SECONDS
        assert adapter.load(USER) == {VERSION_KEY: 0}
    finally:
        adapter.close()
