"""How a person is named in logs: never by their raw Alexa userId."""

from __future__ import annotations

import hashlib

from ask_sdk_core.handler_input import HandlerInput

from .persistence.base import user_key


def user_reference(handler_input: HandlerInput) -> str:
    """A short, non-reversible tag for logs: never log a raw userId."""
    try:
        key = user_key(handler_input.request_envelope)
    except ValueError:
        return "anonymous"
    return hashlib.sha256(key.encode()).hexdigest()[:10]
