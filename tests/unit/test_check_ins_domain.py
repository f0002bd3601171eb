"""Check-ins as plain data: slot values read, times spoken, first occurrences, tokens."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from secure_differentiation.skill.domain.check_ins import (
    DAILY,
    WEEKLY,
    CheckInRequest,
    decode_token,
    encode_token,
    first_occurrence,
    local_timestamp,
    read_day,
    read_time,
    spoken_time,
)
from secure_differentiation.skill.domain.clock import zone_or_none

# A Monday afternoon in UTC: 10:00 in New York, already 04:00 on Tuesday in Auckland.
NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "hh_mm"),
    [
        ("08:00", "08:00"),
        ("7:30", "07:30"),
        ("19:45", "19:45"),
        ("MO", "08:00"),
        ("AF", "13:00"),
        ("EV", "19:00"),
        ("NI", "21:00"),
        ("ni", "21:00"),
        ("24:00", None),
        ("08:60", None),
        ("XX:30", None),
        ("tomorrow", None),
        ("", None),
        (None, None),
    ],
)
def test_read_time_takes_alexas_time_values(value: str | None, hh_mm: str | None) -> None:
    assert read_time(value) == hh_mm


@pytest.mark.parametrize(
    ("value", "code"),
    [("sunday", "SU"), ("Sundays", "SU"), ("monday", "MO"), ("someday", None), (None, None)],
)
def test_read_day_gives_the_by_day_code(value: str | None, code: str | None) -> None:
    assert read_day(value) == code


@pytest.mark.parametrize(
    ("hh_mm", "spoken"),
    [
        ("08:00", "8 AM"),
        ("19:30", "7:30 PM"),
        ("00:00", "12 AM"),
        ("12:00", "12 PM"),
        ("12:05", "12:05 PM"),
        ("09:07", "9:07 AM"),
    ],
)
def test_times_are_spoken_for_the_ear(hh_mm: str, spoken: str) -> None:
    assert spoken_time(hh_mm) == spoken


def test_a_request_knows_what_to_ask_next() -> None:
    assert CheckInRequest(WEEKLY).missing == "day"
    assert CheckInRequest(WEEKLY, day="SU").missing == "time"
    assert CheckInRequest(DAILY).missing == "time"
    assert CheckInRequest(DAILY, "08:00").missing is None


def test_answers_fill_in_and_a_day_makes_it_weekly() -> None:
    asked = CheckInRequest(DAILY)
    assert asked.with_answers("08:00", None) == CheckInRequest(DAILY, "08:00")
    assert asked.with_answers(None, "SU") == CheckInRequest(WEEKLY, None, "SU")
    weekly = CheckInRequest(WEEKLY, "19:00", "SU")
    assert weekly.with_answers("18:00", None) == CheckInRequest(WEEKLY, "18:00", "SU")


def test_only_details_the_skill_could_have_set_are_valid() -> None:
    assert CheckInRequest(WEEKLY, "19:00", "SU").valid()
    assert CheckInRequest(DAILY).valid()
    assert not CheckInRequest("hourly").valid()
    assert not CheckInRequest(DAILY, "25:00").valid()
    assert not CheckInRequest(WEEKLY, "19:00", "XX").valid()


@pytest.mark.parametrize(
    "request_",
    [CheckInRequest(DAILY, "08:00"), CheckInRequest(WEEKLY, "19:30", "SU")],
)
def test_permission_token_round_trips_and_says_nothing_personal(request_: CheckInRequest) -> None:
    token = encode_token(request_)
    assert token in ("check-in:daily:08:00", "check-in:weekly:SU:19:30")
    assert decode_token(token) == request_


@pytest.mark.parametrize(
    "token", [None, "", "check-in:daily", "check-in:weekly:XX:19:00", "check-in:daily:25:00", "x"]
)
def test_other_tokens_decode_to_nothing(token: str | None) -> None:
    assert decode_token(token) is None


def test_first_daily_occurrence_is_today_if_still_ahead_else_tomorrow() -> None:
    new_york = ZoneInfo("America/New_York")
    assert first_occurrence(NOW, new_york, CheckInRequest(DAILY, "18:00")) == datetime(
        2026, 11, 23, 18, 0
    )
    assert first_occurrence(NOW, new_york, CheckInRequest(DAILY, "10:00")) == datetime(
        2026, 11, 24, 10, 0
    )


def test_first_weekly_occurrence_is_the_next_such_day_in_the_persons_zone() -> None:
    sunday = CheckInRequest(WEEKLY, "19:00", "SU")
    assert first_occurrence(NOW, ZoneInfo("America/New_York"), sunday) == datetime(
        2026, 11, 29, 19, 0
    )
    # Already Tuesday in Auckland: a Tuesday check-in at 00:00 is a week away.
    tuesday = CheckInRequest(WEEKLY, "00:00", "TU")
    assert first_occurrence(NOW, ZoneInfo("Pacific/Auckland"), tuesday) == datetime(
        2026, 12, 1, 0, 0
    )
    monday = CheckInRequest(WEEKLY, "18:00", "MO")
    assert first_occurrence(NOW, None, monday) == datetime(2026, 11, 23, 18, 0)  # UTC


def test_local_timestamps_have_milliseconds_and_no_offset() -> None:
    assert local_timestamp(datetime(2026, 11, 24, 8, 0)) == "2026-11-24T08:00:00.000"
    assert local_timestamp(NOW) == "2026-11-23T15:00:00.000"


def test_unknown_zones_are_none() -> None:
    assert zone_or_none("Europe/London") == ZoneInfo("Europe/London")
    assert zone_or_none("Mars/Olympus_Mons") is None
    assert zone_or_none("../etc/passwd") is None
    assert zone_or_none(None) is None
