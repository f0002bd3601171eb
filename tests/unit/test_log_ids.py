"""Logs name a person by a keyed hash: knowing someone's userId does not find their lines."""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import random
import subprocess
import sys

import pytest

from secure_differentiation.skill import build_skill, invoke
from secure_differentiation.skill.log_ids import (
    LOG_KEY_VARIABLE,
    MIN_KEY_CHARACTERS,
    key_from,
    pseudonym,
)
from secure_differentiation.skill.persistence.memory import InMemoryPersistenceAdapter
from support.alexa import load_event

USER = "amzn1.ask.account.TESTUSER"  # the userId in tests/events/*.json
DEPLOYMENT_KEY = "0f" * 32


def unsalted_tags(user_id: str) -> set[str]:
    """What anyone could compute from a userId alone: plain SHA-256 prefixes of it."""
    digest = hashlib.sha256(user_id.encode()).hexdigest()
    return {digest[:length] for length in range(8, 17)}


def test_the_tag_logged_for_a_person_cannot_be_computed_from_their_user_id(
    caplog: pytest.LogCaptureFixture,
) -> None:
    store = InMemoryPersistenceAdapter()
    skill = build_skill(store, rng=random.Random(3))
    invoke(skill, load_event("launch"))
    with caplog.at_level(logging.INFO):
        invoke(skill, load_event("skill_disabled"))
    assert "skill disabled" in caplog.text
    assert pseudonym(USER) in caplog.text
    assert USER not in caplog.text
    assert not any(tag in caplog.text for tag in unsalted_tags(USER))


def test_a_deployment_key_gives_each_person_one_stable_keyed_tag() -> None:
    key = key_from({LOG_KEY_VARIABLE: DEPLOYMENT_KEY})
    expected = hmac.new(DEPLOYMENT_KEY.encode(), USER.encode(), hashlib.sha256).hexdigest()
    assert pseudonym(USER, key) == pseudonym(USER, key) == expected[: len(pseudonym(USER, key))]
    assert pseudonym(USER, key) != pseudonym("amzn1.ask.account.SOMEONE-ELSE", key)
    other_deployment = key_from({LOG_KEY_VARIABLE: "a1" * 32})
    assert pseudonym(USER, key) != pseudonym(USER, other_deployment)


def test_without_a_key_the_tag_links_lines_of_one_process_only() -> None:
    def tag_in_a_new_process(**settings: str) -> str:
        env = {k: v for k, v in os.environ.items() if k != LOG_KEY_VARIABLE}
        script = (
            "from secure_differentiation.skill.log_ids import pseudonym\n"
            f"print(pseudonym({USER!r}), pseudonym({USER!r}))\n"
        )
        result = subprocess.run(
            [sys.executable, "-c", script],
            env={**env, **settings},
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        first, again = result.stdout.split()
        assert first == again  # stable within the process
        return first

    assert tag_in_a_new_process() != tag_in_a_new_process()
    keyed = tag_in_a_new_process(**{LOG_KEY_VARIABLE: DEPLOYMENT_KEY})
    assert keyed == tag_in_a_new_process(**{LOG_KEY_VARIABLE: DEPLOYMENT_KEY})
    assert keyed == pseudonym(USER, DEPLOYMENT_KEY.encode())


def test_a_key_too_short_to_be_secret_is_not_used(caplog: pytest.LogCaptureFixture) -> None:
    short = "k" * (MIN_KEY_CHARACTERS - 1)
    with caplog.at_level(logging.WARNING):
        first = key_from({LOG_KEY_VARIABLE: short})
    assert first != short.encode()
    assert key_from({LOG_KEY_VARIABLE: short}) != first  # a fresh random key each time
    assert LOG_KEY_VARIABLE in caplog.text
