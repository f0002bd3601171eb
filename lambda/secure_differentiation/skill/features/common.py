"""Small pieces several features share: the menu of next steps, skill phrases."""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_intent_name
from ask_sdk_model import Response

from ..content import Prompt
from ..conversation import Turn
from ..speech import Ssml

YES_NO = ("AMAZON.YesIntent", "AMAZON.NoIntent")


def said(handler_input: HandlerInput, *intents: str) -> bool:
    """Whether the request is one of these intents."""
    return any(is_intent_name(name)(handler_input) for name in intents)


def answers(handler_input: HandlerInput, *kinds: str, intents: tuple[str, ...] = YES_NO) -> bool:
    """Whether the request answers the open question of one of these kinds."""
    return Turn.of(handler_input).pending.get("kind") in kinds and said(handler_input, *intents)


def menu(turn: Turn, lead: str | Ssml = "") -> Response:
    """Say `lead`, then offer the main things to do, and listen.

    After a lead the short menu keeps the whole reply within one breath.
    """
    turn.expect(None)
    speech = lead if isinstance(lead, Ssml) else Ssml().text(lead)
    speech.text(turn.say(Prompt.MENU_SHORT if speech else Prompt.MENU))
    return turn.reply(speech, Ssml().text(turn.say(Prompt.MENU_REPROMPT)))


def skill_phrase(turn: Turn, number: int) -> str:
    """ "skill 7, thriving activities": how a skill is named in speech."""
    return turn.say(Prompt.SKILL_NAMED, number=number, title=turn.content.skill(number).title)


def spoken_list(turn: Turn, items: list[str]) -> str:
    """Join items the way people say lists: "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return turn.say(Prompt.LIST_JOIN, head=", ".join(items[:-1]), last=items[-1])
