"""The walk through the twelve skills, driven by voice through real envelopes."""

from __future__ import annotations

from secure_differentiation.skill.content import Content
from secure_differentiation.skill.persistence.memory import InMemoryPersistenceAdapter
from support.alexa import AlexaDevice, custom_slot, number_slot

USER = "amzn1.ask.account.TESTUSER"


def stored(store: InMemoryPersistenceAdapter, user: str = USER) -> dict:
    return store.records[user][1]


def test_walkthrough_starts_at_skill_one_and_says_the_position(
    device: AlexaDevice, content: Content
) -> None:
    device.launch()
    reply = device.say("StartWalkthroughIntent")
    assert "1 of 12" in reply.text
    assert content.skill(1).description in reply.text
    assert reply.text.rstrip().endswith("?")
    assert reply.reprompt and not reply.ends_session
    assert reply.card is not None and content.skill(1).title in reply.card["title"]


def test_yes_and_no_are_recorded_and_move_on(
    device: AlexaDevice, store: InMemoryPersistenceAdapter
) -> None:
    device.launch()
    device.say("StartWalkthroughIntent")
    assert "2 of 12" in device.say("AMAZON.YesIntent").text
    assert "3 of 12" in device.say("AMAZON.NoIntent").text
    assert stored(store)["walkthrough"]["answers"] == {"1": True, "2": False}
    assert stored(store)["walkthrough"]["position"] == 3


def test_next_skip_previous_and_go_to_move_without_recording(
    device: AlexaDevice, store: InMemoryPersistenceAdapter
) -> None:
    device.launch()
    device.say("StartWalkthroughIntent")
    assert "2 of 12" in device.say("AMAZON.NextIntent").text
    assert "3 of 12" in device.say("SkipSkillIntent").text
    assert "2 of 12" in device.say("AMAZON.PreviousIntent").text
    assert "7 of 12" in device.say("GoToSkillIntent", number=number_slot("7")).text
    assert stored(store)["walkthrough"]["answers"] == {}
    assert stored(store)["walkthrough"]["position"] == 7


def test_previous_at_the_first_skill_stays_there(device: AlexaDevice) -> None:
    device.launch()
    device.say("StartWalkthroughIntent")
    reply = device.say("AMAZON.PreviousIntent")
    assert "1 of 12" in reply.text and not reply.ends_session


def test_out_of_range_skill_names_the_range_and_keeps_the_place(
    device: AlexaDevice, store: InMemoryPersistenceAdapter
) -> None:
    device.launch()
    device.say("StartWalkthroughIntent")
    device.say("AMAZON.NextIntent")
    reply = device.say("GoToSkillIntent", number=number_slot("47"))
    assert "47" in reply.text and "twelve" in reply.text
    assert not reply.ends_session and reply.reprompt
    assert stored(store)["walkthrough"]["position"] == 2
    # The open question is still the one about skill two.
    assert "3 of 12" in device.say("AMAZON.YesIntent").text
    assert stored(store)["walkthrough"]["answers"] == {"2": True}


def test_unrecognised_number_gets_a_range_not_a_crash(device: AlexaDevice) -> None:
    device.launch()
    device.say("StartWalkthroughIntent")
    for heard in ("?", "0", "-3", "1.5"):
        device.say("AMAZON.PreviousIntent")  # back on a question, with no miss so far
        reply = device.say("GoToSkillIntent", number=number_slot(heard))
        assert "twelve" in reply.text and not reply.ends_session and reply.text.endswith("?")


def test_a_second_unusable_number_in_a_row_moves_the_walk_on(device: AlexaDevice) -> None:
    device.launch()
    device.say("StartWalkthroughIntent")
    first = device.say("GoToSkillIntent", number=number_slot("0"))
    second = device.say("GoToSkillIntent", number=number_slot("0"))
    assert "twelve" in first.text and "2 of 12" in second.text


def test_missing_number_slot_is_answered(device: AlexaDevice) -> None:
    device.launch()
    reply = device.say("GoToSkillIntent")
    assert "twelve" in reply.text and reply.reprompt


def test_repeat_says_the_skill_again(device: AlexaDevice) -> None:
    device.launch()
    first = device.say("GoToSkillIntent", number=number_slot("5"))
    again = device.say("AMAZON.RepeatIntent")
    assert again.ssml == first.ssml and not again.ends_session


def test_pause_keeps_the_place_and_launch_offers_to_resume(
    device: AlexaDevice, content: Content
) -> None:
    device.launch()
    device.say("GoToSkillIntent", number=number_slot("4"))
    paused = device.say("AMAZON.PauseIntent")
    assert paused.ends_session and "4" in paused.text
    welcome = device.launch()
    assert "4" in welcome.text and welcome.text.endswith("?")
    resumed = device.say("AMAZON.YesIntent")
    assert "4 of 12" in resumed.text and content.skill(4).description in resumed.text


def test_stop_mid_walk_keeps_the_place_for_the_resume_intent(device: AlexaDevice) -> None:
    device.launch()
    device.say("GoToSkillIntent", number=number_slot("9"))
    stop = device.say("AMAZON.StopIntent")
    assert stop.ends_session and "9" in stop.text
    device.launch()
    assert "9 of 12" in device.say("StartWalkthroughIntent").text


def test_declining_the_resume_offer_keeps_the_place(
    device: AlexaDevice, store: InMemoryPersistenceAdapter
) -> None:
    device.launch()
    device.say("GoToSkillIntent", number=number_slot("6"))
    device.say("AMAZON.StopIntent")
    device.launch()
    reply = device.say("AMAZON.NoIntent")
    assert not reply.ends_session and reply.reprompt
    assert stored(store)["walkthrough"]["position"] == 6


def test_start_over_clears_answers(device: AlexaDevice, store: InMemoryPersistenceAdapter) -> None:
    device.launch()
    device.say("StartWalkthroughIntent")
    device.say("AMAZON.YesIntent")
    assert "1 of 12" in device.say("AMAZON.StartOverIntent").text
    assert stored(store)["walkthrough"]["answers"] == {}


def test_finishing_names_strengths_and_the_answer_becomes_the_focus(
    device: AlexaDevice, store: InMemoryPersistenceAdapter, content: Content
) -> None:
    device.launch()
    device.say("StartWalkthroughIntent")
    strengths = {2, 5}
    for number in range(1, 12):
        device.say("AMAZON.YesIntent" if number in strengths else "AMAZON.NoIntent")
    summary = device.say("AMAZON.NoIntent")  # skill 12
    for number in strengths:
        assert content.skill(number).title in summary.text
    assert "attention" in summary.text and summary.text.endswith("?")
    chosen = device.say("ChooseSkillIntent", number=number_slot("8"))
    assert content.skill(8).title in chosen.text
    assert stored(store)["focus_skill"] == 8
    assert stored(store)["walkthrough"]["finished"] is True


def test_summary_with_many_strengths_counts_them(device: AlexaDevice) -> None:
    device.launch()
    device.say("StartWalkthroughIntent")
    for _ in range(11):
        device.say("AMAZON.YesIntent")
    summary = device.say("AMAZON.YesIntent")
    assert "all twelve" in summary.text.lower() and summary.text.endswith("?")


def test_make_this_my_focus_during_the_walk(
    device: AlexaDevice, store: InMemoryPersistenceAdapter, content: Content
) -> None:
    device.launch()
    device.say("GoToSkillIntent", number=number_slot("10"))
    reply = device.say("SetFocusIntent")
    assert content.skill(10).title in reply.text
    assert stored(store)["focus_skill"] == 10


def test_choosing_by_name_at_the_end_uses_entity_resolution(
    device: AlexaDevice, store: InMemoryPersistenceAdapter
) -> None:
    device.launch()
    device.say("GoToSkillIntent", number=number_slot("12"))
    device.say("AMAZON.YesIntent")
    unmatched = device.say(
        "ChooseSkillIntent", skill=custom_slot("skill", "pineapples", "SKILL_NAME", None)
    )
    assert "pineapples" in unmatched.text and not unmatched.ends_session
    assert stored(store)["focus_skill"] is None
    device.say("ChooseSkillIntent", skill=custom_slot("skill", "empathy", "SKILL_NAME", "5"))
    assert stored(store)["focus_skill"] == 5


def test_not_sure_or_sometimes_counts_as_one_to_grow_and_moves_on(
    device: AlexaDevice, store: InMemoryPersistenceAdapter, content: Content
) -> None:
    device.launch()
    device.say("StartWalkthroughIntent")
    unsure = device.say("NotSureIntent")  # "I don't know if I do that"
    assert content.skill(2).title in unsure.text and unsure.text.endswith("?")
    partly = device.say("SometimesIntent")
    assert content.skill(3).title in partly.text
    assert stored(store)["walkthrough"]["answers"] == {"1": False, "2": False}
