"""The AWS Lambda host: one skill per container, one call per Alexa request.

The request's deadline comes from Lambda's own: the function is stopped at its
timeout whatever the skill is doing, so the budget ends HOST_REPLY_MARGIN_SECONDS
before that (and never later than the usual 7 s), and building the skill on a
cold start is spent from it too. A skill event the skill could not act on is
failed (the invocation raises), so Alexa sends it again.
"""

from __future__ import annotations

from typing import Any

from ..skill import invoke
from ..skill.deadline import budget_within, request_deadline
from ..skill.redelivery import redelivery_scope
from . import default_skill
from .snapstart import REGISTERED as SNAPSTART_HOOKS  # noqa: F401 - registers them, on Lambda


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    with request_deadline(budget_within(_seconds_left(context))), redelivery_scope() as redelivery:
        response = invoke(default_skill(), event, context)
    redelivery.raise_if_requested()
    return response


def _seconds_left(context: Any) -> float | None:
    """What Lambda leaves this invocation, or None when the caller is not Lambda."""
    remaining = getattr(context, "get_remaining_time_in_millis", None)
    if not callable(remaining):
        return None
    try:
        return float(remaining()) / 1000.0
    except (TypeError, ValueError):
        return None
