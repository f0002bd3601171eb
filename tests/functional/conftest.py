"""Fixtures for driving the whole skill through real request envelopes.

Every device talks to a loopback stand-in for Alexa's Reminders and Settings
APIs (support/alexa_api_server.py), so the skill learns the device's time zone
as it would from Alexa, and stamps of the test clock (support/clock.py) date
every request.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator

import pytest

from secure_differentiation.skill import build_skill
from secure_differentiation.skill.alexa_api import TimeoutApiClient
from secure_differentiation.skill.content import Content, content_for
from secure_differentiation.skill.persistence.memory import InMemoryPersistenceAdapter
from secure_differentiation.tools.nlu import ModelResolver
from support.alexa import AlexaDevice
from support.alexa_api_server import AlexaApiServer, running_api_server
from support.clock import Clock
from support.person import Person


@pytest.fixture
def store() -> InMemoryPersistenceAdapter:
    return InMemoryPersistenceAdapter()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def alexa_api() -> Iterator[AlexaApiServer]:
    with running_api_server() as server:
        yield server


@pytest.fixture
def make_device(
    store: InMemoryPersistenceAdapter, clock: Clock, alexa_api: AlexaApiServer
) -> Callable[..., AlexaDevice]:
    """Devices share one store, clock and Alexa, as a person's devices share one record."""

    def make(user_id: str = "amzn1.ask.account.TESTUSER", seed: int = 7) -> AlexaDevice:
        skill = build_skill(
            store, api_client=TimeoutApiClient(), rng=random.Random(seed), clock=clock
        )
        return AlexaDevice(skill, user_id=user_id, api_endpoint=alexa_api.url, clock=clock)

    return make


@pytest.fixture
def device(make_device: Callable[..., AlexaDevice]) -> AlexaDevice:
    return make_device()


@pytest.fixture
def content() -> Content:
    return content_for("en-US")


@pytest.fixture(scope="session")
def resolver() -> ModelResolver:
    """The console's resolver over the en-US model: sentences become Alexa's requests."""
    return ModelResolver()


@pytest.fixture
def person(make_device: Callable[..., AlexaDevice], resolver: ModelResolver) -> Person:
    """Someone who says sentences to the default device."""
    return Person(make_device(), resolver)
