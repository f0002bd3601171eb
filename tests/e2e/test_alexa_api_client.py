"""The skill's Alexa API client over real HTTP: statuses returned, failures bounded in time.

`TimeoutApiClient` stands in for the ASK SDK's `DefaultApiClient`, which has no
timeout. These tests call it directly, and through the SDK's own service
clients, against the contract server on 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from ask_sdk_core.exceptions import ApiClientException
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model.services import ApiConfiguration, ServiceClientFactory
from ask_sdk_model.services.api_client_request import ApiClientRequest
from ask_sdk_model.services.service_exception import ServiceException

from secure_differentiation.skill.alexa_api import TimeoutApiClient
from support.alexa_api_server import (
    ACCESS_TOKEN,
    DEVICE_ID,
    DEVICE_TIME_ZONE,
    AlexaApiServer,
    running_api_server,
)

TIMEOUT = 0.5


@pytest.fixture
def alexa_api() -> Iterator[AlexaApiServer]:
    with running_api_server() as server:
        yield server


def request(url: str, method: str = "GET", body: object = None) -> ApiClientRequest:
    return ApiClientRequest(
        url=url,
        method=method,
        headers=[("Content-type", "application/json"), ("Authorization", f"Bearer {ACCESS_TOKEN}")],
        body=body,
    )


def services(url: str) -> ServiceClientFactory:
    return ServiceClientFactory(
        ApiConfiguration(
            serializer=DefaultSerializer(),
            api_client=TimeoutApiClient(timeout=TIMEOUT),
            authorization_value=ACCESS_TOKEN,
            api_endpoint=url,
        )
    )


def test_a_json_answer_comes_back_as_text(alexa_api: AlexaApiServer) -> None:
    url = f"{alexa_api.url}/v2/devices/{DEVICE_ID}/settings/System.timeZone"
    answer = TimeoutApiClient().invoke(request(url))
    assert answer.status_code == 200
    assert json.loads(answer.body) == DEVICE_TIME_ZONE
    assert ("Content-Type", "application/json") in answer.headers


@pytest.mark.parametrize("status", [401, 403, 404, 429, 500, 503])
def test_error_statuses_are_answers_not_exceptions(alexa_api: AlexaApiServer, status: int) -> None:
    alexa_api.fail("delete", status)
    answer = TimeoutApiClient().invoke(
        request(f"{alexa_api.url}/v1/alerts/reminders/any", "DELETE")
    )
    assert answer.status_code == status
    assert json.loads(answer.body)["code"]


def test_the_body_is_sent_as_json(alexa_api: AlexaApiServer) -> None:
    TimeoutApiClient().invoke(request(f"{alexa_api.url}/v1/alerts/reminders", "POST", {"a": 1}))
    assert alexa_api.calls[0].body == {"a": 1}
    assert alexa_api.calls[0].headers["authorization"] == f"Bearer {ACCESS_TOKEN}"


def test_a_slow_answer_times_out_quickly(alexa_api: AlexaApiServer) -> None:
    alexa_api.slow("time_zone", seconds=5)
    started = time.monotonic()
    with pytest.raises(ApiClientException):
        TimeoutApiClient(timeout=TIMEOUT).invoke(
            request(f"{alexa_api.url}/v2/devices/{DEVICE_ID}/settings/System.timeZone")
        )
    assert time.monotonic() - started < TIMEOUT + 1


def test_nothing_listening_is_an_exception() -> None:
    with running_api_server() as closed:
        url = closed.url
    with pytest.raises(ApiClientException):
        TimeoutApiClient(timeout=TIMEOUT).invoke(request(url))


@pytest.mark.parametrize(
    "url",
    [
        "http://api.amazonalexa.com/v1/alerts/reminders",  # plain HTTP off loopback
        "ftp://127.0.0.1/v1/alerts/reminders",
        "file:///etc/passwd",
    ],
)
def test_the_token_only_travels_over_https_or_loopback(url: str) -> None:
    with pytest.raises(ApiClientException, match="non-HTTPS"):
        TimeoutApiClient().invoke(request(url))


def test_redirects_are_not_followed(alexa_api: AlexaApiServer) -> None:
    # The server has no redirects of its own; an unknown path answers 404 without following.
    answer = TimeoutApiClient().invoke(request(f"{alexa_api.url}/elsewhere"))
    assert answer.status_code == 404


def test_the_sdk_service_clients_work_through_it(alexa_api: AlexaApiServer) -> None:
    factory = services(alexa_api.url)
    assert factory.get_ups_service().get_system_time_zone(DEVICE_ID) == DEVICE_TIME_ZONE
    reminders = factory.get_reminder_management_service()
    with pytest.raises(ServiceException) as gone:
        reminders.delete_reminder("amzn1.alert.reminder.missing")
    assert gone.value.status_code == 404
    alexa_api.fail("time_zone", 429)
    with pytest.raises(ServiceException) as throttled:
        factory.get_ups_service().get_system_time_zone(DEVICE_ID)
    assert throttled.value.status_code == 429


def test_the_skill_loads_no_http_library(tmp_path: Path) -> None:
    """Cold start: building the production skill, API client included, never imports `requests`."""
    code = (
        "import sys, secure_differentiation.hosts as app; app.default_skill(); "
        "print(sorted(m for m in ('requests', 'urllib3') if m in sys.modules))"
    )
    environment = {**os.environ, "SKILL_DB_PATH": str(tmp_path / "skill.sqlite3")}
    environment.pop("SKILL_TABLE_NAME", None)
    loaded = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        env=environment,
    ).stdout.strip()
    assert loaded == "[]"
