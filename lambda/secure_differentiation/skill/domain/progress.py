"""What "how am I doing" tells: this week's signs and practice, weeks in a row, the focus rating.

Signs count as the progress screen counts them (charts.weeks_of_practice): each
noticing logged as it happened, plus a sign the reflection named that the log
does not hold. Practice counts come from the week's practice log: the days the
skill of the day was heard, the groundings after a sign, the self-empathy
practices finished. Ratings are only those of the current focus, oldest first.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from .charts import weeks_of_practice
from .reflection import streak
from .state import UserState
from .threats import week_key


@dataclass(frozen=True)
class Progress:
    """A person's practice this week and lately, as "how am I doing" reports it."""

    signs_this_week: int
    signs_last_week: int
    most_noticed: str | None  # this week's most noticed sign, when one stands out
    days_practised: int  # days this week the skill of the day was heard
    groundings: int  # times this week a sign was met with a grounding practice
    self_empathy: int  # self-empathy practices finished this week
    weeks_in_a_row: int  # reflections in consecutive weeks, ending this week or last
    reflected_this_week: bool
    reflected: bool  # whether any weekly reflection was ever finished
    ratings: tuple[int, ...]  # the current focus's presence ratings in recent weeks


def progress(state: UserState, today: date) -> Progress:
    weeks = weeks_of_practice(state, today)
    this_week, last_week = week_key(today), week_key(today - timedelta(weeks=1))
    logged = Counter(state.threat_log.get(this_week, {}))
    top = logged.most_common(2)
    stands_out = top and (len(top) == 1 or top[0][1] > top[1][1])
    practised = state.practice_log.get(this_week, {})
    return Progress(
        signs_this_week=weeks[-1].signs,
        signs_last_week=weeks[-2].signs if len(weeks) > 1 else 0,
        most_noticed=top[0][0] if stands_out else None,
        days_practised=practised.get("daily", 0),
        groundings=practised.get("grounding", 0),
        self_empathy=practised.get("self_empathy", 0),
        weeks_in_a_row=streak(state, this_week) or streak(state, last_week),
        reflected_this_week=streak(state, this_week) > 0,
        reflected=any(r.complete for r in state.reflections.values()),
        ratings=tuple(w.rating for w in weeks if w.rating is not None),
    )
