"""The guided self-empathy practice through real envelopes: start, pause, resume, finish."""

from __future__ import annotations

import re

from secure_differentiation.skill.content import Content
from secure_differentiation.skill.features.self_empathy import PART_SECONDS
from secure_differentiation.skill.persistence.memory import InMemoryPersistenceAdapter
from support.alexa import AlexaDevice, Reply, number_slot
from support.clock import Clock
from support.person import Person

USER = "amzn1.ask.account.TESTUSER"
BREAK = re.compile(r'<break time="(\d+)ms"/>')


def _parts(content: Content) -> tuple[tuple[str, ...], ...]:
    return tuple(
        tuple(s.text for s in part) for part in content.self_empathy.segments(PART_SECONDS)
    )


def _part_of(reply: Reply, content: Content) -> int:
    """Which part of the practice a reply spoke (by the first words of its steps)."""
    return next(i for i, part in enumerate(_parts(content)) if part[0] in reply.text)


def test_the_practice_runs_start_to_finish_with_real_silence(
    device: AlexaDevice, store: InMemoryPersistenceAdapter, content: Content, clock: Clock
) -> None:
    reply = device.one_shot("SelfEmpathyIntent")
    spoken: list[Reply] = [reply]
    while not reply.ends_session:
        assert reply.text.endswith("?") and reply.reprompt  # between parts: go on?
        reply = device.say("AMAZON.YesIntent")
        spoken.append(reply)
    assert [_part_of(r, content) for r in spoken] == list(range(len(_parts(content))))
    breaks = [int(ms) for r in spoken for ms in BREAK.findall(r.ssml)]
    assert max(breaks) <= 10_000  # Alexa's longest break, chained for longer silences
    silence = sum(breaks) / 1000
    assert (
        3 * 60
        <= silence + sum(s.seconds - s.silence_seconds for s in content.self_empathy.steps)
        <= 8 * 60
    )
    assert reply.card is not None and content.self_empathy.title in reply.card["title"]
    log = store.records[USER][1]["practice_log"]
    assert log[clock.week]["self_empathy"] == 1  # counted in the week's practice


def test_paused_it_resumes_where_it_stopped_on_another_day(
    make_device, store: InMemoryPersistenceAdapter, content: Content, clock: Clock
) -> None:
    device = make_device()
    device.one_shot("SelfEmpathyIntent")
    second = device.say("AMAZON.YesIntent")
    paused = device.say("AMAZON.PauseIntent")
    assert paused.ends_session and "continue" in paused.text.lower()  # how to come back
    clock.advance(days=1)
    kitchen = make_device(seed=9)  # another device, the next day
    resumed = kitchen.one_shot("SelfEmpathyIntent")
    assert _part_of(resumed, content) == _part_of(second, content) + 1
    assert not resumed.text.startswith(content.self_empathy.intro)  # not from the top
    over = kitchen.say("AMAZON.StartOverIntent")  # start over: from the top
    assert _part_of(over, content) == 0


def test_not_now_between_parts_keeps_the_place_and_says_so(
    device: AlexaDevice, store: InMemoryPersistenceAdapter, content: Content
) -> None:
    device.one_shot("SelfEmpathyIntent")
    declined = device.say("AMAZON.NoIntent")
    assert declined.ends_session and "continue" in declined.text.lower()
    assert store.records[USER][1]["self_empathy_at"] == 1


def test_said_in_words_it_pauses_and_continues(person: Person, content: Content) -> None:
    person.says("ask secure differentiation to guide me through self empathy")
    person.says("yeah")
    stopped = person.says("stop")
    assert stopped.ends_session
    back = person.says("ask secure differentiation to continue the self empathy practice")
    assert _part_of(back, content) == 2


def test_resume_goes_back_to_what_was_stopped_last(
    device: AlexaDevice, store: InMemoryPersistenceAdapter, content: Content
) -> None:
    device.one_shot("SelfEmpathyIntent")
    second = device.say("AMAZON.YesIntent")
    device.say("AMAZON.PauseIntent")
    practice = device.one_shot("AMAZON.ResumeIntent")  # the practice, not the walk-through
    assert _part_of(practice, content) == _part_of(second, content) + 1
    device.say("AMAZON.StopIntent")
    device.one_shot("StartReflectionIntent")
    device.say("AMAZON.StopIntent")  # the reflection, stopped after the practice
    reflection = device.one_shot("AMAZON.ResumeIntent")
    assert "skills" in reflection.text and reflection.text.endswith("?")
    assert not any(part[0] in reflection.text for part in _parts(content))
    assert store.records[USER][1]["left"] == "reflection"


def test_resume_with_nothing_waiting_begins_the_walk_through(
    device: AlexaDevice, content: Content
) -> None:
    reply = device.one_shot("AMAZON.ResumeIntent")
    assert content.skill(1).title in reply.text and reply.text.endswith("?")


def test_start_over_starts_over_what_was_stopped_last(
    device: AlexaDevice, store: InMemoryPersistenceAdapter, content: Content
) -> None:
    device.one_shot("SelfEmpathyIntent")
    device.say("AMAZON.YesIntent")
    device.say("AMAZON.PauseIntent")
    again = device.one_shot("AMAZON.StartOverIntent")  # the practice from the top
    assert _part_of(again, content) == 0
    assert content.skill(1).title not in again.text  # not the walk-through


def test_start_over_after_stopping_the_walk_starts_it_again(
    device: AlexaDevice, store: InMemoryPersistenceAdapter, content: Content
) -> None:
    device.one_shot("StartWalkthroughIntent")
    device.say("AMAZON.YesIntent")  # skill one: a strength
    device.say("AMAZON.StopIntent")
    device.one_shot("AMAZON.ResumeIntent")
    device.say("AMAZON.StopIntent")
    walk = store.records[USER][1]["walkthrough"]
    assert walk["answers"] == {"1": True}
    reply = device.one_shot("AMAZON.StartOverIntent")  # the walk was stopped last: over it goes
    assert content.skill(1).title in reply.text
    assert store.records[USER][1]["walkthrough"]["answers"] == {}


def test_start_over_with_nothing_waiting_begins_the_walk_and_keeps_its_answers(
    device: AlexaDevice, store: InMemoryPersistenceAdapter, content: Content
) -> None:
    device.one_shot("StartWalkthroughIntent")
    device.say("AMAZON.YesIntent")  # skill one: a strength
    device.say("GoToSkillIntent", number=number_slot("12"))
    device.say("AMAZON.NoIntent")  # the walk is finished: which focus?
    device.say("AMAZON.NoIntent")  # none for now
    assert store.records[USER][1]["walkthrough"]["finished"] is True
    reply = device.one_shot("AMAZON.StartOverIntent")
    assert content.skill(1).title in reply.text and reply.text.endswith("?")
    assert store.records[USER][1]["walkthrough"]["answers"]["1"] is True  # kept until asked
