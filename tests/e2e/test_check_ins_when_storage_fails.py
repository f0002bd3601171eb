"""A check-in set at Alexa while the write recording it fails, on SQLite and on DynamoDB.

Alexa's list of the skill's reminders is the truth about what rings, and the
record only a cache of it. So when Alexa creates the reminder but the record
cannot be written (SQLite locked by another writer past the request's wait;
DynamoDB answering 500 to every attempt), the person is told the check-in is
set, because it is, and listing and cancelling still find it afterwards.
"""

from __future__ import annotations

import random
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import pytest

from secure_differentiation.skill import build_skill
from secure_differentiation.skill.alexa_api import TimeoutApiClient
from secure_differentiation.skill.content import Prompt, content_for
from secure_differentiation.skill.persistence.dynamodb import (
    MAX_ATTEMPTS,
    DynamoDbPersistenceAdapter,
    create_table,
)
from secure_differentiation.skill.persistence.sqlite import SqlitePersistenceAdapter
from secure_differentiation.tools.nlu import ModelResolver
from support.alexa import AlexaDevice
from support.alexa_api_server import AlexaApiServer, running_api_server
from support.clock import Clock
from support.fault_proxy import Fault, FaultProxy, running_proxy
from support.person import Person

USER = "amzn1.ask.account.TESTUSER"
CONTENT = content_for("en-US")
pytestmark = pytest.mark.dated

# What makes the one write of a request fail, for the length of a `with` block.
WriteFailure = Callable[[], AbstractContextManager[None]]


@pytest.fixture(scope="module")
def resolver() -> ModelResolver:
    return ModelResolver()


@pytest.fixture
def alexa_api() -> Iterator[AlexaApiServer]:
    with running_api_server() as server:
        yield server


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[tuple[Any, WriteFailure]]:
    path = tmp_path / "skill.sqlite3"
    adapter = SqlitePersistenceAdapter(path)

    @contextmanager
    def locked() -> Iterator[None]:
        """Another process holds the write lock longer than a request may wait for it."""
        other = sqlite3.connect(path, isolation_level=None, timeout=0)
        other.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            other.execute("ROLLBACK")
            other.close()

    yield adapter, locked
    adapter.close()


@pytest.fixture
def dynamodb_store(
    dynamodb_endpoint: str, dynamodb_client: Any, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Any, WriteFailure]]:
    table = f"sd-check-ins-{uuid.uuid4().hex[:12]}"
    assert create_table(client=dynamodb_client, table_name=table) is True
    with running_proxy(dynamodb_endpoint) as proxy:
        monkeypatch.setenv("AWS_ENDPOINT_URL_DYNAMODB", proxy.url)

        @contextmanager
        def failing() -> Iterator[None]:
            """Every attempt of the next write is answered 500."""
            proxy.inject(Fault.SERVER_ERROR, times=MAX_ATTEMPTS, target="PutItem")
            yield
            assert proxy_failed(proxy) == MAX_ATTEMPTS
            proxy.clear()

        yield DynamoDbPersistenceAdapter(table), failing
    dynamodb_client.delete_table(TableName=table)


def proxy_failed(proxy: FaultProxy) -> int:
    return sum(1 for call in proxy.calls if call.fault is Fault.SERVER_ERROR)


@pytest.fixture(params=["sqlite", "dynamodb"])
def storage(request: pytest.FixtureRequest) -> tuple[Any, WriteFailure]:
    return request.getfixturevalue(f"{request.param}_store")  # type: ignore[no-any-return]


def test_a_check_in_whose_record_write_failed_is_said_set_then_listed_and_cancelled(
    storage: tuple[Any, WriteFailure], alexa_api: AlexaApiServer, resolver: ModelResolver
) -> None:
    adapter, write_fails = storage
    clock = Clock()
    skill = build_skill(adapter, api_client=TimeoutApiClient(), rng=random.Random(3), clock=clock)
    person = Person(
        AlexaDevice(skill, user_id=USER, api_endpoint=alexa_api.url, clock=clock), resolver
    )
    person.says("open secure differentiation")
    person.says("remind me every day at 8 am")

    # WHEN they say yes, Alexa creates the reminder, and the write recording it fails
    with write_fails():
        reply = person.says("yes")

    # THEN they hear that it is set, which is true: Alexa holds it
    (token,) = alexa_api.reminders
    assert "8 AM" in reply.text and not reply.text.startswith("Sorry"), reply.text
    assert reply.text not in CONTENT.variants(Prompt.ERROR_APOLOGY)
    assert "daily" not in (adapter.load(USER).get("check_ins") or {})

    # AND the list finds it at Alexa, and the record learns of it
    listed = person.says("ask secure differentiation what check-ins do I have")
    assert "8 AM" in listed.text, listed.text
    assert adapter.load(USER)["check_ins"]["daily"]["token"] == token

    # AND cancelling silences it
    cancelled = person.says("ask secure differentiation to cancel my daily check-in")
    assert cancelled.text in CONTENT.variants(Prompt.CHECK_IN_CANCELLED_DAILY)
    assert alexa_api.reminders == {}
    assert (adapter.load(USER).get("check_ins") or {}) == {}
