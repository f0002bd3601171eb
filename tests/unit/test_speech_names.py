"""Alexa's name tag: the personId escaped into it, the words around it escaped as text."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from secure_differentiation.skill.content import Prompt, content_for
from secure_differentiation.skill.speech import NAME, NAME_SHOWN, Ssml, to_plain_text, word_count

ALEXA = "urn:alexa"


def parse(fragment: Ssml) -> ET.Element:
    return ET.fromstring(f'<speak xmlns:alexa="{ALEXA}">{fragment.inner}</speak>')


def test_the_tag_names_the_person_where_the_prompt_says() -> None:
    fragment = Ssml().named(f"Good morning, {NAME}. Welcome back.", "amzn1.ask.person.ANNA")
    assert fragment.inner == (
        'Good morning, <alexa:name type="first" personId="amzn1.ask.person.ANNA"/>. Welcome back.'
    )
    (tag,) = parse(fragment).iter(f"{{{ALEXA}}}name")
    assert tag.attrib == {"type": "first", "personId": "amzn1.ask.person.ANNA"}
    assert to_plain_text(f"<speak>{fragment.inner}</speak>") == (
        f"Good morning, {NAME_SHOWN}. Welcome back."
    )


@pytest.mark.parametrize(
    "person_id", ['a"b', "a'b", "a<b>c", "a&b", '"/><audio src="x.mp3"/><x y="']
)
def test_nothing_in_a_person_id_can_break_out_of_the_tag(person_id: str) -> None:
    root = parse(Ssml().named(f"Hi {NAME} & welcome <back>", person_id))
    tags = [element.tag for element in root.iter()]
    assert tags == ["speak", f"{{{ALEXA}}}name"]
    assert root[0].attrib["personId"] == person_id
    assert "".join(root.itertext()) == "Hi  & welcome <back>"


def test_a_sentence_without_the_name_is_plain_text() -> None:
    assert Ssml().named("Hello & welcome.", "amzn1.ask.person.ANNA").inner == "Hello &amp; welcome."


def test_every_named_greeting_puts_the_name_somewhere() -> None:
    content = content_for("en-US")
    for prompt in (
        Prompt.WELCOME_FIRST_NAMED,
        Prompt.WELCOME_BACK_NAMED,
        Prompt.WELCOME_BACK_MORNING_NAMED,
        Prompt.WELCOME_BACK_EVENING_NAMED,
    ):
        for variant in content.variants(prompt):
            spoken = Ssml().named(variant.format(name=NAME), "amzn1.ask.person.ANNA").inner
            assert spoken.count("<alexa:name ") == 1, variant
            assert word_count(spoken) >= 1
