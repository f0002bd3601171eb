"""Asking Alexa to send an event again, when the skill could not act on it.

Alexa redelivers a skill event (SkillDisabled, permission changes) that the
skill did not acknowledge, for up to an hour; that is why such events may
carry a timestamp an hour old. A handler that could not do what the event
asks (delete a disabled person's record while storage is down) must therefore
not answer as if it had: it calls `request_redelivery`, and the host turns the
request into a failure Alexa retries (Lambda: the invocation raises; the
webservice: an HTTP 503).

The ASK SDK hands every exception a handler raises to the skill's exception
handlers, which answer, so the wish travels beside the response instead, in a
context variable the host opens around the request.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field


class RedeliveryRequested(Exception):
    """The request was not completed; Alexa should send it again."""


@dataclass
class Redelivery:
    """What the handlers of one request asked for; `reasons` empty means nothing."""

    reasons: list[str] = field(default_factory=list)

    @property
    def requested(self) -> bool:
        return bool(self.reasons)

    def raise_if_requested(self) -> None:
        if self.reasons:
            raise RedeliveryRequested("; ".join(self.reasons))


_current: ContextVar[Redelivery | None] = ContextVar("redelivery", default=None)


@contextmanager
def redelivery_scope() -> Iterator[Redelivery]:
    """Collect redelivery requests made while this block handles one request."""
    scope = Redelivery()
    token = _current.set(scope)
    try:
        yield scope
    finally:
        _current.reset(token)


def request_redelivery(reason: str) -> bool:
    """Ask the host to fail this request so Alexa sends it again.

    Returns False when no host listens (the console, tests calling `invoke`
    directly): the caller has logged the failure either way.
    """
    scope = _current.get()
    if scope is None:
        return False
    scope.reasons.append(reason)
    return True
