"""Storage: at most one read and one write, none when not needed, no lost updates."""

from __future__ import annotations

import logging
import random
from typing import Any

import pytest

from secure_differentiation.skill import build_skill
from secure_differentiation.skill.domain.state import validate_attributes
from secure_differentiation.skill.persistence.memory import InMemoryPersistenceAdapter
from support.alexa import AlexaDevice, custom_slot, number_slot
from support.clock import Clock

USER = "amzn1.ask.account.TESTUSER"


def calls(store: InMemoryPersistenceAdapter, action) -> tuple[int, int]:
    reads, writes = store.reads, store.writes
    action()
    return store.reads - reads, store.writes - writes


@pytest.mark.parametrize(
    "intent",
    ["AMAZON.HelpIntent", "AMAZON.StopIntent", "AMAZON.CancelIntent", "AMAZON.RepeatIntent"],
)
def test_requests_that_need_no_state_make_no_storage_call(
    device: AlexaDevice, store: InMemoryPersistenceAdapter, intent: str
) -> None:
    device.launch()
    assert calls(store, lambda: device.say(intent)) == (0, 0)


def test_reading_without_changing_writes_nothing(
    device: AlexaDevice, store: InMemoryPersistenceAdapter
) -> None:
    device.launch()
    device.say("SetFocusIntent", number=number_slot("2"))
    assert calls(store, lambda: device.say("GetFocusIntent")) == (1, 0)


def test_every_flow_stays_within_one_read_and_one_write(
    device: AlexaDevice, store: InMemoryPersistenceAdapter
) -> None:
    steps = [
        lambda: device.launch(),
        lambda: device.say("GetMantraIntent"),
        lambda: device.say("AMAZON.YesIntent"),
        lambda: device.say("StartWalkthroughIntent"),
        lambda: device.say("AMAZON.YesIntent"),
        lambda: device.say("AMAZON.NextIntent"),
        lambda: device.say("GoToSkillIntent", number=number_slot("12")),
        lambda: device.say("AMAZON.NoIntent"),
        lambda: device.say("ChooseSkillIntent", number=number_slot("4")),
        lambda: device.say("SkillOfTheDayIntent"),
        lambda: device.say(
            "NoticeThreatIntent", sign=custom_slot("sign", "caving", "THREAT_SIGN", "harmonizing")
        ),
    ]
    for step in steps:
        reads, writes = calls(store, step)
        assert reads <= 1 and writes <= 1
    assert validate_attributes(store.records[USER][1]) == []


class InterleavingStore(InMemoryPersistenceAdapter):
    """Lets another device write between this request's read and its write."""

    def __init__(self) -> None:
        super().__init__()
        self.before_next_save: Any = None

    def save(self, user_id: str, attributes: dict[str, Any]) -> None:
        hook, self.before_next_save = self.before_next_save, None
        if hook is not None:
            hook()
        super().save(user_id, attributes)


@pytest.mark.dated
def test_two_devices_never_overwrite_each_other() -> None:
    store = InterleavingStore()
    clock = Clock(zone="UTC")  # no Settings API here: the skill dates things in UTC
    kitchen = AlexaDevice(build_skill(store, rng=random.Random(1)), clock=clock)
    bedroom = AlexaDevice(build_skill(store, rng=random.Random(2)), clock=clock)
    kitchen.launch()
    # The bedroom sets a focus while the kitchen is between reading and writing.
    store.before_next_save = lambda: bedroom.one_shot("SetFocusIntent", number=number_slot("9"))
    kitchen.say(
        "NoticeThreatIntent", sign=custom_slot("sign", "defensive", "THREAT_SIGN", "defending")
    )
    record = store.records[USER][1]
    assert record["focus_skill"] == 9
    assert record["threat_log"] == {clock.week: {"defending": 1}}
    assert record["visits"] == 1


def test_a_persistent_conflict_apologises_and_writes_nothing(
    caplog: pytest.LogCaptureFixture,
) -> None:
    store = InterleavingStore()
    device = AlexaDevice(build_skill(store, rng=random.Random(1)))
    device.launch()
    before = dict(store.records[USER][1])

    def keep_interfering() -> None:
        version, attributes = store.records[USER]
        store.records[USER] = (version + 1, attributes)
        store.before_next_save = keep_interfering

    store.before_next_save = keep_interfering
    with caplog.at_level(logging.DEBUG):
        reply = device.say("SetFocusIntent", number=number_slot("5"))
    assert "sorry" in reply.text.lower()
    assert "failed" in caplog.text and USER not in caplog.text
    assert store.records[USER][1]["focus_skill"] == before["focus_skill"]
