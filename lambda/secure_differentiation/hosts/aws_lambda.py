"""The AWS Lambda host: one skill per container, one call per Alexa request."""

from __future__ import annotations

from typing import Any

from ..skill import invoke
from . import default_skill
from .snapstart import REGISTERED as SNAPSTART_HOOKS  # noqa: F401 - registers them, on Lambda


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return invoke(default_skill(), event, context)
