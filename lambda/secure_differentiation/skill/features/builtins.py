"""Alexa's built-in intents and requests: help, stop, fallback, repeat, stray yes/no."""

from __future__ import annotations

import logging

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_intent_name, is_request_type
from ask_sdk_model import Response, SessionEndedRequest

from ..content import Prompt
from ..conversation import LAST_REPLY_KEY, Turn, user_reference
from ..speech import Ssml
from .common import YES_NO, menu, said

logger = logging.getLogger(__name__)

# What to say for help and fallback, by the question the skill is waiting on.
_CONTEXT_HELP = {
    "walkthrough": Prompt.HELP_WALKTHROUGH,
    "choose_focus": Prompt.HELP_CHOOSE_FOCUS,
    "confirm_focus": Prompt.HELP_YES_NO,
    "resume": Prompt.HELP_YES_NO,
    "another_mantra": Prompt.HELP_YES_NO,
    "offer_mantra": Prompt.HELP_YES_NO,
    "reflection": Prompt.HELP_REFLECTION,
    "reflection_offer": Prompt.HELP_YES_NO,
}


def _contextual(turn: Turn, general: Prompt, lead: Prompt | None = None) -> Response:
    """Guidance for where the person is, keeping the question they were asked open.

    While a question is open, the guidance ends by asking it again (the stored
    reprompt), so the person always knows what to say next.
    """
    kind = turn.pending.get("kind")
    speech = Ssml().text(turn.say(lead) if lead else "")
    last = turn.session.get(LAST_REPLY_KEY)
    question = str(last.get("reprompt") or "") if kind and isinstance(last, dict) else ""
    if question:
        speech.text(turn.say(_CONTEXT_HELP.get(kind, Prompt.HELP_YES_NO)))
        return turn.reply(speech.extend(Ssml.stored(question)), Ssml.stored(question))
    return turn.reply(speech.text(turn.say(general)), Ssml().text(turn.say(Prompt.MENU_REPROMPT)))


class HelpHandler(AbstractRequestHandler):
    """Help that fits where the person is, always ending with a question."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("AMAZON.HelpIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        return _contextual(Turn.of(handler_input), Prompt.HELP_GENERAL)


class FallbackHandler(AbstractRequestHandler):
    """Words the model could not place: guidance for where the person is, session open."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("AMAZON.FallbackIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        return _contextual(Turn.of(handler_input), Prompt.FALLBACK_GENERAL, Prompt.FALLBACK_LEAD)


class StopHandler(AbstractRequestHandler):
    """Stop, cancel, or go home: a brief closing. The walk-through's place is already stored."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return said(
            handler_input, "AMAZON.StopIntent", "AMAZON.CancelIntent", "AMAZON.NavigateHomeIntent"
        )

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        pending = turn.pending
        turn.expect(None)
        if pending.get("kind") == "walkthrough":
            place = turn.say(Prompt.WALK_PLACE_KEPT, number=pending.get("skill", 1))
            return turn.reply(Ssml().text(place, turn.say(Prompt.GOODBYE)))
        return turn.reply(Ssml().text(turn.say(Prompt.GOODBYE)))


class RepeatHandler(AbstractRequestHandler):
    """ "Repeat": say the last answer again, word for word."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("AMAZON.RepeatIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        last = turn.session.get(LAST_REPLY_KEY)
        if not isinstance(last, dict) or not last.get("speech"):
            return menu(turn, turn.say(Prompt.NOTHING_TO_REPEAT))
        return (
            handler_input.response_builder.speak(str(last["speech"]))
            .ask(str(last.get("reprompt") or last["speech"]))
            .response
        )


class StrayYesNoHandler(AbstractRequestHandler):
    """Yes or no when no question is open: say so kindly and offer the menu."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return said(handler_input, *YES_NO)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        return menu(turn, turn.say(Prompt.NO_QUESTION_OPEN))


class SessionEndedHandler(AbstractRequestHandler):
    """The session closed (timeout, user exit, error): log why; nothing can be spoken."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("SessionEndedRequest")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        request = handler_input.request_envelope.request
        if isinstance(request, SessionEndedRequest):
            logger.info(
                "session ended: reason=%s error=%s user=%s",
                getattr(request.reason, "value", request.reason),
                getattr(request.error, "message", None),
                user_reference(handler_input),
            )
        return handler_input.response_builder.response


class UnknownRequestHandler(AbstractRequestHandler):
    """Any request or intent no other handler claims: a short recovery, never a crash."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return True

    def handle(self, handler_input: HandlerInput) -> Response:
        request = handler_input.request_envelope.request
        logger.info("unhandled request type=%s", getattr(request, "object_type", None))
        if is_request_type("IntentRequest")(handler_input):
            return _contextual(
                Turn.of(handler_input), Prompt.FALLBACK_GENERAL, Prompt.FALLBACK_LEAD
            )
        return handler_input.response_builder.response
