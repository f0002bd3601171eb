"""The test clock: one switch sets the moment every date-sensitive test runs at.

No test reads the real clock. Requests are stamped with this clock's time (a
request's "now" is its own timestamp) and the tests' Alexa Settings API gives
devices this time zone, so a whole test runs at one chosen moment in one
chosen zone. CI runs the date-sensitive tests (marked `dated`) at several:

    TEST_NOW=2027-01-01T00:30:00 TEST_ZONE=America/Los_Angeles pytest -m dated

TEST_NOW is a local wall-clock time in TEST_ZONE (or an instant with an offset);
by default Monday 2026-11-23, 10:00 in New York.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

DEFAULT_NOW = "2026-11-23T10:00:00"
DEFAULT_ZONE = "America/New_York"

TEST_ZONE = os.environ.get("TEST_ZONE") or DEFAULT_ZONE


def _instant(text: str, zone: str) -> datetime:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(zone))
    return moment.astimezone(UTC)


TEST_NOW = _instant(os.environ.get("TEST_NOW") or DEFAULT_NOW, TEST_ZONE)


class Clock:
    """A clock tests can move forward, to cross days and weeks."""

    def __init__(self, now: datetime = TEST_NOW, zone: str = TEST_ZONE) -> None:
        self.now = now
        self.zone = zone

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)

    @property
    def local(self) -> datetime:
        """The moment as the person's wall clock shows it."""
        return self.now.astimezone(ZoneInfo(self.zone))

    @property
    def today(self) -> date:
        return self.local.date()

    @property
    def week(self) -> str:
        """The person's ISO week now, as the skill keys reflections and signs ("2026-W48")."""
        year, week, _ = self.today.isocalendar()
        return f"{year}-W{week:02d}"

    def at_local(self, hour: int, minute: int = 0, *, days: int = 0) -> None:
        """Move to hour:minute local time, `days` days from today's local date."""
        local = self.local.replace(hour=hour, minute=minute, second=0, microsecond=0)
        local = (local + timedelta(days=days)).replace(tzinfo=None)
        self.now = local.replace(tzinfo=ZoneInfo(self.zone)).astimezone(UTC)


def stamp(moment: datetime) -> str:
    """Alexa's request.timestamp format."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
