"""The hosts that serve the skill: AWS Lambda (`aws_lambda`) and a webservice (`webservice`).

Both serve the one skill `default_skill()` wires from the environment: its
storage (DynamoDB when SKILL_TABLE_NAME is set, else SQLite), Alexa's service
APIs with a time limit, and the skill id to accept.
"""

from __future__ import annotations

import os
from functools import cache

from ask_sdk_core.skill import CustomSkill

from ..skill import build_skill
from ..skill.alexa_api import TimeoutApiClient
from ..skill.persistence.base import VersionedPersistenceAdapter
from ..skill.persistence.factory import adapter_from_environment


@cache
def default_storage() -> VersionedPersistenceAdapter:
    """The storage `default_skill()` keeps people's records in, made once."""
    return adapter_from_environment()


@cache
def default_skill() -> CustomSkill:
    """Built once per container (Lambda) or process (webservice), reused by every request."""
    return build_skill(
        default_storage(),
        api_client=TimeoutApiClient(),
        skill_id=os.environ.get("SKILL_ID") or None,
    )
