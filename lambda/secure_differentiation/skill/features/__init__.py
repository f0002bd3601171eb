"""Every handler, in the order the ASK SDK tries them.

Order is behaviour: the first handler whose `can_handle` answers True wins.
Answers to an open question (yes/no while a question is pending) come before
the general handlers for the same intents; the catch-alls come last.
"""

from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractExceptionHandler, AbstractRequestHandler

from .builtins import (
    FallbackHandler,
    HelpHandler,
    RepeatHandler,
    SessionEndedHandler,
    StopHandler,
    StrayYesNoHandler,
    UnknownRequestHandler,
)
from .check_ins import (
    CancelCheckInHandler,
    CheckInAnswerHandler,
    ConfirmCheckInHandler,
    ListCheckInsHandler,
    SetCheckInHandler,
)
from .daily import SkillOfTheDayHandler
from .errors import CatchAllErrorHandler
from .focus import ChooseSkillHandler, FocusAnswerHandler, GetFocusHandler, SetFocusHandler
from .launch import LaunchHandler
from .mantra import MantraAnswerHandler, MantraHandler
from .practice import PracticeModeAnswerHandler, PracticeModesHandler
from .privacy import (
    ForgetMeAnswerHandler,
    ForgetMeHandler,
    PermissionEventHandler,
    SkillDisabledHandler,
)
from .reflection import (
    HowAmIDoingHandler,
    ReflectionAnswerHandler,
    ReflectionOfferAnswerHandler,
    StartReflectionHandler,
)
from .scheduling import PermissionAnswerHandler
from .threat import NoticeThreatHandler
from .walkthrough import (
    ConsistencyAnswerHandler,
    GoToSkillHandler,
    NextSkillHandler,
    PauseHandler,
    PreviousSkillHandler,
    ResumeOfferAnswerHandler,
    StartOverHandler,
    StartWalkthroughHandler,
)


def request_handlers() -> list[AbstractRequestHandler]:
    return [
        LaunchHandler(),
        # Answers to the question the skill is waiting on, before anything general.
        ConsistencyAnswerHandler(),
        ResumeOfferAnswerHandler(),
        MantraAnswerHandler(),
        FocusAnswerHandler(),
        ForgetMeAnswerHandler(),
        ReflectionAnswerHandler(),
        ReflectionOfferAnswerHandler(),
        PracticeModeAnswerHandler(),
        CheckInAnswerHandler(),
        ConfirmCheckInHandler(),
        # Features.
        MantraHandler(),
        NoticeThreatHandler(),
        StartWalkthroughHandler(),
        StartOverHandler(),
        NextSkillHandler(),
        PreviousSkillHandler(),
        GoToSkillHandler(),
        PauseHandler(),
        SetFocusHandler(),
        ChooseSkillHandler(),
        GetFocusHandler(),
        SkillOfTheDayHandler(),
        ForgetMeHandler(),
        StartReflectionHandler(),
        HowAmIDoingHandler(),
        PracticeModesHandler(),
        SetCheckInHandler(),
        ListCheckInsHandler(),
        CancelCheckInHandler(),
        # Alexa's answer to the reminders permission prompt.
        PermissionAnswerHandler(),
        # Skill events (no session, no speech).
        SkillDisabledHandler(),
        PermissionEventHandler(),
        # Built-ins.
        HelpHandler(),
        StopHandler(),
        RepeatHandler(),
        FallbackHandler(),
        SessionEndedHandler(),
        # Catch-alls: keep last.
        StrayYesNoHandler(),
        UnknownRequestHandler(),
    ]


def exception_handlers() -> list[AbstractExceptionHandler]:
    return [CatchAllErrorHandler()]
