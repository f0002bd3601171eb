"""A household on one Echo, through real envelopes, on both real backends.

Alexa says which recognised voice is speaking (`context.System.person.personId`);
each keeps their own practice, an unrecognised voice keeps the account's shared
one, and the check-ins (Alexa reminders, the account's) are the household's. A
recognised person is greeted by name with Alexa's name tag, and the name never
reaches the skill. Forget me deletes the speaker's practice, then offers the
household's; disabling the skill deletes everyone's.
"""

from __future__ import annotations

import json
import logging
import random
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from secure_differentiation.skill import build_skill, invoke
from secure_differentiation.skill.alexa_api import TimeoutApiClient
from secure_differentiation.skill.content import Prompt, content_for
from secure_differentiation.skill.domain.state import UserState, validate_attributes
from secure_differentiation.skill.persistence.base import HOUSEHOLD_FIELDS, VERSION_KEY, record_id
from secure_differentiation.skill.speech import NAME
from secure_differentiation.tools.nlu import ModelResolver
from support.alexa import AlexaDevice, Reply, custom_slot, load_event, number_slot
from support.alexa_api_server import AlexaApiServer, running_api_server
from support.clock import Clock
from support.person import Person

pytestmark = pytest.mark.dated

USER = "amzn1.ask.account.TESTUSER"  # the account tests/events/*.json carry
NEIGHBOUR = "amzn1.ask.account.NEIGHBOUR"
ANNA = "amzn1.ask.person.ANNA0000000000000000000000000000000000000000"
BEN = "amzn1.ask.person.BEN00000000000000000000000000000000000000000"
CONTENT = content_for("en-US")
NAME_TAG = re.compile(r'<alexa:name type="first" personId="([^"]*)"/>')


@pytest.fixture(scope="module")
def alexa_api() -> Iterator[AlexaApiServer]:
    with running_api_server() as server:
        yield server


@pytest.fixture(autouse=True)
def no_reminders_left(alexa_api: AlexaApiServer) -> Iterator[None]:
    yield
    alexa_api.reminders.clear()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def speaker(adapter: Any, clock: Clock, alexa_api: AlexaApiServer) -> Callable[..., AlexaDevice]:
    """A voice at the household's Echo: recognised as `person_id`, or not (None)."""

    def make(person_id: str | None = None, user_id: str = USER, seed: int = 3) -> AlexaDevice:
        skill = build_skill(
            adapter, api_client=TimeoutApiClient(), rng=random.Random(seed), clock=clock
        )
        return AlexaDevice(
            skill, user_id=user_id, api_endpoint=alexa_api.url, clock=clock, person_id=person_id
        )

    return make


def practise(device: AlexaDevice, focus: str, sign: str, walk_answer: str, practised: str) -> None:
    """A focus, the first walk-through answer, a sign noticed and a finished reflection."""
    device.launch()
    device.say("SetFocusIntent", number=number_slot(focus))
    device.one_shot("StartWalkthroughIntent")
    device.say(walk_answer)
    device.say("AMAZON.StopIntent")
    device.one_shot("NoticeThreatIntent", sign=custom_slot("sign", sign, "THREAT_SIGN", sign))
    device.one_shot("StartReflectionIntent")
    device.say("ChooseSkillIntent", number=number_slot(practised))
    device.say("AMAZON.NoIntent")
    device.say("AMAZON.NoIntent")
    device.say("ChooseSkillIntent", number=number_slot("3"))
    device.say("AMAZON.YesIntent")


def stored(adapter: Any, person_id: str | None = None, user: str = USER) -> dict[str, Any]:
    """One record as stored, checked against the skill's own schema.

    A practice the skill wrote passes it whole (a person's with the household's
    part, which their record leaves to the account's); an account's record a
    person's check-in started holds that household part alone, well formed.
    """
    record = {k: v for k, v in adapter.load(user, person_id).items() if k != VERSION_KEY}
    if "schema" in record:
        defaults = UserState().to_attributes()
        practice = adapter.load_practice(user, person_id)
        whole = {**defaults, **{k: v for k, v in practice.items() if k != VERSION_KEY}}
        assert validate_attributes(whole) == [], person_id
        assert set(defaults) - set(record) <= (set(HOUSEHOLD_FIELDS) if person_id else set())
    elif record:
        assert set(record) <= set(HOUSEHOLD_FIELDS), record
        normalised = UserState.from_attributes(record).to_attributes()
        assert {k: normalised[k] for k in record} == record
    return record


def practice_of(record: dict[str, Any]) -> tuple[Any, ...]:
    """What a person notices as theirs: focus, walk-through answers, signs, reflections."""
    signs = {sign for week in record["threat_log"].values() for sign in week}
    reflected = [r["practised"] for r in record["reflections"].values()]
    return record["focus_skill"], record["walkthrough"]["answers"], signs, reflected


# --- each voice its own practice -------------------------------------------------------------


def test_two_recognised_voices_and_an_unrecognised_one_keep_three_practices(
    adapter: Any, speaker: Callable[..., AlexaDevice]
) -> None:
    anna, ben, guest = speaker(ANNA), speaker(BEN), speaker(None)
    practise(anna, focus="3", sign="defending", walk_answer="AMAZON.YesIntent", practised="1")
    practise(ben, focus="9", sign="judging", walk_answer="AMAZON.NoIntent", practised="2")
    practise(guest, focus="5", sign="harmonizing", walk_answer="AMAZON.NoIntent", practised="4")

    assert practice_of(stored(adapter, ANNA)) == (3, {"1": True}, {"defending"}, [[1]])
    assert practice_of(stored(adapter, BEN)) == (9, {"1": False}, {"judging"}, [[2]])
    assert practice_of(stored(adapter)) == (5, {"1": False}, {"harmonizing"}, [[4]])
    # Each hears their own focus back.
    skill = CONTENT.skill
    assert skill(3).title in anna.one_shot("GetFocusIntent").text
    assert skill(9).title in ben.one_shot("GetFocusIntent").text
    assert skill(5).title in guest.one_shot("GetFocusIntent").text


def test_a_draft_reflection_is_its_owner_s(
    adapter: Any, speaker: Callable[..., AlexaDevice]
) -> None:
    anna, ben = speaker(ANNA), speaker(BEN)
    anna.one_shot("StartReflectionIntent")
    anna.say("ChooseSkillIntent", number=number_slot("6"))
    anna.say("AMAZON.StopIntent")

    assert stored(adapter, ANNA)["draft"]["practised"] == [6]
    ben.launch()
    assert stored(adapter, BEN)["draft"] is None
    assert stored(adapter) == {}  # nobody unrecognised has spoken


def test_a_record_from_before_households_is_the_shared_practice_it_was(
    adapter: Any, speaker: Callable[..., AlexaDevice], clock: Clock
) -> None:
    before = UserState(
        focus_skill=4, visits=5, first_seen=clock.today.isoformat(), tried=["mantra"]
    ).to_attributes()
    adapter.save(USER, {**before, VERSION_KEY: 0})  # the record as today's layout keeps it

    guest = speaker(None)
    assert CONTENT.skill(4).title in guest.one_shot("GetFocusIntent").text
    welcome = guest.launch().text  # a returning person's welcome, not a first one
    assert not any(welcome.startswith(w) for w in CONTENT.variants(Prompt.WELCOME_FIRST))
    assert stored(adapter)["visits"] > 5

    anna = speaker(ANNA)  # a recognised voice starts a practice of its own
    assert NAME_TAG.search(anna.launch().ssml)
    assert stored(adapter, ANNA)["focus_skill"] is None
    assert stored(adapter)["focus_skill"] == 4


# --- check-ins are the household's --------------------------------------------------------


def test_a_check_in_set_by_one_voice_is_the_household_s(
    adapter: Any, speaker: Callable[..., AlexaDevice], alexa_api: AlexaApiServer
) -> None:
    resolver = ModelResolver()
    anna, ben = Person(speaker(ANNA), resolver), Person(speaker(BEN), resolver)
    anna.says("open secure differentiation")
    anna.says("remind me every day at 8 am to review my skill")
    anna.says("yes")

    assert len(alexa_api.reminders) == 1
    assert set(stored(adapter)["check_ins"]) == {"daily"}  # on the account's record...
    assert "check_ins" not in stored(adapter, ANNA)  # ...and not on Anna's
    listed = ben.says("ask secure differentiation what check-ins do i have")
    assert "8 AM" in listed.text, listed.text


# --- greeting by name ---------------------------------------------------------------------


def parse(ssml: str) -> ET.Element:
    """The reply as XML, Alexa's SSML namespace declared (Alexa itself needs no declaration)."""
    return ET.fromstring(ssml.replace("<speak>", '<speak xmlns:alexa="urn:alexa">', 1))


def test_a_recognised_voice_is_greeted_by_name_and_the_name_never_reaches_the_skill(
    adapter: Any, speaker: Callable[..., AlexaDevice], caplog: pytest.LogCaptureFixture
) -> None:
    anna = speaker(ANNA)
    with caplog.at_level(logging.INFO):
        first = anna.launch()
        anna.say("AMAZON.StopIntent")
        again = anna.launch()

    for reply in (first, again):
        assert NAME_TAG.findall(reply.ssml) == [ANNA]
        parse(reply.ssml)  # well-formed
        assert "[first name]" in reply.text
    assert any(
        first.text.startswith(w.split(",")[0]) for w in CONTENT.variants(Prompt.WELCOME_FIRST_NAMED)
    )
    # Nothing of the name, or of the tag Alexa fills it in, is kept.
    for record in (stored(adapter, ANNA), stored(adapter)):
        kept = json.dumps(record)
        assert "alexa:name" not in kept and NAME not in kept and ANNA not in kept
    assert ANNA not in caplog.text


def test_an_unrecognised_voice_is_greeted_without_a_name(
    speaker: Callable[..., AlexaDevice],
) -> None:
    reply = speaker(None).launch()
    assert "alexa:name" not in reply.ssml and "[first name]" not in reply.text


@pytest.mark.parametrize(
    "odd_id",
    ['amzn1.ask.person."/><audio src="http://example.com/x.mp3"/>', "5", "amzn1.ask.account.X"],
)
def test_a_person_id_that_is_not_an_alexa_id_is_not_spoken_or_stored(
    adapter: Any, speaker: Callable[..., AlexaDevice], odd_id: str
) -> None:
    reply = speaker(odd_id).launch()
    assert "alexa:name" not in reply.ssml and "<audio" not in reply.ssml
    assert stored(adapter)["visits"] == 1  # an unrecognised voice: the account's practice


def test_repeat_after_a_named_welcome_says_it_again(speaker: Callable[..., AlexaDevice]) -> None:
    anna = speaker(ANNA)
    welcome = anna.launch()
    again = anna.say("AMAZON.RepeatIntent")
    assert again.ssml == welcome.ssml


# --- forget me -----------------------------------------------------------------------------


@pytest.fixture
def household(
    adapter: Any, speaker: Callable[..., AlexaDevice], alexa_api: AlexaApiServer
) -> dict[str, AlexaDevice]:
    """Anna, Ben and the shared practice, a daily check-in, and a neighbour's account."""
    devices = {"anna": speaker(ANNA), "ben": speaker(BEN), "guest": speaker(None)}
    for name, focus in (("anna", "3"), ("ben", "9"), ("guest", "5")):
        devices[name].one_shot("SetFocusIntent", number=number_slot(focus))
    anna = Person(devices["anna"], ModelResolver())
    anna.says("open secure differentiation")
    anna.says("remind me every day at 8 am to review my skill")
    anna.says("yes")
    speaker(ANNA, user_id=NEIGHBOUR).one_shot("SetFocusIntent", number=number_slot("7"))
    assert len(alexa_api.reminders) == 1
    return devices


def focuses(adapter: Any) -> dict[str, Any]:
    return {
        "anna": stored(adapter, ANNA).get("focus_skill"),
        "ben": stored(adapter, BEN).get("focus_skill"),
        "guest": stored(adapter).get("focus_skill"),
        "neighbour": stored(adapter, ANNA, NEIGHBOUR).get("focus_skill"),
    }


def starts_with_one_of(reply: Reply, prompt: Prompt) -> bool:
    return any(reply.text.startswith(variant.split("{")[0]) for variant in CONTENT.variants(prompt))


def test_forget_me_from_a_person_deletes_theirs_and_a_no_keeps_the_household_s(
    adapter: Any, household: dict[str, AlexaDevice], alexa_api: AlexaApiServer
) -> None:
    anna = household["anna"]
    confirm = anna.say("ForgetMeIntent")
    assert confirm.text in CONTENT.variants(Prompt.FORGET_MINE_CONFIRM)
    assert focuses(adapter)["anna"] == 3  # nothing deleted before the yes

    offer = anna.say("AMAZON.YesIntent")
    assert offer.text in CONTENT.variants(Prompt.FORGET_HOUSEHOLD_OFFER)
    assert not offer.ends_session
    assert focuses(adapter) == {"anna": None, "ben": 9, "guest": 5, "neighbour": 7}
    assert len(alexa_api.reminders) == 1  # the household's check-in still rings

    kept = anna.say("AMAZON.NoIntent")
    assert kept.text in CONTENT.variants(Prompt.FORGET_HOUSEHOLD_KEPT) and kept.ends_session
    assert focuses(adapter) == {"anna": None, "ben": 9, "guest": 5, "neighbour": 7}
    assert set(stored(adapter)["check_ins"]) == {"daily"}


def test_forget_me_from_a_person_then_yes_deletes_the_whole_household(
    adapter: Any,
    household: dict[str, AlexaDevice],
    alexa_api: AlexaApiServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    ben = household["ben"]
    with caplog.at_level(logging.INFO):
        ben.say("ForgetMeIntent")
        ben.say("AMAZON.YesIntent")
        done = ben.say("AMAZON.YesIntent")

    assert done.text in CONTENT.variants(Prompt.FORGET_HOUSEHOLD_DONE) and done.ends_session
    assert focuses(adapter) == {"anna": None, "ben": None, "guest": None, "neighbour": 7}
    for person_id in (None, ANNA, BEN):
        assert adapter.load(USER, person_id) == {VERSION_KEY: 0}
    assert alexa_api.reminders == {}  # the household's check-in no longer rings
    assert "deleted a household" in caplog.text
    for raw in (USER, ANNA, BEN):
        assert raw not in caplog.text  # keyed hashes only


def test_forget_me_from_an_unrecognised_voice_deletes_the_shared_practice_only(
    adapter: Any, household: dict[str, AlexaDevice], alexa_api: AlexaApiServer
) -> None:
    guest = household["guest"]
    assert guest.say("ForgetMeIntent").text in CONTENT.variants(Prompt.FORGET_CONFIRM)
    done = guest.say("AMAZON.YesIntent")
    assert done.text in CONTENT.variants(Prompt.FORGET_DONE) and done.ends_session
    # The account's practice and its check-ins go, as they always did; people's stay.
    assert focuses(adapter) == {"anna": 3, "ben": 9, "guest": None, "neighbour": 7}
    assert alexa_api.reminders == {}


def test_only_the_voice_that_was_asked_can_say_yes(
    adapter: Any, household: dict[str, AlexaDevice]
) -> None:
    anna = household["anna"]
    anna.say("ForgetMeIntent")
    other = anna.say("AMAZON.YesIntent", person_id=BEN)
    assert starts_with_one_of(other, Prompt.FORGET_OTHER_VOICE), other.text
    anna.say("ForgetMeIntent")
    anna.person_id = None  # Alexa did not recognise the yes
    unrecognised = anna.say("AMAZON.YesIntent")
    assert starts_with_one_of(unrecognised, Prompt.FORGET_OTHER_VOICE), unrecognised.text
    assert focuses(adapter) == {"anna": 3, "ben": 9, "guest": 5, "neighbour": 7}

    anna.person_id = ANNA
    anna.say("ForgetMeIntent")
    anna.say("AMAZON.YesIntent")
    kept = anna.say("AMAZON.YesIntent", person_id=BEN)
    assert kept.text in CONTENT.variants(Prompt.FORGET_HOUSEHOLD_OTHER_VOICE)
    assert focuses(adapter) == {"anna": None, "ben": 9, "guest": 5, "neighbour": 7}


def test_disabling_the_skill_deletes_every_practice_of_the_account(
    adapter: Any, household: dict[str, AlexaDevice], caplog: pytest.LogCaptureFixture
) -> None:
    skill = build_skill(adapter, rng=random.Random(1))
    with caplog.at_level(logging.INFO):
        response = invoke(skill, load_event("skill_disabled"))
    assert response["response"].get("outputSpeech") is None
    assert focuses(adapter) == {"anna": None, "ben": None, "guest": None, "neighbour": 7}
    assert USER not in caplog.text


def test_a_person_s_record_is_under_their_own_key(
    adapter: Any, speaker: Callable[..., AlexaDevice]
) -> None:
    """The personId is part of the record's key, never of what the record holds."""
    speaker(ANNA).one_shot("SetFocusIntent", number=number_slot("2"))
    assert record_id(USER, ANNA) == f"{USER}#{ANNA}"
    assert ANNA not in json.dumps(stored(adapter, ANNA))
