"""A recognised voice's storage budget: two reads (their record and the account's), one write."""

from __future__ import annotations

import random
from collections.abc import Callable

from secure_differentiation.skill import build_skill
from secure_differentiation.skill.persistence.base import record_id
from secure_differentiation.skill.persistence.memory import InMemoryPersistenceAdapter
from support.alexa import AlexaDevice, custom_slot, number_slot

USER = "amzn1.ask.account.TESTUSER"
ANNA = "amzn1.ask.person.ANNA"


def calls(store: InMemoryPersistenceAdapter, action: Callable[[], object]) -> tuple[int, int]:
    reads, writes = store.reads, store.writes
    action()
    return store.reads - reads, store.writes - writes


def test_every_request_of_a_recognised_voice_reads_two_records_and_writes_once_at_most(
    store: InMemoryPersistenceAdapter,
) -> None:
    anna = AlexaDevice(build_skill(store, rng=random.Random(4)), person_id=ANNA)
    steps = [
        anna.launch,
        lambda: anna.say("GetMantraIntent"),
        lambda: anna.say("StartWalkthroughIntent"),
        lambda: anna.say("AMAZON.YesIntent"),
        lambda: anna.say("ChooseSkillIntent", number=number_slot("4")),
        lambda: anna.say(
            "NoticeThreatIntent", sign=custom_slot("sign", "caving", "THREAT_SIGN", "harmonizing")
        ),
    ]
    for step in steps:
        reads, writes = calls(store, step)
        assert reads <= 2 and writes <= 1
    assert set(store.records) == {record_id(USER, ANNA)}  # nothing of the account's was written


def test_help_and_stop_touch_no_record_and_asking_changes_nothing(
    store: InMemoryPersistenceAdapter,
) -> None:
    anna = AlexaDevice(build_skill(store, rng=random.Random(4)), person_id=ANNA)
    anna.launch()
    assert calls(store, lambda: anna.say("AMAZON.HelpIntent")) == (0, 0)
    anna.say("SetFocusIntent", number=number_slot("2"))
    assert calls(store, lambda: anna.say("GetFocusIntent")) == (2, 0)
    assert calls(store, lambda: anna.say("AMAZON.StopIntent")) == (0, 0)


def test_forgetting_oneself_then_the_household_is_one_deletion_each(
    store: InMemoryPersistenceAdapter,
) -> None:
    anna = AlexaDevice(build_skill(store, rng=random.Random(4)), person_id=ANNA)
    anna.one_shot("SetFocusIntent", number=number_slot("2"))
    AlexaDevice(build_skill(store, rng=random.Random(5))).launch()  # the shared practice
    anna.launch()
    anna.say("ForgetMeIntent")
    assert calls(store, lambda: anna.say("AMAZON.YesIntent"))[1] == 1
    assert set(store.records) == {USER}
    assert calls(store, lambda: anna.say("AMAZON.YesIntent"))[1] == 1
    assert store.records == {}
