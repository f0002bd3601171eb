"""The names of every conversational prompt; prompts.<lang>.json defines each.

Generated from prompts.en.json by `python -m secure_differentiation.tools.prompt_keys`.
A key is a plain string typed `PromptKey`, so mypy keeps a prompt's name apart from
spoken text, and importing these costs a cold start nothing (an Enum of this size took
8 ms to build). `PLACEHOLDERS` names the values a prompt may use; the content tests
check that every variant of every prompt, in every language, uses only those.
"""

from __future__ import annotations

from typing import Final, NewType

PromptKey = NewType("PromptKey", str)


class Prompt:
    """Keys into prompts.<lang>.json."""

    ABOUT_CLOSE: Final = PromptKey("about_close")
    CHECK_IN_ASK_DAY: Final = PromptKey("check_in_ask_day")
    CHECK_IN_ASK_DAY_REPROMPT: Final = PromptKey("check_in_ask_day_reprompt")
    CHECK_IN_ASK_TIME_DAILY: Final = PromptKey("check_in_ask_time_daily")
    CHECK_IN_ASK_TIME_REPROMPT: Final = PromptKey("check_in_ask_time_reprompt")
    CHECK_IN_ASK_TIME_WEEKLY: Final = PromptKey("check_in_ask_time_weekly")
    CHECK_IN_CANCEL_FAILED: Final = PromptKey("check_in_cancel_failed")
    CHECK_IN_CANCEL_NOTHING: Final = PromptKey("check_in_cancel_nothing")
    CHECK_IN_CANCEL_WHICH: Final = PromptKey("check_in_cancel_which")
    CHECK_IN_CANCEL_WHICH_REPROMPT: Final = PromptKey("check_in_cancel_which_reprompt")
    CHECK_IN_CANCELLED_DAILY: Final = PromptKey("check_in_cancelled_daily")
    CHECK_IN_CANCELLED_WEEKLY: Final = PromptKey("check_in_cancelled_weekly")
    CHECK_IN_CONFIRM_DAILY: Final = PromptKey("check_in_confirm_daily")
    CHECK_IN_CONFIRM_REPROMPT: Final = PromptKey("check_in_confirm_reprompt")
    CHECK_IN_CONFIRM_WEEKLY: Final = PromptKey("check_in_confirm_weekly")
    CHECK_IN_DEVICE_CANNOT: Final = PromptKey("check_in_device_cannot")
    CHECK_IN_DUPLICATE_LEFT: Final = PromptKey("check_in_duplicate_left")
    CHECK_IN_FAILED: Final = PromptKey("check_in_failed")
    CHECK_IN_FORGET_LEFT: Final = PromptKey("check_in_forget_left")
    CHECK_IN_FORGET_PARTLY: Final = PromptKey("check_in_forget_partly")
    CHECK_IN_HOW_TO_CANCEL_DAILY: Final = PromptKey("check_in_how_to_cancel_daily")
    CHECK_IN_HOW_TO_CANCEL_WEEKLY: Final = PromptKey("check_in_how_to_cancel_weekly")
    CHECK_IN_KEPT_DAILY: Final = PromptKey("check_in_kept_daily")
    CHECK_IN_KEPT_WEEKLY: Final = PromptKey("check_in_kept_weekly")
    CHECK_IN_LEFT: Final = PromptKey("check_in_left")
    CHECK_IN_LIST_AS_RECORDED: Final = PromptKey("check_in_list_as_recorded")
    CHECK_IN_LIST_DAILY: Final = PromptKey("check_in_list_daily")
    CHECK_IN_LIST_NONE: Final = PromptKey("check_in_list_none")
    CHECK_IN_LIST_UNREACHABLE: Final = PromptKey("check_in_list_unreachable")
    CHECK_IN_LIST_UNTIMED: Final = PromptKey("check_in_list_untimed")
    CHECK_IN_LIST_WEEKLY: Final = PromptKey("check_in_list_weekly")
    CHECK_IN_NAME_ANY: Final = PromptKey("check_in_name_any")
    CHECK_IN_NAME_DAILY: Final = PromptKey("check_in_name_daily")
    CHECK_IN_NAME_WEEKLY: Final = PromptKey("check_in_name_weekly")
    CHECK_IN_NOT_SET: Final = PromptKey("check_in_not_set")
    CHECK_IN_NOTHING_CANCELLED: Final = PromptKey("check_in_nothing_cancelled")
    CHECK_IN_ONLY_DAILY_OR_WEEKLY: Final = PromptKey("check_in_only_daily_or_weekly")
    CHECK_IN_PERMISSION_LATER: Final = PromptKey("check_in_permission_later")
    CHECK_IN_PERMISSION_THANKS: Final = PromptKey("check_in_permission_thanks")
    CHECK_IN_REMINDER_DAILY: Final = PromptKey("check_in_reminder_daily")
    CHECK_IN_REMINDER_WEEKLY: Final = PromptKey("check_in_reminder_weekly")
    CHECK_IN_REPLACES_DAILY: Final = PromptKey("check_in_replaces_daily")
    CHECK_IN_REPLACES_WEEKLY: Final = PromptKey("check_in_replaces_weekly")
    CHECK_IN_SET_DAILY: Final = PromptKey("check_in_set_daily")
    CHECK_IN_SET_WEEKLY: Final = PromptKey("check_in_set_weekly")
    CHECK_IN_UNSURE: Final = PromptKey("check_in_unsure")
    CHECK_IN_WHICH_TIME: Final = PromptKey("check_in_which_time")
    CHOOSE_FOCUS_ASK: Final = PromptKey("choose_focus_ask")
    CHOOSE_FOCUS_REPROMPT: Final = PromptKey("choose_focus_reprompt")
    CONFIRM_FOCUS_ASK: Final = PromptKey("confirm_focus_ask")
    CONFIRM_FOCUS_REPROMPT: Final = PromptKey("confirm_focus_reprompt")
    CRISIS: Final = PromptKey("crisis")
    CRISIS_CARD: Final = PromptKey("crisis_card")
    CRISIS_CARD_TITLE: Final = PromptKey("crisis_card_title")
    DAILY_CARD_TITLE: Final = PromptKey("daily_card_title")
    DAILY_CLOSE: Final = PromptKey("daily_close")
    DAILY_CLOSE_EVENING: Final = PromptKey("daily_close_evening")
    DAILY_FOCUS: Final = PromptKey("daily_focus")
    DAILY_PRACTICE: Final = PromptKey("daily_practice")
    DAILY_RELATED: Final = PromptKey("daily_related")
    DAILY_SKILL: Final = PromptKey("daily_skill")
    ERROR_APOLOGY: Final = PromptKey("error_apology")
    EXAMPLE_BACK: Final = PromptKey("example_back")
    EXAMPLE_INTRO: Final = PromptKey("example_intro")
    EXPLAIN_NEXT: Final = PromptKey("explain_next")
    EXPLAIN_WHICH: Final = PromptKey("explain_which")
    FALLBACK_GENERAL: Final = PromptKey("fallback_general")
    FALLBACK_LEAD: Final = PromptKey("fallback_lead")
    FOCUS_CARD_TITLE: Final = PromptKey("focus_card_title")
    FOCUS_FIRST_PRACTICE: Final = PromptKey("focus_first_practice")
    FOCUS_IS: Final = PromptKey("focus_is")
    FOCUS_KEPT: Final = PromptKey("focus_kept")
    FOCUS_LEFT_FOR_LATER: Final = PromptKey("focus_left_for_later")
    FOCUS_NEXT_STEP: Final = PromptKey("focus_next_step")
    FOCUS_NONE_FOR_NOW: Final = PromptKey("focus_none_for_now")
    FOCUS_NONE_YET: Final = PromptKey("focus_none_yet")
    FOCUS_OFFER_MANTRA: Final = PromptKey("focus_offer_mantra")
    FOCUS_OFFER_MANTRA_REPROMPT: Final = PromptKey("focus_offer_mantra_reprompt")
    FOCUS_SET: Final = PromptKey("focus_set")
    FOCUS_SUGGEST: Final = PromptKey("focus_suggest")
    FOCUS_SUGGEST_GROWTH: Final = PromptKey("focus_suggest_growth")
    FORGET_CANCELLED: Final = PromptKey("forget_cancelled")
    FORGET_CONFIRM: Final = PromptKey("forget_confirm")
    FORGET_CONFIRM_REPROMPT: Final = PromptKey("forget_confirm_reprompt")
    FORGET_DONE: Final = PromptKey("forget_done")
    FORGET_HOUSEHOLD_DONE: Final = PromptKey("forget_household_done")
    FORGET_HOUSEHOLD_KEPT: Final = PromptKey("forget_household_kept")
    FORGET_HOUSEHOLD_LEFT: Final = PromptKey("forget_household_left")
    FORGET_HOUSEHOLD_OFFER: Final = PromptKey("forget_household_offer")
    FORGET_HOUSEHOLD_OFFER_REPROMPT: Final = PromptKey("forget_household_offer_reprompt")
    FORGET_HOUSEHOLD_OTHER_VOICE: Final = PromptKey("forget_household_other_voice")
    FORGET_HOUSEHOLD_PARTLY: Final = PromptKey("forget_household_partly")
    FORGET_MINE_CONFIRM: Final = PromptKey("forget_mine_confirm")
    FORGET_MINE_CONFIRM_REPROMPT: Final = PromptKey("forget_mine_confirm_reprompt")
    FORGET_NOTHING_DELETED: Final = PromptKey("forget_nothing_deleted")
    FORGET_OTHER_VOICE: Final = PromptKey("forget_other_voice")
    GOODBYE: Final = PromptKey("goodbye")
    GOODBYE_AFTER_MANTRA: Final = PromptKey("goodbye_after_mantra")
    HELP_ANOTHER_MANTRA: Final = PromptKey("help_another_mantra")
    HELP_CHECK_IN_CANCEL: Final = PromptKey("help_check_in_cancel")
    HELP_CHECK_IN_CONFIRM: Final = PromptKey("help_check_in_confirm")
    HELP_CHECK_IN_DAY: Final = PromptKey("help_check_in_day")
    HELP_CHECK_IN_TIME: Final = PromptKey("help_check_in_time")
    HELP_CHOOSE_FOCUS: Final = PromptKey("help_choose_focus")
    HELP_CONFIRM_FOCUS: Final = PromptKey("help_confirm_focus")
    HELP_FORGET: Final = PromptKey("help_forget")
    HELP_FORGET_HOUSEHOLD: Final = PromptKey("help_forget_household")
    HELP_FORGET_MINE: Final = PromptKey("help_forget_mine")
    HELP_GENERAL: Final = PromptKey("help_general")
    HELP_IN_DANGER: Final = PromptKey("help_in_danger")
    HELP_LIST_SKILLS: Final = PromptKey("help_list_skills")
    HELP_MORE: Final = PromptKey("help_more")
    HELP_OFFER_MANTRA: Final = PromptKey("help_offer_mantra")
    HELP_OFFER_REFLECTION: Final = PromptKey("help_offer_reflection")
    HELP_OFFER_RESUME: Final = PromptKey("help_offer_resume")
    HELP_PRACTICE_MODE: Final = PromptKey("help_practice_mode")
    HELP_REFLECTION: Final = PromptKey("help_reflection")
    HELP_SELF_EMPATHY: Final = PromptKey("help_self_empathy")
    HELP_SELF_EMPATHY_OFFER: Final = PromptKey("help_self_empathy_offer")
    HELP_WALKTHROUGH: Final = PromptKey("help_walkthrough")
    HELP_WHICH_SIGN: Final = PromptKey("help_which_sign")
    HELP_WHICH_SKILL: Final = PromptKey("help_which_skill")
    HINTS: Final = PromptKey("hints")
    IN_DANGER_ASK: Final = PromptKey("in_danger_ask")
    IN_DANGER_REPROMPT: Final = PromptKey("in_danger_reprompt")
    INNER_THREAT_ACK: Final = PromptKey("inner_threat_ack")
    LAST_WEEK: Final = PromptKey("last_week")
    LEAVE_IT_THERE: Final = PromptKey("leave_it_there")
    LIST_JOIN: Final = PromptKey("list_join")
    LIST_OR: Final = PromptKey("list_or")
    MANTRA_BREATHE: Final = PromptKey("mantra_breathe")
    MANTRA_CARD_TITLE: Final = PromptKey("mantra_card_title")
    MANTRA_INTRO: Final = PromptKey("mantra_intro")
    MANTRA_INTRO_ANOTHER: Final = PromptKey("mantra_intro_another")
    MANTRA_INTRO_FOR: Final = PromptKey("mantra_intro_for")
    MANTRA_OFFER_ANOTHER: Final = PromptKey("mantra_offer_another")
    MANTRA_OFFER_ANOTHER_REPROMPT: Final = PromptKey("mantra_offer_another_reprompt")
    MANTRA_ONE_SHOT_CLOSE: Final = PromptKey("mantra_one_shot_close")
    MENU: Final = PromptKey("menu")
    MENU_REPROMPT: Final = PromptKey("menu_reprompt")
    MENU_SHORT: Final = PromptKey("menu_short")
    NO_QUESTION_OPEN: Final = PromptKey("no_question_open")
    NOT_SURE_LEAD: Final = PromptKey("not_sure_lead")
    NOT_THIS_QUESTION: Final = PromptKey("not_this_question")
    NOTHING_MORE: Final = PromptKey("nothing_more")
    NOTHING_TO_REPEAT: Final = PromptKey("nothing_to_repeat")
    NUMBER_NOT_HEARD: Final = PromptKey("number_not_heard")
    NUMBER_OUT_OF_RANGE: Final = PromptKey("number_out_of_range")
    NUMBER_REPROMPT: Final = PromptKey("number_reprompt")
    OFFER_RESUME: Final = PromptKey("offer_resume")
    OFFER_RESUME_REPROMPT: Final = PromptKey("offer_resume_reprompt")
    OKAY: Final = PromptKey("okay")
    ONCE_FRAGMENT: Final = PromptKey("once_fragment")
    PRACTICE_MODE: Final = PromptKey("practice_mode")
    PRACTICE_MODE_OFFER_NEXT: Final = PromptKey("practice_mode_offer_next")
    PRACTICE_MODE_OTHER: Final = PromptKey("practice_mode_other")
    PROGRESS_DAYS: Final = PromptKey("progress_days")
    PROGRESS_DAYS_AND_SELF_EMPATHY: Final = PromptKey("progress_days_and_self_empathy")
    PROGRESS_NO_PRACTICE: Final = PromptKey("progress_no_practice")
    PROGRESS_ONE_DAY: Final = PromptKey("progress_one_day")
    PROGRESS_REFLECTED: Final = PromptKey("progress_reflected")
    PROGRESS_REFLECTED_A_WHILE_AGO: Final = PromptKey("progress_reflected_a_while_ago")
    PROGRESS_SELF_EMPATHY: Final = PromptKey("progress_self_empathy")
    PROGRESS_SIGNS_FEWER: Final = PromptKey("progress_signs_fewer")
    PROGRESS_SIGNS_MORE: Final = PromptKey("progress_signs_more")
    PROGRESS_SIGNS_MOSTLY: Final = PromptKey("progress_signs_mostly")
    PROGRESS_SIGNS_NONE: Final = PromptKey("progress_signs_none")
    PROGRESS_SIGNS_NONE_THIS_WEEK: Final = PromptKey("progress_signs_none_this_week")
    PROGRESS_SIGNS_SAME: Final = PromptKey("progress_signs_same")
    PROGRESS_WEEKS_IN_A_ROW: Final = PromptKey("progress_weeks_in_a_row")
    REFLECT_ADDED: Final = PromptKey("reflect_added")
    REFLECT_AGAIN: Final = PromptKey("reflect_again")
    REFLECT_ALREADY: Final = PromptKey("reflect_already")
    REFLECT_ANY_OTHER: Final = PromptKey("reflect_any_other")
    REFLECT_ASK_CHOOSE_FOCUS: Final = PromptKey("reflect_ask_choose_focus")
    REFLECT_ASK_KEEP_FOCUS: Final = PromptKey("reflect_ask_keep_focus")
    REFLECT_ASK_OTHER_SIGNS: Final = PromptKey("reflect_ask_other_signs")
    REFLECT_ASK_PRACTISED: Final = PromptKey("reflect_ask_practised")
    REFLECT_ASK_PRESENCE: Final = PromptKey("reflect_ask_presence")
    REFLECT_ASK_PRESENCE_NO_FOCUS: Final = PromptKey("reflect_ask_presence_no_focus")
    REFLECT_ASK_SIGNS: Final = PromptKey("reflect_ask_signs")
    REFLECT_CLOSING_MANTRA: Final = PromptKey("reflect_closing_mantra")
    REFLECT_DONE: Final = PromptKey("reflect_done")
    REFLECT_FOCUS_CHANGED: Final = PromptKey("reflect_focus_changed")
    REFLECT_FOCUS_KEPT: Final = PromptKey("reflect_focus_kept")
    REFLECT_INTRO: Final = PromptKey("reflect_intro")
    REFLECT_KEPT: Final = PromptKey("reflect_kept")
    REFLECT_LATER: Final = PromptKey("reflect_later")
    REFLECT_LOGGED: Final = PromptKey("reflect_logged")
    REFLECT_MOVING_ON: Final = PromptKey("reflect_moving_on")
    REFLECT_NO_FOCUS: Final = PromptKey("reflect_no_focus")
    REFLECT_OFFER: Final = PromptKey("reflect_offer")
    REFLECT_OFFER_CONTINUE: Final = PromptKey("reflect_offer_continue")
    REFLECT_OFFER_FIRST: Final = PromptKey("reflect_offer_first")
    REFLECT_PRESENCE_NOTED: Final = PromptKey("reflect_presence_noted")
    REFLECT_PRESENCE_RANGE: Final = PromptKey("reflect_presence_range")
    REFLECT_RESUMING: Final = PromptKey("reflect_resuming")
    REFLECT_RESUMING_LAST_WEEK: Final = PromptKey("reflect_resuming_last_week")
    REFLECT_SIGN_COUNT: Final = PromptKey("reflect_sign_count")
    REFLECT_SIGN_COUNT_ONCE: Final = PromptKey("reflect_sign_count_once")
    REFLECT_SIGN_COUNT_TWICE: Final = PromptKey("reflect_sign_count_twice")
    REFLECT_SIGN_NOT_MATCHED: Final = PromptKey("reflect_sign_not_matched")
    REFLECT_SKIPPED: Final = PromptKey("reflect_skipped")
    REFLECT_STARTING_OVER: Final = PromptKey("reflect_starting_over")
    REFLECT_STREAK: Final = PromptKey("reflect_streak")
    REFLECT_TREND_DOWN: Final = PromptKey("reflect_trend_down")
    REFLECT_TREND_FIRST: Final = PromptKey("reflect_trend_first")
    REFLECT_TREND_SAME: Final = PromptKey("reflect_trend_same")
    REFLECT_TREND_UP: Final = PromptKey("reflect_trend_up")
    RESUME_DECLINED: Final = PromptKey("resume_declined")
    SELF_EMPATHY_ANOTHER_TIME: Final = PromptKey("self_empathy_another_time")
    SELF_EMPATHY_DECLINED: Final = PromptKey("self_empathy_declined")
    SELF_EMPATHY_DONE: Final = PromptKey("self_empathy_done")
    SELF_EMPATHY_GO_ON: Final = PromptKey("self_empathy_go_on")
    SELF_EMPATHY_KEPT: Final = PromptKey("self_empathy_kept")
    SELF_EMPATHY_OFFER: Final = PromptKey("self_empathy_offer")
    SELF_EMPATHY_PAUSED: Final = PromptKey("self_empathy_paused")
    SELF_EMPATHY_RESUMING: Final = PromptKey("self_empathy_resuming")
    SIGN_NOT_SURE: Final = PromptKey("sign_not_sure")
    SIGN_WHICH: Final = PromptKey("sign_which")
    SIGNS_LIST: Final = PromptKey("signs_list")
    SIGNS_LIST_CLOSE: Final = PromptKey("signs_list_close")
    SKILL_DESCRIBED: Final = PromptKey("skill_described")
    SKILL_NAMED: Final = PromptKey("skill_named")
    SKILL_NOT_MATCHED: Final = PromptKey("skill_not_matched")
    SKILLS_LIST: Final = PromptKey("skills_list")
    SKILLS_LIST_DONE: Final = PromptKey("skills_list_done")
    SKILLS_LIST_ITEM: Final = PromptKey("skills_list_item")
    SKILLS_LIST_MORE: Final = PromptKey("skills_list_more")
    STILL_HERE: Final = PromptKey("still_here")
    STRENGTH_ADDED: Final = PromptKey("strength_added")
    STRENGTH_REMOVED: Final = PromptKey("strength_removed")
    STRENGTH_WHICH: Final = PromptKey("strength_which")
    STRENGTHS_NONE_YET: Final = PromptKey("strengths_none_yet")
    SUMMARY_NONE: Final = PromptKey("summary_none")
    SUMMARY_PRESENCE_MOVED: Final = PromptKey("summary_presence_moved")
    SUMMARY_PRESENCE_ONE: Final = PromptKey("summary_presence_one")
    SUMMARY_PRESENCE_STEADY: Final = PromptKey("summary_presence_steady")
    THANKS_REPLY: Final = PromptKey("thanks_reply")
    THAT: Final = PromptKey("that")
    THIS_WEEK: Final = PromptKey("this_week")
    THREAT_CARD_TITLE: Final = PromptKey("threat_card_title")
    THREAT_CLOSE: Final = PromptKey("threat_close")
    THREAT_GENERAL_PRACTICE: Final = PromptKey("threat_general_practice")
    THREAT_MANTRA_INTRO: Final = PromptKey("threat_mantra_intro")
    THREAT_OFFER_ANOTHER: Final = PromptKey("threat_offer_another")
    THREAT_UNNAMED: Final = PromptKey("threat_unnamed")
    TIMES_FRAGMENT: Final = PromptKey("times_fragment")
    TIP_CHECK_IN: Final = PromptKey("tip_check_in")
    TIP_DAILY: Final = PromptKey("tip_daily")
    TIP_PROGRESS: Final = PromptKey("tip_progress")
    TIP_SIGN: Final = PromptKey("tip_sign")
    TIP_WALKTHROUGH: Final = PromptKey("tip_walkthrough")
    TWICE_FRAGMENT: Final = PromptKey("twice_fragment")
    WALK_ACK_NO: Final = PromptKey("walk_ack_no")
    WALK_ACK_NOT_SURE: Final = PromptKey("walk_ack_not_sure")
    WALK_ACK_SOMETIMES: Final = PromptKey("walk_ack_sometimes")
    WALK_ACK_YES: Final = PromptKey("walk_ack_yes")
    WALK_ASK: Final = PromptKey("walk_ask")
    WALK_ASK_REPROMPT: Final = PromptKey("walk_ask_reprompt")
    WALK_AT_START: Final = PromptKey("walk_at_start")
    WALK_CARD_TITLE: Final = PromptKey("walk_card_title")
    WALK_DONE: Final = PromptKey("walk_done")
    WALK_INTRO: Final = PromptKey("walk_intro")
    WALK_LEFT_OPEN: Final = PromptKey("walk_left_open")
    WALK_PAUSED: Final = PromptKey("walk_paused")
    WALK_PLACE_KEPT: Final = PromptKey("walk_place_kept")
    WALK_POSITION: Final = PromptKey("walk_position")
    WALK_RESUMING: Final = PromptKey("walk_resuming")
    WALK_STARTING_OVER: Final = PromptKey("walk_starting_over")
    WALK_SUMMARY_ALL: Final = PromptKey("walk_summary_all")
    WALK_SUMMARY_FEW: Final = PromptKey("walk_summary_few")
    WALK_SUMMARY_MANY: Final = PromptKey("walk_summary_many")
    WALK_SUMMARY_NONE: Final = PromptKey("walk_summary_none")
    WELCOME_BACK: Final = PromptKey("welcome_back")
    WELCOME_BACK_EVENING: Final = PromptKey("welcome_back_evening")
    WELCOME_BACK_EVENING_NAMED: Final = PromptKey("welcome_back_evening_named")
    WELCOME_BACK_MORNING: Final = PromptKey("welcome_back_morning")
    WELCOME_BACK_MORNING_NAMED: Final = PromptKey("welcome_back_morning_named")
    WELCOME_BACK_NAMED: Final = PromptKey("welcome_back_named")
    WELCOME_FIRST: Final = PromptKey("welcome_first")
    WELCOME_FIRST_NAMED: Final = PromptKey("welcome_first_named")
    WELCOME_FOCUS: Final = PromptKey("welcome_focus")
    WHICH_ONE: Final = PromptKey("which_one")


# Every key, for the content tests.
PROMPT_KEYS: tuple[PromptKey, ...] = (
    Prompt.ABOUT_CLOSE,
    Prompt.CHECK_IN_ASK_DAY,
    Prompt.CHECK_IN_ASK_DAY_REPROMPT,
    Prompt.CHECK_IN_ASK_TIME_DAILY,
    Prompt.CHECK_IN_ASK_TIME_REPROMPT,
    Prompt.CHECK_IN_ASK_TIME_WEEKLY,
    Prompt.CHECK_IN_CANCEL_FAILED,
    Prompt.CHECK_IN_CANCEL_NOTHING,
    Prompt.CHECK_IN_CANCEL_WHICH,
    Prompt.CHECK_IN_CANCEL_WHICH_REPROMPT,
    Prompt.CHECK_IN_CANCELLED_DAILY,
    Prompt.CHECK_IN_CANCELLED_WEEKLY,
    Prompt.CHECK_IN_CONFIRM_DAILY,
    Prompt.CHECK_IN_CONFIRM_REPROMPT,
    Prompt.CHECK_IN_CONFIRM_WEEKLY,
    Prompt.CHECK_IN_DEVICE_CANNOT,
    Prompt.CHECK_IN_DUPLICATE_LEFT,
    Prompt.CHECK_IN_FAILED,
    Prompt.CHECK_IN_FORGET_LEFT,
    Prompt.CHECK_IN_FORGET_PARTLY,
    Prompt.CHECK_IN_HOW_TO_CANCEL_DAILY,
    Prompt.CHECK_IN_HOW_TO_CANCEL_WEEKLY,
    Prompt.CHECK_IN_KEPT_DAILY,
    Prompt.CHECK_IN_KEPT_WEEKLY,
    Prompt.CHECK_IN_LEFT,
    Prompt.CHECK_IN_LIST_AS_RECORDED,
    Prompt.CHECK_IN_LIST_DAILY,
    Prompt.CHECK_IN_LIST_NONE,
    Prompt.CHECK_IN_LIST_UNREACHABLE,
    Prompt.CHECK_IN_LIST_UNTIMED,
    Prompt.CHECK_IN_LIST_WEEKLY,
    Prompt.CHECK_IN_NAME_ANY,
    Prompt.CHECK_IN_NAME_DAILY,
    Prompt.CHECK_IN_NAME_WEEKLY,
    Prompt.CHECK_IN_NOT_SET,
    Prompt.CHECK_IN_NOTHING_CANCELLED,
    Prompt.CHECK_IN_ONLY_DAILY_OR_WEEKLY,
    Prompt.CHECK_IN_PERMISSION_LATER,
    Prompt.CHECK_IN_PERMISSION_THANKS,
    Prompt.CHECK_IN_REMINDER_DAILY,
    Prompt.CHECK_IN_REMINDER_WEEKLY,
    Prompt.CHECK_IN_REPLACES_DAILY,
    Prompt.CHECK_IN_REPLACES_WEEKLY,
    Prompt.CHECK_IN_SET_DAILY,
    Prompt.CHECK_IN_SET_WEEKLY,
    Prompt.CHECK_IN_UNSURE,
    Prompt.CHECK_IN_WHICH_TIME,
    Prompt.CHOOSE_FOCUS_ASK,
    Prompt.CHOOSE_FOCUS_REPROMPT,
    Prompt.CONFIRM_FOCUS_ASK,
    Prompt.CONFIRM_FOCUS_REPROMPT,
    Prompt.CRISIS,
    Prompt.CRISIS_CARD,
    Prompt.CRISIS_CARD_TITLE,
    Prompt.DAILY_CARD_TITLE,
    Prompt.DAILY_CLOSE,
    Prompt.DAILY_CLOSE_EVENING,
    Prompt.DAILY_FOCUS,
    Prompt.DAILY_PRACTICE,
    Prompt.DAILY_RELATED,
    Prompt.DAILY_SKILL,
    Prompt.ERROR_APOLOGY,
    Prompt.EXAMPLE_BACK,
    Prompt.EXAMPLE_INTRO,
    Prompt.EXPLAIN_NEXT,
    Prompt.EXPLAIN_WHICH,
    Prompt.FALLBACK_GENERAL,
    Prompt.FALLBACK_LEAD,
    Prompt.FOCUS_CARD_TITLE,
    Prompt.FOCUS_FIRST_PRACTICE,
    Prompt.FOCUS_IS,
    Prompt.FOCUS_KEPT,
    Prompt.FOCUS_LEFT_FOR_LATER,
    Prompt.FOCUS_NEXT_STEP,
    Prompt.FOCUS_NONE_FOR_NOW,
    Prompt.FOCUS_NONE_YET,
    Prompt.FOCUS_OFFER_MANTRA,
    Prompt.FOCUS_OFFER_MANTRA_REPROMPT,
    Prompt.FOCUS_SET,
    Prompt.FOCUS_SUGGEST,
    Prompt.FOCUS_SUGGEST_GROWTH,
    Prompt.FORGET_CANCELLED,
    Prompt.FORGET_CONFIRM,
    Prompt.FORGET_CONFIRM_REPROMPT,
    Prompt.FORGET_DONE,
    Prompt.FORGET_HOUSEHOLD_DONE,
    Prompt.FORGET_HOUSEHOLD_KEPT,
    Prompt.FORGET_HOUSEHOLD_LEFT,
    Prompt.FORGET_HOUSEHOLD_OFFER,
    Prompt.FORGET_HOUSEHOLD_OFFER_REPROMPT,
    Prompt.FORGET_HOUSEHOLD_OTHER_VOICE,
    Prompt.FORGET_HOUSEHOLD_PARTLY,
    Prompt.FORGET_MINE_CONFIRM,
    Prompt.FORGET_MINE_CONFIRM_REPROMPT,
    Prompt.FORGET_NOTHING_DELETED,
    Prompt.FORGET_OTHER_VOICE,
    Prompt.GOODBYE,
    Prompt.GOODBYE_AFTER_MANTRA,
    Prompt.HELP_ANOTHER_MANTRA,
    Prompt.HELP_CHECK_IN_CANCEL,
    Prompt.HELP_CHECK_IN_CONFIRM,
    Prompt.HELP_CHECK_IN_DAY,
    Prompt.HELP_CHECK_IN_TIME,
    Prompt.HELP_CHOOSE_FOCUS,
    Prompt.HELP_CONFIRM_FOCUS,
    Prompt.HELP_FORGET,
    Prompt.HELP_FORGET_HOUSEHOLD,
    Prompt.HELP_FORGET_MINE,
    Prompt.HELP_GENERAL,
    Prompt.HELP_IN_DANGER,
    Prompt.HELP_LIST_SKILLS,
    Prompt.HELP_MORE,
    Prompt.HELP_OFFER_MANTRA,
    Prompt.HELP_OFFER_REFLECTION,
    Prompt.HELP_OFFER_RESUME,
    Prompt.HELP_PRACTICE_MODE,
    Prompt.HELP_REFLECTION,
    Prompt.HELP_SELF_EMPATHY,
    Prompt.HELP_SELF_EMPATHY_OFFER,
    Prompt.HELP_WALKTHROUGH,
    Prompt.HELP_WHICH_SIGN,
    Prompt.HELP_WHICH_SKILL,
    Prompt.HINTS,
    Prompt.IN_DANGER_ASK,
    Prompt.IN_DANGER_REPROMPT,
    Prompt.INNER_THREAT_ACK,
    Prompt.LAST_WEEK,
    Prompt.LEAVE_IT_THERE,
    Prompt.LIST_JOIN,
    Prompt.LIST_OR,
    Prompt.MANTRA_BREATHE,
    Prompt.MANTRA_CARD_TITLE,
    Prompt.MANTRA_INTRO,
    Prompt.MANTRA_INTRO_ANOTHER,
    Prompt.MANTRA_INTRO_FOR,
    Prompt.MANTRA_OFFER_ANOTHER,
    Prompt.MANTRA_OFFER_ANOTHER_REPROMPT,
    Prompt.MANTRA_ONE_SHOT_CLOSE,
    Prompt.MENU,
    Prompt.MENU_REPROMPT,
    Prompt.MENU_SHORT,
    Prompt.NO_QUESTION_OPEN,
    Prompt.NOT_SURE_LEAD,
    Prompt.NOT_THIS_QUESTION,
    Prompt.NOTHING_MORE,
    Prompt.NOTHING_TO_REPEAT,
    Prompt.NUMBER_NOT_HEARD,
    Prompt.NUMBER_OUT_OF_RANGE,
    Prompt.NUMBER_REPROMPT,
    Prompt.OFFER_RESUME,
    Prompt.OFFER_RESUME_REPROMPT,
    Prompt.OKAY,
    Prompt.ONCE_FRAGMENT,
    Prompt.PRACTICE_MODE,
    Prompt.PRACTICE_MODE_OFFER_NEXT,
    Prompt.PRACTICE_MODE_OTHER,
    Prompt.PROGRESS_DAYS,
    Prompt.PROGRESS_DAYS_AND_SELF_EMPATHY,
    Prompt.PROGRESS_NO_PRACTICE,
    Prompt.PROGRESS_ONE_DAY,
    Prompt.PROGRESS_REFLECTED,
    Prompt.PROGRESS_REFLECTED_A_WHILE_AGO,
    Prompt.PROGRESS_SELF_EMPATHY,
    Prompt.PROGRESS_SIGNS_FEWER,
    Prompt.PROGRESS_SIGNS_MORE,
    Prompt.PROGRESS_SIGNS_MOSTLY,
    Prompt.PROGRESS_SIGNS_NONE,
    Prompt.PROGRESS_SIGNS_NONE_THIS_WEEK,
    Prompt.PROGRESS_SIGNS_SAME,
    Prompt.PROGRESS_WEEKS_IN_A_ROW,
    Prompt.REFLECT_ADDED,
    Prompt.REFLECT_AGAIN,
    Prompt.REFLECT_ALREADY,
    Prompt.REFLECT_ANY_OTHER,
    Prompt.REFLECT_ASK_CHOOSE_FOCUS,
    Prompt.REFLECT_ASK_KEEP_FOCUS,
    Prompt.REFLECT_ASK_OTHER_SIGNS,
    Prompt.REFLECT_ASK_PRACTISED,
    Prompt.REFLECT_ASK_PRESENCE,
    Prompt.REFLECT_ASK_PRESENCE_NO_FOCUS,
    Prompt.REFLECT_ASK_SIGNS,
    Prompt.REFLECT_CLOSING_MANTRA,
    Prompt.REFLECT_DONE,
    Prompt.REFLECT_FOCUS_CHANGED,
    Prompt.REFLECT_FOCUS_KEPT,
    Prompt.REFLECT_INTRO,
    Prompt.REFLECT_KEPT,
    Prompt.REFLECT_LATER,
    Prompt.REFLECT_LOGGED,
    Prompt.REFLECT_MOVING_ON,
    Prompt.REFLECT_NO_FOCUS,
    Prompt.REFLECT_OFFER,
    Prompt.REFLECT_OFFER_CONTINUE,
    Prompt.REFLECT_OFFER_FIRST,
    Prompt.REFLECT_PRESENCE_NOTED,
    Prompt.REFLECT_PRESENCE_RANGE,
    Prompt.REFLECT_RESUMING,
    Prompt.REFLECT_RESUMING_LAST_WEEK,
    Prompt.REFLECT_SIGN_COUNT,
    Prompt.REFLECT_SIGN_COUNT_ONCE,
    Prompt.REFLECT_SIGN_COUNT_TWICE,
    Prompt.REFLECT_SIGN_NOT_MATCHED,
    Prompt.REFLECT_SKIPPED,
    Prompt.REFLECT_STARTING_OVER,
    Prompt.REFLECT_STREAK,
    Prompt.REFLECT_TREND_DOWN,
    Prompt.REFLECT_TREND_FIRST,
    Prompt.REFLECT_TREND_SAME,
    Prompt.REFLECT_TREND_UP,
    Prompt.RESUME_DECLINED,
    Prompt.SELF_EMPATHY_ANOTHER_TIME,
    Prompt.SELF_EMPATHY_DECLINED,
    Prompt.SELF_EMPATHY_DONE,
    Prompt.SELF_EMPATHY_GO_ON,
    Prompt.SELF_EMPATHY_KEPT,
    Prompt.SELF_EMPATHY_OFFER,
    Prompt.SELF_EMPATHY_PAUSED,
    Prompt.SELF_EMPATHY_RESUMING,
    Prompt.SIGN_NOT_SURE,
    Prompt.SIGN_WHICH,
    Prompt.SIGNS_LIST,
    Prompt.SIGNS_LIST_CLOSE,
    Prompt.SKILL_DESCRIBED,
    Prompt.SKILL_NAMED,
    Prompt.SKILL_NOT_MATCHED,
    Prompt.SKILLS_LIST,
    Prompt.SKILLS_LIST_DONE,
    Prompt.SKILLS_LIST_ITEM,
    Prompt.SKILLS_LIST_MORE,
    Prompt.STILL_HERE,
    Prompt.STRENGTH_ADDED,
    Prompt.STRENGTH_REMOVED,
    Prompt.STRENGTH_WHICH,
    Prompt.STRENGTHS_NONE_YET,
    Prompt.SUMMARY_NONE,
    Prompt.SUMMARY_PRESENCE_MOVED,
    Prompt.SUMMARY_PRESENCE_ONE,
    Prompt.SUMMARY_PRESENCE_STEADY,
    Prompt.THANKS_REPLY,
    Prompt.THAT,
    Prompt.THIS_WEEK,
    Prompt.THREAT_CARD_TITLE,
    Prompt.THREAT_CLOSE,
    Prompt.THREAT_GENERAL_PRACTICE,
    Prompt.THREAT_MANTRA_INTRO,
    Prompt.THREAT_OFFER_ANOTHER,
    Prompt.THREAT_UNNAMED,
    Prompt.TIMES_FRAGMENT,
    Prompt.TIP_CHECK_IN,
    Prompt.TIP_DAILY,
    Prompt.TIP_PROGRESS,
    Prompt.TIP_SIGN,
    Prompt.TIP_WALKTHROUGH,
    Prompt.TWICE_FRAGMENT,
    Prompt.WALK_ACK_NO,
    Prompt.WALK_ACK_NOT_SURE,
    Prompt.WALK_ACK_SOMETIMES,
    Prompt.WALK_ACK_YES,
    Prompt.WALK_ASK,
    Prompt.WALK_ASK_REPROMPT,
    Prompt.WALK_AT_START,
    Prompt.WALK_CARD_TITLE,
    Prompt.WALK_DONE,
    Prompt.WALK_INTRO,
    Prompt.WALK_LEFT_OPEN,
    Prompt.WALK_PAUSED,
    Prompt.WALK_PLACE_KEPT,
    Prompt.WALK_POSITION,
    Prompt.WALK_RESUMING,
    Prompt.WALK_STARTING_OVER,
    Prompt.WALK_SUMMARY_ALL,
    Prompt.WALK_SUMMARY_FEW,
    Prompt.WALK_SUMMARY_MANY,
    Prompt.WALK_SUMMARY_NONE,
    Prompt.WELCOME_BACK,
    Prompt.WELCOME_BACK_EVENING,
    Prompt.WELCOME_BACK_EVENING_NAMED,
    Prompt.WELCOME_BACK_MORNING,
    Prompt.WELCOME_BACK_MORNING_NAMED,
    Prompt.WELCOME_BACK_NAMED,
    Prompt.WELCOME_FIRST,
    Prompt.WELCOME_FIRST_NAMED,
    Prompt.WELCOME_FOCUS,
    Prompt.WHICH_ONE,
)

PLACEHOLDERS: dict[PromptKey, frozenset[str]] = {
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
    Prompt.DAILY_FOCUS: frozenset(["skill"]),
    Prompt.DAILY_PRACTICE: frozenset(["practice"]),
    Prompt.DAILY_RELATED: frozenset(["skill"]),
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
    Prompt.PROGRESS_DAYS: frozenset(["days"]),
    Prompt.PROGRESS_DAYS_AND_SELF_EMPATHY: frozenset(["days", "times"]),
    Prompt.PROGRESS_REFLECTED: frozenset(["when"]),
    Prompt.PROGRESS_SELF_EMPATHY: frozenset(["times"]),
    Prompt.PROGRESS_SIGNS_FEWER: frozenset(["this"]),
    Prompt.PROGRESS_SIGNS_MORE: frozenset(["this"]),
    Prompt.PROGRESS_SIGNS_MOSTLY: frozenset(["sign"]),
    Prompt.PROGRESS_SIGNS_NONE_THIS_WEEK: frozenset(["last"]),
    Prompt.PROGRESS_SIGNS_SAME: frozenset(["this"]),
    Prompt.PROGRESS_WEEKS_IN_A_ROW: frozenset(["weeks"]),
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
    Prompt.SUMMARY_PRESENCE_MOVED: frozenset(["first", "last", "title"]),
    Prompt.SUMMARY_PRESENCE_ONE: frozenset(["last", "title"]),
    Prompt.SUMMARY_PRESENCE_STEADY: frozenset(["last", "title"]),
    Prompt.TIMES_FRAGMENT: frozenset(["count"]),
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
