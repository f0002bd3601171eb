"""The guided self-empathy practice: the seed's weekly practice, offered by voice, not described.

The seed asks for time set aside each week for self-empathy, and names what to notice:
intention, feelings, needs and requests. These tests hold the script to that, to a length a
person can give it (three to eight minutes), and to silences Alexa can actually keep.
"""

from __future__ import annotations

import itertools
import json
import re
from importlib import resources
from typing import Any

import pytest

from secure_differentiation.skill.content import (
    MAX_BREAK_SECONDS,
    SELF_EMPATHY_PARTS,
    SPOKEN_WORDS_PER_MINUTE,
    content_for,
    silence_breaks,
)

PACKAGE = "secure_differentiation.skill.content"
PRACTICE: dict[str, Any] = json.loads(
    resources.files(PACKAGE).joinpath("library.en.json").read_text(encoding="utf-8")
)["self_empathy"]
STEPS: list[dict[str, Any]] = PRACTICE["steps"]
STEP_IDS = [str(step.get("id")) for step in STEPS]

# The seed's four things to notice, and a word each step of that part must use.
SEED_PARTS = {
    "intention": r"\bintention|\bintend|\bwant",
    "feelings": r"\bfeel",
    "needs": r"\bneed",
    "requests": r"\brequest|\bask",
}
MIN_SECONDS, MAX_SECONDS = 3 * 60, 8 * 60
STEP_WORDS = 25
# Noticing takes a moment: after each step that asks the person to notice, at least this long.
MIN_NOTICING_SILENCE = 10
MAX_STEP_SILENCE = 60
# Alexa speaks at most 8000 characters of SSML in one reply.
SSML_LIMIT = 8000
FIRST_PERSON = re.compile(r"\b(?:i|me|my|mine|myself)\b", re.IGNORECASE)
NUMBER_WORDS = {"three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}


def words(text: str) -> int:
    return len(text.split())


def seconds_spoken(text: str) -> float:
    return words(text) * 60 / SPOKEN_WORDS_PER_MINUTE


def total_seconds() -> float:
    """Worked out from the file alone, so the loader's own sum is checked, not trusted."""
    spoken = seconds_spoken(PRACTICE["intro"]) + sum(seconds_spoken(s["text"]) for s in STEPS)
    return spoken + sum(s["silence_seconds"] for s in STEPS)


def test_practice_has_exactly_the_schema_fields() -> None:
    assert set(PRACTICE) == {"title", "intro", "card", "steps"}
    for step in STEPS:
        assert set(step) == {"id", "part", "text", "silence_seconds"}, step


def test_step_ids_are_unique_and_name_their_part() -> None:
    assert len(set(STEP_IDS)) == len(STEP_IDS), f"duplicate step ids: {STEP_IDS}"
    for step in STEPS:
        assert re.fullmatch(rf"{step['part']}-\d+", step["id"]), step["id"]


def test_parts_are_known_and_come_in_order() -> None:
    """Arrive, then intention, feelings, needs, requests, then close: never back and forth."""
    parts = [step["part"] for step in STEPS]
    assert set(parts) <= set(SELF_EMPATHY_PARTS), f"unknown parts: {set(parts)}"
    order = [SELF_EMPATHY_PARTS.index(part) for part in parts]
    assert order == sorted(order), f"parts out of order: {parts}"
    assert list(dict.fromkeys(parts)) == list(SELF_EMPATHY_PARTS), f"a part is missing: {parts}"


@pytest.mark.parametrize("part", SEED_PARTS)
def test_each_of_the_seeds_four_parts_asks_for_what_it_names(part: str) -> None:
    texts = [step["text"] for step in STEPS if step["part"] == part]
    assert texts, f"no {part} step"
    assert re.search(SEED_PARTS[part], texts[0], re.IGNORECASE), (
        f"the first {part} step does not ask about {part}: {texts[0]!r}"
    )


@pytest.mark.parametrize("step", STEPS, ids=STEP_IDS)
def test_each_step_is_one_breath_with_no_quoted_words(step: dict[str, Any]) -> None:
    text = step["text"]
    label = f"step {step['id']} {text!r}"
    assert words(text) <= STEP_WORDS, f"{label} is longer than {STEP_WORDS} words"
    assert 1 <= len(re.findall(r"[.!?](?=\s|$)", text)) <= 2, f"{label} is not one breath"
    assert text.endswith((".", "?")), f"{label} does not end a sentence"
    assert not FIRST_PERSON.search(text), f"{label} quotes first-person words"


@pytest.mark.parametrize("step", STEPS, ids=STEP_IDS)
def test_each_step_leaves_real_silence(step: dict[str, Any]) -> None:
    silence = step["silence_seconds"]
    assert isinstance(silence, int) and 0 <= silence <= MAX_STEP_SILENCE, step
    if step is STEPS[-1]:
        return
    floor = MIN_NOTICING_SILENCE if step["part"] in SEED_PARTS else 5
    assert silence >= floor, f"step {step['id']} leaves {silence} s, less than {floor} s"


def test_total_length_is_three_to_eight_minutes() -> None:
    seconds = total_seconds()
    assert MIN_SECONDS <= seconds <= MAX_SECONDS, f"the practice lasts {seconds / 60:.1f} minutes"
    assert content_for("en-US").self_empathy.seconds == pytest.approx(seconds)


def test_the_intro_says_how_long_it_takes_truthfully() -> None:
    said = re.search(r"\babout (\w+) minutes\b", PRACTICE["intro"])
    assert said and said.group(1) in NUMBER_WORDS, f"intro gives no length: {PRACTICE['intro']!r}"
    assert abs(total_seconds() / 60 - NUMBER_WORDS[said.group(1)]) <= 1, (
        f"intro says {said.group(1)} minutes, the practice lasts {total_seconds() / 60:.1f}"
    )


def test_intro_and_card_name_the_parts_a_person_will_hear() -> None:
    card = PRACTICE["card"].lower()
    for part in SEED_PARTS:
        assert part.rstrip("s") in card, f"card {PRACTICE['card']!r} leaves out {part}"
    assert "self-empathy" in PRACTICE["intro"].lower()
    assert "self-empathy" in PRACTICE["title"].lower()


@pytest.mark.parametrize(
    ("seconds", "breaks"),
    [(0, ()), (-3, ()), (7, (7,)), (10, (10,)), (11, (10, 1)), (25, (10, 10, 5)), (30, (10,) * 3)],
)
def test_silence_is_chained_breaks_alexa_accepts(seconds: int, breaks: tuple[int, ...]) -> None:
    assert silence_breaks(seconds) == breaks


@pytest.mark.parametrize("step", content_for("en-US").self_empathy.steps, ids=STEP_IDS)
def test_each_steps_silence_is_kept_in_full_in_allowed_breaks(step: Any) -> None:
    breaks = step.silence_breaks()
    assert sum(breaks) == step.silence_seconds, f"step {step.id} loses silence: {breaks}"
    assert all(0 < b <= MAX_BREAK_SECONDS for b in breaks), f"step {step.id} breaks {breaks}"


def test_whole_practice_fits_in_one_alexa_reply() -> None:
    """Written out as SSML with every break, it stays under Alexa's 8000 characters."""
    practice = content_for("en-US").self_empathy
    ssml = " ".join(
        [
            practice.intro,
            *(
                step.text + "".join(f'<break time="{b}s"/>' for b in step.silence_breaks())
                for step in practice.steps
            ),
        ]
    )
    assert len(f"<speak>{ssml}</speak>") < SSML_LIMIT


@pytest.mark.parametrize("limit", [60, 90, 120])
def test_segments_keep_order_and_stay_within_a_bound(limit: int) -> None:
    """For replies that must be shorter than the whole: nothing lost, nothing reordered."""
    practice = content_for("en-US").self_empathy
    segments = practice.segments(limit)
    assert [s for segment in segments for s in segment] == list(practice.steps)
    for segment in segments:
        assert len(segment) == 1 or sum(s.seconds for s in segment) <= limit, segment
    # Greedy: two neighbours that would fit together are never left apart.
    for first, second in itertools.pairwise(segments):
        assert sum(s.seconds for s in first) + second[0].seconds > limit
