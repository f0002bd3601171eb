"""Small pieces several features share: the menu of next steps, skill phrases, closings."""

from __future__ import annotations

from datetime import date

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_intent_name
from ask_sdk_model import Response

from ..content import Prompt, PromptKey
from ..conversation import Change, Turn
from ..domain.state import UserState
from ..speech import Ssml
from .slots import SkillRequest


def said(handler_input: HandlerInput, *intents: str) -> bool:
    """Whether the request is one of these intents."""
    return any(is_intent_name(name)(handler_input) for name in intents)


def menu(turn: Turn, lead: str | Ssml = "", *, full: bool = False) -> Response:
    """Say `lead`, then offer the main things to do, and listen.

    After a lead the short menu keeps the whole reply within one breath.
    """
    speech = lead if isinstance(lead, Ssml) else turn.ssml(lead)
    speech.text(turn.say(Prompt.MENU if full or not speech else Prompt.MENU_SHORT))
    return turn.listen(speech, turn.ssml(turn.say(Prompt.MENU_REPROMPT)))


def finish(turn: Turn, speech: Ssml, closing: PromptKey | None = None) -> Response:
    """Answer and go for a one-shot request ("Alexa, ask ..."); in a session, offer what's next."""
    if turn.is_one_shot:
        return turn.end(speech.text(turn.say(closing)) if closing else speech)
    return menu(turn, speech)


def skill_phrase(turn: Turn, number: int) -> str:
    """ "skill 7, thriving habits": how a skill is named in speech."""
    return turn.say(Prompt.SKILL_NAMED, number=number, title=turn.content.skill(number).title)


def not_a_skill(turn: Turn, asked: SkillRequest) -> str:
    """Why a number or a name did not pick a skill."""
    if asked.out_of_range is not None and asked.out_of_range.isdigit():
        return turn.say(Prompt.NUMBER_OUT_OF_RANGE, heard=asked.out_of_range)
    if asked.unmatched is not None:
        return turn.say(Prompt.SKILL_NOT_MATCHED, heard=asked.unmatched)
    return turn.say(Prompt.NUMBER_NOT_HEARD)


def declined(offer: str, day: date) -> Change:
    """A change noting that the person said "not now" to `offer` on `day`."""

    def note(state: UserState) -> None:
        state.declined[offer] = day

    return note


def offered(offer: str, day: date) -> Change:
    """A change noting that `offer` was made (or the focus named) on `day`."""

    def note(state: UserState) -> None:
        state.offered[offer] = day

    return note


def tried(feature: str) -> Change:
    """A change noting that the person has tried `feature` (launch suggests the rest)."""

    def note(state: UserState) -> None:
        if feature not in state.tried:
            state.tried = sorted({*state.tried, feature})

    return note
