"""The weeks behind the progress charts: the focus rating and the signs noticed, week by week.

Pure data shaping for the progress screen (screens.py). A week is an ISO week,
the unit the weekly reflection and the sign log already use; the last week is
the person's current one, so an empty week at the end means "nothing yet",
not "nothing then".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .state import UserState
from .threats import week_key

# Two months: long enough to see a trend, short enough for every label to fit a small screen.
CHART_WEEKS = 8


@dataclass(frozen=True)
class Week:
    """One week of practice as the charts draw it."""

    key: str  # ISO week, "2026-W48"
    monday: date
    rating: int | None  # how present the current focus was (1-5), when a reflection rated it
    signs: int  # signs of threat noticed: logged as they happened, or named in the reflection


def weeks_of_practice(state: UserState, today: date, weeks: int = CHART_WEEKS) -> list[Week]:
    """The last `weeks` ISO weeks up to and including today's, oldest first.

    Ratings count only for the current focus skill: a rating of another skill
    (or of no skill) is left out, never mixed in. Signs count each noticing the
    person logged ("I'm feeling defensive"); a sign their reflection named that
    the log does not hold counts once, so the two never add up twice.
    """
    this_monday = today - timedelta(days=today.weekday())
    shaped = []
    for back in range(weeks - 1, -1, -1):
        monday = this_monday - timedelta(weeks=back)
        key = week_key(monday)
        reflection = state.reflections.get(key)
        rated = (
            reflection is not None
            and reflection.complete
            and state.focus_skill is not None
            and reflection.focus == state.focus_skill
        )
        logged = state.threat_log.get(key, {})
        named = set(reflection.signs) if reflection is not None and reflection.complete else set()
        signs = sum(logged.values()) + len(named - set(logged))
        shaped.append(
            Week(
                key=key,
                monday=monday,
                rating=reflection.presence if rated and reflection is not None else None,
                signs=signs,
            )
        )
    return shaped
