"""The names of every conversational prompt; prompts.<lang>.json defines each.

`PLACEHOLDERS` names the values a prompt may use; the content tests check that
every variant of every prompt, in every language, uses only those.
"""

from __future__ import annotations

from enum import StrEnum


class Prompt(StrEnum):
    """Keys into prompts.<lang>.json."""

    CHOOSE_FOCUS_ASK = "choose_focus_ask"
    CHOOSE_FOCUS_REPROMPT = "choose_focus_reprompt"
    CONFIRM_FOCUS_ASK = "confirm_focus_ask"
    CONFIRM_FOCUS_REPROMPT = "confirm_focus_reprompt"
    DAILY_CARD_TITLE = "daily_card_title"
    DAILY_CLOSE = "daily_close"
    DAILY_PRACTICE = "daily_practice"
    DAILY_SKILL = "daily_skill"
    ERROR_APOLOGY = "error_apology"
    FALLBACK_GENERAL = "fallback_general"
    FALLBACK_LEAD = "fallback_lead"
    FOCUS_CARD_TITLE = "focus_card_title"
    FOCUS_FIRST_PRACTICE = "focus_first_practice"
    FOCUS_IS = "focus_is"
    FOCUS_KEPT = "focus_kept"
    FOCUS_NEXT_STEP = "focus_next_step"
    FOCUS_NONE_YET = "focus_none_yet"
    FOCUS_OFFER_MANTRA = "focus_offer_mantra"
    FOCUS_OFFER_MANTRA_REPROMPT = "focus_offer_mantra_reprompt"
    FOCUS_SET = "focus_set"
    FORGET_CANCELLED = "forget_cancelled"
    FORGET_CONFIRM = "forget_confirm"
    FORGET_CONFIRM_REPROMPT = "forget_confirm_reprompt"
    FORGET_DONE = "forget_done"
    GOODBYE = "goodbye"
    GOODBYE_AFTER_MANTRA = "goodbye_after_mantra"
    HELP_CHOOSE_FOCUS = "help_choose_focus"
    HELP_GENERAL = "help_general"
    HELP_WALKTHROUGH = "help_walkthrough"
    HELP_YES_NO = "help_yes_no"
    LIST_JOIN = "list_join"
    MANTRA_BREATHE = "mantra_breathe"
    MANTRA_CARD_TITLE = "mantra_card_title"
    MANTRA_INTRO = "mantra_intro"
    MANTRA_INTRO_ANOTHER = "mantra_intro_another"
    MANTRA_OFFER_ANOTHER = "mantra_offer_another"
    MANTRA_OFFER_ANOTHER_REPROMPT = "mantra_offer_another_reprompt"
    MANTRA_ONE_SHOT_CLOSE = "mantra_one_shot_close"
    MENU = "menu"
    MENU_REPROMPT = "menu_reprompt"
    MENU_SHORT = "menu_short"
    NOTHING_TO_REPEAT = "nothing_to_repeat"
    NO_QUESTION_OPEN = "no_question_open"
    NUMBER_NOT_HEARD = "number_not_heard"
    NUMBER_OUT_OF_RANGE = "number_out_of_range"
    NUMBER_REPROMPT = "number_reprompt"
    OFFER_RESUME = "offer_resume"
    OFFER_RESUME_REPROMPT = "offer_resume_reprompt"
    PRACTICE_MODE = "practice_mode"
    PRACTICE_MODE_OFFER_NEXT = "practice_mode_offer_next"
    RESUME_DECLINED = "resume_declined"
    SKILL_DESCRIBED = "skill_described"
    SKILL_NAMED = "skill_named"
    SKILL_NOT_MATCHED = "skill_not_matched"
    THREAT_CLOSE = "threat_close"
    THREAT_GENERAL_PRACTICE = "threat_general_practice"
    THREAT_UNNAMED = "threat_unnamed"
    WALK_ACK_NO = "walk_ack_no"
    WALK_ACK_YES = "walk_ack_yes"
    WALK_ASK = "walk_ask"
    WALK_ASK_REPROMPT = "walk_ask_reprompt"
    WALK_AT_START = "walk_at_start"
    WALK_CARD_TITLE = "walk_card_title"
    WALK_DONE = "walk_done"
    WALK_INTRO = "walk_intro"
    WALK_PAUSED = "walk_paused"
    WALK_PLACE_KEPT = "walk_place_kept"
    WALK_POSITION = "walk_position"
    WALK_RESUMING = "walk_resuming"
    WALK_STARTING_OVER = "walk_starting_over"
    WALK_SUMMARY_FEW = "walk_summary_few"
    WALK_SUMMARY_MANY = "walk_summary_many"
    WALK_SUMMARY_NONE = "walk_summary_none"
    WELCOME_BACK = "welcome_back"
    WELCOME_FIRST = "welcome_first"
    WELCOME_FOCUS = "welcome_focus"
    # The weekly reflection and its summary.
    REFLECT_INTRO = "reflect_intro"
    REFLECT_RESUMING = "reflect_resuming"
    REFLECT_AGAIN = "reflect_again"
    REFLECT_ASK_PRACTISED = "reflect_ask_practised"
    REFLECT_SIGN_COUNT_ONCE = "reflect_sign_count_once"
    REFLECT_SIGN_COUNT_TWICE = "reflect_sign_count_twice"
    REFLECT_SIGN_COUNT = "reflect_sign_count"
    REFLECT_LOGGED = "reflect_logged"
    REFLECT_ASK_SIGNS = "reflect_ask_signs"
    REFLECT_ASK_PRESENCE = "reflect_ask_presence"
    REFLECT_ASK_PRESENCE_NO_FOCUS = "reflect_ask_presence_no_focus"
    REFLECT_ASK_KEEP_FOCUS = "reflect_ask_keep_focus"
    REFLECT_DONE = "reflect_done"
    REFLECT_CLOSING_MANTRA = "reflect_closing_mantra"
    REFLECT_TREND_FIRST = "reflect_trend_first"
    REFLECT_TREND_UP = "reflect_trend_up"
    REFLECT_TREND_DOWN = "reflect_trend_down"
    REFLECT_TREND_SAME = "reflect_trend_same"
    REFLECT_STREAK = "reflect_streak"
    REFLECT_MOVING_ON = "reflect_moving_on"
    REFLECT_LATER = "reflect_later"
    REFLECT_WHICH_ONE = "reflect_which_one"
    REFLECT_PRESENCE_NOTED = "reflect_presence_noted"
    REFLECT_PRESENCE_RANGE = "reflect_presence_range"
    REFLECT_FOCUS_CHANGED = "reflect_focus_changed"
    REFLECT_FOCUS_KEPT = "reflect_focus_kept"
    REFLECT_SIGN_NOT_MATCHED = "reflect_sign_not_matched"
    REFLECT_ANY_OTHER = "reflect_any_other"
    REFLECT_ADDED = "reflect_added"
    REFLECT_ALREADY = "reflect_already"
    REFLECT_OFFER_FIRST = "reflect_offer_first"
    REFLECT_OFFER = "reflect_offer"
    REFLECT_OFFER_CONTINUE = "reflect_offer_continue"
    SUMMARY_NONE = "summary_none"
    SUMMARY_WEEKS = "summary_weeks"
    SUMMARY_WEEKS_ONE = "summary_weeks_one"
    SUMMARY_PRESENCE_STEADY = "summary_presence_steady"
    SUMMARY_PRESENCE_MOVED = "summary_presence_moved"
    SUMMARY_PRESENCE_ONE = "summary_presence_one"
    SUMMARY_MOST_PRACTISED = "summary_most_practised"
    SUMMARY_MOST_NOTICED = "summary_most_noticed"
    HELP_REFLECTION = "help_reflection"

    # Scheduled check-ins (Alexa reminders); the reminder texts carry nothing personal.
    CHECK_IN_ASK_TIME_DAILY = "check_in_ask_time_daily"
    CHECK_IN_ASK_TIME_WEEKLY = "check_in_ask_time_weekly"
    CHECK_IN_ASK_TIME_REPROMPT = "check_in_ask_time_reprompt"
    CHECK_IN_ASK_DAY = "check_in_ask_day"
    CHECK_IN_ASK_DAY_REPROMPT = "check_in_ask_day_reprompt"
    CHECK_IN_HELP = "check_in_help"
    CHECK_IN_CONFIRM_DAILY = "check_in_confirm_daily"
    CHECK_IN_CONFIRM_WEEKLY = "check_in_confirm_weekly"
    CHECK_IN_REPLACES_DAILY = "check_in_replaces_daily"
    CHECK_IN_REPLACES_WEEKLY = "check_in_replaces_weekly"
    CHECK_IN_CONFIRM_REPROMPT = "check_in_confirm_reprompt"
    CHECK_IN_SET_DAILY = "check_in_set_daily"
    CHECK_IN_SET_WEEKLY = "check_in_set_weekly"
    CHECK_IN_HOW_TO_CANCEL_DAILY = "check_in_how_to_cancel_daily"
    CHECK_IN_HOW_TO_CANCEL_WEEKLY = "check_in_how_to_cancel_weekly"
    CHECK_IN_NOT_SET = "check_in_not_set"
    CHECK_IN_LIST_NONE = "check_in_list_none"
    CHECK_IN_LIST_DAILY = "check_in_list_daily"
    CHECK_IN_LIST_WEEKLY = "check_in_list_weekly"
    CHECK_IN_CANCELLED_DAILY = "check_in_cancelled_daily"
    CHECK_IN_CANCELLED_WEEKLY = "check_in_cancelled_weekly"
    CHECK_IN_CANCEL_NOTHING = "check_in_cancel_nothing"
    CHECK_IN_CANCEL_WHICH = "check_in_cancel_which"
    CHECK_IN_CANCEL_WHICH_REPROMPT = "check_in_cancel_which_reprompt"
    CHECK_IN_FAILED = "check_in_failed"
    CHECK_IN_CANCEL_FAILED = "check_in_cancel_failed"
    CHECK_IN_DEVICE_CANNOT = "check_in_device_cannot"
    CHECK_IN_PERMISSION_LATER = "check_in_permission_later"
    CHECK_IN_PERMISSION_THANKS = "check_in_permission_thanks"
    CHECK_IN_REMINDER_DAILY = "check_in_reminder_daily"
    CHECK_IN_REMINDER_WEEKLY = "check_in_reminder_weekly"


PLACEHOLDERS: dict[Prompt, frozenset[str]] = {
    Prompt.CONFIRM_FOCUS_REPROMPT: frozenset(["title"]),
    Prompt.DAILY_PRACTICE: frozenset(["practice"]),
    Prompt.DAILY_SKILL: frozenset(["skill"]),
    Prompt.FOCUS_FIRST_PRACTICE: frozenset(["practice"]),
    Prompt.FOCUS_IS: frozenset(["skill"]),
    Prompt.FOCUS_SET: frozenset(["skill"]),
    Prompt.LIST_JOIN: frozenset(["head", "last"]),
    Prompt.NUMBER_OUT_OF_RANGE: frozenset(["heard"]),
    Prompt.OFFER_RESUME: frozenset(["number"]),
    Prompt.PRACTICE_MODE: frozenset(["title"]),
    Prompt.SKILL_DESCRIBED: frozenset(["skill"]),
    Prompt.SKILL_NAMED: frozenset(["number", "title"]),
    Prompt.SKILL_NOT_MATCHED: frozenset(["heard"]),
    Prompt.WALK_ASK_REPROMPT: frozenset(["title"]),
    Prompt.WALK_CARD_TITLE: frozenset(["number", "title"]),
    Prompt.WALK_PAUSED: frozenset(["number"]),
    Prompt.WALK_PLACE_KEPT: frozenset(["number"]),
    Prompt.WALK_POSITION: frozenset(["number", "title", "total"]),
    Prompt.WALK_SUMMARY_FEW: frozenset(["skills"]),
    Prompt.WALK_SUMMARY_MANY: frozenset(["count", "skills"]),
    Prompt.WELCOME_FOCUS: frozenset(["skill"]),
    Prompt.REFLECT_SIGN_COUNT_ONCE: frozenset(["sign"]),
    Prompt.REFLECT_SIGN_COUNT_TWICE: frozenset(["sign"]),
    Prompt.REFLECT_SIGN_COUNT: frozenset(["count", "sign"]),
    Prompt.REFLECT_LOGGED: frozenset(["signs"]),
    Prompt.REFLECT_ASK_PRESENCE: frozenset(["title"]),
    Prompt.REFLECT_ASK_KEEP_FOCUS: frozenset(["title"]),
    Prompt.REFLECT_STREAK: frozenset(["weeks"]),
    Prompt.REFLECT_FOCUS_CHANGED: frozenset(["title"]),
    Prompt.REFLECT_ADDED: frozenset(["item"]),
    Prompt.REFLECT_ALREADY: frozenset(["item"]),
    Prompt.SUMMARY_WEEKS: frozenset(["count"]),
    Prompt.SUMMARY_PRESENCE_STEADY: frozenset(["first", "last"]),
    Prompt.SUMMARY_PRESENCE_MOVED: frozenset(["first", "last"]),
    Prompt.SUMMARY_PRESENCE_ONE: frozenset(["last"]),
    Prompt.SUMMARY_MOST_PRACTISED: frozenset(["title"]),
    Prompt.SUMMARY_MOST_NOTICED: frozenset(["sign"]),
    Prompt.CHECK_IN_ASK_TIME_WEEKLY: frozenset(["day"]),
    Prompt.CHECK_IN_CONFIRM_DAILY: frozenset(["time"]),
    Prompt.CHECK_IN_CONFIRM_WEEKLY: frozenset(["day", "time"]),
    Prompt.CHECK_IN_REPLACES_DAILY: frozenset(["time"]),
    Prompt.CHECK_IN_REPLACES_WEEKLY: frozenset(["day", "time"]),
    Prompt.CHECK_IN_SET_DAILY: frozenset(["time"]),
    Prompt.CHECK_IN_SET_WEEKLY: frozenset(["day", "time"]),
    Prompt.CHECK_IN_LIST_DAILY: frozenset(["time"]),
    Prompt.CHECK_IN_LIST_WEEKLY: frozenset(["day", "time"]),
}
