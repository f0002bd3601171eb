"""A household in storage: one account, a practice per recognised voice, on both real backends.

The contract (base.py) for the records of a household, checked against SQLite on
disk and DynamoDB over HTTP (the moto server the suite starts) with the same
tests: each person's record loads, saves and conflicts on its own; deleting a
person leaves everyone else; deleting a household leaves nothing of the
account and nothing of anyone else's; a person's practice reads and writes the
account's household part, both records or neither; records expire alike; and a
record stored in the layout from before households is the account's practice.
"""

from __future__ import annotations

import copy
import json
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from secure_differentiation.skill.persistence.base import (
    HOUSEHOLD_FIELDS,
    RETENTION_SECONDS,
    VERSION_KEY,
    HouseholdVersion,
    StaleStateError,
    VersionedPersistenceAdapter,
    Write,
    record_id,
)
from secure_differentiation.skill.persistence.dynamodb import (
    DynamoDbPersistenceAdapter,
    create_table,
)
from secure_differentiation.skill.persistence.memory import InMemoryPersistenceAdapter
from secure_differentiation.skill.persistence.sqlite import SqlitePersistenceAdapter
from support.fault_proxy import Fault, FaultProxy, running_proxy

USER = "amzn1.ask.account.AHOUSEHOLD"
OTHER_USER = "amzn1.ask.account.ANEIGHBOUR"
ANNA = "amzn1.ask.person.ANNA"
BEN = "amzn1.ask.person.BEN"
DAILY = {"daily": {"time": "08:00", "token": "reminder-1", "day": None}}
REMINDERS = ["alexa::alerts:reminders:skill:readwrite"]
WRITTEN_AT = 1_800_000_000.0  # an arbitrary fixed moment (2027-01-15)


def put(adapter: Any, user: str, person: str | None = None, **attributes: Any) -> int:
    """Save `attributes` over one record as it stands; the new version."""
    current = adapter.load(user, person)
    record = {**attributes, VERSION_KEY: current[VERSION_KEY]}
    adapter.save(user, record, person)
    return int(record[VERSION_KEY])


def without_version(record: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in record.items() if key != VERSION_KEY}


# --- a person's record -------------------------------------------------------------------


def test_a_person_s_record_round_trips_apart_from_the_account_and_other_people(
    adapter: Any,
) -> None:
    put(adapter, USER, focus=1)
    put(adapter, USER, ANNA, focus=2, walkthrough={"position": 4})
    put(adapter, USER, BEN, focus=3)
    put(adapter, OTHER_USER, ANNA, focus=4)  # the same personId under another account

    assert adapter.load(USER) == {"focus": 1, VERSION_KEY: 1}
    assert adapter.load(USER, ANNA) == {"focus": 2, "walkthrough": {"position": 4}, VERSION_KEY: 1}
    assert adapter.load(USER, BEN) == {"focus": 3, VERSION_KEY: 1}
    assert adapter.load(OTHER_USER, ANNA) == {"focus": 4, VERSION_KEY: 1}
    assert adapter.load(OTHER_USER) == {VERSION_KEY: 0}
    assert adapter.load(USER, "amzn1.ask.person.NOBODY") == {VERSION_KEY: 0}


def test_a_person_s_writes_are_versioned_and_a_stale_one_changes_nothing(adapter: Any) -> None:
    first = adapter.load(USER, ANNA)
    stale = copy.deepcopy(first)
    adapter.save(USER, {**first, "focus": 5}, ANNA)
    with pytest.raises(StaleStateError):
        adapter.save(USER, {**stale, "focus": 9}, ANNA)
    assert adapter.load(USER, ANNA) == {"focus": 5, VERSION_KEY: 1}
    # The account's record and another person's are untouched by Anna's versions.
    assert adapter.load(USER) == {VERSION_KEY: 0}
    assert put(adapter, USER, BEN, focus=1) == 1


def test_deleting_a_person_leaves_the_account_and_everyone_else(adapter: Any) -> None:
    put(adapter, USER, focus=1)
    put(adapter, USER, ANNA, focus=2)
    put(adapter, USER, BEN, focus=3)
    put(adapter, OTHER_USER, ANNA, focus=4)

    adapter.delete(USER, ANNA)

    assert adapter.load(USER, ANNA) == {VERSION_KEY: 0}
    assert adapter.load(USER)["focus"] == 1
    assert adapter.load(USER, BEN)["focus"] == 3
    assert adapter.load(OTHER_USER, ANNA)["focus"] == 4
    # Anna starts afresh, and deleting her again (or someone never seen) is fine.
    assert put(adapter, USER, ANNA, focus=6) == 1
    adapter.delete(USER, "amzn1.ask.person.NOBODY")


def test_deleting_the_account_s_practice_leaves_the_people_s(adapter: Any) -> None:
    put(adapter, USER, focus=1)
    put(adapter, USER, ANNA, focus=2)
    adapter.delete(USER)
    assert adapter.load(USER) == {VERSION_KEY: 0}
    assert adapter.load(USER, ANNA)["focus"] == 2


def test_deleting_the_household_removes_every_record_of_the_account_and_nothing_else(
    adapter: Any,
) -> None:
    put(adapter, USER, focus=1)
    put(adapter, USER, ANNA, focus=2)
    put(adapter, USER, BEN, focus=3)
    put(adapter, OTHER_USER, focus=4)
    put(adapter, OTHER_USER, ANNA, focus=5)

    adapter.delete_household(USER)

    for person in (None, ANNA, BEN):
        assert adapter.load(USER, person) == {VERSION_KEY: 0}, person
    assert adapter.load(OTHER_USER)["focus"] == 4
    assert adapter.load(OTHER_USER, ANNA)["focus"] == 5
    adapter.delete_household(USER)  # again: nothing left, nothing to complain about


def test_a_household_of_people_without_an_account_record_is_deleted_too(adapter: Any) -> None:
    put(adapter, USER, ANNA, focus=2)
    adapter.delete_household(USER)
    assert adapter.load(USER, ANNA) == {VERSION_KEY: 0}


def test_writing_several_records_together_is_all_or_nothing(adapter: Any) -> None:
    put(adapter, USER, focus=1)
    with pytest.raises(StaleStateError):
        adapter.write_together(
            [Write(USER, ANNA, 0, {"focus": 2}), Write(USER, None, 7, {"focus": 9})]
        )
    assert adapter.load(USER, ANNA) == {VERSION_KEY: 0}  # the good half was not written
    assert adapter.load(USER) == {"focus": 1, VERSION_KEY: 1}

    adapter.write_together([Write(USER, ANNA, 0, {"focus": 2}), Write(USER, None, 1, {"focus": 3})])
    assert adapter.load(USER, ANNA) == {"focus": 2, VERSION_KEY: 1}
    assert adapter.load(USER) == {"focus": 3, VERSION_KEY: 2}


# --- a person's practice: their record and the household part of the account's ------------


def test_a_person_s_practice_reads_the_household_part_from_the_account(adapter: Any) -> None:
    put(adapter, USER, focus=1, check_ins=DAILY, granted_permissions=REMINDERS)
    put(adapter, USER, ANNA, focus=2)

    practice = adapter.load_practice(USER, ANNA)

    assert without_version(practice) == {
        "focus": 2,
        "check_ins": DAILY,
        "granted_permissions": REMINDERS,
    }
    assert isinstance(practice[VERSION_KEY], HouseholdVersion)
    # An unrecognised voice's practice is the account's record itself.
    assert adapter.load_practice(USER) == adapter.load(USER)


def test_a_person_s_household_change_goes_to_the_account_and_not_to_their_record(
    adapter: Any,
) -> None:
    put(adapter, USER, focus=1)
    practice = adapter.load_practice(USER, ANNA)
    practice.update(focus=2, check_ins=DAILY, granted_permissions=REMINDERS)

    adapter.save_practice(USER, practice, ANNA)

    assert adapter.load(USER, ANNA) == {"focus": 2, VERSION_KEY: 1}
    assert adapter.load(USER) == {
        "focus": 1,  # the shared practice itself is untouched
        "check_ins": DAILY,
        "granted_permissions": REMINDERS,
        VERSION_KEY: 2,
    }
    # Ben sees the household's check-in; the next save from Anna carries on from hers.
    assert adapter.load_practice(USER, BEN)["check_ins"] == DAILY
    practice["focus"] = 3
    adapter.save_practice(USER, practice, ANNA)
    assert adapter.load(USER, ANNA)["focus"] == 3
    assert adapter.load(USER)[VERSION_KEY] == 2  # no household change: the account not written


def test_an_empty_household_part_writes_nothing_to_the_account(adapter: Any) -> None:
    practice = adapter.load_practice(USER, ANNA)
    practice.update(focus=2, check_ins={}, granted_permissions=[])
    adapter.save_practice(USER, practice, ANNA)
    assert adapter.load(USER) == {VERSION_KEY: 0}


def test_a_household_change_on_a_changed_account_writes_neither_record(adapter: Any) -> None:
    put(adapter, USER, focus=1)
    practice = adapter.load_practice(USER, ANNA)
    put(adapter, USER, focus=1, check_ins=DAILY)  # another device, in between
    practice.update(focus=2, granted_permissions=REMINDERS)

    with pytest.raises(StaleStateError):
        adapter.save_practice(USER, practice, ANNA)

    assert adapter.load(USER, ANNA) == {VERSION_KEY: 0}
    assert adapter.load(USER) == {"focus": 1, "check_ins": DAILY, VERSION_KEY: 2}


def test_a_personal_change_does_not_wait_for_the_account(adapter: Any) -> None:
    practice = adapter.load_practice(USER, ANNA)
    put(adapter, USER, focus=7)  # an unrecognised voice practises meanwhile
    practice["focus"] = 2
    adapter.save_practice(USER, practice, ANNA)
    assert adapter.load(USER, ANNA)["focus"] == 2
    assert adapter.load(USER)["focus"] == 7


def test_two_people_practising_at_once_lose_nothing(
    adapter: Any, second_device: Any, backend: str
) -> None:
    """Each adds to their own count from their own device; no write is lost or refused."""
    rounds = 6
    errors: list[BaseException] = []

    def practise(device: VersionedPersistenceAdapter, person: str) -> None:
        try:
            for _ in range(rounds):
                practice = device.load_practice(USER, person)
                practice["count"] = practice.get("count", 0) + 1
                device.save_practice(USER, practice, person)
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)

    threads = [
        threading.Thread(target=practise, args=(adapter, ANNA)),
        threading.Thread(target=practise, args=(second_device, BEN)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert adapter.load(USER, ANNA)["count"] == rounds
    assert adapter.load(USER, BEN)["count"] == rounds


def test_the_household_fields_are_the_states_own() -> None:
    """The names persistence treats as the account's are fields of the skill's state."""
    from secure_differentiation.skill.domain.state import UserState

    assert set(HOUSEHOLD_FIELDS) <= set(UserState().to_attributes())


# --- expiry -----------------------------------------------------------------------------


class EpochClock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture(params=["sqlite", "dynamodb", "memory"])
def timed(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Any, EpochClock]:
    clock = EpochClock(WRITTEN_AT)
    if request.param == "sqlite":
        adapter = SqlitePersistenceAdapter(tmp_path / "skill.sqlite3", clock=clock)
        request.addfinalizer(adapter.close)
        return adapter, clock
    if request.param == "memory":
        return InMemoryPersistenceAdapter(clock=clock), clock
    table = request.getfixturevalue("dynamodb_table")
    client = request.getfixturevalue("dynamodb_client")
    return DynamoDbPersistenceAdapter(table, client=client, clock=clock), clock


def test_a_person_s_record_expires_a_retention_period_after_its_own_last_write(
    timed: tuple[Any, EpochClock],
) -> None:
    adapter, clock = timed
    put(adapter, USER, focus=1)
    put(adapter, USER, ANNA, focus=2)
    clock.now = WRITTEN_AT + RETENTION_SECONDS / 2
    put(adapter, USER, ANNA, focus=3)  # Anna keeps practising; the account's record does not

    clock.now = WRITTEN_AT + RETENTION_SECONDS
    assert adapter.load(USER) == {VERSION_KEY: 0}
    assert adapter.load(USER, ANNA)["focus"] == 3
    clock.now = WRITTEN_AT + RETENTION_SECONDS * 1.5
    assert adapter.load(USER, ANNA) == {VERSION_KEY: 0}
    # An expired record is absent: a new practice starts over it.
    assert put(adapter, USER, ANNA, focus=4) == 1


# --- records from before households ------------------------------------------------------

LEGACY_ATTRIBUTES: dict[str, Any] = {
    "schema": 1,
    "focus_skill": 7,
    "visits": 12,
    "check_ins": DAILY,
    "granted_permissions": REMINDERS,
}


def test_a_dynamodb_item_from_before_households_is_the_account_s_practice(
    dynamodb_client: Any, dynamodb_table: str
) -> None:
    """The item exactly as the previous version wrote it (and one older, without expiry)."""
    dynamodb_client.put_item(
        TableName=dynamodb_table,
        Item={
            "id": {"S": USER},
            "version": {"N": "5"},
            "attributes": {
                "M": {
                    "schema": {"N": "1"},
                    "focus_skill": {"N": "7"},
                    "visits": {"N": "12"},
                    "check_ins": {
                        "M": {
                            "daily": {
                                "M": {
                                    "time": {"S": "08:00"},
                                    "token": {"S": "reminder-1"},
                                    "day": {"NULL": True},
                                }
                            }
                        }
                    },
                    "granted_permissions": {"L": [{"S": REMINDERS[0]}]},
                }
            },
            "expires_at": {"N": str(int(WRITTEN_AT) + RETENTION_SECONDS)},
            "writer": {"S": "0123456789abcdef"},
        },
    )
    dynamodb_client.put_item(
        TableName=dynamodb_table,
        Item={"id": {"S": OTHER_USER}, "version": {"N": "2"}, "attributes": {"M": {}}},
    )
    adapter = DynamoDbPersistenceAdapter(
        dynamodb_table, client=dynamodb_client, clock=EpochClock(WRITTEN_AT)
    )
    assert_legacy_record_is_the_account_s(adapter)
    assert adapter.load(OTHER_USER) == {VERSION_KEY: 2}


def test_a_sqlite_file_from_before_households_is_the_account_s_practice(tmp_path: Path) -> None:
    """A file with the previous version's schema: its rows become accounts' practices."""
    path = tmp_path / "skill.sqlite3"
    with sqlite3.connect(path) as old:
        old.execute(
            "CREATE TABLE records (id TEXT PRIMARY KEY, version INTEGER NOT NULL, "
            "attributes TEXT NOT NULL, expires_at INTEGER NOT NULL)"
        )
        old.execute(
            "INSERT INTO records VALUES (?, 5, ?, ?)",
            (USER, json.dumps(LEGACY_ATTRIBUTES), int(WRITTEN_AT) + RETENTION_SECONDS),
        )
    old.close()
    adapter = SqlitePersistenceAdapter(path, clock=EpochClock(WRITTEN_AT))
    try:
        assert_legacy_record_is_the_account_s(adapter)
    finally:
        adapter.close()
    with sqlite3.connect(path) as upgraded:
        columns = {row[1] for row in upgraded.execute("PRAGMA table_info(records)")}
    upgraded.close()
    assert "household" in columns


def assert_legacy_record_is_the_account_s(adapter: Any) -> None:
    # Read as it was: an unrecognised voice carries on with it, at its version.
    assert adapter.load(USER) == {**LEGACY_ATTRIBUTES, VERSION_KEY: 5}
    assert put(adapter, USER, **{**LEGACY_ATTRIBUTES, "visits": 13}) == 6
    # A recognised voice starts a practice of its own, with the household's check-ins.
    practice = adapter.load_practice(USER, ANNA)
    assert practice["check_ins"] == DAILY and "focus_skill" not in practice
    practice["focus_skill"] = 2
    adapter.save_practice(USER, practice, ANNA)
    assert adapter.load(USER)["focus_skill"] == 7
    # The household goes whole, the old record with it.
    adapter.delete_household(USER)
    assert adapter.load(USER) == {VERSION_KEY: 0}
    assert adapter.load(USER, ANNA) == {VERSION_KEY: 0}


# --- DynamoDB: the items, the index, the table ---------------------------------------------


def test_dynamodb_items_of_a_household(dynamodb_client: Any, dynamodb_table: str) -> None:
    adapter = DynamoDbPersistenceAdapter(dynamodb_table, client=dynamodb_client)
    put(adapter, USER, focus=1)
    put(adapter, USER, ANNA, focus=2)

    def item(key: str) -> dict[str, Any]:
        response = dynamodb_client.get_item(
            TableName=dynamodb_table, Key={"id": {"S": key}}, ConsistentRead=True
        )
        return dict(response["Item"])

    account, anna = item(USER), item(f"{USER}#{ANNA}")
    assert "household" not in account  # the index holds people's items only
    assert anna["household"] == {"S": USER}
    assert anna["attributes"] == {"M": {"focus": {"N": "2"}}}
    assert {"version", "expires_at", "writer"} <= set(anna)
    listed = dynamodb_client.query(
        TableName=dynamodb_table,
        IndexName="household",
        KeyConditionExpression="household = :user",
        ExpressionAttributeValues={":user": {"S": USER}},
    )["Items"]
    assert listed == [{"id": {"S": f"{USER}#{ANNA}"}, "household": {"S": USER}}]  # keys only


def test_create_table_gives_a_table_from_before_households_its_index(
    dynamodb_client: Any,
) -> None:
    name = f"sd-legacy-{uuid.uuid4().hex[:12]}"
    dynamodb_client.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    try:
        adapter = DynamoDbPersistenceAdapter(name, client=dynamodb_client)
        put(adapter, USER, focus=1)

        assert create_table(client=dynamodb_client, table_name=name) is False

        (index,) = dynamodb_client.describe_table(TableName=name)["Table"]["GlobalSecondaryIndexes"]
        assert index["IndexName"] == "household" and index["IndexStatus"] == "ACTIVE"
        assert adapter.load(USER)["focus"] == 1
        put(adapter, USER, ANNA, focus=2)
        adapter.delete_household(USER)
        assert adapter.load(USER, ANNA) == {VERSION_KEY: 0}
        assert create_table(client=dynamodb_client, table_name=name) is False  # again: as is
    finally:
        dynamodb_client.delete_table(TableName=name)


@pytest.fixture
def proxy(dynamodb_endpoint: str) -> Iterator[FaultProxy]:
    with running_proxy(dynamodb_endpoint) as fault_proxy:
        yield fault_proxy


@pytest.mark.parametrize("times", [1, None], ids=["once", "always"])
def test_a_transaction_whose_answer_is_lost_is_applied_once_and_not_apologised_for(
    proxy: FaultProxy,
    dynamodb_table: str,
    dynamodb_client: Any,
    monkeypatch: pytest.MonkeyPatch,
    times: int | None,
) -> None:
    """Both records carry the write's nonce: a retry, or one read, finds the write applied."""
    monkeypatch.setenv("AWS_ENDPOINT_URL_DYNAMODB", proxy.url)
    proxied = DynamoDbPersistenceAdapter(dynamodb_table)
    direct = DynamoDbPersistenceAdapter(dynamodb_table, client=dynamodb_client)
    put(direct, USER, focus=1)
    practice = proxied.load_practice(USER, ANNA)
    practice.update(focus=2, check_ins=DAILY)
    proxy.inject(Fault.LOST_REPLY, times=times, target="TransactWriteItems")

    proxied.save_practice(USER, practice, ANNA)

    assert proxy.count("TransactWriteItems", forwarded=True) >= 1
    assert direct.load(USER, ANNA) == {"focus": 2, VERSION_KEY: 1}
    assert direct.load(USER) == {"focus": 1, "check_ins": DAILY, VERSION_KEY: 2}


# --- keys -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ((USER, None), (USER, ANNA)),
        (("a#b", None), ("a", "b")),
        (("a", "b#c"), ("a#b", "c")),
        (("a%23b", None), ("a#b", None)),
        (("a", "%"), ("a", "%25")),
    ],
)
def test_distinct_practices_never_share_a_key(
    first: tuple[str, str | None], second: tuple[str, str | None]
) -> None:
    assert record_id(*first) != record_id(*second)


def test_an_account_s_key_is_its_user_id_as_it_always_was() -> None:
    assert record_id(USER) == USER
    assert record_id(USER, ANNA) == f"{USER}#{ANNA}"


def test_the_sqlite_row_of_a_person_names_its_account(tmp_path: Path) -> None:
    adapter = SqlitePersistenceAdapter(tmp_path / "skill.sqlite3")
    try:
        put(adapter, USER, focus=1)
        put(adapter, USER, ANNA, focus=2)
    finally:
        adapter.close()
    with sqlite3.connect(tmp_path / "skill.sqlite3") as raw:
        rows = dict(raw.execute("SELECT id, household FROM records").fetchall())
    raw.close()
    assert rows == {USER: None, f"{USER}#{ANNA}": USER}
