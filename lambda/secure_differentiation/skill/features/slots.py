"""Reading what a person said in slots: skill numbers, ordinals and names, signs, words heard."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ask_sdk_core.utils import get_slot
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


def slot(turn: Turn, name: str) -> Slot | None:
    """The named slot of an intent request (ASK SDK's `get_slot`), or None."""
    request = turn.handler_input.request_envelope.request
    if not isinstance(request, IntentRequest) or request.intent is None:
        return None
    return get_slot(turn.handler_input, name)


def slot_value(turn: Turn, name: str) -> str | None:
    """A slot's value as Alexa sent it, stripped; None when empty or absent."""
    found = slot(turn, name)
    value = found.value if found is not None else None
    return value.strip() if isinstance(value, str) and value.strip() else None


def resolved_id(turn: Turn, name: str) -> str | None:
    """The entity-resolution id of a custom slot when Alexa matched it, else None."""
    found = slot(turn, name)
    resolutions = found.resolutions if found is not None else None
    for authority in (resolutions.resolutions_per_authority or []) if resolutions else []:
        status = authority.status.code if authority.status else None
        if status == StatusCode.ER_SUCCESS_MATCH and authority.values:
            value = authority.values[0].value
            if value is not None and value.id:
                return str(value.id)
    return None


def skill_number(text: str) -> int | None:
    """1..12 from decimal digits ("7", "07", in any script); None for anything else."""
    if text.isdecimal() and len(text) <= 4 and 1 <= int(text) <= SKILL_COUNT:
        return int(text)
    return None


def heard(turn: Turn, name: str) -> str | None:
    """A slot's words as they may be said back: only characters SSML can carry, kept short."""
    value = slot_value(turn, name)
    if value is None:
        return None
    sayable = " ".join(_not_in_ssml().sub(" ", value).split())[:MAX_HEARD_CHARS].strip()
    return sayable or None


def requested_skill(turn: Turn) -> SkillRequest:
    """Read `number` (AMAZON.NUMBER), `ordinal` (AMAZON.Ordinal) or `skill` (SKILL_NAME)."""
    for name in ("number", "ordinal"):
        said = heard(turn, name)
        if said is not None:
            chosen = skill_number(said)
            return SkillRequest(number=chosen) if chosen else SkillRequest(out_of_range=said)
    matched = resolved_id(turn, "skill")
    chosen = skill_number(matched) if matched is not None else None
    if chosen is not None:
        return SkillRequest(number=chosen)
    words = heard(turn, "skill")
    return SkillRequest(unmatched=words) if words else SkillRequest()


def requested_sign(turn: Turn) -> str | None:
    """The sign of threat named in the `sign` slot, by id, when Alexa matched one."""
    return resolved_id(turn, "sign")
