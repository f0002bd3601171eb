"""The weekly reflection: its steps, when it is due, and the trend across weeks."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from .daily import parse_date
from .state import REFLECTION_STEPS, Reflection, UserState
from .threats import week_key

DUE_AFTER = timedelta(days=7)
SUMMARY_WEEKS = 4


def next_step(step: str) -> str | None:
    """The question after `step`; None after the last. Choosing a focus is only a detour."""
    if step in ("focus", "choose_focus"):
        return None
    return REFLECTION_STEPS[REFLECTION_STEPS.index(step) + 1]


def this_weeks(state: UserState, today: date) -> Reflection | None:
    return state.reflections.get(week_key(today))


def unfinished(state: UserState, today: date) -> Reflection | None:
    """This week's reflection if it was started and left midway."""
    reflection = this_weeks(state, today)
    return reflection if reflection is not None and not reflection.complete else None


def is_due(state: UserState, today: date) -> bool:
    """True when a reflection was left midway, or none was done for seven days or more.

    A person who never reflected becomes due a week after their first visit, so
    the first days are about the practice itself.
    """
    if unfinished(state, today) is not None:
        return True
    done = [parse_date(r.done_on) for r in state.reflections.values() if r.complete]
    last = max((d for d in done if d is not None), default=None)
    if last is not None:
        return today - last >= DUE_AFTER
    first_seen = parse_date(state.first_seen)
    return first_seen is not None and today - first_seen >= DUE_AFTER


@dataclass(frozen=True)
class Trend:
    """How this week compares: the presence change and the run of weekly reflections."""

    presence_change: int | None  # this week's presence minus the previous reflection's
    streak: int  # consecutive ISO weeks reflected, ending with this one
    first: bool  # the person's first completed reflection


def trend(state: UserState, week: str) -> Trend:
    completed = {w: r for w, r in state.reflections.items() if r.complete}
    earlier = [w for w in sorted(completed) if w < week]
    current = completed.get(week)
    change = None
    if current is not None and current.presence is not None and earlier:
        previous = completed[earlier[-1]].presence
        if previous is not None:
            change = current.presence - previous
    streak = 0
    if current is not None:
        monday = date.fromisocalendar(int(week[:4]), int(week[6:]), 1)
        while week_key(monday - timedelta(weeks=streak)) in completed:
            streak += 1
    return Trend(presence_change=change, streak=streak, first=not earlier)


@dataclass(frozen=True)
class Summary:
    """The last few completed reflections, reduced to what is worth saying aloud."""

    weeks: int
    presences: list[int]
    most_practised: int | None
    most_noticed: str | None


def summarise(state: UserState, today: date, weeks: int = SUMMARY_WEEKS) -> Summary:
    recent_weeks = {week_key(today - timedelta(weeks=n)) for n in range(weeks)}
    recent = [r for w, r in sorted(state.reflections.items()) if w in recent_weeks and r.complete]
    practised = Counter(n for r in recent for n in r.practised)
    noticed = Counter(s for r in recent for s in r.signs)
    return Summary(
        weeks=len(recent),
        presences=[r.presence for r in recent if r.presence is not None],
        most_practised=practised.most_common(1)[0][0] if practised else None,
        most_noticed=noticed.most_common(1)[0][0] if noticed else None,
    )


def logged_signs(state: UserState, today: date) -> dict[str, int]:
    """What the person logged through "I'm feeling defensive" and the like this week."""
    return dict(state.threat_log.get(week_key(today), {}))
