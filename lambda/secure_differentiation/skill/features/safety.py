"""A person in crisis or danger: a short, caring answer and where to get help now.

This comes before everything else, in any flow: whatever question is open,
a statement of crisis (self-harm, wanting to die, violence or fear at home,
not being safe) is answered with the help lines for the request's locale
(content/locale.<locale>.json, which says where each number comes from), and
nothing else: no mantra, no breathing practice, no diagnosis. The session
ends; the card keeps the numbers.

The seed's inner "sense of threat" is not danger. Where words could mean
either ("I feel threatened", "I'm scared"), the skill asks before it answers.
"""

from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from ..content import Prompt
from ..conversation import Turn
from ..dialog import NO, NOT_SURE, SOMETIMES, YES, NoDetails, Question, navigation
from .common import said
from .threat import ground

CRISIS = "CrisisIntent"
FEATURE = "safety"


def crisis(turn: Turn) -> Response:
    """Where to get help now, for this locale; nothing else is said or kept open."""
    turn.answering = True  # nothing before it, not even what a question kept
    return turn.end(
        turn.ssml(turn.say(Prompt.CRISIS)),
        card=(turn.say(Prompt.CRISIS_CARD_TITLE), turn.say(Prompt.CRISIS_CARD)),
    )


def _in_danger_or_not(turn: Turn, intent: str, _: NoDetails) -> Response:
    if intent != NO:  # yes, "not sure", "maybe": the help lines, to be safe
        return crisis(turn)
    return ground(turn, None, lead=turn.say(Prompt.INNER_THREAT_ACK))


def _unclear(turn: Turn, _: NoDetails) -> Response:
    """No clear answer about danger, twice: give the help lines, to be safe."""
    return crisis(turn)


IN_DANGER: Question[NoDetails] = Question(
    kind="in_danger",
    feature=FEATURE,
    payload=NoDetails,
    answers=frozenset({YES, NO, NOT_SURE, SOMETIMES}),
    answer=_in_danger_or_not,
    give_up=_unclear,
    help=Prompt.HELP_IN_DANGER,
    on=navigation(),
)


class CrisisHandler(AbstractRequestHandler):
    """ "I want to die", "I'm not safe at home": first in the order, in any state."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return said(handler_input, CRISIS)

    def handle(self, handler_input: HandlerInput) -> Response:
        return crisis(Turn.of(handler_input))


class FeelingThreatenedHandler(AbstractRequestHandler):
    """ "I feel threatened", "I'm scared": could be inner threat or danger, so ask."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return said(handler_input, "FeelingThreatenedIntent")

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        return turn.ask(
            IN_DANGER,
            NoDetails(),
            turn.ssml(turn.say(Prompt.IN_DANGER_ASK)),
            turn.ssml(turn.say(Prompt.IN_DANGER_REPROMPT)),
        )


QUESTIONS = (IN_DANGER,)
# CrisisHandler goes first of all (features/__init__.py); the other is an ordinary feature.
FIRST = (CrisisHandler(),)
HANDLERS = (FeelingThreatenedHandler(),)
