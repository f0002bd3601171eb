"""`serve --help` states the limits `serve` actually applies when given no options."""

from __future__ import annotations

import re

import pytest

from secure_differentiation.hosts.webservice import ServerLimits
from secure_differentiation.tools.cli import build_parser


def test_the_help_states_the_default_limits(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["serve", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    defaults = ServerLimits()

    def stated(option: str) -> float:
        found = re.search(rf"{option} \S+ [^-]*?\(default ([\d.]+)\)", text)
        assert found, f"{option} states no default"
        return float(found.group(1))

    assert stated("--connection-limit") == defaults.connection_limit
    assert stated("--max-connections-per-client") == defaults.max_connections_per_client
    assert stated("--idle-timeout") == defaults.idle_timeout_seconds
    assert stated("--request-timeout") == defaults.request_timeout_seconds


@pytest.mark.parametrize("value", ["0", "-3", "x"])
def test_limits_must_be_positive_numbers(value: str) -> None:
    for option in ("--connection-limit", "--idle-timeout", "--request-timeout"):
        with pytest.raises(SystemExit):
            build_parser().parse_args(["serve", option, value])
