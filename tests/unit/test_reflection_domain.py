"""When a weekly reflection is due, and how weeks compare: pure logic."""

from __future__ import annotations

from datetime import date

from secure_differentiation.skill.domain.progress import progress
from secure_differentiation.skill.domain.reflection import (
    is_due,
    next_step,
    open_draft,
    trend,
)
from secure_differentiation.skill.domain.state import (
    REFLECTION_STEPS,
    Draft,
    Reflection,
    UserState,
)

MONDAY = date(2026, 11, 23)  # ISO week 2026-W48


def done(presence: int | None, on: str, practised: tuple[int, ...] = (), signs=()) -> Reflection:
    return Reflection(
        practised=list(practised), signs=list(signs), presence=presence, focus=3, done_on=on
    )


def test_steps_run_in_order_and_choosing_a_focus_ends_it() -> None:
    assert [next_step(s) for s in REFLECTION_STEPS[:3]] == ["signs", "presence", "focus"]
    assert next_step("focus") is None and next_step("choose_focus") is None


def test_a_new_person_is_due_a_week_after_their_first_visit() -> None:
    state = UserState(first_seen="2026-11-20")
    assert not is_due(state, MONDAY)
    assert is_due(state, date(2026, 11, 27))
    assert not is_due(UserState(), MONDAY)  # never seen: nothing to reflect on yet


def test_due_seven_days_after_the_last_reflection() -> None:
    state = UserState(first_seen="2026-01-01", reflections={"2026-W47": done(3, "2026-11-17")})
    assert not is_due(state, MONDAY)
    assert is_due(state, date(2026, 11, 24))


def test_an_unfinished_reflection_is_due_in_its_week_and_the_next() -> None:
    state = UserState(
        first_seen="2026-11-25",
        draft=Draft("2026-W48", Reflection(practised=[1], step="signs")),
        reflections={"2026-W47": done(3, "2026-11-22")},
    )
    assert is_due(state, date(2026, 11, 26))  # one day in, but half done: finish it
    # Started on Sunday evening, it can still be finished on Monday (a new ISO week).
    assert is_due(state, date(2026, 11, 30))
    # Two weeks on, the draft is set aside: due only by the seven-day rule.
    state.reflections["2026-W49"] = done(3, "2026-12-06")
    assert open_draft(state, date(2026, 12, 7)) is None
    assert not is_due(state, date(2026, 12, 7))


def test_an_update_of_a_finished_week_is_not_a_reflection_due() -> None:
    state = UserState(
        first_seen="2026-11-01",
        reflections={"2026-W48": done(3, "2026-11-23")},
        draft=Draft("2026-W48", Reflection(practised=[1], step="signs")),
    )
    assert not is_due(state, date(2026, 11, 25))


def test_old_records_with_a_reflection_in_progress_keep_it_as_the_draft() -> None:
    stored = {
        "reflections": {
            "2026-W47": done(3, "2026-11-20").to_attributes(),
            "2026-W48": Reflection(practised=[2], step="presence").to_attributes(),
        }
    }
    state = UserState.from_attributes(stored)
    assert list(state.reflections) == ["2026-W47"]
    assert state.draft == Draft("2026-W48", Reflection(practised=[2], step="presence"))


def test_trend_compares_with_the_previous_reflection_and_counts_the_streak() -> None:
    state = UserState(
        reflections={
            "2026-W45": done(4, "2026-11-06"),
            "2026-W47": done(2, "2026-11-20"),
            "2026-W48": done(3, "2026-11-27"),
        }
    )
    current = trend(state, "2026-W48")
    assert current.presence_change == 1 and current.streak == 2 and not current.first
    assert trend(state, "2026-W45").first
    assert trend(state, "2026-W47").presence_change == -2


def test_streak_crosses_the_new_year() -> None:
    state = UserState(
        reflections={"2026-W53": done(3, "2026-12-31"), "2027-W01": done(3, "2027-01-07")}
    )
    assert trend(state, "2027-W01").streak == 2


def test_progress_counts_this_weeks_signs_and_practice_and_the_weeks_in_a_row() -> None:
    state = UserState(
        focus_skill=3,
        reflections={
            "2026-W46": done(2, "2026-11-13", signs=("defending",)),
            "2026-W47": done(4, "2026-11-20", signs=("defending", "judging")),
        },
        threat_log={"2026-W48": {"judging": 2, "defending": 1}, "2026-W47": {"defending": 1}},
        practice_log={"2026-W48": {"daily": 3, "self_empathy": 1, "grounding": 3}},
        draft=Draft("2026-W48", Reflection(practised=[7], step="presence")),
    )
    seen = progress(state, MONDAY)
    assert (seen.signs_this_week, seen.signs_last_week) == (3, 2)  # last week: logged + named
    assert seen.most_noticed == "judging"
    assert (seen.days_practised, seen.self_empathy, seen.groundings) == (3, 1, 3)
    assert seen.weeks_in_a_row == 2 and seen.reflected  # ending last week: this one is open
    assert seen.ratings == (2, 4)


def test_progress_before_any_reflection_still_counts_what_was_done() -> None:
    state = UserState(threat_log={"2026-W48": {"defending": 1, "judging": 1}})
    seen = progress(state, MONDAY)
    assert seen.signs_this_week == 2 and seen.most_noticed is None  # a tie: none stands out
    assert not seen.reflected and seen.weeks_in_a_row == 0 and seen.ratings == ()


def test_ratings_of_an_earlier_focus_are_neither_summarised_nor_compared() -> None:
    earlier = Reflection(presence=4, focus=2, done_on="2026-11-13")
    state = UserState(
        focus_skill=3,
        reflections={"2026-W46": earlier, "2026-W47": done(2, "2026-11-20")},
    )
    assert progress(state, MONDAY).ratings == (2,)
    assert trend(state, "2026-W47").presence_change is None
    state.reflections["2026-W48"] = done(5, "2026-11-23")
    assert trend(state, "2026-W48").presence_change == 3
