"""Alexa's built-in intents and requests when no question is open (dialog.py has the rest)."""

from __future__ import annotations

import logging

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_request_type
from ask_sdk_model import Response, SessionEndedRequest

from ..content import Prompt
from ..conversation import Turn
from ..dialog import CANCEL, FALLBACK, HELP, HOME, NO, REPEAT, STOP, YES
from ..log_ids import user_reference
from .common import menu, said

logger = logging.getLogger(__name__)


class HelpHandler(AbstractRequestHandler):
    """Help with nothing asked: what the skill can do, always ending with a question."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return said(handler_input, HELP)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        return turn.listen(
            turn.ssml(turn.say(Prompt.HELP_GENERAL), turn.say(Prompt.HELP_MORE)),
            turn.ssml(turn.say(Prompt.MENU_REPROMPT)),
        )


class FallbackHandler(AbstractRequestHandler):
    """Words the model could not place, with nothing asked: say so, and what works."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return said(handler_input, FALLBACK)

    def handle(self, handler_input: HandlerInput) -> Response:
        return _not_understood(Turn.of(handler_input))


def _not_understood(turn: Turn) -> Response:
    return turn.listen(
        turn.ssml(turn.say(Prompt.FALLBACK_LEAD), turn.say(Prompt.FALLBACK_GENERAL)),
        turn.ssml(turn.say(Prompt.MENU_REPROMPT)),
    )


class StopHandler(AbstractRequestHandler):
    """Stop or cancel with nothing asked: a brief closing."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return said(handler_input, STOP, CANCEL)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        return turn.end(turn.ssml(turn.say(Prompt.GOODBYE)))


class HomeHandler(AbstractRequestHandler):
    """ "Main menu", "go home": the main things to do."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return said(handler_input, HOME)

    def handle(self, handler_input: HandlerInput) -> Response:
        return menu(Turn.of(handler_input), full=True)


class RepeatHandler(AbstractRequestHandler):
    """ "Repeat": say the last answer again, word for word."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return said(handler_input, REPEAT)

    def handle(self, handler_input: HandlerInput) -> Response:
        return Turn.of(handler_input).repeat()


class StrayAnswerHandler(AbstractRequestHandler):
    """Yes, "sometimes" or "not sure" with no question open: say so kindly, offer the menu.
    "No" (or "not now") to the menu itself ("a mantra, today's skill, or something
    else?") is a goodbye."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return said(handler_input, YES, NO, "SometimesIntent", "NotSureIntent")

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        if said(handler_input, NO):
            return turn.end(turn.ssml(turn.say(Prompt.OKAY), turn.say(Prompt.GOODBYE)))
        return menu(turn, turn.say(Prompt.NO_QUESTION_OPEN))


class MoreHandler(AbstractRequestHandler):
    """ "More" with nothing being listed: say so, and what there is."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return said(handler_input, "AMAZON.MoreIntent")

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        return menu(turn, turn.say(Prompt.NOTHING_MORE))


class ThanksHandler(AbstractRequestHandler):
    """ "Thank you": a warm goodbye."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return said(handler_input, "ThanksIntent")

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        return turn.end(turn.ssml(turn.say(Prompt.THANKS_REPLY)))


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
            return _not_understood(Turn.of(handler_input))
        return handler_input.response_builder.response


QUESTIONS = ()
HANDLERS = (
    HelpHandler(),
    FallbackHandler(),
    StopHandler(),
    HomeHandler(),
    RepeatHandler(),
    MoreHandler(),
    ThanksHandler(),
    SessionEndedHandler(),
)
# Keep last: they claim anything the handlers before them did not.
CATCH_ALLS = (StrayAnswerHandler(), UnknownRequestHandler())
