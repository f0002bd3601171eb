"""The skill as an HTTPS webservice (Flask): POST / takes an Alexa request envelope.

Only what is needed to turn HTTP into a skill call lives here; the skill itself
is the same object the Lambda uses. Every request is verified before the skill
sees it (signature, timestamp, skill id: see verification.py). A refused or
malformed request gets a 4xx with a short reason in the log, never a 5xx.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Callable
from typing import Any

from ask_sdk_core.exceptions import SerializationException
from flask import Flask, Response, jsonify, request

from .verification import AbstractVerifier, VerificationError

logger = logging.getLogger(__name__)

Invoke = Callable[[dict[str, Any]], dict[str, Any]]
# Alexa's request bodies are a few kilobytes; anything far larger is not Alexa.
MAX_BODY_BYTES = 256 * 1024


def create_app(invoke: Invoke, verifier: AbstractVerifier | None) -> Flask:
    """A Flask app that passes verified, well-formed Alexa envelopes to `invoke`.

    `verifier` None accepts every request: for local development only.
    """
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES

    @app.get("/health")
    def health() -> Response:
        return jsonify(status="ok")

    @app.post("/")
    def alexa() -> tuple[Response, int] | Response:
        body = request.get_data(cache=False)
        try:
            event = json.loads(body, parse_constant=_not_json, parse_float=_finite)
        except (ValueError, RecursionError):  # undecodable, not JSON, or nested beyond the stack
            return _refuse(400, "body is not JSON")
        if not isinstance(event, dict) or not isinstance(event.get("request"), dict):
            return _refuse(400, "body is not an Alexa request envelope")
        if verifier is not None:
            try:
                verifier.verify(request.headers, body, event)
            except VerificationError as refused:
                return _refuse(400, f"verification failed: {refused.reason}")
        try:
            return jsonify(invoke(event))
        except (SerializationException, ValueError, TypeError, AttributeError) as error:
            logger.info("malformed envelope: %s", type(error).__name__)
            return _refuse(400, "malformed Alexa request envelope")

    return app


def _not_json(constant: str) -> Any:
    """NaN and Infinity: Python's parser reads them, but they are not JSON (RFC 8259)."""
    raise ValueError(f"{constant} is not JSON")


def _finite(text: str) -> float:
    """A JSON number as a float; one too large for a float ("1e400") is refused too."""
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text[:20]} is out of range")
    return value


def _refuse(status: int, reason: str) -> tuple[Response, int]:
    logger.info("refused request: %s", reason)
    return jsonify(error=reason), status
