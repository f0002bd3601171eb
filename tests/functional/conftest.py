"""Fixtures for driving the whole skill through real request envelopes."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from secure_differentiation.skill import build_skill
from secure_differentiation.skill.content import Content, content_for
from secure_differentiation.skill.persistence.memory import InMemoryPersistenceAdapter
from support.alexa import AlexaDevice


class Clock:
    """A clock tests can move forward, to cross days."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def store() -> InMemoryPersistenceAdapter:
    return InMemoryPersistenceAdapter()


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 11, 23, 15, 0, tzinfo=UTC))


@pytest.fixture
def make_device(store: InMemoryPersistenceAdapter, clock: Clock) -> Callable[..., AlexaDevice]:
    """Devices share one store and clock, as a person's devices share one record."""

    def make(user_id: str = "amzn1.ask.account.TESTUSER", seed: int = 7) -> AlexaDevice:
        skill = build_skill(store, rng=random.Random(seed), clock=clock)
        return AlexaDevice(skill, user_id=user_id)

    return make


@pytest.fixture
def device(make_device: Callable[..., AlexaDevice]) -> AlexaDevice:
    return make_device()


@pytest.fixture
def content() -> Content:
    return content_for("en-US")
