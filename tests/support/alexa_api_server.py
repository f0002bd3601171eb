"""Alexa's Reminders and Settings APIs, served on 127.0.0.1 for the tests.

The server is the console's stand-in (`secure_differentiation.tools.alexa_stand_in`,
where the contract and the programmable failures are described), set up as
the tests' envelopes expect: it accepts only their `apiAccessToken`, gives
their device the test clock's time zone, and dates reminders by a test clock,
never the real one.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from secure_differentiation.tools.alexa_stand_in import (
    DEFAULT_SLOW_SECONDS,
    OPERATIONS,
    AlexaStandIn,
    Call,
    Clock,
    Reminder,
    contract_problems,
)
from support.clock import TEST_NOW, TEST_ZONE

__all__ = [
    "ACCESS_TOKEN",
    "DEFAULT_SLOW_SECONDS",
    "DEVICE_ID",
    "DEVICE_TIME_ZONE",
    "OPERATIONS",
    "AlexaApiServer",
    "Call",
    "Reminder",
    "contract_problems",
    "running_api_server",
]

ACCESS_TOKEN = "TEST-API-ACCESS-TOKEN"  # tests/events/*.json carry this apiAccessToken
DEVICE_ID = "amzn1.ask.device.TESTDEVICE"
DEVICE_TIME_ZONE = TEST_ZONE  # the test clock's zone (support/clock.py)


def _test_now() -> datetime:
    return TEST_NOW


class AlexaApiServer(AlexaStandIn):
    """The stand-in as the tests' envelopes expect it."""

    def __init__(
        self,
        time_zones: dict[str, str] | None = None,
        *,
        clock: Clock = _test_now,
        latency: float = 0.0,
    ) -> None:
        super().__init__(
            time_zones or {DEVICE_ID: DEVICE_TIME_ZONE},
            access_tokens={ACCESS_TOKEN},
            clock=clock,
            latency=latency,
        )


@contextmanager
def running_api_server(
    time_zones: dict[str, str] | None = None, *, clock: Clock = _test_now
) -> Iterator[AlexaApiServer]:
    """A server for the duration of a `with` block (fixtures use this)."""
    server = AlexaApiServer(time_zones, clock=clock)
    try:
        yield server
    finally:
        server.close()
