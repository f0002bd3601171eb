"""Everything the skill says, loaded from data files with typed access.

Two files per language: `library.<lang>.json` holds the practice itself (the
twelve skills, the four signs of threat, the mantras, the two practice modes);
`prompts.<lang>.json` holds the conversational lines, each key with several
variants so the skill never sounds canned. Handlers never hold user-facing
literals; they ask for a prompt by its `Prompt` key.

Text in these files is plain text written for the ear. It is SSML-escaped when
spoken (see `speech.py`); the content tests also forbid characters that would
need escaping, so what is written is what is heard.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from .keys import Prompt

__all__ = ["Content", "Mantra", "PracticeMode", "Prompt", "Skill", "ThreatSign", "content_for"]

DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True)
class Skill:
    """One of the seed's twelve core skills of differentiation."""

    number: int
    title: str
    description: str
    practices: tuple[str, ...]
    synonyms: tuple[str, ...]


@dataclass(frozen=True)
class ThreatSign:
    """One of the four signs that a person feels their identity or autonomy threatened."""

    id: str
    name: str
    acknowledgement: str
    practice: str
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
class Content:
    """All content for one language."""

    language: str
    skills: tuple[Skill, ...]
    threat_signs: tuple[ThreatSign, ...]
    mantras: tuple[Mantra, ...]
    practice_modes: tuple[PracticeMode, ...]
    prompts: dict[str, tuple[str, ...]]

    def skill(self, number: int) -> Skill:
        return self.skills[number - 1]

    def sign(self, sign_id: str) -> ThreatSign | None:
        return next((s for s in self.threat_signs if s.id == sign_id), None)

    def mantra(self, mantra_id: str) -> Mantra | None:
        return next((m for m in self.mantras if m.id == mantra_id), None)

    def practice_mode(self, mode_id: str) -> PracticeMode:
        return next(m for m in self.practice_modes if m.id == mode_id)

    def variants(self, key: Prompt) -> tuple[str, ...]:
        return self.prompts[key.value]

    def say(self, key: Prompt, rng: random.Random, /, **values: object) -> str:
        """One variant of a prompt, with its {placeholders} filled in."""
        return rng.choice(self.variants(key)).format(**values)


def _load_json(name: str) -> Any:
    return json.loads(resources.files(__package__).joinpath(name).read_text(encoding="utf-8"))


def content_for(locale: str | None) -> Content:
    """Content for an Alexa locale ("en-US"); every English locale shares "en"."""
    return _content_for_language((locale or DEFAULT_LANGUAGE).split("-")[0].lower())


@cache
def _content_for_language(language: str) -> Content:
    """Loaded once per language (not per locale string, so odd locales cannot grow it)."""
    try:
        library = _load_json(f"library.{language}.json")
        prompts = _load_json(f"prompts.{language}.json")
    except FileNotFoundError:
        if language == DEFAULT_LANGUAGE:
            raise
        return _content_for_language(DEFAULT_LANGUAGE)
    return Content(
        language=language,
        skills=tuple(
            Skill(
                number=s["number"],
                title=s["title"],
                description=s["description"],
                practices=tuple(s["practices"]),
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
    )
