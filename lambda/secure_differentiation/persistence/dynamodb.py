"""DynamoDB backend: the durable store on AWS Lambda.

One item per person: `id` (the userId) as partition key, `attributes` as a
native map (readable in the console, no JSON-in-a-string) and `version` as a
number that every write checks and bumps in a single conditional PutItem.
boto3 is imported and the client built on first use only, because importing
boto3 is the largest part of a cold start and most requests reuse a warm
container's client.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from .base import (
    PARTITION_KEY,
    STALE_MESSAGE,
    VERSION_KEY,
    StaleStateError,
    StorageUnavailableError,
    VersionedPersistenceAdapter,
)

# The table's layout, shared with `create_table` and compared with infra/ by tests.
TABLE_KEY_SCHEMA: list[dict[str, str]] = [{"AttributeName": PARTITION_KEY, "KeyType": "HASH"}]
TABLE_ATTRIBUTE_DEFINITIONS: list[dict[str, str]] = [
    {"AttributeName": PARTITION_KEY, "AttributeType": "S"}
]
TABLE_BILLING_MODE = "PAY_PER_REQUEST"
TABLE_SSE_SPECIFICATION: dict[str, Any] = {"Enabled": True}

ATTRIBUTES_FIELD = "attributes"
VERSION_FIELD = "version"

# Alexa gives a skill 8 seconds. Each call makes at most 3 attempts; a refused
# connection fails in milliseconds, a hung one costs at most connect + read per
# attempt, so one call gives up after about 6 s in the worst case and a normal
# one (single-digit ms) is never cut short.
CONNECT_TIMEOUT_SECONDS = 1.0
READ_TIMEOUT_SECONDS = 1.0
MAX_ATTEMPTS = 3

_CONDITIONAL_CHECK_FAILED = "ConditionalCheckFailedException"
_TABLE_EXISTS = "ResourceInUseException"


def _client_config() -> Any:
    from botocore.config import Config

    return Config(
        connect_timeout=CONNECT_TIMEOUT_SECONDS,
        read_timeout=READ_TIMEOUT_SECONDS,
        # total_max_attempts counts the first try; botocore's `max_attempts`
        # would count retries only and make 4 attempts of "3".
        retries={"mode": "standard", "total_max_attempts": MAX_ATTEMPTS},
    )


def build_client() -> Any:
    """A low-level DynamoDB client from boto3's standard configuration.

    Region and endpoint come from AWS_REGION / AWS_DEFAULT_REGION and
    AWS_ENDPOINT_URL_DYNAMODB (or the config file), so the same code talks to
    AWS, DynamoDB Local or moto. A private Session avoids the default
    session, which is not safe to create from several threads.
    """
    import boto3

    return boto3.session.Session().client("dynamodb", config=_client_config())


@contextmanager
def _translated_errors(user_id: str) -> Iterator[None]:
    """Turn botocore's exception tree into the contract's two exceptions.

    A failed version condition is StaleStateError; everything else (service
    errors after retries, timeouts, refused connections, missing
    credentials) is StorageUnavailableError, so handlers catch one thing.
    """
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        yield
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") == _CONDITIONAL_CHECK_FAILED:
            raise StaleStateError(STALE_MESSAGE) from error
        raise StorageUnavailableError(str(error)) from error
    except BotoCoreError as error:
        raise StorageUnavailableError(str(error)) from error


def _plain(value: Any) -> Any:
    """Undo the deserializer's Decimals: all numbers in the state are ints."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


class DynamoDbPersistenceAdapter(VersionedPersistenceAdapter):
    """Stores each person's attributes as one DynamoDB item with a version."""

    def __init__(self, table_name: str, client: Any | None = None) -> None:
        if not table_name:
            raise ValueError("table_name is required")
        self.table_name = table_name
        self._client = client
        self._client_lock = threading.Lock()

    @property
    def client(self) -> Any:
        """The one client of this adapter, built on first use and then reused."""
        if self._client is None:
            with self._client_lock:
                if self._client is None:
                    self._client = build_client()
        return self._client

    def _key(self, user_id: str) -> dict[str, Any]:
        return {PARTITION_KEY: {"S": user_id}}

    def load(self, user_id: str) -> dict[str, Any]:
        from boto3.dynamodb.types import TypeDeserializer

        with _translated_errors(user_id):
            response = self.client.get_item(
                TableName=self.table_name, Key=self._key(user_id), ConsistentRead=True
            )
        item = response.get("Item")
        if not item:
            return {VERSION_KEY: 0}
        deserializer = TypeDeserializer()
        attributes = _plain(deserializer.deserialize(item.get(ATTRIBUTES_FIELD, {"M": {}})))
        attributes.pop(VERSION_KEY, None)
        attributes[VERSION_KEY] = int(item[VERSION_FIELD]["N"])
        return attributes

    def save(self, user_id: str, attributes: dict[str, Any]) -> None:
        from boto3.dynamodb.types import TypeSerializer

        expected = int(attributes.get(VERSION_KEY, 0))
        body = {key: value for key, value in attributes.items() if key != VERSION_KEY}
        item = {
            **self._key(user_id),
            VERSION_FIELD: {"N": str(expected + 1)},
            ATTRIBUTES_FIELD: TypeSerializer().serialize(body),
        }
        if expected == 0:
            condition: dict[str, Any] = {
                "ConditionExpression": "attribute_not_exists(#id)",
                "ExpressionAttributeNames": {"#id": PARTITION_KEY},
            }
        else:
            condition = {
                "ConditionExpression": "#version = :expected",
                "ExpressionAttributeNames": {"#version": VERSION_FIELD},
                "ExpressionAttributeValues": {":expected": {"N": str(expected)}},
            }
        with _translated_errors(user_id):
            self.client.put_item(TableName=self.table_name, Item=item, **condition)
        attributes[VERSION_KEY] = expected + 1

    def delete(self, user_id: str) -> None:
        with _translated_errors(user_id):
            self.client.delete_item(TableName=self.table_name, Key=self._key(user_id))


def create_table(
    client: Any | None = None,
    table_name: str | None = None,
    *,
    wait_seconds: int = 120,
) -> bool:
    """Create the skill's table and wait until it is ACTIVE.

    Returns True when created, False when a table of that name already
    exists (so setup scripts can be re-run). `table_name` defaults to
    SKILL_TABLE_NAME, the variable the Lambda reads.
    """
    name = table_name or os.environ.get("SKILL_TABLE_NAME")
    if not name:
        raise ValueError("table_name is required (or set SKILL_TABLE_NAME)")
    client = client if client is not None else build_client()
    from botocore.exceptions import ClientError

    created = True
    try:
        client.create_table(
            TableName=name,
            KeySchema=TABLE_KEY_SCHEMA,
            AttributeDefinitions=TABLE_ATTRIBUTE_DEFINITIONS,
            BillingMode=TABLE_BILLING_MODE,
            SSESpecification=TABLE_SSE_SPECIFICATION,
        )
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") != _TABLE_EXISTS:
            raise
        created = False
    # Also wait for an existing table: a re-run right after a first run may
    # find it still CREATING.
    client.get_waiter("table_exists").wait(
        TableName=name, WaiterConfig={"Delay": 1, "MaxAttempts": max(1, wait_seconds)}
    )
    return created
