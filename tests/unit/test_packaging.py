"""The Lambda zip: reproducible, complete, lean, compiled for the runtime, and it runs on its own.

The zip is what AWS runs, so the decisive test unpacks it and runs
`lambda_function` the way Lambda's python3.13 runtime does: that interpreter,
the unpacked zip read-only, no bytecode written, and beside it only what the
runtime provides (boto3 and its dependencies, the SnapStart hook registry).
It answers real Alexa envelopes against DynamoDB (moto on loopback) and must
compile no source at all: every module comes from the zip's bytecode.

Python 3.13 is found as the packager finds it (LAMBDA_PYTHON, PATH, pyenv).
Where it is missing the zip cannot be built; the tests then skip, except in
CI (CI=true), where that is a failure: .ci/run provides the interpreter.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from secure_differentiation.tools.packaging import (
    LAMBDA_PYTHON_VARIABLE,
    LAMBDA_PYTHON_VERSION,
    PROVIDED_BY_LAMBDA,
    RUNTIME_DISTRIBUTIONS,
    PackageReport,
    PackagingError,
    RuntimePython,
    build_lambda_zip,
    find_runtime_python,
)

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "infra" / "template.yaml"
EVENTS = ROOT / "tests" / "events"
MAX_ZIP_BYTES = 5 * 1024 * 1024
PROCESS_TIMEOUT_SECONDS = 120
SKILL_ID = "amzn1.ask.skill.00000000-0000-0000-0000-000000000000"
# PEP 552: bit 0 says the .pyc is hash-based, bit 1 that the source is checked.
UNCHECKED_HASH_FLAGS = 0b01
# The runtime's SnapStart hook registry, installed with the test extras.
RUNTIME_EXTRAS = ("snapshot-restore-py",)

# What the Lambda must never carry: the runtime's own libraries, the developer's tools.
FORBIDDEN_TOP_LEVEL = {
    "boto3",
    "botocore",
    "jmespath",
    "s3transfer",
    "dateutil",
    "six",
    "urllib3",
    "snapshot_restore_py",
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
def runtime_python() -> RuntimePython:
    try:
        return find_runtime_python()
    except PackagingError as missing:
        if os.environ.get("CI"):
            pytest.fail(f"CI must build the Lambda zip: {missing}")
        pytest.skip(str(missing))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, runtime_python: RuntimePython) -> PackageReport:
    return build_lambda_zip(tmp_path_factory.mktemp("build") / "lambda.zip", runtime_python)


@pytest.fixture(scope="module")
def names(built: PackageReport) -> list[str]:
    with zipfile.ZipFile(built.path) as archive:
        return archive.namelist()


# -- reproducible ------------------------------------------------------------


def test_two_builds_are_byte_identical(built: PackageReport, tmp_path: Path) -> None:
    again = build_lambda_zip(tmp_path / "nested" / "again.zip", built.python)
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
    assert built.bytecode_count == len([n for n in names if n.endswith(".pyc")])
    assert built.sha256 == hashlib.sha256(payload).hexdigest()
    assert dict(built.distributions).keys() == set(RUNTIME_DISTRIBUTIONS)
    assert built.compressed_bytes < built.uncompressed_bytes
    summary = "\n".join(built.lines())
    assert "ask-sdk-core" in summary and "boto3" in summary
    assert f"Python {built.python.version}" in summary and "unchecked-hash" in summary


# -- what is inside ----------------------------------------------------------


def test_zip_has_the_entry_point_at_its_root_the_skill_and_its_content(names: list[str]) -> None:
    assert "lambda_function.py" in names
    skill = [p for p in (PACKAGE / "skill").rglob("*") if p.suffix in (".py", ".json")]
    assert any(p.suffix == ".json" for p in skill)
    for path in skill:
        assert path.relative_to(ROOT / "lambda").as_posix() in names
    assert "secure_differentiation/py.typed" in names
    assert "secure_differentiation/hosts/aws_lambda.py" in names
    assert "secure_differentiation/hosts/snapstart.py" in names


def test_every_module_ships_with_bytecode_for_the_lambda_runtime(
    built: PackageReport, names: list[str]
) -> None:
    """One .pyc per .py, where the runtime's import system looks, written by Python 3.13."""
    assert built.python.version.startswith(f"{_template_python()}.")
    assert _template_python() == LAMBDA_PYTHON_VERSION
    tag = f"cpython-{_template_python().replace('.', '')}"
    sources = {n for n in names if n.endswith(".py")}
    compiled = {n for n in names if n.endswith(".pyc")}
    expected = {
        str(PurePosixPath(n).parent / "__pycache__" / f"{PurePosixPath(n).stem}.{tag}.pyc")
        for n in sources
    }
    assert compiled == expected
    assert not [n for n in names if n.endswith(".pyo") or ".opt-" in n]
    with zipfile.ZipFile(built.path) as archive:
        for name in sorted(compiled):
            header = archive.read(name)[:16]
            assert header[:4] == built.python.magic, name
            assert int.from_bytes(header[4:8], "little") == UNCHECKED_HASH_FLAGS, name


def test_zip_holds_no_native_code_tests_developer_tools_or_what_the_runtime_has(
    names: list[str],
) -> None:
    assert not [n for n in names if n.endswith((".so", ".pyd", ".dylib", ".dll"))]
    top_level = {n.split("/")[0].split(".")[0] for n in names}
    assert not top_level & FORBIDDEN_TOP_LEVEL
    assert not {n for n in names if n.split("/")[0].split("-")[0] in FORBIDDEN_TOP_LEVEL}
    dist_infos = {n.split("/")[0] for n in names if n.split("/")[0].endswith(".dist-info")}
    shipped = {canonicalize_name(d.rsplit("-", 1)[0]) for d in dist_infos}
    assert not shipped & {canonicalize_name(name) for name in PROVIDED_BY_LAMBDA}
    ours = {n.removeprefix("secure_differentiation/") for n in names if "/" in n}
    assert not [n for n in ours if n.startswith("tools/")]
    assert not ours & {"hosts/webservice.py", "hosts/verification.py"}


def test_the_skill_and_its_lambda_host_never_import_the_tools_or_other_hosts() -> None:
    """What ships must run without what does not: no import reaches tools/ or the webservice."""
    shipped = [*(PACKAGE / "skill").rglob("*.py"), PACKAGE / "hosts" / "aws_lambda.py"]
    shipped += [PACKAGE / "hosts" / "__init__.py", PACKAGE / "hosts" / "snapstart.py"]
    shipped += [ROOT / "lambda" / "lambda_function.py"]
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
    needed: set[str] = set()
    for line in metadata.requires(name) or []:
        requirement = Requirement(line)
        marker: Marker | None = requirement.marker
        if marker is None or marker.evaluate({**environment, "extra": ""}):
            needed.add(canonicalize_name(requirement.name))
    return needed


def _lambda_environment() -> dict[str, str]:
    """Environment markers as the template's runtime evaluates them (arm64 Linux, CPython)."""
    return {
        "python_version": _template_python(),
        "python_full_version": f"{_template_python()}.0",
        "sys_platform": "linux",
        "platform_system": "Linux",
        "platform_machine": "aarch64",
        "os_name": "posix",
        "implementation_name": "cpython",
        "platform_python_implementation": "CPython",
    }


def test_bundled_distributions_are_what_the_sdk_needs_on_the_lambda_runtime() -> None:
    """The hand-kept list equals the SDK's requirements, resolved for the template's runtime."""
    environment = _lambda_environment()
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


def test_what_is_left_to_the_runtime_is_boto3_and_its_own_dependencies() -> None:
    """Only what boto3 itself needs may be left out: that is what every Lambda runtime has."""
    closure: set[str] = set()
    pending = ["boto3"]
    while pending:
        name = canonicalize_name(pending.pop())
        if name not in closure:
            closure.add(name)
            pending.extend(_requirements_of(name, _lambda_environment()))
    assert {canonicalize_name(name) for name in PROVIDED_BY_LAMBDA} == closure


# -- refusing without the runtime's Python -----------------------------------


def test_a_wrong_interpreter_is_refused_by_name(tmp_path: Path) -> None:
    """LAMBDA_PYTHON pointing at another version is an error, not a reason to look elsewhere."""
    with pytest.raises(PackagingError) as refused:
        find_runtime_python(environ={LAMBDA_PYTHON_VARIABLE: sys.executable, "PATH": ""})
    assert LAMBDA_PYTHON_VARIABLE in str(refused.value)
    assert f"CPython {LAMBDA_PYTHON_VERSION}" in str(refused.value)


def test_no_interpreter_of_the_version_anywhere_is_refused_with_what_to_do(tmp_path: Path) -> None:
    environ = {"PATH": str(tmp_path), "HOME": str(tmp_path), "PYENV_ROOT": str(tmp_path)}
    with pytest.raises(PackagingError) as refused:
        find_runtime_python("3.99", environ=environ)
    message = str(refused.value)
    assert "no Python 3.99 found" in message
    assert "pyenv install 3.99" in message and f"{LAMBDA_PYTHON_VARIABLE}=" in message


def test_the_package_command_refuses_clearly_and_writes_nothing(tmp_path: Path) -> None:
    output = tmp_path / "build" / "lambda.zip"
    command = Path(sys.executable).with_name("secure-differentiation")
    completed = subprocess.run(
        [str(command), "package", "--output", str(output)],
        capture_output=True,
        text=True,
        env={**os.environ, LAMBDA_PYTHON_VARIABLE: sys.executable},
        timeout=PROCESS_TIMEOUT_SECONDS,
        check=False,
    )
    assert completed.returncode == 1
    assert "Cannot build the Lambda package" in completed.stderr
    assert LAMBDA_PYTHON_VARIABLE in completed.stderr
    assert not output.exists() and not output.with_name("lambda.zip.partial").exists()


# -- it runs on its own, as the runtime runs it ------------------------------

# Runs with `-I -S -B`: no site-packages, no PYTHONPATH, nothing written; only the
# unpacked zip, the runtime stand-in's libraries and the standard library.
_RUN_IN_LAMBDA_LAYOUT = r"""
import json, sys, sysconfig
import _frozen_importlib_external as external
task, runtime, events = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
sys.path[:0] = [task, runtime]

compiled = []
to_code = external.SourceLoader.source_to_code
def source_to_code(self, data, path, *, _optimize=-1):
    compiled.append(str(path))
    return to_code(self, data, path, _optimize=_optimize)
external.SourceLoader.source_to_code = source_to_code

import lambda_function
from secure_differentiation.hosts import default_storage

client = default_storage().client
calls = []
client.meta.events.register("before-call.dynamodb", lambda model, **_: calls.append(model.name))
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
    "calls": calls,
    "outside": outside,
    "compiled_from_the_zip": sorted(p for p in compiled if p.startswith(task)),
    "region": client.meta.region_name,
    "modules": sorted(sys.modules),
    "version": "%d.%d" % sys.version_info[:2],
}))
"""


def _top_level_entries(distribution: str) -> set[str]:
    """The files and folders a distribution puts at the top of site-packages."""
    files = metadata.distribution(distribution).files or []
    return {
        PurePosixPath(str(file)).parts[0]
        for file in files
        if PurePosixPath(str(file)).parts[0] not in ("..", "__pycache__")
        and not PurePosixPath(str(file)).parts[0].endswith(".dist-info")
    }


@pytest.fixture(scope="module")
def lambda_layout(built: PackageReport, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """/var/task (the unpacked zip) and a runtime folder holding what Lambda's runtime provides."""
    root = tmp_path_factory.mktemp("lambda")
    with zipfile.ZipFile(built.path) as archive:
        archive.extractall(root / "task")
    runtime = root / "runtime"
    runtime.mkdir()
    provided = sorted(PROVIDED_BY_LAMBDA) + [
        name for name in RUNTIME_EXTRAS if importlib.util.find_spec(name.replace("-", "_"))
    ]
    for distribution in provided:
        for entry in _top_level_entries(distribution):
            target = Path(str(metadata.distribution(distribution).locate_file(entry)))
            (runtime / entry).symlink_to(target)
    yield root


def _tree(folder: Path) -> dict[str, int]:
    return {str(path.relative_to(folder)): path.stat().st_size for path in folder.rglob("*")}


def _run_in_lambda_layout(
    python: str, layout: Path, dynamodb_endpoint: str, table: str
) -> tuple[dict[str, Any], str]:
    launch = json.loads((EVENTS / "launch.json").read_text(encoding="utf-8"))
    disabled = json.loads((EVENTS / "skill_disabled.json").read_text(encoding="utf-8"))
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(layout),
        "AWS_LAMBDA_FUNCTION_NAME": "secure-differentiation-test",
        "SKILL_TABLE_NAME": table,
        "SKILL_ID": SKILL_ID,
        "LOG_LEVEL": "WARNING",
        "AWS_REGION": "us-east-1",  # Lambda sets both
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_ENDPOINT_URL_DYNAMODB": dynamodb_endpoint,
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    }
    before = _tree(layout / "task")
    completed = subprocess.run(
        [
            python,
            "-I",
            "-S",
            "-B",
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
    assert _tree(layout / "task") == before  # read-only: nothing written next to the code
    result: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result, completed.stderr


def _assert_answers_like_the_skill(result: dict[str, Any]) -> None:
    launch, disabled = result["responses"]
    assert "Welcome" in launch["response"]["outputSpeech"]["ssml"]
    assert launch["response"].get("shouldEndSession") is not True
    assert disabled["response"].get("outputSpeech") is None
    # Disabling deletes the household: its people's items are found through the index.
    assert set(result["calls"]) == {"GetItem", "PutItem", "DeleteItem", "Query"}
    assert result["region"] == "us-east-1"
    assert result["outside"] == []  # nothing came from the build machine's site-packages
    loaded = set(result["modules"])
    for name in ("flask", "cryptography", "sqlite3", "secure_differentiation.tools.nlu"):
        assert name not in loaded


def test_lambda_function_answers_from_the_zip_on_the_runtime_python_compiling_nothing(
    lambda_layout: Path, runtime_python: RuntimePython, dynamodb_endpoint: str, dynamodb_table: str
) -> None:
    result, stderr = _run_in_lambda_layout(
        runtime_python.executable, lambda_layout, dynamodb_endpoint, dynamodb_table
    )
    assert result["version"] == _template_python()
    _assert_answers_like_the_skill(result)
    assert result["compiled_from_the_zip"] == []  # every module came from the zip's bytecode
    assert "SyntaxWarning" not in stderr  # the SDK's docstrings are not compiled at start


def test_lambda_function_answers_from_the_zip_on_another_python_too(
    lambda_layout: Path, dynamodb_endpoint: str, dynamodb_table: str
) -> None:
    """Bytecode for another version is ignored, not fatal: the sources are there (slower)."""
    result, _ = _run_in_lambda_layout(
        sys.executable, lambda_layout, dynamodb_endpoint, dynamodb_table
    )
    _assert_answers_like_the_skill(result)
    assert result["compiled_from_the_zip"]  # this interpreter compiled what it ran
