"""'Resume' with nothing open: go on with what was left unfinished."""

from __future__ import annotations

from collections.abc import Callable

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from ..conversation import Turn
from ..dialog import RESUME
from . import reflection, self_empathy, walkthrough
from .common import said


def _unfinished(turn: Turn) -> dict[str, Callable[[Turn], Response]]:
    """What is waiting to be gone on with, each with how to go on: a paused self-empathy
    practice first (the one a person pauses mid-breath), then a reflection, then the walk."""
    waiting: dict[str, Callable[[Turn], Response]] = {}
    if self_empathy.paused_at(turn) is not None:
        waiting[self_empathy.FEATURE] = self_empathy.start
    if reflection.unfinished(turn):
        waiting[reflection.FEATURE] = reflection.start
    if turn.state.walkthrough.in_progress:
        waiting[walkthrough.FEATURE] = walkthrough.resume
    return waiting


class ResumeHandler(AbstractRequestHandler):
    """ "Resume", "continue" with no question open: what the person stopped last, if it
    is still waiting; else whatever else is; else the walk through the skills."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return said(handler_input, RESUME)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        waiting = _unfinished(turn)
        left = turn.state.left
        if left in waiting:
            return waiting[left](turn)
        return next(iter(waiting.values()), walkthrough.resume)(turn)


QUESTIONS = ()
HANDLERS = (ResumeHandler(),)
