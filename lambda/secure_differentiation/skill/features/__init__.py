"""The skill's features, composed in one visible order.

Each feature module exports its request handlers (`HANDLERS`) and the
questions it may leave open (`QUESTIONS`, see dialog.py). Order is behaviour:
the ASK SDK asks each handler in turn and the first whose `can_handle` says
yes answers. So: a statement of crisis, in any state; the launch; then the
dialog (answers.py), which routes anything said while a question is open
(answers, help, repeat, stop, "not that") unless the question lets it go
elsewhere; then the features; then Alexa's built-ins; and last the catch-alls.
"""

from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractExceptionHandler, AbstractRequestHandler

from ..dialog import Dialog
from . import (
    builtins,
    check_ins,
    daily,
    explain,
    focus,
    launch,
    mantra,
    practice,
    privacy,
    progress,
    reflection,
    resume,
    safety,
    scheduling,
    self_empathy,
    strengths,
    threat,
    walkthrough,
)
from .answers import DialogHandler
from .errors import CatchAllErrorHandler

FEATURES = (
    launch,
    safety,
    mantra,
    threat,
    walkthrough,
    strengths,
    focus,
    daily,
    self_empathy,
    reflection,
    resume,
    progress,
    practice,
    explain,
    check_ins,
    scheduling,
    privacy,
    builtins,
)


def dialog() -> Dialog:
    """Every question every feature may leave open."""
    return Dialog(question for feature in FEATURES for question in feature.QUESTIONS)


def request_handlers() -> list[AbstractRequestHandler]:
    return [
        *safety.FIRST,  # a person in crisis is answered first, whatever else is going on
        *launch.HANDLERS,
        DialogHandler(),
        *(handler for feature in FEATURES[1:] for handler in feature.HANDLERS),
        *builtins.CATCH_ALLS,
    ]


def exception_handlers() -> list[AbstractExceptionHandler]:
    return [CatchAllErrorHandler()]
