"""Resolve typed text to an Alexa request using the skill's own interaction model.

The text console and the tests need to turn "i'm judging her" into the intent
and slots Alexa would send. Rather than a second, hand-kept list of phrases,
this module reads `interaction_models/<locale>.json` itself, so whatever the
model says is what the console understands, and a phrase missing from the
model is missing here too. It is deliberately simple: samples are compiled to
regular expressions, `{slot}` captures text, and the match with the most
literal characters wins. It is a stand-in for Alexa's NLU, not a copy of it.
"""

from __future__ import annotations

import difflib
import itertools
import json
import math
import os
import re
import sys
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, NamedTuple

__all__ = [
    "DEFAULT_SKILL_ID",
    "ModelResolver",
    "Resolution",
    "ResolvedSlot",
    "available_locales",
    "default_model_path",
    "models_dir",
    "normalize",
    "parse_day",
    "parse_number",
    "parse_ordinal",
    "parse_time",
    "skill_id_from_env",
]

DEFAULT_SKILL_ID = "amzn1.ask.skill.local-console"
FALLBACK_INTENT = "AMAZON.FallbackIntent"
NUMBER_TYPE = "AMAZON.NUMBER"
TIME_TYPE = "AMAZON.TIME"
DAY_TYPE = "AMAZON.DayOfWeek"
ORDINAL_TYPE = "AMAZON.Ordinal"
FUZZY_CUTOFF = 0.85
# A statement of danger: heard before anything else said with it.
CRISIS_INTENT = "CrisisIntent"

Kind = Literal["launch", "intent", "end"]

# Contractions expanded the same way in typed text and in samples, so "what's my
# focus" and "what is my focus" are one phrase to the matcher.
_CONTRACTIONS: dict[str, str] = {
    "what's": "what is",
    "i'm": "i am",
    "it's": "it is",
    "that's": "that is",
    "i've": "i have",
    "i'd": "i would",
    "i'll": "i will",
    "let's": "let us",
    "don't": "do not",
    "can't": "can not",
    "cannot": "can not",
    "won't": "will not",
    "didn't": "did not",
    "doesn't": "does not",
    "isn't": "is not",
    "you're": "you are",
    "who's": "who is",
    "where's": "where is",
    "how's": "how is",
    # The same words typed without the apostrophe, as people do at a keyboard.
    "whats": "what is",
    "im": "i am",
    "ive": "i have",
    "thats": "that is",
    "lets": "let us",
    "dont": "do not",
    "cant": "can not",
    "didnt": "did not",
    "doesnt": "does not",
    "isnt": "is not",
    "youre": "you are",
    "wasn't": "was not",
    "weren't": "were not",
    "aren't": "are not",
    "haven't": "have not",
    "hasn't": "has not",
    "hadn't": "had not",
    "couldn't": "could not",
    "wouldn't": "would not",
    "shouldn't": "should not",
    "he's": "he is",
    "she's": "she is",
    "they're": "they are",
    "we're": "we are",
    "there's": "there is",
    "you've": "you have",
    "we've": "we have",
    "they've": "they have",
    "you'll": "you will",
    "we'll": "we will",
    "they'll": "they will",
    "you'd": "you would",
    "we'd": "we would",
    "they'd": "they would",
    # Words run together in speech, as speech-to-text writes them.
    "kinda": "kind of",
    "sorta": "sort of",
    "gonna": "going to",
    "wanna": "want to",
    "gotta": "got to",
    "gimme": "give me",
    "lemme": "let me",
    "dunno": "do not know",
}

# Alexa's built-in intents understand far more than the model lists; these are
# the everyday phrases Alexa gives them, so the console hears them too.
BUILT_IN_PHRASES: dict[str, tuple[str, ...]] = {
    "AMAZON.YesIntent": (
        "yes", "yeah", "yep", "yup", "yes please", "sure", "ok", "okay", "of course",
        "absolutely", "please do", "go ahead", "do it", "alright", "all right", "certainly",
        "definitely", "sounds good", "yes please do", "correct", "right",
    ),
    "AMAZON.NoIntent": (
        "no", "nope", "no thanks", "no thank you", "nah", "not really", "not now",
        "no way", "negative", "not at all", "no not really",
    ),
    "AMAZON.HelpIntent": (
        "help", "help me", "what can i say", "what can i do", "i need help", "i'm lost",
        "what do i do", "how does this work", "what are my choices", "can you help",
        "can you help me",
    ),
    "AMAZON.StopIntent": (
        "stop", "quit", "exit", "goodbye", "bye", "good bye", "shut up", "that's all",
        "that is all", "i'm done", "i am done", "enough", "off", "be quiet", "stop it",
    ),
    "AMAZON.CancelIntent": ("cancel", "never mind", "nevermind", "forget it", "cancel it"),
    "AMAZON.NextIntent": ("next", "next one", "continue", "go on", "keep going", "next please"),
    "AMAZON.PreviousIntent": ("previous", "back", "go back", "previous one", "go backwards"),
    "AMAZON.RepeatIntent": (
        "repeat", "say that again", "what", "repeat that", "again", "pardon", "come again",
        "say again", "repeat please", "once more", "what was that",
    ),
    "AMAZON.StartOverIntent": ("start over", "restart", "start again", "begin again"),
    "AMAZON.PauseIntent": ("pause", "hold on", "hang on", "wait"),
    "AMAZON.ResumeIntent": ("resume", "unpause", "resume please"),
    "AMAZON.MoreIntent": ("more", "more please", "show more"),
    "AMAZON.NavigateHomeIntent": ("home", "go home"),
}  # fmt: skip

_LAUNCH_VERBS = ("open", "launch", "start", "begin", "load", "run", "play", "use", "talk to")
_ASK_VERBS = ("ask", "tell")
_CONNECTORS = ("to", "for", "about", "if", "whether", "that", "and", "and then")
_END_VERBS = ("exit", "close", "quit", "stop")

_SMALL_WORDS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
)  # fmt: skip
_TENS_WORDS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_SMALL = {word: value for value, word in enumerate(_SMALL_WORDS)}
_TENS = {word: 10 * (index + 2) for index, word in enumerate(_TENS_WORDS)}
_SLOT_REF = re.compile(r"\{(\w+)\}")
_NOT_WORD = re.compile(r"[^a-z0-9_'{}\s]+")
_SPACES = re.compile(r"\s+")


# One spelling for words English writes two ways, on both sides of the comparison.
_SPELLINGS = {
    "practise": "practice", "practised": "practiced", "practising": "practicing",
    "practises": "practices", "judgement": "judgment", "judgemental": "judgmental",
    "criticise": "criticize", "criticising": "criticizing", "criticised": "criticized",
    "summarise": "summarize", "harmonise": "harmonize", "harmonising": "harmonizing",
    "realise": "realize", "apologise": "apologize", "behaviour": "behavior",
}  # fmt: skip


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """Lowercase, drop punctuation (keeping apostrophes), expand contractions, one spelling.

    Applied to typed text and to samples alike so both sides compare equal.
    """
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'").replace("&", " and ")
    text = _NOT_WORD.sub(" ", text)
    words = []
    for word in text.split():
        word = word.strip("'") if not word.endswith("s'") else word
        if word:
            words.append(_SPELLINGS.get(word, _CONTRACTIONS.get(word, word)))
    return _SPACES.sub(" ", " ".join(words)).strip()


@lru_cache(maxsize=65536)
def parse_number(text: str) -> str | None:
    """Digits for a spoken or typed number ("forty seven" -> "47"), else None.

    Alexa sends AMAZON.NUMBER slots as digits, so the console must too.
    """
    tokens = normalize(text).split()
    if len(tokens) == 1 and tokens[0].isdigit():
        return str(int(tokens[0]))
    parsed = _parse_thousands(tokens)
    return str(parsed) if parsed is not None else None


def _below_hundred(tokens: list[str], i: int) -> tuple[int, int] | None:
    if i < len(tokens) and tokens[i] in _TENS:
        value = _TENS[tokens[i]]
        i += 1
        if i < len(tokens) and 1 <= _SMALL.get(tokens[i], 0) <= 9:
            value += _SMALL[tokens[i]]
            i += 1
        return value, i
    if i < len(tokens) and tokens[i] in _SMALL:
        return _SMALL[tokens[i]], i + 1
    return None


def _multiplied(tokens: list[str], i: int, word: str) -> tuple[int, int] | None:
    """'<one..nine|a> <word>' at position i, e.g. 'three hundred', 'a thousand'."""
    if i + 1 < len(tokens) and tokens[i + 1] == word:
        if tokens[i] == "a":
            return 1, i + 2
        if 1 <= _SMALL.get(tokens[i], 0) <= 9:
            return _SMALL[tokens[i]], i + 2
    return None


def _below_thousand(tokens: list[str], i: int) -> tuple[int, int] | None:
    hundreds = _multiplied(tokens, i, "hundred")
    if hundreds is None:
        return _below_hundred(tokens, i)
    value, i = hundreds[0] * 100, hundreds[1]
    after_and = i + 1 if i < len(tokens) and tokens[i] == "and" else i
    rest = _below_hundred(tokens, after_and)
    if rest is not None and rest[0] > 0:
        return value + rest[0], rest[1]
    return value, i


def _parse_thousands(tokens: list[str]) -> int | None:
    if not tokens:
        return None
    value, i = 0, 0
    thousands = _multiplied(tokens, 0, "thousand")
    if thousands is None and len(tokens) > 2 and tokens[2] == "thousand":
        head = _below_hundred(tokens, 0)
        if head is not None and head[1] == 2:
            thousands = head[0], 3
    if thousands is not None:
        value, i = thousands[0] * 1000, thousands[1]
        if i < len(tokens) and tokens[i] == "and":
            i += 1
        if i == len(tokens):
            return value
    rest = _below_thousand(tokens, i)
    if rest is None or rest[1] != len(tokens):
        return None
    return value + rest[0]


# AMAZON.TIME: named times, parts of the day (Alexa's own codes), and am/pm words.
_NAMED_TIMES = {"noon": "12:00", "midday": "12:00", "midnight": "00:00"}
_PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}
_MERIDIEMS: tuple[tuple[tuple[str, ...], str | None], ...] = (
    (("in", "the", "morning"), "am"),
    (("in", "the", "afternoon"), "pm"),
    (("in", "the", "evening"), "pm"),
    (("at", "night"), "pm"),
    (("a", "m"), "am"),
    (("p", "m"), "pm"),
    (("am",), "am"),
    (("pm",), "pm"),
    (("o'clock",), None),
    (("oclock",), None),
)
_ATTACHED_MERIDIEM = re.compile(r"^(\d{1,4})(am|pm)$")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@lru_cache(maxsize=65536)
def parse_time(text: str) -> str | None:
    """AMAZON.TIME's value for a time: "7:30 pm" -> "19:30", "9" -> "09:00", "morning" -> "MO".

    Alexa sends "HH:MM", or MO/AF/EV/NI for a part of the day, so the console must too.
    """
    words = normalize(text).split()
    while words and words[0] in ("at", "in", "the", "around", "about", "for", "by"):
        words = words[1:]
    phrase = " ".join(words)
    relative = _relative_time(words)
    if relative is not None:
        return relative
    if phrase in _NAMED_TIMES:
        return _NAMED_TIMES[phrase]
    if phrase.endswith("s") and phrase[:-1] in _PARTS_OF_DAY:  # "evenings"
        phrase = phrase[:-1]
    if phrase in _PARTS_OF_DAY or phrase == "tonight":
        return _PARTS_OF_DAY.get(phrase, "NI")
    attached = _ATTACHED_MERIDIEM.match(words[-1]) if words else None
    if attached:
        words = [*words[:-1], attached.group(1), attached.group(2)]
    meridiem = None
    stripped = True
    while stripped:  # "7 o'clock in the evening": both
        stripped = False
        for suffix, value in _MERIDIEMS:
            if len(words) > len(suffix) and tuple(words[-len(suffix) :]) == suffix:
                words, meridiem, stripped = words[: -len(suffix)], meridiem or value, True
                break
    clock = _hour_and_minute(words)
    if clock is None:
        return None
    hour, minute = clock
    if meridiem is not None:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return f"{hour:02d}:{minute:02d}"


_RELATIVE = {"half past": 30, "quarter past": 15, "a quarter past": 15, "quarter to": -15,
             "a quarter to": -15}  # fmt: skip


def _relative_time(words: list[str]) -> str | None:
    """ "half past seven", "quarter to eight in the evening": as "HH:MM"."""
    phrase = " ".join(words)
    for lead, offset in sorted(_RELATIVE.items(), key=lambda item: -len(item[0])):
        if phrase.startswith(lead + " "):
            rest = parse_time(phrase[len(lead) + 1 :])
            if rest is None or ":" not in rest or not rest.endswith(":00"):
                return None
            minutes = (int(rest[:2]) * 60 + offset) % (24 * 60)
            return f"{minutes // 60:02d}:{minutes % 60:02d}"
    return None


def _hour_and_minute(words: list[str]) -> tuple[int, int] | None:
    """ "7" / "seven" / "7 30" / "seven thirty" / "seven oh five" / "730" as (hour, minute)."""
    if not words:
        return None
    if len(words) == 1 and words[0].isdigit() and len(words[0]) in (3, 4):
        return int(words[0]) // 100, int(words[0]) % 100
    whole = parse_number(" ".join(words))
    if whole is not None:
        return int(whole), 0
    hour = parse_number(words[0])
    rest = words[1:]
    if rest[:1] == ["oh"] and len(rest) == 2:
        rest = rest[1:]
    minute = parse_number(" ".join(rest)) if rest else None
    if hour is None or minute is None:
        return None
    return int(hour), int(minute)


@lru_cache(maxsize=65536)
def parse_day(text: str) -> str | None:
    """AMAZON.DayOfWeek's value for a day: "Sundays" or "on sunday" -> "sunday"."""
    words = normalize(text).split()
    while words and words[0] in ("on", "every", "each", "the"):
        words = words[1:]
    day = " ".join(words)
    if day in _WEEKDAYS:
        return day
    return day[:-1] if day.endswith("s") and day[:-1] in _WEEKDAYS else None


_ORDINAL_WORDS = (
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
    "seventeenth", "eighteenth", "nineteenth", "twentieth",
)  # fmt: skip
_ORDINAL_DIGITS = re.compile(r"^(\d{1,3})(?:st|nd|rd|th)$")


@lru_cache(maxsize=65536)
def parse_ordinal(text: str) -> str | None:
    """AMAZON.Ordinal's value: "third" or "3rd" -> "3" (Alexa sends ordinals as digits)."""
    words = normalize(text).split()
    if len(words) != 1:
        return None
    word = words[0]
    if word in _ORDINAL_WORDS:
        return str(_ORDINAL_WORDS.index(word) + 1)
    match = _ORDINAL_DIGITS.match(word)
    return str(int(match.group(1))) if match else None


# Built-in slot types the console fills with Alexa's normalised values, not the words said.
_BUILT_IN_PARSERS = {
    NUMBER_TYPE: parse_number,
    TIME_TYPE: parse_time,
    DAY_TYPE: parse_day,
    ORDINAL_TYPE: parse_ordinal,
}


# Where an installed (non-editable) package keeps the models: pyproject's data-files.
INSTALLED_MODELS = Path("share") / "secure-differentiation" / "interaction_models"


def models_dir() -> Path:
    """The folder of interaction models, one `<locale>.json` each.

    SKILL_MODELS_DIR wins; otherwise the source checkout's interaction_models/
    (an editable install), else the copy a wheel installs under the environment's
    share/ folder.
    """
    override = os.environ.get("SKILL_MODELS_DIR")
    if override:
        return Path(override)
    checkout = Path(__file__).resolve().parents[3] / "interaction_models"
    installed = Path(sys.prefix) / INSTALLED_MODELS
    return installed if not checkout.is_dir() and installed.is_dir() else checkout


def default_model_path(locale: str = "en-US") -> Path:
    """Where the interaction model for a locale lives."""
    return models_dir() / f"{locale}.json"


def available_locales() -> list[str]:
    """The locales the console can speak: those with an interaction model."""
    return sorted(path.stem for path in models_dir().glob("*.json"))


def skill_id_from_env() -> str:
    """The skill id to stamp on requests and entity-resolution authorities."""
    return os.environ.get("SKILL_ID") or DEFAULT_SKILL_ID


@dataclass(frozen=True)
class ResolvedSlot:
    """A filled slot: what was said, plus Alexa's `resolutions` block if any."""

    value: str
    resolution: dict[str, Any] | None = None

    @property
    def status(self) -> str | None:
        """ER_SUCCESS_MATCH / ER_SUCCESS_NO_MATCH, or None for built-in types."""
        if not self.resolution:
            return None
        return str(self.resolution["resolutionsPerAuthority"][0]["status"]["code"])

    @property
    def resolved_id(self) -> str | None:
        """The matched value's id, which is what handlers act on."""
        if not self.resolution:
            return None
        values = self.resolution["resolutionsPerAuthority"][0].get("values") or []
        return str(values[0]["value"]["id"]) if values else None

    def to_alexa(self, name: str) -> dict[str, Any]:
        """The slot exactly as it appears in an IntentRequest."""
        slot: dict[str, Any] = {
            "name": name,
            "value": self.value,
            "confirmationStatus": "NONE",
            "source": "USER",
        }
        if self.resolution is not None:
            slot["resolutions"] = self.resolution
        return slot


@dataclass(frozen=True)
class Resolution:
    """What Alexa would have sent for a piece of text."""

    kind: Kind
    intent: str | None = None
    slots: dict[str, ResolvedSlot] = field(default_factory=dict)
    one_shot: bool = False
    declared_slots: tuple[str, ...] = ()

    def intent_json(self) -> dict[str, Any]:
        """The request's `intent` object; declared but unfilled slots are sent empty."""
        if self.intent is None:
            raise ValueError(f"a {self.kind} resolution has no intent")
        slots: dict[str, Any] = {
            name: {"name": name, "confirmationStatus": "NONE"} for name in self.declared_slots
        }
        for name, slot in self.slots.items():
            slots[name] = slot.to_alexa(name)
        return {"name": self.intent, "confirmationStatus": "NONE", "slots": slots}


_LITERAL = re.compile(r"(?!)")  # matches nothing


@dataclass(frozen=True)
class _Sample:
    intent: str
    text: str
    pattern: re.Pattern[str]
    slots: tuple[str, ...]
    literal_chars: int
    order: int
    specific: bool = True  # has words beyond carriers such as "i'm", "please"


# Words that carry a sentence without saying what it is about (see _fill_slots).
_CARRIER_WORDS = frozenset(
    [
        "i", "i'm", "am", "is", "are", "was", "were", "be", "been", "being", "have", "has",
        "had", "i've", "my", "me", "the", "a", "an", "to", "it", "so", "just", "really", "very",
        "too", "all", "right", "now", "again", "please", "this", "that", "of", "for", "with",
        "and", "on", "in", "feel", "feeling", "felt", "getting", "got", "get", "think",
        "thinking", "about", "want", "need", "going", "keep", "can", "cannot", "can't", "stop",
        "like", "would", "could", "might", "will", "do", "did", "don't", "some",
    ]
)  # fmt: skip
# The most words a custom value is looked for in (longer values are said whole).
_LONGEST_VALUE = 10
# Words that point at something said before; they are no slot value.
_POINTERS = frozenset(
    ["that", "this", "it", "these", "those", "them", "one", "the", "again", "please", "now",
     "exactly", "then", "a", "bit", "more"]
)  # fmt: skip
# A custom slot type with this few values is a closed choice: words it cannot place are
# not heard as one of them ("set a timer" is no check-in kind).
CLOSED_TYPE_SIZE = 6
_LEADING_FILLER = re.compile(
    r"^(?:(?:um|uh|erm|er|oh|so|well|okay|ok|hmm|honestly|actually|alexa|hey|please|"
    r"can you|could you|would you|i said|like|yeah so|and|but|basically|ugh|man|god|oh god|"
    r"look|listen|you know|i mean|anyway|anyways|right|alright|so yeah|ok so|okay so)\s+)+"
)
_TRAILING_FILLER = re.compile(
    r"(?:\s+(?:please|thanks|thank you|now|right now|again|today|for me|then|alexa|ok|okay))+$"
)


# Words that turn what follows around: "not judging anyone" names no sign of threat.
_NEGATIONS = frozenset(["not", "no", "never", "didn't", "don't", "wasn't", "isn't", "without"])


def _said_within(phrase: str, words: str) -> bool:
    """Whether `phrase` is said, as whole words and not negated, within `words`."""
    found = re.search(rf"(?<![\w']){re.escape(phrase)}(?![\w'])", words)
    if found is None:
        return False
    before = words[: found.start()].split()[-2:]
    return not (set(before) & _NEGATIONS)


def _scene_only(words: str) -> bool:
    """Whether words a slot holds beyond its value only carry or set the scene."""
    said = words.split()
    costs = _context_costs(["", "", *said])[2:]
    return all(
        cost == SCENE_COST or word in _CARRIER_WORDS or word in _DETERMINERS
        for word, cost in zip(said, costs, strict=True)
    )


def _passive(before: str, words: str) -> bool:
    """Whether words open with a past participle after "being"/"been": the passive voice."""
    said = [*before.split()[-1:], *words.split()]
    return any(
        said[i] in ("being", "been") and _participle(said[i + 1]) for i in range(len(said) - 1)
    )


# Participles English uses as adjectives of a state: "I'm being guarded" is no passive.
_STATES = frozenset(["guarded", "closed", "reserved", "detached", "heated", "entitled"])
_STATE_ENDINGS = ("minded", "handed", "headed", "tempered", "centered", "centred", "absorbed")


def _participle(word: str) -> bool:
    return word.endswith("ed") and word not in _STATES and not word.endswith(_STATE_ENDINGS)


def _placed(slot: ResolvedSlot) -> bool:
    """A built-in slot, or a custom one that entity resolution matched."""
    return slot.resolution is None or slot.resolved_id is not None


def _without_filler(text: str) -> list[str]:
    """The words as said, then without leading and trailing filler."""
    stripped = _TRAILING_FILLER.sub("", _LEADING_FILLER.sub("", text)).strip()
    return [text] if stripped in ("", text) else [text, stripped]


# Where a request can start after a preamble, or a preamble after a request ends.
_CLAUSE_JOINS = frozenset(["and", "but", "so", "then", "anyway", "because", "cause", "since"])
_REQUEST_OPENERS = frozenset(
    ["can", "could", "would", "will", "please", "give", "tell", "remind", "what", "how",
     "let", "help", "just"]
)  # fmt: skip


def _clauses(text: str) -> list[str]:
    """The parts of a long sentence a request may be: what follows a joining word or a
    request's opening word, then what comes before a joining word."""
    words = text.split()
    # Speech comes unpunctuated: "i can't take it anymore i want to die" is two sentences.
    starts = {i for i in range(2, len(words) - 1) if words[i] == "i"}
    after = [
        " ".join(words[i:])
        for i in range(1, len(words) - 1)
        if words[i - 1] in _CLAUSE_JOINS or words[i] in _REQUEST_OPENERS or i in starts
    ]
    before = [
        " ".join(words[:i])
        for i in range(2, len(words))
        if words[i] in _CLAUSE_JOINS or i in starts
    ]
    return sorted([*after, *before], key=lambda clause: -len(clause.split()))


@dataclass(frozen=True)
class _SlotValue:
    id: str
    name: str


class ModelResolver:
    """Maps text to intents and slots using one locale's interaction model."""

    def __init__(
        self,
        model_path: str | Path | None = None,
        *,
        locale: str = "en-US",
        skill_id: str | None = None,
    ) -> None:
        path = Path(model_path) if model_path is not None else default_model_path(locale)
        model = json.loads(path.read_text(encoding="utf-8"))
        language_model = model["interactionModel"]["languageModel"]
        self.model_path = path
        self.locale = locale
        self.skill_id = skill_id or skill_id_from_env()
        self.invocation_name = normalize(language_model["invocationName"])
        self._slot_types: dict[str, dict[str, str]] = {}  # intent -> slot -> type
        self._literal: dict[str, _Sample] = {}
        self._patterns: list[_Sample] = []
        # (intent, slot) -> the slot's own samples, heard only while Alexa elicits that slot.
        self._slot_samples: dict[tuple[str, str], list[_Sample]] = {}
        self._values: dict[str, dict[str, _SlotValue]] = {}
        self._slot_values: dict[str, set[str]] = {}  # type -> value ids
        self._fuzzy_keys: dict[str, list[str]] = {}
        self._load_types(language_model.get("types", []))
        self._load_intents(language_model.get("intents", []))
        self._vocabulary = {
            _stem(w) for sample in self.samples() for w in _SLOT_REF.sub(" ", sample.text).split()
        }
        self._stemmed = self._stemmed_values()
        self._worded = [sample for sample in self._patterns if sample.literal_chars]
        self._crisis_patterns = [s for s in self._patterns if s.intent == CRISIS_INTENT]
        self._invocation = self._compile_invocation()
        self._near = _NearMatcher(self)

    # -- building -----------------------------------------------------------

    def _load_types(self, types: Iterable[Mapping[str, Any]]) -> None:
        for slot_type in types:
            index: dict[str, _SlotValue] = {}
            for entry in slot_type.get("values", []):
                name = entry["name"]["value"]
                value = _SlotValue(id=str(entry.get("id") or name), name=name)
                for phrase in (name, *entry["name"].get("synonyms", [])):
                    index.setdefault(normalize(phrase), value)
            self._values[slot_type["name"]] = index
            self._slot_values[slot_type["name"]] = {value.id for value in index.values()}
            self._fuzzy_keys[slot_type["name"]] = list(index)

    def _names_something(self, slots: Mapping[str, ResolvedSlot]) -> bool:
        """Whether unplaced words in a slot try to name a value: a word the model has no
        other use for ("make pineapples my focus"), not one it uses for other things
        ("i can't stop thinking about work")."""
        return all(
            _placed(slot) or any(_stem(w) not in self._vocabulary for w in slot.value.split())
            for slot in slots.values()
        )

    def _stemmed_values(self) -> dict[str, dict[str, _SlotValue]]:
        """Each type's values by their words' stems ("criticised" for "criticizing"), where
        that names one value, and a one-word value is no word the samples say anyway."""
        said = self._vocabulary
        stemmed: dict[str, dict[str, _SlotValue]] = {}
        for slot_type, index in self._values.items():
            named: dict[str, set[_SlotValue]] = {}
            for phrase, value in index.items():
                key = " ".join(_stem(w) for w in phrase.split())
                if " " in key or key not in said:
                    named.setdefault(key, set()).add(value)
            stemmed[slot_type] = {k: next(iter(v)) for k, v in named.items() if len(v) == 1}
        return stemmed

    def _lookup(self, slot_type: str, words: list[str]) -> _SlotValue | None:
        """The value these words are, as said or by their stems."""
        value = self._values.get(slot_type, {}).get(" ".join(words))
        if value is None:
            key = " ".join(_stem(w) for w in words)
            value = self._stemmed.get(slot_type, {}).get(key)
        return value

    def _load_intents(self, intents: Iterable[Mapping[str, Any]]) -> None:
        order = 0
        declared: set[str] = set()
        for intent in intents:
            name = intent["name"]
            declared.add(name)
            self._slot_types[name] = {s["name"]: s["type"] for s in intent.get("slots", [])}
            for slot in intent.get("slots", []):
                for sample in slot.get("samples", []):
                    self._slot_samples.setdefault((name, slot["name"]), []).append(
                        self._compile(name, sample, order)
                    )
                    order += 1
            for sample in intent.get("samples", []):
                self._add_sample(name, sample, order)
                order += 1
        for name, phrases in BUILT_IN_PHRASES.items():
            if name not in declared:
                continue
            for phrase in phrases:
                self._add_sample(name, phrase, order)
                order += 1

    def _add_sample(self, intent: str, sample: str, order: int) -> None:
        compiled = self._compile(intent, sample, order)
        if not compiled.slots:
            # Model samples come first, so a phrase in the model beats the built-in table.
            self._literal.setdefault(compiled.text, compiled)
        else:
            self._patterns.append(compiled)

    @staticmethod
    def _compile(intent: str, sample: str, order: int) -> _Sample:
        text = normalize(sample)
        slots = tuple(_SLOT_REF.findall(text))
        literal = _SLOT_REF.sub("", text)
        return _Sample(
            intent,
            text,
            _pattern(text) if slots else _LITERAL,  # literal samples are looked up whole
            slots,
            len(literal.replace(" ", "")),
            order,
            specific=any(word not in _CARRIER_WORDS for word in literal.split()),
        )

    def _compile_invocation(self) -> re.Pattern[str]:
        def alternatives(words: Iterable[str]) -> str:
            return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

        name = re.escape(self.invocation_name)
        return re.compile(
            rf"^(?:(?P<end>{alternatives(_END_VERBS)}) {name}"
            rf"|(?P<launch>{alternatives(_LAUNCH_VERBS)}) {name}(?: (?P<launch_rest>.+))?"
            rf"|(?P<ask>{alternatives(_ASK_VERBS)}) {name}(?: (?P<ask_rest>.+))?"
            rf"|{name})$"
        )

    # -- resolving ----------------------------------------------------------

    def resolve(self, text: str, *, eliciting: tuple[str, str] | None = None) -> Resolution:
        """What Alexa would send for `text`: a launch, an intent, or a session end.

        `eliciting` is the (intent, slot) the last response asked Alexa to elicit
        (Dialog.ElicitSlot): a bare answer is first heard as that slot's value.
        """
        normalized = normalize(text)
        if normalized in ("alexa exit", "alexa quit"):
            return Resolution(kind="end")
        normalized = re.sub(r"^(?:hey )?alexa\b ?", "", normalized)
        invoked = self._invocation.fullmatch(normalized)
        if invoked is None:
            if eliciting is not None:
                elicited = self._resolve_elicited(normalized, eliciting)
                if elicited is not None:
                    return elicited
            return self.resolve_intent(normalized)
        if invoked.group("end"):
            return Resolution(kind="end")
        rest = invoked.group("launch_rest") or invoked.group("ask_rest")
        if not rest:
            return Resolution(kind="launch")
        return self._resolve_one_shot(rest)

    def _resolve_one_shot(self, rest: str) -> Resolution:
        """The request after "ask <name> ...": without its connecting word, as Alexa reads
        "ask <name> for a mantra", then with it."""
        candidates = [rest]
        for connector in sorted(_CONNECTORS, key=len, reverse=True):
            if rest.startswith(connector + " "):
                candidates.insert(0, rest[len(connector) + 1 :])
                break
        resolution = self.resolve_intent(candidates[0])
        for candidate in candidates[1:]:
            if resolution.intent != FALLBACK_INTENT:
                break
            resolution = self.resolve_intent(candidate)
        return Resolution(
            kind="intent",
            intent=resolution.intent,
            slots=resolution.slots,
            one_shot=True,
            declared_slots=resolution.declared_slots,
        )

    def resolve_intent(self, text: str) -> Resolution:
        """Match text said inside a session against the samples; Fallback if none fit.

        Like Alexa, it looks past filler ("um", "so", "please", "right now") when the
        words as said fit no sample, and past a preamble to the request in it ("i'm having
        a hard day can i get a mantra").
        """
        said = normalize(text)
        clauses = _clauses(said)
        crisis = self._crisis_within([said, *clauses])
        if crisis is not None:  # said anywhere, it comes before whatever else was asked
            return crisis
        heard = self._heard(_without_filler(said))
        if heard is None:  # the clause nearest a request
            near = [self._heard(_without_filler(clause)) for clause in clauses]
            heard = max((c for c in near if c is not None), key=lambda c: c[0], default=None)
        if heard is not None:
            return heard[1]
        # Last, a value said within more words where only carriers are around its slot
        # ("i {sign}": "i bulldozed my way through the meeting").
        for candidate in _without_filler(said):
            best = self._best_match(candidate, self._worded, within=True)
            if best is not None and all(_placed(slot) for slot in best[1].values()):
                return self._resolution(best[0].intent, best[1])
        return self._resolution(FALLBACK_INTENT, {})

    def _crisis_within(self, clauses: list[str]) -> Resolution | None:
        """CrisisIntent, if the words or any clause of them fit one of its samples: "remind
        me daily i want to die" is not a check-in."""
        for clause in clauses:
            # "um, i need help right now": "right now" is no filler here
            opened = _LEADING_FILLER.sub("", clause).strip()
            for candidate in dict.fromkeys([opened, *_without_filler(clause)]):
                literal = self._literal.get(candidate)
                if literal is not None and literal.intent == CRISIS_INTENT:
                    return self._resolution(CRISIS_INTENT, {})
                best = self._best_match(candidate, self._crisis_patterns, within=True)
                if best is not None and all(_placed(slot) for slot in best[1].values()):
                    return self._resolution(CRISIS_INTENT, best[1])
        return None

    def _heard(self, candidates: list[str]) -> tuple[float, Resolution] | None:
        """A sample the words fit (nearness 1), or else the nearest with how near it is;
        None if none is near enough."""
        for candidate in candidates:
            literal = self._literal.get(candidate)
            if literal is not None:
                return 1.0, self._resolution(literal.intent, {})
            best = self._best_match(candidate, self._patterns)
            if best is not None and all(_placed(slot) for slot in best[1].values()):
                return 1.0, self._resolution(best[0].intent, best[1])
            if best is not None:  # a sample fits, but words in a slot name nothing known
                # Words nearer to another request, or to this one with its slots known
                # ("an example of skill three"), win; else the unknown words are kept, so
                # the skill can say what it did not know ("make pineapples my focus").
                near = self._near.scored(candidate)
                if (
                    near is not None
                    and (near[1] != best[0].intent or near[2])
                    and all(_placed(slot) for slot in near[2].values())
                ):
                    return near[0], self._resolution(near[1], near[2])
                if self._names_something(best[1]):
                    return 1.0, self._resolution(best[0].intent, best[1])
        # The nearest sample to the words as said or without their filler, whichever is nearer
        # ("what should i practise today": the "today" tells).
        scored = [self._near.scored(c) for c in candidates]
        nearest = max((s for s in scored if s is not None), key=lambda s: s[0], default=None)
        if nearest is not None:
            return nearest[0], self._resolution(nearest[1], nearest[2])
        return None

    def _resolve_elicited(self, text: str, eliciting: tuple[str, str]) -> Resolution | None:
        """The elicited slot's own samples, accepted only when every slot resolves."""
        for candidate in _without_filler(text):
            best = self._best_match(candidate, self._slot_samples.get(eliciting, []))
            if best is not None and all(
                s.resolved_id or not s.resolution for s in best[1].values()
            ):
                return self._resolution(best[0].intent, best[1])
        return None

    def _best_match(
        self, text: str, samples: Iterable[_Sample], *, within: bool = False
    ) -> tuple[_Sample, dict[str, ResolvedSlot]] | None:
        best: tuple[tuple[bool, int, int, int, int], _Sample, dict[str, ResolvedSlot]] | None
        best = None
        for sample in samples:
            match = sample.pattern.fullmatch(text)
            if match is None:
                continue
            for split in _splits(sample, text, match):
                filled = self._fill_slots(sample, split, within=within)
                if filled is None:
                    continue
                slots, matched, spare = filled
                # A match whose every slot resolved beats one that leaves words unplaced;
                # one whose slots hold just their values beats one that stuffs words into
                # them; and values said as they are beat values heard as close to one
                # ("at 6 15 every day" is 6:15 daily, not 6:00 and "15 every day").
                inexact = sum(1 for slot in slots.values() if not self._said_as_is(slot))
                key = (
                    matched == len(sample.slots),
                    -spare,
                    -inexact,
                    sample.literal_chars,
                    -sample.order,
                )
                if best is None or key > best[0]:
                    best = (key, sample, slots)
        return (best[1], best[2]) if best is not None else None

    def _said_as_is(self, slot: ResolvedSlot) -> bool:
        """A built-in value, or a custom value whose words are one of its names."""
        if not slot.resolution:
            return True
        authority = slot.resolution["resolutionsPerAuthority"][0]["authority"]
        slot_type = authority.rsplit(".", 1)[-1]
        return self._lookup(slot_type, normalize(slot.value).split()) is not None

    def _resolution(self, intent: str, slots: dict[str, ResolvedSlot]) -> Resolution:
        declared = tuple(self._slot_types.get(intent, {}))
        return Resolution(kind="intent", intent=intent, slots=slots, declared_slots=declared)

    def _fill_slots(
        self, sample: _Sample, match: re.Match[str], *, within: bool = False
    ) -> tuple[dict[str, ResolvedSlot], int, int] | None:
        """Slots for a match, how many resolved and how many words they hold beyond a value.

        None if the match is not plausible. A number, time or day slot must hold one. Words
        a custom slot cannot place are heard only after specific words ("make {skill} my
        focus"), never after mere carriers ("i'm {sign}", "{skill} please"), which would
        swallow everyday speech; for the same reason a carrier-only sample hears a value
        only when the slot holds it whole.
        """
        types = self._slot_types.get(sample.intent, {})
        slots: dict[str, ResolvedSlot] = {}
        matched = spare = 0
        for name in sample.slots:
            captured = match.group(name).strip()
            slot_type = types.get(name)
            if slot_type is None:
                return None
            parser = _BUILT_IN_PARSERS.get(slot_type)
            if parser is not None:
                value = parser(captured)
                if value is None:
                    return None
                slots[name] = ResolvedSlot(value=value)
                matched += 1
                continue
            if set(normalize(captured).split()) <= _POINTERS:
                return None  # "what does that mean": "that" points, it names nothing
            if _passive(match.string[: match.start(name)], captured):
                return None  # "i'm being judged" is done to the person, not by them
            found, extra = self._match_value(slot_type, captured, lenient=within)
            if found is None:  # "the {skill} one": "the last one" names skill twelve whole
                found = self._spanning_value(slot_type, match, name)
            if found is not None and (extra == 0 or sample.specific or within):
                matched += 1
                spare += extra
            elif len(self._slot_values.get(slot_type, ())) <= CLOSED_TYPE_SIZE:
                return None
            else:
                found = None
            slots[name] = self._slot(slot_type, captured, found)
        if not sample.specific and matched < len(sample.slots):
            return None
        return slots, matched, spare

    def _spanning_value(self, slot_type: str, match: re.Match[str], name: str) -> _SlotValue | None:
        """A value whose words run on from the slot into the sample's own words around it."""
        index = self._values.get(slot_type, {})
        before = match.string[: match.start(name)].split()[-2:]
        slot = match.group(name).split()
        after = match.string[match.end(name) :].split()[:2]
        for lead in range(len(before) + 1):
            for tail in range(len(after) + 1):
                if lead or tail:
                    phrase = " ".join([*before[len(before) - lead :], *slot, *after[:tail]])
                    if phrase in index:
                        return index[phrase]
        return None

    def _match_value(
        self, slot_type: str, spoken: str, *, lenient: bool = False
    ) -> tuple[_SlotValue | None, int]:
        """The value words name, exactly or by their stems, without a leading article, or
        closely; else the longest value said within them. Also how many words are said
        beyond the value."""
        index = self._values.get(slot_type, {})
        words = normalize(spoken).split()
        value = self._lookup(slot_type, words)
        if value is None and words[:1] in (["the"], ["a"], ["an"], ["my"]):
            value = self._lookup(slot_type, words[1:])
        if value is None:
            close = difflib.get_close_matches(
                " ".join(words), self._fuzzy_keys.get(slot_type, []), n=1, cutoff=FUZZY_CUTOFF
            )
            value = index[close[0]] if close else None
        if value is not None:
            return value, 0
        # "so defensive at work today": the longest value said within, and not negated.
        best: tuple[int, int, int, _SlotValue] | None = None
        for i in range(len(words)):
            if set(words[max(0, i - 2) : i]) & _NEGATIONS:
                continue
            for j in range(i + 1, min(len(words), i + _LONGEST_VALUE) + 1):
                found = self._lookup(slot_type, words[i:j])
                length = len(" ".join(words[i:j]))
                if found is not None and (best is None or length > best[0]):
                    best = (length, i, j, found)
        if best is None:
            return None, 0
        _, i, j, found = best
        if not (lenient or _scene_only(" ".join([*words[:i], *words[j:]]))):
            return None, 0  # "what is {sign}" is no "what's a mantra for when i'm judging"
        return found, len(words) - (j - i)

    def _slot(self, slot_type: str, spoken: str, value: _SlotValue | None) -> ResolvedSlot:
        per_authority: dict[str, Any] = {"authority": self.authority(slot_type)}
        if value is None:
            per_authority["status"] = {"code": "ER_SUCCESS_NO_MATCH"}
        else:
            per_authority["status"] = {"code": "ER_SUCCESS_MATCH"}
            per_authority["values"] = [{"value": {"name": value.name, "id": value.id}}]
        return ResolvedSlot(value=spoken, resolution={"resolutionsPerAuthority": [per_authority]})

    def resolve_slot_value(self, slot_type: str, spoken: str) -> ResolvedSlot:
        """Entity resolution for a custom slot: exact value or synonym, then a close one."""
        return self._slot(slot_type, spoken, self._match_value(slot_type, spoken)[0])

    def samples(self) -> Iterable[_Sample]:
        """Every sample the matcher knows: literal ones, then those with slots."""
        return [*self._literal.values(), *self._patterns]

    def values(self, slot_type: str) -> Mapping[str, _SlotValue]:
        """A custom slot type's phrases (values and synonyms, normalised) and what each is."""
        return self._values.get(slot_type, {})

    def authority(self, slot_type: str) -> str:
        return f"amzn1.er-authority.echo-sdk.{self.skill_id}.{slot_type}"

    # -- introspection (tests, help text) -----------------------------------

    def slot_types(self, intent: str) -> dict[str, str]:
        """Declared slots of an intent and their types."""
        return dict(self._slot_types.get(intent, {}))


# How alike an utterance must be to its nearest sample to be heard as that sample's intent,
# and how much a word said beyond the sample counts against it (a missing one counts 1).
NEAR_ENOUGH = 0.55
EXTRA_WORDS_COST = 0.6


def _splits(sample: _Sample, text: str, first: re.Match[str]) -> Iterable[re.Match[str]]:
    """The regex's own match, then the other ways to share the words between the slots
    (a lazy match gives the first slot as few words as it can: "at 6 | 15 every day").
    A slot before the last holds at most _SPLIT_WORDS words, so a long sentence costs
    no more than a short one."""
    yield first
    if len(sample.slots) < 2:
        return
    words = len(text.split())
    longest = min(words, _SPLIT_WORDS + 1)
    for counts in itertools.product(range(1, longest), repeat=len(sample.slots) - 1):
        if sum(counts) < words:
            split = _pinned(sample.text, counts).fullmatch(text)
            if split is not None and split.groupdict() != first.groupdict():
                yield split


def _pattern(sample: str, counts: tuple[int, ...] = ()) -> re.Pattern[str]:
    """The sample's pattern: each slot holds as few words as the match allows, or, for
    the first len(counts) slots, exactly counts[i] words."""
    parts = _SLOT_REF.split(sample)  # literal, slot, literal, slot, ..., literal
    regex = []
    for index, part in enumerate(parts):
        if index % 2 == 0:
            regex.append(re.escape(part))
        elif index // 2 < len(counts):
            regex.append(f"(?P<{part}>\\S+(?: \\S+){{{counts[index // 2] - 1}}})")
        else:
            regex.append(f"(?P<{part}>.+?)")
    return re.compile("".join(regex))


# Other splits of the same sample are tried again and again: built once each.
_pinned = lru_cache(maxsize=4096)(_pattern)


# The most words a slot before a sample's last is given when other splits are tried
# ("at six fifteen in the evening | every day" is five).
_SPLIT_WORDS = 6


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    """A word without its ending, so "hitting", "hits" and "hit", or "practice" and
    "practising", compare equal."""
    if word.startswith("<") or len(word) <= 3:
        return word
    for ending in ("ies", "ied"):
        if word.endswith(ending) and len(word) > 4:
            return word[: -len(ending)] + "y"
    for ending in ("ing", "ed", "es", "s", "ly"):
        if word.endswith(ending) and len(word) - len(ending) >= 3 and word[-2:] not in _NO_S:
            word = word[: -len(ending)]
            break
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouls":
        word = word[:-1]
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    return word


_NO_S = ("ss", "is", "us")  # "less", "this", "focus": an s that is no plural


# Words a time is said with ("at seven", "7 pm", "half past six"), so a bare number is not one.
_TIME_CUES = frozenset(
    ["at", "am", "pm", "o'clock", "oclock", "morning", "evening", "afternoon", "night",
     "noon", "midday", "midnight", "tonight", "half", "quarter", "a", "p", "m"]
)  # fmt: skip


def _typed(sample: str, types: Mapping[str, str]) -> str:
    """A sample with its slot references as types: "i'm {sign}" -> "i'm <THREAT_SIGN>"."""

    def slot_type(match: re.Match[str]) -> str:
        return f"<{types.get(match.group(1), match.group(1))}>"

    return _SLOT_REF.sub(slot_type, sample)


class _Unit(NamedTuple):
    """A word or phrase as the nearest-sample stage compares it.

    `alts` are the tokens it matches: a stemmed word; or, for a slot value, its type(s)
    ("<SKILL_NAME>") and the phrase itself ("=self empathy"). `classes` are the types of a
    value, which match another value of the same type for part of its weight.
    """

    alts: tuple[str, ...]
    classes: tuple[str, ...] = ()
    slot: ResolvedSlot | None = None
    said: str = ""  # the first word as said


# What a word no sample uses weighs, as a share of the weight of the most telling word.
UNKNOWN_WORD_SHARE = 0.7
# How much a different value of the same type counts for ("my mother" for "my partner").
CLASS_CREDIT = 0.6
# Words in more samples than this are counted only for samples sharing a rarer word.
COMMON_POSTINGS = 1000


class _NearMatcher:
    """The nearest sample to words no sample fits exactly, as Alexa generalises.

    Alexa's language model hears "I got so defensive with my sister" without that
    sentence among the samples. This stand-in spots the slot values in the words
    (synonyms of custom types, days, times, numbers, ordinals), in what was said and in
    the samples alike, so a value stands for its slot, and counts for part of another
    value of its type ("with my sister" is near "with my partner"). Then it compares the
    rest word by word with every sample, weighting words by how telling they are of an
    intent (a word one intent uses tells a lot, "i" and "the" hardly). Words no sample
    uses weigh as much as the most telling, so an unrelated request stays unrelated; only
    where they set the scene (who with, where, when: "at dinner", "when he asked about
    money") do they count for less.
    """

    def __init__(self, resolver: ModelResolver) -> None:
        self.resolver = resolver
        self.custom = sorted(
            {
                slot_type
                for intent in {sample.intent for sample in resolver.samples()}
                for slot_type in resolver.slot_types(intent).values()
                if not slot_type.startswith("AMAZON.")
            }
        )
        # Every custom value or synonym, with the types it is a value of.
        self.phrases: dict[str, list[tuple[str, _SlotValue]]] = {}
        for slot_type in self.custom:
            for phrase, value in resolver.values(slot_type).items():
                self.phrases.setdefault(phrase, []).append((slot_type, value))
        self.longest = max((len(p.split()) for p in self.phrases), default=1)
        self.first_words = {p.split()[0] for p in self.phrases}
        self.stemmed: dict[str, list[tuple[str, _SlotValue]]] = {}
        for slot_type in self.custom:
            for key, value in resolver._stemmed.get(slot_type, {}).items():
                self.stemmed.setdefault(key, []).append((slot_type, value))
        self.first_stems = {key.split()[0] for key in self.stemmed}
        # The opening words of a longer value, where they name one value of one type and
        # say more than carriers ("went along" of "went along with it").
        openings: dict[str, set[tuple[str, _SlotValue]]] = {}
        for phrase, found in self.phrases.items():
            words = phrase.split()
            for length in range(2, len(words)):
                if sum(w not in _CARRIER_WORDS and w not in _NEGATIONS for w in words[:length]) > 1:
                    openings.setdefault(" ".join(words[:length]), set()).update(found)
        self.openings: dict[str, list[tuple[str, _SlotValue]]] = {}
        for start, named in openings.items():
            if len(named) == 1 and start not in self.phrases:
                self.openings[start] = [next(iter(named))]
        self.sample_words = True
        self.samples: list[tuple[_Sample, dict[str, str]]] = []
        self.bags: list[Counter[str]] = []
        # Per sample, the values its own words name: class -> the value's token.
        self.classes: list[dict[str, str]] = []
        for sample in resolver.samples():
            types = resolver.slot_types(sample.intent)
            units = self._units(_typed(sample.text, types))
            slot_of_type = {types[name]: name for name in sample.slots if name in types}
            self.samples.append((sample, slot_of_type))
            self.bags.append(Counter(unit.alts[-1] for unit in units))
            self.classes.append({c: unit.alts[-1] for unit in units for c in unit.classes})
        # How telling a word is: by how few intents use it, not how few samples (a word
        # every sample of one intent has, "reflection", tells the most).
        by_intent: dict[str, set[str]] = {}
        for (sample, _), bag in zip(self.samples, self.bags, strict=True):
            by_intent.setdefault(sample.intent, set()).update(bag)
        count = len(by_intent) or 1
        frequency = Counter(word for words in by_intent.values() for word in words)
        self.weight = {w: math.log((count + 1) / (n + 1)) + 1 for w, n in frequency.items()}
        # A word no sample uses weighs like one a few intents use: it may be a name or
        # noise as well as a request the model does not know.
        self.unknown = (math.log(count + 1) + 1) * UNKNOWN_WORD_SHARE
        # Each word's samples (with how often it occurs in each), and each sample's weight:
        # enough to score only the samples that share a word with what was said.
        self.postings: dict[str, list[tuple[int, int]]] = {}
        for index, bag in enumerate(self.bags):
            for word, n in bag.items():
                self.postings.setdefault(word, []).append((index, n))
        self.totals = [sum(n * self.weight[w] for w, n in bag.items()) for bag in self.bags]
        self.negating = [bool(bag.keys() & _NEGATIONS) for bag in self.bags]
        self.first_person = ["i" in bag for bag in self.bags]
        carriers = {_stem(w) for w in _CARRIER_WORDS}
        self.anchors = [{w for w in bag if w not in carriers and w[0] != "<"} for bag in self.bags]
        self.common = {
            w for w, p in self.postings.items() if len(p) > COMMON_POSTINGS and w[0] != "<"
        }
        self.plain = [i for i, bag in enumerate(self.bags) if bag.keys() <= self.common]
        self.sample_words = False

    def _units(self, text: str) -> list[_Unit]:
        """The words as units to compare: a stemmed word, a slot, or a slot value.

        A phrase that is a value of two types ("daily": a check-in kind and a choice)
        stands for either. In a sample, a value in its words is that phrase (of its type).
        """
        words = text.split()
        units: list[_Unit] = []
        i = 0
        while i < len(words):
            if words[i].startswith("<"):
                units.append(_Unit((words[i],), said=words[i]))
                i += 1
                continue
            spotted = self._spot_at(words, i)
            if spotted is None:
                units.append(_Unit((_stem(words[i]),), said=words[i]))
                i += 1
                continue
            slot_types, length, slot = spotted
            phrase = "=" + " ".join(_stem(w) for w in words[i : i + length])
            types = tuple(f"<{t}>" for t in slot_types)
            units.append(_Unit((*types, phrase), types, slot, words[i]))
            i += length
        return units

    def _spot_at(
        self, words: list[str], i: int
    ) -> tuple[tuple[str, ...], int, ResolvedSlot] | None:
        custom = words[i] in self.first_words or _stem(words[i]) in self.first_stems
        cued = bool({*words[max(0, i - 1) : i + 5]} & _TIME_CUES)
        for length in range(min(self.longest, len(words) - i), 0, -1):
            if length > 2 and not custom and not (cued and length <= 5):
                continue  # nothing of that length could start here
            phrase = " ".join(words[i : i + length])
            if "<" in phrase:
                continue
            found = None
            if words[i] in self.first_words and len(phrase) > 2:
                found = self.phrases.get(phrase)
                if found is None and length > 1 and not self.sample_words:
                    found = self.openings.get(phrase)  # in what was said, not in samples
            if found is None and _stem(words[i]) in self.first_stems:
                found = self.stemmed.get(" ".join(_stem(w) for w in words[i : i + length]))
            if found and _passive(" ".join(words[:i]), phrase):
                return None
            if found:
                if length > 1 and words[i] in _DETERMINERS:
                    # "the daily reminder" is a choice, and without "the" a check-in kind too
                    found = [*found, *self.phrases.get(" ".join(words[i + 1 : i + length]), [])]
                slots = tuple(dict.fromkeys(slot_type for slot_type, _ in found))
                return slots, length, self._custom(found[0][0], phrase, found[0][1])
            if length <= 5 and ({*words[i : i + length], words[i - 1] if i else ""} & _TIME_CUES):
                time_value = parse_time(phrase)
                if time_value is not None and not phrase.startswith(("a ", "at ")):
                    return (TIME_TYPE,), length, ResolvedSlot(value=time_value)
            if length == 1:
                day = parse_day(phrase)
                if day is not None:
                    return (DAY_TYPE,), 1, ResolvedSlot(value=day)
                ordinal = parse_ordinal(phrase)
                if ordinal is not None:
                    return (ORDINAL_TYPE,), 1, ResolvedSlot(value=ordinal)
            if length <= 2 and (phrase.isdigit() or (i and words[i - 1] in ("skill", "number"))):
                number = parse_number(phrase)
                if number is not None:
                    return (NUMBER_TYPE,), length, ResolvedSlot(value=number)
        return None

    def _custom(self, slot_type: str, phrase: str, value: _SlotValue) -> ResolvedSlot:
        authority = {
            "authority": self.resolver.authority(slot_type),
            "status": {"code": "ER_SUCCESS_MATCH"},
            "values": [{"value": {"name": value.name, "id": value.id}}],
        }
        return ResolvedSlot(value=phrase, resolution={"resolutionsPerAuthority": [authority]})

    def _scores(self, units: list[tuple[_Unit, float]]) -> dict[int, float]:
        """Each sample sharing a telling word with what was said, scored by weighted overlap.

        Each unit comes with what it costs when a sample does not have it: words said
        beyond a sample ("with my sister") cost less than sample words not said, as
        context rarely changes what is asked.
        """
        said: dict[tuple[str, ...], tuple[_Unit, list[float]]] = {}
        for unit, cost in units:
            said.setdefault(unit.alts, (unit, []))[1].append(cost)
        shared: dict[int, float] = {}
        spared: dict[int, float] = {}  # the cost of the said words each sample explains
        said_cost = 0.0
        later: list[tuple[_Unit, list[float], float]] = []
        for unit, costs in said.values():
            weight = max(self.weight.get(w, self.unknown) for w in unit.alts)
            said_cost += sum(costs) * weight
            if unit.classes or any(w in self.common for w in unit.alts):
                later.append((unit, costs, weight))
            best: dict[int, tuple[float, int]] = {}
            for word in unit.alts:  # a value of two types counts once, as the type it fits
                if word in self.common:
                    continue
                word_weight = self.weight.get(word, self.unknown)
                for index, n in self.postings.get(word, ()):
                    if word_weight > best.get(index, (0.0, 0))[0]:
                        best[index] = (word_weight, n)
            for index, (word_weight, n) in best.items():
                times = min(n, len(costs))
                shared[index] = shared.get(index, 0.0) + times * word_weight
                spared[index] = spared.get(index, 0.0) + sum(costs[:times]) * weight
        # Words most samples have ("i", "the"), and values of a class, are counted only for
        # samples that share a telling word with what was said, or have none.
        candidates = [*shared, *self.plain]
        for unit, costs, weight in later:
            for index in candidates:
                bag = self.bags[index]
                if any(w in bag and w not in self.common for w in unit.alts):
                    continue  # counted above
                in_bag = next((w for w in unit.alts if w in bag), None)
                if in_bag is not None:
                    times = min(bag[in_bag], len(costs))
                    credit = times * self.weight[in_bag]
                else:
                    of_class = self.classes[index]
                    token = next((of_class[c] for c in unit.classes if c in of_class), None)
                    if token is None:
                        continue
                    times, credit = 1, CLASS_CREDIT * self.weight[token]
                shared[index] = shared.get(index, 0.0) + credit
                spared[index] = spared.get(index, 0.0) + sum(costs[:times]) * weight
        # shared / (shared + missing + extra), missing = total - shared.
        return {
            index: common_weight / (self.totals[index] + said_cost - spared[index])
            for index, common_weight in shared.items()
        }

    def resolve(self, text: str) -> tuple[str, dict[str, ResolvedSlot]] | None:
        scored = self.scored(text)
        return None if scored is None else (scored[1], scored[2])

    def scored(self, text: str) -> tuple[float, str, dict[str, ResolvedSlot]] | None:
        """The nearest sample's intent and slots with how near it is; None if none is."""
        units = self._units(text)
        costs = _context_costs([unit.said for unit in units])
        scores = self._scores(list(zip(units, costs, strict=True)))
        found: dict[str, ResolvedSlot] = {}
        phrase_of: dict[str, str] = {}  # type -> the value's own token
        for unit in units:
            for alt in unit.alts:
                if alt[0] == "<":
                    held = found.get(alt[1:-1])
                    slot = unit.slot or ResolvedSlot(value="")
                    # The first value of a type, but a clock time over a part of the day
                    # ("saturday morning at nine": nine).
                    if held is None or (":" in slot.value and ":" not in held.value):
                        found[alt[1:-1]] = slot
                        phrase_of[alt[1:-1]] = unit.alts[-1]
        said = {unit.alts[-1] for unit in units}
        # What a negation negates: the words of its own sentence ("i don't know | i think i
        # was judging her"), not of a scene-setting clause ("when it really wasn't");
        # "I couldn't stop explaining myself" says that I did: "not stop" is no negation.
        negated: set[str] = set()
        for sentence in _sentences(units, costs):
            if any(
                unit.alts[-1] in _NEGATIONS
                and cost != SCENE_COST
                and (
                    k + 1 == len(sentence) or sentence[k + 1][0].alts[-1] not in _UNDONE_BY_NEGATION
                )
                for k, (unit, cost) in enumerate(sentence)
            ):
                negated.update(
                    alt
                    for unit, _ in sentence
                    for alt in unit.alts
                    if alt not in _PERSONAL and alt not in _NEGATIONS
                )
        # Words about what someone else did ("he was so defensive", "my boss steamrolled
        # me") are not what the person did: they are not heard as a sample that says "i".
        about_others = "i" not in said and any(
            unit.alts[-1] in _OTHERS and cost != SCENE_COST
            for unit, cost in zip(units, costs, strict=True)
        )
        best: tuple[float, int] | None = None
        for index, score in scores.items():
            sample, slot_of_type = self.samples[index]
            if any(found.get(slot_type) is None for slot_type in slot_of_type):
                continue  # a sample's slot must be heard
            if not self.negating[index] and not negated.isdisjoint(self.bags[index]):
                continue  # "I didn't get defensive" is not "I got defensive"
            if about_others and self.first_person[index]:
                continue
            if self.anchors[index] and not self.anchors[index] & said:
                continue  # a sample is heard by a word that makes it what it is
            if best is None or (score, -sample.order) > (best[0], -self.samples[best[1]][0].order):
                best = (score, index)
        if best is None or best[0] < NEAR_ENOUGH:
            return None
        score, index = best
        sample, slot_of_type = self.samples[index]
        slots = {name: found[slot_type] for slot_type, name in slot_of_type.items()}
        # Like Alexa, fill every slot of the intent whose value was said, not only the
        # nearest sample's ("my weekly reflection on sundays at six": the day too).
        for name, slot_type in self.resolver.slot_types(sample.intent).items():
            held = found.get(slot_type)
            if (
                name not in slots
                and held is not None
                and held.value
                and held not in slots.values()
                and phrase_of[slot_type] not in self.bags[index]  # not the sample's own words
            ):
                slots[name] = held
        return score, sample.intent, slots


# Words every sentence has, which tie no sample to one sentence.
_PERSONAL = frozenset(["i", "me", "my", "the", "a", "an", "to"])


def _sentences(units: list[_Unit], costs: list[float]) -> list[list[tuple[_Unit, float]]]:
    """Unpunctuated speech cut into sentences: at a new "i" after two words or more, and
    after a joining word ("and", "but", "so")."""
    sentences: list[list[tuple[_Unit, float]]] = [[]]
    for k, (unit, cost) in enumerate(zip(units, costs, strict=True)):
        if sentences[-1] and ((unit.said == "i" and k >= 2) or units[k - 1].said in _CLAUSE_JOINS):
            sentences.append([])
        sentences[-1].append((unit, cost))
    return sentences


# Verbs a negation turns into an affirmation: "couldn't stop", "can't help".
_UNDONE_BY_NEGATION = frozenset(["stop", "help", "resist"])


# Who else a sentence can be about.
_OTHERS = frozenset(
    ["he", "she", "they", "me", "someone", "somebody", "everyone", "everybody", "people"]
)


# Words that open a scene-setting phrase: who with, where, when, why. Words said inside one
# that a sample does not have cost little ("I bit my tongue at dinner").
_SCENE_PREPOSITIONS = frozenset(["at", "in", "with", "during", "around", "about", "over", "by"])
_SCENE_CLAUSES = frozenset(
    ["when", "while", "because", "since", "though", "although", "whenever", "after", "before",
     "cause", "until"]
)  # fmt: skip
_SCENE_TIMES = frozenset(
    ["today", "tonight", "yesterday", "earlier", "lately", "recently", "again", "morning",
     "afternoon", "evening", "week", "night", "day", "time", "whole", "all", "this", "last"]
)  # fmt: skip
_DETERMINERS = frozenset(["the", "a", "an", "my", "his", "her", "their", "our", "your", "this"])
SCENE_COST = 0.15


def _context_costs(words: list[str]) -> list[float]:
    """What each word said costs when a sample lacks it: less where it sets the scene.

    A scene phrase opens with a preposition after the first two words and runs over a
    determiner and two more words ("with my mother", "at the party"), or with a
    conjunction after the first word and runs to the end ("when he asked about money").
    """
    costs = [EXTRA_WORDS_COST] * len(words)
    i = 1
    while i < len(words):
        word = words[i]
        if word in _SCENE_CLAUSES:
            for j in range(i, len(words)):
                costs[j] = SCENE_COST
            break
        if word in _SCENE_PREPOSITIONS and i >= 2:
            end = i + 1
            if end < len(words) and words[end] in _DETERMINERS:
                end += 1
            end = min(end + 2, len(words))
            for j in range(i, end):
                costs[j] = SCENE_COST
            i = end
            continue
        if word in _SCENE_TIMES:
            costs[i] = SCENE_COST
        i += 1
    return costs
