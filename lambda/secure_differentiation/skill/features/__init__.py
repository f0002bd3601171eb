"""The skill's features, composed in one visible order.

Each feature module exports its request handlers (`HANDLERS`) and the
questions it may leave open (`QUESTIONS`, see dialog.py). Order is behaviour:
the ASK SDK asks each handler in turn and the first whose `can_handle` says
yes answers. So: the launch; then the dialog, which routes anything said
while a question is open (answers, help, repeat, stop, "not that") unless the
question lets it go elsewhere; then the features; then Alexa's built-ins;
and last the catch-alls.
"""

from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractExceptionHandler, AbstractRequestHandler

from ..dialog import Dialog
from . import (
    builtins,
    check_ins,
    daily,
    focus,
    launch,
    mantra,
    practice,
    privacy,
    progress,
    reflection,
    scheduling,
    threat,
    walkthrough,
)
from .answers import DialogHandler
from .errors import CatchAllErrorHandler

FEATURES = (
    launch,
    mantra,
    threat,
    walkthrough,
    focus,
    daily,
    reflection,
    progress,
    practice,
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
        *launch.HANDLERS,
        DialogHandler(),
        *(handler for feature in FEATURES[1:] for handler in feature.HANDLERS),
        *builtins.CATCH_ALLS,
    ]


def exception_handlers() -> list[AbstractExceptionHandler]:
    return [CatchAllErrorHandler()]
