"""Reading Alexa's list of reminders: which check-in each one is, and when it rings.

Alexa answers `GET /v1/alerts/reminders` with the trigger as the skill wrote
it (`freq`/`byDay`) or as recurrence rules; both must give the same check-in,
so listing, cancelling and "forget me" find every reminder that rings.
"""

from __future__ import annotations

from typing import Any

import pytest

from secure_differentiation.skill.reminders import ListedReminder


def alert(**trigger: Any) -> dict[str, Any]:
    return {
        "alertToken": "amzn1.alert.reminder.0001",
        "createdTime": "2026-11-23T15:00:00.000",
        "status": "ON",
        "trigger": {"type": "SCHEDULED_ABSOLUTE", **trigger},
        "alertInfo": {"spokenInfo": {"content": [{"locale": "en-US", "text": "Time."}]}},
    }


@pytest.mark.parametrize(
    ("trigger", "expected"),
    [
        (
            {"scheduledTime": "2026-11-24T08:00:00.000", "recurrence": {"freq": "DAILY"}},
            ("DAILY", None, "08:00"),
        ),
        (
            {
                "scheduledTime": "2026-11-29T19:30:00.000",
                "recurrence": {"freq": "WEEKLY", "byDay": ["SU"]},
            },
            ("WEEKLY", "SU", "19:30"),
        ),
        (
            {"recurrence": {"recurrenceRules": ["FREQ=WEEKLY;BYDAY=SU;BYHOUR=19;BYMINUTE=0"]}},
            ("WEEKLY", "SU", "19:00"),
        ),
        (
            {"recurrence": {"recurrenceRules": ["FREQ=DAILY;BYHOUR=7;BYMINUTE=5;INTERVAL=1"]}},
            ("DAILY", None, "07:05"),
        ),
        ({"recurrence": {"recurrenceRules": ["FREQ=DAILY"]}}, ("DAILY", None, None)),
        ({}, (None, None, None)),
    ],
)
def test_the_trigger_says_the_cadence_day_and_time(
    trigger: dict[str, Any], expected: tuple[str | None, str | None, str | None]
) -> None:
    listed = ListedReminder.of(alert(**trigger))
    assert listed is not None
    assert (listed.freq, listed.day, listed.time) == expected
    assert listed.texts == frozenset({"Time."})


def test_oldest_first_whatever_the_order_alexa_lists_them_in() -> None:
    younger = {**alert(), "alertToken": "b", "createdTime": "2026-11-23T15:00:01.000"}
    older = {**alert(), "alertToken": "c", "createdTime": "2026-11-23T15:00:00.000"}
    tied = {**alert(), "alertToken": "a", "createdTime": "2026-11-23T15:00:01.000"}
    read = [r for one in (younger, older, tied) if (r := ListedReminder.of(one)) is not None]
    assert [r.token for r in sorted(read, key=lambda r: r.age_order)] == ["c", "a", "b"]


@pytest.mark.parametrize(
    "entry", [None, "text", {}, {"alertToken": 7}, {**alert(), "status": "COMPLETED"}]
)
def test_entries_that_are_not_a_ringing_reminder_are_skipped(entry: Any) -> None:
    assert ListedReminder.of(entry) is None
