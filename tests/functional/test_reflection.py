"""The spoken weekly reflection and "how am I doing", through real envelopes."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta

import pytest

from secure_differentiation.skill import build_skill
from secure_differentiation.skill.content import Content
from secure_differentiation.skill.persistence.memory import InMemoryPersistenceAdapter
from support.alexa import AlexaDevice, custom_slot, number_slot
from support.clock import Clock
from support.speech import mantra_in

USER = "amzn1.ask.account.TESTUSER"
pytestmark = pytest.mark.dated


@pytest.fixture
def week(clock: Clock) -> str:
    """The person's ISO week at the test clock's moment, in their time zone."""
    return clock.week


def stored(store: InMemoryPersistenceAdapter) -> dict:
    return store.records[USER][1]


def sign(sign_id: str, said: str) -> dict:
    return custom_slot("sign", said, "THREAT_SIGN", sign_id)


def with_focus(device: AlexaDevice, number: int) -> None:
    device.one_shot("SetFocusIntent", number=number_slot(str(number)))


def reflect(device: AlexaDevice, presence: str = "4") -> None:
    """A whole reflection: one skill, no signs, a presence rating, keep the focus."""
    device.one_shot("StartReflectionIntent")
    device.say("ChooseSkillIntent", number=number_slot("2"))
    device.say("AMAZON.NoIntent")
    device.say("AMAZON.NoIntent")
    device.say("ChooseSkillIntent", number=number_slot(presence))
    device.say("AMAZON.YesIntent")


def test_a_full_reflection_is_stored_as_structured_answers(
    device: AlexaDevice, store: InMemoryPersistenceAdapter, content: Content, clock: Clock
) -> None:
    with_focus(device, 5)
    defensive = sign("defending", "defensive")
    device.one_shot("NoticeThreatIntent", sign=defensive)
    device.one_shot("NoticeThreatIntent", sign=defensive)

    first = device.one_shot("StartReflectionIntent")
    assert "skills" in first.text and first.text.endswith("?") and not first.ends_session
    added = device.say("ChooseSkillIntent", number=number_slot("2"))
    assert content.skill(2).title in added.text and added.text.endswith("?")
    device.say("ChooseSkillIntent", skill=custom_slot("skill", "purpose", "SKILL_NAME", "9"))
    signs = device.say("AMAZON.NoIntent")
    assert "defending twice" in signs.text  # what was logged during the week, kept
    assert "other" in signs.text and signs.text.endswith("?")
    device.say("NoticeThreatIntent", sign=sign("judging", "judging"))
    presence = device.say("AMAZON.NoIntent")
    assert content.skill(5).title in presence.text and "five" in presence.text
    keep = device.say("ChooseSkillIntent", number=number_slot("4"))
    assert content.skill(5).title in keep.text and keep.text.endswith("?")
    done = device.say("AMAZON.YesIntent")
    assert "first" in done.text and "self-empathy" in done.text  # the week's practice, offered
    assert done.text.endswith("?") and not done.ends_session
    declined = device.say("AMAZON.NoIntent")
    assert declined.ends_session
    assert 5 in mantra_in(declined, content).skills  # a mantra for the focus instead

    reflection = stored(store)["reflections"][clock.week]
    assert reflection == {
        "practised": [2, 9],
        "signs": ["defending", "judging"],
        "presence": 4,
        "focus": 5,
        "step": None,
        "done_on": clock.today.isoformat(),
    }
    assert stored(store)["draft"] is None


def test_leaving_midway_keeps_answers_and_offers_to_continue(
    make_device: Callable[..., AlexaDevice], store: InMemoryPersistenceAdapter, week: str
) -> None:
    device = make_device()
    device.launch()
    device.say("StartReflectionIntent")
    device.say("ChooseSkillIntent", number=number_slot("3"))
    device.say("AMAZON.NoIntent")  # on to the signs question
    stopped = device.say("AMAZON.StopIntent")
    assert stopped.ends_session and "saved" in stopped.text
    draft = stored(store)["draft"]
    assert draft["week"] == week and draft["practised"] == [3] and draft["step"] == "signs"

    # Another day, another device, a fresh container: the launch offers to finish.
    later = make_device(seed=11)
    offer = later.launch()
    assert "reflection" in offer.text and offer.text.endswith("?")
    resumed = later.say("AMAZON.YesIntent")
    assert "defending" in resumed.text  # the signs question, where it stopped
    later.say("AMAZON.NoIntent")
    later.say("ChooseSkillIntent", number=number_slot("5"))
    later.say("ChooseSkillIntent", number=number_slot("12"))
    reflection = stored(store)["reflections"][week]
    assert reflection["practised"] == [3] and reflection["presence"] == 5
    assert reflection["step"] is None and stored(store)["focus_skill"] == 12


def test_an_unmatched_answer_gets_one_clarifying_question_then_moves_on(
    device: AlexaDevice, store: InMemoryPersistenceAdapter
) -> None:
    device.one_shot("StartReflectionIntent")
    pineapples = custom_slot("skill", "pineapples", "SKILL_NAME", None)
    clarify = device.say("ChooseSkillIntent", skill=pineapples)
    assert "pineapples" in clarify.text and clarify.text.endswith("?")
    moved_on = device.say("ChooseSkillIntent", skill=pineapples)
    assert "defending" in moved_on.text  # now on the signs question
    assert stored(store)["draft"]["practised"] == []


def test_not_sure_moves_the_reflection_on_and_records_nothing_for_it(
    device: AlexaDevice, store: InMemoryPersistenceAdapter, content: Content, week: str
) -> None:
    with_focus(device, 3)
    device.one_shot("StartReflectionIntent")
    device.say("ChooseSkillIntent", number=number_slot("4"))
    which = device.say("AMAZON.YesIntent")  # "yeah" to "any other?"
    assert which.text.endswith("?") and which.text.count("?") == 1  # one question: which
    device.say("ChooseSkillIntent", number=number_slot("5"))
    device.say("AMAZON.YesIntent")
    moved_on = device.say("AMAZON.YesIntent")  # "yes" twice to "which one?": on we go
    assert "defending" in moved_on.text and not moved_on.ends_session
    device.say("AMAZON.PreviousIntent")  # back to the skills, to be unsure there
    signs = device.say("NotSureIntent")  # "not sure" what else: still in the reflection
    assert "defending" in signs.text and not signs.ends_session
    presence = device.say("NotSureIntent")
    assert content.skill(3).title in presence.text and "five" in presence.text
    keep = device.say("NotSureIntent")
    assert content.skill(3).title in keep.text and keep.text.endswith("?")
    done = device.say("NotSureIntent")  # unsure about changing it: the focus stays
    assert "self-empathy" in done.text and not done.ends_session
    reflection = stored(store)["reflections"][week]
    assert reflection["practised"] == [4, 5] and reflection["signs"] == []
    assert reflection["presence"] is None and stored(store)["focus_skill"] == 3


def test_presence_must_be_one_to_five(
    device: AlexaDevice, store: InMemoryPersistenceAdapter
) -> None:
    with_focus(device, 1)
    device.one_shot("StartReflectionIntent")
    device.say("AMAZON.NoIntent")
    device.say("AMAZON.NoIntent")
    clarify = device.say("ChooseSkillIntent", number=number_slot("9"))
    assert "one to five" in clarify.text and not clarify.ends_session
    device.say("ChooseSkillIntent", number=number_slot("3"))
    assert stored(store)["draft"]["presence"] == 3


def test_choosing_a_new_focus_at_the_end(
    device: AlexaDevice, store: InMemoryPersistenceAdapter, content: Content, week: str
) -> None:
    with_focus(device, 1)
    device.one_shot("StartReflectionIntent")
    device.say("AMAZON.NoIntent")
    device.say("AMAZON.NoIntent")
    device.say("ChooseSkillIntent", number=number_slot("2"))
    which = device.say("AMAZON.NoIntent")  # don't keep the focus
    assert which.text.endswith("?")
    done = device.say("ChooseSkillIntent", skill=custom_slot("skill", "habits", "SKILL_NAME", "7"))
    assert content.skill(7).title in done.text and done.text.endswith("?")
    carried = device.say("AMAZON.NoIntent")  # no self-empathy tonight
    assert 7 in mantra_in(carried, content).skills and carried.ends_session
    assert stored(store)["focus_skill"] == 7
    assert stored(store)["reflections"][week]["focus"] == 7


def test_the_trend_speaks_of_presence_and_weeks_in_a_row(
    device: AlexaDevice, clock, content: Content
) -> None:
    with_focus(device, 4)
    reflect(device, presence="2")
    clock.now += timedelta(days=7)
    device.one_shot("StartReflectionIntent")
    device.say("AMAZON.NoIntent")
    device.say("AMAZON.NoIntent")
    device.say("ChooseSkillIntent", number=number_slot("4"))
    done = device.say("AMAZON.YesIntent")
    assert "more" in done.text and "two weeks in a row" in done.text


def test_how_am_i_doing_tells_signs_practice_weeks_and_the_focus_rating(
    device: AlexaDevice, clock, content: Content
) -> None:
    judging = sign("judging", "judgy")
    device.one_shot("NoticeThreatIntent", sign=judging)
    before = device.one_shot("HowAmIDoingIntent")  # no reflection yet: what was done, then
    assert "once" in before.text and before.text.endswith("?") and not before.ends_session
    with_focus(device, 4)
    reflect(device, presence="2")
    clock.now += timedelta(days=7)
    for said in (judging, judging, sign("defending", "defensive")):
        device.one_shot("NoticeThreatIntent", sign=said)
    device.one_shot("SkillOfTheDayIntent")
    device.one_shot("SkillOfTheDayIntent")  # the same day: counted once
    reflect(device, presence="4")
    summary = device.one_shot("HowAmIDoingIntent")
    judging_name = next(s.name for s in content.threat_signs if s.id == "judging")
    assert "three times" in summary.text and judging_name in summary.text
    assert "one day" in summary.text
    assert "two weeks in a row" in summary.text
    assert content.skill(4).title in summary.text and "from two to four" in summary.text


def test_launch_offers_the_reflection_first_when_a_week_has_passed(
    make_device: Callable[..., AlexaDevice], clock, store: InMemoryPersistenceAdapter
) -> None:
    device = make_device()
    with_focus(device, 6)
    device.launch()
    device.say("GoToSkillIntent", number=number_slot("4"))  # an unfinished walk-through too
    device.say("AMAZON.StopIntent")
    assert "reflection" not in device.launch().text  # too soon: day one
    clock.now += timedelta(days=7)
    offer = device.launch()
    assert "reflection" in offer.text and "skill 4" not in offer.text
    declined = device.say("AMAZON.NoIntent")
    assert not declined.ends_session and declined.text.endswith("?")
    reflect(device)
    clock.now += timedelta(days=3)
    assert "reflection" not in make_device(seed=3).launch().text


def test_help_during_the_reflection_repeats_the_question(device: AlexaDevice) -> None:
    question = device.one_shot("StartReflectionIntent")
    helped = device.say("AMAZON.HelpIntent")
    assert helped.text.endswith(question.reprompt)


def test_reflections_survive_a_restart(store: InMemoryPersistenceAdapter, clock: Clock) -> None:
    first = AlexaDevice(build_skill(store, rng=random.Random(1)), clock=clock)
    with_focus(first, 8)
    reflect(first, presence="3")
    restarted = AlexaDevice(build_skill(store, rng=random.Random(2)), clock=clock)
    summary = restarted.one_shot("HowAmIDoingIntent")
    assert "reflection" in summary.text and "three out of five" in summary.text


def test_naming_the_same_skill_twice_is_noticed_and_kept_once(
    device: AlexaDevice, store: InMemoryPersistenceAdapter
) -> None:
    device.one_shot("StartReflectionIntent")
    device.say("ChooseSkillIntent", number=number_slot("2"))
    again = device.say(
        "ChooseSkillIntent", skill=custom_slot("skill", "self empathy", "SKILL_NAME", "2")
    )
    assert "already" in again.text and again.text.endswith("?")
    assert stored(store)["draft"]["practised"] == [2]
