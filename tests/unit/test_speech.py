"""SSML is built safely: any text can be spoken, and mantras are spoken slowly with pauses.

An unescaped "&" or "<" makes Alexa reject the whole response and say nothing, so every
fragment here is checked by parsing it as XML inside <speak>, the way Alexa reads it.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from secure_differentiation.skill.speech import Ssml, to_plain_text, word_count

AWKWARD_TEXT = (
    "Tom & Jerry",
    "1 < 2 and 3 > 2",
    "<speak>not a tag</speak>",
    "fish &amp; chips",
    'She said "stay" & left',
    "</prosody><break time='9s'/>",
)


def _parse(fragment: Ssml) -> ET.Element:
    return ET.fromstring(f"<speak>{fragment.inner}</speak>")


def _spoken_text(root: ET.Element) -> str:
    return re.sub(r"\s+", " ", "".join(root.itertext())).strip()


@pytest.mark.parametrize("sentence", AWKWARD_TEXT)
def test_text_is_escaped_so_the_response_stays_valid_ssml(sentence: str) -> None:
    root = _parse(Ssml().text(sentence))
    assert list(root) == [], "text must never become a tag"
    assert _spoken_text(root) == sentence


@pytest.mark.parametrize("sentence", AWKWARD_TEXT)
def test_mantra_text_is_escaped_so_the_response_stays_valid_ssml(sentence: str) -> None:
    root = _parse(Ssml().mantra(sentence))
    prosody = root.findall("prosody")
    assert len(prosody) == 1
    # Only the mantra's own tags: prosody, and breaks inside it.
    assert {element.tag for element in root.iter()} <= {"speak", "prosody", "break"}
    spoken = _spoken_text(root)
    position = 0
    for phrase in (p.strip() for p in sentence.split(",")):
        found = spoken.find(phrase, position)
        assert found >= 0, f"{phrase!r} missing or out of order in {spoken!r}"
        position = found + len(phrase)


def test_several_pieces_together_parse_and_read_in_order() -> None:
    fragment = (
        Ssml().text("Here & now.", "Breathe <slowly>.").pause().mantra("I stay, I return & rest")
    )
    root = _parse(fragment)
    spoken = _spoken_text(root)
    assert spoken.index("Here & now.") < spoken.index("Breathe <slowly>.") < spoken.index("I stay")
    assert "I return & rest" in spoken


def test_mantra_is_spoken_slower_than_normal() -> None:
    prosody = _parse(Ssml().mantra("I choose to stay close")).find("prosody")
    assert prosody is not None
    rate = prosody.get("rate", "")
    match = re.fullmatch(r"(\d+)%", rate)
    assert match, f"rate {rate!r} is not a percentage"
    assert int(match.group(1)) < 100


@pytest.mark.parametrize(
    ("mantra", "pauses"),
    [
        ("I trust my worth", 0),
        ("I stay, and I listen", 1),
        ("I breathe, I soften, I return", 2),
        ("I rest,   I wait , I move", 2),
    ],
)
def test_mantra_pauses_at_each_comma(mantra: str, pauses: int) -> None:
    prosody = _parse(Ssml().mantra(mantra)).find("prosody")
    assert prosody is not None
    breaks = prosody.findall("break")
    assert len(breaks) == pauses
    for pause in breaks:
        assert re.fullmatch(r"\d+ms", pause.get("time", ""))
    # Each pause sits right after the comma it stands for, inside the slow speech.
    phrases = [p.strip() for p in mantra.split(",")]
    first = (prosody.text or "").strip()
    assert first == (f"{phrases[0]}," if pauses else phrases[0])
    for pause, phrase in zip(breaks, phrases[1:], strict=True):
        assert phrase in (pause.tail or "")


def test_mantra_with_stray_commas_has_no_empty_pauses() -> None:
    prosody = _parse(Ssml().mantra(", I stay,, I breathe,")).find("prosody")
    assert prosody is not None
    assert len(prosody.findall("break")) == 1
    assert _spoken_text(prosody).replace(",", "").split() == ["I", "stay", "I", "breathe"]


def test_pause_is_a_break_of_the_requested_length() -> None:
    root = _parse(Ssml().text("One.").pause(1234).text("Two."))
    (pause,) = root.findall("break")
    assert pause.get("time") == "1234ms"


def test_empty_text_adds_nothing() -> None:
    assert not Ssml().text("", "")
    assert Ssml().text("", "Hello").inner == "Hello"


def test_plain_text_shows_pauses_as_ellipses() -> None:
    fragment = Ssml().text("Here it is.").pause().text("Take your time.")
    assert to_plain_text(fragment.inner) == "Here it is. ... Take your time."


def test_plain_text_of_a_mantra_keeps_its_words_and_marks_its_pauses() -> None:
    plain = to_plain_text(Ssml().mantra("I stay, I breathe").inner)
    assert plain == "I stay, ... I breathe"
    assert "<" not in plain


def test_plain_text_unescapes_what_ssml_escaped() -> None:
    fragment = Ssml().text("Tom & Jerry, 1 < 2 > 0.")
    assert to_plain_text(fragment.inner) == "Tom & Jerry, 1 < 2 > 0."


@pytest.mark.parametrize("pauses", [2, 3, 5])
def test_pauses_in_a_row_read_as_one_ellipsis(pauses: int) -> None:
    fragment = Ssml().text("Breathe.")
    for _ in range(pauses):
        fragment.pause()
    fragment.text("Again.")
    assert to_plain_text(fragment.inner) == "Breathe. ... Again."


def test_word_count_counts_spoken_words_not_tags() -> None:
    fragment = Ssml().text("Here is one.").pause().mantra("I stay, I breathe & rest")
    assert word_count(fragment.inner) == 8
    assert word_count(fragment.inner) == len(
        [w for w in to_plain_text(fragment.inner).split() if any(c.isalnum() for c in w)]
    )


def test_word_count_ignores_markup_and_lone_symbols() -> None:
    assert word_count('<prosody rate="50%"><break time="3000ms"/></prosody>') == 0
    assert word_count("Tom &amp; Jerry") == 2
    assert word_count("") == 0
