"""The benchmark's peer: a small guessing-game skill of the ASK SDK samples' shape.

It is built the way the SDK's HighLowGame sample is: `StandardSkillBuilder`
with its DynamoDB persistence adapter, asked to create its table if it is
missing (so every cold start tries a CreateTable first), handlers registered
with decorators, one catch-all exception handler and a response interceptor
that logs each response. On launch it reads the player's persistent
attributes and greets them with what it found.

benchmarks/run.py installs requirements.txt next to this file with
`pip install -t`, as the ASK CLI builds a Python skill, and times its first
launch against the project's. Nothing here is deployed or imported by the
project; the table name comes from PEER_TABLE_NAME.
"""

import os
import random

from ask_sdk.standard import StandardSkillBuilder
from ask_sdk_core.utils import is_intent_name, is_request_type

builder = StandardSkillBuilder(
    table_name=os.environ.get("PEER_TABLE_NAME", "guessing-game"), auto_create_table=True
)


@builder.request_handler(can_handle_func=is_request_type("LaunchRequest"))
def on_launch(handler_input):
    stored = handler_input.attributes_manager.persistent_attributes
    if not stored:
        stored.update({"sessions_ended": 0, "rounds_played": 0, "state": "IDLE"})
    handler_input.attributes_manager.session_attributes = stored
    speech = (
        f"Welcome to the guessing game. You have played {stored['rounds_played']} rounds. "
        "Shall we play one?"
    )
    return handler_input.response_builder.speak(speech).ask("Say yes or no.").response


def _in_a_round(handler_input):
    return handler_input.attributes_manager.session_attributes.get("state") == "PLAYING"


@builder.request_handler(
    can_handle_func=lambda i: not _in_a_round(i) and is_intent_name("AMAZON.YesIntent")(i)
)
def on_yes(handler_input):
    session = handler_input.attributes_manager.session_attributes
    session.update({"state": "PLAYING", "secret": random.randint(0, 100), "guesses": 0})
    return handler_input.response_builder.speak("Pick a number.").ask("Pick a number.").response


@builder.request_handler(
    can_handle_func=lambda i: not _in_a_round(i) and is_intent_name("AMAZON.NoIntent")(i)
)
def on_no(handler_input):
    manager = handler_input.attributes_manager
    manager.session_attributes["sessions_ended"] += 1
    manager.persistent_attributes = manager.session_attributes
    manager.save_persistent_attributes()
    return handler_input.response_builder.speak("See you next time.").response


@builder.request_handler(
    can_handle_func=lambda i: _in_a_round(i) and is_intent_name("NumberGuessIntent")(i)
)
def on_guess(handler_input):
    manager = handler_input.attributes_manager
    session = manager.session_attributes
    guess = int(handler_input.request_envelope.request.intent.slots["number"].value)
    session["guesses"] += 1
    if guess == session["secret"]:
        session.update({"state": "IDLE", "rounds_played": session["rounds_played"] + 1})
        manager.persistent_attributes = session
        manager.save_persistent_attributes()
        speech = f"{guess} it is, in {session['guesses']} guesses. Another round?"
    else:
        speech = f"{guess} is too {'high' if guess > session['secret'] else 'low'}."
    return handler_input.response_builder.speak(speech).ask("Guess again.").response


@builder.request_handler(can_handle_func=is_intent_name("AMAZON.HelpIntent"))
def on_help(handler_input):
    speech = "I think of a number up to one hundred and you guess it."
    return handler_input.response_builder.speak(speech).ask("Pick a number.").response


@builder.request_handler(
    can_handle_func=lambda i: (
        is_intent_name("AMAZON.StopIntent")(i) or is_intent_name("AMAZON.CancelIntent")(i)
    )
)
def on_stop(handler_input):
    return handler_input.response_builder.speak("Goodbye.").set_should_end_session(True).response


@builder.request_handler(can_handle_func=is_request_type("SessionEndedRequest"))
def on_session_ended(handler_input):
    return handler_input.response_builder.response


@builder.request_handler(can_handle_func=lambda i: True)
def on_anything_else(handler_input):
    speech = "Say yes to play, or no to stop."
    return handler_input.response_builder.speak(speech).ask(speech).response


@builder.exception_handler(can_handle_func=lambda i, e: True)
def on_error(handler_input, exception):
    print(f"Failed: {exception}")
    speech = "Sorry, I did not get that."
    return handler_input.response_builder.speak(speech).ask(speech).response


@builder.global_response_interceptor()
def log_response(handler_input, response):
    print(f"Response: {response}")


lambda_handler = builder.lambda_handler()
