"""Everything the skill says, loaded from data files with typed access.

Three files per language: `library.<lang>.json` holds the practice itself (the
twelve skills, the four signs of threat, the mantras, the two practice modes,
the guided self-empathy practice, and a short answer to "what is secure
differentiation"); `prompts.<lang>.json` holds the conversational lines, each
key with several variants so the skill never sounds canned; `dialog.<lang>.json`
holds, for each question the skill can ask, a few things a person can say to it
(Help names them), and how numbers are spoken. Handlers never hold user-facing
literals; they ask for a prompt by its `Prompt` key.

Like the ASK SDK's locale fallback (en-US, then en), a locale may override its
language: `locale.<locale>.json` holds spellings (en-US "practice" for the verb)
and whole prompts that differ there.

The library's schema (the dataclasses below are its typed form):

    about            str: a few sentences on what secure differentiation is
    skills[]         {number, title, description, more,
                      practices: [{id, text, when}], synonyms}
                     `when` is one of PRACTICE_TIMES: "any" (phrased for any
                     hour), "morning", "midday", "evening", or "weekly"
    threat_signs[]   {id, name, acknowledgement, practice, more, card, synonyms}
                     `name` is the sign's one speakable name, used everywhere
    mantras[]        {id, text, skills: [number], signs: [sign id]}
    practice_modes[] {id, title, description}
    self_empathy     {title, intro, card, steps: [{id, part, text,
                      silence_seconds}]}, `part` one of SELF_EMPATHY_PARTS

Ids (skill numbers, sign ids, mantra and practice ids) are stable: they are
stored in people's records and used as slot ids by the interaction model.

Text in these files is plain text written for the ear. It is SSML-escaped when
spoken (see `speech.py`); the content tests also forbid characters that would
need escaping, so what is written is what is heard.
"""

from __future__ import annotations

import json
import os
import random
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from .keys import Prompt, PromptKey

__all__ = [
    "MAX_BREAK_SECONDS",
    "PRACTICE_TIMES",
    "SELF_EMPATHY_PARTS",
    "SPOKEN_WORDS_PER_MINUTE",
    "Content",
    "Mantra",
    "Practice",
    "PracticeMode",
    "Prompt",
    "PromptKey",
    "SelfEmpathy",
    "SelfEmpathyStep",
    "Skill",
    "ThreatSign",
    "content_for",
    "has_file",
    "locale_of",
    "read_json",
    "silence_breaks",
    "time_of_day",
]

DEFAULT_LANGUAGE = "en"
# A BCP 47 language tag as Alexa sends it: "en-US".
_LOCALE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")

# When a practice fits: "any" hour, a time of day, or once a week.
PRACTICE_TIMES = ("any", "morning", "midday", "evening", "weekly")
# Local hours (start inclusive, end exclusive) at which a time-of-day practice is offered.
TIME_OF_DAY_HOURS = {"morning": (4, 11), "midday": (11, 15), "evening": (17, 23)}
# The self-empathy practice's parts, in order: the seed's four, with an arrival and a close.
SELF_EMPATHY_PARTS = ("arrive", "intention", "feelings", "needs", "requests", "close")
# Alexa refuses a single SSML break longer than this, so longer silences are chained.
MAX_BREAK_SECONDS = 10
# A calm speaking pace, for estimating how long spoken text lasts.
SPOKEN_WORDS_PER_MINUTE = 150


def time_of_day(hour: int) -> str | None:
    """The practice time ("morning", "midday", "evening") a local hour falls in, if any."""
    return next((when for when, (a, b) in TIME_OF_DAY_HOURS.items() if a <= hour < b), None)


def silence_breaks(seconds: int) -> tuple[int, ...]:
    """A silence as consecutive breaks Alexa accepts: 25 s is (10, 10, 5)."""
    full, rest = divmod(max(seconds, 0), MAX_BREAK_SECONDS)
    return (MAX_BREAK_SECONDS,) * full + ((rest,) if rest else ())


def spoken_seconds(text: str) -> float:
    return len(text.split()) * 60 / SPOKEN_WORDS_PER_MINUTE


@dataclass(frozen=True)
class Practice:
    """A short instruction for one skill, tagged with when it makes sense to offer it.

    It reads as its text (`str(practice)`, `f"{practice}"`), so a prompt or card
    that only needs the words can use it as it is.
    """

    id: str
    text: str
    when: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Skill:
    """One of the seed's twelve core skills of differentiation."""

    number: int
    title: str
    description: str
    more: str
    # Skills that support this one (as the seed's list suggests): the skill of the day
    # turns to them on the days it is not the focus itself.
    related: tuple[int, ...]
    practices: tuple[Practice, ...]
    synonyms: tuple[str, ...]

    def practices_for(self, *whens: str) -> tuple[Practice, ...]:
        """The practices tagged with any of `whens`, in library order."""
        return tuple(p for p in self.practices if p.when in whens)

    def daily_practices(self, hour: int | None = None) -> tuple[Practice, ...]:
        """Practices to offer as today's: any-hour ones, plus those for the local `hour`.

        Weekly practices are never daily ones; with no hour known, only any-hour ones.
        """
        when = time_of_day(hour) if hour is not None else None
        return self.practices_for("any", when) if when else self.practices_for("any")


@dataclass(frozen=True)
class ThreatSign:
    """One of the four signs that a person feels their identity or autonomy threatened."""

    id: str
    name: str
    acknowledgement: str
    practice: str
    more: str
    card: str
    synonyms: tuple[str, ...]


@dataclass(frozen=True)
class Mantra:
    """An identity phrase in action verbs, tied to skills and signs it anchors."""

    id: str
    text: str
    skills: tuple[int, ...]
    signs: tuple[str, ...]


@dataclass(frozen=True)
class PracticeMode:
    """The seed's two ways to practise: in the moment, and on a schedule."""

    id: str
    title: str
    description: str


@dataclass(frozen=True)
class SelfEmpathyStep:
    """One spoken step of the guided practice, then a silence to do it in."""

    id: str
    part: str
    text: str
    silence_seconds: int

    def silence_breaks(self) -> tuple[int, ...]:
        """This step's silence as breaks of at most MAX_BREAK_SECONDS each."""
        return silence_breaks(self.silence_seconds)

    @property
    def seconds(self) -> float:
        """How long the step lasts, spoken and silent."""
        return spoken_seconds(self.text) + self.silence_seconds


@dataclass(frozen=True)
class SelfEmpathy:
    """The seed's weekly self-empathy practice, guided by voice.

    Arrive, then notice intention, feelings, needs and requests, then close.
    """

    title: str
    intro: str
    card: str
    steps: tuple[SelfEmpathyStep, ...]

    @property
    def seconds(self) -> float:
        """The whole practice, intro included, at SPOKEN_WORDS_PER_MINUTE."""
        return spoken_seconds(self.intro) + sum(step.seconds for step in self.steps)

    def part(self, part: str) -> tuple[SelfEmpathyStep, ...]:
        return tuple(step for step in self.steps if step.part == part)

    def segments(self, max_seconds: float) -> tuple[tuple[SelfEmpathyStep, ...], ...]:
        """The steps in order, grouped so each group lasts at most `max_seconds`.

        For replies that must stay short: a step longer than the bound gets a group of its own.
        """
        groups: list[list[SelfEmpathyStep]] = []
        length = 0.0
        for step in self.steps:
            if groups and length + step.seconds <= max_seconds:
                groups[-1].append(step)
                length += step.seconds
            else:
                groups.append([step])
                length = step.seconds
        return tuple(tuple(group) for group in groups)


@dataclass(frozen=True)
class Content:
    """All content for one language."""

    language: str
    skills: tuple[Skill, ...]
    threat_signs: tuple[ThreatSign, ...]
    mantras: tuple[Mantra, ...]
    practice_modes: tuple[PracticeMode, ...]
    prompts: dict[str, tuple[str, ...]]
    hint_phrases: dict[str, tuple[str, ...]]
    number_words: tuple[str, ...]
    self_empathy: SelfEmpathy
    about: str

    def skill(self, number: int) -> Skill:
        return self.skills[number - 1]

    def sign(self, sign_id: str) -> ThreatSign | None:
        return next((s for s in self.threat_signs if s.id == sign_id), None)

    def mantra(self, mantra_id: str) -> Mantra | None:
        return next((m for m in self.mantras if m.id == mantra_id), None)

    def practice_mode(self, mode_id: str) -> PracticeMode:
        return next(m for m in self.practice_modes if m.id == mode_id)

    def variants(self, key: PromptKey) -> tuple[str, ...]:
        return self.prompts[key]

    def say(self, key: PromptKey, rng: random.Random, /, **values: object) -> str:
        """One variant of a prompt, with its {placeholders} filled in."""
        return rng.choice(self.variants(key)).format(**values)

    def hints(self, key: str) -> tuple[str, ...]:
        """A few things a person can say while a question is open ("reflection.signs"),
        falling back to the question's kind ("reflection")."""
        return self.hint_phrases.get(key) or self.hint_phrases[key.split(".")[0]]

    def number_word(self, count: int) -> str:
        """A count as it is spoken ("four"); digits beyond the words the language lists."""
        return self.number_words[count] if 0 <= count < len(self.number_words) else str(count)


def locale_of(handler_input: Any) -> str | None:
    """The request's locale ("en-US") when it looks like one, else None (the default).

    Content files are named after it, so anything else (a NUL byte, 10,000
    characters) would fail to open rather than fall back to the default.
    """
    locale = getattr(handler_input.request_envelope.request, "locale", None)
    if isinstance(locale, str) and len(locale) <= 35 and _LOCALE.fullmatch(locale):
        return locale
    return None


# The content files sit beside this module (the package is never run from a zip: Lambda
# unpacks it, and pip installs it unpacked). Plain file reads keep importlib.resources, and
# the dozen modules it brings (tempfile, shutil, zipfile...), out of the first request.
CONTENT_DIR = os.path.dirname(os.path.abspath(__file__))


def read_json(*path: str) -> Any:
    """A JSON file under content/ (`read_json("screens", "mantra.json")`)."""
    with open(os.path.join(CONTENT_DIR, *path), encoding="utf-8") as file:
        return json.load(file)


def has_file(*path: str) -> bool:
    return os.path.isfile(os.path.join(CONTENT_DIR, *path))


def _load_json(name: str) -> Any:
    return read_json(name)


def content_for(locale: str | None) -> Content:
    """Content for an Alexa locale ("en-US"): its language's, with the locale's overrides."""
    language = (locale or DEFAULT_LANGUAGE).split("-")[0].lower()
    known = _overridden_locales()
    return _content(language, locale if locale in known else None)


@cache
def _overridden_locales() -> frozenset[str]:
    return frozenset(
        name.removeprefix("locale.").removesuffix(".json")
        for name in os.listdir(CONTENT_DIR)
        if name.startswith("locale.") and name.endswith(".json")
    )


def _respell(value: Any, spelling: dict[str, str]) -> Any:
    """Every string in loaded JSON with the locale's spellings ("practise" -> "practice")."""
    if not spelling:
        return value
    words = re.compile(
        r"\b(?:" + "|".join(map(re.escape, sorted(spelling, key=len, reverse=True))) + r")\b",
        re.IGNORECASE,
    )

    def same_case(match: re.Match[str]) -> str:
        word = match.group(0)
        replacement = spelling[word.lower()]
        return replacement[:1].upper() + replacement[1:] if word[:1].isupper() else replacement

    def walk(item: Any) -> Any:
        if isinstance(item, str):
            return words.sub(same_case, item) if words.search(item) else item
        if isinstance(item, dict):
            return {key: walk(inner) for key, inner in item.items()}
        if isinstance(item, list):
            return [walk(inner) for inner in item]
        return item

    return walk(value)


@cache
def _content(language: str, locale: str | None) -> Content:
    """Loaded once per language and overridden locale (odd locale strings cannot grow it)."""
    try:
        library = _load_json(f"library.{language}.json")
        prompts = _load_json(f"prompts.{language}.json")
        dialog = _load_json(f"dialog.{language}.json")
    except FileNotFoundError:
        if language == DEFAULT_LANGUAGE:
            raise
        return _content(DEFAULT_LANGUAGE, None)
    if locale is not None:
        overrides = _load_json(f"locale.{locale}.json")
        spelling = overrides.get("spelling", {})
        library, dialog = _respell(library, spelling), _respell(dialog, spelling)
        prompts = _respell({**prompts, **overrides.get("prompts", {})}, spelling)
    return Content(
        language=language,
        skills=tuple(
            Skill(
                number=s["number"],
                title=s["title"],
                description=s["description"],
                more=s["more"],
                related=tuple(s["related"]),
                practices=tuple(
                    Practice(id=p["id"], text=p["text"], when=p["when"]) for p in s["practices"]
                ),
                synonyms=tuple(s["synonyms"]),
            )
            for s in library["skills"]
        ),
        threat_signs=tuple(
            ThreatSign(
                id=t["id"],
                name=t["name"],
                acknowledgement=t["acknowledgement"],
                practice=t["practice"],
                more=t["more"],
                card=t["card"],
                synonyms=tuple(t["synonyms"]),
            )
            for t in library["threat_signs"]
        ),
        mantras=tuple(
            Mantra(
                id=m["id"],
                text=m["text"],
                skills=tuple(m.get("skills", ())),
                signs=tuple(m.get("signs", ())),
            )
            for m in library["mantras"]
        ),
        practice_modes=tuple(
            PracticeMode(id=p["id"], title=p["title"], description=p["description"])
            for p in library["practice_modes"]
        ),
        prompts={key: tuple(value) for key, value in prompts.items()},
        hint_phrases={key: tuple(value) for key, value in dialog["hints"].items()},
        number_words=tuple(dialog["numbers"]),
        self_empathy=_self_empathy(library["self_empathy"]),
        about=library["about"],
    )


def _self_empathy(data: dict[str, Any]) -> SelfEmpathy:
    return SelfEmpathy(
        title=data["title"],
        intro=data["intro"],
        card=data["card"],
        steps=tuple(
            SelfEmpathyStep(
                id=step["id"],
                part=step["part"],
                text=step["text"],
                silence_seconds=step["silence_seconds"],
            )
            for step in data["steps"]
        ),
    )
