"""`chat --screen`: the console as a device with a screen, printing each screen's words."""

from __future__ import annotations

import io
import json
import random
from typing import Any

from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope

from secure_differentiation.skill import build_skill, invoke
from secure_differentiation.skill.alexa_api import TimeoutApiClient
from secure_differentiation.skill.content import Content
from secure_differentiation.skill.persistence.memory import InMemoryPersistenceAdapter
from secure_differentiation.tools.cli import build_parser
from secure_differentiation.tools.console import build_envelope, run_console
from secure_differentiation.tools.screen_text import describe
from support.alexa_api_server import AlexaApiServer

USER_ID = "amzn1.ask.account.CONSOLE"
SKILL_ID = "amzn1.ask.skill.00000000-0000-0000-0000-000000000000"


def _chat(alexa_api: AlexaApiServer, *lines: str, screen: bool) -> tuple[str, list[dict]]:
    skill = build_skill(
        InMemoryPersistenceAdapter(), api_client=TimeoutApiClient(), rng=random.Random(2)
    )
    sent: list[dict[str, Any]] = []

    def send(event: dict[str, Any]) -> dict[str, Any]:
        event["context"]["System"]["apiEndpoint"] = alexa_api.url  # the loopback Alexa
        sent.append(event)
        return invoke(skill, event)

    out = io.StringIO()
    run_console(
        send,
        user_id=USER_ID,
        input_stream=io.StringIO("".join(f"{line}\n" for line in lines)),
        output_stream=out,
        interactive=False,
        skill_id=SKILL_ID,
        screen=screen,
    )
    return out.getvalue(), sent


def test_with_a_screen_the_console_shows_each_screen_and_its_words(
    alexa_api: AlexaApiServer, content: Content
) -> None:
    said = ("open secure differentiation", "walk me through the skills", "next")
    transcript, sent = _chat(alexa_api, *said, screen=True)
    assert transcript.count("[screen: walkthrough]") == 2
    for number in (1, 2):
        skill = content.skill(number)
        assert f"    Skill {number} of 12\n" in transcript
        assert f"    {skill.title}\n" in transcript and f"    {skill.description}\n" in transcript
    assert "    [button] Next skill\n" in transcript
    for event in sent:
        envelope = DefaultSerializer().deserialize(json.dumps(event), RequestEnvelope)
        interfaces = envelope.context.system.device.supported_interfaces
        assert interfaces.alexa_presentation_apl.runtime.max_version
        assert envelope.context.viewport.pixel_width == 1280


def test_without_a_screen_the_console_is_voice_only(alexa_api: AlexaApiServer) -> None:
    transcript, sent = _chat(alexa_api, "give me a mantra", screen=False)
    assert "[screen:" not in transcript and "alexa> " in transcript
    assert all(e["context"]["System"]["device"]["supportedInterfaces"] == {} for e in sent)
    assert (
        build_envelope(
            {"type": "LaunchRequest"},
            session_id="s",
            new=True,
            attributes={},
            user_id="u",
            skill_id=SKILL_ID,
        )["context"].get("Viewport")
        is None
    )


def test_a_chart_shows_as_its_words_for_screen_readers() -> None:
    directive = {
        "token": 'progress|{"kind":"x"}',
        "document": {
            "mainTemplate": {
                "parameters": ["progress"],
                "items": [
                    {"type": "Text", "text": "${progress.title}"},
                    {"type": "VectorGraphic", "accessibilityLabel": "${progress.summary}"},
                    {
                        "type": "Container",
                        "data": "${progress.rows}",
                        "items": [{"type": "Text", "text": "${data.words}"}],
                    },
                    {"type": "Text", "text": "${progress.missing}"},
                ],
            }
        },
        "datasources": {
            "progress": {"title": "Weeks", "summary": "Nov 16: 3", "rows": [{"words": "a"}]}
        },
    }
    assert describe(directive) == [
        "  [screen: progress]",
        "    Weeks",
        "    [chart] Nov 16: 3",
        "    a",
    ]


def test_chat_takes_the_screen_option() -> None:
    assert build_parser().parse_args(["chat", "--screen"]).screen is True
    assert build_parser().parse_args(["chat"]).screen is False
