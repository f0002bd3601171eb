"""Reading what the skill said: which library mantra a reply spoke."""

from __future__ import annotations

import re

from secure_differentiation.skill.content import Content, Mantra
from support.alexa import Reply


def mantra_in(reply: Reply, content: Content) -> Mantra:
    """The library mantra a reply spoke (inside the slow prosody)."""
    spoken = re.findall(r"<prosody[^>]*>(.*?)</prosody>", reply.ssml)
    assert spoken, f"no slowly spoken mantra in {reply.ssml}"
    text = re.sub(r"<[^>]+>", "", spoken[0]).replace("&#x27;", "'")
    heard = re.sub(r"\s+", " ", text).replace(" ,", ",").strip()
    matches = [m for m in content.mantras if m.text == heard]
    assert matches, f"spoken mantra {heard!r} is not in the library"
    return matches[0]
