"""Every way the skill is run, run for real: the webservice, the console, Lambda, create-table.

Each test starts the installed `secure-differentiation` command (or a fresh
interpreter for the Lambda entry) as its own process, so argument parsing,
import-time wiring, environment settings and exit codes are the real ones, and
checks what a person or an operator would notice: what is said, which status
comes back, what is printed, what ends up in the table.
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from secure_differentiation.skill.content import content_for
from secure_differentiation.skill.speech import to_plain_text
from support.alexa import load_event, number_slot
from support.loopback import free_port, stop

CLI = Path(sys.executable).parent / "secure-differentiation"
LAMBDA_DIR = Path(__file__).resolve().parents[2] / "lambda"
PROCESS_TIMEOUT_SECONDS = 60
SERVER_START_TIMEOUT_SECONDS = 20.0
CONTENT = content_for("en-US")

# Settings that would change which store or which skill id the processes use.
_LEAKY_SETTINGS = (
    "SKILL_TABLE_NAME",
    "SKILL_DB_PATH",
    "SKILL_ID",
    "AWS_LAMBDA_FUNCTION_NAME",
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_SESSION_TOKEN",
)


def environment(**settings: str) -> dict[str, str]:
    """This process's environment without the skill's settings, plus `settings`."""
    env = {key: value for key, value in os.environ.items() if key not in _LEAKY_SETTINGS}
    env.update(settings)
    return env


def aws_environment(endpoint: str, **settings: str) -> dict[str, str]:
    """Settings that point boto3 at the local DynamoDB server and nowhere else."""
    return environment(
        AWS_ENDPOINT_URL_DYNAMODB=endpoint,
        AWS_REGION="us-east-1",
        AWS_DEFAULT_REGION="us-east-1",
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        AWS_CONFIG_FILE=os.devnull,
        AWS_SHARED_CREDENTIALS_FILE=os.devnull,
        **settings,
    )


def run(
    args: list[str], env: Mapping[str, str], stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args,
        input=stdin,
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=PROCESS_TIMEOUT_SECONDS,
        check=False,
    )


def envelope(
    name: str,
    user_id: str,
    *,
    session_id: str | None = None,
    new: bool = True,
    attributes: dict[str, Any] | None = None,
    **request: Any,
) -> dict[str, Any]:
    """A real Alexa envelope from tests/events for this user and session."""
    event = load_event(name)
    event["session"].update(
        {
            "new": new,
            "sessionId": session_id or f"amzn1.echo-api.session.{uuid.uuid4()}",
            "attributes": copy.deepcopy(attributes or {}),
        }
    )
    event["session"]["user"]["userId"] = user_id
    event["context"]["System"]["user"]["userId"] = user_id
    event["request"]["requestId"] = f"amzn1.echo-api.request.{uuid.uuid4()}"
    event["request"].update(request)
    return event


def intent(name: str, **slots: Any) -> dict[str, Any]:
    return {"name": name, "confirmationStatus": "NONE", "slots": slots}


def spoken(response_envelope: dict[str, Any]) -> str:
    speech = (response_envelope.get("response") or {}).get("outputSpeech") or {}
    return to_plain_text(speech.get("ssml", ""))


def words(text: str) -> str:
    """Text as its words only: pauses ("...") and punctuation do not count."""
    return " ".join(re.findall(r"[a-z0-9']+", text.lower()))


def has_a_mantra(text: str) -> bool:
    said = words(text)
    return any(words(mantra.text) in said for mantra in CONTENT.mantras)


# --- the webservice ---------------------------------------------------------------


@dataclass
class Answer:
    status: int
    content_type: str
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    stderr_path: Path

    def request(self, method: str, path: str, body: bytes | None = None) -> Answer:
        headers = {"Content-Type": "application/json"} if body is not None else {}
        call = urllib.request.Request(self.url + path, data=body, method=method, headers=headers)
        try:
            with urllib.request.urlopen(call, timeout=10) as response:
                return Answer(response.status, response.headers["Content-Type"], response.read())
        except urllib.error.HTTPError as error:
            with error:
                return Answer(error.code, error.headers["Content-Type"] or "", error.read())

    def post_json(self, value: Any) -> Answer:
        return self.request("POST", "/", json.dumps(value).encode("utf-8"))

    def stderr(self) -> str:
        return self.stderr_path.read_text(encoding="utf-8", errors="replace")


def _wait_for_health(server: Server) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise AssertionError(
                f"`serve` exited with {server.process.returncode}:\n{server.stderr()}"
            )
        try:
            answer = server.request("GET", "/health")
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.05)
            continue
        assert answer.status == 200, answer
        assert answer.json() == {"status": "ok"}
        return
    raise AssertionError(f"`serve` did not answer /health in time:\n{server.stderr()}")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`secure-differentiation serve` in its own process, on a SQLite store of its own."""
    home = tmp_path_factory.mktemp("webservice")
    port = free_port()
    stderr_path = home / "stderr.log"
    with open(stderr_path, "wb") as stderr:
        process = subprocess.Popen(
            [
                str(CLI),
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--insecure-skip-verification",
            ],
            env=environment(SKILL_DB_PATH=str(home / "skill.sqlite3")),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    running = Server(f"http://127.0.0.1:{port}", process, stderr_path)
    try:
        _wait_for_health(running)
        yield running
    finally:
        stop(process)


def test_webservice_answers_a_launch_and_a_mantra_request(server: Server) -> None:
    user = "amzn1.ask.account.E2E-WEB"
    session = f"amzn1.echo-api.session.{uuid.uuid4()}"
    launch = server.post_json(envelope("launch", user, session_id=session))
    assert launch.status == 200, launch
    assert launch.content_type.startswith("application/json")
    reply = launch.json()
    speech = reply["response"]["outputSpeech"]
    assert speech["type"] == "SSML"
    assert speech["ssml"].startswith("<speak>") and speech["ssml"].endswith("</speak>")
    assert "Welcome" in spoken(reply)
    assert reply["response"]["shouldEndSession"] is False

    mantra = server.post_json(
        envelope(
            "intent",
            user,
            session_id=session,
            new=False,
            attributes=reply.get("sessionAttributes"),
            intent=intent("GetMantraIntent"),
        )
    )
    assert mantra.status == 200, mantra
    assert has_a_mantra(spoken(mantra.json())), spoken(mantra.json())


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b"{not json", id="malformed-json"),
        pytest.param(b"\xff\xfe\x00", id="not-utf8"),
        pytest.param(b"", id="empty"),
        pytest.param(b"[]", id="list"),
        pytest.param(b'{"foo": 1}', id="no-request"),
        pytest.param(b'{"request": "x"}', id="request-not-object"),
        pytest.param(b'{"request": {}}', id="request-without-type"),
        pytest.param(b"null", id="null"),
    ],
)
def test_webservice_refuses_what_is_not_an_envelope_with_400(server: Server, body: bytes) -> None:
    answer = server.request("POST", "/", body)
    assert answer.status == 400, answer
    assert "error" in answer.json()


def test_webservice_answers_an_unhandled_request_type_quietly(server: Server) -> None:
    event = envelope("launch", "amzn1.ask.account.E2E-WEB-QUIET")
    event["request"] = {
        "type": "Alexa.Presentation.APL.UserEvent",
        "requestId": f"amzn1.echo-api.request.{uuid.uuid4()}",
        "timestamp": event["request"]["timestamp"],
        "locale": "en-US",
        "arguments": ["tapped"],
    }
    answer = server.post_json(event)
    assert 200 <= answer.status < 300, answer
    assert "outputSpeech" not in answer.json().get("response", {})


def test_webservice_refuses_a_huge_body_with_413(server: Server) -> None:
    event = envelope("launch", "amzn1.ask.account.E2E-WEB-HUGE")
    event["session"]["attributes"] = {"padding": "x" * (300 * 1024)}
    answer = server.post_json(event)
    assert answer.status == 413, answer


@pytest.mark.parametrize(
    "mangle",
    [
        pytest.param(lambda e: e["request"].update(type="Com.Example.NotYetInvented"), id="type"),
        pytest.param(lambda e: e.pop("session"), id="no-session"),
        pytest.param(lambda e: e.pop("context"), id="no-context"),
        pytest.param(lambda e: e["request"].update(timestamp="yesterday"), id="timestamp"),
        pytest.param(lambda e: e["session"].update(attributes="x"), id="attributes"),
        pytest.param(
            lambda e: (e["session"]["user"].pop("userId"), e["context"].pop("System")),
            id="no-user",
        ),
    ],
)
def test_webservice_never_answers_odd_envelopes_with_a_server_error(
    server: Server, mangle: Any
) -> None:
    event = envelope("launch", "amzn1.ask.account.E2E-WEB-ODD")
    mangle(event)
    answer = server.post_json(event)
    assert answer.status < 500, (answer, server.stderr()[-3000:])


def test_webservice_warns_loudly_that_verification_is_off(server: Server) -> None:
    assert server.process.poll() is None, "the server died during the tests"
    assert "verification" in server.stderr().lower()


def test_serve_verifies_by_default_and_refuses_an_unsigned_request(tmp_path: Path) -> None:
    """Without the insecure flag the server starts, and an unsigned request is refused."""
    port = free_port()
    process = subprocess.Popen(
        [str(CLI), "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=environment(SKILL_DB_PATH=str(tmp_path / "skill.sqlite3")),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        secure = Server(f"http://127.0.0.1:{port}", process, tmp_path / "unused.log")
        deadline = time.monotonic() + 20
        while True:
            with contextlib.suppress(OSError):
                if secure.request("GET", "/health").status == 200:
                    break
            assert process.poll() is None, "the server exited"
            assert time.monotonic() < deadline, "the server never answered"
            time.sleep(0.1)
        event = envelope("launch", "amzn1.ask.account.UNSIGNED")
        refused = secure.request("POST", "/", json.dumps(event).encode())
        assert refused.status == 400
        assert "verification" in json.loads(refused.body)["error"]
    finally:
        stop(process)
        if process.stderr is not None:
            assert "verification is off" not in process.stderr.read().decode().lower()
            process.stderr.close()


# --- the console ------------------------------------------------------------------


def turns(transcript: str) -> list[tuple[str, str]]:
    """A non-interactive transcript as (what was said, what Alexa answered) pairs."""
    pairs: list[tuple[str, str]] = []
    for line in transcript.splitlines():
        if line.startswith("you> "):
            pairs.append((line.removeprefix("you> "), ""))
        elif pairs:
            said, answer = pairs[-1]
            pairs[-1] = (said, answer + line + "\n")
    return pairs


CONVERSATION = [
    "open secure differentiation",
    "give me a mantra",
    "no",
    "ask secure differentiation what's my skill for today",
    "open secure differentiation",
    "walk me through the skills",
    "yes",
    "go to skill 47",
    "go to skill 7",
    "make this my focus",
    "stop",
    "ask secure differentiation what is my focus",
]


def chat(tmp_path: Path, *lines: str) -> subprocess.CompletedProcess[str]:
    return run(
        [str(CLI), "chat", "--non-interactive", "--user-id", "amzn1.ask.account.E2E"],
        environment(SKILL_DB_PATH=str(tmp_path / "data" / "skill.sqlite3")),
        stdin="".join(line + "\n" for line in lines),
    )


def test_console_conversation_reads_like_alexa_and_remembers_the_focus(tmp_path: Path) -> None:
    first = chat(tmp_path, *CONVERSATION)
    assert first.returncode == 0, first.stderr
    said = turns(first.stdout)
    assert [utterance for utterance, _ in said] == CONVERSATION
    answers = [answer for _, answer in said]
    focus_title = CONTENT.skill(7).title

    assert "Welcome" in answers[0] and "(listening)" in answers[0]
    assert has_a_mantra(answers[1]), answers[1]
    assert "(session ended)" in answers[2]
    assert any(skill.title in answers[3] for skill in CONTENT.skills), answers[3]
    assert "(session ended)" in answers[3]
    assert "1 of 12" in answers[5]
    assert "2 of 12" in answers[6]
    assert "47" in answers[7] and "twelve" in answers[7] and "(listening)" in answers[7]
    assert "7 of 12" in answers[8] and focus_title in answers[8]
    assert focus_title in answers[9]
    assert "(session ended)" in answers[10]
    assert focus_title in answers[11]

    for output in (first.stdout, first.stderr):
        assert "<speak" not in output and "<break" not in output
        assert "&amp;" not in output
    assert "problem with the requested skill" not in first.stdout
    assert "Traceback" not in first.stderr

    # A new process, a new session: the focus is still there.
    second = chat(tmp_path, "ask secure differentiation what is my focus")
    assert second.returncode == 0, second.stderr
    [(_, answer)] = turns(second.stdout)
    assert focus_title in answer
    assert "<speak" not in second.stdout


# --- Lambda against DynamoDB ------------------------------------------------------

_LAMBDA_SCRIPT = """
import json, sys
import lambda_function
events = json.load(sys.stdin)
launch = lambda_function.lambda_handler(events[0], None)
focus = events[1]
focus["session"]["attributes"] = launch.get("sessionAttributes") or {}
answer = lambda_function.lambda_handler(focus, None)
print(json.dumps([launch, answer]))
"""


def test_lambda_entry_stores_a_focus_in_dynamodb(
    dynamodb_endpoint: str, dynamodb_table: str, dynamodb_client: Any
) -> None:
    user = f"amzn1.ask.account.E2E-LAMBDA-{uuid.uuid4().hex[:8]}"
    session = f"amzn1.echo-api.session.{uuid.uuid4()}"
    events = [
        envelope("launch", user, session_id=session),
        envelope(
            "intent",
            user,
            session_id=session,
            new=False,
            intent=intent("SetFocusIntent", number=number_slot("4")),
        ),
    ]
    env = aws_environment(
        dynamodb_endpoint,
        SKILL_TABLE_NAME=dynamodb_table,
        # As on Lambda: without the table the skill would refuse to start.
        AWS_LAMBDA_FUNCTION_NAME="secure-differentiation-e2e",
        PYTHONPATH=os.pathsep.join([str(LAMBDA_DIR), os.environ.get("PYTHONPATH", "")]),
    )
    result = run([sys.executable, "-c", _LAMBDA_SCRIPT], env, stdin=json.dumps(events))
    assert result.returncode == 0, result.stderr
    launch, focus = json.loads(result.stdout)

    assert "Welcome" in spoken(launch)
    assert launch["response"]["shouldEndSession"] is False
    assert CONTENT.skill(4).title in spoken(focus)
    assert "Sorry" not in spoken(focus)

    item = dynamodb_client.get_item(
        TableName=dynamodb_table, Key={"id": {"S": user}}, ConsistentRead=True
    )["Item"]
    stored = item["attributes"]["M"]
    assert stored["focus_skill"] == {"N": "4"}
    assert stored["visits"] == {"N": "1"}
    assert int(item["version"]["N"]) >= 1


# --- create-table -----------------------------------------------------------------


def test_create_table_creates_once_then_says_it_exists(
    dynamodb_endpoint: str, dynamodb_client: Any
) -> None:
    name = f"sd-e2e-{uuid.uuid4().hex[:12]}"
    env = aws_environment(dynamodb_endpoint, SKILL_TABLE_NAME=name)
    try:
        first = run([str(CLI), "create-table"], env)
        assert first.returncode == 0, first.stderr
        assert "Created" in first.stdout and name in first.stdout

        again = run([str(CLI), "create-table"], env)
        assert again.returncode == 0, again.stderr
        assert "already exists" in again.stdout

        table = dynamodb_client.describe_table(TableName=name)["Table"]
        assert table["TableStatus"] == "ACTIVE"
        assert table["KeySchema"] == [{"AttributeName": "id", "KeyType": "HASH"}]
        assert table["AttributeDefinitions"] == [
            {"AttributeName": "id", "AttributeType": "S"},
            {"AttributeName": "household", "AttributeType": "S"},
        ]
        (index,) = table["GlobalSecondaryIndexes"]
        assert index["IndexName"] == "household" and index["IndexStatus"] == "ACTIVE"
        assert index["Projection"] == {"ProjectionType": "KEYS_ONLY"}
        assert table["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    finally:
        with contextlib.suppress(dynamodb_client.exceptions.ResourceNotFoundException):
            dynamodb_client.delete_table(TableName=name)


def test_create_table_without_a_name_says_what_to_set(dynamodb_endpoint: str) -> None:
    result = run([str(CLI), "create-table"], aws_environment(dynamodb_endpoint))
    assert result.returncode != 0
    assert "SKILL_TABLE_NAME" in result.stderr
