"""Launch, help, stop, fallback, repeat, stray yes/no, session end and errors."""

from __future__ import annotations

import logging
import random
from collections.abc import Callable

import pytest

from secure_differentiation.skill import build_skill, invoke
from secure_differentiation.skill.persistence.base import StorageUnavailableError
from secure_differentiation.skill.persistence.memory import InMemoryPersistenceAdapter
from support.alexa import AlexaDevice, load_event, number_slot


def test_first_visit_welcome_is_fuller_than_later_ones(device: AlexaDevice) -> None:
    first = device.launch()
    assert first.text.endswith("?") and first.reprompt and not first.ends_session
    later = device.launch()
    assert later.text != first.text
    assert len(later.text.split()) < len(first.text.split())
    assert later.text.endswith("?") and later.reprompt


def test_returning_welcome_names_the_focus(device: AlexaDevice, content) -> None:
    device.launch()
    device.say("SetFocusIntent", number=number_slot("12"))
    assert content.skill(12).title in device.launch().text


def test_welcome_wording_varies(make_device: Callable[..., AlexaDevice]) -> None:
    openings = set()
    for seed in range(12):
        device = make_device(user_id=f"amzn1.ask.account.U{seed}", seed=seed)
        device.launch()
        openings.add(device.launch().text)
    assert len(openings) >= 3


def test_help_fits_the_context_and_ends_with_a_question(device: AlexaDevice) -> None:
    device.launch()
    general = device.say("AMAZON.HelpIntent")
    assert general.text.endswith("?") and general.reprompt
    device.say("StartWalkthroughIntent")
    in_walk = device.say("AMAZON.HelpIntent")
    assert in_walk.text != general.text and in_walk.text.endswith("?")
    assert "next" in in_walk.text.lower()
    # The walk-through question is still open after help.
    assert "2 of 12" in device.say("AMAZON.YesIntent").text


@pytest.mark.parametrize("intent", ["AMAZON.StopIntent", "AMAZON.CancelIntent"])
def test_stop_and_cancel_close_briefly(device: AlexaDevice, intent: str) -> None:
    device.launch()
    reply = device.say(intent)
    assert reply.ends_session and 0 < len(reply.text.split()) <= 12
    assert reply.response.get("reprompt") is None


def test_main_menu_offers_the_main_things_to_do(device: AlexaDevice) -> None:
    device.launch()
    reply = device.say("AMAZON.NavigateHomeIntent")
    assert "mantra" in reply.text and reply.text.endswith("?") and not reply.ends_session


def test_fallback_guides_and_keeps_listening(device: AlexaDevice) -> None:
    device.launch()
    general = device.say("AMAZON.FallbackIntent")
    assert not general.ends_session and general.reprompt and general.text.endswith("?")
    device.say("StartWalkthroughIntent")
    in_walk = device.say("AMAZON.FallbackIntent")
    said = in_walk.text.lower()
    assert "yes" in said and "no" in said and "next" in said and not in_walk.ends_session
    assert in_walk.text.endswith("?")


def test_repeat_works_anywhere_and_before_anything_was_said(device: AlexaDevice) -> None:
    nothing = device.one_shot("AMAZON.RepeatIntent")
    assert nothing.text and not nothing.ends_session
    device.launch()
    mantra = device.say("GetMantraIntent")
    assert device.say("AMAZON.RepeatIntent").ssml == mantra.ssml


def test_yes_with_no_question_open_offers_the_menu(device: AlexaDevice) -> None:
    device.launch()
    device.say("AMAZON.FallbackIntent")
    device.say("SkillOfTheDayIntent")
    device.say("AMAZON.NoIntent")  # declines the mantra offer, ending the session
    device.launch()
    reply = device.say("AMAZON.YesIntent")
    assert not reply.ends_session and reply.reprompt and reply.text.endswith("?")


def test_no_to_the_menu_is_a_goodbye(device: AlexaDevice) -> None:
    device.launch()  # "...a mantra, or today's skill?"
    reply = device.say("AMAZON.NoIntent")  # "no", "not now": nothing tonight
    assert reply.ends_session and not reply.text.endswith("?")


def test_session_ended_is_answered_without_speech(
    device: AlexaDevice, caplog: pytest.LogCaptureFixture
) -> None:
    device.launch()
    with caplog.at_level(logging.INFO):
        reply = device.end_session("EXCEEDED_MAX_REPROMPTS")
    assert reply.raw["version"] == "1.0"
    assert reply.response.get("outputSpeech") is None
    assert "EXCEEDED_MAX_REPROMPTS" in caplog.text
    assert "TESTUSER" not in caplog.text


def test_unknown_intent_gets_guidance(device: AlexaDevice) -> None:
    device.launch()
    reply = device.say("SomeIntentFromAnOldModel")
    assert reply.text.endswith("?") and not reply.ends_session


def test_unknown_request_type_is_answered_quietly(store: InMemoryPersistenceAdapter) -> None:
    skill = build_skill(store, rng=random.Random(1))
    event = load_event("launch")
    event["request"] = {
        "type": "Alexa.Presentation.APL.UserEvent",
        "requestId": "amzn1.echo-api.request.x",
        "timestamp": "2026-11-23T15:00:00Z",
        "locale": "en-US",
    }
    reply = invoke(skill, event)
    assert reply["version"] == "1.0"
    assert store.reads == store.writes == 0


class BrokenStore(InMemoryPersistenceAdapter):
    def load(self, user_id: str) -> dict:
        raise StorageUnavailableError("DynamoDB said: ProvisionedThroughputExceededException")


def test_an_error_gets_a_brief_apology_with_no_internals(
    caplog: pytest.LogCaptureFixture,
) -> None:
    device = AlexaDevice(build_skill(BrokenStore(), rng=random.Random(3)))
    with caplog.at_level(logging.ERROR):
        reply = device.launch()
    assert "sorry" in reply.text.lower() and len(reply.text.split()) <= 15
    assert "Throughput" not in reply.text and "DynamoDB" not in reply.text
    assert reply.reprompt and not reply.ends_session
    assert "amzn1.echo-api.request" in caplog.text  # the request id is logged
    assert "TESTUSER" not in caplog.text  # the raw userId is not


def test_a_request_type_newer_than_the_sdk_is_answered_not_crashed_on(
    store: InMemoryPersistenceAdapter,
) -> None:
    skill = build_skill(store, rng=random.Random(1))
    event = load_event("launch")
    event["request"]["type"] = "Alexa.SomethingInvented.Next Year"
    reply = invoke(skill, event)
    assert reply == {"version": "1.0", "response": {}}
    assert store.reads == store.writes == 0


def test_the_two_ways_to_practise_one_at_a_time(device: AlexaDevice, content) -> None:
    in_the_moment, regular = content.practice_modes
    device.launch()
    first = device.say("PracticeModesIntent")
    assert in_the_moment.description in first.text and regular.description not in first.text
    assert first.text.endswith("?") and first.reprompt
    second = device.say("AMAZON.YesIntent")
    assert regular.description in second.text and second.text.endswith("?")
    declined = (
        device.launch() and device.say("PracticeModesIntent") and device.say("AMAZON.NoIntent")
    )
    assert regular.description not in declined.text and not declined.ends_session
