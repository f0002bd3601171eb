"""DynamoDB backend: the durable store on AWS Lambda.

One item per practice: `id` (base.record_id: the userId for the account's
practice, exactly the key every item had before people were told apart, and
"userId#personId" for a recognised person's) as partition key, `attributes` as
a native map (readable in the console, no JSON-in-a-string), `version` as a
number that every write checks and bumps in a single conditional PutItem,
`expires_at`, the epoch second the table's TTL deletes the item after (every
write moves it `RETENTION_DAYS` ahead), and `writer`, a random nonce each
write sets. TTL deletes within days, not at once, so an item past its time
already reads as absent here. A person's item also carries `household`, its
account's userId: the key of the table's one index (`HOUSEHOLD_INDEX`, keys
only, sparse: account items are not in it), by which deleting a household
finds every person's item. Two items written together (a person's practice
and the account's check-ins) are one TransactWriteItems of two conditional
Puts: both or neither.

A write whose answer was lost may still have been applied. The nonce makes
that knowable: a retry succeeds on an item its own earlier attempt wrote
(the condition also accepts "the writer is me"), and when every attempt
ended without an answer, one consistent read tells whether the nonce is
there. So the person hears an apology only when the change really was not
saved, and a change is never applied twice.
botocore is imported and the client built on first use only (and once per
container), because that is the largest part of a cold start.
"""

from __future__ import annotations

import logging
import os
import random
import secrets
import threading
import time
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from ..deadline import current_deadline
from .base import (
    PARTITION_KEY,
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

# A person's item names its account here: the key of the household index.
HOUSEHOLD_FIELD = "household"
HOUSEHOLD_INDEX = "household"
# The table's layout, shared with `create_table` and compared with infra/ by tests.
TABLE_KEY_SCHEMA: list[dict[str, str]] = [{"AttributeName": PARTITION_KEY, "KeyType": "HASH"}]
TABLE_ATTRIBUTE_DEFINITIONS: list[dict[str, str]] = [
    {"AttributeName": PARTITION_KEY, "AttributeType": "S"},
    {"AttributeName": HOUSEHOLD_FIELD, "AttributeType": "S"},
]
# Keys only: deleting a household needs nothing else, and nothing else is copied.
TABLE_GLOBAL_SECONDARY_INDEXES: list[dict[str, Any]] = [
    {
        "IndexName": HOUSEHOLD_INDEX,
        "KeySchema": [{"AttributeName": HOUSEHOLD_FIELD, "KeyType": "HASH"}],
        "Projection": {"ProjectionType": "KEYS_ONLY"},
    }
]
TABLE_BILLING_MODE = "PAY_PER_REQUEST"
TABLE_SSE_SPECIFICATION: dict[str, Any] = {"Enabled": True}

# The IAM permission each call the adapter makes needs, and on what: the table ("table")
# or its household index ("index"). DynamoDB authorises each Put inside a transaction as a
# PutItem. infra/template.yaml grants exactly these (tests/unit/test_infra.py checks).
CALL_PERMISSIONS: dict[str, tuple[str, str]] = {
    "get_item": ("dynamodb:GetItem", "table"),
    "put_item": ("dynamodb:PutItem", "table"),
    "transact_write_items": ("dynamodb:PutItem", "table"),
    "delete_item": ("dynamodb:DeleteItem", "table"),
    "query": ("dynamodb:Query", "index"),
}

ATTRIBUTES_FIELD = "attributes"
VERSION_FIELD = "version"
# The table's TimeToLiveSpecification attribute (infra/template.yaml, `create_table`).
EXPIRY_FIELD = "expires_at"
# A random nonce per write: how a write whose answer was lost is recognised as applied.
WRITER_FIELD = "writer"

# One attempt's worst case is a connect that hangs to its timeout or a read
# that does; a normal call takes single-digit milliseconds and is never cut
# short. Attempts are retried here, not by botocore, because botocore cannot
# know the request's deadline: an attempt starts only if it could finish
# before it (see deadline.py), so a stalled table costs an apology, never
# Alexa's 8 seconds.
CONNECT_TIMEOUT_SECONDS = 1.0
READ_TIMEOUT_SECONDS = 1.0
ATTEMPT_SECONDS = CONNECT_TIMEOUT_SECONDS + READ_TIMEOUT_SECONDS
MAX_ATTEMPTS = 3
# Jittered exponential pause before retry n (1, 2, ...): up to 50 ms, then 100 ms.
# botocore's standard mode waits up to 1 s, then 2 s, after throttling: most of
# Alexa's wait, spent on one item whose throttling usually clears in milliseconds.
BACKOFF_BASE_SECONDS = 0.05

logger = logging.getLogger(__name__)

_CONDITIONAL_CHECK_FAILED = "ConditionalCheckFailedException"
# A transaction refused because a condition failed or another write held an item: like a
# failed condition, nothing was written and a fresh read decides.
_TRANSACTION_CANCELED = "TransactionCanceledException"
_REFUSED_REASONS = frozenset({"ConditionalCheckFailed", "TransactionConflict"})
_TABLE_EXISTS = "ResourceInUseException"
# The error codes botocore's standard retry mode treats as throttling or
# transient; a 5xx is retried whatever its code.
_RETRYABLE_CODES = frozenset(
    {
        "ProvisionedThroughputExceededException",
        "ThrottlingException",
        "Throttling",
        "RequestLimitExceeded",
        "RequestThrottled",
        "RequestThrottledException",
        "TooManyRequestsException",
        "TransactionInProgressException",
        "RequestTimeout",
        "RequestTimeoutException",
        "PriorRequestNotComplete",
    }
)
_UNKNOWN_OUTCOME_MESSAGE = "a retried conditional write failed; an earlier attempt may have applied"
_NO_TIME_MESSAGE = "no time left in this request for another storage attempt"


def _client_config() -> Any:
    from botocore.config import Config

    return Config(
        connect_timeout=CONNECT_TIMEOUT_SECONDS,
        read_timeout=READ_TIMEOUT_SECONDS,
        # One attempt per botocore call: `_call` retries, within the deadline.
        retries={"mode": "standard", "total_max_attempts": 1},
    )


def build_client() -> Any:
    """A low-level DynamoDB client from the standard AWS configuration.

    botocore directly, not boto3: boto3's import pulls in s3transfer and its
    resource layer, a fifth of a cold start, for nothing this code uses.
    Region and endpoint come from AWS_DEFAULT_REGION (or AWS_REGION, which
    Lambda sets and botocore alone does not read) and AWS_ENDPOINT_URL_DYNAMODB
    (or the config file), so the same code talks to AWS, DynamoDB Local or
    moto. A private session: the default one is not safe to create from
    several threads. Its data loader is `_dynamodb_data_loader`'s, which
    makes the client in about half the time.
    """
    import botocore.session

    session = botocore.session.Session()
    loader = _dynamodb_data_loader(session)
    if loader is not None:
        session.register_component("data_loader", loader)
    region = session.get_config_variable("region") or os.environ.get("AWS_REGION") or None
    return session.create_client(SERVICE_NAME, region_name=region, config=_client_config())


SERVICE_NAME = "dynamodb"
# botocore's legacy endpoint table, for the client to hold instead of botocore/data/endpoints.json.
_NO_LEGACY_ENDPOINTS: dict[str, Any] = {"partitions": [], "version": 3}


def _dynamodb_data_loader(session: Any) -> Any | None:
    """botocore's data loader for a session that only makes DynamoDB clients, minus two costs.

    Building a client, the stock loader (1) lists every service directory in
    botocore/data (about 400) to check that "dynamodb" is one of them, and
    (2) decodes endpoints.json, 1.2 MB of legacy endpoint data for every
    service, only to derive the signing region and a first URL: together
    well over half of the client's cold-start cost. This loader checks
    DynamoDB's own directory, and gives the client an empty legacy table:
    botocore then signs for the client's region with SigV4 and DynamoDB's
    name, exactly what the table says for DynamoDB, and the request URL
    comes, as with the stock loader, from DynamoDB's endpoint rule set and
    the partitions file, both still read from the runtime's botocore. Where
    the installed botocore has no rule set for DynamoDB (older than 1.28),
    or FIPS or dual-stack endpoints are configured, the stock loader stays.
    tests/unit/test_dynamodb_client.py compares the requests both make.
    """
    from botocore.exceptions import DataNotFoundError
    from botocore.loaders import Loader

    if session.get_config_variable("use_fips_endpoint") or session.get_config_variable(
        "use_dualstack_endpoint"
    ):
        return None
    # AWS_DATA_PATH or the config file's data_path, read as botocore's own create_loader does.
    data_path = session.get_config_variable("data_path") or ""
    extra_paths = [os.path.expanduser(os.path.expandvars(p)) for p in data_path.split(os.pathsep)]

    class DynamoDbDataLoader(Loader):
        def list_available_services(self, type_name: str) -> list[str]:
            return [SERVICE_NAME] if self.has(type_name) else []

        def has(self, type_name: str) -> bool:
            """Whether DynamoDB has a `type_name` file (service-2, waiters-2...) in any version."""
            try:
                return bool(self.list_api_versions(SERVICE_NAME, type_name))
            except DataNotFoundError:
                return False

        def load_data_with_path(self, name: str) -> tuple[Any, str]:
            if name == "endpoints":
                # A path inside botocore/data: the table counts as botocore's own, so the
                # rule set, not this table, decides every request's URL.
                return dict(_NO_LEGACY_ENDPOINTS), os.path.join(self.BUILTIN_DATA_PATH, name)
            return super().load_data_with_path(name)

    loader = DynamoDbDataLoader(extra_search_paths=[path for path in extra_paths if path])
    return loader if loader.has("endpoint-rule-set-1") else None


def _is_retryable(error: Exception) -> bool:
    """Throttling, a 5xx, or a connection that failed or went quiet: worth another try."""
    from botocore.exceptions import ClientError, ConnectionError, HTTPClientError

    if isinstance(error, ClientError):
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
        code = error.response.get("Error", {}).get("Code")
        return code in _RETRYABLE_CODES or int(status or 0) >= 500
    return isinstance(error, ConnectionError | HTTPClientError)


def _may_have_applied(error: Exception) -> bool:
    """Whether a failed call may still have reached the table and been carried out.

    A 4xx (throttling) was refused; a connection that could not be opened
    sent nothing. A 5xx, a read that timed out or a connection that broke
    after the request went out leave the outcome unknown.
    """
    from botocore.exceptions import ClientError, ConnectTimeoutError, EndpointConnectionError

    if isinstance(error, ClientError):
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
        return int(status or 0) >= 500
    return not isinstance(error, ConnectTimeoutError | EndpointConnectionError)


def _was_refused(error: Any) -> bool:
    """Whether a write was refused by its condition (or, in a transaction, by another write)."""
    code = error.response.get("Error", {}).get("Code")
    if code == _CONDITIONAL_CHECK_FAILED:
        return True
    if code != _TRANSACTION_CANCELED:
        return False
    reasons = {reason.get("Code") for reason in error.response.get("CancellationReasons") or []}
    return bool(reasons & _REFUSED_REASONS)


class _OutcomeUnknownError(StorageUnavailableError):
    """A write failed, but one of its attempts may have been applied."""


def _backoff_seconds(failures: int) -> float:
    """The pause after `failures` failed attempts: full jitter, so devices spread out."""
    return random.uniform(0, BACKOFF_BASE_SECONDS * 2 ** (failures - 1))


def to_attribute_value(value: Any) -> dict[str, Any]:
    """A state value as a DynamoDB attribute value: the state holds only JSON-like data.

    Numbers in the state are ints (never floats, which DynamoDB would need as
    Decimals), so this small codec replaces boto3's TypeSerializer.
    """
    if value is None:
        return {"NULL": True}
    if isinstance(value, bool):
        return {"BOOL": value}
    if isinstance(value, int):
        return {"N": str(value)}
    if isinstance(value, str):
        return {"S": value}
    if isinstance(value, list):
        return {"L": [to_attribute_value(item) for item in value]}
    if isinstance(value, dict):
        return {"M": {str(key): to_attribute_value(item) for key, item in value.items()}}
    raise TypeError(f"cannot store a {type(value).__name__} in the state")


def from_attribute_value(attribute: dict[str, Any]) -> Any:
    """The inverse of `to_attribute_value`; a non-integral number comes back as a float."""
    ((kind, value),) = attribute.items()
    if kind == "NULL":
        return None
    if kind in ("S", "BOOL"):
        return value
    if kind == "N":
        number = Decimal(value)
        return int(number) if number == number.to_integral_value() else float(number)
    if kind == "L":
        return [from_attribute_value(item) for item in value]
    if kind == "M":
        return {key: from_attribute_value(item) for key, item in value.items()}
    raise TypeError(f"unexpected DynamoDB type {kind} in the state")


class DynamoDbPersistenceAdapter(VersionedPersistenceAdapter):
    """Stores each practice's attributes as one DynamoDB item with a version."""

    def __init__(
        self, table_name: str, client: Any | None = None, *, clock: EpochClock = time.time
    ) -> None:
        if not table_name:
            raise ValueError("table_name is required")
        self.table_name = table_name
        self._client = client
        self._client_lock = threading.Lock()
        self._clock = clock

    @property
    def client(self) -> Any:
        """The one client of this adapter, built on first use and then reused."""
        if self._client is None:
            with self._client_lock:
                if self._client is None:
                    self._client = build_client()
        return self._client

    def _call(self, operation: str, **parameters: Any) -> dict[str, Any]:
        """One DynamoDB call, retried while it fails transiently and time is left.

        Every failure becomes one of the contract's two exceptions, so
        handlers catch one thing. A failed version condition is
        StaleStateError, unless an earlier attempt of this very call failed:
        that attempt may have been applied (its answer lost), so the
        "conflict" may be this write itself, and re-applying the change on a
        fresh read would apply it twice; that is StorageUnavailableError.
        """
        from botocore.exceptions import BotoCoreError, ClientError

        deadline = current_deadline()
        last_error: Exception | None = None
        # Whether an attempt so far may have been applied (its answer lost).
        unknown = False
        failed: type[StorageUnavailableError] = StorageUnavailableError
        for attempt in range(1, MAX_ATTEMPTS + 1):
            pause = _backoff_seconds(attempt - 1) if attempt > 1 else 0.0
            failed = _OutcomeUnknownError if unknown else StorageUnavailableError
            if not deadline.allows(pause + ATTEMPT_SECONDS):
                raise failed(f"{operation}: {_NO_TIME_MESSAGE}") from last_error
            time.sleep(pause)
            try:
                return dict(getattr(self.client, operation)(**parameters))
            except ClientError as error:
                if _was_refused(error):
                    if attempt > 1:
                        raise StorageUnavailableError(_UNKNOWN_OUTCOME_MESSAGE) from error
                    raise StaleStateError(STALE_MESSAGE) from error
                last_error = error
            except BotoCoreError as error:
                last_error = error
            unknown = unknown or _may_have_applied(last_error)
            failed = _OutcomeUnknownError if unknown else StorageUnavailableError
            if not _is_retryable(last_error):
                raise failed(str(last_error)) from last_error
            logger.info(
                "%s failed (%s), attempt %d of %d",
                operation,
                type(last_error).__name__,
                attempt,
                MAX_ATTEMPTS,
            )
        raise failed(f"{operation} failed {MAX_ATTEMPTS} times") from last_error

    @staticmethod
    def _key(key: str) -> dict[str, Any]:
        return {PARTITION_KEY: {"S": key}}

    def load(self, user_id: str, person_id: str | None = None) -> dict[str, Any]:
        response = self._call(
            "get_item",
            TableName=self.table_name,
            Key=self._key(record_id(user_id, person_id)),
            ConsistentRead=True,
        )
        item = response.get("Item")
        if not item or self._has_expired(item):
            return {VERSION_KEY: 0}
        attributes = from_attribute_value(item.get(ATTRIBUTES_FIELD, {"M": {}}))
        attributes.pop(VERSION_KEY, None)
        attributes[VERSION_KEY] = int(item[VERSION_FIELD]["N"])
        return attributes

    def write_together(self, writes: Sequence[Write]) -> None:
        """One conditional PutItem, or a transaction of them for several records.

        The nonce is the same for every item of one call: any item carrying it
        shows the whole (atomic) call was applied.
        """
        now = int(self._clock())
        writer = secrets.token_hex(8)
        puts = [self._put(write, now, writer) for write in writes]
        try:
            if len(puts) == 1:
                self._call("put_item", **puts[0])
            else:
                self._call("transact_write_items", TransactItems=[{"Put": put} for put in puts])
        except _OutcomeUnknownError:
            if not self._written_by(writes[0].key, writer):
                raise
            logger.info("a write whose answer was lost had been applied")

    def _put(self, write: Write, now: int, writer: str) -> dict[str, Any]:
        """The conditional Put of one record: PutItem's parameters, or a transaction's Put."""
        item = {
            **self._key(write.key),
            VERSION_FIELD: {"N": str(write.expected + 1)},
            ATTRIBUTES_FIELD: to_attribute_value(write.body),
            EXPIRY_FIELD: {"N": str(expiry_after(now))},
            WRITER_FIELD: {"S": writer},
        }
        if write.person_id is not None:
            item[HOUSEHOLD_FIELD] = {"S": write.user_id}
        # An item past its expiry counts as absent, as `load` reads it: a new record
        # may replace it, and a write based on it is stale. An item this very write
        # put there (an attempt whose answer was lost) may be written again.
        names = {"#expires": EXPIRY_FIELD, "#writer": WRITER_FIELD}
        values = {":now": {"N": str(now)}, ":writer": {"S": writer}}
        if write.expected == 0:
            expression = "attribute_not_exists(#id) OR #expires <= :now OR #writer = :writer"
            names["#id"] = PARTITION_KEY
        else:
            expression = (
                "(#version = :expected AND (attribute_not_exists(#expires) OR #expires > :now))"
                " OR #writer = :writer"
            )
            names["#version"] = VERSION_FIELD
            values[":expected"] = {"N": str(write.expected)}
        return {
            "TableName": self.table_name,
            "Item": item,
            "ConditionExpression": expression,
            "ExpressionAttributeNames": names,
            "ExpressionAttributeValues": values,
        }

    def _written_by(self, key: str, writer: str) -> bool:
        """Whether the stored item is the one the write with nonce `writer` put there.

        One consistent read, if the request has time for it; when it cannot
        tell, the answer is no, and the caller apologises.
        """
        if not current_deadline().allows(ATTEMPT_SECONDS):
            return False
        try:
            response = self._call(
                "get_item", TableName=self.table_name, Key=self._key(key), ConsistentRead=True
            )
        except StorageUnavailableError:
            return False
        stored = (response.get("Item") or {}).get(WRITER_FIELD, {}).get("S")
        return stored == writer

    def delete(self, user_id: str, person_id: str | None = None) -> None:
        self._call(
            "delete_item", TableName=self.table_name, Key=self._key(record_id(user_id, person_id))
        )

    def delete_household(self, user_id: str) -> None:
        """Every person's item the household index lists, then the account's own.

        The index is eventually consistent: a person's item first written a
        moment (typically well under a second) before this call may not be
        listed yet, and then expires with its retention period instead.
        """
        for key in self._household_keys(user_id):
            self._call("delete_item", TableName=self.table_name, Key=self._key(key))
        self._call("delete_item", TableName=self.table_name, Key=self._key(record_id(user_id)))

    def _household_keys(self, user_id: str) -> list[str]:
        """The keys of every person's item of the account, page by page."""
        keys: list[str] = []
        start: dict[str, Any] | None = None
        while True:
            page = self._call(
                "query",
                TableName=self.table_name,
                IndexName=HOUSEHOLD_INDEX,
                KeyConditionExpression="#household = :user",
                ExpressionAttributeNames={"#household": HOUSEHOLD_FIELD},
                ExpressionAttributeValues={":user": {"S": user_id}},
                **({"ExclusiveStartKey": start} if start else {}),
            )
            keys.extend(item[PARTITION_KEY]["S"] for item in page.get("Items", []))
            start = page.get("LastEvaluatedKey")
            if not start:
                return keys

    def _has_expired(self, item: dict[str, Any]) -> bool:
        """Past its TTL but not yet removed; an item written before expiry existed never is."""
        expires = item.get(EXPIRY_FIELD, {}).get("N")
        return expires is not None and int(Decimal(expires)) <= self._clock()


def create_table(
    client: Any | None = None,
    table_name: str | None = None,
    *,
    wait_seconds: int = 120,
) -> bool:
    """Create the skill's table and wait until it is ACTIVE.

    Returns True when created, False when a table of that name already
    exists (so setup scripts can be re-run). `table_name` defaults to
    SKILL_TABLE_NAME, the variable the Lambda reads. Either way the table's
    TTL is switched on for EXPIRY_FIELD and it has the household index, as
    infra/template.yaml makes it: a table made before households gets the
    index added (its items stay as they are), and the call waits until the
    index is ACTIVE.
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
            GlobalSecondaryIndexes=TABLE_GLOBAL_SECONDARY_INDEXES,
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
    _add_household_index(client, name, wait_seconds)
    _enable_expiry(client, name)
    return created


def _index_status(client: Any, table_name: str) -> str | None:
    """The household index's status ("ACTIVE", "CREATING"...), None when the table has none."""
    table = client.describe_table(TableName=table_name)["Table"]
    for index in table.get("GlobalSecondaryIndexes") or []:
        if index.get("IndexName") == HOUSEHOLD_INDEX:
            return str(index.get("IndexStatus") or "ACTIVE")
    return None


def _add_household_index(client: Any, table_name: str, wait_seconds: int) -> None:
    """Give a table made before households its index, and wait until it can be queried."""
    if _index_status(client, table_name) is None:
        (index,) = TABLE_GLOBAL_SECONDARY_INDEXES
        client.update_table(
            TableName=table_name,
            AttributeDefinitions=TABLE_ATTRIBUTE_DEFINITIONS,
            GlobalSecondaryIndexUpdates=[{"Create": index}],
        )
    deadline = time.monotonic() + max(1, wait_seconds)
    while _index_status(client, table_name) != "ACTIVE":
        if time.monotonic() >= deadline:
            raise TimeoutError(f"the {HOUSEHOLD_INDEX} index of {table_name} is not active yet")
        time.sleep(1)


def _enable_expiry(client: Any, table_name: str) -> None:
    """Turn on TTL for EXPIRY_FIELD unless it is on already (enabling twice is an error)."""
    described = client.describe_time_to_live(TableName=table_name)["TimeToLiveDescription"]
    status = described.get("TimeToLiveStatus")
    if status in ("ENABLED", "ENABLING") and described.get("AttributeName") == EXPIRY_FIELD:
        return
    client.update_time_to_live(
        TableName=table_name,
        TimeToLiveSpecification={"Enabled": True, "AttributeName": EXPIRY_FIELD},
    )
