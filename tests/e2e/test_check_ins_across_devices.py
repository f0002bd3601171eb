"""Two devices of one person setting the same check-in at the same moment.

Each device runs its own skill object (as two Lambda containers would) over one
shared record, against the tests' Alexa API server answering every call in
about 300 ms, as Amazon's does. Both say "yes" to the same daily check-in at
once, released together by a barrier, in several trials. Alexa must end up
holding exactly one daily reminder, the record must name it, both devices must
say something true about it, and "cancel my daily check-in" must silence it.
"""

from __future__ import annotations

import random
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import pytest

from secure_differentiation.skill import build_skill
from secure_differentiation.skill.alexa_api import TimeoutApiClient
from secure_differentiation.skill.persistence.memory import InMemoryPersistenceAdapter
from secure_differentiation.tools.nlu import ModelResolver
from support.alexa import AlexaDevice, Reply
from support.alexa_api_server import AlexaApiServer
from support.clock import Clock
from support.person import Person

USER = "amzn1.ask.account.TESTUSER"
TRIALS = 10
# Amazon's Reminders API answers in a few hundred milliseconds.
API_LATENCY_SECONDS = 0.3
# Both answers must come well inside Alexa's 8 s; the pool is never left waiting.
ANSWER_SECONDS = 8.0
pytestmark = pytest.mark.dated


@pytest.fixture(scope="module")
def resolver() -> ModelResolver:
    return ModelResolver()


@dataclass
class Trial:
    creates: int  # 2: both devices found none and created one: the race happened
    reminders_after_yes: int
    recorded_is_the_one_left: bool
    both_said_8_am: bool
    reminders_after_cancel: int
    cancel_said: str


def run_trial(resolver: ModelResolver, seed: int) -> Trial:
    clock = Clock()
    store = InMemoryPersistenceAdapter()
    server = AlexaApiServer(clock=clock, latency=API_LATENCY_SECONDS)
    try:
        devices = [
            AlexaDevice(
                build_skill(
                    store, api_client=TimeoutApiClient(), rng=random.Random(seed + n), clock=clock
                ),
                user_id=USER,
                api_endpoint=server.url,
                clock=clock,
            )
            for n in range(2)
        ]
        people = [Person(device, resolver) for device in devices]
        for person in people:
            person.says("open secure differentiation")
            asked = person.says("remind me every day at 8 am")
            assert asked.text.endswith("?"), asked.text
        together = threading.Barrier(len(people), timeout=ANSWER_SECONDS)

        def yes(person: Person) -> Reply:
            together.wait()
            return person.says("yes")

        with ThreadPoolExecutor(len(people)) as pool:
            futures = [pool.submit(yes, person) for person in people]
            replies = [future.result(timeout=ANSWER_SECONDS) for future in futures]
        left = dict(server.reminders)
        creates = len(server.calls_to("create"))
        record: dict[str, Any] = store.records.get(USER, (0, {}))[1]
        recorded = (record.get("check_ins") or {}).get("daily") or {}
        cancelled = people[0].says("ask secure differentiation to cancel my daily check-in")
        return Trial(
            creates=creates,
            reminders_after_yes=len(left),
            recorded_is_the_one_left=list(left) == [recorded.get("token")],
            both_said_8_am=all(
                "8 AM" in reply.text and not reply.text.startswith("Sorry") for reply in replies
            ),
            reminders_after_cancel=len(server.reminders),
            cancel_said=cancelled.text,
        )
    finally:
        server.close()


def test_two_devices_saying_yes_at_once_leave_one_reminder_that_cancel_removes(
    resolver: ModelResolver,
) -> None:
    trials = [run_trial(resolver, seed) for seed in range(TRIALS)]
    print(
        f"\n{TRIALS} trials: both devices created one in "
        f"{sum(t.creates == 2 for t in trials)}, two reminders after yes in "
        f"{sum(t.reminders_after_yes > 1 for t in trials)}, "
        f"record naming the one left in {sum(t.recorded_is_the_one_left for t in trials)}, "
        f"both devices saying 8 AM in {sum(t.both_said_8_am for t in trials)}, "
        f"still ringing after cancel in {sum(t.reminders_after_cancel > 0 for t in trials)}"
    )
    assert any(trial.creates == 2 for trial in trials), "the devices never raced"
    for trial in trials:
        assert trial.reminders_after_yes == 1, trial
        assert trial.recorded_is_the_one_left, trial
        assert trial.both_said_8_am, trial
        assert trial.reminders_after_cancel == 0, trial
        assert "cancelled" in trial.cancel_said or "no more" in trial.cancel_said, trial
