"""The last line of defence: a brief apology, a log line with the request id."""

from __future__ import annotations

import logging
import random

from ask_sdk_core.dispatch_components import AbstractExceptionHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from ..content import Prompt, content_for, locale_of
from ..conversation import PENDING_KEY, TURN_KEY, Turn
from ..log_ids import user_reference
from ..speech import Ssml

logger = logging.getLogger(__name__)


class CatchAllErrorHandler(AbstractExceptionHandler):
    """Apologises without speaking internals; nothing half-done is kept.

    The state write happens after the handler, so an error means nothing was
    written; the open question is dropped too, so the next answer starts clean.
    """

    def can_handle(self, handler_input: HandlerInput, exception: Exception) -> bool:
        return True

    def handle(self, handler_input: HandlerInput, exception: Exception) -> Response:
        request = handler_input.request_envelope.request
        logger.error(
            "request %s failed for user %s",
            getattr(request, "request_id", None),
            user_reference(handler_input),
            exc_info=exception,
        )
        turn = handler_input.attributes_manager.request_attributes.get(TURN_KEY)
        if isinstance(turn, Turn):
            return turn.apologise()
        content, rng = content_for(locale_of(handler_input)), random.Random()
        session = handler_input.attributes_manager.session_attributes
        if handler_input.request_envelope.session is not None and session is not None:
            session.pop(PENDING_KEY, None)
        return (
            handler_input.response_builder.speak(
                Ssml().text(content.say(Prompt.ERROR_APOLOGY, rng)).inner
            )
            .ask(Ssml().text(content.say(Prompt.MENU_REPROMPT, rng)).inner)
            .response
        )
