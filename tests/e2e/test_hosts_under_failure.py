"""The hosts when time or storage runs out: Lambda's real deadline, a deletion that fails.

DynamoDB is the local server behind the fault proxy (tests/support/fault_proxy.py),
so a failing DeleteItem is a real HTTP 500 that botocore receives. The Lambda
handler is called in this process with a context shaped like Lambda's; the
webservice is waitress on loopback, as `serve` runs it.
"""

from __future__ import annotations

import json
import logging
import threading
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from waitress import wasyncore

from secure_differentiation.hosts import default_skill, default_storage
from secure_differentiation.hosts.aws_lambda import lambda_handler
from secure_differentiation.hosts.webservice import (
    REDELIVERY_RETRY_AFTER_SECONDS,
    create_app,
    create_server,
)
from secure_differentiation.skill import build_skill, invoke
from secure_differentiation.skill.content import Prompt, content_for
from secure_differentiation.skill.persistence.dynamodb import (
    ATTEMPT_SECONDS,
    DynamoDbPersistenceAdapter,
    create_table,
)
from secure_differentiation.skill.redelivery import RedeliveryRequested
from secure_differentiation.skill.speech import to_plain_text
from support.alexa import load_event
from support.fault_proxy import Fault, FaultProxy, running_proxy

APOLOGIES = content_for("en-US").variants(Prompt.ERROR_APOLOGY)


@dataclass
class LambdaContext:
    """The part of Lambda's context object the handler reads."""

    remaining_ms: int
    aws_request_id: str = "00000000-0000-0000-0000-000000000000"

    def get_remaining_time_in_millis(self) -> int:
        return self.remaining_ms


@pytest.fixture(scope="module")
def table(dynamodb_client: Any) -> Iterator[str]:
    name = f"sd-hosts-{uuid.uuid4().hex[:12]}"
    assert create_table(client=dynamodb_client, table_name=name) is True
    yield name
    dynamodb_client.delete_table(TableName=name)


@pytest.fixture
def proxy(dynamodb_endpoint: str) -> Iterator[FaultProxy]:
    with running_proxy(dynamodb_endpoint) as fault_proxy:
        yield fault_proxy


@pytest.fixture
def user() -> str:
    return f"amzn1.ask.account.HOSTS{uuid.uuid4().hex.upper()}"


@pytest.fixture
def on_lambda(
    table: str, proxy: FaultProxy, monkeypatch: pytest.MonkeyPatch
) -> Iterator[FaultProxy]:
    """The Lambda host wired from the environment, as the template sets it, via the proxy."""
    monkeypatch.setenv("SKILL_TABLE_NAME", table)
    monkeypatch.setenv("AWS_ENDPOINT_URL_DYNAMODB", proxy.url)
    monkeypatch.delenv("SKILL_ID", raising=False)
    _fresh_container()
    yield proxy
    _fresh_container()


def _fresh_container() -> None:
    """What a new Lambda container would build from the environment, built again."""
    default_storage.cache_clear()
    default_skill.cache_clear()


def event_for(name: str, user: str) -> dict[str, Any]:
    event = load_event(name)
    event["context"]["System"]["user"]["userId"] = user
    if "session" in event:
        event["session"]["user"]["userId"] = user
    return event


def stored(dynamodb_client: Any, table: str, user: str) -> dict[str, Any] | None:
    item = dynamodb_client.get_item(
        TableName=table, Key={"id": {"S": user}}, ConsistentRead=True
    ).get("Item")
    return dict(item) if item else None


def spoken(response: dict[str, Any]) -> str:
    return to_plain_text(response["response"]["outputSpeech"]["ssml"])


# --- item 8: the deadline is Lambda's own ------------------------------------------------


def test_lambda_spends_no_more_time_than_the_invocation_has_left(
    on_lambda: FaultProxy, dynamodb_client: Any, table: str, user: str
) -> None:
    """With too little time left for one storage attempt, none is started: an apology."""
    short = LambdaContext(remaining_ms=int((ATTEMPT_SECONDS + 0.5) * 1000))
    on_lambda.reset_calls()
    response = lambda_handler(event_for("launch", user), short)
    assert any(apology in spoken(response) for apology in APOLOGIES), spoken(response)
    assert on_lambda.count() == 0
    assert stored(dynamodb_client, table, user) is None


def test_lambda_with_its_full_timeout_left_answers_normally(
    on_lambda: FaultProxy, dynamodb_client: Any, table: str, user: str
) -> None:
    response = lambda_handler(event_for("launch", user), LambdaContext(remaining_ms=8000))
    assert "Welcome" in spoken(response)
    assert stored(dynamodb_client, table, user) is not None


# --- item 9: a deletion that fails is loud and retried ------------------------------------


def test_a_failed_deletion_on_lambda_fails_the_invocation_so_alexa_resends_it(
    on_lambda: FaultProxy,
    dynamodb_client: Any,
    table: str,
    user: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    lambda_handler(event_for("launch", user), LambdaContext(remaining_ms=8000))
    before = stored(dynamodb_client, table, user)
    assert before is not None
    on_lambda.inject(Fault.SERVER_ERROR, target="DeleteItem")
    with caplog.at_level(logging.INFO), pytest.raises(RedeliveryRequested):
        lambda_handler(event_for("skill_disabled", user), LambdaContext(remaining_ms=8000))
    errors = [record for record in caplog.records if record.levelno >= logging.ERROR]
    assert any("could NOT delete" in record.getMessage() for record in errors)
    assert user not in caplog.text
    assert stored(dynamodb_client, table, user) == before
    # Alexa sends the event again; storage is back, and this time it is acknowledged.
    on_lambda.clear()
    assert lambda_handler(event_for("skill_disabled", user), LambdaContext(remaining_ms=8000))
    assert stored(dynamodb_client, table, user) is None


def test_a_failed_deletion_through_the_webservice_is_a_503_to_retry(
    proxy: FaultProxy,
    table: str,
    dynamodb_client: Any,
    user: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL_DYNAMODB", proxy.url)
    skill = build_skill(DynamoDbPersistenceAdapter(table))
    server = create_server(
        create_app(lambda event: invoke(skill, event), verifier=None), host="127.0.0.1", port=0
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()

    def post(event: dict[str, Any]) -> tuple[int, dict[str, str]]:
        call = urllib.request.Request(
            f"http://127.0.0.1:{server.effective_port}/",
            data=json.dumps(event).encode(),
            method="POST",
            headers={"Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(call, timeout=10) as answer:
                return answer.status, dict(answer.headers)
        except urllib.error.HTTPError as error:
            with error:
                return error.code, dict(error.headers)

    try:
        assert post(event_for("launch", user))[0] == 200
        proxy.inject(Fault.SERVER_ERROR, target="DeleteItem")
        status, headers = post(event_for("skill_disabled", user))
        assert status == 503
        assert headers["Retry-After"] == str(REDELIVERY_RETRY_AFTER_SECONDS)
        assert stored(dynamodb_client, table, user) is not None
        proxy.clear()
        assert post(event_for("skill_disabled", user))[0] == 200
        assert stored(dynamodb_client, table, user) is None
    finally:
        server.task_dispatcher.shutdown()
        wasyncore.close_all(server._map)
        thread.join(timeout=5)
