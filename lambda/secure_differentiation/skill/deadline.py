"""One time budget per request, shared by every slow call the request makes.

Alexa waits 8 seconds for a skill's answer. Each storage attempt and each
Alexa API call has its own timeout, but one request may make several of them
(a read, API calls, a write, a re-read after a conflict), and timeouts alone
would let them add up past 8 s. So `invoke` opens a deadline for the request,
and no slow call starts unless its worst case fits in what is left: a call
that cannot finish in time is not started, and the person hears a short
apology instead of silence.

The deadline lives in a context variable, so the adapters and API clients
shared by all of a web server's threads each see their own request's.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

# 8 s less a second for Alexa's network, the Lambda runtime and the reply itself.
REQUEST_BUDGET_SECONDS = 7.0
# What Alexa API calls leave for the storage write that records their outcome:
# one storage attempt's worst case (tests hold the backends to it).
WRITE_RESERVE_SECONDS = 2.0
# What a host keeps between the deadline and the moment it would be cut off (the
# Lambda timeout): serializing the reply and handing it back. infra/template.yaml
# sets the timeout to REQUEST_BUDGET_SECONDS plus this, so a request that uses its
# whole budget still answers.
HOST_REPLY_MARGIN_SECONDS = 1.0


@dataclass(frozen=True)
class Deadline:
    """A point in monotonic time by which the request's answer must be ready."""

    at: float
    clock: Callable[[], float] = time.monotonic

    def remaining(self) -> float:
        return self.at - self.clock()

    def allows(self, seconds: float) -> bool:
        """Whether something that may take `seconds` would still finish in time."""
        return self.remaining() >= seconds


_request_deadline: ContextVar[Deadline | None] = ContextVar("request_deadline", default=None)


@contextmanager
def request_deadline(
    seconds: float = REQUEST_BUDGET_SECONDS, clock: Callable[[], float] = time.monotonic
) -> Iterator[Deadline]:
    """The deadline of the request being answered inside this block.

    Inside another request deadline, the earlier of the two holds: a caller
    that has already spent part of Alexa's wait (or a test) can only shorten it.
    """
    deadline = Deadline(clock() + seconds, clock)
    outer = _request_deadline.get()
    if outer is not None and outer.at < deadline.at:
        deadline = outer
    token = _request_deadline.set(deadline)
    try:
        yield deadline
    finally:
        _request_deadline.reset(token)


def budget_within(host_seconds_left: float | None) -> float:
    """The request budget when the host itself stops us `host_seconds_left` from now.

    A host that will be cut off (Lambda's timeout) must answer before then; the
    budget ends a reply margin earlier, and never later than the usual budget.
    Unknown time left (None) means the usual budget.
    """
    if host_seconds_left is None:
        return REQUEST_BUDGET_SECONDS
    return max(0.0, min(REQUEST_BUDGET_SECONDS, host_seconds_left - HOST_REPLY_MARGIN_SECONDS))


def current_deadline() -> Deadline:
    """This request's deadline; outside a request (the CLI, tests), a fresh full budget."""
    deadline = _request_deadline.get()
    if deadline is None:
        return Deadline(time.monotonic() + REQUEST_BUDGET_SECONDS)
    return deadline
