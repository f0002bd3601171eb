"""Envelopes the ASK SDK would raise on mid-dispatch get a 400 from the webservice, not a 500."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest

from secure_differentiation.hosts.verification import SkillIdVerifier
from secure_differentiation.hosts.webservice import create_app
from secure_differentiation.skill import EnvelopeRefused, build_skill, invoke
from secure_differentiation.skill.persistence.memory import InMemoryPersistenceAdapter
from support.alexa import SKILL_ID, load_event


def _with(event: dict[str, Any], path: tuple[str, ...], value: Any) -> dict[str, Any]:
    node = event
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return event


CONTEXT_APP = ("context", "System", "application", "applicationId")
SESSION_APP = ("session", "application", "applicationId")
ODD = [
    (CONTEXT_APP, {}),
    (CONTEXT_APP, None),
    (CONTEXT_APP, 3),
    (SESSION_APP, {}),
    (SESSION_APP, 3),
    (("context", "System", "application"), None),
    (("request", "timestamp"), "0001-01-01T00:00:00+01:00"),
    (("request", "timestamp"), "9999-12-31T23:59:59-01:00"),
]


@pytest.mark.parametrize("skill_id", [SKILL_ID, None])
@pytest.mark.parametrize(("path", "value"), ODD)
def test_the_webservice_answers_odd_envelopes_with_400(
    skill_id: str | None, path: tuple[str, ...], value: Any
) -> None:
    skill = build_skill(InMemoryPersistenceAdapter(), rng=random.Random(1), skill_id=skill_id)
    verifier = SkillIdVerifier(skill_id) if skill_id else None
    app = create_app(lambda event: invoke(skill, event), verifier)
    event = _with(load_event("launch"), path, value)
    answer = app.test_client().post("/", data=json.dumps(event))
    assert answer.status_code == 400, answer.get_data(as_text=True)


def test_a_request_for_another_skill_is_refused_before_anything_runs() -> None:
    store = InMemoryPersistenceAdapter()
    skill = build_skill(store, skill_id="amzn1.ask.skill.ANOTHER")
    with pytest.raises(EnvelopeRefused, match="another skill"):
        invoke(skill, load_event("launch"))
    assert store.reads == 0 and store.writes == 0
