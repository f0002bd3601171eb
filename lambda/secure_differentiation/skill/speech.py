"""Building SSML safely.

The ASK SDK's `speak()` and `ask()` pass text through untouched, so an "&" or
"<" anywhere in content would make the whole response invalid SSML and Alexa
would say nothing. Every piece of text goes through `Ssml.text()`, which
escapes it; only this module writes tags.

A recognised person's first name is Alexa's to say: `named()` puts Alexa's
`<alexa:name type="first" personId="..."/>` tag where a prompt has its
`{name}` (filled with `NAME`), and Alexa speaks the name from the person's
profile. The skill never learns, keeps or logs it.
"""

from __future__ import annotations

import re

# Pauses, in milliseconds, chosen for a calm pace.
SHORT_PAUSE_MS = 400
MANTRA_PAUSE_MS = 1500
BREATH_PAUSE_MS = 3000
MANTRA_RATE = "85%"

_BREAK = re.compile(r"<break\b[^>]*/?>", re.IGNORECASE)
_PARAGRAPH = re.compile(r"</?p\b[^>]*>", re.IGNORECASE)
_SENTENCE = re.compile(r"</?s\b[^>]*>", re.IGNORECASE)
_SUB = re.compile(r"<sub\b[^>]*\balias\s*=\s*(['\"])(.*?)\1[^>]*>.*?</sub>", re.IGNORECASE | re.S)
_AUDIO = re.compile(r"<audio\b[^>]*/?>(?:.*?</audio>)?", re.IGNORECASE | re.S)
_TAG = re.compile(r"<[^>]+>")
_NAME_TAG = re.compile(r"<alexa:name\b[^>]*/>", re.IGNORECASE)

# What a prompt's {name} is filled with before `Ssml.named` puts the name tag there: a
# private-use character, which no content file contains.
NAME = "\ue000"
# How plain text (the console, tests) shows the name Alexa would say.
NAME_SHOWN = "[first name]"


def escape(text: str, *, quote: bool = False) -> str:
    """Text made safe inside SSML: the characters XML gives meaning to (with `quote`, the
    quotes too, for an attribute value).

    (html.escape does the same, but importing it costs a cold start 1 ms of entity tables.)
    """
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;").replace("'", "&#x27;") if quote else text


def to_plain_text(ssml: str) -> str:
    """SSML as a reader would hear it: tags gone, pauses shown, entities unescaped."""
    from html import unescape  # for readers of SSML (console, tests), never on a request

    text = _NAME_TAG.sub(NAME_SHOWN, ssml)
    text = _SUB.sub(lambda m: m.group(2), text)
    text = _AUDIO.sub(" [sound] ", text)
    text = _BREAK.sub(" ... ", text)
    text = _PARAGRAPH.sub("\n", text)
    text = _SENTENCE.sub(" ", text)
    text = unescape(_TAG.sub("", text))
    lines = []
    for line in text.split("\n"):
        line = re.sub(r"\s+", " ", line).strip()
        line = re.sub(r"(?:\.\.\.\s*){2,}", "... ", line)  # back-to-back pauses read as one
        line = re.sub(r"^(?:\.\.\.\s*)+|(?:\s*\.\.\.)+$", "", line).strip()
        if line:
            lines.append(line)
    return "\n".join(lines)


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
                self._parts.append(escape(sentence))
        return self

    def named(self, sentence: str, person_id: str) -> Ssml:
        """A sentence whose `NAME` Alexa replaces with the recognised person's first name.

        The personId is escaped as an attribute value; the rest as text.
        """
        tag = f'<alexa:name type="first" personId="{escape(person_id, quote=True)}"/>'
        self._parts.append(tag.join(escape(part, quote=False) for part in sentence.split(NAME)))
        return self

    def pause(self, milliseconds: int = SHORT_PAUSE_MS) -> Ssml:
        self._parts.append(f'<break time="{int(milliseconds)}ms"/>')
        return self

    def mantra(self, sentence: str) -> Ssml:
        """A mantra, spoken slowly, with a breath-length pause at each comma."""
        pieces = [escape(p.strip()) for p in sentence.split(",")]
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


def word_count(ssml: str) -> int:
    """Spoken words in an SSML string: the measure behind the one-breath test."""
    from html import unescape

    return len([w for w in _TAG.sub(" ", unescape(ssml)).split() if any(c.isalnum() for c in w)])
