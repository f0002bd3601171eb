"""Scheduled check-ins: Alexa reminders set, moved, listed and cancelled by voice.

The skill talks to Alexa's Reminders and Settings APIs over real HTTP, on a
local server that implements their documented contracts (tests/support/
alexa_api_server.py), through its production API client. What a test checks
is what a person notices (what Alexa said, what reminder now exists) and
what the API received.
"""

from __future__ import annotations

import io
import json
import random
import time
from datetime import timedelta
from typing import Any

import pytest
from ask_sdk_model.services.api_client_request import ApiClientRequest

from secure_differentiation.skill import build_skill, invoke
from secure_differentiation.skill.alexa_api import DEFAULT_TIMEOUT_SECONDS, TimeoutApiClient
from secure_differentiation.skill.content import Content, Prompt
from secure_differentiation.skill.deadline import WRITE_RESERVE_SECONDS, request_deadline
from secure_differentiation.skill.persistence.memory import InMemoryPersistenceAdapter
from secure_differentiation.tools.console import ConsoleClock, run_console
from secure_differentiation.tools.nlu import ModelResolver
from support.alexa import REMINDERS_SCOPE, AlexaDevice
from support.alexa_api_server import ACCESS_TOKEN, AlexaApiServer, running_api_server
from support.clock import TEST_ZONE, Clock
from support.person import Person

USER = "amzn1.ask.account.TESTUSER"
# The device's time zone: the test clock's (support/clock.py).
DEVICE_ZONE = TEST_ZONE
# Alexa waits 8 s for an answer; a failing API must leave time to spare.
ALEXA_WAITS_SECONDS = 8.0


@pytest.fixture
def device(
    store: InMemoryPersistenceAdapter, clock: Clock, alexa_api: AlexaApiServer
) -> AlexaDevice:
    """A device whose skill calls the local API server with the production client."""
    skill = build_skill(store, api_client=TimeoutApiClient(), rng=random.Random(7), clock=clock)
    return AlexaDevice(skill, api_endpoint=alexa_api.url, clock=clock)


@pytest.fixture
def next_at(clock: Clock) -> Any:
    """The reminder's first local time for a check-in at hour:minute (on a weekday).

    Worked out here from the clock's wall time, independently of the skill: the
    next such time strictly after now.
    """
    days = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

    def at(hour: int, minute: int = 0, day: str | None = None) -> str:
        local = clock.local.replace(tzinfo=None)
        candidate = local.replace(hour=hour, minute=minute, second=0, microsecond=0)
        while candidate <= local or (day and days[candidate.weekday()] != day):
            candidate += timedelta(days=1)
        return candidate.isoformat(timespec="milliseconds")

    return at


@pytest.fixture
def person(device: AlexaDevice, resolver: ModelResolver) -> Person:
    return Person(device, resolver)


def stored(store: InMemoryPersistenceAdapter) -> dict[str, Any]:
    return store.records[USER][1] if USER in store.records else {}


def check_ins(store: InMemoryPersistenceAdapter) -> dict[str, Any]:
    return dict(stored(store).get("check_ins") or {})


def only_reminder(alexa_api: AlexaApiServer) -> dict[str, Any]:
    assert len(alexa_api.reminders) == 1, alexa_api.reminders
    return next(iter(alexa_api.reminders.values())).body


def reminder_calls(alexa_api: AlexaApiServer) -> list[str]:
    """The calls to the Reminders API (not the time zone read that dates things)."""
    return [call.operation for call in alexa_api.calls if call.operation != "time_zone"]


def spoken_text(body: dict[str, Any]) -> str:
    return " ".join(entry["text"] for entry in body["alertInfo"]["spokenInfo"]["content"])


def set_daily_at_8(person: Person) -> None:
    person.says("open secure differentiation")
    person.says("remind me every day at 8 am to review my skill")
    person.says("yes")


# --- creating ---------------------------------------------------------------------


@pytest.mark.dated
def test_a_daily_check_in_is_restated_then_created_in_the_devices_time_zone(
    person: Person,
    alexa_api: AlexaApiServer,
    store: InMemoryPersistenceAdapter,
    content: Content,
    next_at: Any,
) -> None:
    # GIVEN someone with a focus skill, on a device in New York
    person.says("ask secure differentiation to make self empathy my focus")
    person.says("open secure differentiation")

    # WHEN they ask for a daily reminder
    reply = person.says("remind me every day at 8 am to review my skill")

    # THEN Alexa restates the time and recurrence and asks first; nothing exists yet
    assert "every day at 8 AM" in reply.text and reply.text.endswith("?")
    assert alexa_api.calls_to("create") == [] and check_ins(store) == {}

    # WHEN they say yes
    reply = person.says("yes")

    # THEN exactly one reminder exists: daily, 8:00 local, in the device's time zone
    # (the list shows Alexa holds no daily check-in, so one is created; the list after
    # it shows no other device created one at the same moment)
    assert [call.operation for call in alexa_api.calls] == [
        "time_zone",
        "list",
        "create",
        "list",
    ]
    for call in alexa_api.calls:
        assert call.headers["authorization"] == f"Bearer {ACCESS_TOKEN}"
    body = only_reminder(alexa_api)
    assert body["trigger"] == {
        "type": "SCHEDULED_ABSOLUTE",
        "scheduledTime": next_at(8),
        "timeZoneId": DEVICE_ZONE,
        "recurrence": {"freq": "DAILY"},
    }
    assert body["pushNotification"] == {"status": "ENABLED"}
    assert body["alertInfo"]["spokenInfo"]["content"][0]["locale"] == "en-US"
    # ... whose words invite the practice and carry nothing personal
    text = spoken_text(body)
    assert "practice" in text and "secure differentiation" in text
    focus = content.skill(2)
    for personal in (focus.title, *focus.synonyms, USER, "self empathy"):
        assert personal.lower() not in text.lower()
    assert alexa_api.problems == []

    # AND Alexa says it is done and how to cancel it; the token is kept
    assert "8 AM" in reply.text and "cancel my daily check-in" in reply.text
    assert reply.ends_session
    token = next(iter(alexa_api.reminders))
    assert check_ins(store) == {"daily": {"time": "08:00", "token": token, "day": None}}
    assert stored(store)["time_zone"] == DEVICE_ZONE


@pytest.mark.dated
def test_a_weekly_reflection_reminder_falls_on_the_chosen_day(
    person: Person, alexa_api: AlexaApiServer, store: InMemoryPersistenceAdapter, next_at: Any
) -> None:
    person.says("open secure differentiation")
    reply = person.says("set my weekly reflection for Sundays at 7 pm")
    assert "every Sunday at 7 PM" in reply.text and reply.text.endswith("?")

    reply = person.says("yes")

    body = only_reminder(alexa_api)
    assert body["trigger"]["scheduledTime"] == next_at(19, day="SU")  # the next Sunday
    assert body["trigger"]["recurrence"] == {"freq": "WEEKLY", "byDay": ["SU"]}
    assert body["trigger"]["timeZoneId"] == DEVICE_ZONE
    assert "weekly reflection" in spoken_text(body)
    assert "self-empathy" in spoken_text(body)  # the week's practice, invited too
    assert "Sunday" in reply.text and "cancel my weekly reflection" in reply.text
    assert check_ins(store)["weekly"]["day"] == "SU"
    assert alexa_api.problems == []


@pytest.mark.dated
def test_missing_day_and_time_are_asked_for(
    person: Person, alexa_api: AlexaApiServer, store: InMemoryPersistenceAdapter, next_at: Any
) -> None:
    person.says("open secure differentiation")
    which_day = person.says("set a weekly reflection")
    assert "day" in which_day.text and which_day.reprompt.endswith("?")
    what_time = person.says("sunday")
    assert "Sunday" in what_time.text and "time" in what_time.text
    restated = person.says("in the evening")  # a part of the day becomes a time, said back
    assert "every Sunday at 7 PM" in restated.text
    person.says("yes")
    assert only_reminder(alexa_api)["trigger"]["scheduledTime"] == next_at(19, day="SU")
    assert check_ins(store)["weekly"]["time"] == "19:00"


@pytest.mark.dated
def test_changing_ones_mind_halfway_keeps_setting_up_the_check_in(
    person: Person, alexa_api: AlexaApiServer, store: InMemoryPersistenceAdapter, next_at: Any
) -> None:
    person.says("open secure differentiation")
    assert "each day" in person.says("set a check-in").text
    which_day = person.says("make it weekly")
    assert "day" in which_day.text and which_day.text.endswith("?")
    assert "Sunday" in person.says("sunday").text
    daily_again = person.says("actually make it daily")
    assert "each day" in daily_again.text and daily_again.text.endswith("?")
    restated = person.says("half past seven")
    assert "every day at 7:30 AM" in restated.text
    person.says("yes")
    assert only_reminder(alexa_api)["trigger"]["scheduledTime"] == next_at(7, 30)
    assert set(check_ins(store)) == {"daily"}


@pytest.mark.dated
def test_move_it_moves_the_check_in_there_is(
    person: Person, alexa_api: AlexaApiServer, store: InMemoryPersistenceAdapter, next_at: Any
) -> None:
    set_daily_at_8(person)
    person.says("open secure differentiation")
    restated = person.says("move it to half past nine")
    assert "8 AM" in restated.text and "9:30 AM" in restated.text
    person.says("yes")
    assert only_reminder(alexa_api)["trigger"]["scheduledTime"] == next_at(9, 30)
    assert check_ins(store)["daily"]["time"] == "09:30"


@pytest.mark.dated
def test_a_bare_hour_answers_what_time(
    person: Person, alexa_api: AlexaApiServer, next_at: Any
) -> None:
    person.says("open secure differentiation")
    assert "time" in person.says("set a daily check-in").text
    restated = person.says("nine")  # Alexa hears a number here, not a skill
    assert "every day at 9 AM" in restated.text
    person.says("yes")
    assert only_reminder(alexa_api)["trigger"]["scheduledTime"] == next_at(9)


def test_no_sets_nothing(
    person: Person, alexa_api: AlexaApiServer, store: InMemoryPersistenceAdapter
) -> None:
    person.says("open secure differentiation")
    person.says("remind me every day at 8 am")
    reply = person.says("no")
    assert not reply.ends_session
    assert reminder_calls(alexa_api) == [] and check_ins(store) == {}


# --- updating -----------------------------------------------------------------------


@pytest.mark.dated
def test_setting_a_check_in_again_moves_the_same_reminder(
    person: Person, alexa_api: AlexaApiServer, store: InMemoryPersistenceAdapter, next_at: Any
) -> None:
    person.says("open secure differentiation")
    person.says("set my weekly reflection for Sundays at 7 pm")
    person.says("yes")
    token = check_ins(store)["weekly"]["token"]

    person.says("open secure differentiation")
    reply = person.says("set my weekly reflection for Mondays at 6 pm")
    assert "Sunday" in reply.text and "every Monday at 6 PM" in reply.text
    person.says("yes")

    assert len(alexa_api.calls_to("create")) == 1
    update = alexa_api.calls_to("update")
    assert [call.path for call in update] == [f"/v1/alerts/reminders/{token}"]
    body = only_reminder(alexa_api)
    assert body["trigger"]["recurrence"] == {"freq": "WEEKLY", "byDay": ["MO"]}
    assert body["trigger"]["scheduledTime"] == next_at(18, day="MO")  # the next Monday, 6 PM
    assert check_ins(store) == {"weekly": {"time": "18:00", "token": token, "day": "MO"}}
    assert alexa_api.problems == []


@pytest.mark.dated
def test_move_my_daily_check_in_to_9(
    person: Person, alexa_api: AlexaApiServer, store: InMemoryPersistenceAdapter, next_at: Any
) -> None:
    set_daily_at_8(person)
    token = check_ins(store)["daily"]["token"]

    reply = person.says("ask secure differentiation to move my daily check-in to 9")
    assert "8 AM" in reply.text and "9 AM" in reply.text and reply.text.endswith("?")
    reply = person.says("yes")

    assert "9 AM" in reply.text
    assert [call.operation for call in alexa_api.calls].count("create") == 1
    assert only_reminder(alexa_api)["trigger"]["scheduledTime"] == next_at(9)
    assert check_ins(store)["daily"] == {"time": "09:00", "token": token, "day": None}


def test_a_reminder_deleted_in_the_app_is_quietly_created_again(
    person: Person, alexa_api: AlexaApiServer, store: InMemoryPersistenceAdapter
) -> None:
    set_daily_at_8(person)
    old_token = check_ins(store)["daily"]["token"]
    alexa_api.delete_in_app(old_token)

    person.says("ask secure differentiation to move my daily check-in to 9")
    reply = person.says("yes")

    # Alexa's list shows it gone, so nothing tries to move it: a new one is made
    assert alexa_api.calls_to("update") == []
    assert len(alexa_api.calls_to("create")) == 2
    assert "9 AM" in reply.text and "sorry" not in reply.text.lower()
    new_token = next(iter(alexa_api.reminders))
    assert new_token != old_token
    assert check_ins(store)["daily"] == {"time": "09:00", "token": new_token, "day": None}


# --- listing and cancelling -------------------------------------------------------------


def test_list_says_each_check_in_and_drops_one_deleted_in_the_app(
    person: Person, alexa_api: AlexaApiServer, store: InMemoryPersistenceAdapter
) -> None:
    assert "no check-ins" in person.says("ask secure differentiation what check-ins I have").text

    set_daily_at_8(person)
    person.says("open secure differentiation")
    person.says("set my weekly reflection for Sundays at 7 pm")
    person.says("yes")

    reply = person.says("ask secure differentiation what check-ins do I have")
    assert "8 AM" in reply.text and "Sunday" in reply.text and "7 PM" in reply.text
    assert reply.ends_session

    alexa_api.delete_in_app(check_ins(store)["daily"]["token"])
    reply = person.says("ask secure differentiation what check-ins do I have")
    assert "8 AM" not in reply.text and "7 PM" in reply.text
    assert set(check_ins(store)) == {"weekly"}


def test_cancel_deletes_the_reminder_and_forgets_it(
    person: Person, alexa_api: AlexaApiServer, store: InMemoryPersistenceAdapter
) -> None:
    person.says("open secure differentiation")
    person.says("set my weekly reflection for Sundays at 7 pm")
    person.says("yes")
    token = check_ins(store)["weekly"]["token"]

    reply = person.says("ask secure differentiation to cancel my weekly reflection")

    assert [call.path for call in alexa_api.calls_to("delete")] == [f"/v1/alerts/reminders/{token}"]
    assert alexa_api.reminders == {} and check_ins(store) == {}
    assert "cancelled" in reply.text


def test_cancel_asks_which_when_there_are_two(
    person: Person, alexa_api: AlexaApiServer, store: InMemoryPersistenceAdapter
) -> None:
    set_daily_at_8(person)
    person.says("open secure differentiation")
    person.says("set my weekly reflection for Sundays at 7 pm")
    person.says("yes")

    person.says("open secure differentiation")
    question = person.says("cancel my check-in")
    assert question.text.endswith("?")
    person.says("the weekly reflection")

    assert set(check_ins(store)) == {"daily"}
    assert len(alexa_api.reminders) == 1


def test_cancelling_a_reminder_deleted_in_the_app_says_there_is_none_and_forgets_it(
    person: Person, alexa_api: AlexaApiServer, store: InMemoryPersistenceAdapter, content: Content
) -> None:
    set_daily_at_8(person)
    alexa_api.delete_in_app(check_ins(store)["daily"]["token"])

    reply = person.says("ask secure differentiation to cancel my daily check-in")

    assert alexa_api.calls_to("delete") == []
    assert check_ins(store) == {}
    assert reply.text in content.variants(Prompt.CHECK_IN_CANCEL_NOTHING)


def test_a_reminder_deleted_while_being_cancelled_counts_as_cancelled(
    person: Person, alexa_api: AlexaApiServer, store: InMemoryPersistenceAdapter
) -> None:
    """Listed, then gone before the delete reached it (404): it no longer rings."""
    set_daily_at_8(person)
    token = check_ins(store)["daily"]["token"]
    alexa_api.fail("delete", 404)

    reply = person.says("ask secure differentiation to cancel my daily check-in")

    assert [call.path for call in alexa_api.calls_to("delete")] == [f"/v1/alerts/reminders/{token}"]
    assert check_ins(store) == {}
    assert "sorry" not in reply.text.lower() and reply.ends_session


# --- permission -----------------------------------------------------------------------


def test_without_permission_alexa_asks_for_it_by_voice_then_creates_the_reminder(
    person: Person, alexa_api: AlexaApiServer, store: InMemoryPersistenceAdapter
) -> None:
    alexa_api.fail("create", 401)
    person.says("open secure differentiation")
    person.says("set my weekly reflection for Sundays at 7 pm")

    reply = person.says("yes")

    # Alexa's own permission prompt: the directive alone, the session left open
    assert reply.directives == [
        {
            "type": "Connections.SendRequest",
            "name": "AskFor",
            "payload": {
                "@type": "AskForPermissionsConsentRequest",
                "@version": "2",
                "permissionScopes": [
                    {"permissionScope": REMINDERS_SCOPE, "consentLevel": "ACCOUNT"}
                ],
            },
            "token": "check-in:weekly:SU:19:00",
        }
    ]
    assert "shouldEndSession" not in reply.response and "reprompt" not in reply.response
    assert check_ins(store) == {}

    reply = person.device.connections_response("ACCEPTED", "check-in:weekly:SU:19:00")

    assert [call.status for call in alexa_api.calls_to("create")] == [401, 201]
    assert only_reminder(alexa_api)["trigger"]["recurrence"] == {"freq": "WEEKLY", "byDay": ["SU"]}
    assert "Sunday" in reply.text and "7 PM" in reply.text
    assert check_ins(store)["weekly"]["token"] == next(iter(alexa_api.reminders))


@pytest.mark.parametrize("answer", ["DENIED", "NOT_ANSWERED"])
def test_permission_not_given_sends_the_consent_card_and_says_how(
    person: Person, alexa_api: AlexaApiServer, store: InMemoryPersistenceAdapter, answer: str
) -> None:
    alexa_api.fail("create", 401)
    person.says("open secure differentiation")
    person.says("remind me every day at 8 am")
    person.says("yes")

    reply = person.device.connections_response(answer, "check-in:daily:08:00")

    assert reply.card == {"type": "AskForPermissionsConsent", "permissions": [REMINDERS_SCOPE]}
    assert "Alexa app" in reply.text and reply.ends_session
    assert len(alexa_api.calls_to("create")) == 1 and check_ins(store) == {}


def test_a_second_refusal_from_the_api_does_not_ask_again(
    person: Person, alexa_api: AlexaApiServer, store: InMemoryPersistenceAdapter
) -> None:
    alexa_api.fail("create", 401, times=2)
    person.says("open secure differentiation")
    person.says("remind me every day at 8 am")
    person.says("yes")

    reply = person.device.connections_response("ACCEPTED", "check-in:daily:08:00")

    assert reply.directives == [] and reply.card is not None
    assert "Alexa app" in reply.text and check_ins(store) == {}


# --- failures ---------------------------------------------------------------------------


def test_a_device_that_cannot_take_reminders_says_so(
    person: Person, alexa_api: AlexaApiServer, store: InMemoryPersistenceAdapter
) -> None:
    alexa_api.fail("create", 403)
    person.says("open secure differentiation")
    person.says("remind me every day at 8 am")
    reply = person.says("yes")
    assert "device" in reply.text and reply.ends_session
    assert check_ins(store) == {}


@pytest.mark.parametrize("status", [429, 500, 503])
@pytest.mark.dated
def test_an_api_failure_is_a_short_apology_and_changes_nothing(
    person: Person,
    alexa_api: AlexaApiServer,
    store: InMemoryPersistenceAdapter,
    status: int,
    next_at: Any,
) -> None:
    set_daily_at_8(person)
    before = stored(store)
    alexa_api.fail("update", status)

    person.says("ask secure differentiation to move my daily check-in to 9")
    reply = person.says("yes")

    assert reply.text.startswith("Sorry") and len(reply.text.split()) <= 20
    assert stored(store) == before
    assert only_reminder(alexa_api)["trigger"]["scheduledTime"] == next_at(8)


@pytest.mark.parametrize(
    "slow", [("create",), ("time_zone", "create")], ids=["reminders", "settings-and-reminders"]
)
def test_a_slow_api_is_answered_well_inside_alexas_wait(
    person: Person,
    alexa_api: AlexaApiServer,
    store: InMemoryPersistenceAdapter,
    slow: tuple[str, ...],
) -> None:
    for operation in slow:
        alexa_api.slow(operation)
    person.says("open secure differentiation")
    person.says("remind me every day at 8 am")

    started = time.monotonic()
    reply = person.says("yes")
    elapsed = time.monotonic() - started

    assert elapsed < ALEXA_WAITS_SECONDS - 2, f"answered after {elapsed:.1f} s"
    assert reply.text.startswith("Sorry") and reply.ends_session
    assert check_ins(store) == {}


def test_a_hanging_settings_api_still_leaves_time_to_set_the_check_in(
    person: Person, alexa_api: AlexaApiServer, store: InMemoryPersistenceAdapter
) -> None:
    alexa_api.slow("time_zone")
    person.says("open secure differentiation")
    person.says("remind me every day at 8 am")

    started = time.monotonic()
    reply = person.says("yes")
    elapsed = time.monotonic() - started

    assert elapsed < ALEXA_WAITS_SECONDS - 2, f"answered after {elapsed:.1f} s"
    assert not reply.text.startswith("Sorry"), reply.text
    assert set(check_ins(store)) == {"daily"}
    # Without the zone, Alexa rings at 8 in the device's own time zone.
    assert "timeZoneId" not in only_reminder(alexa_api)["trigger"]


def test_no_api_call_starts_that_would_leave_no_time_to_record_it(
    person: Person, alexa_api: AlexaApiServer, store: InMemoryPersistenceAdapter
) -> None:
    """Late in the request, a reminder that could not be stored in time is not created.

    Otherwise Alexa would hold a reminder the skill has no record of, which
    "cancel my daily check-in" could never find.
    """
    person.says("open secure differentiation")
    person.says("remind me every day at 8 am")
    too_little = DEFAULT_TIMEOUT_SECONDS + WRITE_RESERVE_SECONDS - 0.5

    with request_deadline(seconds=too_little):
        reply = person.says("yes")

    assert reply.text.startswith("Sorry")
    assert reminder_calls(alexa_api) == []
    assert alexa_api.reminders == {} and check_ins(store) == {}
    # With the whole of Alexa's wait ahead, the same request goes through.
    person.says("open secure differentiation")
    person.says("remind me every day at 8 am")
    assert "8" in person.says("yes").text
    assert set(check_ins(store)) == {"daily"} and len(alexa_api.reminders) == 1


def test_a_failing_cancel_keeps_the_check_in(
    person: Person, alexa_api: AlexaApiServer, store: InMemoryPersistenceAdapter
) -> None:
    set_daily_at_8(person)
    alexa_api.fail("delete", 500)
    reply = person.says("ask secure differentiation to cancel my daily check-in")
    assert "Alexa app" in reply.text
    assert set(check_ins(store)) == {"daily"} and len(alexa_api.reminders) == 1


def test_an_unreachable_api_is_an_apology_not_a_crash(
    store: InMemoryPersistenceAdapter, clock: Any, resolver: ModelResolver
) -> None:
    with running_api_server() as gone:
        unreachable = gone.url  # nothing listens here once it is closed
    skill = build_skill(store, api_client=TimeoutApiClient(), clock=clock)
    person = Person(AlexaDevice(skill, api_endpoint=unreachable), resolver)
    person.says("open secure differentiation")
    person.says("remind me every day at 8 am")
    reply = person.says("yes")
    assert reply.text.startswith("Sorry") and check_ins(store) == {}


def test_when_alexa_is_out_of_reach_the_console_hears_apologies_that_claim_nothing(
    store: InMemoryPersistenceAdapter, clock: Any, content: Content
) -> None:
    with running_api_server() as gone:
        unreachable = gone.url
    skill = build_skill(store, api_client=TimeoutApiClient(), clock=clock)

    def send(event: dict[str, Any]) -> dict[str, Any]:
        event["context"]["System"]["apiEndpoint"] = unreachable  # no Alexa behind the console
        return invoke(skill, event)

    output = io.StringIO()
    run_console(
        send,
        user_id=USER,
        input_stream=io.StringIO(
            "open secure differentiation\nremind me every day at 8 am\nyes\n"
            "what check-ins do i have\n"
        ),
        output_stream=output,
        interactive=False,
        clock=ConsoleClock(clock()),
    )
    transcript = output.getvalue()
    assert "every day at 8 AM" in transcript and "Traceback" not in transcript
    said = [line.removeprefix("alexa> ") for line in transcript.splitlines()]
    # Nothing was sent, so nothing was set; and without Alexa's list nobody can say
    # "you have no check-ins".
    assert any(line in content.variants(Prompt.CHECK_IN_FAILED) for line in said), transcript
    assert any(line in content.variants(Prompt.CHECK_IN_LIST_UNREACHABLE) for line in said)


def test_without_the_time_zone_the_reminder_keeps_the_local_time(
    person: Person, alexa_api: AlexaApiServer, store: InMemoryPersistenceAdapter
) -> None:
    # GIVEN the Settings API fails and no time zone was ever stored
    alexa_api.fail("time_zone", 500)
    set_daily_at_8(person)

    # THEN the reminder is still set for 8:00, in the device's own zone (no timeZoneId)
    trigger = only_reminder(alexa_api)["trigger"]
    assert trigger["scheduledTime"].endswith("T08:00:00.000") and "timeZoneId" not in trigger
    assert check_ins(store)["daily"]["time"] == "08:00"
    assert stored(store).get("time_zone") is None
    assert alexa_api.problems == []


def test_a_stored_time_zone_covers_for_the_settings_api(
    person: Person, alexa_api: AlexaApiServer, store: InMemoryPersistenceAdapter
) -> None:
    set_daily_at_8(person)  # stores New York
    alexa_api.fail("time_zone", 503)
    person.says("ask secure differentiation to move my daily check-in to 9")
    person.says("yes")
    assert only_reminder(alexa_api)["trigger"]["timeZoneId"] == DEVICE_ZONE


def test_forget_me_also_removes_the_reminders(
    person: Person, alexa_api: AlexaApiServer, store: InMemoryPersistenceAdapter
) -> None:
    set_daily_at_8(person)
    assert len(alexa_api.reminders) == 1

    person.says("open secure differentiation")
    person.says("delete my data")
    done = person.says("yes")

    assert alexa_api.reminders == {}
    assert USER not in store.records
    assert "check-ins" in done.text


# --- a reminder Alexa created but whose answer never arrived ----------------------


def lost_daily_at_8(person: Person, alexa_api: AlexaApiServer, content: Content) -> str:
    """Alexa creates the daily reminder, its answer is lost, and the list after it fails.

    The skill cannot know what happened, and says so; the record has no token.
    Returns the token of the reminder that now rings.
    """
    alexa_api.lose_answer("create")
    alexa_api.fail("list", 500, skip=1)  # the list before the create works, the one after not
    person.says("open secure differentiation")
    person.says("remind me every day at 8 am")
    unsure = person.says("yes")
    assert unsure.text in content.variants(Prompt.CHECK_IN_UNSURE)
    (orphan,) = alexa_api.reminders
    return orphan


def test_a_lost_answer_is_found_in_alexas_list_and_said_as_done(
    person: Person, alexa_api: AlexaApiServer, store: InMemoryPersistenceAdapter
) -> None:
    # GIVEN Alexa will create the reminder but its answer will never reach the skill
    alexa_api.lose_answer("create")

    # WHEN the person sets a daily check-in
    person.says("open secure differentiation")
    person.says("remind me every day at 8 am")
    reply = person.says("yes")

    # THEN the skill finds it in Alexa's list: it says it is set, and records it
    (token,) = alexa_api.reminders
    assert "8 AM" in reply.text and not reply.text.startswith("Sorry"), reply.text
    assert check_ins(store) == {"daily": {"time": "08:00", "token": token, "day": None}}
    assert len(alexa_api.calls_to("list")) == 2  # before the create, and after its time-out


def test_a_reminder_the_record_never_learnt_of_is_listed_and_cancelled(
    person: Person,
    alexa_api: AlexaApiServer,
    store: InMemoryPersistenceAdapter,
    content: Content,
) -> None:
    orphan = lost_daily_at_8(person, alexa_api, content)
    assert check_ins(store) == {}

    # "what check-ins do I have" reads Alexa's list, and the record learns of it
    listed = person.says("ask secure differentiation what check-ins do I have")
    assert "daily" in listed.text and "8 AM" in listed.text, listed.text
    assert check_ins(store)["daily"]["token"] == orphan

    # "cancel my daily check-in" removes it from Alexa
    cancelled = person.says("ask secure differentiation to cancel my daily check-in")
    assert cancelled.text in content.variants(Prompt.CHECK_IN_CANCELLED_DAILY)
    assert alexa_api.reminders == {} and check_ins(store) == {}


def test_cancel_finds_a_reminder_the_record_never_learnt_of(
    person: Person,
    alexa_api: AlexaApiServer,
    store: InMemoryPersistenceAdapter,
    content: Content,
) -> None:
    orphan = lost_daily_at_8(person, alexa_api, content)

    reply = person.says("ask secure differentiation to cancel my check-in")

    assert [call.path for call in alexa_api.calls_to("delete")] == [
        f"/v1/alerts/reminders/{orphan}"
    ]
    assert reply.text in content.variants(Prompt.CHECK_IN_CANCELLED_DAILY)
    assert alexa_api.reminders == {}


def test_a_reminder_whose_answer_was_lost_is_taken_over_not_duplicated(
    person: Person,
    alexa_api: AlexaApiServer,
    store: InMemoryPersistenceAdapter,
    content: Content,
) -> None:
    # GIVEN Alexa holds a daily reminder the record does not know
    orphan = lost_daily_at_8(person, alexa_api, content)

    # WHEN they set a weekly reflection: the lost daily one is not taken for it
    person.says("open secure differentiation")
    person.says("set my weekly reflection for Sundays at 7 pm")
    person.says("yes")
    assert len(alexa_api.reminders) == 2
    assert check_ins(store)["weekly"]["token"] != orphan

    # WHEN they set the daily check-in again
    person.says("open secure differentiation")
    person.says("remind me every day at 9 am")
    reply = person.says("yes")

    # THEN the lost reminder is moved to 9 and recorded, and no second daily one rings
    assert "9" in reply.text and not reply.text.startswith("Sorry")
    assert [call.operation for call in alexa_api.calls[-2:]] == ["list", "update"]
    assert len(alexa_api.reminders) == 2
    assert check_ins(store)["daily"]["token"] == orphan
    assert alexa_api.reminders[orphan].body["trigger"]["scheduledTime"].endswith("T09:00:00.000")


def test_an_older_reminder_found_after_creating_is_kept_and_said(
    person: Person,
    alexa_api: AlexaApiServer,
    store: InMemoryPersistenceAdapter,
    content: Content,
) -> None:
    """Created blind (the list before it failed), then an older one shows up: one is kept.

    What two devices setting a check-in at once meet, made deterministic: the
    older reminder stays, the new one is deleted, and the reply says what rings.
    """
    orphan = lost_daily_at_8(person, alexa_api, content)
    alexa_api.fail("list", 500)  # the list before this create fails: it cannot see the orphan

    person.says("open secure differentiation")
    person.says("remind me every day at 9 am")
    reply = person.says("yes")

    assert list(alexa_api.reminders) == [orphan]
    assert "8 AM" in reply.text and "already" in reply.text, reply.text
    assert check_ins(store)["daily"] == {"time": "08:00", "token": orphan, "day": None}


def duplicate_of(alexa_api: AlexaApiServer, token: str) -> str:
    """A second reminder with the same body, as a second device's create would leave."""
    body = alexa_api.reminders[token].body
    request = ApiClientRequest(
        headers=[("Authorization", f"Bearer {ACCESS_TOKEN}")],
        method="POST",
        url=f"{alexa_api.url}/v1/alerts/reminders",
        body=json.dumps(body),
    )
    answer = TimeoutApiClient().invoke(request)
    assert answer.status_code == 201
    return str(json.loads(answer.body)["alertToken"])


def test_cancel_removes_every_reminder_of_that_check_in(
    person: Person, alexa_api: AlexaApiServer, store: InMemoryPersistenceAdapter
) -> None:
    # GIVEN two daily reminders at Alexa (as two devices used to leave), one recorded
    set_daily_at_8(person)
    second = duplicate_of(alexa_api, check_ins(store)["daily"]["token"])

    # THEN the list names the check-in once
    listed = person.says("ask secure differentiation what check-ins do I have")
    assert listed.text.count("8 AM") == 1, listed.text

    # AND cancelling leaves nothing ringing
    reply = person.says("ask secure differentiation to cancel my daily check-in")
    assert alexa_api.reminders == {}, f"{second} still rings"
    assert check_ins(store) == {}
    assert "cancelled" in reply.text or "no more" in reply.text


def test_setting_again_removes_a_duplicate_and_moves_the_oldest(
    person: Person, alexa_api: AlexaApiServer, store: InMemoryPersistenceAdapter
) -> None:
    set_daily_at_8(person)
    first = check_ins(store)["daily"]["token"]
    duplicate_of(alexa_api, first)

    person.says("ask secure differentiation to move my daily check-in to 9")
    reply = person.says("yes")

    assert list(alexa_api.reminders) == [first]
    assert alexa_api.reminders[first].body["trigger"]["scheduledTime"].endswith("T09:00:00.000")
    assert "9 AM" in reply.text and check_ins(store)["daily"]["time"] == "09:00"


def test_a_list_that_cannot_be_had_is_said_so_and_the_record_named(
    person: Person, alexa_api: AlexaApiServer, content: Content
) -> None:
    unknown = person.says("ask secure differentiation what check-ins do I have")
    assert "no check-ins" in unknown.text  # Alexa's list is empty: that is certain

    alexa_api.fail("list", 503)
    unreachable = person.says("ask secure differentiation what check-ins do I have")
    assert unreachable.text in content.variants(Prompt.CHECK_IN_LIST_UNREACHABLE)

    set_daily_at_8(person)
    alexa_api.fail("list", 503)
    recorded = person.says("ask secure differentiation what check-ins do I have")
    assert "8 AM" in recorded.text
    assert any(
        recorded.text.startswith(lead)
        for lead in content.variants(Prompt.CHECK_IN_LIST_AS_RECORDED)
    ), recorded.text


# --- forget me, as far as Alexa allows ---------------------------------------------


def test_forget_me_also_removes_a_reminder_the_record_never_learnt_of(
    person: Person,
    alexa_api: AlexaApiServer,
    store: InMemoryPersistenceAdapter,
    content: Content,
) -> None:
    lost_daily_at_8(person, alexa_api, content)
    assert check_ins(store) == {}

    person.says("open secure differentiation")
    person.says("delete my data")
    done = person.says("yes")

    assert alexa_api.reminders == {}
    assert USER not in store.records
    assert done.text in content.variants(Prompt.FORGET_DONE)


def set_both(person: Person) -> None:
    set_daily_at_8(person)
    person.says("open secure differentiation")
    person.says("set my weekly reflection for Sundays at 7 pm")
    person.says("yes")


def test_forget_me_while_alexa_refuses_to_delete_says_what_still_rings(
    person: Person,
    alexa_api: AlexaApiServer,
    store: InMemoryPersistenceAdapter,
    content: Content,
) -> None:
    # GIVEN a daily and a weekly check-in, and Alexa refusing deletions
    set_both(person)
    alexa_api.fail("delete", 500, times=2)

    # WHEN the person asks to be forgotten
    person.says("open secure differentiation")
    person.says("delete my data")
    reply = person.says("yes")

    # THEN the record is gone, and the reply says both check-ins may still ring
    assert USER not in store.records
    assert len(alexa_api.reminders) == 2
    assert reply.text not in content.variants(Prompt.FORGET_DONE)
    assert "daily" in reply.text and "weekly" in reply.text
    assert "forget me again" in reply.text, reply.text

    # WHEN they say it again once Alexa answers: Alexa's list still finds both
    person.says("open secure differentiation")
    person.says("delete my data")
    again = person.says("yes")
    assert alexa_api.reminders == {}
    assert again.text in content.variants(Prompt.FORGET_DONE)


def test_forget_me_with_one_reminder_removed_and_one_refused_says_which(
    person: Person, alexa_api: AlexaApiServer, store: InMemoryPersistenceAdapter
) -> None:
    set_both(person)
    alexa_api.fail("delete", 500)  # the first delete fails, the second goes through

    person.says("open secure differentiation")
    person.says("delete my data")
    reply = person.says("yes")

    (left,) = alexa_api.reminders.values()
    still = "weekly" if left.body["trigger"]["recurrence"]["freq"] == "WEEKLY" else "daily"
    gone = "daily" if still == "weekly" else "weekly"
    removed_part, left_part = reply.text.split(".", 1)
    assert gone in removed_part and still not in removed_part, reply.text
    assert still in left_part and gone not in left_part, reply.text
    assert USER not in store.records


def test_forget_me_without_alexas_list_cannot_promise_the_reminders_are_gone(
    person: Person,
    alexa_api: AlexaApiServer,
    store: InMemoryPersistenceAdapter,
    content: Content,
) -> None:
    set_daily_at_8(person)
    alexa_api.fail("list", 503)

    person.says("open secure differentiation")
    person.says("delete my data")
    reply = person.says("yes")

    # The recorded reminder is deleted; one the record never knew of might remain.
    assert alexa_api.reminders == {}
    assert reply.text not in content.variants(Prompt.FORGET_DONE)
    assert "daily" in reply.text and USER not in store.records


@pytest.mark.parametrize("status", [429, 500])
def test_a_list_that_fails_still_lets_the_check_in_be_created(
    person: Person, alexa_api: AlexaApiServer, store: InMemoryPersistenceAdapter, status: int
) -> None:
    alexa_api.fail("list", status)
    set_daily_at_8(person)
    assert set(check_ins(store)) == {"daily"} and len(alexa_api.reminders) == 1
    assert [call.status for call in alexa_api.calls_to("list")] == [status, 200]
