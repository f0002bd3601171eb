"""The production wiring: storage from the environment, one skill per container."""

from __future__ import annotations

import os
from functools import cache
from typing import Any

from ask_sdk_core.skill import CustomSkill

from .alexa_api import TimeoutApiClient
from .persistence.factory import adapter_from_environment
from .skill import build_skill, invoke


@cache
def default_skill() -> CustomSkill:
    """Built once per container (Lambda) or process (webservice), reused by every request."""
    return build_skill(
        adapter_from_environment(),
        api_client=TimeoutApiClient(),
        skill_id=os.environ.get("SKILL_ID") or None,
    )


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return invoke(default_skill(), event, context)
