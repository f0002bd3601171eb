"""`secure-differentiation`: talk to the skill in a console, serve it as a webservice,
create its DynamoDB table, or package it for AWS Lambda."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

DEFAULT_CONSOLE_USER = "amzn1.ask.account.LOCAL-CONSOLE-USER"


def _chat(args: argparse.Namespace) -> int:
    from ..hosts import default_skill
    from ..skill import invoke
    from .alexa_stand_in import AlexaStandIn
    from .console import DEVICE_ID, ConsoleClock, local_time_zone, run_console

    _console_logging(args.log_level)
    zone = args.time_zone or local_time_zone()
    start = None
    if args.now is not None:  # a wall-clock time in the device's zone, or with an offset
        start = args.now if args.now.tzinfo else args.now.replace(tzinfo=ZoneInfo(zone))
    clock = ConsoleClock(start)
    skill = default_skill()

    def send(event: dict[str, Any]) -> dict[str, Any]:
        return invoke(skill, event)

    interactive = sys.stdin.isatty() if args.interactive is None else args.interactive
    # Alexa's Reminders and Settings APIs, on loopback: check-ins work with no network.
    with AlexaStandIn({DEVICE_ID: zone}, clock=clock, state_path=_reminders_path()) as alexa:
        run_console(
            send,
            user_id=args.user_id,
            locale=args.locale,
            input_stream=sys.stdin,
            output_stream=sys.stdout,
            interactive=interactive,
            clock=clock,
            alexa=alexa,
            time_zone=zone,
            screen=args.screen,
            person_id=args.person,
        )
    return 0


def _console_logging(level: str | None) -> None:
    """Log lines stay out of the console's transcript unless asked for (option or LOG_LEVEL)."""
    chosen = level or os.environ.get("LOG_LEVEL")
    if chosen:
        logging.getLogger().setLevel(chosen.upper())
    else:
        logging.disable(logging.CRITICAL)


def _reminders_path() -> Path:
    """Where the console's stand-in keeps reminders between runs: beside the SQLite file."""
    from ..skill.persistence.factory import DB_PATH_VARIABLE, default_db_path

    configured = os.environ.get(DB_PATH_VARIABLE, "").strip()
    database = Path(configured).expanduser() if configured else default_db_path()
    return database.with_name("console-reminders.json")


def _time_zone(text: str) -> str:
    from ..skill.domain.clock import zone_or_none

    if zone_or_none(text) is None:
        raise argparse.ArgumentTypeError(f"{text} is not an IANA time zone, e.g. Europe/London")
    return text


def _person_id(text: str) -> str:
    from ..skill.persistence.base import is_person_id

    if not is_person_id(text):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a personId as Alexa sends one, e.g. amzn1.ask.person.ANNA"
        )
    return text


def _moment(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text} is not a date and time, e.g. 2026-11-23T07:55"
        ) from None


def _serve(args: argparse.Namespace) -> int:
    from ..hosts import default_skill
    from ..hosts.verification import AbstractVerifier, RequestVerifier, SkillIdVerifier
    from ..hosts.webservice import ServerLimits, create_app, create_server
    from ..skill import invoke

    skill_id = os.environ.get("SKILL_ID") or None
    verifier: AbstractVerifier | None
    if args.insecure_skip_verification:
        print(
            "WARNING: request signature verification is OFF. Anyone who can reach this "
            "port can call the skill as any user. Use this on your own machine only.",
            file=sys.stderr,
        )
        verifier = SkillIdVerifier(skill_id) if skill_id else None
    else:
        verifier = RequestVerifier(skill_id=skill_id)
    skill = default_skill()
    app = create_app(lambda event: invoke(skill, event), verifier)
    chosen = {
        "connection_limit": args.connection_limit,
        "idle_timeout_seconds": args.idle_timeout,
        "request_timeout_seconds": args.request_timeout,
        "max_connections_per_client": args.max_connections_per_client,
    }
    limits = ServerLimits(**{name: value for name, value in chosen.items() if value is not None})
    server = create_server(app, host=args.host, port=args.port, threads=args.threads, limits=limits)
    print(
        f"Serving on http://{args.host}:{server.effective_port}/ (waitress; "
        f"{limits.connection_limit} connections, {limits.max_connections_per_client} per "
        f"client, idle {limits.idle_timeout_seconds} s, "
        f"request {limits.request_timeout_seconds:g} s)",
        file=sys.stderr,
    )
    try:
        server.run()
    finally:
        server.task_dispatcher.shutdown()
    return 0


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not a positive number")
    return value


def _positive_float(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"{text} is not a positive number")
    return value


def _create_table(args: argparse.Namespace) -> int:
    from ..skill.persistence.dynamodb import create_table

    table = args.table_name or os.environ.get("SKILL_TABLE_NAME")
    if not table:
        print("Set SKILL_TABLE_NAME or pass --table-name.", file=sys.stderr)
        return 2
    created = create_table(table_name=table)
    if created:
        print(f"Created table {table}.")
    else:  # a table from before households has just been given its index
        print(f"Table {table} already exists; its household index is in place.")
    return 0


def _package(args: argparse.Namespace) -> int:
    from .packaging import PackagingError, build_lambda_zip

    try:
        report = build_lambda_zip(Path(args.output))
    except PackagingError as error:
        print(f"Cannot build the Lambda package: {error}", file=sys.stderr)
        return 1
    print("\n".join(report.lines()))
    return 0


def build_parser() -> argparse.ArgumentParser:
    from .nlu import available_locales

    parser = argparse.ArgumentParser(prog="secure-differentiation", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    chat = commands.add_parser("chat", help="talk to the skill in a text console")
    chat.add_argument("--user-id", default=DEFAULT_CONSOLE_USER, help="the Alexa userId to use")
    chat.add_argument(
        "--person",
        type=_person_id,
        metavar="ID",
        help="speak as a voice Alexa recognises: its personId, e.g. amzn1.ask.person.ANNA "
        "(each keeps their own practice on the account; default: an unrecognised voice, "
        "which keeps the account's shared one)",
    )
    chat.add_argument(
        "--locale",
        default="en-US",
        choices=available_locales(),
        help="the Alexa locale to speak as (one per interaction model; default en-US)",
    )
    chat.add_argument(
        "--time-zone",
        type=_time_zone,
        default=None,
        help="the device's IANA time zone (default: this machine's, else UTC)",
    )
    chat.add_argument(
        "--now",
        type=_moment,
        help="start the console's clock here (local time, e.g. 2026-11-23T07:55); "
        "it then moves only with /an hour later, /next day, /next week, /later N hours",
    )
    chat.add_argument(
        "--log-level",
        choices=("DEBUG", "INFO", "WARNING", "ERROR"),
        help="show the skill's log lines at this level on standard error (default: none)",
    )
    mode = chat.add_mutually_exclusive_group()
    mode.add_argument(
        "--interactive",
        dest="interactive",
        action="store_true",
        default=None,
        help="prompt for input (the default at a terminal)",
    )
    mode.add_argument(
        "--non-interactive",
        dest="interactive",
        action="store_false",
        help="read one utterance per line from stdin, as a script",
    )
    chat.add_argument(
        "--screen",
        action="store_true",
        help="be a device with a screen (an Echo Show 8): print each APL screen and its words",
    )
    chat.set_defaults(run=_chat)

    serve = commands.add_parser("serve", help="run the skill as a webservice")
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )
    serve.add_argument("--port", type=int, default=8080, help="port to listen on (default 8080)")
    serve.add_argument("--threads", type=int, default=8, help="worker threads (waitress)")
    # Defaults live in hosts/webservice.py (ServerLimits), which imports Flask and waitress:
    # too heavy to import for every command, so they are restated in the help only.
    serve.add_argument(
        "--connection-limit",
        type=_positive_int,
        help="open connections in all; more wait to be accepted (default 500)",
    )
    serve.add_argument(
        "--max-connections-per-client",
        type=_positive_int,
        help="open connections from one address, loopback (a local proxy) excepted (default 50)",
    )
    serve.add_argument(
        "--idle-timeout",
        type=_positive_int,
        help="seconds a connection may send nothing before it is closed (default 10)",
    )
    serve.add_argument(
        "--request-timeout",
        type=_positive_float,
        help="seconds from a request's first byte until all of it has arrived (default 5)",
    )
    serve.add_argument(
        "--insecure-skip-verification",
        action="store_true",
        help="DEVELOPMENT ONLY: accept requests without checking they come from Alexa",
    )
    serve.set_defaults(run=_serve)

    table = commands.add_parser("create-table", help="create the DynamoDB table")
    table.add_argument("--table-name", help="defaults to SKILL_TABLE_NAME")
    table.set_defaults(run=_create_table)

    package = commands.add_parser("package", help="build the Lambda zip, reproducibly")
    package.add_argument(
        "--output", default="build/lambda.zip", help="where to write it (the template's CodeUri)"
    )
    package.set_defaults(run=_package)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "WARNING"))
    args = build_parser().parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":
    raise SystemExit(main())
