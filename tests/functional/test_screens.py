"""Screens through real envelopes: sent only to devices with one, valid there; touch is voice.

A person's week is played on a voice-only device and on each screen issue 12
names (Echo Spot, Echo Show 5, 8, 10 and 15, Fire TV). The screens must come
only with a screen, one per answer that has something to look at; each must
pass Amazon's APL validator with the data the handlers bound; and the speech
must be the same word for word, so a person who cannot see misses nothing.
Then the walk-through's buttons are pressed where the words would be said,
and must do exactly what the words do.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from secure_differentiation.skill import build_skill
from secure_differentiation.skill.alexa_api import TimeoutApiClient
from secure_differentiation.skill.content import Content
from secure_differentiation.skill.persistence.memory import InMemoryPersistenceAdapter
from support.alexa import AlexaDevice, Reply, custom_slot, number_slot
from support.alexa_api_server import AlexaApiServer
from support.clock import Clock
from support.screens import DEVICES, document_reads, findings, leaf_paths, validate

USER = "amzn1.ask.account.TESTUSER"
APL = "Alexa.Presentation.APL"


@dataclass
class Person:
    """One person on one device, with a store and a clock of their own."""

    device: AlexaDevice
    store: InMemoryPersistenceAdapter
    clock: Clock

    @property
    def record(self) -> dict[str, Any]:
        return self.store.records[USER][1]


@pytest.fixture
def person(alexa_api: AlexaApiServer) -> Callable[..., Person]:
    def make(screen: str | None = None, seed: int = 5) -> Person:
        store, clock = InMemoryPersistenceAdapter(), Clock()
        skill = build_skill(store, api_client=TimeoutApiClient(), rng=random.Random(seed))
        device = AlexaDevice(skill, api_endpoint=alexa_api.url, clock=clock, screen=screen)
        return Person(device, store, clock)

    return make


def _reflect(device: AlexaDevice, presence: str) -> None:
    device.one_shot("StartReflectionIntent")
    device.say("ChooseSkillIntent", number=number_slot("2"))
    device.say("AMAZON.NoIntent")
    device.say("AMAZON.NoIntent")
    device.say("ChooseSkillIntent", number=number_slot(presence))
    device.say("AMAZON.YesIntent")


def week_of_practice(who: Person) -> list[tuple[str | None, Reply]]:
    """A person's week: each answer, with the screen it has something to show (or None)."""
    device, judging = who.device, custom_slot("sign", "judging", "THREAT_SIGN", "judging")
    played: list[tuple[str | None, Reply]] = [
        ("mantra", device.one_shot("GetMantraIntent")),
        ("mantra", device.one_shot("NoticeThreatIntent", sign=judging)),
        ("daily", device.one_shot("SkillOfTheDayIntent")),
        (None, device.launch()),
        ("walkthrough", device.say("StartWalkthroughIntent")),
        ("walkthrough", device.say("AMAZON.NextIntent")),
        (None, device.say("AMAZON.StopIntent")),
        (None, device.one_shot("SetFocusIntent", number=number_slot("4"))),
    ]
    _reflect(device, "2")
    who.clock.advance(days=7)
    device.launch()
    played.append(
        (
            "mantra",
            device.say("GetMantraIntent", skill=custom_slot("skill", "purpose", "SKILL_NAME", "9")),
        )
    )
    played.append(("mantra", device.say("AMAZON.YesIntent")))
    device.end_session()
    _reflect(device, "4")  # and the week's self-empathy practice, offered after it: yes
    played.append(("self_empathy", device.say("AMAZON.YesIntent")))
    played.append(("self_empathy", device.say("AMAZON.YesIntent")))
    played.append(("progress", device.one_shot("HowAmIDoingIntent")))
    return played


def test_a_device_without_a_screen_gets_no_apl(person: Callable[..., Person]) -> None:
    for _, reply in week_of_practice(person()):
        assert [d for d in reply.directives if d["type"].startswith(APL)] == []


def test_every_screen_gets_one_screen_per_answer_and_each_validates(
    person: Callable[..., Person],
) -> None:
    sent = []
    for name in DEVICES:
        for expected, reply in week_of_practice(person(screen=name)):
            screen = reply.screen
            if expected is None:
                assert screen is None, (name, reply.text)
                continue
            assert screen is not None and screen["token"].split("|")[0] == expected, name
            reads = document_reads(screen["document"], screen["datasources"])
            assert reads.missing == set(), (name, expected)
            assert leaf_paths(screen["datasources"]) - reads.found == set(), (name, expected)
            sent.append({"name": f"{name}: {expected}", **screen})
    assert {entry["name"].split(": ")[1] for entry in sent} == {
        "mantra",
        "daily",
        "walkthrough",
        "self_empathy",
        "progress",
    }
    entries = [
        {"name": s["name"], "document": s["document"], "datasources": s["datasources"]}
        for s in sent
    ]
    results = validate(entries)
    assert {r["name"]: findings(r) for r in results} == {e["name"]: [] for e in entries}


def test_speech_is_the_same_with_or_without_a_screen(
    person: Callable[..., Person], content: Content
) -> None:
    heard = [reply.ssml for _, reply in week_of_practice(person())]
    for name in ("Echo Spot", "Fire TV"):
        assert [reply.ssml for _, reply in week_of_practice(person(screen=name))] == heard
    seen = {expected: reply for expected, reply in week_of_practice(person(screen="Echo Show 8"))}
    mantra = seen["mantra"].screen
    walk = seen["walkthrough"].screen
    daily = seen["daily"].screen
    assert mantra and walk and daily
    # What each answer is about is spoken, not only shown.
    assert mantra["datasources"]["mantra"]["text"] in seen["mantra"].text
    for field in ("title", "description"):
        assert walk["datasources"]["walk"][field] in seen["walkthrough"].text
    for field in ("title", "practice"):
        assert daily["datasources"]["daily"][field] in seen["daily"].text


WALK_BY_VOICE = (
    "AMAZON.NextIntent",
    "AMAZON.NextIntent",
    "AMAZON.PreviousIntent",
    "SetFocusIntent",
)
WALK_BY_TOUCH = ("next", "next", "previous", "focus")


def test_the_walkthroughs_buttons_do_what_the_words_do(person: Callable[..., Person]) -> None:
    spoken, touched = person(screen="Echo Show 10"), person(screen="Echo Show 10")
    for who in (spoken, touched):
        who.device.launch()
        who.device.say("StartWalkthroughIntent")
    for intent, button in zip(WALK_BY_VOICE, WALK_BY_TOUCH, strict=True):
        said, pressed = spoken.device.say(intent), touched.device.touch(button)
        assert pressed.ssml == said.ssml and pressed.reprompt == said.reprompt
        assert pressed.session_attributes == said.session_attributes
        assert pressed.screen == said.screen
        assert touched.record == spoken.record
    assert touched.record["focus_skill"] == 2 and touched.record["walkthrough"]["position"] == 2


def test_a_button_still_answers_its_screen_after_the_session_ended(
    person: Callable[..., Person], content: Content
) -> None:
    """The screen outlives the session on the device: its "next" still means the next skill."""
    who = person(screen="Echo Show 5")
    who.device.launch()
    who.device.say("StartWalkthroughIntent")
    who.device.say("AMAZON.NextIntent")
    who.device.end_session("EXCEEDED_MAX_REPROMPTS")
    pressed = who.device.touch("next")
    assert f"3 of 12: {content.skill(3).title}" in pressed.text
    assert who.record["walkthrough"]["position"] == 3
    focus = who.device.touch("focus")
    assert content.skill(3).title in focus.text and who.record["focus_skill"] == 3


def test_a_touch_that_is_no_button_of_ours_changes_nothing(
    person: Callable[..., Person],
) -> None:
    who = person(screen="Echo Show 8")
    who.device.launch()
    who.device.say("StartWalkthroughIntent")
    before = who.record
    for arguments in (("teleport",), (), (3, "next")):
        reply = who.device.touch(*arguments)
        assert reply.response.get("outputSpeech") is None and reply.directives == []
    assert who.record == before


def test_a_forged_question_in_a_token_is_not_answered(person: Callable[..., Person]) -> None:
    who = person(screen="Echo Show 8")
    who.device.launch()
    who.device.say("StartWalkthroughIntent")
    who.device.say("AMAZON.NextIntent")
    who.device.shown_token = 'walkthrough|{"kind":"walkthrough","skill":99,"misses":0}'
    reply = who.device.touch("next")  # the session's own question (skill 2) is answered
    assert "3 of 12" in reply.text and who.record["walkthrough"]["position"] == 3
