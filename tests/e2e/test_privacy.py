"""A person's data is deleted on request and when they disable the skill, in both backends."""

from __future__ import annotations

import logging
import random
from typing import Any

import pytest

from secure_differentiation.skill import build_skill, invoke
from support.alexa import AlexaDevice, load_event, number_slot

USER = "amzn1.ask.account.TESTUSER"
OTHER = "amzn1.ask.account.SOMEONE-ELSE"


def practised(adapter: Any, user: str = USER) -> AlexaDevice:
    """A person with a focus, answers and history stored."""
    device = AlexaDevice(build_skill(adapter, rng=random.Random(5)), user_id=user)
    device.launch()
    device.say("StartWalkthroughIntent")
    device.say("AMAZON.YesIntent")
    device.say("SetFocusIntent", number=number_slot("3"))
    return device


def test_forget_me_asks_first_then_deletes_everything(adapter: Any) -> None:
    device = practised(adapter)
    practised(adapter, OTHER)
    confirm = device.say("ForgetMeIntent")
    assert confirm.text.endswith("?") and not confirm.ends_session
    assert adapter.load(USER)["focus_skill"] == 3  # nothing deleted before the yes
    done = device.say("AMAZON.YesIntent")
    assert "focus" in done.text and "deleted" in done.text.lower()
    assert done.ends_session
    assert adapter.load(USER) == {"_version": 0}
    assert adapter.load(OTHER)["focus_skill"] == 3  # nobody else's data is touched
    # Next time, the person is greeted as new.
    assert "Welcome" in device.launch().text
    assert adapter.load(USER)["visits"] == 1


def test_saying_no_to_forget_me_deletes_nothing(adapter: Any) -> None:
    device = practised(adapter)
    device.say("ForgetMeIntent")
    kept = device.say("AMAZON.NoIntent")
    assert not kept.ends_session and kept.text.endswith("?")
    assert adapter.load(USER)["focus_skill"] == 3


def test_disabling_the_skill_deletes_the_record(
    adapter: Any, caplog: pytest.LogCaptureFixture
) -> None:
    practised(adapter)
    practised(adapter, OTHER)
    skill = build_skill(adapter, rng=random.Random(1))
    with caplog.at_level(logging.INFO):
        response = invoke(skill, load_event("skill_disabled"))
    assert response["response"].get("outputSpeech") is None
    assert adapter.load(USER) == {"_version": 0}
    assert adapter.load(OTHER)["focus_skill"] == 3
    assert USER not in caplog.text  # logs carry a hashed reference, never the userId


def test_disabling_a_skill_never_used_is_fine(adapter: Any) -> None:
    skill = build_skill(adapter, rng=random.Random(1))
    invoke(skill, load_event("skill_disabled"))
    assert adapter.load(USER) == {"_version": 0}


def test_permission_events_record_the_granted_scopes(adapter: Any) -> None:
    practised(adapter)
    skill = build_skill(adapter, rng=random.Random(1))
    invoke(skill, load_event("permission_accepted"))
    stored = adapter.load(USER)
    assert stored["granted_permissions"] == ["alexa::alerts:reminders:skill:readwrite"]
    assert stored["focus_skill"] == 3
    changed = load_event("permission_accepted")
    changed["request"]["type"] = "AlexaSkillEvent.SkillPermissionChanged"
    changed["request"]["body"]["acceptedPermissions"] = []
    invoke(skill, changed)
    assert adapter.load(USER)["granted_permissions"] == []
