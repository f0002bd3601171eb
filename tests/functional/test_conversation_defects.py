"""Regressions for what trying the skill as a person found (issue 8, part 2), one by one.

Everything goes through real envelopes; where the words matter, a person's sentence
goes through the console's resolver over the interaction model, as Alexa would hear it.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from typing import Any

import pytest

from secure_differentiation.skill import build_skill, invoke
from secure_differentiation.skill.alexa_api import TimeoutApiClient
from secure_differentiation.skill.content import Content, Prompt, content_for
from secure_differentiation.skill.persistence.memory import InMemoryPersistenceAdapter
from secure_differentiation.tools.nlu import ModelResolver
from support.alexa import AlexaDevice, load_event
from support.alexa_api_server import DEVICE_ID, AlexaApiServer, running_api_server
from support.clock import Clock
from support.person import Person
from support.speech import mantra_in

pytestmark = pytest.mark.dated
USER = "amzn1.ask.account.TESTUSER"


def record(store: InMemoryPersistenceAdapter) -> dict[str, Any]:
    return store.records[USER][1]


def variants(content: Content, prompt: Prompt, **values: Any) -> list[str]:
    return [v.format(**values) for v in content.variants(prompt)]


def reflect(person: Person, rating: str = "four") -> None:
    person.says("start my weekly reflection")
    person.says("listening")
    person.says("none")  # no other skill
    person.says("none")  # no sign
    person.says(rating)
    person.says("yes")  # keep the focus


# --- 1. a finished reflection is never wiped by an update left halfway ---------------


def test_stopping_an_update_keeps_the_finished_week(
    person: Person, store: InMemoryPersistenceAdapter, clock: Clock
) -> None:
    person.says("ask secure differentiation to make listening my focus")
    reflect(person)
    finished = dict(record(store)["reflections"][clock.week])
    again = person.says("ask secure differentiation to start my weekly reflection")
    assert "already" in again.text or "once more" in again.text
    person.says("stop")
    assert record(store)["reflections"][clock.week] == finished
    progress = person.says("ask secure differentiation how am I doing")
    assert "this week" in progress.text and "four out of five" in progress.text


# --- 2. skip, next and go back stay inside the reflection ------------------------------


def test_moving_around_the_reflection_stays_in_it(person: Person) -> None:
    person.says("open secure differentiation")
    person.says("start my weekly reflection")
    for said, question in (
        ("skip", "defending"),
        ("next", "one to five"),
        ("go back", "defending"),
    ):
        reply = person.says(said)
        assert question in reply.text, (said, reply.text)
        assert "of 12" not in reply.text
        assert reply.session_attributes["pending"]["kind"] == "reflection"


# --- 3. check-ins as people ask for them ----------------------------------------------


@pytest.mark.parametrize(
    ("said", "restated"),
    [
        ("set my weekly reflection for sunday evening", "every Sunday at 7 PM"),
        ("remind me every day in the morning", "every day at 8 AM"),
        ("remind me in the evening every day", "every day at 7 PM"),
        ("remind me every night", "every day at 9 PM"),
        ("remind me at noon every day", "every day at 12 PM"),
    ],
)
def test_a_check_in_is_understood_in_one_go(person: Person, said: str, restated: str) -> None:
    person.says("open secure differentiation")
    reply = person.says(said)
    assert restated in reply.text and reply.text.endswith("?")


def test_a_weekday_check_in_says_plainly_what_can_be_set(person: Person) -> None:
    person.says("open secure differentiation")
    reply = person.says("remind me every weekday at 7 am")
    assert "once a week" in reply.text and "every day at 7 AM" in reply.text


def test_a_time_given_after_the_day_keeps_the_weekly_check_in(person: Person) -> None:
    person.says("open secure differentiation")
    person.says("remind me on sundays")
    reply = person.says("7 pm")
    assert "every Sunday at 7 PM" in reply.text


# --- 4. days are the person's own --------------------------------------------------------


@pytest.fixture
def los_angeles() -> Iterator[AlexaApiServer]:
    with running_api_server({DEVICE_ID: "America/Los_Angeles"}) as server:
        yield server


def _device_in(
    server: AlexaApiServer, store: InMemoryPersistenceAdapter, clock: Clock
) -> AlexaDevice:
    skill = build_skill(store, api_client=TimeoutApiClient(), rng=random.Random(5), clock=clock)
    return AlexaDevice(skill, api_endpoint=server.url, clock=clock)


def test_the_skill_of_the_day_changes_at_the_persons_midnight(
    los_angeles: AlexaApiServer, store: InMemoryPersistenceAdapter, content: Content
) -> None:
    clock = Clock(zone="America/Los_Angeles")
    device = _device_in(los_angeles, store, clock)
    clock.at_local(9)
    morning = device.one_shot("SkillOfTheDayIntent").text
    clock.at_local(16, 30)  # already tomorrow in UTC
    afternoon = device.one_shot("SkillOfTheDayIntent").text
    clock.at_local(0, 30, days=1)
    tomorrow = device.one_shot("SkillOfTheDayIntent").text
    title = next(s.title for s in content.skills if s.title in morning)
    assert title in afternoon and title not in tomorrow


def test_a_reflection_begun_on_sunday_evening_is_finished_on_monday(
    los_angeles: AlexaApiServer, store: InMemoryPersistenceAdapter, resolver: ModelResolver
) -> None:
    clock = Clock(zone="America/Los_Angeles")
    days_to_sunday = (6 - clock.today.weekday()) % 7
    clock.at_local(20, days=days_to_sunday)
    sunday_week = clock.week
    person = Person(_device_in(los_angeles, store, clock), resolver)
    person.says("open secure differentiation")
    person.says("start my weekly reflection")
    person.says("listening")
    person.says("stop")
    clock.at_local(8, days=1)  # Monday morning: a new ISO week
    assert clock.week != sunday_week
    resumed = person.says("ask secure differentiation to continue my reflection")
    assert "last week" in resumed.text and "this week" not in resumed.text
    person.says("none")
    person.says("none")
    person.says("three")
    done = person.says("none")
    assert "self-empathy" in done.text  # finished: the week's practice is offered
    kept = record(store)["reflections"]
    assert list(kept) == [sunday_week] and kept[sunday_week]["practised"] == [5]


def test_a_request_is_dated_by_its_own_timestamp() -> None:
    """A recorded request replays the same way, whatever the server's clock says."""
    event = load_event("intent")
    event["request"]["intent"] = {"name": "HowAmIDoingIntent", "confirmationStatus": "NONE"}
    stored = {"reflections": {"2027-W06": {"presence": 3, "done_on": "2027-02-10"}}}
    answers = []
    for years_later in (0, 5):
        store = InMemoryPersistenceAdapter()
        store.records[USER] = (1, dict(stored))
        server_clock = Clock()
        server_clock.now = server_clock.now.replace(year=2027 + years_later, month=2, day=10)
        event["request"]["timestamp"] = "2027-02-11T12:00:00Z"
        skill = build_skill(store, rng=random.Random(1), clock=server_clock)
        answers.append(invoke(skill, event)["response"]["outputSpeech"]["ssml"])
    assert answers[0] == answers[1] and "this week" in answers[0]  # the reflection of W06


# --- 5. offers say the same thing as what follows them -----------------------------------


def test_the_first_reflection_offered_by_progress_begins_as_a_first_one(
    person: Person, content: Content
) -> None:
    person.says("open secure differentiation")
    offer = person.says("how am I doing")
    assert offer.text.endswith("?") and "first" in offer.text
    begun = person.says("yes")
    assert not any(v in begun.text for v in variants(content, Prompt.REFLECT_RESUMING))
    assert "four" in begun.text


def test_a_half_done_reflection_is_offered_as_one_to_finish(person: Person) -> None:
    person.says("ask secure differentiation to start my weekly reflection")
    person.says("listening")
    person.says("stop")
    person.says("open secure differentiation")
    offer = person.says("how am I doing")
    assert "finish" in offer.text and offer.text.endswith("?")


# --- 6. signs noticed during the week are kept -------------------------------------------


def test_none_to_the_signs_question_keeps_the_signs_noticed_that_week(
    person: Person, store: InMemoryPersistenceAdapter, clock: Clock
) -> None:
    person.says("tell secure differentiation I'm getting defensive")
    person.says("ask secure differentiation to start my weekly reflection")
    person.says("none")
    signs = person.says("none")
    assert "one to five" in signs.text
    person.says("three")
    person.says("none")
    assert record(store)["reflections"][clock.week]["signs"] == ["defending"]


# --- 7. "another one" -----------------------------------------------------------------------


@pytest.mark.parametrize("said", ["another", "a different one", "one more", "next", "yeah"])
def test_another_mantra_however_it_is_asked(person: Person, content: Content, said: str) -> None:
    person.says("open secure differentiation")
    first = person.says("give me a mantra")
    again = person.says(said)
    assert mantra_in(again, content).text != mantra_in(first, content).text
    assert not again.ends_session and again.text.endswith("?")


# --- 8. the focus question lets people out, understands them, helps them choose --------


def _at_the_focus_question(person: Person) -> None:
    person.says("open secure differentiation")
    person.says("walk me through the skills")
    for answer in ("yes", "no", "yes", "no", "no", "yes", "yes", "no", "yes", "yes", "yes"):
        person.says(answer)
    asked = person.says("yes")
    assert asked.session_attributes["pending"]["kind"] == "choose_focus"


@pytest.mark.parametrize("said", ["no", "none", "not now", "skip", "next", "main menu"])
def test_the_focus_question_can_be_left(
    person: Person, store: InMemoryPersistenceAdapter, content: Content, said: str
) -> None:
    _at_the_focus_question(person)
    reply = person.says(said)
    assert reply.session_attributes.get("pending", {}).get("kind") != "choose_focus"
    assert "1 of 12" not in reply.text and reply.text.endswith("?")
    assert record(store)["focus_skill"] is None


@pytest.mark.parametrize(("said", "number"), [("the second one", 2), ("the last one", 12)])
def test_the_focus_is_chosen_by_ordinal(
    person: Person, store: InMemoryPersistenceAdapter, said: str, number: int
) -> None:
    _at_the_focus_question(person)
    person.says(said)
    assert record(store)["focus_skill"] == number


def test_not_knowing_gets_a_suggestion_from_ones_own_answers(
    person: Person, store: InMemoryPersistenceAdapter, content: Content
) -> None:
    _at_the_focus_question(person)
    suggestion = person.says("I don't know")
    not_yet = [n for n, done in record(store)["walkthrough"]["answers"].items() if not done]
    suggested = next(int(n) for n in not_yet if content.skill(int(n)).title in suggestion.text)
    assert suggestion.text.endswith("?")
    person.says("yes")
    assert record(store)["focus_skill"] == suggested


def test_no_focus_after_the_reflection_is_said_as_no_focus(
    person: Person, content: Content
) -> None:
    person.says("ask secure differentiation to start my weekly reflection")
    person.says("none")
    person.says("none")
    person.says("three")
    done = person.says("no")
    assert not any(v in done.text for v in variants(content, Prompt.REFLECT_FOCUS_KEPT))
    assert any(v in done.text for v in variants(content, Prompt.REFLECT_NO_FOCUS))


# --- 9. trends compare like with like -----------------------------------------------------


def test_progress_speaks_only_of_ratings_for_the_present_focus(
    person: Person, clock: Clock, content: Content
) -> None:
    person.says("ask secure differentiation to make listening my focus")
    reflect(person, "four")
    clock.advance(days=7)
    person.says("ask secure differentiation to make boundaries my focus")
    reflect(person, "two")
    progress = person.says("ask secure differentiation how am I doing")
    assert content.skill(6).title in progress.text and "two out of five" in progress.text
    assert "four out of five" not in progress.text and "steady" not in progress.text


# --- 10. wording as it is heard -------------------------------------------------------------


def test_resuming_the_walk_does_not_introduce_it_again(person: Person, content: Content) -> None:
    person.says("open secure differentiation")
    person.says("walk me through the skills")
    person.says("yes")
    person.says("stop")
    person.says("open secure differentiation")
    resumed = person.says("walk me through the skills")
    assert "2 of 12" in resumed.text
    assert not any(v in resumed.text for v in variants(content, Prompt.WALK_INTRO))


def test_no_reprompt_says_next_skips(content: Content) -> None:
    assert not any("next to skip" in v for v in content.variants(Prompt.WALK_ASK_REPROMPT))


def test_the_first_mantra_for_a_new_focus_is_introduced_as_for_it(
    person: Person, content: Content
) -> None:
    person.says("open secure differentiation")
    person.says("make listening my focus")
    mantra = person.says("yes")
    assert content.skill(5).title in mantra.text
    assert not any(mantra.text.startswith(v) for v in content.variants(Prompt.MANTRA_INTRO_ANOTHER))
    assert 5 in mantra_in(mantra, content).skills


def test_the_reflection_asks_as_many_questions_as_it_says(person: Person) -> None:
    person.says("ask secure differentiation to make listening my focus")
    intro = person.says("ask secure differentiation to start my weekly reflection")
    assert "four" in intro.text
    asked = 1
    for answer in ("none", "none", "three"):
        reply = person.says(answer)
        asked += reply.text.endswith("?")
    done = person.says("yes")
    assert asked == 4 and "self-empathy" in done.text  # then the practice, offered apart


def test_the_second_way_to_practise_is_introduced_as_the_other(
    person: Person, content: Content
) -> None:
    person.says("open secure differentiation")
    person.says("how do I practise")
    second = person.says("yes")
    assert any(v.split("{")[0] in second.text for v in content.variants(Prompt.PRACTICE_MODE_OTHER))


@pytest.mark.parametrize(("locale", "spelled"), [("en-US", "practice"), ("en-GB", "practise")])
def test_each_locale_spells_the_verb_its_own_way(locale: str, spelled: str) -> None:
    content = content_for(locale)
    asked = content.variants(Prompt.REFLECT_ASK_PRACTISED)
    assert all(spelled in v for v in asked)


# --- 11. a returning person is welcomed, not nagged ---------------------------------------


def test_a_fortnight_of_launches_varies_and_respects_not_now(
    person: Person, clock: Clock, content: Content
) -> None:
    person.says("ask secure differentiation to make listening my focus")
    clock.at_local(8)
    welcomes, focus_named, offers = [], 0, []
    for _ in range(14):
        reply = person.says("open secure differentiation")
        welcomes.append(reply.text)
        focus_named += content.skill(5).title in reply.text
        pending = reply.session_attributes.get("pending", {}).get("kind")
        offers.append(pending)
        if pending == "reflection_offer":
            person.says("not now")
        else:
            person.says("stop")
        clock.advance(days=1)
    assert len(set(welcomes)) >= 5
    assert focus_named <= 2  # about once a week, not every morning
    declined_on = [day for day, offer in enumerate(offers) if offer == "reflection_offer"]
    assert declined_on and all(b - a >= 3 for a, b in itertools.pairwise(declined_on))


def test_tips_mention_what_has_not_been_tried_and_stop_once_it_is(
    person: Person, clock: Clock, content: Content
) -> None:
    tips = {key: variants(content, key) for key in (Prompt.TIP_SIGN, Prompt.TIP_DAILY)}
    heard: list[Prompt] = []
    for _ in range(9):
        reply = person.says("open secure differentiation")
        heard += [key for key, said in tips.items() if any(v in reply.text for v in said)]
        person.says("stop")
        clock.advance(days=1)
    assert Prompt.TIP_SIGN in heard or Prompt.TIP_DAILY in heard
    person.says("tell secure differentiation I'm being judgmental")
    person.says("ask secure differentiation for today's skill")
    for _ in range(9):
        reply = person.says("open secure differentiation")
        assert not any(v in reply.text for said in tips.values() for v in said)
        person.says("stop")
        clock.advance(days=1)


def test_a_declined_walk_through_is_not_offered_again_the_next_day(
    person: Person, clock: Clock
) -> None:
    person.says("open secure differentiation")
    person.says("go to skill 4")
    person.says("stop")
    clock.advance(days=1)
    offered = person.says("open secure differentiation")
    assert offered.session_attributes["pending"]["kind"] == "resume"
    person.says("no")
    clock.advance(days=1)
    again = person.says("open secure differentiation")
    assert again.session_attributes.get("pending", {}).get("kind") != "resume"


# --- 12. help says what there is ---------------------------------------------------------


def test_general_help_names_everything_one_can_do(person: Person) -> None:
    person.says("open secure differentiation")
    helped = person.says("help")
    for thing in ("reflection", "check-in", "how am I doing", "forget me", "mantra"):
        assert thing in helped.text, thing
    assert helped.text.endswith("?")


def test_help_in_the_walk_through_names_making_it_the_focus(person: Person) -> None:
    person.says("open secure differentiation")
    person.says("walk me through the skills")
    helped = person.says("help")
    assert "make this my focus" in helped.text and helped.text.endswith("?")


def test_help_to_a_yes_or_no_question_says_more_than_yes_or_no(person: Person) -> None:
    person.says("open secure differentiation")
    person.says("give me a mantra")
    helped = person.says("what can I say")
    assert "another one" in helped.text and helped.text.endswith("?")
    assert "A yes or no is all I need" not in helped.text


def test_a_tired_person_at_eleven_pm(person: Person, clock: Clock) -> None:
    """Short answers, changing their mind halfway: every reply leads somewhere."""
    clock.at_local(23)
    for said in (
        "open secure differentiation",
        "yeah",
        "walk me through the skills",
        "yeah",
        "not now",
        "give me a mantra",
        "the second one",
        "never mind",
    ):
        reply = person.says(said)
        assert reply.text, said
        if not reply.ends_session:
            assert reply.text.endswith("?") and reply.reprompt, (said, reply.text)
    assert reply.ends_session
