"""What people ask, in their own words: what this is, the signs, the skills, an example."""

from __future__ import annotations

from secure_differentiation.skill.content import Content
from support.person import Person


def test_what_can_you_do_names_things_to_say_and_asks(person: Person) -> None:
    person.says("open secure differentiation")
    reply = person.says("what can you do")
    assert "mantra" in reply.text and reply.text.endswith("?") and reply.reprompt


def test_what_is_secure_differentiation_is_answered_then_offers_more(person: Person) -> None:
    reply = person.says("ask secure differentiation what is secure differentiation")
    assert "close" in reply.text.lower() and reply.ends_session  # a one-shot: answer and go
    person.says("open secure differentiation")
    in_session = person.says("what is secure differentiation")
    assert in_session.text.endswith("?") and not in_session.ends_session


def test_the_signs_of_threat_are_named_by_their_one_name(person: Person, content: Content) -> None:
    person.says("open secure differentiation")
    reply = person.says("what are the signs of threat")
    assert all(sign.name in reply.text for sign in content.threat_signs)


def test_the_twelve_skills_come_a_few_at_a_time(person: Person, content: Content) -> None:
    person.says("open secure differentiation")
    first = person.says("what are the twelve skills")
    assert content.skill(4).title in first.text and content.skill(5).title not in first.text
    second = person.says("yeah")
    assert content.skill(5).title in second.text and content.skill(8).title in second.text
    last = person.says("more")
    assert content.skill(12).title in last.text and last.text.endswith("?")


def test_the_second_one_is_the_second_skill_just_read(person: Person, content: Content) -> None:
    person.says("open secure differentiation")
    person.says("what are the twelve skills")
    person.says("more")  # skills five to eight
    offered = person.says("the second one")
    assert content.skill(6).title in offered.text and offered.text.endswith("?")
    assert content.skill(2).title not in offered.text
    person.says("no")
    person.says("what are the twelve skills")
    by_number = person.says("skill seven")  # a number is that skill, whichever part was read
    assert content.skill(7).title in by_number.text and by_number.text.endswith("?")


def test_an_example_of_the_skill_on_offer_keeps_the_question(
    person: Person, content: Content
) -> None:
    person.says("open secure differentiation")
    person.says("what are the twelve skills")
    offered = person.says("the third one")
    title = content.skill(3).title
    assert title in offered.text and offered.text.endswith("?")
    example = person.says("give me an example")
    practices = [p.text for p in content.skill(3).practices]
    assert any(p in example.text for p in practices)  # said aloud, for the skill on offer
    assert title in example.text and example.text.endswith("?")  # and asked again
    more = person.says("tell me more")
    assert content.skill(3).more in more.text and more.text.endswith("?")
    chosen = person.says("yes")
    assert title in chosen.text


def test_a_sign_explained_on_request(person: Person, content: Content) -> None:
    person.says("open secure differentiation")
    reply = person.says("tell me more about judging")
    judging = content.sign("judging")
    assert judging is not None and judging.more in reply.text


def test_thank_you_is_met_warmly(person: Person) -> None:
    person.says("open secure differentiation")
    reply = person.says("thank you")
    assert reply.text and "sorry" not in reply.text.lower()
