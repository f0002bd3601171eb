"""Lambda SnapStart: the template offers it, and restored environments do not share randomness.

A snapshot restore is a copy of one initialised process's memory; `os.fork()`
is the same thing on one machine. So the decisive test initialises the Lambda
entry point against DynamoDB (moto on loopback), runs the before-snapshot
hooks as Lambda would, forks two "restored environments" and lets each answer
the same one-shot mantra requests for new people. Without the after-restore
hook both pick exactly the same mantras (the problem SnapStart creates);
with it, each environment has its own seeds.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "infra" / "template.yaml"
MANIFEST = ROOT / "infra" / "skill-package" / "skill.json"
EVENTS = ROOT / "tests" / "events"
REQUESTS_PER_ENVIRONMENT = 8
# SnapStart for Python needs a managed runtime of this version or later.
SNAPSTART_MINIMUM_PYTHON = (3, 12)


class _Loader(yaml.SafeLoader):
    """Reads CloudFormation's short-form intrinsics (!Ref, !If, ...) as their long form."""


def _intrinsic(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> dict[str, Any]:
    value: Any
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    return {"Ref": value} if suffix == "Ref" else {f"Fn::{suffix}": value}


_Loader.add_multi_constructor("!", _intrinsic)


@pytest.fixture(scope="module")
def template() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.load(TEMPLATE.read_text(encoding="utf-8"), Loader=_Loader)
    return loaded


@pytest.fixture(scope="module")
def function(template: dict[str, Any]) -> dict[str, Any]:
    (body,) = [
        body
        for body in template["Resources"].values()
        if body["Type"] == "AWS::Serverless::Function"
    ]
    return dict(body["Properties"])


# -- the template --------------------------------------------------------------


def test_snapstart_is_an_option_that_is_off_unless_chosen(
    template: dict[str, Any], function: dict[str, Any]
) -> None:
    parameter = template["Parameters"]["SnapStart"]
    assert parameter["Default"] == "Disabled"
    assert sorted(parameter["AllowedValues"]) == ["Disabled", "Enabled"]
    (condition,) = [
        name
        for name, body in template["Conditions"].items()
        if body == {"Fn::Equals": [{"Ref": "SnapStart"}, "Enabled"]}
    ]
    assert function["SnapStart"] == {
        "ApplyOn": {"Fn::If": [condition, "PublishedVersions", "None"]}
    }


def test_snapstart_has_what_it_needs_published_versions_behind_an_alias_on_python_3_12_plus(
    template: dict[str, Any], function: dict[str, Any]
) -> None:
    runtime = function.get("Runtime") or template["Globals"]["Function"]["Runtime"]
    version = re.fullmatch(r"python(\d+)\.(\d+)", runtime)
    assert version is not None, runtime
    assert (int(version[1]), int(version[2])) >= SNAPSTART_MINIMUM_PYTHON
    alias = function["AutoPublishAlias"]
    function_name = next(
        name
        for name, body in template["Resources"].items()
        if body["Type"] == "AWS::Serverless::Function"
    )
    assert template["Outputs"]["FunctionAliasArn"]["Value"] == {"Ref": f"{function_name}.Alias"}
    # The trigger's permission is on the alias, so Alexa must call the alias.
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))["manifest"]
    endpoints = (manifest["apis"]["custom"]["endpoint"], manifest["events"]["endpoint"])
    for uri in (endpoint["uri"] for endpoint in endpoints):
        assert uri.endswith(f":function:FUNCTION_NAME:{alias}"), uri


# -- the hooks -----------------------------------------------------------------


def test_a_snapstart_init_registers_both_hooks_with_the_runtime() -> None:
    snapshot_restore_py = pytest.importorskip("snapshot_restore_py")
    from secure_differentiation.hosts import snapstart

    assert snapstart.register({"AWS_LAMBDA_INITIALIZATION_TYPE": "snap-start"}) is True
    before = [entry[0] for entry in snapshot_restore_py.get_before_snapshot()]
    after = [entry[0] for entry in snapshot_restore_py.get_after_restore()]
    assert snapstart.prepare_snapshot in before
    assert snapstart.after_restore in after


@pytest.mark.parametrize("initialization", [None, "on-demand", "provisioned-concurrency"])
def test_any_other_init_leaves_the_runtimes_hook_registry_alone(initialization: str | None) -> None:
    from secure_differentiation.hosts import snapstart

    environ = {"AWS_LAMBDA_INITIALIZATION_TYPE": initialization} if initialization else {}
    assert snapstart.register(environ) is False


# Runs the entry point as Lambda would with SnapStart: init, before-snapshot hooks,
# then two forked "restored environments", with or without the after-restore hooks.
_SNAPSHOT_THEN_RESTORE = r"""
import json, os, random, sys
restore_hooks, requests = sys.argv[1] == "with-hooks", int(sys.argv[2])
envelope = json.loads(sys.argv[3])

import lambda_function
import snapshot_restore_py
import botocore.session

for function, args, kwargs in reversed(snapshot_restore_py.get_before_snapshot()):
    function(*args, **kwargs)

clients_built = []
create_client = botocore.session.Session.create_client
def counting(self, *args, **kwargs):
    clients_built.append(args[0] if args else kwargs.get("service_name"))
    return create_client(self, *args, **kwargs)
botocore.session.Session.create_client = counting

environments = []
for environment in range(2):
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # a restored environment
        os.close(read)
        # CPython reseeds the random module's own generator in a forked child; a
        # restored snapshot does not, so put it back to one shared state first.
        random.seed(20250106)
        if restore_hooks:
            for function, args, kwargs in snapshot_restore_py.get_after_restore():
                function(*args, **kwargs)
        spoken = []
        for number in range(requests):
            user = f"amzn1.ask.account.SNAPSTART-{environment}-{number}"
            envelope["session"]["user"]["userId"] = user
            envelope["context"]["System"]["user"]["userId"] = user
            response = lambda_function.lambda_handler(envelope, None)
            spoken.append(response["response"]["outputSpeech"]["ssml"])
        report = {"spoken": spoken, "module_random": random.random(), "clients": clients_built}
        os.write(write, json.dumps(report).encode())
        os._exit(0)
    os.close(write)
    chunks = []
    while chunk := os.read(read, 65536):
        chunks.append(chunk)
    _, status = os.waitpid(pid, 0)
    assert status == 0, status
    environments.append(json.loads(b"".join(chunks)))
print(json.dumps(environments))
"""


def _restored_environments(table: str, *, hooks: bool) -> list[dict[str, Any]]:
    envelope = json.loads((EVENTS / "intent.json").read_text(encoding="utf-8"))
    assert envelope["request"]["intent"]["name"] == "GetMantraIntent"
    environment = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "lambda"),
        "SKILL_TABLE_NAME": table,
        "AWS_LAMBDA_FUNCTION_NAME": "secure-differentiation-snapstart",
        "AWS_LAMBDA_INITIALIZATION_TYPE": "snap-start",
        "LOG_LEVEL": "WARNING",
    }
    environment.pop("SKILL_ID", None)
    completed = subprocess.run(
        [
            sys.executable,
            "-c",
            _SNAPSHOT_THEN_RESTORE,
            "with-hooks" if hooks else "without-hooks",
            str(REQUESTS_PER_ENVIRONMENT),
            json.dumps(envelope),
        ],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    environments: list[dict[str, Any]] = json.loads(completed.stdout.strip().splitlines()[-1])
    return environments


@pytest.mark.skipif(not hasattr(os, "fork"), reason="a restore is imitated with fork()")
def test_restored_environments_share_no_randomness_once_the_hook_has_run(
    dynamodb_table: str,
) -> None:
    pytest.importorskip("snapshot_restore_py")
    first, second = _restored_environments(dynamodb_table, hooks=True)
    assert all("<speak>" in ssml for ssml in first["spoken"] + second["spoken"])
    assert first["spoken"] != second["spoken"]  # each picks its own mantras
    assert first["module_random"] != second["module_random"]
    # The client was built before the snapshot: no environment builds one again.
    assert first["clients"] == second["clients"] == []


@pytest.mark.skipif(not hasattr(os, "fork"), reason="a restore is imitated with fork()")
def test_without_the_hook_restored_environments_say_exactly_the_same_things(
    dynamodb_table: str,
) -> None:
    """The problem the hook solves, shown: a shared snapshot means shared random choices."""
    pytest.importorskip("snapshot_restore_py")
    first, second = _restored_environments(dynamodb_table, hooks=False)
    assert first["spoken"] == second["spoken"]
    assert first["module_random"] == second["module_random"]
    assert len(set(first["spoken"])) > 1  # and they do vary from request to request
