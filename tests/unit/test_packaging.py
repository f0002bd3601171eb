"""The Lambda zip: reproducible, complete, lean, and it runs on its own.

The zip is what AWS runs, so the decisive test unpacks it and imports
`lambda_function` in a fresh interpreter that sees nothing but the unpacked zip,
the standard library and boto3/botocore (the part the Lambda runtime provides),
then answers real Alexa envelopes through the production wiring. DynamoDB is
an in-memory stand-in inside that process: the check is about what the zip
contains, and no network is used.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from secure_differentiation.tools.packaging import (
    PROVIDED_BY_LAMBDA,
    RUNTIME_DISTRIBUTIONS,
    PackageReport,
    build_lambda_zip,
)

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "infra" / "template.yaml"
EVENTS = ROOT / "tests" / "events"
MAX_ZIP_BYTES = 5 * 1024 * 1024
PROCESS_TIMEOUT_SECONDS = 120
SKILL_ID = "amzn1.ask.skill.00000000-0000-0000-0000-000000000000"

# What the Lambda must never carry: the runtime's own SDK, the developer's tools.
FORBIDDEN_TOP_LEVEL = {
    "boto3",
    "botocore",
    "jmespath",
    "s3transfer",
    "flask",
    "werkzeug",
    "jinja2",
    "cryptography",
    "moto",
    "pytest",
    "_pytest",
    "ask_sdk_webservice_support",
    "tests",
    "support",
}
PACKAGE = ROOT / "lambda" / "secure_differentiation"


def _template_python() -> str:
    """The template's runtime as a version, e.g. "3.13"."""
    match = re.search(r"^\s*Runtime:\s*python(\d+\.\d+)\s*$", TEMPLATE.read_text(), re.MULTILINE)
    assert match, "infra/template.yaml names no python runtime"
    return match.group(1)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> PackageReport:
    return build_lambda_zip(tmp_path_factory.mktemp("build") / "lambda.zip")


@pytest.fixture(scope="module")
def names(built: PackageReport) -> list[str]:
    with zipfile.ZipFile(built.path) as archive:
        return archive.namelist()


# -- reproducible ------------------------------------------------------------


def test_two_builds_are_byte_identical(built: PackageReport, tmp_path: Path) -> None:
    again = build_lambda_zip(tmp_path / "nested" / "again.zip")
    first, second = built.path.read_bytes(), again.path.read_bytes()
    assert hashlib.sha256(first).hexdigest() == hashlib.sha256(second).hexdigest()
    assert first == second
    assert again.sha256 == built.sha256 == hashlib.sha256(first).hexdigest()
    assert not list(tmp_path.rglob("*.partial"))


def test_entries_carry_no_time_owner_or_order_of_the_build(built: PackageReport) -> None:
    with zipfile.ZipFile(built.path) as archive:
        infos = archive.infolist()
        assert archive.testzip() is None
    assert [info.filename for info in infos] == sorted(info.filename for info in infos)
    for info in infos:
        assert not info.is_dir(), info.filename
        assert info.date_time == (1980, 1, 1, 0, 0, 0), info.filename
        assert info.external_attr >> 16 == 0o100644, info.filename
        assert info.create_system == 3, info.filename
        assert info.compress_type == zipfile.ZIP_DEFLATED, info.filename
        assert info.extra == b"" and info.comment == b"", info.filename


def test_report_describes_the_file(built: PackageReport, names: list[str]) -> None:
    payload = built.path.read_bytes()
    assert built.compressed_bytes == len(payload) == built.path.stat().st_size
    assert built.file_count == len(names)
    assert built.sha256 == hashlib.sha256(payload).hexdigest()
    assert dict(built.distributions).keys() == set(RUNTIME_DISTRIBUTIONS)
    assert built.compressed_bytes < built.uncompressed_bytes
    summary = "\n".join(built.lines())
    assert "ask-sdk-core" in summary and "boto3" in summary


# -- what is inside ----------------------------------------------------------


def test_zip_has_the_entry_point_at_its_root_the_skill_and_its_content(names: list[str]) -> None:
    assert "lambda_function.py" in names
    skill = [p for p in (PACKAGE / "skill").rglob("*") if p.suffix in (".py", ".json")]
    assert any(p.suffix == ".json" for p in skill)
    for path in skill:
        assert path.relative_to(ROOT / "lambda").as_posix() in names
    assert "secure_differentiation/py.typed" in names
    assert "secure_differentiation/hosts/aws_lambda.py" in names


def test_zip_holds_no_bytecode_tests_native_code_or_developer_tools(names: list[str]) -> None:
    assert not [n for n in names if n.endswith((".pyc", ".pyo")) or "__pycache__" in n]
    assert not [n for n in names if n.endswith((".so", ".pyd", ".dylib", ".dll"))]
    top_level = {n.split("/")[0].split(".")[0] for n in names}
    assert not top_level & FORBIDDEN_TOP_LEVEL
    assert not {n for n in names if n.split("/")[0].split("-")[0] in FORBIDDEN_TOP_LEVEL}
    ours = {n.removeprefix("secure_differentiation/") for n in names if "/" in n}
    assert not [n for n in ours if n.startswith("tools/")]
    assert not ours & {"hosts/webservice.py", "hosts/verification.py"}


def test_the_skill_and_its_lambda_host_never_import_the_tools_or_other_hosts() -> None:
    """What ships must run without what does not: no import reaches tools/ or the webservice."""
    shipped = [*(PACKAGE / "skill").rglob("*.py"), PACKAGE / "hosts" / "aws_lambda.py"]
    shipped += [PACKAGE / "hosts" / "__init__.py", ROOT / "lambda" / "lambda_function.py"]
    unshipped = re.compile(r"\b(?:tools|webservice|verification|flask|cryptography)\b")
    for path in shipped:
        imports = [
            line
            for line in path.read_text(encoding="utf-8").splitlines()
            if line.lstrip().startswith(("import ", "from "))
        ]
        assert not [line for line in imports if unshipped.search(line)], path


def test_zip_is_small(built: PackageReport) -> None:
    assert built.compressed_bytes < MAX_ZIP_BYTES


def _requirements_of(name: str, environment: dict[str, str]) -> set[str]:
    from importlib import metadata

    needed = set()
    for line in metadata.requires(name) or []:
        requirement = Requirement(line)
        marker: Marker | None = requirement.marker
        if marker is None or marker.evaluate({**environment, "extra": ""}):
            needed.add(canonicalize_name(requirement.name))
    return needed


def test_bundled_distributions_are_what_the_sdk_needs_on_the_lambda_runtime() -> None:
    """The hand-kept list equals the SDK's requirements, resolved for the template's runtime."""
    environment = {
        "python_version": _template_python(),
        "python_full_version": f"{_template_python()}.0",
        "sys_platform": "linux",
        "platform_system": "Linux",
        "platform_machine": "aarch64",
        "os_name": "posix",
        "implementation_name": "cpython",
        "platform_python_implementation": "CPython",
    }
    provided = {canonicalize_name(name) for name in PROVIDED_BY_LAMBDA}
    needed: set[str] = set()
    pending = ["ask-sdk-core", "ask-sdk-model"]
    while pending:
        name = canonicalize_name(pending.pop())
        if name in needed or name in provided:
            continue
        needed.add(name)
        pending.extend(_requirements_of(name, environment))
    assert needed == {canonicalize_name(name) for name in RUNTIME_DISTRIBUTIONS}


# -- it runs on its own ------------------------------------------------------

# Runs in a fresh `python -I -S`: no site-packages, no PYTHONPATH; only the
# unpacked zip, a stand-in for the runtime's boto3 and the standard library.
_RUN_IN_LAMBDA_LAYOUT = r"""
import json, sys, sysconfig
task, runtime, events = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
sys.path[:0] = [task, runtime]

import lambda_function
from secure_differentiation.skill.persistence import dynamodb

real_client = dynamodb.build_client()  # botocore with the zip's urllib3 and dateutil


class InMemoryDynamoDb:
    def __init__(self):
        self.items, self.calls = {}, []

    def get_item(self, TableName, Key, ConsistentRead):
        self.calls.append(("GetItem", TableName))
        item = self.items.get(Key["id"]["S"])
        return {"Item": item} if item else {}

    def put_item(self, TableName, Item, **condition):
        self.calls.append(("PutItem", TableName))
        self.items[Item["id"]["S"]] = Item
        return {}

    def delete_item(self, TableName, Key):
        self.calls.append(("DeleteItem", TableName))
        self.items.pop(Key["id"]["S"], None)
        return {}


table = InMemoryDynamoDb()
dynamodb.build_client = lambda: table
responses = [lambda_function.lambda_handler(event, None) for event in events]
stdlib = (sysconfig.get_paths()["stdlib"], sysconfig.get_paths()["platstdlib"])


def allowed(path):
    if path.startswith((task, runtime)):
        return True
    return path.startswith(stdlib) and "site-packages" not in path


outside = sorted(
    f"{name}: {module.__file__}"
    for name, module in list(sys.modules.items())
    if getattr(module, "__file__", None) and not allowed(module.__file__)
)
print(json.dumps({
    "responses": responses,
    "calls": table.calls,
    "outside": outside,
    "service": real_client.meta.service_model.service_name,
    "region": real_client.meta.region_name,
    "modules": sorted(sys.modules),
}))
"""


@pytest.fixture(scope="module")
def lambda_layout(built: PackageReport, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """/var/task (the unpacked zip) and a runtime directory holding only boto3 and its own deps."""
    root = tmp_path_factory.mktemp("lambda")
    with zipfile.ZipFile(built.path) as archive:
        archive.extractall(root / "task")
    runtime = root / "runtime"
    runtime.mkdir()
    for name in sorted(PROVIDED_BY_LAMBDA):
        spec = importlib.util.find_spec(name)
        assert spec is not None and spec.submodule_search_locations, name
        (runtime / name).symlink_to(Path(next(iter(spec.submodule_search_locations))))
    yield root


def _run_in_lambda_layout(python: str, layout: Path) -> dict[str, Any]:
    launch = json.loads((EVENTS / "launch.json").read_text(encoding="utf-8"))
    disabled = json.loads((EVENTS / "skill_disabled.json").read_text(encoding="utf-8"))
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(layout),
        "AWS_LAMBDA_FUNCTION_NAME": "secure-differentiation-test",
        "SKILL_TABLE_NAME": "sd-packaging-test",
        "SKILL_ID": SKILL_ID,
        "LOG_LEVEL": "WARNING",
        "AWS_REGION": "us-east-1",  # Lambda sets both
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    }
    completed = subprocess.run(
        [
            python,
            "-I",
            "-S",
            "-c",
            _RUN_IN_LAMBDA_LAYOUT,
            str(layout / "task"),
            str(layout / "runtime"),
            json.dumps([launch, disabled]),
        ],
        capture_output=True,
        text=True,
        env=environment,
        cwd=layout,
        timeout=PROCESS_TIMEOUT_SECONDS,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    result: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


def _assert_answers_like_the_skill(result: dict[str, Any]) -> None:
    launch, disabled = result["responses"]
    assert "Welcome" in launch["response"]["outputSpeech"]["ssml"]
    assert launch["response"].get("shouldEndSession") is not True
    assert disabled["response"].get("outputSpeech") is None
    assert {call for call, _ in result["calls"]} == {"GetItem", "PutItem", "DeleteItem"}
    assert {table for _, table in result["calls"]} == {"sd-packaging-test"}
    assert result["service"] == "dynamodb" and result["region"] == "us-east-1"
    assert result["outside"] == []  # nothing came from the build machine's site-packages
    loaded = set(result["modules"])
    for name in ("flask", "cryptography", "sqlite3", "secure_differentiation.tools.nlu"):
        assert name not in loaded


def test_lambda_function_answers_from_the_unpacked_zip_alone(lambda_layout: Path) -> None:
    _assert_answers_like_the_skill(_run_in_lambda_layout(sys.executable, lambda_layout))


def _runtime_interpreter(version: str) -> str | None:
    candidate = shutil.which(f"python{version}")
    if candidate is None:
        return None
    probe = subprocess.run(
        [candidate, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
        capture_output=True,
        text=True,
        check=False,
    )
    return candidate if probe.returncode == 0 and probe.stdout.strip() == version else None


def test_lambda_function_answers_on_the_template_runtime_version(lambda_layout: Path) -> None:
    version = _template_python()
    python = _runtime_interpreter(version)
    if python is None:
        pytest.skip(f"no working python{version} on PATH (the template's Lambda runtime)")
    _assert_answers_like_the_skill(_run_in_lambda_layout(python, lambda_layout))
