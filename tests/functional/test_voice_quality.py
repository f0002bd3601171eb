"""Every reply, in every flow: valid SSML, a question when listening, one breath long."""

from __future__ import annotations

import random
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest

from secure_differentiation.persistence.memory import InMemoryPersistenceAdapter
from secure_differentiation.skill import build_skill
from support.alexa import AlexaDevice, Reply, custom_slot, number_slot

# A reply's words outside the mantra itself (which is spoken slowly, as practice).
ONE_BREATH_WORDS = 50
# The longest single sentence a listener should have to hold.
SENTENCE_WORDS = 30


def tour(seed: int) -> Iterator[tuple[str, Reply]]:
    """Every flow a person can take, with a different wording seed each time."""
    device = AlexaDevice(build_skill(InMemoryPersistenceAdapter(), rng=random.Random(seed)))
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
    ]
    for intent, slots in steps:
        reply = device.launch() if intent == "launch" else device.say(intent, **slots)
        yield intent, reply


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
        for sentence in re.split(r"(?<=[.?!])\s+", spoken):
            assert len(sentence.split()) <= SENTENCE_WORDS, where
        if not reply.ends_session:
            assert reply.reprompt.endswith("?"), where
            assert reply.text.endswith("?"), where


def test_content_with_ssml_characters_is_escaped() -> None:
    from secure_differentiation.speech import Ssml

    fragment = Ssml().text("Tom & Jerry <3").mantra("I choose this & that, <always>")
    ET.fromstring(f"<speak>{fragment.inner}</speak>")
