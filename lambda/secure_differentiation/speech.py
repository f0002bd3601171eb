"""Building SSML safely.

The ASK SDK's `speak()` and `ask()` pass text through untouched, so an "&" or
"<" anywhere in content would make the whole response invalid SSML and Alexa
would say nothing. Every piece of text goes through `Ssml.text()`, which
escapes it; only this module writes tags.
"""

from __future__ import annotations

import re
from html import escape, unescape

# Pauses, in milliseconds, chosen for a calm pace.
SHORT_PAUSE_MS = 400
MANTRA_PAUSE_MS = 1500
BREATH_PAUSE_MS = 3000
MANTRA_RATE = "85%"

_TAG = re.compile(r"<[^>]+>")
_BREAK = re.compile(r"<break[^>]*/>")
_SPACES = re.compile(r"\s+")


class Ssml:
    """An SSML fragment built from escaped text, pauses and slow mantras."""

    def __init__(self) -> None:
        self._parts: list[str] = []

    @classmethod
    def stored(cls, inner: str) -> Ssml:
        """A fragment this module built earlier and the session kept (for repeat)."""
        fragment = cls()
        fragment._parts.append(inner)
        return fragment

    def text(self, *sentences: str) -> Ssml:
        for sentence in sentences:
            if sentence:
                self._parts.append(escape(sentence, quote=False))
        return self

    def pause(self, milliseconds: int = SHORT_PAUSE_MS) -> Ssml:
        self._parts.append(f'<break time="{int(milliseconds)}ms"/>')
        return self

    def mantra(self, sentence: str) -> Ssml:
        """A mantra, spoken slowly, with a breath-length pause at each comma."""
        pieces = [escape(p.strip(), quote=False) for p in sentence.split(",")]
        joined = f',<break time="{SHORT_PAUSE_MS}ms"/> '.join(p for p in pieces if p)
        self._parts.append(f'<prosody rate="{MANTRA_RATE}">{joined}</prosody>')
        return self

    def extend(self, other: Ssml) -> Ssml:
        self._parts.extend(other._parts)
        return self

    @property
    def inner(self) -> str:
        """The fragment without the <speak> wrapper (what the SDK's speak() expects)."""
        return " ".join(self._parts)

    def __bool__(self) -> bool:
        return bool(self._parts)


def to_plain_text(ssml: str) -> str:
    """What a person would hear, as text: tags dropped, pauses as ellipses."""
    text = _BREAK.sub(" ... ", ssml)
    text = _TAG.sub("", text)
    return _SPACES.sub(" ", unescape(text)).replace(" ... ...", " ...").strip()


def word_count(ssml: str) -> int:
    """Spoken words in an SSML string: the measure behind the one-breath test."""
    return len([w for w in _TAG.sub(" ", unescape(ssml)).split() if any(c.isalnum() for c in w)])
