"""The seed's two ways to practise, one at a time: in the moment, and regularly."""

from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_intent_name
from ask_sdk_model import Response

from ..content import Prompt
from ..conversation import Turn
from ..speech import Ssml
from .common import YES_NO, answers, menu


def describe_mode(turn: Turn, index: int) -> Response:
    """Speak one practice mode, then offer the other (or the menu after the last)."""
    modes = turn.content.practice_modes
    mode = modes[index % len(modes)]
    speech = Ssml().text(turn.say(Prompt.PRACTICE_MODE, title=mode.title), mode.description)
    if index + 1 < len(modes):
        turn.expect("practice_mode", next=index + 1)
        return turn.reply(
            speech.text(turn.say(Prompt.PRACTICE_MODE_OFFER_NEXT)),
            Ssml().text(turn.say(Prompt.PRACTICE_MODE_OFFER_NEXT)),
        )
    return menu(turn, speech)


class PracticeModesHandler(AbstractRequestHandler):
    """ "How do I practise?": the first of the two ways."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("PracticeModesIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        return describe_mode(Turn.of(handler_input), 0)


class PracticeModeAnswerHandler(AbstractRequestHandler):
    """Yes or no to "want to hear the other way?"."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return answers(handler_input, "practice_mode", intents=(*YES_NO, "AMAZON.NextIntent"))

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        if is_intent_name("AMAZON.NoIntent")(handler_input):
            return menu(turn)
        return describe_mode(turn, int(turn.pending.get("next") or 1))
