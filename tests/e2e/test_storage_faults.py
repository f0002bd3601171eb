"""The whole skill on DynamoDB when DynamoDB misbehaves.

The skill is built exactly as on Lambda: `DynamoDbPersistenceAdapter` with the
client `build_client()` makes (the product's timeouts and retry settings),
pointed through the environment at a fault-injecting proxy in front of the
real moto server. A person talks to it through real Alexa envelopes. Whatever
the store does (throttling, 500s, hanging, dropping connections, losing the
answer to a write that was applied), every request gets an answer well inside
Alexa's 8 seconds, and the stored record, read straight from moto, is never
corrupted, half-written or changed twice.
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from secure_differentiation.skill import build_skill
from secure_differentiation.skill.content import Prompt, content_for
from secure_differentiation.skill.deadline import request_deadline
from secure_differentiation.skill.domain.state import validate_attributes
from secure_differentiation.skill.domain.threats import week_key
from secure_differentiation.skill.persistence.base import VERSION_KEY, StorageUnavailableError
from secure_differentiation.skill.persistence.dynamodb import (
    ATTEMPT_SECONDS,
    CONNECT_TIMEOUT_SECONDS,
    MAX_ATTEMPTS,
    READ_TIMEOUT_SECONDS,
    DynamoDbPersistenceAdapter,
    create_table,
)
from support.alexa import AlexaDevice, Reply, custom_slot
from support.fault_proxy import Fault, FaultProxy, running_proxy

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
WEEK = week_key(NOW.date())
# Alexa waits 8 seconds for a skill's answer: a correctness bound, not a benchmark.
ALEXA_DEADLINE_SECONDS = 8.0
CONTENT = content_for("en-US")
APOLOGIES = CONTENT.variants(Prompt.ERROR_APOLOGY)
JUDGING = CONTENT.sign("judging")
assert JUDGING is not None

# Faults where the request never reaches the table.
UNSENT_FAULTS = [Fault.THROTTLE, Fault.THROTTLING, Fault.SERVER_ERROR, Fault.SLOW, Fault.DROP]
# Both throttling codes take the same path once retried; one is enough when it persists.
PERSISTENT_UNSENT_FAULTS = [Fault.THROTTLE, Fault.SERVER_ERROR, Fault.SLOW, Fault.DROP]
# The request reaches the table (a write is applied) but its answer never arrives.
LOST_ANSWER_FAULTS = [Fault.LATE_REPLY, Fault.LOST_REPLY]

# Worst-case answer time per fault, printed at the end with `-s` for the report.
WORST_SECONDS: dict[str, float] = {}


def sign(sign_id: str) -> dict[str, Any]:
    return custom_slot("sign", sign_id, "THREAT_SIGN", sign_id)


@pytest.fixture(scope="module", autouse=True)
def report_worst_times() -> Iterator[None]:
    yield
    for name, seconds in sorted(WORST_SECONDS.items()):
        print(f"worst answer time with {name}: {seconds:.2f} s")


@pytest.fixture
def proxy(dynamodb_endpoint: str) -> Iterator[FaultProxy]:
    with running_proxy(dynamodb_endpoint) as fault_proxy:
        yield fault_proxy


@pytest.fixture(scope="module")
def table(dynamodb_client: Any) -> Iterator[str]:
    """One table for the module; every test is a different person in it."""
    name = f"sd-faults-{uuid.uuid4().hex[:12]}"
    assert create_table(client=dynamodb_client, table_name=name) is True
    yield name
    dynamodb_client.delete_table(TableName=name)


@pytest.fixture
def user() -> str:
    return f"amzn1.ask.account.AFAULT{uuid.uuid4().hex.upper()}"


@pytest.fixture
def proxied_adapter(
    proxy: FaultProxy, table: str, monkeypatch: pytest.MonkeyPatch
) -> DynamoDbPersistenceAdapter:
    """The adapter as on Lambda: its own client from `build_client()`, via the proxy."""
    monkeypatch.setenv("AWS_ENDPOINT_URL_DYNAMODB", proxy.url)
    adapter = DynamoDbPersistenceAdapter(table)
    client = adapter.client
    assert client.meta.endpoint_url == proxy.url
    assert client.meta.config.read_timeout == READ_TIMEOUT_SECONDS
    assert client.meta.config.connect_timeout == CONNECT_TIMEOUT_SECONDS
    assert client.meta.config.retries == {"mode": "standard", "total_max_attempts": 1}
    return adapter


@pytest.fixture
def device(proxied_adapter: DynamoDbPersistenceAdapter, user: str) -> AlexaDevice:
    skill = build_skill(proxied_adapter, rng=random.Random(11), clock=lambda: NOW)
    return AlexaDevice(skill, user_id=user)


@pytest.fixture
def stored(dynamodb_client: Any, table: str, user: str) -> Callable[[], dict[str, Any]]:
    """The person's item exactly as it is in the table, read past the proxy."""

    def read() -> dict[str, Any]:
        response = dynamodb_client.get_item(
            TableName=table, Key={"id": {"S": user}}, ConsistentRead=True
        )
        return dict(response["Item"])

    return read


@pytest.fixture
def record(dynamodb_client: Any, table: str, user: str) -> Callable[[], dict[str, Any]]:
    """The person's attributes and version, through a plain client that is never faulted.

    Every read also checks the record against the skill's own schema.
    """
    direct = DynamoDbPersistenceAdapter(table, client=dynamodb_client)

    def read() -> dict[str, Any]:
        loaded = direct.load(user)
        attributes = {key: value for key, value in loaded.items() if key != VERSION_KEY}
        assert validate_attributes(attributes) == []
        return loaded

    return read


@pytest.fixture
def history(device: AlexaDevice, proxy: FaultProxy) -> AlexaDevice:
    """A person with some history, saved while the store behaved; calls counted afresh."""
    replies = [
        device.launch(),
        device.say("StartWalkthroughIntent"),
        device.say("AMAZON.YesIntent"),
        device.say("AMAZON.StopIntent"),
        device.one_shot("NoticeThreatIntent", sign=sign("judging")),
    ]
    assert not any(is_apology(reply) for reply in replies)
    assert proxy.count(forwarded=False) == 0
    proxy.reset_calls()
    return device


def timed(send: Callable[[], Reply], fault: Fault) -> Reply:
    """Send one request; it must be answered within Alexa's deadline."""
    started = time.monotonic()
    reply = send()
    elapsed = time.monotonic() - started
    WORST_SECONDS[fault.value] = max(WORST_SECONDS.get(fault.value, 0.0), elapsed)
    assert elapsed < ALEXA_DEADLINE_SECONDS, f"answered after {elapsed:.2f} s with {fault}"
    return reply


def is_apology(reply: Reply) -> bool:
    return any(apology in reply.text for apology in APOLOGIES)


def assert_apology(reply: Reply) -> None:
    assert is_apology(reply), reply.text
    assert not reply.ends_session, "the apology keeps the session open"
    assert reply.reprompt


def judging_count(record: dict[str, Any]) -> int:
    return int(record["threat_log"].get(WEEK, {}).get("judging", 0))


@pytest.mark.parametrize("operation", ["GetItem", "PutItem"])
@pytest.mark.parametrize("fault", UNSENT_FAULTS, ids=str)
def test_one_transient_fault_is_retried_and_answered_normally(
    history: AlexaDevice,
    proxy: FaultProxy,
    record: Callable[[], dict[str, Any]],
    fault: Fault,
    operation: str,
) -> None:
    before = record()
    proxy.inject(fault, times=1, target=operation)

    reply = timed(lambda: history.one_shot("NoticeThreatIntent", sign=sign("judging")), fault)

    assert not is_apology(reply), reply.text
    assert JUDGING.acknowledgement in reply.text
    after = record()
    assert after[VERSION_KEY] == before[VERSION_KEY] + 1
    assert judging_count(after) == judging_count(before) + 1
    # the adapter retried the faulted call once; nothing else was repeated.
    assert proxy.count(operation) == 2
    assert proxy.count(operation, forwarded=True) == 1
    assert proxy.count() == 3


@pytest.mark.parametrize("fault", [*PERSISTENT_UNSENT_FAULTS, Fault.LOST_REPLY], ids=str)
def test_a_persistently_failing_store_gets_a_quick_apology_and_changes_nothing(
    history: AlexaDevice,
    proxy: FaultProxy,
    stored: Callable[[], dict[str, Any]],
    record: Callable[[], dict[str, Any]],
    fault: Fault,
) -> None:
    item_before = stored()
    proxy.inject(fault)

    assert_apology(timed(history.launch, fault))
    assert history.session_id is not None
    if fault in (Fault.SERVER_ERROR, Fault.DROP, Fault.LOST_REPLY):  # quick: try more
        assert_apology(timed(lambda: history.say("GetMantraIntent"), fault))
        assert_apology(
            timed(lambda: history.say("NoticeThreatIntent", sign=sign("defending")), fault)
        )
        assert history.session_id is not None

    # Every read failed, so no write was even attempted; the record is untouched.
    assert proxy.count("GetItem") >= MAX_ATTEMPTS
    assert proxy.count("PutItem") == 0
    assert stored() == item_before
    record()

    # Once the store recovers, the same session carries on normally.
    proxy.clear()
    assert not is_apology(history.say("GetMantraIntent"))


@pytest.mark.parametrize("fault", PERSISTENT_UNSENT_FAULTS, ids=str)
def test_a_write_that_fails_leaves_the_record_exactly_as_it_was(
    history: AlexaDevice,
    proxy: FaultProxy,
    stored: Callable[[], dict[str, Any]],
    record: Callable[[], dict[str, Any]],
    fault: Fault,
) -> None:
    item_before = stored()
    proxy.inject(fault, target="PutItem")

    reply = timed(lambda: history.one_shot("NoticeThreatIntent", sign=sign("judging")), fault)

    assert_apology(reply)
    assert stored() == item_before  # same version, same attributes, value for value
    record()
    # A refusal (throttling) certainly wrote nothing; after a 500, a time-out or a
    # dropped connection, one more read found the write had not been applied.
    checked = 0 if fault in (Fault.THROTTLE, Fault.THROTTLING) else 1
    assert proxy.count("GetItem", forwarded=True) == 1 + checked
    assert proxy.count("PutItem") == MAX_ATTEMPTS
    assert proxy.count("PutItem", forwarded=True) == 0


@pytest.mark.parametrize("times", [1, None], ids=["once", "always"])
@pytest.mark.parametrize("fault", LOST_ANSWER_FAULTS, ids=str)
def test_a_write_whose_answer_is_lost_is_saved_once_and_answered_normally(
    history: AlexaDevice,
    proxy: FaultProxy,
    stored: Callable[[], dict[str, Any]],
    record: Callable[[], dict[str, Any]],
    fault: Fault,
    times: int | None,
) -> None:
    """The table applied the write, its answer never came, and the adapter retried it.

    The retry meets the write's own version bump. It must neither take that
    for another device's write (re-applying the change a second time) nor
    apologise for a change that was saved: the write carries a nonce, so a
    retry of it is accepted over its own earlier attempt, and when every
    answer is lost one consistent read finds the nonce in the record.
    """
    before = record()
    proxy.inject(fault, times=times, target="PutItem")

    reply = timed(lambda: history.one_shot("NoticeThreatIntent", sign=sign("judging")), fault)

    after = record()
    assert proxy.count("PutItem", forwarded=True) >= 1
    assert after[VERSION_KEY] == before[VERSION_KEY] + 1, "written once, not twice"
    assert judging_count(after) == judging_count(before) + 1
    untouched = set(before) - {VERSION_KEY, "threat_log", "recent_mantras"}
    assert {key: after[key] for key in untouched} == {key: before[key] for key in untouched}
    assert not is_apology(reply), reply.text
    assert JUDGING.acknowledgement in reply.text
    # One more read only when no attempt's answer came back at all.
    assert proxy.count("GetItem", forwarded=True) == (1 if times == 1 else 2)


def test_a_retry_that_could_not_finish_before_the_deadline_is_not_started(
    proxied_adapter: DynamoDbPersistenceAdapter, proxy: FaultProxy, user: str
) -> None:
    """Room for one attempt, not two: the store is tried once, then given up on in time."""
    proxy.inject(Fault.SLOW, target="GetItem")
    budget = ATTEMPT_SECONDS + 1.0

    started = time.monotonic()
    with request_deadline(seconds=budget), pytest.raises(StorageUnavailableError):
        proxied_adapter.load(user)
    elapsed = time.monotonic() - started

    assert elapsed < budget
    assert proxy.count("GetItem") == 1


def test_a_stalling_store_is_answered_before_the_requests_deadline(
    history: AlexaDevice,
    proxy: FaultProxy,
    stored: Callable[[], dict[str, Any]],
    record: Callable[[], dict[str, Any]],
) -> None:
    """A slow read that recovers, then a write that stalls: time runs out between them.

    Each call alone would retry within its own attempts; together, without a
    shared deadline, they would outlast it. The write is tried while it can
    still finish in time, and the person hears an apology before the deadline.
    """
    item_before = stored()
    proxy.inject(Fault.SLOW, times=1, target="GetItem")
    proxy.inject(Fault.SLOW, target="PutItem")
    budget = 2 * ATTEMPT_SECONDS - 0.5  # a recovered read and one write attempt fit

    started = time.monotonic()
    with request_deadline(seconds=budget):
        reply = history.one_shot("NoticeThreatIntent", sign=sign("judging"))
    elapsed = time.monotonic() - started

    assert elapsed < budget, f"answered after {elapsed:.2f} s"
    assert_apology(reply)
    assert proxy.count("GetItem") == 2
    assert proxy.count("PutItem") == 1
    assert stored() == item_before
    record()
