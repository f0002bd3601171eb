"""Reading what a person said in slots: skill numbers, skill names, threat signs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ask_sdk_model import IntentRequest, Slot
from ask_sdk_model.slu.entityresolution import StatusCode

from ..conversation import Turn
from ..domain.state import SKILL_COUNT

# Words heard in a slot are said back ("I'm not sure which skill ... is"): at most this
# many characters, and none that XML (so SSML) cannot carry, such as control characters.
MAX_HEARD_CHARS = 60


@cache
def _not_in_ssml() -> re.Pattern[str]:
    """Compiled on first use: this wide character class costs ~10 ms, off the cold path."""
    return re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class SkillRequest:
    """Which skill a person asked for, or why it could not be understood."""

    number: int | None = None  # a valid skill, 1..12
    out_of_range: str | None = None  # a number outside 1..12, as heard
    unmatched: str | None = None  # words that matched no skill name

    @property
    def given(self) -> bool:
        return any(v is not None for v in (self.number, self.out_of_range, self.unmatched))


def _slot(turn: Turn, name: str) -> Slot | None:
    request = turn.handler_input.request_envelope.request
    if not isinstance(request, IntentRequest) or request.intent is None:
        return None
    return (request.intent.slots or {}).get(name)


def resolved_id(turn: Turn, name: str) -> str | None:
    """The entity-resolution id of a custom slot when Alexa matched it, else None."""
    slot = _slot(turn, name)
    resolutions = slot.resolutions if slot is not None else None
    for authority in (resolutions.resolutions_per_authority or []) if resolutions else []:
        status = authority.status.code if authority.status else None
        if status == StatusCode.ER_SUCCESS_MATCH and authority.values:
            value = authority.values[0].value
            if value is not None and value.id:
                return str(value.id)
    return None


def _skill_number(text: str) -> int | None:
    """1..12 from decimal digits ("7", "07", in any script); None for anything else."""
    if text.isdecimal() and len(text) <= 4 and 1 <= int(text) <= SKILL_COUNT:
        return int(text)
    return None


def _heard(turn: Turn, name: str) -> str | None:
    """A slot's words as they may be said back: only characters SSML can carry, kept short."""
    value = turn.slot_value(name)
    if value is None:
        return None
    sayable = " ".join(_not_in_ssml().sub(" ", value).split())[:MAX_HEARD_CHARS].strip()
    return sayable or None


def requested_skill(turn: Turn) -> SkillRequest:
    """Read the `number` (AMAZON.NUMBER, digits) or `skill` (SKILL_NAME) slot."""
    number = _heard(turn, "number")
    if number is not None:
        chosen = _skill_number(number)
        return SkillRequest(number=chosen) if chosen else SkillRequest(out_of_range=number)
    matched = resolved_id(turn, "skill")
    chosen = _skill_number(matched) if matched is not None else None
    if chosen is not None:
        return SkillRequest(number=chosen)
    heard = _heard(turn, "skill")
    return SkillRequest(unmatched=heard) if heard else SkillRequest()
