"""The `secure-differentiation` command as a newcomer meets it: help, the console, a wheel.

Each test runs the real command in a child process, the way a person types it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from secure_differentiation.skill.content import content_for
from secure_differentiation.skill.features.self_empathy import PART_SECONDS

ROOT = Path(__file__).resolve().parents[2]
CLI = Path(sys.executable).parent / "secure-differentiation"
TIMEOUT_SECONDS = 120


def run(
    *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CLI), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
        env=env or os.environ.copy(),
    )


def test_top_level_help_names_every_command() -> None:
    shown = run("--help")
    assert shown.returncode == 0
    for command in ("chat", "serve", "create-table", "package"):
        assert command in shown.stdout
    assert "package it for AWS Lambda" in shown.stdout


@pytest.mark.parametrize(
    ("command", "option"), [("chat", "--locale"), ("serve", "--host"), ("serve", "--port")]
)
def test_every_option_says_what_it_does(command: str, option: str) -> None:
    shown = run(command, "--help").stdout
    line = next(line for line in shown.splitlines() if line.strip().startswith(option))
    described = line.split(option, 1)[1].strip()
    assert described and not described.isupper(), f"{option} has no help: {line!r}"


def test_chat_with_nothing_on_standard_input_says_how_to_use_it(tmp_path: Path) -> None:
    env = {**os.environ, "SKILL_DB_PATH": str(tmp_path / "skill.sqlite3")}
    said = run("chat", "--non-interactive", env=env)
    assert said.returncode == 0, said.stderr
    assert "one utterance per line" in said.stdout


def test_chat_in_a_locale_without_a_model_is_refused_clearly() -> None:
    refused = run("chat", "--locale", "fr-FR")
    assert refused.returncode == 2
    assert "invalid choice: 'fr-FR'" in refused.stderr and "en-GB" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_a_wheel_installed_elsewhere_chats_with_its_own_model(tmp_path: Path) -> None:
    """A non-editable install has the console's interaction models too (pyproject data-files)."""
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path / "dist"), str(ROOT)],
        capture_output=True, text=True, timeout=TIMEOUT_SECONDS,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp_path / "dist").glob("secure_differentiation-*.whl")
    target = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(target)
    python = target / "bin" / "python"
    installed = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q",
         str(wheel)],
        capture_output=True, text=True, timeout=TIMEOUT_SECONDS,
    )  # fmt: skip
    assert installed.returncode == 0, installed.stderr
    # Its dependencies come from this environment; the package and its data from the wheel.
    dependencies = next(p for p in map(Path, sys.path) if p.name == "site-packages")
    env = {
        **os.environ,
        "PYTHONPATH": str(dependencies),
        "SKILL_DB_PATH": str(tmp_path / "skill.sqlite3"),
    }
    env.pop("SKILL_MODELS_DIR", None)
    chatted = subprocess.run(
        [str(target / "bin" / "secure-differentiation"), "chat", "--non-interactive"],
        input="open secure differentiation\ngive me a mantra\n",
        capture_output=True, text=True, timeout=TIMEOUT_SECONDS, env=env, cwd=tmp_path,
    )  # fmt: skip
    assert chatted.returncode == 0, chatted.stderr
    assert "Welcome" in chatted.stdout and "mantra" in chatted.stdout.lower()
    assert "I didn't catch that" not in chatted.stdout and "didn't follow" not in chatted.stdout
    where = subprocess.run(
        [str(python), "-c", "import secure_differentiation.tools.nlu as n; print(n.models_dir())"],
        capture_output=True, text=True, timeout=TIMEOUT_SECONDS, env=env, cwd=tmp_path,
    )  # fmt: skip
    assert where.stdout.strip().startswith(str(target)), where.stdout


@pytest.mark.parametrize(
    ("locale", "line"), [("en-GB", "nine nine nine"), ("en-IN", "one one two")]
)
def test_the_console_answers_a_crisis_with_the_locales_help_lines(
    tmp_path: Path, locale: str, line: str
) -> None:
    env = {**os.environ, "SKILL_DB_PATH": str(tmp_path / "skill.sqlite3")}
    said = run(
        "chat", "--non-interactive", "--locale", locale, stdin="I don't want to be alive\n", env=env
    )
    assert said.returncode == 0, said.stderr
    assert line in said.stdout.lower() and "mantra" not in said.stdout.lower()


def test_chat_sets_lists_moves_rings_and_cancels_a_check_in_with_no_network(
    tmp_path: Path,
) -> None:
    """The console's own Alexa stand-in answers on loopback; anything else would fail.

    Every other address is sent to a proxy that does not exist, so a call to
    Amazon would end in an apology. Log lines stay out of the transcript.
    """
    env = {
        **os.environ,
        "SKILL_DB_PATH": str(tmp_path / "skill.sqlite3"),
        "https_proxy": "http://127.0.0.1:9",
        "http_proxy": "http://127.0.0.1:9",
        "no_proxy": "127.0.0.1,localhost",
    }
    env.pop("LOG_LEVEL", None)
    options = ("chat", "--non-interactive", "--time-zone", "Europe/London")
    first = run(
        *options,
        "--now",
        "2026-11-23T07:30",
        stdin="open secure differentiation\nremind me every day at 8 am\nyes\n"
        "/next day\nask secure differentiation to move my daily check-in to 9\nyes\n",
        env=env,
    )
    assert first.returncode == 0, first.stderr
    assert "Sorry" not in first.stdout and first.stderr == "", first.stderr
    assert "[reminder rings, Mon 23 Nov 2026, 8:00 AM:" in first.stdout
    assert "every day at 9 AM" in first.stdout
    # A later run finds the check-in kept, by Alexa's stand-in as by the record.
    second = run(
        *options,
        "--now",
        "2026-11-25T07:30",
        stdin="what check-ins do i have\n/an hour later\n/an hour later\n"
        "cancel my daily check-in\n/next day\n",
        env=env,
    )
    assert second.returncode == 0, second.stderr
    lines = second.stdout.splitlines()
    assert "alexa> Your daily check-in is at 9 AM." in lines or any(
        "daily check-in at 9 AM" in line for line in lines
    ), second.stdout
    assert sum("[reminder rings, Wed 25 Nov 2026, 9:00 AM:" in line for line in lines) == 1
    assert sum("[reminder rings" in line for line in lines) == 1, "silent once cancelled"
    assert "WARNING" not in second.stdout + second.stderr


def test_chat_shows_log_lines_only_when_asked(tmp_path: Path) -> None:
    env = {**os.environ, "SKILL_DB_PATH": str(tmp_path / "skill.sqlite3")}
    env.pop("LOG_LEVEL", None)
    script = "open secure differentiation\ndelete my data\nyes\n"
    quiet = run("chat", "--non-interactive", stdin=script, env=env)
    assert quiet.returncode == 0 and quiet.stderr == ""
    told = run("chat", "--non-interactive", "--log-level", "INFO", stdin=script, env=env)
    assert "deleted stored data on request" in told.stderr
    assert "deleted stored data" not in told.stdout


def test_the_console_pauses_and_resumes_the_self_empathy_practice(tmp_path: Path) -> None:
    parts = content_for("en-US").self_empathy.segments(PART_SECONDS)
    env = {**os.environ, "SKILL_DB_PATH": str(tmp_path / "skill.sqlite3")}
    said = run(
        "chat",
        "--non-interactive",
        stdin="ask secure differentiation to guide me through self empathy\nyes\npause\n"
        "/next day\nask secure differentiation to continue the self empathy practice\n",
        env=env,
    )
    assert said.returncode == 0, said.stderr
    before, after = said.stdout.split("you> ask secure differentiation to continue", 1)
    assert parts[1][0].text in before and parts[2][0].text not in before
    assert parts[2][0].text in after and parts[0][0].text not in after
