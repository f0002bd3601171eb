"""A year of daily practice through real envelopes, on the injected clock.

One person chooses a focus and, every day for a year, asks for the skill of the
day at a different hour, takes the mantra offered with it, and on some days asks
for a mantra of their own or names a sign of threat. What they would notice over
a year is checked here: the focus comes most days, a mantra is never back before
half of its pool has been heard, a mantra offered "for" something is tied to it,
and a practice is only ever given at an hour it suits.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from secure_differentiation.skill import build_skill
from secure_differentiation.skill.alexa_api import TimeoutApiClient
from secure_differentiation.skill.content import Content, Mantra, content_for, time_of_day
from secure_differentiation.skill.persistence.memory import InMemoryPersistenceAdapter
from support.alexa import AlexaDevice, custom_slot, number_slot
from support.alexa_api_server import running_api_server
from support.clock import Clock
from support.speech import mantra_in

pytestmark = pytest.mark.dated

FOCUS = 7  # Thriving habits: once among the thinnest in mantras
HOURS = (7, 12, 19, 23, 9, 16)  # the hours the person asks at, in turn
SIGNS = ("defending", "judging", "disregarding", "harmonizing")


@dataclass(frozen=True)
class Heard:
    mantra: Mantra
    pools: tuple[tuple[str, ...], ...]  # the pools it may have been drawn from


def _pool(
    content: Content, *, skill: int | None = None, sign: str | None = None
) -> tuple[str, ...]:
    return tuple(
        m.id
        for m in content.mantras
        if (skill is None or skill in m.skills) and (sign is None or sign in m.signs)
    )


@pytest.fixture(scope="module")
def year() -> Iterator[tuple[list[tuple[int, int, str]], list[Heard]]]:
    """(skill of the day, hour, words spoken) for each day, and every mantra heard."""
    with running_api_server() as alexa_api:
        clock = Clock()
        skill = build_skill(
            InMemoryPersistenceAdapter(), api_client=TimeoutApiClient(), rng=random.Random(2027)
        )
        device = AlexaDevice(skill, api_endpoint=alexa_api.url, clock=clock)
        yield _live_a_year(device, clock, content_for("en-US"))


def _live_a_year(
    device: AlexaDevice, clock: Clock, content: Content
) -> tuple[list[tuple[int, int, str]], list[Heard]]:
    device.one_shot("SetFocusIntent", number=number_slot(str(FOCUS)))
    days: list[tuple[int, int, str]] = []
    heard: list[Heard] = []
    general = (_pool(content, skill=FOCUS), _pool(content))
    for day in range(365):
        hour = HOURS[day % len(HOURS)]
        clock.at_local(hour, days=1 if day else 0)
        device.launch()
        today = device.say("SkillOfTheDayIntent")
        number = next(s.number for s in content.skills if f", {s.title}" in today.text)
        days.append((number, hour, today.text))
        offered = device.say("AMAZON.YesIntent")  # "a mantra to go with it?"
        heard.append(Heard(mantra_in(offered, content), (_pool(content, skill=number),)))
        device.say("AMAZON.StopIntent")
        if day % 3 == 0:  # "Alexa, ask secure differentiation for a mantra"
            mine = device.one_shot("GetMantraIntent")
            heard.append(Heard(mantra_in(mine, content), general))
        if day % 5 == 0:
            asked = custom_slot("skill", "habits", "SKILL_NAME", str(FOCUS))
            for_focus = device.one_shot("GetMantraIntent", skill=asked)
            heard.append(Heard(mantra_in(for_focus, content), (_pool(content, skill=FOCUS),)))
        if day % 4 == 0:
            sign = SIGNS[day // 4 % len(SIGNS)]
            said = custom_slot("sign", sign, "THREAT_SIGN", sign)
            noticed = device.one_shot("NoticeThreatIntent", sign=said)
            heard.append(Heard(mantra_in(noticed, content), (_pool(content, sign=sign),)))
    return days, heard


def test_the_focus_is_the_skill_of_the_day_on_most_days(
    year: tuple[list[tuple[int, int, str]], list[Heard]], content: Content
) -> None:
    days, _ = year
    skills = [number for number, _, _ in days]
    assert skills.count(FOCUS) >= 0.7 * len(days)
    assert set(skills) - {FOCUS} == set(content.skill(FOCUS).related)


def _last_half_heard(pool: tuple[str, ...], earlier: list[str]) -> list[str]:
    """The most recent distinct mantras heard from `pool`: as many as half of it."""
    latest: list[str] = []
    for mantra_id in reversed(earlier):
        if len(latest) >= len(pool) // 2:
            break
        if mantra_id in pool and mantra_id not in latest:
            latest.append(mantra_id)
    return latest


def test_no_mantra_comes_back_before_half_of_its_pool_was_heard(
    year: tuple[list[tuple[int, int, str]], list[Heard]],
) -> None:
    _, heard = year
    for index, now in enumerate(heard):
        earlier = [h.mantra.id for h in heard[:index]]
        assert any(
            now.mantra.id in pool and now.mantra.id not in _last_half_heard(pool, earlier)
            for pool in now.pools
        ), (index, now.mantra.id)


def test_a_mantra_offered_for_a_skill_or_a_sign_is_tied_to_it(
    year: tuple[list[tuple[int, int, str]], list[Heard]],
) -> None:
    _, heard = year
    tied = [h for h in heard if len(h.pools) == 1]
    assert len(tied) > 365
    assert all(h.mantra.id in h.pools[0] for h in tied)


def test_every_practice_given_suits_the_hour_it_was_given_at(
    year: tuple[list[tuple[int, int, str]], list[Heard]], content: Content
) -> None:
    days, _ = year
    given = 0
    for number, hour, text in days:
        practice = next(p for p in content.skill(number).practices if p.text in text)
        assert practice.when in ("any", time_of_day(hour)), (hour, practice.when, practice.text)
        given += practice.when != "any"
    assert given > 0  # the hour-tied practices are given too, at their hour
