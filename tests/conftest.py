"""Shared fixtures: a real DynamoDB-compatible HTTP server (moto) for the tests.

Nothing in boto3 is mocked: moto runs as its own process and every call goes
over HTTP, so timeouts, retries, serialization and condition expressions are
exercised as they are against AWS.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from support.loopback import free_port, stop, wait_until_answering

MOTO_START_TIMEOUT_SECONDS = 30.0
FAKE_REGION = "us-east-1"

# moto checks a ConditionExpression and then writes without a lock, so under its
# threaded server two conditional writes can interleave, which AWS never allows.
# A long GIL switch interval keeps each request's check-and-write together (no
# I/O happens in between), so the concurrency tests test our code, not moto's.
_MOTO_BOOTSTRAP = (
    "import sys; sys.setswitchinterval(5.0); from moto.server import main; main(sys.argv[1:])"
)


@pytest.fixture(scope="session")
def dynamodb_endpoint() -> Iterator[str]:
    """Start `moto.server` in a subprocess and yield its URL.

    For the session, boto3 clients built anywhere in the tests get fake
    credentials, a region and this endpoint from the environment, and never
    read the developer's ~/.aws files, so no test can reach real AWS.
    """
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.NamedTemporaryFile(prefix="moto-", suffix=".log", delete=False) as log:
        log_path = log.name
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-c", _MOTO_BOOTSTRAP, "-H", "127.0.0.1", "-p", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_answering(
            f"{url}/moto-api/data.json",
            process,
            seconds=MOTO_START_TIMEOUT_SECONDS,
            log_path=log_path,
        )
        with pytest.MonkeyPatch.context() as env:
            for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN"):
                env.delenv(name, raising=False)
            env.setenv("AWS_ACCESS_KEY_ID", "testing")
            env.setenv("AWS_SECRET_ACCESS_KEY", "testing")
            env.setenv("AWS_REGION", FAKE_REGION)
            env.setenv("AWS_DEFAULT_REGION", FAKE_REGION)
            env.setenv("AWS_CONFIG_FILE", os.devnull)
            env.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)
            env.setenv("AWS_ENDPOINT_URL_DYNAMODB", url)
            yield url
    finally:
        stop(process)
        os.unlink(log_path)


@pytest.fixture(scope="session")
def dynamodb_client(dynamodb_endpoint: str) -> Any:
    """A boto3 DynamoDB client pointed at the moto server."""
    import boto3

    return boto3.session.Session().client(
        "dynamodb",
        endpoint_url=dynamodb_endpoint,
        region_name=FAKE_REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


@pytest.fixture
def dynamodb_table(dynamodb_client: Any) -> Iterator[str]:
    """A freshly created, uniquely named table; deleted afterwards."""
    from secure_differentiation.skill.persistence.dynamodb import create_table

    name = f"sd-test-{uuid.uuid4().hex[:12]}"
    assert create_table(client=dynamodb_client, table_name=name) is True
    yield name
    dynamodb_client.delete_table(TableName=name)
