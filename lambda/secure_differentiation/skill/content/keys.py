"""The names of every conversational prompt; prompts.<lang>.json defines each.

`PLACEHOLDERS` names the values a prompt may use; the content tests check that
every variant of every prompt, in every language, uses only those.
"""

from __future__ import annotations

from enum import StrEnum


class Prompt(StrEnum):
    """Keys into prompts.<lang>.json."""

    ABOUT_CLOSE = "about_close"
    CHECK_IN_ASK_DAY = "check_in_ask_day"
    CHECK_IN_ASK_DAY_REPROMPT = "check_in_ask_day_reprompt"
    CHECK_IN_ASK_TIME_DAILY = "check_in_ask_time_daily"
    CHECK_IN_ASK_TIME_REPROMPT = "check_in_ask_time_reprompt"
    CHECK_IN_ASK_TIME_WEEKLY = "check_in_ask_time_weekly"
    CHECK_IN_CANCEL_FAILED = "check_in_cancel_failed"
    CHECK_IN_CANCEL_NOTHING = "check_in_cancel_nothing"
    CHECK_IN_CANCEL_WHICH = "check_in_cancel_which"
    CHECK_IN_CANCEL_WHICH_REPROMPT = "check_in_cancel_which_reprompt"
    CHECK_IN_CANCELLED_DAILY = "check_in_cancelled_daily"
    CHECK_IN_CANCELLED_WEEKLY = "check_in_cancelled_weekly"
    CHECK_IN_CONFIRM_DAILY = "check_in_confirm_daily"
    CHECK_IN_CONFIRM_REPROMPT = "check_in_confirm_reprompt"
    CHECK_IN_CONFIRM_WEEKLY = "check_in_confirm_weekly"
    CHECK_IN_DEVICE_CANNOT = "check_in_device_cannot"
    CHECK_IN_DUPLICATE_LEFT = "check_in_duplicate_left"
    CHECK_IN_FAILED = "check_in_failed"
    CHECK_IN_FORGET_LEFT = "check_in_forget_left"
    CHECK_IN_FORGET_PARTLY = "check_in_forget_partly"
    CHECK_IN_HOW_TO_CANCEL_DAILY = "check_in_how_to_cancel_daily"
    CHECK_IN_HOW_TO_CANCEL_WEEKLY = "check_in_how_to_cancel_weekly"
    CHECK_IN_KEPT_DAILY = "check_in_kept_daily"
    CHECK_IN_KEPT_WEEKLY = "check_in_kept_weekly"
    CHECK_IN_LEFT = "check_in_left"
    CHECK_IN_LIST_AS_RECORDED = "check_in_list_as_recorded"
    CHECK_IN_LIST_DAILY = "check_in_list_daily"
    CHECK_IN_LIST_NONE = "check_in_list_none"
    CHECK_IN_LIST_UNREACHABLE = "check_in_list_unreachable"
    CHECK_IN_LIST_UNTIMED = "check_in_list_untimed"
    CHECK_IN_LIST_WEEKLY = "check_in_list_weekly"
    CHECK_IN_NAME_ANY = "check_in_name_any"
    CHECK_IN_NAME_DAILY = "check_in_name_daily"
    CHECK_IN_NAME_WEEKLY = "check_in_name_weekly"
    CHECK_IN_NOT_SET = "check_in_not_set"
    CHECK_IN_NOTHING_CANCELLED = "check_in_nothing_cancelled"
    CHECK_IN_ONLY_DAILY_OR_WEEKLY = "check_in_only_daily_or_weekly"
    CHECK_IN_PERMISSION_LATER = "check_in_permission_later"
    CHECK_IN_PERMISSION_THANKS = "check_in_permission_thanks"
    CHECK_IN_REMINDER_DAILY = "check_in_reminder_daily"
    CHECK_IN_REMINDER_WEEKLY = "check_in_reminder_weekly"
    CHECK_IN_REPLACES_DAILY = "check_in_replaces_daily"
    CHECK_IN_REPLACES_WEEKLY = "check_in_replaces_weekly"
    CHECK_IN_SET_DAILY = "check_in_set_daily"
    CHECK_IN_SET_WEEKLY = "check_in_set_weekly"
    CHECK_IN_UNSURE = "check_in_unsure"
    CHECK_IN_WHICH_TIME = "check_in_which_time"
    CHOOSE_FOCUS_ASK = "choose_focus_ask"
    CHOOSE_FOCUS_REPROMPT = "choose_focus_reprompt"
    CONFIRM_FOCUS_ASK = "confirm_focus_ask"
    CONFIRM_FOCUS_REPROMPT = "confirm_focus_reprompt"
    CRISIS = "crisis"
    CRISIS_CARD = "crisis_card"
    CRISIS_CARD_TITLE = "crisis_card_title"
    DAILY_CARD_TITLE = "daily_card_title"
    DAILY_CLOSE = "daily_close"
    DAILY_PRACTICE = "daily_practice"
    DAILY_SKILL = "daily_skill"
    ERROR_APOLOGY = "error_apology"
    EXAMPLE_BACK = "example_back"
    EXAMPLE_INTRO = "example_intro"
    EXPLAIN_NEXT = "explain_next"
    EXPLAIN_WHICH = "explain_which"
    FALLBACK_GENERAL = "fallback_general"
    FALLBACK_LEAD = "fallback_lead"
    FOCUS_CARD_TITLE = "focus_card_title"
    FOCUS_FIRST_PRACTICE = "focus_first_practice"
    FOCUS_IS = "focus_is"
    FOCUS_KEPT = "focus_kept"
    FOCUS_LEFT_FOR_LATER = "focus_left_for_later"
    FOCUS_NEXT_STEP = "focus_next_step"
    FOCUS_NONE_FOR_NOW = "focus_none_for_now"
    FOCUS_NONE_YET = "focus_none_yet"
    FOCUS_OFFER_MANTRA = "focus_offer_mantra"
    FOCUS_OFFER_MANTRA_REPROMPT = "focus_offer_mantra_reprompt"
    FOCUS_SET = "focus_set"
    FOCUS_SUGGEST = "focus_suggest"
    FOCUS_SUGGEST_GROWTH = "focus_suggest_growth"
    FORGET_CANCELLED = "forget_cancelled"
    FORGET_CONFIRM = "forget_confirm"
    FORGET_CONFIRM_REPROMPT = "forget_confirm_reprompt"
    FORGET_DONE = "forget_done"
    FORGET_HOUSEHOLD_DONE = "forget_household_done"
    FORGET_HOUSEHOLD_KEPT = "forget_household_kept"
    FORGET_HOUSEHOLD_LEFT = "forget_household_left"
    FORGET_HOUSEHOLD_OFFER = "forget_household_offer"
    FORGET_HOUSEHOLD_OFFER_REPROMPT = "forget_household_offer_reprompt"
    FORGET_HOUSEHOLD_OTHER_VOICE = "forget_household_other_voice"
    FORGET_HOUSEHOLD_PARTLY = "forget_household_partly"
    FORGET_MINE_CONFIRM = "forget_mine_confirm"
    FORGET_MINE_CONFIRM_REPROMPT = "forget_mine_confirm_reprompt"
    FORGET_NOTHING_DELETED = "forget_nothing_deleted"
    FORGET_OTHER_VOICE = "forget_other_voice"
    GOODBYE = "goodbye"
    GOODBYE_AFTER_MANTRA = "goodbye_after_mantra"
    HELP_ANOTHER_MANTRA = "help_another_mantra"
    HELP_CHECK_IN_CANCEL = "help_check_in_cancel"
    HELP_CHECK_IN_CONFIRM = "help_check_in_confirm"
    HELP_CHECK_IN_DAY = "help_check_in_day"
    HELP_CHECK_IN_TIME = "help_check_in_time"
    HELP_CHOOSE_FOCUS = "help_choose_focus"
    HELP_CONFIRM_FOCUS = "help_confirm_focus"
    HELP_FORGET = "help_forget"
    HELP_FORGET_HOUSEHOLD = "help_forget_household"
    HELP_FORGET_MINE = "help_forget_mine"
    HELP_GENERAL = "help_general"
    HELP_IN_DANGER = "help_in_danger"
    HELP_LIST_SKILLS = "help_list_skills"
    HELP_MORE = "help_more"
    HELP_OFFER_MANTRA = "help_offer_mantra"
    HELP_OFFER_REFLECTION = "help_offer_reflection"
    HELP_OFFER_RESUME = "help_offer_resume"
    HELP_PRACTICE_MODE = "help_practice_mode"
    HELP_REFLECTION = "help_reflection"
    HELP_SELF_EMPATHY = "help_self_empathy"
    HELP_SELF_EMPATHY_OFFER = "help_self_empathy_offer"
    HELP_WALKTHROUGH = "help_walkthrough"
    HELP_WHICH_SIGN = "help_which_sign"
    HELP_WHICH_SKILL = "help_which_skill"
    HINTS = "hints"
    IN_DANGER_ASK = "in_danger_ask"
    IN_DANGER_REPROMPT = "in_danger_reprompt"
    INNER_THREAT_ACK = "inner_threat_ack"
    LAST_WEEK = "last_week"
    LEAVE_IT_THERE = "leave_it_there"
    LIST_JOIN = "list_join"
    LIST_OR = "list_or"
    MANTRA_BREATHE = "mantra_breathe"
    MANTRA_CARD_TITLE = "mantra_card_title"
    MANTRA_INTRO = "mantra_intro"
    MANTRA_INTRO_ANOTHER = "mantra_intro_another"
    MANTRA_INTRO_FOR = "mantra_intro_for"
    MANTRA_OFFER_ANOTHER = "mantra_offer_another"
    MANTRA_OFFER_ANOTHER_REPROMPT = "mantra_offer_another_reprompt"
    MANTRA_ONE_SHOT_CLOSE = "mantra_one_shot_close"
    MENU = "menu"
    MENU_REPROMPT = "menu_reprompt"
    MENU_SHORT = "menu_short"
    NO_QUESTION_OPEN = "no_question_open"
    NOT_THIS_QUESTION = "not_this_question"
    NOTHING_MORE = "nothing_more"
    NOTHING_TO_REPEAT = "nothing_to_repeat"
    NUMBER_NOT_HEARD = "number_not_heard"
    NUMBER_OUT_OF_RANGE = "number_out_of_range"
    NUMBER_REPROMPT = "number_reprompt"
    OFFER_RESUME = "offer_resume"
    OFFER_RESUME_REPROMPT = "offer_resume_reprompt"
    OKAY = "okay"
    PRACTICE_MODE = "practice_mode"
    PRACTICE_MODE_OFFER_NEXT = "practice_mode_offer_next"
    PRACTICE_MODE_OTHER = "practice_mode_other"
    REFLECT_ADDED = "reflect_added"
    REFLECT_AGAIN = "reflect_again"
    REFLECT_ALREADY = "reflect_already"
    REFLECT_ANY_OTHER = "reflect_any_other"
    REFLECT_ASK_CHOOSE_FOCUS = "reflect_ask_choose_focus"
    REFLECT_ASK_KEEP_FOCUS = "reflect_ask_keep_focus"
    REFLECT_ASK_OTHER_SIGNS = "reflect_ask_other_signs"
    REFLECT_ASK_PRACTISED = "reflect_ask_practised"
    REFLECT_ASK_PRESENCE = "reflect_ask_presence"
    REFLECT_ASK_PRESENCE_NO_FOCUS = "reflect_ask_presence_no_focus"
    REFLECT_ASK_SIGNS = "reflect_ask_signs"
    REFLECT_CLOSING_MANTRA = "reflect_closing_mantra"
    REFLECT_DONE = "reflect_done"
    REFLECT_FOCUS_CHANGED = "reflect_focus_changed"
    REFLECT_FOCUS_KEPT = "reflect_focus_kept"
    REFLECT_INTRO = "reflect_intro"
    REFLECT_KEPT = "reflect_kept"
    REFLECT_LATER = "reflect_later"
    REFLECT_LOGGED = "reflect_logged"
    REFLECT_MOVING_ON = "reflect_moving_on"
    REFLECT_NO_FOCUS = "reflect_no_focus"
    REFLECT_OFFER = "reflect_offer"
    REFLECT_OFFER_CONTINUE = "reflect_offer_continue"
    REFLECT_OFFER_FIRST = "reflect_offer_first"
    REFLECT_PRESENCE_NOTED = "reflect_presence_noted"
    REFLECT_PRESENCE_RANGE = "reflect_presence_range"
    REFLECT_RESUMING = "reflect_resuming"
    REFLECT_RESUMING_LAST_WEEK = "reflect_resuming_last_week"
    REFLECT_SIGN_COUNT = "reflect_sign_count"
    REFLECT_SIGN_COUNT_ONCE = "reflect_sign_count_once"
    REFLECT_SIGN_COUNT_TWICE = "reflect_sign_count_twice"
    REFLECT_SIGN_NOT_MATCHED = "reflect_sign_not_matched"
    REFLECT_SKIPPED = "reflect_skipped"
    REFLECT_STARTING_OVER = "reflect_starting_over"
    REFLECT_STREAK = "reflect_streak"
    REFLECT_TREND_DOWN = "reflect_trend_down"
    REFLECT_TREND_FIRST = "reflect_trend_first"
    REFLECT_TREND_SAME = "reflect_trend_same"
    REFLECT_TREND_UP = "reflect_trend_up"
    RESUME_DECLINED = "resume_declined"
    SELF_EMPATHY_ANOTHER_TIME = "self_empathy_another_time"
    SELF_EMPATHY_DECLINED = "self_empathy_declined"
    SELF_EMPATHY_DONE = "self_empathy_done"
    SELF_EMPATHY_GO_ON = "self_empathy_go_on"
    SELF_EMPATHY_KEPT = "self_empathy_kept"
    SELF_EMPATHY_OFFER = "self_empathy_offer"
    SELF_EMPATHY_PAUSED = "self_empathy_paused"
    SELF_EMPATHY_RESUMING = "self_empathy_resuming"
    SIGN_NOT_SURE = "sign_not_sure"
    SIGN_WHICH = "sign_which"
    SIGNS_LIST = "signs_list"
    SIGNS_LIST_CLOSE = "signs_list_close"
    SKILL_DESCRIBED = "skill_described"
    SKILL_NAMED = "skill_named"
    SKILL_NOT_MATCHED = "skill_not_matched"
    SKILLS_LIST = "skills_list"
    SKILLS_LIST_DONE = "skills_list_done"
    SKILLS_LIST_ITEM = "skills_list_item"
    SKILLS_LIST_MORE = "skills_list_more"
    STILL_HERE = "still_here"
    STRENGTH_ADDED = "strength_added"
    STRENGTH_REMOVED = "strength_removed"
    STRENGTH_WHICH = "strength_which"
    STRENGTHS_NONE_YET = "strengths_none_yet"
    SUMMARY_MOST_NOTICED = "summary_most_noticed"
    SUMMARY_MOST_PRACTISED = "summary_most_practised"
    SUMMARY_NONE = "summary_none"
    SUMMARY_PRESENCE_MOVED = "summary_presence_moved"
    SUMMARY_PRESENCE_ONE = "summary_presence_one"
    SUMMARY_PRESENCE_STEADY = "summary_presence_steady"
    SUMMARY_WEEKS = "summary_weeks"
    SUMMARY_WEEKS_ONE = "summary_weeks_one"
    THANKS_REPLY = "thanks_reply"
    THAT = "that"
    THIS_WEEK = "this_week"
    THREAT_CARD_TITLE = "threat_card_title"
    THREAT_CLOSE = "threat_close"
    THREAT_GENERAL_PRACTICE = "threat_general_practice"
    THREAT_MANTRA_INTRO = "threat_mantra_intro"
    THREAT_OFFER_ANOTHER = "threat_offer_another"
    THREAT_UNNAMED = "threat_unnamed"
    TIP_CHECK_IN = "tip_check_in"
    TIP_DAILY = "tip_daily"
    TIP_PROGRESS = "tip_progress"
    TIP_SIGN = "tip_sign"
    TIP_WALKTHROUGH = "tip_walkthrough"
    WALK_ACK_NO = "walk_ack_no"
    WALK_ACK_SOMETIMES = "walk_ack_sometimes"
    WALK_ACK_YES = "walk_ack_yes"
    WALK_ASK = "walk_ask"
    WALK_ASK_REPROMPT = "walk_ask_reprompt"
    WALK_AT_START = "walk_at_start"
    WALK_CARD_TITLE = "walk_card_title"
    WALK_DONE = "walk_done"
    WALK_INTRO = "walk_intro"
    WALK_LEFT_OPEN = "walk_left_open"
    WALK_PAUSED = "walk_paused"
    WALK_PLACE_KEPT = "walk_place_kept"
    WALK_POSITION = "walk_position"
    WALK_RESUMING = "walk_resuming"
    WALK_STARTING_OVER = "walk_starting_over"
    WALK_SUMMARY_ALL = "walk_summary_all"
    WALK_SUMMARY_FEW = "walk_summary_few"
    WALK_SUMMARY_MANY = "walk_summary_many"
    WALK_SUMMARY_NONE = "walk_summary_none"
    WELCOME_BACK = "welcome_back"
    WELCOME_BACK_EVENING = "welcome_back_evening"
    WELCOME_BACK_EVENING_NAMED = "welcome_back_evening_named"
    WELCOME_BACK_MORNING = "welcome_back_morning"
    WELCOME_BACK_MORNING_NAMED = "welcome_back_morning_named"
    WELCOME_BACK_NAMED = "welcome_back_named"
    WELCOME_FIRST = "welcome_first"
    WELCOME_FIRST_NAMED = "welcome_first_named"
    WELCOME_FOCUS = "welcome_focus"
    WHICH_ONE = "which_one"


PLACEHOLDERS: dict[Prompt, frozenset[str]] = {
    Prompt.CHECK_IN_ASK_TIME_WEEKLY: frozenset(["day"]),
    Prompt.CHECK_IN_CONFIRM_DAILY: frozenset(["time"]),
    Prompt.CHECK_IN_CONFIRM_WEEKLY: frozenset(["day", "time"]),
    Prompt.CHECK_IN_FORGET_LEFT: frozenset(["left"]),
    Prompt.CHECK_IN_FORGET_PARTLY: frozenset(["left", "removed"]),
    Prompt.CHECK_IN_KEPT_DAILY: frozenset(["time"]),
    Prompt.CHECK_IN_KEPT_WEEKLY: frozenset(["day", "time"]),
    Prompt.CHECK_IN_LIST_DAILY: frozenset(["time"]),
    Prompt.CHECK_IN_LIST_UNTIMED: frozenset(["name"]),
    Prompt.CHECK_IN_LIST_WEEKLY: frozenset(["day", "time"]),
    Prompt.CHECK_IN_REPLACES_DAILY: frozenset(["time"]),
    Prompt.CHECK_IN_REPLACES_WEEKLY: frozenset(["day", "time"]),
    Prompt.CHECK_IN_SET_DAILY: frozenset(["time"]),
    Prompt.CHECK_IN_SET_WEEKLY: frozenset(["day", "time"]),
    Prompt.CONFIRM_FOCUS_REPROMPT: frozenset(["title"]),
    Prompt.DAILY_PRACTICE: frozenset(["practice"]),
    Prompt.DAILY_SKILL: frozenset(["skill"]),
    Prompt.EXAMPLE_INTRO: frozenset(["title"]),
    Prompt.FOCUS_FIRST_PRACTICE: frozenset(["practice"]),
    Prompt.FOCUS_IS: frozenset(["skill"]),
    Prompt.FOCUS_SET: frozenset(["skill"]),
    Prompt.FOCUS_SUGGEST: frozenset(["skill"]),
    Prompt.FOCUS_SUGGEST_GROWTH: frozenset(["skill"]),
    Prompt.FORGET_HOUSEHOLD_LEFT: frozenset(["left"]),
    Prompt.FORGET_HOUSEHOLD_PARTLY: frozenset(["left", "removed"]),
    Prompt.HELP_CONFIRM_FOCUS: frozenset(["skill"]),
    Prompt.HELP_OFFER_RESUME: frozenset(["skill"]),
    Prompt.HELP_WALKTHROUGH: frozenset(["skill"]),
    Prompt.HINTS: frozenset(["hints"]),
    Prompt.LIST_JOIN: frozenset(["head", "last"]),
    Prompt.LIST_OR: frozenset(["head", "last"]),
    Prompt.MANTRA_INTRO_FOR: frozenset(["title"]),
    Prompt.NUMBER_OUT_OF_RANGE: frozenset(["heard"]),
    Prompt.OFFER_RESUME: frozenset(["number"]),
    Prompt.PRACTICE_MODE: frozenset(["title"]),
    Prompt.PRACTICE_MODE_OTHER: frozenset(["title"]),
    Prompt.REFLECT_ADDED: frozenset(["item"]),
    Prompt.REFLECT_ALREADY: frozenset(["item"]),
    Prompt.REFLECT_ASK_KEEP_FOCUS: frozenset(["title"]),
    Prompt.REFLECT_ASK_OTHER_SIGNS: frozenset(["when"]),
    Prompt.REFLECT_ASK_PRACTISED: frozenset(["when"]),
    Prompt.REFLECT_ASK_PRESENCE: frozenset(["title", "when"]),
    Prompt.REFLECT_ASK_PRESENCE_NO_FOCUS: frozenset(["when"]),
    Prompt.REFLECT_ASK_SIGNS: frozenset(["signs", "when"]),
    Prompt.REFLECT_FOCUS_CHANGED: frozenset(["title"]),
    Prompt.REFLECT_INTRO: frozenset(["count"]),
    Prompt.REFLECT_LOGGED: frozenset(["signs", "when"]),
    Prompt.REFLECT_SIGN_COUNT: frozenset(["count", "sign"]),
    Prompt.REFLECT_SIGN_COUNT_ONCE: frozenset(["sign"]),
    Prompt.REFLECT_SIGN_COUNT_TWICE: frozenset(["sign"]),
    Prompt.REFLECT_SIGN_NOT_MATCHED: frozenset(["signs"]),
    Prompt.REFLECT_STREAK: frozenset(["weeks"]),
    Prompt.RESUME_DECLINED: frozenset(["number"]),
    Prompt.SIGN_WHICH: frozenset(["signs"]),
    Prompt.SIGNS_LIST: frozenset(["signs"]),
    Prompt.SKILL_DESCRIBED: frozenset(["skill"]),
    Prompt.SKILL_NAMED: frozenset(["number", "title"]),
    Prompt.SKILL_NOT_MATCHED: frozenset(["heard"]),
    Prompt.SKILLS_LIST: frozenset(["skills"]),
    Prompt.SKILLS_LIST_ITEM: frozenset(["number", "title"]),
    Prompt.STRENGTH_ADDED: frozenset(["skill"]),
    Prompt.STRENGTH_REMOVED: frozenset(["skill"]),
    Prompt.SUMMARY_MOST_NOTICED: frozenset(["sign"]),
    Prompt.SUMMARY_MOST_PRACTISED: frozenset(["title"]),
    Prompt.SUMMARY_PRESENCE_MOVED: frozenset(["first", "last", "title"]),
    Prompt.SUMMARY_PRESENCE_ONE: frozenset(["last", "title"]),
    Prompt.SUMMARY_PRESENCE_STEADY: frozenset(["last", "title"]),
    Prompt.SUMMARY_WEEKS: frozenset(["count"]),
    Prompt.WALK_ASK_REPROMPT: frozenset(["title"]),
    Prompt.WALK_CARD_TITLE: frozenset(["number", "title"]),
    Prompt.WALK_PAUSED: frozenset(["number"]),
    Prompt.WALK_PLACE_KEPT: frozenset(["skill"]),
    Prompt.WALK_POSITION: frozenset(["number", "title", "total"]),
    Prompt.WALK_SUMMARY_FEW: frozenset(["skills"]),
    Prompt.WALK_SUMMARY_MANY: frozenset(["count", "skills"]),
    Prompt.WELCOME_BACK_EVENING_NAMED: frozenset(["name"]),
    Prompt.WELCOME_BACK_MORNING_NAMED: frozenset(["name"]),
    Prompt.WELCOME_BACK_NAMED: frozenset(["name"]),
    Prompt.WELCOME_FIRST_NAMED: frozenset(["name"]),
    Prompt.WELCOME_FOCUS: frozenset(["skill"]),
}
