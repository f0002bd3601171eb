"""Builds the skill in one place; the Lambda, the webservice and the console wire it."""

from __future__ import annotations

import json
import logging
import random
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, cast

from ask_sdk_core.exceptions import SerializationException
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_core.skill import CustomSkill
from ask_sdk_core.skill_builder import CustomSkillBuilder
from ask_sdk_model import Request, RequestEnvelope
from ask_sdk_model.services.api_client import ApiClient  # core's copy imports requests

from .conversation import CommitInterceptor, SkillServices, TurnInterceptor
from .deadline import request_deadline
from .domain.clock import now_utc
from .features import dialog, exception_handlers, request_handlers
from .persistence.base import VersionedPersistenceAdapter
from .reminders import device_time_zone
from .screens import ScreenInterceptor, TouchInterceptor


def build_skill(
    persistence: VersionedPersistenceAdapter,
    api_client: ApiClient | None = None,
    *,
    rng: random.Random | None = None,
    clock: Callable[[], datetime] = now_utc,
    skill_id: str | None = None,
) -> CustomSkill:
    """The whole skill, with its storage, Alexa API client, randomness and clock injected.

    A request's "now" is its own timestamp; `clock` answers only for one that has none.
    """
    builder = CustomSkillBuilder(api_client=api_client) if api_client else CustomSkillBuilder()
    if skill_id:
        builder.skill_id = skill_id  # type: ignore[assignment]  # the SDK types it as None
    services = SkillServices(
        persistence=persistence,
        rng=rng or random.Random(),
        clock=clock,
        dialog=dialog(),
        zone_reader=device_time_zone,
    )
    builder.add_global_request_interceptor(TurnInterceptor(services))
    builder.add_global_request_interceptor(TouchInterceptor())  # needs the Turn
    builder.add_global_response_interceptor(ScreenInterceptor())
    builder.add_global_response_interceptor(CommitInterceptor())
    for handler in request_handlers():
        builder.add_request_handler(handler)
    for exception_handler in exception_handlers():
        builder.add_exception_handler(exception_handler)
    return builder.create()


logger = logging.getLogger(__name__)
_serializer = DefaultSerializer()


# Alexa adds request types over time; one this SDK cannot model is answered, not crashed on.
_KNOWN_REQUEST_TYPES = frozenset(Request.discriminator_value_class_map)
EMPTY_RESPONSE: dict[str, Any] = {"version": "1.0", "response": {}}
# Alexa's envelopes are a dozen levels deep; JSON nested far deeper would only exhaust
# the stack in the SDK's recursive (de)serializer (a RecursionError, not an answer).
MAX_ENVELOPE_DEPTH = 100


def _nested_deeper_than(value: Any, limit: int) -> bool:
    """Whether lists and objects in `value` nest more than `limit` levels (no recursion)."""
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            node = list(node.values())
        if isinstance(node, list):
            if depth > limit:
                return True
            stack.extend((child, depth + 1) for child in node)
    return False


class EnvelopeRefused(SerializationException):
    """An envelope the skill will not act on: not Alexa's shape, or not for this skill."""


def _dig(event: Any, *path: str) -> Any:
    for key in path:
        event = event.get(key) if isinstance(event, dict) else None
    return event


def _refusal(skill: CustomSkill, event: dict[str, Any], envelope: RequestEnvelope) -> str | None:
    """Why the skill must not act on this envelope, or None.

    The SDK would raise on these mid-dispatch (its skill-id check, a date out of
    range), or quietly read `{}` as the string "{}": they are refused up front,
    on the JSON as sent, so a host can answer 400, not 500.
    """
    ids = [_dig(event, "context", "System", "application", "applicationId")]
    if event.get("session") is not None:
        ids.append(_dig(event, "session", "application", "applicationId"))
    if not all(isinstance(found, str) and found for found in ids):
        return "an application id that is missing or not a string"
    expected = getattr(skill, "skill_id", None)
    if expected and ids[0] != expected:
        return "a request for another skill"
    stamp = getattr(envelope.request, "timestamp", None)
    if isinstance(stamp, datetime):
        try:
            stamp.astimezone(UTC)
        except (OverflowError, ValueError):
            return "a timestamp out of range"
    return None


def invoke(skill: CustomSkill, event: dict[str, Any], context: Any = None) -> dict[str, Any]:
    """Run one Alexa request (as parsed JSON) through the skill; return the response JSON.

    Raises ask_sdk_core's SerializationException (EnvelopeRefused, a subclass,
    for an envelope not meant for this skill) when it will not act on the
    envelope: the webservice turns that into a 400.
    """
    if _nested_deeper_than(event, MAX_ENVELOPE_DEPTH):
        raise SerializationException(f"envelope nested deeper than {MAX_ENVELOPE_DEPTH} levels")
    request = event.get("request")
    request_type = request.get("type") if isinstance(request, dict) else None
    if isinstance(request_type, str) and request_type not in _KNOWN_REQUEST_TYPES:
        logger.info("answered unknown request type %s quietly", request_type[:80])
        return dict(EMPTY_RESPONSE)
    envelope = _serializer.deserialize(json.dumps(event), RequestEnvelope)
    refused = _refusal(skill, event, envelope)
    if refused is not None:
        raise EnvelopeRefused(f"refused {refused}")
    with request_deadline():
        response = skill.invoke(request_envelope=envelope, context=context)
    return cast(dict[str, Any], _serializer.serialize(response))
