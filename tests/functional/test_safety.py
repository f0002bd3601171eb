"""A person in crisis, in any flow state and every locale: where to get help, and nothing else.

The numbers below are written from the services themselves (see each locale file's
"sources"), not read from the skill's content: the test checks the content against them.
Each is checked on the card as digits and in the speech as a person hears it.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from secure_differentiation.skill import build_skill
from secure_differentiation.skill.alexa_api import TimeoutApiClient
from secure_differentiation.skill.content import content_for
from secure_differentiation.skill.persistence.memory import InMemoryPersistenceAdapter
from support.alexa import AlexaDevice, Reply, custom_slot
from support.alexa_api_server import AlexaApiServer, running_api_server
from support.clock import Clock
from support.routes import ROUTES

ROOT = Path(__file__).resolve().parents[2]
LOCALES = sorted(path.stem for path in (ROOT / "interaction_models").glob("*.json"))

# locale -> (number on the card, how it is spoken): emergency services first.
HELP_LINES: dict[str, tuple[tuple[str, str], ...]] = {
    "en-US": (("911", "nine one one"), ("988", "nine eight eight")),
    "en-CA": (("911", "nine one one"), ("988", "nine eight eight")),
    "en-GB": (("999", "nine nine nine"), ("116 123", "one one six, one two three")),
    "en-AU": (("000", "triple zero"), ("13 11 14", "thirteen eleven fourteen")),
    "en-IN": (("112", "one one two"), ("14416", "one four four one six")),
}

# Every open question, plus the states with none: before a session, and at the menu.
STATES = ["one_shot", "menu", *sorted(ROUTES)]


@pytest.fixture(scope="module")
def alexa_api() -> Iterator[AlexaApiServer]:
    with running_api_server() as server:
        yield server


def _device(alexa_api: AlexaApiServer, locale: str) -> AlexaDevice:
    skill = build_skill(
        InMemoryPersistenceAdapter(),
        api_client=TimeoutApiClient(),
        rng=random.Random(5),
        clock=Clock(),
    )
    return AlexaDevice(skill, locale=locale, api_endpoint=alexa_api.url, clock=Clock())


def _bring_to(device: AlexaDevice, state: str) -> None:
    if state == "one_shot":
        return
    if state == "menu":
        device.launch()
        return
    for intent, slots in ROUTES[state]:
        reply = device.launch() if intent == "launch" else device.say(intent, **slots)
    assert not reply.ends_session, state


def _assert_help_lines_only(reply: Reply, locale: str) -> None:
    spoken = re.sub(r"\s+", " ", reply.text.lower())
    for digits, words in HELP_LINES[locale]:
        assert words in spoken, f"{locale}: {words!r} not said in {reply.text!r}"
        assert reply.card is not None and digits in reply.card["content"], (locale, reply.card)
    # Nothing else: no mantra (spoken slowly), no breathing practice, no question.
    assert "<prosody" not in reply.ssml and "breath" not in spoken, reply.ssml
    assert reply.ends_session and "?" not in reply.text
    assert not any(m.text.lower() in spoken for m in content_for(locale).mantras)


def test_every_locale_with_a_model_has_its_help_lines_here() -> None:
    assert set(LOCALES) == set(HELP_LINES)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("locale", LOCALES)
def test_a_crisis_said_in_any_state_gets_the_locales_help_lines(
    alexa_api: AlexaApiServer, locale: str, state: str
) -> None:
    device = _device(alexa_api, locale)
    _bring_to(device, state)
    said = custom_slot("self_harm", "hurt myself", "SELF_HARM", "hurt_myself")
    _assert_help_lines_only(device.say("CrisisIntent", self_harm=said), locale)


@pytest.mark.parametrize("locale", LOCALES)
def test_feeling_threatened_asks_and_danger_gets_the_help_lines(
    alexa_api: AlexaApiServer, locale: str
) -> None:
    device = _device(alexa_api, locale)
    asked = device.one_shot("FeelingThreatenedIntent")
    assert asked.text.endswith("?") and not asked.ends_session  # never assumed either way
    _assert_help_lines_only(device.say("AMAZON.YesIntent"), locale)


@pytest.mark.parametrize("locale", LOCALES)
def test_no_clear_answer_about_danger_still_gets_the_help_lines(
    alexa_api: AlexaApiServer, locale: str
) -> None:
    device = _device(alexa_api, locale)
    device.one_shot("FeelingThreatenedIntent")
    device.say("AMAZON.FallbackIntent")
    _assert_help_lines_only(device.say("AMAZON.FallbackIntent"), locale)


@pytest.mark.parametrize("unsure", ["NotSureIntent", "SometimesIntent"])
def test_not_sure_whether_in_danger_gets_the_help_lines(
    alexa_api: AlexaApiServer, unsure: str
) -> None:
    device = _device(alexa_api, "en-US")
    device.one_shot("FeelingThreatenedIntent")
    _assert_help_lines_only(device.say(unsure), "en-US")  # "not sure", "maybe": to be safe


def test_an_inner_sense_of_threat_is_grounded_not_sent_for_help(
    alexa_api: AlexaApiServer,
) -> None:
    device = _device(alexa_api, "en-US")
    device.one_shot("FeelingThreatenedIntent")
    grounded = device.say("AMAZON.NoIntent")
    assert "<prosody" in grounded.ssml  # the practice and an anchor to repeat
    assert "nine one one" not in grounded.text.lower()
