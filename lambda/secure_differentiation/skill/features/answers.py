"""While a question is open: its answers go to the asking feature, the rest is the same for all.

Help names what one can say there and asks again; repeat says the last reply
again; stop, cancel and pause close, saying what was kept; anything else that
does not fit is met with the options, and the second time in a row, the
question's `give_up` moves on. An intent the question lets go (Nav.LEAVE)
falls through to the general handlers (see skill/dialog.py).
"""

from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import IntentRequest, Response

from ..content import Prompt
from ..conversation import Turn
from ..dialog import (
    FALLBACK,
    HELP,
    MISSES_BEFORE_GIVING_UP,
    NOT_SURE,
    RESUME,
    Nav,
    OpenQuestion,
)

# What a non-answer is met with: words not understood, or understood but not fitting.
_CLARIFY_LEADS = {
    FALLBACK: Prompt.FALLBACK_LEAD,
    RESUME: Prompt.STILL_HERE,
    NOT_SURE: Prompt.NOT_SURE_LEAD,
}


class DialogHandler(AbstractRequestHandler):
    """Routes every intent that arrives while a question is open, except those that leave it."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        request = handler_input.request_envelope.request
        asked = Turn.of(handler_input).asked
        if asked is None or not isinstance(request, IntentRequest) or request.intent is None:
            return False
        intent = str(request.intent.name)
        return intent == HELP or asked.question.route(intent) is not Nav.LEAVE

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        asked = turn.asked
        request = handler_input.request_envelope.request
        assert asked is not None and isinstance(request, IntentRequest) and request.intent
        intent = str(request.intent.name)
        turn.answering = True
        if intent == HELP:
            return help_for(turn, asked)
        nav = asked.question.route(intent)
        if nav is None:
            return asked.question.answer(turn, intent, asked.payload)
        if nav is Nav.REPEAT:
            return turn.repeat()
        if nav is Nav.CLOSE:
            return close(turn, asked)
        return clarify(turn, turn.say(_CLARIFY_LEADS.get(intent, Prompt.NOT_THIS_QUESTION)), asked)


def help_for(turn: Turn, asked: OpenQuestion) -> Response:
    """What this moment is, at least two things one can say, and the question again."""
    question = asked.question
    hints = turn.content.hints(asked.hints_key)
    speech = turn.ssml(turn.say(question.help, **asked.kept_values()))
    speech.text(turn.say(Prompt.HINTS, hints=turn.spoken_list(hints, joiner=Prompt.LIST_OR)))
    return turn.ask_again(asked, speech)


def clarify(turn: Turn, lead: str, asked: OpenQuestion | None = None) -> Response:
    """Not an answer to the open question: say what can be said and ask again.

    The second time in a row, the question's `give_up` moves on instead.
    """
    asked = asked or turn.asked
    if asked is None:
        raise ValueError("clarify needs an open question")
    if asked.misses + 1 >= MISSES_BEFORE_GIVING_UP:
        turn.answering = True
        return asked.question.give_up(turn, asked.payload)
    hints = turn.content.hints(asked.hints_key)
    speech = turn.ssml(lead).text(
        turn.say(Prompt.HINTS, hints=turn.spoken_list(hints, joiner=Prompt.LIST_OR))
    )
    return turn.ask_again(asked, speech, misses=asked.misses + 1)


def close(turn: Turn, asked: OpenQuestion) -> Response:
    """Stop, cancel or pause with a question open: say what was kept, then goodbye."""
    kept = asked.question.kept
    feature = asked.question.feature
    if asked.question.resumable and turn.state.left != feature:
        turn.update(lambda state: setattr(state, "left", feature))
    speech = turn.ssml(turn.say(kept, **asked.kept_values()) if kept else "")
    return turn.end(speech.text(turn.say(Prompt.GOODBYE)))
