"""Every reply, in every flow: valid SSML, a question when listening, one breath long."""

from __future__ import annotations

import random
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest

from secure_differentiation.skill import build_skill
from secure_differentiation.skill.alexa_api import TimeoutApiClient
from secure_differentiation.skill.persistence.memory import InMemoryPersistenceAdapter
from support.alexa import AlexaDevice, Reply, custom_slot, number_slot, value_slot
from support.alexa_api_server import AlexaApiServer

# A reply's words outside the mantra itself (which is spoken slowly, as practice).
ONE_BREATH_WORDS = 50
# The longest single sentence a listener should have to hold.
SENTENCE_WORDS = 30


def tour(seed: int) -> Iterator[tuple[str, Reply]]:
    """Every flow a person can take, with a different wording seed each time."""
    alexa_api = AlexaApiServer()  # Alexa's Reminders and Settings APIs, for the check-ins
    skill = build_skill(
        InMemoryPersistenceAdapter(), api_client=TimeoutApiClient(), rng=random.Random(seed)
    )
    device = AlexaDevice(skill, api_endpoint=alexa_api.url)
    daily = custom_slot("cadence", "daily check in", "CHECK_IN_KIND", "daily")
    weekly = custom_slot("cadence", "weekly reflection", "CHECK_IN_KIND", "weekly")
    sign = custom_slot("sign", "people pleasing", "THREAT_SIGN", "harmonizing")
    steps: list[tuple[str, dict]] = [
        ("launch", {}),
        ("GetMantraIntent", {}),
        ("AMAZON.YesIntent", {}),
        ("AMAZON.HelpIntent", {}),
        ("AMAZON.NoIntent", {}),
        ("launch", {}),
        ("NoticeThreatIntent", {"sign": sign}),
        ("NoticeThreatIntent", {}),
        ("StartWalkthroughIntent", {}),
        ("AMAZON.YesIntent", {}),
        ("AMAZON.HelpIntent", {}),
        ("AMAZON.FallbackIntent", {}),
        ("GoToSkillIntent", {"number": number_slot("47")}),
        ("GoToSkillIntent", {"number": number_slot("11")}),
        ("AMAZON.NoIntent", {}),
        ("AMAZON.YesIntent", {}),
        ("AMAZON.HelpIntent", {}),
        ("ChooseSkillIntent", {"skill": custom_slot("skill", "pineapples", "SKILL_NAME", None)}),
        ("ChooseSkillIntent", {"skill": custom_slot("skill", "autonomy", "SKILL_NAME", "10")}),
        ("AMAZON.YesIntent", {}),
        ("launch", {}),
        ("GetFocusIntent", {}),
        ("ChooseSkillIntent", {"number": number_slot("3")}),
        ("AMAZON.NoIntent", {}),
        ("SkillOfTheDayIntent", {}),
        ("AMAZON.RepeatIntent", {}),
        ("AMAZON.YesIntent", {}),
        ("AMAZON.PauseIntent", {}),
        ("launch", {}),
        ("AMAZON.YesIntent", {}),
        ("AMAZON.PreviousIntent", {}),
        ("AMAZON.StopIntent", {}),
        ("launch", {}),
        ("AMAZON.NoIntent", {}),
        ("AMAZON.YesIntent", {}),
        ("AMAZON.CancelIntent", {}),
        ("PracticeModesIntent", {}),
        ("AMAZON.YesIntent", {}),
        ("PracticeModesIntent", {}),
        ("AMAZON.NoIntent", {}),
        ("ForgetMeIntent", {}),
        ("AMAZON.NoIntent", {}),
        ("ForgetMeIntent", {}),
        ("AMAZON.YesIntent", {}),
        # Check-ins; "api-fails:<operation>:<status>" programs the API's next answer.
        ("launch", {}),
        ("SetCheckInIntent", {"cadence": daily, "time": value_slot("time", "08:00")}),
        ("AMAZON.HelpIntent", {}),
        ("AMAZON.YesIntent", {}),
        ("launch", {}),
        ("SetCheckInIntent", {"cadence": weekly}),
        ("AMAZON.FallbackIntent", {}),
        ("CheckInAnswerIntent", {"day": value_slot("day", "sunday")}),
        ("AMAZON.HelpIntent", {}),
        ("CheckInAnswerIntent", {"time": value_slot("time", "EV")}),
        ("AMAZON.YesIntent", {}),
        ("ListCheckInsIntent", {}),
        ("launch", {}),
        ("SetCheckInIntent", {"day": value_slot("day", "wednesday")}),
        ("AMAZON.NoIntent", {}),
        ("ListCheckInsIntent", {}),
        ("CancelCheckInIntent", {}),
        (
            "CheckInAnswerIntent",
            {"choice": custom_slot("choice", "daily", "CHECK_IN_CHOICE", "daily")},
        ),
        ("api-fails:delete:500", {}),
        ("CancelCheckInIntent", {"cadence": weekly}),
        ("CancelCheckInIntent", {"cadence": daily}),
        ("api-fails:create:401", {}),
        ("launch", {}),
        ("SetCheckInIntent", {"cadence": daily, "time": value_slot("time", "07:30")}),
        ("AMAZON.YesIntent", {}),
        ("Connections.Response", {"status": "DENIED", "token": "check-in:daily:07:30"}),
        ("api-fails:create:401", {}),
        ("launch", {}),
        ("SetCheckInIntent", {"cadence": daily, "time": value_slot("time", "07:30")}),
        ("AMAZON.YesIntent", {}),
        ("Connections.Response", {"status": "ACCEPTED", "token": "check-in:daily:07:30"}),
        ("api-fails:update:503", {}),
        ("launch", {}),
        ("SetCheckInIntent", {"cadence": daily, "time": value_slot("time", "21:00")}),
        ("AMAZON.YesIntent", {}),
        ("api-fails:update:403", {}),
        ("launch", {}),
        ("SetCheckInIntent", {"cadence": weekly, "day": value_slot("day", "friday")}),
        ("CheckInAnswerIntent", {"time": value_slot("time", "12:00")}),
        ("AMAZON.YesIntent", {}),
    ]
    try:
        for intent, slots in steps:
            if intent.startswith("api-fails:"):
                _, operation, status = intent.split(":")
                alexa_api.fail(operation, int(status))
                continue
            if intent == "launch":
                reply = device.launch()
            elif intent == "Connections.Response":
                reply = device.connections_response(**slots)
            else:
                reply = device.say(intent, **slots)
            if any(d.get("type") == "Connections.SendRequest" for d in reply.directives):
                continue  # Alexa asks for the permission in its own words, not ours
            yield intent, reply
    finally:
        alexa_api.close()


def without_mantra(ssml: str) -> str:
    return re.sub(r"<prosody[^>]*>.*?</prosody>", " ", ssml)


@pytest.mark.parametrize("seed", range(6))
def test_every_reply_is_valid_short_and_leads_somewhere(seed: int) -> None:
    for intent, reply in tour(seed):
        where = f"{intent}: {reply.text!r}"
        ET.fromstring(reply.ssml)  # valid XML, so valid SSML structure
        assert reply.text, where
        spoken = Reply({"response": {"outputSpeech": {"ssml": without_mantra(reply.ssml)}}}).text
        assert len(spoken.split()) <= ONE_BREATH_WORDS, where
        sentences = [s for s in re.split(r"(?<=[.?!])\s+", spoken) if s.strip(" .")]
        for sentence in sentences:
            assert len(sentence.split()) <= SENTENCE_WORDS, where
        questions = [s.lstrip(". ") for s in sentences if s.endswith("?")]
        assert len(questions) == len(set(questions)), f"a question said twice: {where}"
        if not reply.ends_session:
            assert reply.reprompt.endswith("?"), where
            assert reply.text.endswith("?"), where


def test_content_with_ssml_characters_is_escaped() -> None:
    from secure_differentiation.skill.speech import Ssml

    fragment = Ssml().text("Tom & Jerry <3").mantra("I choose this & that, <always>")
    ET.fromstring(f"<speak>{fragment.inner}</speak>")
