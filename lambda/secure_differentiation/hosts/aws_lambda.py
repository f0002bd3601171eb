"""The AWS Lambda host: one skill per container, one call per Alexa request."""

from __future__ import annotations

from typing import Any

from ..skill import invoke
from . import default_skill


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return invoke(default_skill(), event, context)
