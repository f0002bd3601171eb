"""One person's stored state, as plain data.

Everything the skill remembers about a person lives in one `UserState`, saved as
one record keyed by their Alexa userId. Stored answers are structured (numbers,
ids, dates), never free speech. `from_attributes` is forgiving: a field that is
missing or malformed falls back to its default, so an old or damaged record can
never crash a request, and `to_attributes` always produces a record that passes
`validate_attributes`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

SKILL_COUNT = 12
RECENT_MANTRAS_KEPT = 12
THREAT_WEEKS_KEPT = 26
SCHEMA_VERSION = 1

REFLECTION_WEEKS_KEPT = 52
SIGN_IDS = ("defending", "judging", "disregarding", "harmonizing")
CHECK_IN_KINDS = ("daily", "weekly")
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# The weekly reflection's questions, in order.
REFLECTION_STEPS = ("practised", "signs", "presence", "focus", "choose_focus")

_WEEK_KEY = re.compile(r"^\d{4}-W\d{2}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def _is_skill_number(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= SKILL_COUNT


@dataclass
class Walkthrough:
    """Where a person is in the guided walk through the twelve skills.

    `position` is the skill currently being presented (1-12), or None before
    the first start. `answers` maps skill number to "I already do this with
    some consistency and confidence" (True) or not (False); skipped skills
    have no entry.
    """

    position: int | None = None
    answers: dict[int, bool] = field(default_factory=dict)
    finished: bool = False

    @property
    def in_progress(self) -> bool:
        return self.position is not None and not self.finished

    def to_attributes(self) -> dict[str, Any]:
        return {
            "position": self.position,
            "answers": {str(number): done for number, done in sorted(self.answers.items())},
            "finished": self.finished,
        }

    @classmethod
    def from_attributes(cls, raw: Any) -> Walkthrough:
        if not isinstance(raw, dict):
            return cls()
        position = raw.get("position")
        answers: dict[int, bool] = {}
        raw_answers = raw.get("answers")
        if isinstance(raw_answers, dict):
            for key, value in raw_answers.items():
                if str(key).isdigit() and _is_skill_number(int(key)) and isinstance(value, bool):
                    answers[int(key)] = value
        return cls(
            position=position if _is_skill_number(position) else None,
            answers=answers,
            finished=raw.get("finished") is True,
        )


def _skill_list(raw: Any) -> list[int]:
    return sorted({n for n in raw if _is_skill_number(n)}) if isinstance(raw, list) else []


def _sign_list(raw: Any) -> list[str]:
    return sorted({s for s in raw if s in SIGN_IDS}) if isinstance(raw, list) else []


@dataclass
class CheckIn:
    """A scheduled Alexa reminder: daily, or weekly on `day`. `token` is Alexa's alertToken."""

    time: str  # "HH:MM", the person's local time
    token: str
    day: str | None = None  # "MO".."SU" for weekly check-ins

    def to_attributes(self) -> dict[str, Any]:
        return {"time": self.time, "token": self.token, "day": self.day}

    @classmethod
    def from_attributes(cls, raw: Any) -> CheckIn | None:
        if not isinstance(raw, dict):
            return None
        time, token, day = raw.get("time"), raw.get("token"), raw.get("day")
        if not (isinstance(time, str) and _TIME.match(time) and isinstance(token, str) and token):
            return None
        return cls(time=time, token=token, day=day if day in WEEKDAYS else None)


@dataclass
class Reflection:
    """One week's reflection, as structured answers (never free speech).

    `step` is where an unfinished reflection stopped; None once it is complete.
    """

    practised: list[int] = field(default_factory=list)
    signs: list[str] = field(default_factory=list)
    presence: int | None = None  # 1..5: how present the focus skill was
    focus: int | None = None  # the focus skill the week was reflected against
    step: str | None = None
    done_on: str | None = None  # the date it was completed

    @property
    def complete(self) -> bool:
        return self.step is None and self.done_on is not None

    def to_attributes(self) -> dict[str, Any]:
        return {
            "practised": sorted(set(self.practised)),
            "signs": sorted(set(self.signs)),
            "presence": self.presence,
            "focus": self.focus,
            "step": self.step,
            "done_on": self.done_on,
        }

    @classmethod
    def from_attributes(cls, raw: Any) -> Reflection | None:
        if not isinstance(raw, dict):
            return None
        presence, focus, step = raw.get("presence"), raw.get("focus"), raw.get("step")
        done_on = raw.get("done_on")
        return cls(
            practised=_skill_list(raw.get("practised")),
            signs=_sign_list(raw.get("signs")),
            presence=presence
            if isinstance(presence, int) and not isinstance(presence, bool) and 1 <= presence <= 5
            else None,
            focus=focus if _is_skill_number(focus) else None,
            step=step if step in REFLECTION_STEPS else None,
            done_on=done_on if isinstance(done_on, str) and _DATE.match(done_on) else None,
        )


@dataclass
class UserState:
    """Everything remembered about one person."""

    focus_skill: int | None = None
    recent_mantras: list[str] = field(default_factory=list)
    walkthrough: Walkthrough = field(default_factory=Walkthrough)
    # ISO week ("2026-W48") -> threat sign id -> times noticed that week.
    threat_log: dict[str, dict[str, int]] = field(default_factory=dict)
    # The day the skill-of-the-day cycle started from the focus skill.
    daily_anchor: str | None = None
    time_zone: str | None = None
    visits: int = 0
    # Alexa permission scopes the person granted (from skill events), sorted.
    granted_permissions: list[str] = field(default_factory=list)
    # "daily" / "weekly" -> the reminder Alexa confirmed.
    check_ins: dict[str, CheckIn] = field(default_factory=dict)
    # ISO week ("2026-W48") -> that week's reflection (possibly unfinished).
    reflections: dict[str, Reflection] = field(default_factory=dict)
    # The first day the person used the skill: when a weekly reflection becomes due.
    first_seen: str | None = None

    @property
    def is_new(self) -> bool:
        return self.visits == 0

    def to_attributes(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA_VERSION,
            "focus_skill": self.focus_skill,
            "recent_mantras": list(self.recent_mantras[-RECENT_MANTRAS_KEPT:]),
            "walkthrough": self.walkthrough.to_attributes(),
            "threat_log": {
                week: dict(sorted(counts.items()))
                for week, counts in sorted(self.threat_log.items())[-THREAT_WEEKS_KEPT:]
            },
            "daily_anchor": self.daily_anchor,
            "time_zone": self.time_zone,
            "visits": self.visits,
            "granted_permissions": sorted(set(self.granted_permissions)),
            "check_ins": {
                kind: check_in.to_attributes() for kind, check_in in sorted(self.check_ins.items())
            },
            "reflections": {
                week: reflection.to_attributes()
                for week, reflection in sorted(self.reflections.items())[-REFLECTION_WEEKS_KEPT:]
            },
            "first_seen": self.first_seen,
        }

    @classmethod
    def from_attributes(cls, raw: Any) -> UserState:
        if not isinstance(raw, dict):
            return cls()
        focus = raw.get("focus_skill")
        recent = raw.get("recent_mantras")
        threat_log: dict[str, dict[str, int]] = {}
        raw_log = raw.get("threat_log")
        if isinstance(raw_log, dict):
            for week, counts in raw_log.items():
                if isinstance(week, str) and _WEEK_KEY.match(week) and isinstance(counts, dict):
                    threat_log[week] = {
                        str(sign): count
                        for sign, count in counts.items()
                        if isinstance(count, int) and not isinstance(count, bool) and count > 0
                    }
        anchor = raw.get("daily_anchor")
        time_zone = raw.get("time_zone")
        visits = raw.get("visits")
        granted = raw.get("granted_permissions")
        check_ins: dict[str, CheckIn] = {}
        raw_check_ins = raw.get("check_ins")
        if isinstance(raw_check_ins, dict):
            for kind in CHECK_IN_KINDS:
                check_in = CheckIn.from_attributes(raw_check_ins.get(kind))
                if check_in is not None:
                    check_ins[kind] = check_in
        reflections: dict[str, Reflection] = {}
        raw_reflections = raw.get("reflections")
        if isinstance(raw_reflections, dict):
            for week, entry in raw_reflections.items():
                reflection = Reflection.from_attributes(entry)
                if isinstance(week, str) and _WEEK_KEY.match(week) and reflection is not None:
                    reflections[week] = reflection
        first_seen = raw.get("first_seen")
        return cls(
            focus_skill=focus if _is_skill_number(focus) else None,
            recent_mantras=[m for m in recent if isinstance(m, str)][-RECENT_MANTRAS_KEPT:]
            if isinstance(recent, list)
            else [],
            walkthrough=Walkthrough.from_attributes(raw.get("walkthrough")),
            threat_log=threat_log,
            daily_anchor=anchor if isinstance(anchor, str) and _DATE.match(anchor) else None,
            time_zone=time_zone if isinstance(time_zone, str) and time_zone else None,
            visits=visits if isinstance(visits, int) and not isinstance(visits, bool) else 0,
            granted_permissions=sorted({g for g in granted if isinstance(g, str) and g})
            if isinstance(granted, list)
            else [],
            check_ins=check_ins,
            reflections=reflections,
            first_seen=first_seen
            if isinstance(first_seen, str) and _DATE.match(first_seen)
            else None,
        )


def validate_attributes(raw: Any) -> list[str]:
    """Return what is wrong with a stored record (empty when it is well formed).

    Used by tests and fuzzing to prove that nothing the skill writes can fail
    its own schema.
    """
    problems: list[str] = []
    if not isinstance(raw, dict):
        return ["record is not a mapping"]
    if raw.get("schema") != SCHEMA_VERSION:
        problems.append("schema version missing or unknown")
    normalised = UserState.from_attributes(raw).to_attributes()
    for key, value in normalised.items():
        if raw.get(key) != value:
            problems.append(f"field {key!r} is malformed: {raw.get(key)!r}")
    return problems
