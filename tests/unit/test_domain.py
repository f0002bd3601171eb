"""The practice's rules, tested without Alexa: what a person hears next, and what is kept.

These functions decide which mantra is heard, which skill is "today's", where the walk
through stands, and what is written to storage. Nothing here imports the ASK SDK.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from secure_differentiation.skill.content import Mantra, content_for
from secure_differentiation.skill.domain import clock, daily, mantras, threats, walkthrough
from secure_differentiation.skill.domain.state import (
    RECENT_MANTRAS_KEPT,
    SKILL_COUNT,
    THREAT_WEEKS_KEPT,
    UserState,
    Walkthrough,
    validate_attributes,
)

DRAWS = 2000
SIGN_IDS = ("defending", "judging", "disregarding", "harmonizing")


def _mantra(mantra_id: str, *, skills: tuple[int, ...] = (), signs: tuple[str, ...] = ()) -> Mantra:
    return Mantra(id=mantra_id, text=f"I practise {mantra_id}.", skills=skills, signs=signs)


def _library(count: int) -> list[Mantra]:
    return [_mantra(f"m{i}") for i in range(count)]


# --- mantras.choose_mantra -------------------------------------------------------------------


def test_no_mantra_comes_back_until_half_its_pool_has_been_heard() -> None:
    library = _library(4)
    recent = [m.id for m in library]  # every mantra heard; "m2" then "m3" heard last
    rng = random.Random(1)
    chosen = Counter(mantras.choose_mantra(library, recent, rng).id for _ in range(DRAWS))
    # Half the pool (two) is held back; the rest are all still reachable.
    assert set(chosen) == {"m0", "m1"}


def test_a_mantra_for_a_sign_is_tied_to_it_even_when_the_only_one_was_just_heard() -> None:
    library = [_mantra("calm", signs=("judging",)), _mantra("a"), _mantra("b")]
    rng = random.Random(2)
    for _ in range(200):
        assert mantras.choose_mantra(library, ["a", "b", "calm"], rng, sign="judging").id == "calm"


@pytest.mark.parametrize("size", [8, 13, 60, 101])
def test_over_many_draws_none_repeats_within_half_its_pool(size: int) -> None:
    library = _library(size)
    rng = random.Random(size)
    recent: list[str] = []
    heard: list[str] = []
    for _ in range(10 * size):
        chosen = mantras.choose_mantra(library, recent, rng)
        assert chosen.id not in heard[-(size // 2) :] or size // 2 == 0
        heard.append(chosen.id)
        recent = mantras.remember(recent, chosen.id, RECENT_MANTRAS_KEPT)
    assert set(heard) == {m.id for m in library}  # and every one of them comes round


def test_the_memory_of_mantras_heard_covers_half_the_library() -> None:
    assert len(content_for("en-US").mantras) // 2 <= RECENT_MANTRAS_KEPT


def test_recently_heard_mantras_are_avoided_while_fresh_ones_remain() -> None:
    library = _library(6)
    recent = ["m0", "m2", "m4"]
    rng = random.Random(3)
    chosen = Counter(mantras.choose_mantra(library, recent, rng).id for _ in range(DRAWS))
    assert set(chosen) == {"m1", "m3", "m5"}


def test_recent_order_matters_only_for_the_last_heard() -> None:
    library = _library(3)
    rng = random.Random(4)
    # All heard; the last one ("m0" here) is the one that must not come back.
    chosen = {mantras.choose_mantra(library, ["m1", "m2", "m0"], rng).id for _ in range(500)}
    assert chosen == {"m1", "m2"}


@pytest.mark.parametrize("sign", SIGN_IDS)
def test_a_named_sign_gets_a_mantra_tied_to_that_sign(sign: str) -> None:
    library = content_for("en-US").mantras
    rng = random.Random(5)
    for _ in range(200):
        assert sign in mantras.choose_mantra(library, [], rng, sign=sign).signs


def test_a_named_sign_still_avoids_recent_mantras_for_that_sign() -> None:
    library = [
        _mantra("s1", signs=("defending",)),
        _mantra("s2", signs=("defending",)),
        _mantra("other"),
    ]
    rng = random.Random(6)
    for _ in range(200):
        assert mantras.choose_mantra(library, ["s1"], rng, sign="defending").id == "s2"


def test_a_sign_with_no_tied_mantra_still_gets_a_fresh_mantra() -> None:
    library = _library(3)
    rng = random.Random(7)
    for _ in range(100):
        assert mantras.choose_mantra(library, ["m0"], rng, sign="judging").id in {"m1", "m2"}


def test_the_focus_skill_is_favoured_but_not_the_only_thing_heard() -> None:
    # One mantra of five is tied to the focus: a uniform pick would land on it 1 time in 5.
    library = [_mantra("focus", skills=(3,)), *(_mantra(f"o{i}", skills=(7,)) for i in range(4))]
    uniform_share = 1 / len(library)

    def share(focus: int | None, seed: int) -> float:
        rng = random.Random(seed)
        picks = [mantras.choose_mantra(library, [], rng, focus_skill=focus) for _ in range(DRAWS)]
        return sum(m.id == "focus" for m in picks) / DRAWS

    with_focus = share(3, seed=8)
    without_focus = share(None, seed=8)
    assert with_focus > 2 * uniform_share
    assert with_focus > without_focus + 0.25
    assert abs(without_focus - uniform_share) < 0.05
    # Leaning is not locking: other mantras are still heard regularly.
    assert with_focus < 0.95


def test_a_focus_with_no_tied_mantra_still_gets_a_mantra() -> None:
    library = _library(3)
    rng = random.Random(9)
    chosen = {mantras.choose_mantra(library, [], rng, focus_skill=12).id for _ in range(300)}
    assert chosen == {"m0", "m1", "m2"}


def test_a_single_mantra_library_still_gives_a_mantra() -> None:
    only = _mantra("only", skills=(1,), signs=("defending",))
    rng = random.Random(10)
    assert mantras.choose_mantra([only], [], rng) == only
    assert mantras.choose_mantra([only], ["only"], rng) == only
    assert mantras.choose_mantra([only], ["only"], rng, focus_skill=1, sign="defending") == only


def test_an_empty_library_is_an_error_not_a_silent_none() -> None:
    with pytest.raises(ValueError):
        mantras.choose_mantra([], [], random.Random(11))


def test_remember_moves_a_reheard_mantra_to_the_end() -> None:
    assert mantras.remember(["a", "b", "c"], "a", keep=5) == ["b", "c", "a"]


def test_remember_appends_a_new_mantra() -> None:
    assert mantras.remember(["a", "b"], "c", keep=5) == ["a", "b", "c"]


def test_remember_keeps_at_most_keep_dropping_the_oldest() -> None:
    recent: list[str] = []
    for i in range(10):
        recent = mantras.remember(recent, f"m{i}", keep=4)
        assert len(recent) <= 4
    assert recent == ["m6", "m7", "m8", "m9"]


def test_remember_does_not_change_the_list_it_was_given() -> None:
    original = ["a", "b"]
    mantras.remember(original, "a", keep=1)
    assert original == ["a", "b"]


# --- daily -----------------------------------------------------------------------------------

ANCHOR = date(2026, 11, 23)
RELATED = {n: skill.related for n, skill in enumerate(content_for("en-US").skills, start=1)}


def _day(offset: int, focus: int | None) -> daily.DailySkill:
    return daily.skill_of_the_day(ANCHOR + timedelta(days=offset), ANCHOR, focus, RELATED)


@pytest.mark.parametrize("focus", range(1, SKILL_COUNT + 1))
def test_the_focus_is_the_skill_five_days_in_seven_and_related_skills_the_others(
    focus: int,
) -> None:
    week = [_day(n, focus) for n in range(7)]
    assert [d.number == focus for d in week] == [True, True, False, True, True, False, True]
    assert all(d.is_focus == (d.number == focus) for d in week)
    assert {week[2].number, week[5].number} <= set(RELATED[focus])
    assert week[2].number != week[5].number  # the related skills take turns


@pytest.mark.parametrize("focus", range(1, SKILL_COUNT + 1))
def test_over_a_year_the_focus_comes_most_days_and_every_related_skill_comes_round(
    focus: int,
) -> None:
    year = [_day(n, focus).number for n in range(365)]
    assert year.count(focus) >= 0.7 * 365
    assert set(year) == {focus, *RELATED[focus]}
    counts = Counter(n for n in year if n != focus)
    assert max(counts.values()) - min(counts.values()) <= 1  # evenly


def test_without_a_focus_twelve_days_visit_every_skill_in_order() -> None:
    assert [_day(n, None).number for n in range(SKILL_COUNT)] == list(range(1, SKILL_COUNT + 1))
    assert _day(SKILL_COUNT, None).number == 1
    assert not any(_day(n, None).is_focus for n in range(30))


def test_the_skill_of_the_day_is_the_same_all_day_in_the_persons_time_zone() -> None:
    zone = "America/Los_Angeles"
    # 00:05 and 23:55 Pacific on the same local day, which spans two UTC dates.
    morning = datetime(2026, 11, 25, 8, 5, tzinfo=UTC)
    night = datetime(2026, 11, 26, 7, 55, tzinfo=UTC)
    skills = {
        daily.skill_of_the_day(clock.local_date(moment, zone), ANCHOR, 4, RELATED)
        for moment in (morning, night)
    }
    assert len(skills) == 1  # day 2 of the round: a related skill, all day
    next_morning = night + timedelta(minutes=10)
    assert daily.skill_of_the_day(clock.local_date(next_morning, zone), ANCHOR, 4, RELATED) not in (
        skills
    )


def test_local_today_uses_the_persons_time_zone() -> None:
    now = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)
    assert clock.local_date(now, "America/Los_Angeles") == date(2026, 11, 23)
    assert clock.local_date(now, "Asia/Tokyo") == date(2026, 11, 24)
    assert clock.local_date(now, "UTC") == date(2026, 11, 24)


@pytest.mark.parametrize("zone", [None, "", "Mars/Olympus", "../../etc/passwd", "Not A Zone"])
def test_local_today_falls_back_to_utc_for_an_unknown_zone(zone: str | None) -> None:
    now = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)
    assert clock.local_date(now, zone) == date(2026, 11, 24)


@pytest.mark.parametrize("focus", [None, 3, 12])
def test_each_time_a_skill_comes_round_it_brings_its_next_practice(focus: int | None) -> None:
    practice_count = 6
    seen: dict[int, list[int]] = {}
    for n in range(200):
        pick = _day(n, focus)
        seen.setdefault(pick.number, []).append(pick.practice_index(practice_count))
    for indices in seen.values():
        assert indices == [i % practice_count for i in range(len(indices))]


@pytest.mark.parametrize("offset", [-400, -1, 0])
def test_a_day_before_the_anchor_still_names_a_skill_and_a_practice(offset: int) -> None:
    pick = _day(offset, 5)  # a clock or time-zone change can cause that
    assert pick.number == 5 and 0 <= pick.practice_index(4) < 4


def test_parse_date_reads_an_iso_date() -> None:
    assert clock.parse_date("2026-11-23") == date(2026, 11, 23)


@pytest.mark.parametrize("value", [None, "", "garbage", "2026-13-01", "2026-02-30", "23/11/2026"])
def test_parse_date_returns_none_for_anything_else(value: str | None) -> None:
    assert clock.parse_date(value) is None


# --- walkthrough -----------------------------------------------------------------------------


def test_starting_fresh_presents_skill_one() -> None:
    walk = Walkthrough()
    assert not walk.in_progress
    assert walkthrough.start(walk) == 1
    assert walk.position == 1
    assert walk.in_progress


def test_starting_again_resumes_where_the_person_left_off() -> None:
    walk = Walkthrough(position=5, answers={1: True, 2: False})
    assert walkthrough.start(walk) == 5
    assert walk.answers == {1: True, 2: False}
    assert walk.in_progress


def test_starting_from_the_beginning_forgets_place_and_answers() -> None:
    walk = Walkthrough(position=7, answers={1: True, 6: False})
    assert walkthrough.start(walk, from_beginning=True) == 1
    assert walk.position == 1
    assert walk.answers == {}
    assert walkthrough.strengths(walk) == []


def test_starting_after_finishing_begins_a_new_walk_at_skill_one() -> None:
    walk = Walkthrough(position=SKILL_COUNT, answers={3: True}, finished=True)
    assert walkthrough.start(walk) == 1
    assert not walk.finished
    assert walk.in_progress


def test_advancing_walks_through_every_skill_then_finishes() -> None:
    walk = Walkthrough()
    presented = [walkthrough.start(walk)]
    while (number := walkthrough.advance(walk)) is not None:
        presented.append(number)
        assert len(presented) <= SKILL_COUNT
    assert presented == list(range(1, SKILL_COUNT + 1))
    assert walk.finished
    assert not walk.in_progress


def test_advancing_past_the_last_skill_keeps_returning_none() -> None:
    walk = Walkthrough(position=SKILL_COUNT)
    assert walkthrough.advance(walk) is None
    assert walkthrough.advance(walk) is None
    assert walk.finished


def test_going_back_from_the_first_skill_stays_on_it() -> None:
    walk = Walkthrough(position=1)
    assert walkthrough.back(walk) == 1
    assert walk.position == 1


def test_going_back_moves_to_the_previous_skill() -> None:
    walk = Walkthrough(position=5)
    assert walkthrough.back(walk) == 4
    assert walk.position == 4


def test_going_back_after_finishing_reopens_the_walk() -> None:
    walk = Walkthrough(position=SKILL_COUNT, finished=True)
    assert walkthrough.back(walk) == SKILL_COUNT - 1
    assert walk.in_progress


@pytest.mark.parametrize("number", [0, SKILL_COUNT + 1, -1])
def test_go_to_rejects_a_skill_that_does_not_exist(number: int) -> None:
    walk = Walkthrough(position=4)
    with pytest.raises(ValueError):
        walkthrough.go_to(walk, number)
    assert walk.position == 4


@pytest.mark.parametrize("number", [1, 7, SKILL_COUNT])
def test_go_to_jumps_to_a_skill_and_reopens_the_walk(number: int) -> None:
    walk = Walkthrough(position=SKILL_COUNT, finished=True)
    assert walkthrough.go_to(walk, number) == number
    assert walk.position == number
    assert walk.in_progress


def test_strengths_and_growth_edges_split_the_answers_in_skill_order() -> None:
    walk = Walkthrough()
    for number, answer in [(9, True), (2, False), (4, True), (11, False), (1, True)]:
        walkthrough.record_answer(walk, number, answer)
    assert walkthrough.strengths(walk) == [1, 4, 9]
    assert walkthrough.growth_edges(walk) == [2, 11]


def test_a_changed_answer_moves_the_skill_and_skipped_skills_are_in_neither() -> None:
    walk = Walkthrough()
    walkthrough.record_answer(walk, 3, False)
    walkthrough.record_answer(walk, 3, True)
    assert walkthrough.strengths(walk) == [3]
    assert walkthrough.growth_edges(walk) == []
    assert 5 not in walkthrough.strengths(walk) + walkthrough.growth_edges(walk)


# --- threats ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 12, 31), "2026-W53"),  # 2026 has 53 ISO weeks
        (date(2027, 1, 1), "2026-W53"),  # the same week, across New Year
        (date(2027, 1, 4), "2027-W01"),
        (date(2024, 12, 30), "2025-W01"),  # a Monday that starts next year's week 1
        (date(2026, 3, 2), "2026-W10"),
    ],
)
def test_week_key_follows_iso_weeks_across_year_boundaries(day: date, expected: str) -> None:
    assert threats.week_key(day) == expected


def test_week_keys_sort_in_calendar_order() -> None:
    # The stored log keeps the latest weeks by sorting their keys, so order must match time.
    days = [date(2024, 12, 1) + timedelta(days=n) for n in range(900)]
    keys = [threats.week_key(day) for day in days]
    assert keys == sorted(keys)
    assert len(set(keys)) > 100


def test_record_sign_counts_each_sign_per_week() -> None:
    log: dict[str, dict[str, int]] = {}
    monday, friday = date(2026, 11, 23), date(2026, 11, 27)
    assert threats.record_sign(log, monday, "defending") == 1
    assert threats.record_sign(log, friday, "defending") == 2
    assert threats.record_sign(log, friday, "judging") == 1
    assert log == {threats.week_key(monday): {"defending": 2, "judging": 1}}


def test_record_sign_starts_a_new_count_in_a_new_week() -> None:
    log: dict[str, dict[str, int]] = {}
    threats.record_sign(log, date(2026, 11, 27), "defending")
    assert threats.record_sign(log, date(2026, 11, 30), "defending") == 1
    assert len(log) == 2


# --- state -----------------------------------------------------------------------------------


def _sample_state() -> UserState:
    return UserState(
        focus_skill=4,
        recent_mantras=["m-ground-01", "m-ground-02"],
        walkthrough=Walkthrough(position=6, answers={1: True, 3: False, 12: True}),
        threat_log={"2026-W47": {"defending": 2}, "2026-W48": {"judging": 1, "harmonizing": 3}},
        daily_anchor="2026-11-20",
        time_zone="Europe/Berlin",
        visits=9,
        granted_permissions=["alexa::alerts:reminders:skill:readwrite"],
        left="reflection",
    )


@pytest.mark.parametrize("left", ["mantra", "", 3, True, ["reflection"]])
def test_resume_forgets_what_it_cannot_go_back_to(left: Any) -> None:
    assert UserState.from_attributes({"left": left}).left is None


def test_a_state_round_trips_through_its_stored_form() -> None:
    state = _sample_state()
    assert UserState.from_attributes(state.to_attributes()) == state


def test_a_state_round_trips_through_json_storage() -> None:
    state = _sample_state()
    stored = json.loads(json.dumps(state.to_attributes()))
    assert UserState.from_attributes(stored) == state


def test_the_default_state_is_a_new_person_and_round_trips() -> None:
    state = UserState()
    assert state.is_new
    assert UserState.from_attributes(state.to_attributes()) == state
    assert validate_attributes(state.to_attributes()) == []


@pytest.mark.parametrize(
    "raw",
    [None, [], "record", 42, True, {}, {"schema": "x"}, {"focus_skill": {"nested": []}}],
)
def test_a_record_that_is_not_a_state_gives_a_new_persons_defaults(raw: Any) -> None:
    assert UserState.from_attributes(raw) == UserState()


@pytest.mark.parametrize("focus", [0, SKILL_COUNT + 1, -3, True, False, "3", 3.0, None, [3]])
def test_an_impossible_focus_is_forgotten(focus: Any) -> None:
    assert UserState.from_attributes({"focus_skill": focus}).focus_skill is None


def test_garbage_in_every_field_never_crashes_and_falls_back_to_defaults() -> None:
    raw = {
        "schema": 99,
        "focus_skill": True,
        "recent_mantras": "m-ground-01",
        "walkthrough": ["position", 3],
        "threat_log": ["2026-W48"],
        "daily_anchor": "yesterday",
        "time_zone": 7,
        "visits": True,
        "granted_permissions": "alexa::alerts:reminders:skill:readwrite",
    }
    assert UserState.from_attributes(raw) == UserState()


def test_bad_parts_are_dropped_and_good_parts_kept() -> None:
    raw = {
        "focus_skill": 13,
        "recent_mantras": ["m-a", 3, None, "m-b", {"id": "m-c"}],
        "walkthrough": {
            "position": 0,
            "answers": {"2": True, "13": True, "0": False, "x": True, "5": "yes", "7": False},
            "finished": "yes",
        },
        "threat_log": {
            "2026-W48": {"defending": 2, "judging": -1, "harmonizing": 0, "disregarding": True},
            "2026-48": {"defending": 1},
            "W48": {"defending": 1},
            "2026-W49": "lots",
            "2026-W50": {"judging": "2", "defending": 1.5},
        },
        "daily_anchor": "2026/11/20",
        "time_zone": "",
        "visits": "5",
        "granted_permissions": ["scope-b", 3, "", None, "scope-a", "scope-b"],
    }
    state = UserState.from_attributes(raw)
    assert state.focus_skill is None
    assert state.recent_mantras == ["m-a", "m-b"]
    assert state.walkthrough == Walkthrough(position=None, answers={2: True, 7: False})
    assert state.threat_log["2026-W48"] == {"defending": 2}
    assert set(state.threat_log) <= {"2026-W48", "2026-W50"}
    assert all(
        isinstance(count, int) and not isinstance(count, bool) and count > 0
        for counts in state.threat_log.values()
        for count in counts.values()
    )
    assert state.daily_anchor is None
    assert state.time_zone is None
    assert state.visits == 0
    assert state.granted_permissions == ["scope-a", "scope-b"]
    # And what the skill would now write back is well formed.
    assert validate_attributes(state.to_attributes()) == []


@pytest.mark.parametrize("visits", [True, False, "3", 2.5, None, [1]])
def test_visits_that_are_not_a_count_read_as_a_new_person(visits: Any) -> None:
    state = UserState.from_attributes({"visits": visits})
    assert state.visits == 0
    assert state.is_new


def test_validate_attributes_reports_a_damaged_record() -> None:
    assert validate_attributes([]) != []
    assert validate_attributes(None) != []
    good = _sample_state().to_attributes()
    assert validate_attributes(good) == []
    for field_name, bad in [
        ("schema", None),
        ("focus_skill", 13),
        ("visits", True),
        ("daily_anchor", "soon"),
        ("threat_log", {"2026-W48": {"judging": -2}}),
    ]:
        damaged = {**good, field_name: bad}
        assert validate_attributes(damaged) != [], field_name


def _random_state(rng: random.Random) -> UserState:
    """A state reached the way the skill reaches one: through the domain operations."""
    state = UserState()
    library = [_mantra(f"m-{i:02d}", skills=(rng.randint(1, SKILL_COUNT),)) for i in range(30)]
    start_day = date(2025, 1, 1) + timedelta(days=rng.randint(0, 900))
    for _ in range(rng.randint(0, 80)):
        action = rng.randrange(9)
        if action == 0:
            state.focus_skill = rng.randint(1, SKILL_COUNT)
        elif action == 1:
            mantra = mantras.choose_mantra(
                library, state.recent_mantras, rng, focus_skill=state.focus_skill
            )
            state.recent_mantras = mantras.remember(
                state.recent_mantras, mantra.id, RECENT_MANTRAS_KEPT
            )
        elif action == 2:
            day = start_day + timedelta(days=rng.randint(0, 400))
            threats.record_sign(state.threat_log, day, rng.choice(SIGN_IDS))
        elif action == 3:
            walkthrough.start(state.walkthrough, from_beginning=rng.random() < 0.2)
        elif action == 4:
            walkthrough.advance(state.walkthrough)
            if state.walkthrough.position is not None:
                walkthrough.record_answer(
                    state.walkthrough, state.walkthrough.position, rng.random() < 0.5
                )
        elif action == 5:
            if rng.random() < 0.5:
                walkthrough.back(state.walkthrough)
            else:
                walkthrough.go_to(state.walkthrough, rng.randint(1, SKILL_COUNT))
        elif action == 6:
            state.daily_anchor = (start_day + timedelta(days=rng.randint(0, 400))).isoformat()
            state.time_zone = rng.choice([None, "UTC", "America/Los_Angeles", "Asia/Kolkata"])
        elif action == 7:
            state.visits += 1
        else:
            # As a permission event records them: the scopes granted, as a sorted set.
            scopes = rng.sample(["scope-a", "scope-b", "scope-c"], rng.randint(0, 3))
            state.granted_permissions = sorted(set(scopes))
    return state


def test_everything_the_skill_writes_passes_its_own_schema() -> None:
    rng = random.Random(20261123)
    for _ in range(500):
        state = _random_state(rng)
        stored = state.to_attributes()
        assert validate_attributes(stored) == [], stored
        assert validate_attributes(json.loads(json.dumps(stored))) == [], stored
        # Reading back what was written and writing it again changes nothing.
        assert UserState.from_attributes(stored).to_attributes() == stored


def test_only_the_most_recent_mantras_are_kept() -> None:
    heard = [f"m-{i:02d}" for i in range(RECENT_MANTRAS_KEPT + 9)]
    state = UserState(recent_mantras=heard)
    stored = state.to_attributes()
    assert stored["recent_mantras"] == heard[-RECENT_MANTRAS_KEPT:]
    assert (
        UserState.from_attributes({"recent_mantras": heard}).recent_mantras
        == (heard[-RECENT_MANTRAS_KEPT:])
    )


def test_only_the_most_recent_weeks_of_noticed_signs_are_kept() -> None:
    log: dict[str, dict[str, int]] = {}
    first = date(2026, 6, 1)
    weeks = THREAT_WEEKS_KEPT + 15
    for n in range(weeks):  # spans the 2026/2027 year boundary
        threats.record_sign(log, first + timedelta(weeks=n), "defending")
    assert len(log) == weeks
    kept = UserState(threat_log=log).to_attributes()["threat_log"]
    assert len(kept) == THREAT_WEEKS_KEPT
    latest_weeks = [threats.week_key(first + timedelta(weeks=n)) for n in range(weeks)]
    assert set(kept) == set(latest_weeks[-THREAT_WEEKS_KEPT:])
