"""The seed's two ways to practise, one at a time: in the moment, and regularly."""

from __future__ import annotations

from dataclasses import dataclass

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from ..content import Prompt
from ..conversation import Turn
from ..dialog import MORE, NEXT, NO, SKIP, YES, Question, is_int, navigation
from .common import menu, said

FEATURE = "practice"


@dataclass(frozen=True)
class NextMode:
    """Which of the practice modes would be described next."""

    next: int

    def valid(self) -> bool:
        return is_int(self.next) and 0 <= self.next < 8


def describe_mode(turn: Turn, index: int) -> Response:
    """Speak one practice mode, then offer the next one (or the menu after the last)."""
    modes = turn.content.practice_modes
    mode = modes[index % len(modes)]
    key = Prompt.PRACTICE_MODE if index == 0 else Prompt.PRACTICE_MODE_OTHER
    speech = turn.ssml(turn.say(key, title=mode.title), mode.description)
    if index + 1 < len(modes):
        offer = turn.say(Prompt.PRACTICE_MODE_OFFER_NEXT)
        return turn.ask(PRACTICE_MODE, NextMode(index + 1), speech.text(offer), turn.ssml(offer))
    return menu(turn, speech)


def _answer(turn: Turn, intent: str, at: NextMode) -> Response:
    if intent in (NO, SKIP):
        return menu(turn, turn.say(Prompt.OKAY))
    return describe_mode(turn, at.next)


def _enough(turn: Turn, _: NextMode) -> Response:
    return menu(turn, turn.say(Prompt.LEAVE_IT_THERE))


PRACTICE_MODE: Question[NextMode] = Question(
    kind="practice_mode",
    feature=FEATURE,
    payload=NextMode,
    answers=frozenset({YES, NO, NEXT, SKIP, MORE}),
    answer=_answer,
    give_up=_enough,
    help=Prompt.HELP_PRACTICE_MODE,
    on=navigation(),
)


class PracticeModesHandler(AbstractRequestHandler):
    """ "How do I practise?": the first of the two ways."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return said(handler_input, "PracticeModesIntent")

    def handle(self, handler_input: HandlerInput) -> Response:
        return describe_mode(Turn.of(handler_input), 0)


QUESTIONS = (PRACTICE_MODE,)
HANDLERS = (PracticeModesHandler(),)
