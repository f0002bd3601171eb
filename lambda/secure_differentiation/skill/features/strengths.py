"""The person's own answers from the walk-through: hear their strengths, change one answer."""

from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from ..content import Prompt
from ..conversation import Turn
from ..domain import walkthrough as walk
from ..domain.state import UserState
from .common import finish, not_a_skill, said, skill_phrase
from .slots import requested_skill
from .walkthrough import summary

MARK, UNMARK = "MarkStrengthIntent", "UnmarkStrengthIntent"


class StrengthsHandler(AbstractRequestHandler):
    """ "What are my strengths?": the skills they said they already practise."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return said(handler_input, "StrengthsIntent")

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        if not turn.state.walkthrough.answers:
            return finish(turn, turn.ssml(turn.say(Prompt.STRENGTHS_NONE_YET)))
        return finish(turn, turn.ssml(summary(turn)))


class ChangeAnswerHandler(AbstractRequestHandler):
    """ "I do practise skill five now", "I don't really do boundaries anymore"."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return said(handler_input, MARK, UNMARK)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        asked = requested_skill(turn)
        if asked.number is None:
            speech = turn.ssml(not_a_skill(turn, asked), turn.say(Prompt.STRENGTH_WHICH))
            return turn.listen(speech, turn.ssml(turn.say(Prompt.STRENGTH_WHICH)))
        number, strength = asked.number, said(handler_input, MARK)

        def record(state: UserState) -> None:
            walk.record_answer(state.walkthrough, number, strength)

        turn.update(record)
        key = Prompt.STRENGTH_ADDED if strength else Prompt.STRENGTH_REMOVED
        return finish(turn, turn.ssml(turn.say(key, skill=skill_phrase(turn, number))))


QUESTIONS = ()
HANDLERS = (StrengthsHandler(), ChangeAnswerHandler())
