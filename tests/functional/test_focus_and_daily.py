"""The focus skill and the skill of the day."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from secure_differentiation.skill.content import Content
from secure_differentiation.skill.persistence.memory import InMemoryPersistenceAdapter
from support.alexa import AlexaDevice, custom_slot, number_slot

pytestmark = pytest.mark.dated

USER = "amzn1.ask.account.TESTUSER"


def focus_of(store: InMemoryPersistenceAdapter) -> int | None:
    return store.records[USER][1]["focus_skill"] if USER in store.records else None


def test_focus_by_name_synonym_and_number(
    device: AlexaDevice, store: InMemoryPersistenceAdapter, content: Content
) -> None:
    device.launch()
    reply = device.say(
        "SetFocusIntent", skill=custom_slot("skill", "self soothing", "SKILL_NAME", "2")
    )
    assert content.skill(2).title in reply.text and reply.text.endswith("?")
    assert focus_of(store) == 2
    device.say("SetFocusIntent", number=number_slot("11"))
    assert focus_of(store) == 11


def test_unmatched_focus_gets_a_clear_question_and_changes_nothing(
    device: AlexaDevice, store: InMemoryPersistenceAdapter
) -> None:
    device.launch()
    device.say("SetFocusIntent", number=number_slot("3"))
    reply = device.say(
        "SetFocusIntent", skill=custom_slot("skill", "pineapples", "SKILL_NAME", None)
    )
    assert "pineapples" in reply.text and reply.text.endswith("?")
    assert reply.reprompt and not reply.ends_session
    assert focus_of(store) == 3
    # The question stays open: a bare answer now sets the focus.
    device.say("ChooseSkillIntent", number=number_slot("4"))
    assert focus_of(store) == 4


def test_focus_without_a_skill_asks_which(device: AlexaDevice) -> None:
    device.launch()
    reply = device.say("SetFocusIntent")
    assert reply.text.endswith("?") and reply.reprompt


def test_focus_out_of_range_names_the_range(
    device: AlexaDevice, store: InMemoryPersistenceAdapter
) -> None:
    device.launch()
    reply = device.say("SetFocusIntent", number=number_slot("13"))
    assert "13" in reply.text and "twelve" in reply.text and not reply.ends_session
    assert focus_of(store) is None


def test_what_is_my_focus(device: AlexaDevice, content: Content) -> None:
    device.launch()
    none_yet = device.say("GetFocusIntent")
    assert none_yet.text.endswith("?") and not none_yet.ends_session
    assert none_yet.text.count("?") == 1  # which skill, asked once
    device.say("ChooseSkillIntent", skill=custom_slot("skill", "purpose", "SKILL_NAME", "9"))
    reply = device.one_shot("GetFocusIntent")
    assert content.skill(9).title in reply.text and content.skill(9).description in reply.text


def test_a_bare_skill_outside_a_question_describes_it_and_offers_focus(
    device: AlexaDevice, store: InMemoryPersistenceAdapter, content: Content
) -> None:
    device.launch()
    reply = device.say("ChooseSkillIntent", number=number_slot("6"))
    assert content.skill(6).description in reply.text and reply.text.endswith("?")
    assert focus_of(store) is None
    device.say("AMAZON.YesIntent")
    assert focus_of(store) == 6


def test_focus_mantra_offer_yes_gives_a_mantra(device: AlexaDevice) -> None:
    device.launch()
    device.say("SetFocusIntent", number=number_slot("1"))
    reply = device.say("AMAZON.YesIntent")
    assert "<prosody" in reply.ssml


def test_skill_of_the_day_is_stable_all_day_and_centres_on_the_focus(
    make_device: Callable[..., AlexaDevice], clock, content: Content
) -> None:
    clock.at_local(8)  # 8 AM where the person is, whatever day the test runs
    device = make_device(seed=1)
    device.launch()
    device.say("SetFocusIntent", number=number_slot("5"))
    morning = device.one_shot("SkillOfTheDayIntent")
    assert content.skill(5).title in morning.text and morning.ends_session
    assert "focus" in morning.text
    clock.at_local(23, 30)  # late that evening, when it is already tomorrow in UTC (in the west)
    evening = make_device(seed=99).one_shot("SkillOfTheDayIntent")
    assert content.skill(5).title in evening.text
    week = []
    for _ in range(7):
        clock.now += timedelta(days=1)
        week.append(device.one_shot("SkillOfTheDayIntent").text)
    focus_days = [content.skill(5).title in text for text in week]
    assert focus_days == [True, False, True, True, False, True, True]  # days 1 to 7
    related = {content.skill(n).title for n in content.skill(5).related}
    others = [text for text, is_focus in zip(week, focus_days, strict=True) if not is_focus]
    assert all(any(title in text for title in related) for text in others)
    assert all("your focus" in text for text in others)


def test_skill_of_the_day_offers_a_practice_of_that_skill(
    device: AlexaDevice, content: Content
) -> None:
    reply = device.one_shot("SkillOfTheDayIntent")
    skill = next(s for s in content.skills if s.title in reply.text)
    assert any(p.text in reply.text for p in skill.practices)
    assert reply.card is not None


def test_skill_of_the_day_uses_the_persons_time_zone(
    device: AlexaDevice, store: InMemoryPersistenceAdapter, clock, content: Content
) -> None:
    from datetime import UTC, datetime

    clock.now = datetime(2026, 11, 23, 20, 0, tzinfo=UTC)
    device.one_shot("SkillOfTheDayIntent")  # anchors the cycle on Nov 23
    version, attributes = store.records[USER]
    attributes["time_zone"] = "America/Los_Angeles"
    store.records[USER] = (version, attributes)
    # 03:00 UTC on the 24th is still the evening of the 23rd in Los Angeles.
    clock.now = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)
    assert content.skill(1).title in device.one_shot("SkillOfTheDayIntent").text
    clock.now = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    assert content.skill(2).title in device.one_shot("SkillOfTheDayIntent").text
