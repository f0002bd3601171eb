"""Reading what a person said in slots: skill numbers, skill names, threat signs."""

from __future__ import annotations

from dataclasses import dataclass

from ask_sdk_model import IntentRequest, Slot
from ask_sdk_model.slu.entityresolution import StatusCode

from ..conversation import Turn
from ..domain.state import SKILL_COUNT


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


def requested_skill(turn: Turn) -> SkillRequest:
    """Read the `number` (AMAZON.NUMBER, digits) or `skill` (SKILL_NAME) slot."""
    number = turn.slot_value("number")
    if number is not None:
        if number.isdigit() and 1 <= int(number) <= SKILL_COUNT:
            return SkillRequest(number=int(number))
        return SkillRequest(out_of_range=number)
    matched = resolved_id(turn, "skill")
    if matched is not None and matched.isdigit() and 1 <= int(matched) <= SKILL_COUNT:
        return SkillRequest(number=int(matched))
    heard = turn.slot_value("skill")
    return SkillRequest(unmatched=heard) if heard else SkillRequest()
