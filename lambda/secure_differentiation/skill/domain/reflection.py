"""The weekly reflection: its steps, drafts, when it is due, and the trend across weeks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .clock import parse_date
from .state import REFLECTION_STEPS, Draft, Reflection, UserState
from .threats import week_key

DUE_AFTER = timedelta(days=7)
# A draft can be finished during its own week and the next one; after that it is set aside.
DRAFT_WEEKS_KEPT = 2
# The questions a person hears (choosing a focus replaces keeping one).
QUESTION_COUNT = 4


def next_step(step: str) -> str | None:
    """The question after `step`; None after the last. Choosing a focus is only a detour."""
    if step in ("focus", "choose_focus"):
        return None
    return REFLECTION_STEPS[REFLECTION_STEPS.index(step) + 1]


def previous_step(step: str) -> str:
    """The question before `step` (the first one stays the first)."""
    if step == "choose_focus":
        return "presence"
    return REFLECTION_STEPS[max(0, REFLECTION_STEPS.index(step) - 1)]


def _week_monday(week: str) -> date:
    return date.fromisocalendar(int(week[:4]), int(week[6:]), 1)


def open_draft(state: UserState, today: date) -> Draft | None:
    """The draft a person can still finish: started this week or last week."""
    draft = state.draft
    if draft is None:
        return None
    age = (today - _week_monday(draft.week)).days // 7
    return draft if 0 <= age < DRAFT_WEEKS_KEPT else None


def this_weeks(state: UserState, today: date) -> Reflection | None:
    """This week's finished reflection, if there is one."""
    return state.reflections.get(week_key(today))


def last_done(state: UserState) -> date | None:
    done = [parse_date(r.done_on) for r in state.reflections.values() if r.complete]
    return max((d for d in done if d is not None), default=None)


def is_due(state: UserState, today: date) -> bool:
    """True when a first reflection for a week was left midway, or none was done for a week.

    A person who never reflected becomes due a week after their first visit, so
    the first days are about the practice itself.
    """
    draft = open_draft(state, today)
    if draft is not None and draft.week not in state.reflections:
        return True
    last = last_done(state)
    if last is not None:
        return today - last >= DUE_AFTER
    first_seen = parse_date(state.first_seen)
    return first_seen is not None and today - first_seen >= DUE_AFTER


@dataclass(frozen=True)
class Trend:
    """How this week compares: the presence change and the run of weekly reflections."""

    presence_change: int | None  # this week's presence minus the last one for the same focus
    streak: int  # consecutive ISO weeks reflected, ending with this one
    first: bool  # the person's first completed reflection


def trend(state: UserState, week: str) -> Trend:
    completed = {w: r for w, r in state.reflections.items() if r.complete}
    earlier = [w for w in sorted(completed) if w < week]
    current = completed.get(week)
    change = None
    if current is not None and current.presence is not None:
        same_focus = [
            completed[w].presence
            for w in earlier
            if completed[w].focus == current.focus and completed[w].presence is not None
        ]
        if same_focus and same_focus[-1] is not None:
            change = current.presence - same_focus[-1]
    return Trend(presence_change=change, streak=streak(state, week), first=not earlier)


def streak(state: UserState, week: str) -> int:
    """Consecutive ISO weeks with a finished reflection, ending with `week`."""
    count = 0
    monday = _week_monday(week)
    while (found := state.reflections.get(week_key(monday - timedelta(weeks=count)))) and (
        found.complete
    ):
        count += 1
    return count


def logged_signs(state: UserState, week: str) -> dict[str, int]:
    """What the person logged through "I'm feeling defensive" and the like in `week`."""
    return dict(state.threat_log.get(week, {}))
