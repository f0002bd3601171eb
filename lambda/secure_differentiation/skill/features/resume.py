"""'Resume' and 'start over' with nothing open: go back to what was left unfinished."""

from __future__ import annotations

from collections.abc import Callable

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from ..conversation import Turn
from ..dialog import RESUME, START_OVER
from . import reflection, self_empathy, walkthrough
from .common import said

Go = Callable[[Turn], Response]


def _unfinished(turn: Turn) -> dict[str, tuple[Go, Go]]:
    """What is waiting to be gone on with, each with how to go on and how to start it over:
    a paused self-empathy practice first (the one a person pauses mid-breath), then a
    reflection, then the walk."""
    waiting: dict[str, tuple[Go, Go]] = {}
    if self_empathy.paused_at(turn) is not None:
        waiting[self_empathy.FEATURE] = (self_empathy.start, self_empathy.start_over)
    if reflection.unfinished(turn):
        waiting[reflection.FEATURE] = (reflection.start, reflection.start_over)
    if turn.state.walkthrough.in_progress:
        waiting[walkthrough.FEATURE] = (walkthrough.resume, walkthrough.start_over)
    return waiting


class ResumeHandler(AbstractRequestHandler):
    """ "Resume", "continue", "start over" with no question open: what the person stopped
    last, if it is still waiting; else whatever else is. With nothing waiting both begin
    the walk through the skills, keeping earlier answers until they are given again."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return said(handler_input, RESUME, START_OVER)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        again = said(handler_input, START_OVER)
        waiting = _unfinished(turn)
        left = turn.state.left
        chosen = waiting.get(left) if left else None
        chosen = chosen or next(iter(waiting.values()), None)
        if chosen is None:
            return walkthrough.resume(turn)
        go_on, from_the_top = chosen
        return from_the_top(turn) if again else go_on(turn)


QUESTIONS = ()
HANDLERS = (ResumeHandler(),)
