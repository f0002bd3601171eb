"""The text console sends real Alexa requests and shows answers as Alexa would say them.

The skill behind the console must not be able to tell it from an Echo, so the
envelopes are checked against ask_sdk_model and the shipped event fixtures, and
session handling (attributes, ids, endings) is checked turn by turn.
"""

from __future__ import annotations

import io
import json
import re
import urllib.request
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope

from secure_differentiation.skill import build_skill, invoke
from secure_differentiation.skill.alexa_api import TimeoutApiClient
from secure_differentiation.skill.content import Prompt, content_for
from secure_differentiation.skill.persistence.memory import InMemoryPersistenceAdapter
from secure_differentiation.skill.speech import to_plain_text as ssml_to_text
from secure_differentiation.tools.alexa_stand_in import AlexaStandIn, running_stand_in
from secure_differentiation.tools.console import (
    DEVICE_ID,
    ConsoleClock,
    build_envelope,
    render_response,
    run_console,
)
from secure_differentiation.tools.nlu import ModelResolver
from support.clock import TEST_NOW

ROOT = Path(__file__).resolve().parents[2]
EVENTS = ROOT / "tests" / "events"
MODEL_PATH = ROOT / "interaction_models" / "en-US.json"
USER_ID = "amzn1.ask.account.TESTUSER"
SKILL_ID = "amzn1.ask.skill.test-console"
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")

Reply = Callable[[dict[str, Any]], dict[str, Any]]


def _deserialize(envelope: dict[str, Any]) -> RequestEnvelope:
    return DefaultSerializer().deserialize(json.dumps(envelope), "ask_sdk_model.RequestEnvelope")


def speak(
    ssml: str,
    *,
    end: bool | None,
    attributes: dict[str, Any] | None = None,
    card: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A response envelope as the skill would serialise it."""
    response: dict[str, Any] = {"outputSpeech": {"type": "SSML", "ssml": ssml}}
    if end is not None:
        response["shouldEndSession"] = end
    if card is not None:
        response["card"] = card
    return {"version": "1.0", "sessionAttributes": attributes or {}, "response": response}


class FakeSkill:
    """Records every envelope and answers from a script (SessionEnded gets an empty reply)."""

    def __init__(self, replies: list[dict[str, Any]] | None = None) -> None:
        self.envelopes: list[dict[str, Any]] = []
        self.replies = list(replies or [])

    def __call__(self, envelope: dict[str, Any]) -> dict[str, Any]:
        self.envelopes.append(envelope)
        if envelope["request"]["type"] == "SessionEndedRequest":
            return {"version": "1.0", "response": {}}
        if self.replies:
            return self.replies.pop(0)
        return speak("<speak>Okay.</speak>", end=False)

    @property
    def request_types(self) -> list[str]:
        return [e["request"]["type"] for e in self.envelopes]


@pytest.fixture(scope="module")
def resolver() -> ModelResolver:
    return ModelResolver(MODEL_PATH, skill_id=SKILL_ID)


def chat(skill: FakeSkill, resolver: ModelResolver, *lines: str, interactive: bool = False) -> str:
    out = io.StringIO()
    run_console(
        skill,
        user_id=USER_ID,
        input_stream=io.StringIO("".join(f"{line}\n" for line in lines)),
        output_stream=out,
        interactive=interactive,
        resolver=resolver,
        skill_id=SKILL_ID,
        clock=ConsoleClock(TEST_NOW),
    )
    return out.getvalue()


def test_every_envelope_deserializes_as_an_alexa_request(resolver: ModelResolver) -> None:
    skill = FakeSkill()
    chat(
        skill,
        resolver,
        "open secure differentiation",
        "i'm judging her",
        "make pineapples my focus",
        "go to skill seven",
    )
    assert skill.request_types == [
        "LaunchRequest",
        "IntentRequest",
        "IntentRequest",
        "IntentRequest",
        "SessionEndedRequest",
    ]
    for envelope in skill.envelopes:
        request_envelope = _deserialize(envelope)
        assert request_envelope.session.user.user_id == USER_ID
        assert request_envelope.context.system.application.application_id == SKILL_ID
        assert request_envelope.context.system.api_endpoint == "https://api.amazonalexa.com"
        assert request_envelope.context.system.device.device_id
        assert TIMESTAMP.match(envelope["request"]["timestamp"])
        assert envelope["request"]["locale"] == "en-US"
    sign = _deserialize(skill.envelopes[1]).request.intent.slots["sign"]
    assert sign.resolutions.resolutions_per_authority[0].values[0].value.id == "judging"
    number = _deserialize(skill.envelopes[3]).request.intent.slots["number"]
    assert number.value == "7"
    assert skill.envelopes[4]["request"]["reason"] == "USER_INITIATED"


def _key_paths(value: Any, prefix: str = "") -> set[str]:
    if not isinstance(value, dict):
        return set()
    paths = set()
    for key, child in value.items():
        if key in ("attributes", "supportedInterfaces", "slots"):
            paths.add(prefix + key)
            continue
        paths.add(prefix + key)
        paths |= _key_paths(child, f"{prefix}{key}.")
    return paths


@pytest.mark.parametrize(
    ("event", "line"),
    [
        ("launch.json", "open secure differentiation"),
        ("intent.json", "give me a mantra"),
    ],
)
def test_console_envelopes_have_the_fixture_shape(
    resolver: ModelResolver, event: str, line: str
) -> None:
    skill = FakeSkill()
    chat(skill, resolver, line)
    fixture = json.loads((EVENTS / event).read_text(encoding="utf-8"))
    assert _key_paths(skill.envelopes[0]) == _key_paths(fixture)
    ended = json.loads((EVENTS / "session_ended.json").read_text(encoding="utf-8"))
    assert _key_paths(skill.envelopes[-1]) == _key_paths(ended)


@pytest.mark.parametrize("event", ["launch.json", "intent.json", "session_ended.json"])
def test_event_fixtures_are_valid_alexa_requests(event: str) -> None:
    raw = json.loads((EVENTS / event).read_text(encoding="utf-8"))
    envelope = _deserialize(raw)
    system = envelope.context.system
    assert system.user.user_id == "amzn1.ask.account.TESTUSER"
    assert envelope.session.user.user_id == "amzn1.ask.account.TESTUSER"
    assert system.api_endpoint == "https://api.amazonalexa.com"
    assert system.api_access_token
    assert system.device.device_id
    assert system.device.supported_interfaces is not None
    request_type = {
        "launch.json": "LaunchRequest",
        "intent.json": "IntentRequest",
        "session_ended.json": "SessionEndedRequest",
    }[event]
    assert envelope.request.object_type == request_type
    if event == "launch.json":
        assert envelope.session.new is True
    if event == "intent.json":
        assert envelope.request.intent.name == "GetMantraIntent"
        assert envelope.request.intent.slots == {}
        assert envelope.request.dialog_state is None
    if event == "session_ended.json":
        assert envelope.request.reason.value == "USER_INITIATED"


def test_session_attributes_carry_over_until_the_session_ends(resolver: ModelResolver) -> None:
    skill = FakeSkill(
        [
            speak("<speak>Welcome.</speak>", end=False, attributes={"turn": 1}),
            speak("<speak>Here is one.</speak>", end=False, attributes={"turn": 2}),
            speak("<speak>Goodbye.</speak>", end=True, attributes={"turn": 3}),
            speak("<speak>Another.</speak>", end=False),
        ]
    )
    chat(skill, resolver, "open secure differentiation", "give me a mantra", "stop", "one more")
    sessions = [e["session"] for e in skill.envelopes]
    assert [s["new"] for s in sessions] == [True, False, False, True, False]
    assert [s["attributes"] for s in sessions] == [{}, {"turn": 1}, {"turn": 2}, {}, {}]
    first, second = sessions[0]["sessionId"], sessions[3]["sessionId"]
    assert first != second
    assert sessions[1]["sessionId"] == sessions[2]["sessionId"] == first
    assert sessions[4]["sessionId"] == second
    assert skill.request_types[-1] == "SessionEndedRequest"


def test_intent_with_no_open_session_starts_one(resolver: ModelResolver) -> None:
    skill = FakeSkill([speak("<speak>Here.</speak>", end=True)])
    output = chat(skill, resolver, "give me a mantra")
    assert skill.request_types == ["IntentRequest"]
    assert skill.envelopes[0]["session"]["new"] is True
    assert skill.envelopes[0]["request"]["intent"]["name"] == "GetMantraIntent"
    assert output.splitlines() == ["you> give me a mantra", "alexa> Here.", "(session ended)"]


def test_missing_should_end_session_ends_it_like_a_voice_only_device(
    resolver: ModelResolver,
) -> None:
    skill = FakeSkill(
        [speak("<speak>Hi.</speak>", end=None), speak("<speak>Hi.</speak>", end=None)]
    )
    chat(skill, resolver, "give me a mantra", "give me a mantra")
    assert [e["session"]["new"] for e in skill.envelopes] == [True, True]


def test_launch_mid_session_starts_a_new_session(resolver: ModelResolver) -> None:
    skill = FakeSkill()
    chat(skill, resolver, "open secure differentiation", "open secure differentiation")
    assert skill.request_types == [
        "LaunchRequest",
        "SessionEndedRequest",
        "LaunchRequest",
        "SessionEndedRequest",
    ]
    ids = [e["session"]["sessionId"] for e in skill.envelopes]
    assert ids[0] == ids[1] != ids[2] == ids[3]


def test_ssml_is_rendered_as_plain_text() -> None:
    ssml = (
        "<speak><p>Let&apos;s ground you &amp; breathe.</p>"
        '<break time="700ms"/><s>I dedicate myself to compassion.</s>'
        '<prosody rate="slow">Say it <emphasis level="moderate">slowly</emphasis>.</prosody>'
        ' <sub alias="secure differentiation">S.D.</sub> &lt;3</speak>'
    )
    text = ssml_to_text(ssml)
    assert "<" not in text.replace("&lt;3", "").replace("<3", "")
    assert "&amp;" not in text and "&apos;" not in text
    assert text.splitlines()[0] == "Let's ground you & breathe."
    assert text.splitlines()[1].startswith("I dedicate myself to compassion. Say it")
    assert "Say it slowly." in text
    assert "secure differentiation <3" in text
    assert ssml_to_text('<speak>One<break time="1s"/></speak>') == "One"


def test_answer_card_and_listening_marker_are_printed(resolver: ModelResolver) -> None:
    card = {"type": "Simple", "title": "Your mantra", "content": "I choose.\nI act."}
    skill = FakeSkill(
        [
            speak(
                '<speak>I choose &amp; I act.<break time="500ms"/>Another?</speak>',
                end=False,
                card=card,
            )
        ]
    )
    lines = chat(skill, resolver, "give me a mantra").splitlines()
    assert lines == [
        "you> give me a mantra",
        "alexa> I choose & I act. ... Another?",
        "  [card] Your mantra",
        "    I choose.",
        "    I act.",
        "(listening)",
    ]


def test_standard_card_and_plain_text_speech() -> None:
    lines = render_response(
        {
            "response": {
                "outputSpeech": {"type": "PlainText", "text": "Hello there."},
                "card": {"type": "Standard", "title": "Skill 7", "text": "Thriving habits"},
            }
        }
    )
    assert lines == ["alexa> Hello there.", "  [card] Skill 7", "    Thriving habits"]


def test_eof_sends_session_ended_and_prints_nothing_more(resolver: ModelResolver) -> None:
    skill = FakeSkill([speak("<speak>Welcome.</speak>", end=False)])
    output = chat(skill, resolver, "open secure differentiation")
    assert skill.request_types == ["LaunchRequest", "SessionEndedRequest"]
    ended = skill.envelopes[-1]
    assert ended["request"]["reason"] == "USER_INITIATED"
    assert ended["session"]["sessionId"] == skill.envelopes[0]["session"]["sessionId"]
    assert ended["session"]["new"] is False
    assert output.splitlines()[-1] == "(listening)"


@pytest.mark.parametrize("command", ["quit", "exit"])
def test_quit_command_ends_the_console(resolver: ModelResolver, command: str) -> None:
    skill = FakeSkill()
    output = chat(skill, resolver, "open secure differentiation", command, "give me a mantra")
    assert skill.request_types == ["LaunchRequest", "SessionEndedRequest"]
    assert output.splitlines()[-1] == f"you> {command}"


def test_no_session_ended_request_when_nothing_is_open(resolver: ModelResolver) -> None:
    skill = FakeSkill([speak("<speak>Bye.</speak>", end=True)])
    chat(skill, resolver, "give me a mantra", "quit")
    assert skill.request_types == ["IntentRequest"]


def test_interactive_mode_shows_banner_and_prompt_without_echo(resolver: ModelResolver) -> None:
    skill = FakeSkill([speak("<speak>Welcome.</speak>", end=False)])
    output = chat(skill, resolver, "open secure differentiation", interactive=True)
    assert "open secure differentiation\n" in output  # an example in the banner
    assert "you> alexa> Welcome." in output
    assert "you> open secure differentiation" not in output


def test_a_failing_skill_does_not_kill_the_console(resolver: ModelResolver) -> None:
    calls: list[dict[str, Any]] = []

    def broken(envelope: dict[str, Any]) -> dict[str, Any]:
        calls.append(envelope)
        if len(calls) == 1:
            raise RuntimeError("boom")
        return speak("<speak>Fine now.</speak>", end=True)

    out = io.StringIO()
    run_console(
        broken,
        user_id=USER_ID,
        input_stream=io.StringIO("give me a mantra\ngive me a mantra\n"),
        output_stream=out,
        interactive=False,
        resolver=resolver,
        skill_id=SKILL_ID,
    )
    assert "boom" in out.getvalue()
    assert "alexa> Fine now." in out.getvalue()
    assert calls[0]["session"]["sessionId"] != calls[1]["session"]["sessionId"]


def test_build_envelope_matches_the_request_given() -> None:
    envelope = build_envelope(
        {"type": "SessionEndedRequest", "reason": "USER_INITIATED"},
        session_id="amzn1.echo-api.session.x",
        new=False,
        attributes={"a": 1},
        user_id=USER_ID,
        skill_id=SKILL_ID,
        locale="en-GB",
    )
    assert envelope["request"]["type"] == "SessionEndedRequest"
    assert envelope["request"]["locale"] == "en-GB"
    assert envelope["session"]["attributes"] == {"a": 1}
    assert _deserialize(envelope).request.reason.value == "USER_INITIATED"


def test_a_permission_request_is_shown_not_swallowed() -> None:
    from secure_differentiation.tools.console import render_response

    scope = "alexa::alerts:reminders:skill:readwrite"
    lines = render_response(
        {
            "version": "1.0",
            "response": {
                "directives": [
                    {
                        "type": "Connections.SendRequest",
                        "name": "AskFor",
                        "payload": {
                            "@type": "AskForPermissionsConsentRequest",
                            "@version": "2",
                            "permissionScopes": [
                                {"permissionScope": scope, "consentLevel": "ACCOUNT"}
                            ],
                        },
                        "token": "check-in:daily:08:00",
                    }
                ]
            },
        }
    )
    assert any("permission" in line and scope in line for line in lines)


# --- time, and check-ins with no network --------------------------------------------

ZONE = "Europe/London"
# Monday 23 November 2026, 7:30 in London: half an hour before an 8 AM check-in.
START = datetime(2026, 11, 23, 7, 30, tzinfo=ZoneInfo(ZONE))


def test_time_commands_move_the_clock_the_requests_are_stamped_with(
    resolver: ModelResolver,
) -> None:
    skill = FakeSkill()
    output = chat_at(
        skill,
        resolver,
        START,
        "open secure differentiation",
        "/an hour later",
        "give me a mantra",
        "/next day",
        "give me a mantra",
        "/next week",
        "/later 3 hours",
        "give me a mantra",
        "/time",
        "/yesterday",
    )
    stamps = [
        envelope["request"]["timestamp"]
        for envelope in skill.envelopes
        if envelope["request"]["type"] != "SessionEndedRequest"
    ]
    assert stamps == [
        "2026-11-23T07:30:00Z",
        "2026-11-23T08:30:00Z",
        "2026-11-24T08:30:00Z",
        "2026-12-01T11:30:00Z",
    ]
    # An open session ends when time moves on: nobody answered it.
    ended = [e for e in skill.envelopes if e["request"]["type"] == "SessionEndedRequest"]
    assert ended[0]["request"]["reason"] == "EXCEEDED_MAX_REPROMPTS"
    assert "(session ended: no answer)" in output
    assert "[it is Tue 1 Dec 2026, 11:30 AM (Europe/London)]" in output
    assert "(time commands:" in output  # "/yesterday" is not one


def chat_at(
    skill: Any, resolver: ModelResolver, start: datetime, *lines: str, **options: Any
) -> str:
    out = io.StringIO()
    run_console(
        skill,
        user_id=USER_ID,
        input_stream=io.StringIO("".join(f"{line}\n" for line in lines)),
        output_stream=out,
        interactive=False,
        resolver=resolver,
        skill_id=SKILL_ID,
        clock=options.pop("clock", None) or ConsoleClock(start),
        time_zone=ZONE,
        **options,
    )
    return out.getvalue()


def test_a_check_in_is_set_listed_moved_rung_and_cancelled_with_no_network(
    resolver: ModelResolver, caplog: pytest.LogCaptureFixture
) -> None:
    """The real skill, its production API client, and the console's stand-in for Alexa."""
    clock = ConsoleClock(START)
    store = InMemoryPersistenceAdapter()
    skill = build_skill(store, api_client=TimeoutApiClient(), clock=clock)
    with running_stand_in(time_zones={DEVICE_ID: ZONE}, clock=clock) as alexa:
        transcript = chat_at(
            lambda event: invoke(skill, event),
            resolver,
            START,
            "open secure differentiation",
            "remind me every day at 8 am",
            "yes",
            "what check-ins do i have",
            "/an hour later",
            "ask secure differentiation to move my daily check-in to 9",
            "yes",
            "/next day",
            "/next week",
            "what check-ins do i have",
            "cancel my daily check-in",
            "/next week",
            "what check-ins do i have",
            clock=clock,
            alexa=alexa,
        )
        assert alexa.reminders == {} and alexa.problems == []
    said = transcript.splitlines()
    assert "Sorry" not in transcript and "WARNING" not in transcript, transcript
    assert any("every day at 8 AM" in line and "?" in line for line in said)
    assert "alexa> Your daily check-in is at 8 AM." in said or any(
        "daily check-in at 8 AM" in line for line in said
    )
    rings = [line for line in said if line.startswith("  [reminder rings")]
    # 8:00 on Monday; moved at 8:30 to 9, so 9:00 that day; then a week of 9:00s.
    assert rings[0].startswith("  [reminder rings, Mon 23 Nov 2026, 8:00 AM: ")
    assert rings[0][len("  [reminder rings, Mon 23 Nov 2026, 8:00 AM: ") : -1] in content_for(
        "en-US"
    ).variants(Prompt.CHECK_IN_REMINDER_DAILY)
    assert rings[1].startswith("  [reminder rings, Mon 23 Nov 2026, 9:00 AM:")
    assert rings[2].startswith("  [reminder rings, Tue 24 Nov 2026, 9:00 AM:")
    assert rings[3].startswith("  [reminder rings, Wed 25 Nov 2026, 9:00 AM:")
    assert "  [... and 5 more times, the last on Mon 30 Nov 2026, 9:00 AM]" in said
    assert len(rings) == 4, "nothing rings after the cancel"
    assert said[-2] in {
        "alexa> You have no check-ins yet. You could say: remind me every day at 8 AM.",
        "alexa> There are no check-ins set. You could say: set my weekly reflection for "
        "Sundays at 7 PM.",
    }
    # The reminder was said before anything was set, and every request reached the stand-in.
    assert [c.operation for c in alexa.calls if c.operation == "create"] == ["create"]
    assert not [record for record in caplog.records if record.levelname == "WARNING"]


def test_reminders_ring_in_the_order_they_come_due(resolver: ModelResolver) -> None:
    clock = ConsoleClock(START)
    store = InMemoryPersistenceAdapter()
    skill = build_skill(store, api_client=TimeoutApiClient(), clock=clock)
    with running_stand_in(time_zones={DEVICE_ID: ZONE}, clock=clock) as alexa:
        transcript = chat_at(
            lambda event: invoke(skill, event),
            resolver,
            START,
            "open secure differentiation",
            "set my weekly reflection for Tuesdays at 7 pm",
            "yes",
            "open secure differentiation",
            "remind me every day at 6 pm",
            "yes",
            "/next day",
            "/next day",
            clock=clock,
            alexa=alexa,
        )
    rings = [line for line in transcript.splitlines() if "[reminder rings" in line]
    assert [ring.split(":", 1)[0] for ring in rings] == [
        "  [reminder rings, Mon 23 Nov 2026, 6",
        "  [reminder rings, Tue 24 Nov 2026, 6",
        "  [reminder rings, Tue 24 Nov 2026, 7",
    ]
    assert "weekly reflection" in rings[2]


def test_the_stand_in_keeps_each_persons_reminders_apart_and_between_runs(tmp_path: Path) -> None:
    path = tmp_path / "reminders.json"
    body = {
        "requestTime": "2026-11-23T07:30:00.000",
        "trigger": {
            "type": "SCHEDULED_ABSOLUTE",
            "scheduledTime": "2026-11-23T08:00:00.000",
            "timeZoneId": ZONE,
            "recurrence": {"freq": "DAILY"},
        },
        "alertInfo": {"spokenInfo": {"content": [{"locale": "en-GB", "text": "Time."}]}},
        "pushNotification": {"status": "ENABLED"},
    }
    with running_stand_in(clock=lambda: START, state_path=path) as alexa:
        made = post(alexa, "alice", body)
        assert list_for(alexa, "alice") == [made] and list_for(alexa, "bob") == []
    with running_stand_in(clock=lambda: START, state_path=path) as again:
        assert list_for(again, "alice") == [made]
        assert post(again, "alice", body) != made  # tokens are never reused


def post(alexa: AlexaStandIn, token: str, body: dict[str, Any]) -> str:
    request = urllib.request.Request(
        f"{alexa.url}/v1/alerts/reminders",
        data=json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=5) as answer:
        return str(json.loads(answer.read())["alertToken"])


def list_for(alexa: AlexaStandIn, token: str) -> list[str]:
    request = urllib.request.Request(
        f"{alexa.url}/v1/alerts/reminders", headers={"Authorization": f"Bearer {token}"}
    )
    with urllib.request.urlopen(request, timeout=5) as answer:
        return [alert["alertToken"] for alert in json.loads(answer.read())["alerts"]]
