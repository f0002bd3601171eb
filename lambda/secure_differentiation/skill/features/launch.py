"""Launch: a welcome that knows whether this person is new or returning."""

from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_request_type
from ask_sdk_model import Response

from ..content import Prompt
from ..conversation import Turn
from ..domain import reflection as weekly
from ..domain.state import UserState
from ..speech import Ssml
from .common import skill_phrase


def _count_visit(state: UserState) -> None:
    state.visits += 1


class LaunchHandler(AbstractRequestHandler):
    """Greets: a fuller welcome the first time, a short one after; offers what is due.

    A weekly reflection that is due comes first, then an unfinished walk-through.
    """

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("LaunchRequest")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        state = turn.state
        first_visit = state.is_new
        turn.update(_count_visit)
        if first_visit:
            turn.expect(None)
            return turn.reply(
                Ssml().text(turn.say(Prompt.WELCOME_FIRST), turn.say(Prompt.MENU)),
                Ssml().text(turn.say(Prompt.MENU_REPROMPT)),
            )
        speech = Ssml().text(turn.say(Prompt.WELCOME_BACK))
        if state.focus_skill is not None:
            speech.text(turn.say(Prompt.WELCOME_FOCUS, skill=skill_phrase(turn, state.focus_skill)))
        if weekly.is_due(state, turn.today()):
            turn.expect("reflection_offer")
            unfinished = weekly.unfinished(state, turn.today()) is not None
            offer = Prompt.REFLECT_OFFER_CONTINUE if unfinished else Prompt.REFLECT_OFFER
            return turn.reply(speech.text(turn.say(offer)), Ssml().text(turn.say(offer)))
        if state.walkthrough.in_progress and state.walkthrough.position is not None:
            turn.expect("resume")
            return turn.reply(
                speech.text(turn.say(Prompt.OFFER_RESUME, number=state.walkthrough.position)),
                Ssml().text(turn.say(Prompt.OFFER_RESUME_REPROMPT)),
            )
        turn.expect(None)
        return turn.reply(
            speech.text(turn.say(Prompt.MENU_SHORT)), Ssml().text(turn.say(Prompt.MENU_REPROMPT))
        )
