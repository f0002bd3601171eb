"""Grounding mantras and noticing signs of threat, by voice."""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

import pytest

from secure_differentiation.skill.content import Content
from secure_differentiation.skill.persistence.memory import InMemoryPersistenceAdapter
from support.alexa import AlexaDevice, custom_slot, number_slot
from support.clock import Clock
from support.speech import mantra_in

USER = "amzn1.ask.account.TESTUSER"


def test_one_shot_mantra_answers_and_ends(device: AlexaDevice, content: Content) -> None:
    reply = device.one_shot("GetMantraIntent")
    mantra = mantra_in(reply, content)
    assert reply.ends_session
    assert '<break time="3000ms"/>' in reply.ssml  # room to breathe and repeat
    assert reply.card is not None and reply.card["content"] == mantra.text


def test_in_session_another_one_is_never_the_same(device: AlexaDevice, content: Content) -> None:
    device.launch()
    first = device.say("GetMantraIntent")
    assert not first.ends_session and first.reprompt
    heard = [mantra_in(first, content).id]
    for _ in range(15):
        heard.append(mantra_in(device.say("AMAZON.YesIntent"), content).id)
    assert all(a != b for a, b in pairwise(heard))
    assert len(set(heard[:12])) == 12, "recent mantras should not come back within twelve"


def test_mantras_are_not_repeated_across_sessions(
    make_device: Callable[..., AlexaDevice], content: Content
) -> None:
    heard = []
    for seed in range(20):
        # A fresh skill (new container) each time: only storage remembers.
        device = make_device(seed=seed % 2)
        heard.append(mantra_in(device.one_shot("GetMantraIntent"), content).id)
    assert all(a != b for a, b in pairwise(heard))


def test_mantras_lean_toward_the_focus_skill(device: AlexaDevice, content: Content) -> None:
    device.launch()
    device.say("SetFocusIntent", number=number_slot("7"))
    tied = sum(
        7 in mantra_in(device.one_shot("GetMantraIntent"), content).skills for _ in range(40)
    )
    share_in_library = sum(7 in m.skills for m in content.mantras) / len(content.mantras)
    assert tied / 40 > share_in_library + 0.2


def test_no_to_another_mantra_closes_gently(device: AlexaDevice) -> None:
    device.launch()
    device.say("GetMantraIntent")
    assert device.say("AMAZON.NoIntent").ends_session


@pytest.mark.dated
def test_noticing_a_named_sign_gives_practice_and_anchor_and_counts_it(
    device: AlexaDevice, store: InMemoryPersistenceAdapter, content: Content, clock: Clock
) -> None:
    judging = content.sign("judging")
    assert judging is not None
    slot = custom_slot("sign", "judging her", "THREAT_SIGN", "judging")
    reply = device.one_shot("NoticeThreatIntent", sign=slot)
    assert judging.acknowledgement in reply.text and judging.practice in reply.text
    assert "judging" in mantra_in(reply, content).signs
    assert reply.ends_session
    device.launch()
    device.say("NoticeThreatIntent", sign=slot)
    assert store.records[USER][1]["threat_log"] == {clock.week: {"judging": 2}}


@pytest.mark.dated
def test_noticed_signs_are_counted_per_week(
    device: AlexaDevice, store: InMemoryPersistenceAdapter, clock: Clock
) -> None:
    harmonizing = custom_slot("sign", "people pleasing", "THREAT_SIGN", "harmonizing")
    device.one_shot("NoticeThreatIntent", sign=harmonizing)
    first_week = clock.week
    clock.advance(days=7)
    device.one_shot("NoticeThreatIntent", sign=harmonizing)
    device.one_shot(
        "NoticeThreatIntent", sign=custom_slot("sign", "defensive", "THREAT_SIGN", "defending")
    )
    assert store.records[USER][1]["threat_log"] == {
        first_week: {"harmonizing": 1},
        clock.week: {"defending": 1, "harmonizing": 1},
    }


def test_unmatched_or_missing_sign_still_grounds_without_counting(
    device: AlexaDevice, store: InMemoryPersistenceAdapter, content: Content
) -> None:
    unnamed = device.one_shot("NoticeThreatIntent")
    mantra_in(unnamed, content)  # noticing without naming still grounds
    weird = custom_slot("sign", "weird", "THREAT_SIGN", None)
    unsure = device.one_shot("NoticeThreatIntent", sign=weird)
    assert "weird" not in unsure.text and unsure.text.endswith("?") and not unsure.ends_session
    assert all(s.name in unsure.text for s in content.threat_signs)  # which of the four?
    judgy = custom_slot("sign", "judgy", "THREAT_SIGN", "judging")
    named = device.say("NoticeThreatIntent", sign=judgy)
    mantra_in(named, content)
    weeks = store.records[USER][1]["threat_log"]
    assert [counts for counts in weeks.values()] == [{"judging": 1}]  # only the sign named
