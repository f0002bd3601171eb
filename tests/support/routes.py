"""How a person reaches each open question from a fresh start, and typical slot values.

Shared by the tests that visit every question: the dialog walk (any intent to any
question) and the safety walk (a crisis said in any state, in every locale).
"""

from __future__ import annotations

from typing import Any

from support.alexa import custom_slot, number_slot, value_slot

# Typical values for every slotted intent, as Alexa sends them.
SLOTS: dict[str, dict[str, Any]] = {
    "GoToSkillIntent": {"number": number_slot("5")},
    "ChooseSkillIntent": {"number": number_slot("3")},
    "SetFocusIntent": {"skill": custom_slot("skill", "listening", "SKILL_NAME", "5")},
    "NoticeThreatIntent": {"sign": custom_slot("sign", "defensive", "THREAT_SIGN", "defending")},
    "SetCheckInIntent": {
        "cadence": custom_slot("cadence", "every day", "CHECK_IN_KIND", "daily"),
        "time": value_slot("time", "08:00"),
    },
    "CheckInAnswerIntent": {"time": value_slot("time", "09:00")},
    "CancelCheckInIntent": {
        "cadence": custom_slot("cadence", "daily check in", "CHECK_IN_KIND", "daily")
    },
    "GetMantraIntent": {"skill": custom_slot("skill", "listening", "SKILL_NAME", "5")},
    "ExplainIntent": {"sign": custom_slot("sign", "judging", "THREAT_SIGN", "judging")},
    "ExampleIntent": {"number": number_slot("5")},
    "MarkStrengthIntent": {"number": number_slot("4")},
    "UnmarkStrengthIntent": {"skill": custom_slot("skill", "listening", "SKILL_NAME", "5")},
    "CrisisIntent": {},
}

Step = tuple[str, dict[str, Any]]
LAUNCH: Step = ("launch", {})
# A voice Alexa recognises: a step's "person_id" says that voice spoke it (AlexaDevice.say).
RECOGNISED = "amzn1.ask.person.ROUTEPERSON"


def _say(intent: str, **slots: Any) -> Step:
    return (intent, slots)


def _set_check_in(cadence: str, hour: str, day: str | None = None) -> list[Step]:
    slots = {
        "cadence": custom_slot("cadence", cadence, "CHECK_IN_KIND", cadence),
        "time": value_slot("time", hour),
    }
    if day:
        slots["day"] = value_slot("day", day)
    return [LAUNCH, ("SetCheckInIntent", slots), _say("AMAZON.YesIntent")]


# How a person reaches each question from a fresh start (the last step leaves it open);
# "kind.step" where a question's help depends on its step.
ROUTES: dict[str, list[Step]] = {
    "walkthrough": [LAUNCH, _say("StartWalkthroughIntent")],
    "which_skill": [LAUNCH, _say("GoToSkillIntent", number=number_slot("47"))],
    "resume": [
        LAUNCH,
        _say("GoToSkillIntent", number=number_slot("4")),
        _say("AMAZON.StopIntent"),
        LAUNCH,
    ],
    "choose_focus": [LAUNCH, _say("SetFocusIntent")],
    "confirm_focus": [LAUNCH, _say("ChooseSkillIntent", number=number_slot("3"))],
    "another_mantra": [LAUNCH, _say("GetMantraIntent")],
    "offer_mantra": [LAUNCH, _say("SkillOfTheDayIntent")],
    "reflection.practised": [LAUNCH, _say("StartReflectionIntent")],
    "reflection.signs": [LAUNCH, _say("StartReflectionIntent"), _say("AMAZON.NoIntent")],
    "reflection.presence": [
        LAUNCH,
        _say("StartReflectionIntent"),
        _say("AMAZON.NoIntent"),
        _say("AMAZON.NoIntent"),
    ],
    "reflection.choose_focus": [
        LAUNCH,
        _say("StartReflectionIntent"),
        _say("AMAZON.NoIntent"),
        _say("AMAZON.NoIntent"),
        _say("ChooseSkillIntent", number=number_slot("3")),
    ],
    "reflection.focus": [
        LAUNCH,
        ("SetFocusIntent", SLOTS["SetFocusIntent"]),
        _say("AMAZON.NoIntent"),
        LAUNCH,
        _say("StartReflectionIntent"),
        _say("AMAZON.NoIntent"),
        _say("AMAZON.NoIntent"),
        _say("ChooseSkillIntent", number=number_slot("3")),
    ],
    "reflection_offer": [LAUNCH, _say("HowAmIDoingIntent")],
    "practice_mode": [LAUNCH, _say("PracticeModesIntent")],
    "check_in_time": [
        LAUNCH,
        _say("SetCheckInIntent", cadence=custom_slot("cadence", "daily", "CHECK_IN_KIND", "daily")),
    ],
    "check_in_day": [
        LAUNCH,
        _say(
            "SetCheckInIntent", cadence=custom_slot("cadence", "weekly", "CHECK_IN_KIND", "weekly")
        ),
    ],
    "confirm_check_in": [LAUNCH, ("SetCheckInIntent", SLOTS["SetCheckInIntent"])],
    "cancel_check_in": [
        *_set_check_in("daily", "08:00"),
        *_set_check_in("weekly", "19:00", "sunday"),
        LAUNCH,
        _say("CancelCheckInIntent"),
    ],
    "forget": [LAUNCH, _say("ForgetMeIntent")],
    "forget_mine": [LAUNCH, _say("ForgetMeIntent", person_id=RECOGNISED)],
    "forget_household": [
        LAUNCH,
        _say("ForgetMeIntent", person_id=RECOGNISED),
        _say("AMAZON.YesIntent", person_id=RECOGNISED),
    ],
    "in_danger": [LAUNCH, _say("FeelingThreatenedIntent")],
    "list_skills": [LAUNCH, _say("ListSkillsIntent")],
    "which_sign": [
        LAUNCH,
        _say("NoticeThreatIntent", sign=custom_slot("sign", "confused", "THREAT_SIGN", None)),
    ],
    "self_empathy": [LAUNCH, _say("SelfEmpathyIntent")],
    "self_empathy_offer": [
        LAUNCH,
        _say("StartReflectionIntent"),
        _say("AMAZON.NoIntent"),
        _say("AMAZON.NoIntent"),
        _say("ChooseSkillIntent", number=number_slot("3")),
        _say("AMAZON.NoIntent"),
    ],
}
