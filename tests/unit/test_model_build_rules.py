"""Alexa's build rules, checked on every interaction model before Alexa sees it.

A model that breaks one of these rules fails `ask deploy` (or certification)
long after the change that broke it; here it fails the test run, naming the
file, the intent and the offending item. Every rule runs over every file in
interaction_models/.

Where each rule comes from (Amazon's Alexa Skills Kit documentation, or the
exact error text Alexa's build returns when the page itself could not be
retrieved):

* Invocation name - "Invocation Name Requirements" in "Choose the Invocation
  Name for a Custom Skill" (developer.amazon.com/en-US/docs/alexa/custom-skills/
  choose-the-invocation-name-for-a-custom-skill.html): two or more words unless
  a proven brand; only lower-case letters, spaces, possessive apostrophes and
  periods in spoken-letter abbreviations ("n. p. r."); numbers spelled out; no
  launch phrases ("run", "start", "play", "resume", "use", "launch", "ask",
  "open", "tell", "load", "begin", "enable"), connecting words ("to", "from",
  "in", "using", "with", "about", "for", "that", "by", "if", "and", "whether"),
  wake words ("alexa", "amazon", "echo", "computer") or the words "skill" and
  "app"; a two-word name may not contain an article or a preposition. The
  2-50 character length is the developer console's own message ("Invocation
  name must be between 2 and 50 characters."). "exit", "quit", "stop",
  "cancel" and "help" are not on Amazon's list, so they are not checked.
* Intent names - SMAPI's InvalidIntentName error: "Intent names must begin with
  an alphabetic character and may only contain alphabets, periods, and
  underscores"; the period only appears in the AMAZON namespace of built-in
  intents ("Standard Built-in Intents"), so a custom name is letters and
  underscores, and an AMAZON.* name must be a real built-in intent.
* Slot names - "Intent and slot name requirements" (create-intents-utterances-
  and-slots.html): alphabetic characters and underscores, starting with a
  letter; a slot is declared once per intent.
* Samples - the build's error text: "Each token must consist only of unicode
  characters, spaces and valid punctuation marks. Valid punctuation marks are
  periods for abbreviations, underscores, possessive apostrophes, and hyphens."
  So no "?", "!", ",", "@" ... . Digits: numbers are spelled out (the same
  requirement the invocation-name page states; the developer console's sample
  character class has no digits). Every {slot} must be declared on its intent
  (the build's "The given intent doesn't declare the slot" error) and braces
  must pair up. "Sample utterances must be unique": no sample in two intents,
  and none twice in one intent (compared ignoring case and spacing). Nor may
  two intents' samples say the same thing once their slots are filled: "Find
  Utterance Conflicts in Your Model" - a conflict between custom intents
  happens "when multiple intents have the same sample utterances, or the sample
  utterances use slot types with duplicate slot values", and Alexa's choice
  between them may change. A custom intent needs at least one sample.
  Length is capped at 200 characters (a conservative cap: the documented limit
  could not be retrieved; nothing in these models comes near it).
* Slot types - "Create and Edit Custom Slot Types" / "Custom Slot Type
  Reference": a custom type's name is letters and underscores; its values and
  synonyms are non-empty and unique within the type (case-insensitive), ids
  are unique; every slot's type is either declared in `types` or a real
  built-in ("Slot Type Reference").
* Required built-ins - certification requires AMAZON.CancelIntent,
  AMAZON.HelpIntent and AMAZON.StopIntent; the console adds
  AMAZON.NavigateHomeIntent to every custom skill and will not remove it; this
  skill also relies on AMAZON.FallbackIntent (FallbackHandler).

Model and code in step: every intent in a model is answered by a real handler
(dispatched through the skill's own SDK request mapper, after its own request
interceptors, so a `can_handle` that reads `Turn.of(...)` sees a real Turn),
never by the catch-all UnknownRequestHandler and, except for
AMAZON.FallbackIntent itself, never by FallbackHandler; and every intent name
the handlers test for is declared in the en-US model.
"""

from __future__ import annotations

import ast
import copy
import itertools
import json
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from ask_sdk_core.attributes_manager import AttributesManager
from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_core.skill import CustomSkill
from ask_sdk_model import RequestEnvelope

from secure_differentiation.skill import build_skill
from secure_differentiation.skill.features.builtins import FallbackHandler, UnknownRequestHandler
from secure_differentiation.skill.persistence.memory import InMemoryPersistenceAdapter

ROOT = Path(__file__).resolve().parents[2]
MODELS_DIR = ROOT / "interaction_models"
MODEL_FILES = sorted(MODELS_DIR.glob("*.json"))
REFERENCE_MODEL = MODELS_DIR / "en-US.json"
HANDLERS_DIR = ROOT / "lambda" / "secure_differentiation" / "skill" / "features"
INTENT_EVENT = ROOT / "tests" / "events" / "intent.json"

# --- what Amazon documents ----------------------------------------------------------

INVOCATION_MIN_CHARS, INVOCATION_MAX_CHARS = 2, 50
# One-word invocation names need proof of brand ownership; this skill claims none.
ONE_WORD_BRAND_NAMES: frozenset[str] = frozenset()
LAUNCH_PHRASES = frozenset(
    {"run", "start", "play", "resume", "use", "launch", "ask", "open", "tell", "load"}
    | {"begin", "enable"}
)
CONNECTING_WORDS = frozenset(
    {"to", "from", "in", "using", "with", "about", "for", "that", "by", "if", "and", "whether"}
)
WAKE_AND_RESERVED_WORDS = frozenset({"alexa", "amazon", "echo", "computer", "skill", "app"})
# Not allowed as either word of a two-word invocation name.
ARTICLES_AND_PREPOSITIONS = frozenset(
    {"the", "a", "an", "for", "to", "of", "about", "up", "by", "at", "off", "with"}
)

SAMPLE_MAX_CHARS = 200
# Beyond this many slot fillings a sample is compared by its slot types alone.
MAX_READINGS_PER_SAMPLE = 20_000
# Periods are for abbreviations: spoken letters ("a.", "t.v.") or these.
WORD_ABBREVIATIONS = frozenset({"mr.", "mrs.", "ms.", "dr.", "st.", "jr.", "sr.", "vs."})

CUSTOM_NAME = re.compile(r"[A-Za-z][A-Za-z_]*")
SLOT_REFERENCE = re.compile(r"\{([^{}]*)\}")
INTENT_NAME_LITERAL = re.compile(r"(?:AMAZON\.)?[A-Za-z][A-Za-z_]*Intent")

REQUIRED_BUILT_INS = (
    "AMAZON.CancelIntent",
    "AMAZON.HelpIntent",
    "AMAZON.StopIntent",
    "AMAZON.NavigateHomeIntent",
    "AMAZON.FallbackIntent",
)

# "Standard Built-in Intents" (plus the screen and media ones that share the namespace).
BUILT_IN_INTENTS = frozenset(
    f"AMAZON.{name}Intent"
    for name in (
        "Cancel",
        "Fallback",
        "Help",
        "LoopOff",
        "LoopOn",
        "More",
        "NavigateHome",
        "NavigateSettings",
        "Next",
        "No",
        "PageDown",
        "PageUp",
        "Pause",
        "Previous",
        "Repeat",
        "Resume",
        "ScrollDown",
        "ScrollLeft",
        "ScrollRight",
        "ScrollUp",
        "Select",
        "SendToPhone",
        "ShuffleOff",
        "ShuffleOn",
        "StartOver",
        "Stop",
        "Yes",
    )
)

# "Slot Type Reference". A real built-in missing here fails with a message saying so.
BUILT_IN_SLOT_TYPES = frozenset(
    f"AMAZON.{name}"
    for name in (
        # Numbers, dates and times.
        "AlphaNumeric",
        "DATE",
        "DURATION",
        "FOUR_DIGIT_NUMBER",
        "NUMBER",
        "Ordinal",
        "PhoneNumber",
        "TIME",
        # Phrases.
        "SearchQuery",
        # Lists of items.
        "Actor",
        "AdministrativeArea",
        "Airline",
        "Airport",
        "Anaphor",
        "Animal",
        "Artist",
        "Athlete",
        "Author",
        "Book",
        "BookSeries",
        "BroadcastChannel",
        "City",
        "CivicStructure",
        "Color",
        "Comic",
        "Corporation",
        "Country",
        "CreativeWorkType",
        "DayOfWeek",
        "Dessert",
        "DeviceType",
        "Director",
        "Drink",
        "EducationalOrganization",
        "EventType",
        "Festival",
        "FictionalCharacter",
        "FinancialService",
        "FirstName",
        "Food",
        "FoodEstablishment",
        "Game",
        "Genre",
        "Landform",
        "LandmarksOrHistoricalBuildings",
        "Language",
        "LocalBusiness",
        "LocalBusinessType",
        "MedicalOrganization",
        "Month",
        "Movie",
        "MovieSeries",
        "MovieTheater",
        "MusicAlbum",
        "MusicCreativeWorkType",
        "MusicEvent",
        "MusicGroup",
        "Musician",
        "MusicPlaylist",
        "MusicRecording",
        "MusicVenue",
        "MusicVideo",
        "Organization",
        "Person",
        "PostalAddress",
        "Professional",
        "ProfessionalType",
        "RadioChannel",
        "RelativePosition",
        "Residence",
        "Room",
        "ScreeningEvent",
        "Service",
        "SocialMediaPlatform",
        "SoftwareApplication",
        "SoftwareGame",
        "Sport",
        "SportsEvent",
        "SportsTeam",
        "StreetAddress",
        "StreetName",
        "TelevisionChannel",
        "TVEpisode",
        "TVSeason",
        "TVSeries",
        "VideoGame",
        "VisualModeTrigger",
        "WeatherCondition",
        "WrittenCreativeWork",
        # Region-specific lists.
        "AT_CITY",
        "AT_REGION",
        "DE_CITY",
        "DE_FIRST_NAME",
        "DE_REGION",
        "EUROPE_CITY",
        "GB_CITY",
        "GB_FIRST_NAME",
        "GB_REGION",
        "US_CITY",
        "US_FIRST_NAME",
        "US_STATE",
    )
)

# --- reading a model --------------------------------------------------------------


def _language_model(path: Path) -> dict[str, Any]:
    model = json.loads(path.read_text(encoding="utf-8"))
    language_model = model.get("interactionModel", {}).get("languageModel")
    assert isinstance(language_model, dict), f"{path.name}: no interactionModel.languageModel"
    return language_model


def _intents(language_model: dict[str, Any]) -> list[dict[str, Any]]:
    return list(language_model.get("intents") or [])


def _types(language_model: dict[str, Any]) -> list[dict[str, Any]]:
    return list(language_model.get("types") or [])


def _slots(intent: dict[str, Any]) -> list[dict[str, Any]]:
    return list(intent.get("slots") or [])


def _samples(intent: dict[str, Any]) -> list[str]:
    return list(intent.get("samples") or [])


def _normalized(text: str) -> str:
    """How two samples are compared: case and spacing do not make them different."""
    return " ".join(text.casefold().split())


def _is_custom(intent_name: str) -> bool:
    return not intent_name.startswith("AMAZON.")


# --- the rules: each returns what breaks it, one line per offending item ------------


def invocation_name_violations(language_model: dict[str, Any]) -> list[str]:
    name = language_model.get("invocationName")
    if not isinstance(name, str) or not name:
        return ["invocationName is missing"]
    problems = []
    if not INVOCATION_MIN_CHARS <= len(name) <= INVOCATION_MAX_CHARS:
        problems.append(
            f"invocationName {name!r} is {len(name)} characters; "
            f"allowed {INVOCATION_MIN_CHARS}-{INVOCATION_MAX_CHARS}"
        )
    if name != " ".join(name.split()):
        problems.append(f"invocationName {name!r}: words must be separated by single spaces")
    words = name.split()
    for ch in sorted(set(name)):
        if ch in " '.":
            continue
        if ch.isdigit():
            problems.append(f"invocationName {name!r}: digit {ch!r}; spell numbers out")
        elif not (ch.isalpha() and not ch.isupper()):
            problems.append(f"invocationName {name!r}: character {ch!r} is not allowed")
    if not name[:1].isalpha():
        problems.append(f"invocationName {name!r} must start with a letter")
    for word in words:
        if "." in word and not re.fullmatch(r"[^\W\d_]\.", word):
            problems.append(
                f"invocationName {name!r}: period in {word!r}; periods only follow single "
                "spoken letters, as in 'n. p. r.'"
            )
        if "'" in word and not re.fullmatch(r"[^\W\d_]+'s|[^\W\d_]+s'", word):
            problems.append(f"invocationName {name!r}: apostrophe in {word!r} is not possessive")
        bare = word.strip(".'")
        bare = bare[:-2] if bare.endswith("'s") else bare
        if bare in LAUNCH_PHRASES:
            problems.append(f"invocationName {name!r} contains the launch phrase {bare!r}")
        if bare in CONNECTING_WORDS:
            problems.append(f"invocationName {name!r} contains the connecting word {bare!r}")
        if bare in WAKE_AND_RESERVED_WORDS:
            problems.append(f"invocationName {name!r} contains the reserved word {bare!r}")
    if len(words) == 1 and name not in ONE_WORD_BRAND_NAMES:
        problems.append(
            f"invocationName {name!r} is one word; allowed only for a brand the skill owns"
        )
    if len(words) == 2:
        for word in words:
            if word in ARTICLES_AND_PREPOSITIONS:
                problems.append(
                    f"invocationName {name!r}: a two-word name may not contain {word!r}"
                )
    return problems


def intent_name_violations(language_model: dict[str, Any]) -> list[str]:
    problems = []
    seen: set[str] = set()
    for intent in _intents(language_model):
        name = intent.get("name")
        if not isinstance(name, str) or not name:
            problems.append(f"an intent has no name: {json.dumps(intent)[:80]}")
            continue
        if name in seen:
            problems.append(f"intent {name}: declared twice")
        seen.add(name)
        if _is_custom(name):
            if not CUSTOM_NAME.fullmatch(name):
                problems.append(
                    f"intent {name}: custom intent names are letters and underscores, "
                    "starting with a letter"
                )
        elif name not in BUILT_IN_INTENTS:
            problems.append(f"intent {name}: not a built-in intent Alexa provides")
    return problems


def required_built_in_violations(language_model: dict[str, Any]) -> list[str]:
    declared = {intent.get("name") for intent in _intents(language_model)}
    return [
        f"intent {name}: required, but not declared"
        for name in REQUIRED_BUILT_INS
        if name not in declared
    ]


def slot_violations(language_model: dict[str, Any]) -> list[str]:
    problems = []
    custom_types = {t.get("name") for t in _types(language_model)}
    for intent in _intents(language_model):
        seen: set[str] = set()
        for slot in _slots(intent):
            name, slot_type = slot.get("name"), slot.get("type")
            where = f"intent {intent.get('name')}, slot {name!r}"
            if not isinstance(name, str) or not CUSTOM_NAME.fullmatch(name):
                problems.append(
                    f"{where}: slot names are letters and underscores, starting with a letter"
                )
            elif name.casefold() in seen:
                problems.append(f"{where}: declared twice")
            if isinstance(name, str):
                seen.add(name.casefold())
            if not isinstance(slot_type, str) or not slot_type:
                problems.append(f"{where}: has no type")
            elif slot_type.startswith("AMAZON."):
                if slot_type not in BUILT_IN_SLOT_TYPES:
                    problems.append(
                        f"{where}: type {slot_type} is not a built-in slot type (if Amazon's "
                        "Slot Type Reference lists it, add it to BUILT_IN_SLOT_TYPES)"
                    )
            elif slot_type not in custom_types:
                problems.append(f"{where}: type {slot_type} is not declared in types")
    return problems


def _sample_text_problems(sample: str) -> list[str]:
    """Characters and punctuation of one sample, its {slot} references taken out."""
    problems = []
    # A slot stands in for a word, so "{name}'s" reads as a possessive.
    text = SLOT_REFERENCE.sub("x", sample)
    if "{" in text or "}" in text:
        problems.append("unbalanced or nested curly braces")
        text = text.replace("{", " ").replace("}", " ")
    for ch in sorted(set(text)):
        category = unicodedata.category(ch)
        if ch in " '.-_" or category[0] in "LM":
            continue
        if category == "Nd":
            problems.append(f"digit {ch!r}; spell numbers out")
        else:
            problems.append(f"character {ch!r} is not allowed")
    for token in text.split():
        if "." in token and not (
            re.fullmatch(r"(?:[^\W\d_]\.)+", token) or token.casefold() in WORD_ABBREVIATIONS
        ):
            problems.append(f"period in {token!r}; periods are only for abbreviations")
        if re.search(r"(?<!\w)-|-(?!\w)", token):
            problems.append(f"hyphen in {token!r} does not join two words")
        if re.search(r"(?<![^\W\d_])'", token):
            problems.append(f"apostrophe in {token!r} does not follow a letter")
        if token.strip("'.-_") == "":
            problems.append(f"punctuation {token!r} on its own")
    return problems


def sample_violations(language_model: dict[str, Any]) -> list[str]:
    problems = []
    for intent in _intents(language_model):
        name = intent.get("name")
        declared = {slot.get("name") for slot in _slots(intent)}
        samples = _samples(intent)
        if isinstance(name, str) and _is_custom(name) and not samples:
            problems.append(f"intent {name}: a custom intent needs at least one sample")
        for sample in samples:
            where = f"intent {name}, sample {sample!r}"
            if not isinstance(sample, str) or not sample.strip():
                problems.append(f"{where}: empty")
                continue
            if len(sample) > SAMPLE_MAX_CHARS:
                problems.append(f"{where}: longer than {SAMPLE_MAX_CHARS} characters")
            for reference in SLOT_REFERENCE.findall(sample):
                if reference not in declared:
                    problems.append(f"{where}: {{{reference}}} is not a slot of this intent")
            problems.extend(f"{where}: {problem}" for problem in _sample_text_problems(sample))
    return problems


def duplicate_sample_violations(language_model: dict[str, Any]) -> list[str]:
    """No sample twice in one intent, and none in two intents."""
    problems = []
    owners: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for intent in _intents(language_model):
        name = str(intent.get("name"))
        seen: dict[str, str] = {}
        for sample in _samples(intent):
            key = _normalized(sample)
            if key in seen:
                problems.append(f"intent {name}, sample {sample!r}: repeats sample {seen[key]!r}")
                continue
            seen[key] = sample
            owners[key].append((name, sample))
    for entries in owners.values():
        if len({intent for intent, _ in entries}) > 1:
            listed = ", ".join(f"{intent} ({sample!r})" for intent, sample in entries)
            problems.append(f"sample in more than one intent: {listed}")
    return problems


def _readings(sample: str, types: dict[str, str], phrases: dict[str, list[str]]) -> set[str]:
    """What a sample can stand for: each custom-typed {slot} filled with each of its
    type's values and synonyms; a built-in-typed slot kept as {TYPE}."""
    text = _normalized(sample)
    references = SLOT_REFERENCE.findall(text)
    options = [
        phrases.get(types.get(ref, ""), [f"{{{types.get(ref, ref)}}}"]) for ref in references
    ]
    if math.prod(len(choices) for choices in options) > MAX_READINGS_PER_SAMPLE:
        options = [[f"{{{types.get(ref, ref)}}}"] for ref in references]
    readings = set()
    for filling in itertools.product(*options):
        values = iter(filling)
        readings.add(SLOT_REFERENCE.sub(lambda _m, values=values: next(values), text))
    return readings


def conflicting_sample_violations(language_model: dict[str, Any]) -> list[str]:
    """Samples of two intents that say the same thing once their slots are filled.

    "Find Utterance Conflicts in Your Model": a conflict between intents happens
    "when multiple intents have the same sample utterances, or the sample
    utterances use slot types with duplicate slot values". Exact duplicates are
    duplicate_sample_violations' to report; this finds the ones slots hide.
    """
    phrases = {
        str(slot_type.get("name")): [
            _normalized(phrase)
            for value in slot_type.get("values") or []
            for phrase in (
                (value.get("name") or {}).get("value"),
                *((value.get("name") or {}).get("synonyms") or []),
            )
            if isinstance(phrase, str) and phrase.strip()
        ]
        for slot_type in _types(language_model)
    }
    owners: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for intent in _intents(language_model):
        types = {str(slot.get("name")): str(slot.get("type")) for slot in _slots(intent)}
        for sample in _samples(intent):
            for reading in _readings(sample, types, phrases):
                owners[reading].add((str(intent.get("name")), sample))
    reported: dict[frozenset[tuple[str, str]], str] = {}
    for reading, entries in sorted(owners.items()):
        if len({intent for intent, _ in entries}) < 2:
            continue
        if not any(SLOT_REFERENCE.search(sample) for _, sample in entries):
            continue  # an exact duplicate, reported as one
        reported.setdefault(frozenset(entries), reading)
    return [
        f"samples of different intents both say {reading!r}: "
        + ", ".join(f"{intent} ({sample!r})" for intent, sample in sorted(entries))
        for entries, reading in reported.items()
    ]


def slot_type_violations(language_model: dict[str, Any]) -> list[str]:
    problems = []
    seen_types: set[str] = set()
    for slot_type in _types(language_model):
        type_name = slot_type.get("name")
        where = f"slot type {type_name!r}"
        if not isinstance(type_name, str) or not CUSTOM_NAME.fullmatch(type_name):
            problems.append(
                f"{where}: custom slot type names are letters and underscores, "
                "starting with a letter"
            )
        elif type_name in seen_types:
            problems.append(f"{where}: declared twice")
        seen_types.add(str(type_name))
        values = slot_type.get("values") or []
        if not values:
            problems.append(f"{where}: has no values")
        ids: dict[str, str] = {}
        phrases: dict[str, str] = {}
        for value in values:
            name = value.get("name") or {}
            main = name.get("value")
            value_id = value.get("id")
            if value_id is not None:
                if not isinstance(value_id, str) or not value_id.strip():
                    problems.append(f"{where}, value {main!r}: empty id")
                elif value_id in ids:
                    problems.append(
                        f"{where}, value {main!r}: id {value_id!r} "
                        f"already used by {ids[value_id]!r}"
                    )
                else:
                    ids[value_id] = str(main)
            for phrase in (main, *(name.get("synonyms") or [])):
                if not isinstance(phrase, str) or not phrase.strip():
                    problems.append(f"{where}, value {main!r}: empty value or synonym")
                    continue
                if phrase != phrase.strip():
                    problems.append(f"{where}, value {main!r}: {phrase!r} has outer spaces")
                key = _normalized(phrase)
                if key in phrases:
                    problems.append(
                        f"{where}, value {main!r}: {phrase!r} already appears (as {phrases[key]})"
                    )
                else:
                    phrases[key] = f"{phrase!r} of value {main!r}"
                for problem in _sample_text_problems(phrase):
                    if not problem.startswith("digit"):
                        problems.append(f"{where}, value {main!r}, {phrase!r}: {problem}")
    return problems


RULES = (
    invocation_name_violations,
    intent_name_violations,
    required_built_in_violations,
    slot_violations,
    sample_violations,
    duplicate_sample_violations,
    conflicting_sample_violations,
    slot_type_violations,
)


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.__name__)
@pytest.mark.parametrize("path", MODEL_FILES, ids=lambda path: path.name)
def test_model_follows_alexa_build_rule(path: Path, rule: Any) -> None:
    problems = rule(_language_model(path))
    assert not problems, f"{path.name}: " + f"\n{path.name}: ".join(problems)


def test_there_are_models_to_check() -> None:
    assert REFERENCE_MODEL in MODEL_FILES


# --- the rules catch what they are meant to catch -----------------------------------


def _model(**language_model: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "invocationName": "secure differentiation",
        "intents": [{"name": name, "samples": []} for name in REQUIRED_BUILT_INS],
        "types": [],
    }
    base.update(language_model)
    return base


@pytest.mark.parametrize(
    ("invocation", "complaint"),
    [
        ("skill", "one word"),
        ("Secure Practice", "'S'"),
        ("practice 2 skills", "digit"),
        ("ask the coach", "launch phrase 'ask'"),
        ("open practice", "launch phrase 'open'"),
        ("alexa practice", "reserved word 'alexa'"),
        ("practice app", "reserved word 'app'"),
        ("the coach", "two-word name"),
        ("coach for calm", "connecting word 'for'"),
        ("nasa. coach", "period"),
        ("coach's' guide", "apostrophe"),
        ("calm coach!", "'!'"),
        ("a" * 51 + " b", "characters"),
    ],
)
def test_invocation_rule_rejects(invocation: str, complaint: str) -> None:
    problems = invocation_name_violations(_model(invocationName=invocation))
    assert any(complaint in problem for problem in problems), problems


@pytest.mark.parametrize("invocation", ["secure differentiation", "n. p. r. daily", "sam's trivia"])
def test_invocation_rule_accepts(invocation: str) -> None:
    assert invocation_name_violations(_model(invocationName=invocation)) == []


def test_sample_rules_reject_what_alexa_rejects() -> None:
    intents = [
        *_model()["intents"],
        {
            "name": "PickIntent",
            "slots": [{"name": "skill", "type": "SKILL"}, {"name": "other", "type": "SKILL"}],
            "samples": [
                "what is it?",
                "pick skill 3",
                "pick {number}",
                "pick {skill",
                "pick, please",
                "it's dr. who",
                "pick {skill} now",
                "Pick  {skill}  NOW",
                "choose {other}",
            ],
        },
        {
            "name": "ChooseIntent",
            "slots": [{"name": "skill", "type": "SKILL"}],
            "samples": ["choose {skill}", "what is it?"],
        },
        {"name": "SayIntent", "samples": ["choose x"]},
        {"name": "AMAZON.MadeUpIntent", "samples": []},
        {"name": "Bad.Intent", "samples": ["bad"]},
        {"name": "EmptyIntent", "samples": []},
    ]
    model = _model(intents=intents, types=[{"name": "SKILL", "values": [{"name": {"value": "x"}}]}])
    found = "\n".join(
        sample_violations(model)
        + duplicate_sample_violations(model)
        + conflicting_sample_violations(model)
        + intent_name_violations(model)
    )
    for expected in (
        "'what is it?': character '?'",
        "'pick skill 3': digit '3'",
        "{number} is not a slot of this intent",
        "'pick {skill': unbalanced or nested curly braces",
        "'pick, please': character ','",
        "repeats sample 'pick {skill} now'",
        "sample in more than one intent: PickIntent ('what is it?'), ChooseIntent",
        "both say 'choose x': ChooseIntent ('choose {skill}'), PickIntent ('choose {other}'), "
        "SayIntent ('choose x')",
        "AMAZON.MadeUpIntent: not a built-in",
        "intent Bad.Intent: custom intent names",
        "EmptyIntent: a custom intent needs at least one sample",
    ):
        assert expected in found, f"missing {expected!r} in:\n{found}"
    assert "it's dr. who" not in found


def test_slot_and_type_rules_reject_what_alexa_rejects() -> None:
    intents = [
        *_model()["intents"],
        {
            "name": "PickIntent",
            "slots": [
                {"name": "skill", "type": "SKILL"},
                {"name": "skill", "type": "SKILL"},
                {"name": "when", "type": "AMAZON.WHENEVER"},
                {"name": "kind", "type": "UNDECLARED"},
                {"name": "slot2", "type": "AMAZON.NUMBER"},
            ],
            "samples": ["pick {skill}"],
        },
    ]
    types = [
        {
            "name": "SKILL",
            "values": [
                {"id": "1", "name": {"value": "Calm", "synonyms": ["calm", "quiet"]}},
                {"id": "1", "name": {"value": "Quiet", "synonyms": ["", "a & b"]}},
            ],
        },
        {"name": "EMPTY_TYPE", "values": []},
    ]
    found = "\n".join(
        slot_violations(_model(intents=intents, types=types))
        + slot_type_violations(_model(intents=intents, types=types))
    )
    for expected in (
        "slot 'skill': declared twice",
        "type AMAZON.WHENEVER is not a built-in",
        "type UNDECLARED is not declared",
        "slot 'slot2': slot names are letters",
        "'calm' already appears",
        "'Quiet' already appears",
        "id '1' already used",
        "empty value or synonym",
        "'a & b': character '&'",
        "'EMPTY_TYPE': has no values",
    ):
        assert expected in found, f"missing {expected!r} in:\n{found}"


def test_required_built_ins_rule() -> None:
    model = _model(intents=[{"name": "AMAZON.HelpIntent", "samples": []}])
    missing = required_built_in_violations(model)
    assert missing == [
        f"intent {name}: required, but not declared"
        for name in REQUIRED_BUILT_INS
        if name != "AMAZON.HelpIntent"
    ]


# --- model and code in step ---------------------------------------------------------


@pytest.fixture(scope="module")
def skill() -> CustomSkill:
    return build_skill(InMemoryPersistenceAdapter())


def _envelope(intent: dict[str, Any], locale: str) -> RequestEnvelope:
    """A mid-session IntentRequest for `intent`, slots present and unfilled, as Alexa sends."""
    event = copy.deepcopy(json.loads(INTENT_EVENT.read_text(encoding="utf-8")))
    event["session"]["new"] = False
    event["request"]["locale"] = locale
    event["request"]["intent"] = {
        "name": intent["name"],
        "confirmationStatus": "NONE",
        "slots": {
            slot["name"]: {"name": slot["name"], "confirmationStatus": "NONE"}
            for slot in _slots(intent)
        },
    }
    envelope = DefaultSerializer().deserialize(json.dumps(event), RequestEnvelope)
    assert isinstance(envelope, RequestEnvelope)
    return envelope


def _chosen_handler(skill: CustomSkill, envelope: RequestEnvelope) -> AbstractRequestHandler:
    """The handler the SDK picks: the skill's request interceptors, then its mappers in order."""
    handler_input = HandlerInput(
        request_envelope=envelope,
        attributes_manager=AttributesManager(
            request_envelope=envelope, persistence_adapter=skill.persistence_adapter
        ),
    )
    dispatcher = skill.request_dispatcher
    for interceptor in dispatcher.request_interceptors:
        interceptor.process(handler_input=handler_input)
    for mapper in dispatcher.request_mappers:
        chain = mapper.get_request_handler_chain(handler_input)
        if chain is not None:
            return chain.request_handler
    raise AssertionError("no handler chain at all")


@pytest.mark.parametrize("path", MODEL_FILES, ids=lambda path: path.name)
def test_every_model_intent_has_a_real_handler(skill: CustomSkill, path: Path) -> None:
    locale = path.stem
    problems = []
    for intent in _intents(_language_model(path)):
        handler = _chosen_handler(skill, _envelope(intent, locale))
        if isinstance(handler, UnknownRequestHandler):
            problems.append(f"intent {intent['name']}: only the catch-all UnknownRequestHandler")
        elif isinstance(handler, FallbackHandler) and intent["name"] != "AMAZON.FallbackIntent":
            problems.append(f"intent {intent['name']}: answered by FallbackHandler")
    assert not problems, f"{path.name}: " + f"\n{path.name}: ".join(problems)


def _intent_names_in_handlers() -> dict[str, set[str]]:
    """Every intent-name string literal in the handlers' source, by file."""
    found: dict[str, set[str]] = defaultdict(set)
    for source in sorted(HANDLERS_DIR.glob("*.py")):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and INTENT_NAME_LITERAL.fullmatch(node.value)
            ):
                found[node.value].add(source.name)
    return found


def _is_intent_name_arguments() -> Iterable[str]:
    for source in sorted(HANDLERS_DIR.glob("*.py")):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "is_intent_name"
            ):
                for argument in node.args:
                    if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                        yield argument.value


def test_every_intent_the_handlers_check_is_in_the_en_us_model() -> None:
    declared = {intent["name"] for intent in _intents(_language_model(REFERENCE_MODEL))}
    in_code = _intent_names_in_handlers()
    # The literal scan sees at least everything passed to is_intent_name(...).
    assert set(_is_intent_name_arguments()) <= set(in_code)
    missing = [
        f"{REFERENCE_MODEL.name}: intent {name} "
        f"(checked in {', '.join(sorted(files))}) is not declared"
        for name, files in sorted(in_code.items())
        if name not in declared
    ]
    assert not missing, "\n".join(missing)
