"""The tags logs carry instead of a userId or a personId: a keyed hash, never a plain one.

A plain hash of a userId is a lookup away from the userId itself: anyone who
knows a person's id (another skill's logs, an Alexa support case) can hash it
and find that person's lines. So the tag is an HMAC-SHA256 of the userId under
a secret key:

- SKILL_LOG_KEY set (the template passes a deployment parameter): one key for
  the deployment, so the lines of one person link across containers and days,
  for whoever can read the logs, and only for them;
- SKILL_LOG_KEY unset or empty: a random key made when the process starts, so
  lines link within one process (one Lambda container, one `serve`) and
  nowhere else, and nobody, the operator included, can go from a userId to
  its lines.

A recognised voice's personId gets its tag the same way, under the same key.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
from collections.abc import Mapping
from functools import cache

from ask_sdk_core.handler_input import HandlerInput

from .persistence.base import person_key, user_key

LOG_KEY_VARIABLE = "SKILL_LOG_KEY"
# A key shorter than this is too easy to guess from a handful of known userIds.
MIN_KEY_CHARACTERS = 32
# 12 hex digits (48 bits): enough to tell a day's people apart in the logs.
TAG_HEX_DIGITS = 12

logger = logging.getLogger(__name__)


def key_from(environ: Mapping[str, str]) -> bytes:
    """The deployment's key from the environment, or a fresh random one.

    A key that is set but too short is not used (a warning says so): a
    guessable key would make the tags as linkable as a plain hash.
    """
    configured = environ.get(LOG_KEY_VARIABLE, "").strip()
    if configured and len(configured) >= MIN_KEY_CHARACTERS:
        return configured.encode("utf-8")
    if configured:
        logger.warning(
            "%s is shorter than %d characters; using a per-process key instead",
            LOG_KEY_VARIABLE,
            MIN_KEY_CHARACTERS,
        )
    return secrets.token_bytes(32)


@cache
def _process_key() -> bytes:
    return key_from(os.environ)


def pseudonym(user_id: str, key: bytes | None = None) -> str:
    """The log tag of `user_id`: HMAC-SHA256 under `key` (default: this process's key)."""
    digest = hmac.new(key or _process_key(), user_id.encode("utf-8"), hashlib.sha256)
    return digest.hexdigest()[:TAG_HEX_DIGITS]


def user_reference(handler_input: HandlerInput) -> str:
    """The log tag of the person making this request ("anonymous" without a userId)."""
    try:
        user_id = user_key(handler_input.request_envelope)
    except ValueError:
        return "anonymous"
    return pseudonym(user_id)


def person_reference(handler_input: HandlerInput) -> str:
    """The log tag of the recognised voice making this request ("unrecognised" without one)."""
    person_id = person_key(handler_input.request_envelope)
    return "unrecognised" if person_id is None else pseudonym(person_id)
