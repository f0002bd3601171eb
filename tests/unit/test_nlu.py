"""The console's resolver understands what the interaction model says, and only that.

If a sample in the model did not resolve back to its own intent, the console
(and every test driven through it) would route that phrase somewhere Alexa
would not; the round-trip test below keeps the two in step.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from secure_differentiation.tools.nlu import (
    BUILT_IN_PHRASES,
    ModelResolver,
    ResolvedSlot,
    normalize,
    parse_day,
    parse_number,
    parse_time,
)

ROOT = Path(__file__).resolve().parents[2]
MODEL_PATH = ROOT / "interaction_models" / "en-US.json"
LIBRARY_PATH = ROOT / "lambda" / "secure_differentiation" / "skill" / "content" / "library.en.json"
SKILL_ID = "amzn1.ask.skill.test"
CUSTOM_INTENTS = (
    "GetMantraIntent",
    "NoticeThreatIntent",
    "StartWalkthroughIntent",
    "GoToSkillIntent",
    "SkipSkillIntent",
    "ChooseSkillIntent",
    "SetFocusIntent",
    "GetFocusIntent",
    "SkillOfTheDayIntent",
    "SetCheckInIntent",
    "ListCheckInsIntent",
    "CancelCheckInIntent",
    "CheckInAnswerIntent",
)


def _language_model() -> dict[str, Any]:
    return json.loads(MODEL_PATH.read_text(encoding="utf-8"))["interactionModel"]["languageModel"]


@pytest.fixture(scope="module")
def resolver() -> ModelResolver:
    return ModelResolver(MODEL_PATH, skill_id=SKILL_ID)


def _skill_id_for(phrase: str) -> str:
    library = json.loads(LIBRARY_PATH.read_text(encoding="utf-8"))
    for skill in library["skills"]:
        if normalize(phrase) in {normalize(p) for p in (skill["title"], *skill["synonyms"])}:
            return str(skill["number"])
    raise AssertionError(f"no skill in library.en.json is called {phrase!r}")


def _only_slot(resolution_slots: dict[str, ResolvedSlot], name: str) -> ResolvedSlot:
    assert set(resolution_slots) == {name}
    return resolution_slots[name]


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("give me a mantra", "GetMantraIntent"),
        ("Give me something to ground me.", "GetMantraIntent"),
        ("another one", "GetMantraIntent"),
        ("walk me through the skills", "StartWalkthroughIntent"),
        ("resume the walk through", "StartWalkthroughIntent"),
        ("skip this one", "SkipSkillIntent"),
        ("skip", "SkipSkillIntent"),
        ("what is my focus", "GetFocusIntent"),
        ("What's my focus skill?", "GetFocusIntent"),
        ("what's my skill for today", "SkillOfTheDayIntent"),
        ("what should I practice today", "SkillOfTheDayIntent"),
        ("make this my focus", "SetFocusIntent"),
        ("change my focus", "SetFocusIntent"),
        ("I feel threatened", "FeelingThreatenedIntent"),  # a sense of threat, or danger? asked
        ("yes", "AMAZON.YesIntent"),
        ("yeah", "AMAZON.YesIntent"),
        ("no thanks", "AMAZON.NoIntent"),
        ("what can i say", "AMAZON.HelpIntent"),
        ("goodbye", "AMAZON.StopIntent"),
        ("never mind", "AMAZON.CancelIntent"),
        ("next", "AMAZON.NextIntent"),
        ("go back", "AMAZON.PreviousIntent"),
        ("say that again", "AMAZON.RepeatIntent"),
        ("start over", "AMAZON.StartOverIntent"),
        ("pause", "AMAZON.PauseIntent"),
        ("resume", "AMAZON.ResumeIntent"),
        ("go home", "AMAZON.NavigateHomeIntent"),
        ("purple monkey dishwasher", "AMAZON.FallbackIntent"),
        ("the weather in paris", "AMAZON.FallbackIntent"),
    ],
)
def test_representative_utterances(resolver: ModelResolver, text: str, intent: str) -> None:
    resolution = resolver.resolve(text)
    assert resolution.kind == "intent"
    assert resolution.intent == intent
    assert resolution.one_shot is False


def test_one_shot_with_connecting_word(resolver: ModelResolver) -> None:
    resolution = resolver.resolve("ask secure differentiation for a grounding mantra")
    assert (resolution.kind, resolution.intent, resolution.one_shot) == (
        "intent",
        "GetMantraIntent",
        True,
    )


def test_one_shot_tell_strips_that(resolver: ModelResolver) -> None:
    resolution = resolver.resolve("Alexa, tell Secure Differentiation that I'm feeling defensive")
    assert resolution.one_shot and resolution.intent == "NoticeThreatIntent"
    assert _only_slot(resolution.slots, "sign").resolved_id == "defending"


@pytest.mark.parametrize(
    "text",
    [
        "open secure differentiation",
        "launch secure differentiation",
        "start secure differentiation",
        "Alexa, open Secure Differentiation",
    ],
)
def test_launch_phrases(resolver: ModelResolver, text: str) -> None:
    resolution = resolver.resolve(text)
    assert resolution.kind == "launch" and resolution.intent is None


def test_exit_phrase_ends_the_session(resolver: ModelResolver) -> None:
    assert resolver.resolve("exit secure differentiation").kind == "end"


def test_threat_sign_resolves_to_its_id_in_alexa_shape(resolver: ModelResolver) -> None:
    resolution = resolver.resolve("i'm judging her")
    assert resolution.intent == "NoticeThreatIntent"
    slot = _only_slot(resolution.slots, "sign")
    assert slot.to_alexa("sign") == {
        "name": "sign",
        "value": slot.value,
        "confirmationStatus": "NONE",
        "source": "USER",
        "resolutions": {
            "resolutionsPerAuthority": [
                {
                    "authority": f"amzn1.er-authority.echo-sdk.{SKILL_ID}.THREAT_SIGN",
                    "status": {"code": "ER_SUCCESS_MATCH"},
                    "values": [{"value": {"name": "judging others", "id": "judging"}}],
                }
            ]
        },
    }


def test_long_synonym_for_a_sign(resolver: ModelResolver) -> None:
    resolution = resolver.resolve("I'm keeping the peace at my own cost")
    assert resolution.intent == "NoticeThreatIntent"
    assert _only_slot(resolution.slots, "sign").resolved_id == "harmonizing"


def test_spoken_number_becomes_digits_without_resolutions(resolver: ModelResolver) -> None:
    resolution = resolver.resolve("go to skill forty seven")
    assert resolution.intent == "GoToSkillIntent"
    slot = _only_slot(resolution.slots, "number")
    assert slot.value == "47"
    assert slot.to_alexa("number") == {
        "name": "number",
        "value": "47",
        "confirmationStatus": "NONE",
        "source": "USER",
    }


def test_set_focus_by_skill_name_uses_library_id(resolver: ModelResolver) -> None:
    resolution = resolver.resolve("make self empathy my focus")
    assert resolution.intent == "SetFocusIntent"
    slot = _only_slot(resolution.slots, "skill")
    assert slot.status == "ER_SUCCESS_MATCH"
    assert slot.resolved_id == _skill_id_for("self empathy")


def test_set_focus_with_unknown_skill_is_no_match(resolver: ModelResolver) -> None:
    resolution = resolver.resolve("make pineapples my focus")
    assert resolution.intent == "SetFocusIntent"
    slot = _only_slot(resolution.slots, "skill")
    assert slot.value == "pineapples"
    assert slot.status == "ER_SUCCESS_NO_MATCH"
    assert slot.resolved_id is None
    per_authority = slot.to_alexa("skill")["resolutions"]["resolutionsPerAuthority"][0]
    assert "values" not in per_authority
    assert per_authority["authority"].endswith(".SKILL_NAME")


def test_set_focus_by_number(resolver: ModelResolver) -> None:
    resolution = resolver.resolve("set my focus to skill 3")
    assert resolution.intent == "SetFocusIntent"
    assert _only_slot(resolution.slots, "number").value == "3"


def test_close_misspelling_still_matches(resolver: ModelResolver) -> None:
    resolution = resolver.resolve("make self empathie my focus")
    assert _only_slot(resolution.slots, "skill").resolved_id == _skill_id_for("self empathy")


def test_bare_answers_choose_a_skill_when_alexa_was_asked_to_elicit_one(
    resolver: ModelResolver,
) -> None:
    # The question's response carried Dialog.ElicitSlot, so Alexa hears a bare answer as
    # that slot's value; no bare-slot sample steals "autonomy" anywhere else.
    eliciting = ("ChooseSkillIntent", "skill")
    by_number = resolver.resolve("seven", eliciting=eliciting)
    assert by_number.intent == "ChooseSkillIntent"
    assert _only_slot(by_number.slots, "number").value == "7"
    by_name = resolver.resolve("autonomy", eliciting=eliciting)
    assert by_name.intent == "ChooseSkillIntent"
    assert _only_slot(by_name.slots, "skill").resolved_id == _skill_id_for("autonomy")
    assert resolver.resolve("autonomy").intent == "AMAZON.FallbackIntent"


@pytest.mark.parametrize(
    ("text", "cadence"),
    [("the daily one", "daily"), ("weekly", "weekly"), ("the reflection one", "weekly")],
)
def test_which_check_in_to_cancel_is_heard_from_a_bare_answer(
    resolver: ModelResolver, text: str, cadence: str
) -> None:
    resolution = resolver.resolve(text, eliciting=("CancelCheckInIntent", "cadence"))
    assert resolution.intent == "CancelCheckInIntent"
    assert _only_slot(resolution.slots, "cadence").resolved_id == cadence


def test_intent_json_lists_unfilled_slots(resolver: ModelResolver) -> None:
    intent = resolver.resolve("make self empathy my focus").intent_json()
    assert intent["name"] == "SetFocusIntent"
    assert intent["confirmationStatus"] == "NONE"
    assert intent["slots"]["number"] == {"name": "number", "confirmationStatus": "NONE"}
    assert intent["slots"]["skill"]["value"] == "self empathy"


@pytest.mark.parametrize(
    ("spoken", "digits"),
    [
        ("seven", "7"),
        ("twelve", "12"),
        ("forty seven", "47"),
        ("forty-seven", "47"),
        ("one hundred", "100"),
        ("a hundred and five", "105"),
        ("two thousand and twenty four", "2024"),
        ("12", "12"),
        ("zero", "0"),
        ("seven seven", None),
        ("hundred", None),
        ("pineapples", None),
        ("", None),
    ],
)
def test_parse_number(spoken: str, digits: str | None) -> None:
    assert parse_number(spoken) == digits


@pytest.mark.parametrize(
    ("spoken", "value"),
    [
        ("8 am", "08:00"),
        ("8am", "08:00"),
        ("8 a.m.", "08:00"),
        ("7 pm", "19:00"),
        ("7:30 pm", "19:30"),
        ("seven thirty pm", "19:30"),
        ("seven oh five", "07:05"),
        ("eight in the morning", "08:00"),
        ("seven in the evening", "19:00"),
        ("9", "09:00"),
        ("nine o'clock", "09:00"),
        ("19:45", "19:45"),
        ("12 am", "00:00"),
        ("12 pm", "12:00"),
        ("noon", "12:00"),
        ("midnight", "00:00"),
        ("morning", "MO"),
        ("in the afternoon", "AF"),
        ("the evening", "EV"),
        ("tonight", "NI"),
        ("13 pm", None),
        ("25", None),
        ("7:75", None),
        ("pineapples", None),
        ("", None),
    ],
)
def test_parse_time_gives_alexas_time_values(spoken: str, value: str | None) -> None:
    assert parse_time(spoken) == value


@pytest.mark.parametrize(
    ("spoken", "day"),
    [
        ("sunday", "sunday"),
        ("Sundays", "sunday"),
        ("on monday", "monday"),
        ("every friday", "friday"),
        ("someday", None),
        ("", None),
    ],
)
def test_parse_day_gives_a_lowercase_day_name(spoken: str, day: str | None) -> None:
    assert parse_day(spoken) == day


@pytest.mark.parametrize(
    ("text", "intent", "slots"),
    [
        (
            "remind me every day at 8 am to review my skill",
            "SetCheckInIntent",
            {"cadence": "daily", "time": "08:00"},
        ),
        (
            "set my weekly reflection for Sundays at 7 pm",
            "SetCheckInIntent",
            {"cadence": "weekly", "day": "sunday", "time": "19:00"},
        ),
        ("move my daily check-in to 9", "SetCheckInIntent", {"cadence": "daily", "time": "09:00"}),
        (
            "remind me every sunday at 7:30 pm",
            "SetCheckInIntent",
            {"day": "sunday", "time": "19:30"},
        ),
        # A time with minutes keeps them when a cadence follows (it was once 6:00 daily).
        (
            "remind me at 6:15 every day",
            "SetCheckInIntent",
            {"cadence": "daily", "time": "06:15"},
        ),
        (
            "remind me at six fifteen every day",
            "SetCheckInIntent",
            {"cadence": "daily", "time": "06:15"},
        ),
        ("what check-ins do I have", "ListCheckInsIntent", {}),
        ("cancel my weekly reflection", "CancelCheckInIntent", {"cadence": "weekly"}),
        ("cancel my check-in", "CancelCheckInIntent", {}),
        ("at 7 pm", "CheckInAnswerIntent", {"time": "19:00"}),
        ("in the morning", "CheckInAnswerIntent", {"time": "MO"}),
        ("sunday", "CheckInAnswerIntent", {"day": "sunday"}),
        ("on sundays at seven pm", "CheckInAnswerIntent", {"day": "sunday", "time": "19:00"}),
    ],
)
def test_check_in_phrases_fill_time_day_and_cadence(
    resolver: ModelResolver, text: str, intent: str, slots: dict[str, str]
) -> None:
    resolution = resolver.resolve(text)
    assert resolution.intent == intent
    heard = {name: slot.resolved_id or slot.value for name, slot in resolution.slots.items()}
    assert heard == slots


def test_time_and_day_slots_carry_no_entity_resolution(resolver: ModelResolver) -> None:
    resolution = resolver.resolve("set my weekly reflection for sundays at 7 pm")
    assert resolution.slots["time"].to_alexa("time") == {
        "name": "time",
        "value": "19:00",
        "confirmationStatus": "NONE",
        "source": "USER",
    }
    assert resolution.slots["day"].resolution is None


def test_an_unknown_phrase_is_not_a_check_in_answer(resolver: ModelResolver) -> None:
    assert resolver.resolve("the weather in paris").intent == "AMAZON.FallbackIntent"
    assert resolver.resolve("nine").intent == "ChooseSkillIntent"  # the number wins a bare "nine"


def test_normalize_expands_contractions_and_drops_punctuation() -> None:
    assert normalize("What's   my FOCUS?!") == "what is my focus"
    assert normalize("I\u2019m self-aware.") == "i am self aware"


# What a person might say for each built-in slot type a sample uses.
_BUILT_IN_EXAMPLES = {
    "AMAZON.NUMBER": "7",
    "AMAZON.TIME": "8 am",
    "AMAZON.DayOfWeek": "sunday",
    "AMAZON.Ordinal": "third",
}


def _fill(sample: str, slot_types: dict[str, str], type_values: dict[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        slot_type = slot_types[match.group(1)]
        return _BUILT_IN_EXAMPLES.get(slot_type) or type_values[slot_type]

    return re.sub(r"\{(\w+)\}", value, sample)


def test_every_sample_resolves_to_its_own_intent(resolver: ModelResolver) -> None:
    model = _language_model()
    type_values = {t["name"]: t["values"][0]["name"]["value"] for t in model["types"]}
    wrong = []
    for intent in model["intents"]:
        slot_types = {slot["name"]: slot["type"] for slot in intent.get("slots", [])}
        for sample in intent.get("samples", []):
            text = _fill(sample, slot_types, type_values)
            got = resolver.resolve(text)
            if got.intent != intent["name"]:
                wrong.append((sample, intent["name"], got.intent))
    assert wrong == []


def test_built_in_phrase_table_resolves(resolver: ModelResolver) -> None:
    wrong = [
        (phrase, intent, resolver.resolve(phrase).intent)
        for intent, phrases in BUILT_IN_PHRASES.items()
        for phrase in phrases
        if resolver.resolve(phrase).intent != intent
    ]
    assert wrong == []


def test_model_shape_and_sample_rules() -> None:
    model = _language_model()
    assert model["invocationName"] == "secure differentiation"
    intents = {intent["name"]: intent for intent in model["intents"]}
    assert set(CUSTOM_INTENTS) <= set(intents)
    assert {"AMAZON.FallbackIntent", "AMAZON.NavigateHomeIntent", "AMAZON.HelpIntent"} <= set(
        intents
    )
    declared_types = {t["name"] for t in model["types"]}
    seen: dict[str, str] = {}
    for name, intent in intents.items():
        samples = intent.get("samples", [])
        if name in CUSTOM_INTENTS:
            assert len(samples) >= 8, name
        assert len(samples) == len(set(samples)), f"a sample twice in {name}"
        slots = {slot["name"]: slot["type"] for slot in intent.get("slots", [])}
        for slot_type in slots.values():
            assert slot_type.startswith("AMAZON.") or slot_type in declared_types
        for sample in samples:
            assert re.fullmatch(r"[a-z' .]*", re.sub(r"\{\w+\}", "", sample)), sample
            assert set(re.findall(r"\{(\w+)\}", sample)) <= set(slots), sample
            # Heard alike ("i'd" and "i would") is fine within one intent, never across two.
            key = normalize(sample)
            assert seen.setdefault(key, name) == name, f"{sample!r} in {name} and {seen[key]}"


def test_model_directory_can_be_overridden(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "en-US.json").write_text(MODEL_PATH.read_text(encoding="utf-8"))
    monkeypatch.setenv("SKILL_MODELS_DIR", str(tmp_path))
    monkeypatch.setenv("SKILL_ID", "amzn1.ask.skill.from-env")
    resolver = ModelResolver()
    assert resolver.model_path == tmp_path / "en-US.json"
    slot = resolver.resolve("i'm judging her").slots["sign"]
    authority = slot.to_alexa("sign")["resolutions"]["resolutionsPerAuthority"][0]["authority"]
    assert authority == "amzn1.er-authority.echo-sdk.amzn1.ask.skill.from-env.THREAT_SIGN"


# --- people's own words (issue 9): what the nearest-sample stage and slot filling hear ------


@pytest.mark.parametrize(
    ("text", "sign"),
    [
        ("I walked all over my colleague", "disregarding"),
        ("I bit my tongue at dinner again", "harmonizing"),
        ("my guard went up when she asked about money", "defending"),
        ("I picked apart everything he said", "judging"),
        ("I was so defensive with my mother at the weekend", "defending"),
        ("I couldn't stop justifying myself", "defending"),
        ("I don't know I think I was judging him", "judging"),
        ("I was being guarded with her", "defending"),  # a state, not a passive
    ],
)
def test_signs_in_everyday_words_and_settings(
    resolver: ModelResolver, text: str, sign: str
) -> None:
    resolution = resolver.resolve(text)
    assert resolution.intent == "NoticeThreatIntent", text
    assert _only_slot(resolution.slots, "sign").resolved_id == sign


@pytest.mark.parametrize(
    "text",
    [
        "he was being so judgemental",  # someone else's, not the person's
        "my sister steamrolled me",
        "I'm being criticised at work",  # done to the person
        "I didn't get defensive today",  # not done
        "I'm not judging anyone",
    ],
)
def test_what_others_did_or_was_not_done_is_no_sign(resolver: ModelResolver, text: str) -> None:
    assert resolver.resolve(text).intent != "NoticeThreatIntent", text


def test_a_value_is_heard_with_another_ending(resolver: ModelResolver) -> None:
    # "sneered" and "sneering at" are in the model; "sneers" is not.
    resolution = resolver.resolve("I just sneer at him")
    assert _only_slot(resolution.slots, "sign").resolved_id == "judging"


def test_pointing_words_fill_no_slot(resolver: ModelResolver) -> None:
    resolution = resolver.resolve("explain this one please")
    assert resolution.intent == "ExplainIntent"
    assert resolution.slots == {}


def test_the_last_one_is_skill_twelve(resolver: ModelResolver) -> None:
    resolution = resolver.resolve("the last one")
    assert resolution.intent == "ChooseSkillIntent"
    assert _only_slot(resolution.slots, "skill").resolved_id == "12"


def test_a_frequency_in_a_check_in_request_is_its_cadence(resolver: ModelResolver) -> None:
    resolution = resolver.resolve("remind me every day at 8 pm")
    assert resolution.intent == "SetCheckInIntent"
    heard = {name: slot.resolved_id or slot.value for name, slot in resolution.slots.items()}
    assert heard == {"cadence": "daily", "time": "20:00"}


def test_every_slot_said_is_filled_by_a_near_match(resolver: ModelResolver) -> None:
    resolution = resolver.resolve("I'd like my weekly reflection on sundays at six in the evening")
    heard = {name: slot.resolved_id or slot.value for name, slot in resolution.slots.items()}
    assert resolution.intent == "SetCheckInIntent"
    assert heard == {"cadence": "weekly", "day": "sunday", "time": "18:00"}


def test_a_request_after_a_preamble(resolver: ModelResolver) -> None:
    assert resolver.resolve("ugh what a day can I get a mantra").intent == "GetMantraIntent"


def test_a_crisis_in_a_run_on_sentence(resolver: ModelResolver) -> None:
    assert resolver.resolve("I can't do this anymore I want to die").intent == "CrisisIntent"


@pytest.mark.parametrize(
    "text",
    [
        "remind me daily I want to die tonight",  # a check-in's words come first
        "give me a mantra, I want to die",
        "um, I need help right now",  # "right now" is part of it, not filler
        "honestly I'm scared he will hurt me, what should I practise today",
    ],
)
def test_a_crisis_said_with_other_words_is_heard_first(resolver: ModelResolver, text: str) -> None:
    assert resolver.resolve(text).intent == "CrisisIntent"


def test_help_and_an_everyday_death_idiom_are_no_crisis(resolver: ModelResolver) -> None:
    assert resolver.resolve("I need help").intent == "AMAZON.HelpIntent"
    assert resolver.resolve("I'm dying to know my skill of the day").intent != "CrisisIntent"


def test_everyday_words_in_a_slot_are_no_unknown_value(resolver: ModelResolver) -> None:
    # "work" is a word the model uses for other things: no crisis with an unknown value.
    assert resolver.resolve("I can't stop thinking about work").intent != "CrisisIntent"


def test_one_shot_reads_the_request_without_its_connecting_word(resolver: ModelResolver) -> None:
    resolution = resolver.resolve("ask secure differentiation for a self empathy practice")
    assert (resolution.intent, resolution.one_shot) == ("SelfEmpathyIntent", True)


def test_speech_contractions_are_expanded() -> None:
    assert normalize("I wasn't gonna, they're kinda busy") == (
        "i was not going to they are kind of busy"
    )


@pytest.mark.parametrize(
    ("spoken", "value"),
    [("7 o'clock in the evening", "19:00"), ("evenings", "EV"), ("afternoons", "AF")],
)
def test_parse_time_reads_more_ways_of_saying_a_time(spoken: str, value: str) -> None:
    assert parse_time(spoken) == value


def test_a_clock_time_wins_over_a_part_of_the_day(resolver: ModelResolver) -> None:
    resolution = resolver.resolve("saturday morning at nine am")
    heard = {name: slot.value for name, slot in resolution.slots.items()}
    assert heard == {"day": "saturday", "time": "09:00"}
