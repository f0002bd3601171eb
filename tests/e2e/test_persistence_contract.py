"""One contract, two real backends: SQLite on disk and DynamoDB over HTTP (moto).

Every behaviour the skill relies on (fresh users, round trips, versioned
writes, races between devices, deletion) is checked against both backends
with the same tests, so they cannot drift apart.
"""

from __future__ import annotations

import copy
import json
import socket
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope

from secure_differentiation.skill.deadline import request_deadline
from secure_differentiation.skill.persistence.base import (
    RETENTION_SECONDS,
    VERSION_KEY,
    StaleStateError,
    StorageUnavailableError,
    VersionedPersistenceAdapter,
)
from secure_differentiation.skill.persistence.dynamodb import (
    TABLE_ATTRIBUTE_DEFINITIONS,
    TABLE_KEY_SCHEMA,
    DynamoDbPersistenceAdapter,
    create_table,
)
from secure_differentiation.skill.persistence.factory import (
    StorageConfigurationError,
    adapter_from_environment,
    default_db_path,
)
from secure_differentiation.skill.persistence.sqlite import SqlitePersistenceAdapter

USER = "amzn1.ask.account.AEXAMPLEUSERONE"
OTHER_USER = "amzn1.ask.account.AEXAMPLEUSERTWO"

STATE: dict[str, Any] = {
    "focus": 7,
    "walkthrough": {"position": 3, "skipped": [2, 5], "done": False},
    "history": [{"skill": 1, "day": 20240101}, {"skill": 12, "day": 20240102}],
    "flags": {"welcomed": True, "muted": False, "nothing": None},
    "name": "Zoë ✓ — 日本語",
    "empty_map": {},
    "empty_list": [],
    "empty_string": "",
    "big": 2**53 + 1,
    "negative": -4,
}

LAUNCH_REQUEST = {
    "version": "1.0",
    "session": {
        "new": True,
        "sessionId": "amzn1.echo-api.session.0000-1111",
        "application": {"applicationId": "amzn1.ask.skill.00000000-0000-0000-0000-000000000000"},
        "user": {"userId": USER},
    },
    "context": {
        "System": {
            "application": {
                "applicationId": "amzn1.ask.skill.00000000-0000-0000-0000-000000000000"
            },
            "user": {"userId": USER},
            "device": {"deviceId": "amzn1.ask.device.EXAMPLE", "supportedInterfaces": {}},
            "apiEndpoint": "https://api.amazonalexa.com",
        }
    },
    "request": {
        "type": "LaunchRequest",
        "requestId": "amzn1.echo-api.request.0000-2222",
        "timestamp": "2024-01-01T08:00:00Z",
        "locale": "en-US",
    },
}


@pytest.fixture
def envelope() -> RequestEnvelope:
    parsed = DefaultSerializer().deserialize(
        json.dumps(LAUNCH_REQUEST), "ask_sdk_model.RequestEnvelope"
    )
    assert isinstance(parsed, RequestEnvelope)
    return parsed


def closed_port() -> int:
    """A local port with no listener: connections to it are refused at once."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def saved(adapter: VersionedPersistenceAdapter, user_id: str, state: dict[str, Any]) -> int:
    """Save `state` over the stored record and return the new version."""
    record = adapter.load(user_id)
    attributes = {**copy.deepcopy(state), VERSION_KEY: record[VERSION_KEY]}
    adapter.save(user_id, attributes)
    return int(attributes[VERSION_KEY])


# --- the contract, on both backends -------------------------------------------------


def test_new_user_loads_empty_with_version_zero(adapter: Any) -> None:
    assert adapter.load(USER) == {VERSION_KEY: 0}


def test_save_then_load_round_trips_every_json_type(adapter: Any) -> None:
    attributes = {**copy.deepcopy(STATE), VERSION_KEY: 0}
    adapter.save(USER, attributes)
    assert attributes[VERSION_KEY] == 1

    loaded = adapter.load(USER)
    assert loaded == {**STATE, VERSION_KEY: 1}
    # Numbers come back as real ints (not Decimal, not float), bools as bools.
    assert type(loaded["focus"]) is int
    assert type(loaded["big"]) is int
    assert type(loaded["walkthrough"]["skipped"][0]) is int
    assert loaded["flags"]["welcomed"] is True
    assert loaded["flags"]["nothing"] is None


def test_attributes_without_version_key_count_as_new(adapter: Any) -> None:
    attributes: dict[str, Any] = {"focus": 1}
    adapter.save(USER, attributes)
    assert attributes == {"focus": 1, VERSION_KEY: 1}
    assert adapter.load(USER) == {"focus": 1, VERSION_KEY: 1}


def test_each_save_increments_the_version(adapter: Any) -> None:
    attributes = adapter.load(USER)
    for expected_version in range(1, 5):
        attributes["count"] = expected_version
        adapter.save(USER, attributes)
        assert attributes[VERSION_KEY] == expected_version
        assert adapter.load(USER) == {"count": expected_version, VERSION_KEY: expected_version}


def test_stale_save_raises_and_leaves_the_record_unchanged(adapter: Any) -> None:
    first = adapter.load(USER)
    stale_copy = copy.deepcopy(first)
    first["focus"] = 3
    adapter.save(USER, first)

    stale_copy["focus"] = 9
    with pytest.raises(StaleStateError):
        adapter.save(USER, stale_copy)
    assert stale_copy[VERSION_KEY] == 0
    assert adapter.load(USER) == {"focus": 3, VERSION_KEY: 1}

    # An old version of an existing record is just as stale as a new-record claim.
    current = adapter.load(USER)
    behind = {**current, "focus": 11, VERSION_KEY: current[VERSION_KEY]}
    adapter.save(USER, current)
    with pytest.raises(StaleStateError):
        adapter.save(USER, behind)
    assert adapter.load(USER) == {"focus": 3, VERSION_KEY: 2}


def test_version_ahead_of_the_store_is_stale(adapter: Any) -> None:
    with pytest.raises(StaleStateError):
        adapter.save(USER, {"focus": 1, VERSION_KEY: 4})
    assert adapter.load(USER) == {VERSION_KEY: 0}


def test_two_devices_racing_second_writer_is_told_to_retry(
    adapter: Any, second_device: Any
) -> None:
    saved(adapter, USER, {"focus": 1})
    kitchen = adapter.load(USER)
    bedroom = second_device.load(USER)

    kitchen["focus"] = 4
    adapter.save(USER, kitchen)
    bedroom["focus"] = 8
    with pytest.raises(StaleStateError):
        second_device.save(USER, bedroom)

    # The loser re-reads, sees the winner's change, re-applies its own and succeeds.
    retry = second_device.load(USER)
    assert retry == {"focus": 4, VERSION_KEY: 2}
    retry["focus"] = 8
    second_device.save(USER, retry)
    assert adapter.load(USER) == {"focus": 8, VERSION_KEY: 3}


def test_delete_removes_and_a_later_load_is_fresh(adapter: Any) -> None:
    saved(adapter, USER, STATE)
    adapter.delete(USER)
    assert adapter.load(USER) == {VERSION_KEY: 0}
    # After a delete the person starts again at version 0.
    attributes = adapter.load(USER)
    attributes["focus"] = 2
    adapter.save(USER, attributes)
    assert adapter.load(USER) == {"focus": 2, VERSION_KEY: 1}


def test_delete_of_an_unknown_user_is_fine(adapter: Any) -> None:
    adapter.delete("amzn1.ask.account.NEVERSEEN")
    assert adapter.load("amzn1.ask.account.NEVERSEEN") == {VERSION_KEY: 0}


def test_users_are_isolated(adapter: Any) -> None:
    saved(adapter, USER, {"focus": 1})
    saved(adapter, OTHER_USER, {"focus": 2})
    saved(adapter, OTHER_USER, {"focus": 3})
    assert adapter.load(USER) == {"focus": 1, VERSION_KEY: 1}
    assert adapter.load(OTHER_USER) == {"focus": 3, VERSION_KEY: 2}
    adapter.delete(OTHER_USER)
    assert adapter.load(USER) == {"focus": 1, VERSION_KEY: 1}


def test_loaded_mapping_is_a_private_copy(adapter: Any) -> None:
    saved(adapter, USER, {"walkthrough": {"skipped": [1]}})
    loaded = adapter.load(USER)
    loaded["walkthrough"]["skipped"].append(2)
    assert adapter.load(USER)["walkthrough"] == {"skipped": [1]}


def test_sdk_interface_with_a_real_request_envelope(
    adapter: Any, envelope: RequestEnvelope
) -> None:
    assert adapter.get_attributes(envelope) == {VERSION_KEY: 0}
    attributes = adapter.get_attributes(envelope)
    attributes["focus"] = 5
    adapter.save_attributes(envelope, attributes)
    assert attributes[VERSION_KEY] == 1

    # Stored under context.System.user.userId: the plain API sees the same record.
    assert adapter.load(USER) == {"focus": 5, VERSION_KEY: 1}
    assert adapter.get_attributes(envelope) == {"focus": 5, VERSION_KEY: 1}

    adapter.delete_attributes(envelope)
    assert adapter.load(USER) == {VERSION_KEY: 0}


def test_concurrent_read_modify_write_loses_no_update(adapter: Any) -> None:
    threads_count, increments = 8, 10
    errors: list[BaseException] = []
    conflicts = [0] * threads_count
    start = threading.Barrier(threads_count)

    def worker(index: int) -> None:
        try:
            start.wait()
            for _ in range(increments):
                while True:
                    attributes = adapter.load(USER)
                    attributes["counter"] = attributes.get("counter", 0) + 1
                    try:
                        adapter.save(USER, attributes)
                        break
                    except StaleStateError:
                        conflicts[index] += 1
        except BaseException as error:  # reported by the main thread
            errors.append(error)

    workers = [threading.Thread(target=worker, args=(i,)) for i in range(threads_count)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in workers)
    assert errors == []
    total = threads_count * increments
    assert adapter.load(USER) == {"counter": total, VERSION_KEY: total}


# --- DynamoDB only --------------------------------------------------------------------


def test_create_table_returns_false_when_the_table_exists(
    dynamodb_client: Any, dynamodb_table: str
) -> None:
    assert create_table(client=dynamodb_client, table_name=dynamodb_table) is False
    table = dynamodb_client.describe_table(TableName=dynamodb_table)["Table"]
    assert table["TableStatus"] == "ACTIVE"
    assert table["KeySchema"] == TABLE_KEY_SCHEMA
    assert table["AttributeDefinitions"] == TABLE_ATTRIBUTE_DEFINITIONS
    assert table["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert table["SSEDescription"]["Status"] == "ENABLED"


def test_dynamodb_item_layout(dynamodb_client: Any, dynamodb_table: str) -> None:
    written_at = 1_800_000_000  # 2027-01-15, an arbitrary fixed moment
    adapter = DynamoDbPersistenceAdapter(
        dynamodb_table, client=dynamodb_client, clock=lambda: written_at
    )
    saved(adapter, USER, {"focus": 7, "walkthrough": {"position": 2, "done": False}})
    saved(adapter, USER, {"focus": 8, "walkthrough": {"position": 3, "done": True}})

    item = dynamodb_client.get_item(
        TableName=dynamodb_table, Key={"id": {"S": USER}}, ConsistentRead=True
    )["Item"]
    assert set(item) == {"id", "version", "attributes", "expires_at", "writer"}
    # The writer is a random nonce per write (how a write whose answer was lost is
    # recognised), never anything of the person's.
    assert len(item["writer"]["S"]) == 16 and USER not in item["writer"]["S"]
    # DynamoDB's TTL reads a Number of epoch seconds.
    assert item["expires_at"] == {"N": str(written_at + RETENTION_SECONDS)}
    assert item["id"] == {"S": USER}
    assert item["version"] == {"N": "2"}
    assert item["attributes"] == {
        "M": {
            "focus": {"N": "8"},
            "walkthrough": {"M": {"position": {"N": "3"}, "done": {"BOOL": True}}},
        }
    }
    assert VERSION_KEY not in item["attributes"]["M"]


def test_dynamodb_client_is_built_lazily_once_from_the_environment(
    dynamodb_endpoint: str, dynamodb_table: str
) -> None:
    # No client given: region, endpoint and credentials come from the environment
    # the dynamodb_endpoint fixture set, exactly as on Lambda.
    adapter = DynamoDbPersistenceAdapter(dynamodb_table)
    assert adapter._client is None
    saved(adapter, USER, {"focus": 1})
    client = adapter.client
    assert adapter.load(USER) == {"focus": 1, VERSION_KEY: 1}
    assert adapter.client is client
    assert client.meta.endpoint_url == dynamodb_endpoint
    assert client.meta.config.connect_timeout <= 2
    assert client.meta.config.read_timeout <= 2
    # botocore makes one attempt per call; the adapter retries, within the deadline.
    assert client.meta.config.retries == {"mode": "standard", "total_max_attempts": 1}


def test_unreachable_endpoint_raises_storage_unavailable(
    dynamodb_endpoint: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    closed = f"http://127.0.0.1:{closed_port()}"
    monkeypatch.setenv("AWS_ENDPOINT_URL_DYNAMODB", closed)
    adapter = DynamoDbPersistenceAdapter("no-such-table")
    with pytest.raises(StorageUnavailableError):
        adapter.load(USER)
    with pytest.raises(StorageUnavailableError):
        adapter.save(USER, {"focus": 1, VERSION_KEY: 0})
    with pytest.raises(StorageUnavailableError):
        adapter.delete(USER)


def test_missing_table_raises_storage_unavailable(dynamodb_client: Any) -> None:
    adapter = DynamoDbPersistenceAdapter("sd-test-missing", client=dynamodb_client)
    with pytest.raises(StorageUnavailableError):
        adapter.load(USER)
    with pytest.raises(StorageUnavailableError):
        adapter.save(USER, {"focus": 1, VERSION_KEY: 0})


def test_importing_the_backends_does_not_import_boto3() -> None:
    """boto3 costs cold-start time; only the first storage call may pay it."""
    code = textwrap.dedent(
        """
        import sys
        import secure_differentiation.skill.persistence.dynamodb
        import secure_differentiation.skill.persistence.factory
        import secure_differentiation.skill.persistence.sqlite
        assert "boto3" not in sys.modules, "boto3 imported at module import"
        assert "botocore" not in sys.modules, "botocore imported at module import"
        """
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


# --- SQLite only ----------------------------------------------------------------------


def test_sqlite_data_survives_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "dirs" / "skill.sqlite3"
    before = SqlitePersistenceAdapter(path)
    saved(before, USER, STATE)
    before.close()

    after = SqlitePersistenceAdapter(path)
    try:
        assert after.load(USER) == {**STATE, VERSION_KEY: 1}
    finally:
        after.close()


def test_sqlite_fresh_file_opened_by_many_adapters_at_once_answers_them_all(
    tmp_path: Path,
) -> None:
    """The first requests after a server starts all open the new file at once.

    Switching a file to WAL does not wait for a busy lock, so without care one
    of them would be told "database is locked" and the person would hear an
    apology on their first visit. A race, so it is tried on many fresh files.
    """
    threads_count, trials = 8, 60
    failures: list[BaseException] = []
    for trial in range(trials):
        path = tmp_path / f"fresh-{trial}.sqlite3"
        adapters = [SqlitePersistenceAdapter(path) for _ in range(threads_count)]
        start = threading.Barrier(threads_count)

        def first_request(
            adapter: SqlitePersistenceAdapter, start: threading.Barrier = start
        ) -> None:
            start.wait()
            try:
                adapter.load(USER)
            except BaseException as error:
                failures.append(error)

        workers = [threading.Thread(target=first_request, args=(a,)) for a in adapters]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=30)
        for adapter in adapters:
            adapter.close()
    assert failures == []


def test_sqlite_waits_for_another_writer_only_until_the_requests_deadline(
    tmp_path: Path,
) -> None:
    """A writer holding the file longer than the request can wait costs an apology, in time."""
    path = tmp_path / "busy.sqlite3"
    adapter = SqlitePersistenceAdapter(path)
    saved(adapter, USER, STATE)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process mid-write, for longer than allowed
    budget = 0.5
    try:
        started = time.monotonic()
        with request_deadline(seconds=budget), pytest.raises(StorageUnavailableError):
            adapter.save(USER, {**adapter.load(USER), "focus": 2})
        elapsed = time.monotonic() - started
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    try:
        assert budget - 0.1 <= elapsed < budget + 0.5
        assert adapter.load(USER) == {**STATE, VERSION_KEY: 1}
    finally:
        adapter.close()


def test_sqlite_several_processes_lose_no_update(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    processes_count, increments = 4, 10
    code = textwrap.dedent(
        f"""
        import sys
        from secure_differentiation.skill.persistence.base import StaleStateError
        from secure_differentiation.skill.persistence.sqlite import SqlitePersistenceAdapter
        adapter = SqlitePersistenceAdapter(sys.argv[1])
        for _ in range({increments}):
            while True:
                attributes = adapter.load("{USER}")
                attributes["counter"] = attributes.get("counter", 0) + 1
                try:
                    adapter.save("{USER}", attributes)
                    break
                except StaleStateError:
                    pass
        """
    )
    workers = [
        subprocess.Popen([sys.executable, "-c", code, str(path)]) for _ in range(processes_count)
    ]
    assert [worker.wait(timeout=120) for worker in workers] == [0] * processes_count
    adapter = SqlitePersistenceAdapter(path)
    try:
        total = processes_count * increments
        assert adapter.load(USER) == {"counter": total, VERSION_KEY: total}
    finally:
        adapter.close()


# --- backend selection ----------------------------------------------------------------


def test_factory_picks_dynamodb_when_a_table_is_named() -> None:
    adapter = adapter_from_environment(
        {"SKILL_TABLE_NAME": "skill-table", "AWS_LAMBDA_FUNCTION_NAME": "skill"}
    )
    assert isinstance(adapter, DynamoDbPersistenceAdapter)
    assert adapter.table_name == "skill-table"
    assert adapter._client is None  # nothing built, nothing contacted


def test_factory_picks_sqlite_at_the_configured_path(tmp_path: Path) -> None:
    path = tmp_path / "custom.sqlite3"
    adapter = adapter_from_environment({"SKILL_DB_PATH": str(path)})
    assert isinstance(adapter, SqlitePersistenceAdapter)
    assert adapter.path == path


def test_factory_default_path_honours_xdg_data_home(tmp_path: Path) -> None:
    adapter = adapter_from_environment({"XDG_DATA_HOME": str(tmp_path / "data")})
    assert isinstance(adapter, SqlitePersistenceAdapter)
    assert adapter.path == tmp_path / "data" / "secure-differentiation" / "skill.sqlite3"


def test_factory_default_path_without_xdg(tmp_path: Path) -> None:
    home = tmp_path / "home"
    expected = home / ".local" / "share" / "secure-differentiation" / "skill.sqlite3"
    assert default_db_path({"HOME": str(home)}) == expected
    # A relative XDG_DATA_HOME is invalid by the XDG spec and ignored.
    assert default_db_path({"HOME": str(home), "XDG_DATA_HOME": "relative"}) == expected
    assert adapter_from_environment({"HOME": str(home)}).path == expected  # type: ignore[attr-defined]


def test_factory_refuses_sqlite_on_lambda(tmp_path: Path) -> None:
    with pytest.raises(StorageConfigurationError, match="SKILL_TABLE_NAME"):
        adapter_from_environment({"AWS_LAMBDA_FUNCTION_NAME": "skill"})
    with pytest.raises(StorageConfigurationError):
        adapter_from_environment(
            {"AWS_LAMBDA_FUNCTION_NAME": "skill", "SKILL_DB_PATH": str(tmp_path / "x.sqlite3")}
        )
