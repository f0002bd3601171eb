"""Build the Lambda deployment zip, reproducibly: the same inputs give the same bytes.

The zip holds:

- `lambda_function.py` at its root;
- the skill (`secure_differentiation/skill/`, its content included) and its
  Lambda host (`hosts/aws_lambda.py`, `hosts/snapstart.py`), chosen by the
  package's layout. The developer's tools (`tools/`: the CLI, the console and
  its resolver, this builder) and the webservice host stay out, and so do their
  dependencies (Flask, cryptography);
- the third-party distributions the Lambda runtime lacks, copied file by file
  from the installed ones using their `importlib.metadata` file lists. What
  every AWS Lambda Python runtime already has stays out: boto3 and everything
  it needs (botocore, jmespath, s3transfer, python-dateutil, six, urllib3).
  Shipping a second copy of those would only shadow the runtime's
  precompiled one with source that each cold start has to compile;
- bytecode for every module, compiled by the runtime's own Python version
  (`LAMBDA_PYTHON_VERSION`, the template's `Runtime`). Lambda's code directory
  is read-only, so without it each cold start compiles every module again
  (about 0.3 s, most of it the ASK SDK's models). The `.pyc` files are
  "unchecked-hash" ones (PEP 552): they carry no timestamp, so the zip stays
  reproducible, and the runtime loads them without reading the source first.
  A Python of that version must be on the build machine; the builder finds it
  (see `find_runtime_python`) and refuses to build without it rather than ship
  a zip that is slow in a way nobody notices.

Reproducible means: entries sorted by name, every timestamp 1980-01-01, every
file mode 0644 from a "Unix" creator, no directory entries, one fixed deflate
level, bytecode compiled in one process with a fixed hash seed. Rebuilding an
unchanged tree gives an identical file (with the same zlib and the same
runtime Python), so a deploy of an unchanged build uploads nothing new.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import metadata
from itertools import chain
from pathlib import Path, PurePosixPath

__all__ = [
    "LAMBDA_PYTHON_VARIABLE",
    "LAMBDA_PYTHON_VERSION",
    "PROVIDED_BY_LAMBDA",
    "RUNTIME_DISTRIBUTIONS",
    "PackageReport",
    "PackagingError",
    "RuntimePython",
    "build_lambda_zip",
    "distribution_entries",
    "find_runtime_python",
    "first_party_entries",
]

PACKAGE_DIR = Path(__file__).resolve().parents[1]  # lambda/secure_differentiation
SOURCE_ROOT = PACKAGE_DIR.parent  # lambda/: holds lambda_function.py and the package
ENTRY_POINT = "lambda_function.py"
# What ships: the whole skill, and of the hosts only the package and the Lambda host.
SKILL_PACKAGE = "skill"
SHIPPED_FILES = (
    "__init__.py",
    "py.typed",
    "hosts/__init__.py",
    "hosts/aws_lambda.py",
    "hosts/snapstart.py",
)
SHIPPED_SUFFIXES = frozenset({".py", ".json"})

# The Python version of the Lambda runtime (infra/template.yaml's `Runtime`; the
# tests compare them). Bytecode is specific to a minor version: 3.13.x all share
# one magic number, so any 3.13 compiles for Lambda's python3.13.
LAMBDA_PYTHON_VERSION = "3.13"
# Names the interpreter to compile with, when it is not found on its own.
LAMBDA_PYTHON_VARIABLE = "LAMBDA_PYTHON"
# Where Lambda unpacks the zip: the file names the bytecode records (tracebacks).
LAMBDA_TASK_ROOT = "/var/task"

# Everything the skill imports that the Lambda runtime lacks: the ASK SDK and,
# transitively, what it needs (requests for the SDK's default API client, which
# the skill never calls but the SDK's modules import). The tests compare this
# list with the installed distributions' own requirements, so an SDK upgrade
# that needs more fails there.
RUNTIME_DISTRIBUTIONS = (
    "ask-sdk-core",
    "ask-sdk-model",
    "ask-sdk-runtime",
    "certifi",
    "charset-normalizer",
    "idna",
    "requests",
)

# Part of every AWS Lambda Python runtime: boto3 and what it depends on, already
# compiled there. The skill imports botocore lazily and uses the runtime's
# version; the SDK's models use its dateutil and six, requests its urllib3.
PROVIDED_BY_LAMBDA = frozenset(
    {"boto3", "botocore", "jmespath", "python-dateutil", "s3transfer", "six", "urllib3"}
)

FIXED_DATE_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can hold
FILE_MODE = 0o644
CREATOR_UNIX = 3
COMPRESS_LEVEL = 9
COMPILE_TIMEOUT_SECONDS = 300
PROBE_TIMEOUT_SECONDS = 30

# Installer bookkeeping in .dist-info: RECORD lists bytecode that is not shipped.
_DIST_INFO_SKIPPED = frozenset({"RECORD", "INSTALLER", "REQUESTED", "direct_url.json"})
_NATIVE_SUFFIXES = (".so", ".pyd", ".dylib", ".dll")
_BYTECODE_SUFFIXES = (".pyc", ".pyo")


class PackagingError(RuntimeError):
    """The zip cannot be built as promised (missing source, no runtime Python, ...)."""


@dataclass(frozen=True)
class RuntimePython:
    """An interpreter of the Lambda runtime's version, as it describes itself."""

    executable: str
    version: str  # "3.13.0"
    cache_tag: str  # "cpython-313": names the files in __pycache__
    magic: bytes  # the first four bytes of every .pyc it writes


@dataclass(frozen=True)
class PackageReport:
    """What was built: where, how big, and which third-party versions are inside."""

    path: Path
    compressed_bytes: int
    uncompressed_bytes: int
    file_count: int
    sha256: str
    distributions: tuple[tuple[str, str], ...]
    python: RuntimePython
    bytecode_count: int

    def lines(self) -> list[str]:
        """A short human summary, for the CLI."""
        return [
            f"{self.path}: {self.compressed_bytes:,} bytes zipped "
            f"({self.uncompressed_bytes:,} unzipped), {self.file_count} files",
            f"sha256 {self.sha256}",
            f"bytecode: {self.bytecode_count} modules compiled by Python {self.python.version} "
            f"({self.python.executable}), unchecked-hash",
            "bundled: " + ", ".join(f"{name} {version}" for name, version in self.distributions),
            "left to the Lambda runtime: " + ", ".join(sorted(PROVIDED_BY_LAMBDA)),
        ]


# -- the runtime's Python ------------------------------------------------------

_PROBE = (
    "import sys, importlib.util; "
    "print(sys.implementation.name, '%d.%d.%d' % sys.version_info[:3], "
    "sys.implementation.cache_tag, importlib.util.MAGIC_NUMBER.hex()); print(sys.executable)"
)


def _probe(executable: str, version: str) -> RuntimePython | None:
    """The interpreter's own account of itself, if it runs and is CPython `version`."""
    try:
        completed = subprocess.run(
            [executable, "-S", "-c", _PROBE],
            capture_output=True,
            text=True,
            timeout=PROBE_TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    lines = completed.stdout.splitlines()
    if completed.returncode != 0 or len(lines) != 2 or len(lines[0].split()) != 4:
        return None  # e.g. a pyenv shim that refuses because no version is selected
    implementation, full_version, cache_tag, magic = lines[0].split()
    if implementation != "cpython" or not full_version.startswith(f"{version}."):
        return None
    # Its own absolute path: the compiler runs without PATH, and a bare name may move.
    located = lines[1].strip() or executable
    return RuntimePython(located, full_version, cache_tag, bytes.fromhex(magic))


def _pyenv_root(environ: Mapping[str, str]) -> Path | None:
    """Where pyenv keeps its Pythons: `pyenv root`, else PYENV_ROOT, else ~/.pyenv."""
    pyenv = shutil.which("pyenv", path=environ.get("PATH"))
    if pyenv:
        try:
            answer = subprocess.run(
                [pyenv, "root"],
                capture_output=True,
                text=True,
                timeout=PROBE_TIMEOUT_SECONDS,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired):
            answer = None
        if answer is not None and answer.returncode == 0 and answer.stdout.strip():
            return Path(answer.stdout.strip())
    if environ.get("PYENV_ROOT"):
        return Path(environ["PYENV_ROOT"])
    home = environ.get("HOME")
    return Path(home) / ".pyenv" if home else None


def _candidates(version: str, environ: Mapping[str, str]) -> Iterator[str]:
    """Places a Python `version` usually is, most specific first."""
    yield sys.executable  # a developer whose own venv runs the runtime's version
    name = f"python{version}"
    on_path = shutil.which(name, path=environ.get("PATH"))
    if on_path:
        yield on_path
    root = _pyenv_root(environ)
    if root is not None:
        installed = sorted(
            (root / "versions").glob(f"{version}.*/bin/{name}"),
            key=lambda path: [int(part) for part in re.findall(r"\d+", path.parts[-3])],
            reverse=True,  # the newest patch release first
        )
        yield from (str(path) for path in installed)
    for folder in ("/usr/local/bin", "/usr/bin", "/opt/homebrew/bin"):
        yield f"{folder}/{name}"


def find_runtime_python(
    version: str = LAMBDA_PYTHON_VERSION, environ: Mapping[str, str] = os.environ
) -> RuntimePython:
    """A CPython `version` to compile the zip's bytecode with, or a PackagingError saying how.

    LAMBDA_PYTHON, when set, names the interpreter, and nothing else is
    tried: a wrong one is an error, not a reason to pick another. Otherwise
    this interpreter, `python3.13` on PATH, pyenv's versions and the usual
    system folders are asked, in that order.
    """
    configured = environ.get(LAMBDA_PYTHON_VARIABLE, "").strip()
    if configured:
        found = _probe(configured, version)
        if found is None:
            raise PackagingError(
                f"{LAMBDA_PYTHON_VARIABLE}={configured} is not a working CPython {version}, "
                f"the Lambda runtime's version: point it at a python{version}"
            )
        return found
    tried: list[str] = []
    for candidate in _candidates(version, environ):
        if candidate in tried:
            continue
        tried.append(candidate)
        if Path(candidate).exists() and (found := _probe(candidate, version)):
            return found
    raise PackagingError(
        f"no Python {version} found, and the zip's bytecode must be compiled by the Lambda "
        f"runtime's version (python{version}). Install it (for example `pyenv install "
        f"{version}`) or set {LAMBDA_PYTHON_VARIABLE}=/path/to/python{version}. "
        f"Tried: {', '.join(tried)}"
    )


# -- what goes in --------------------------------------------------------------


def first_party_entries() -> Iterator[tuple[str, Path]]:
    """(name in the zip, source file): lambda_function.py, the skill, and its Lambda host.

    The layout decides, not an import scan: `skill/` is everything that runs
    in Lambda and `hosts/aws_lambda.py` serves it there; `tools/` and the other
    hosts never ship.
    """
    entry = SOURCE_ROOT / ENTRY_POINT
    if not entry.is_file():
        raise PackagingError(
            f"{entry} not found: build from a source checkout (pip install -e .), "
            "where lambda/lambda_function.py sits next to the package"
        )
    yield ENTRY_POINT, entry
    shipped = [PACKAGE_DIR / name for name in SHIPPED_FILES]
    skill = sorted(
        path
        for path in (PACKAGE_DIR / SKILL_PACKAGE).rglob("*")
        if path.is_file() and path.suffix in SHIPPED_SUFFIXES and "__pycache__" not in path.parts
    )
    for path in [*shipped, *skill]:
        yield path.relative_to(SOURCE_ROOT).as_posix(), path


def distribution_entries(name: str) -> Iterator[tuple[str, Path]]:
    """(name in the zip, installed file) for one distribution, without bytecode or scripts.

    Native extensions are dropped, because they are built for this machine and
    not for the function's arm64 Linux; a module that has no pure-Python source
    next to its extension cannot be packaged this way, and says so.
    """
    try:
        distribution = metadata.distribution(name)
    except metadata.PackageNotFoundError as error:
        raise PackagingError(f"{name} is not installed: run `pip install -e .` first") from error
    files = distribution.files
    if files is None:
        raise PackagingError(f"{name} has no RECORD of its files; reinstall it with pip")
    listed = {PurePosixPath(str(file)) for file in files}
    for file in sorted(files, key=str):
        relative = PurePosixPath(str(file))
        if relative.parts[0] == ".." or "__pycache__" in relative.parts:
            continue  # console scripts in bin/, this machine's bytecode caches
        if relative.suffix in _BYTECODE_SUFFIXES:
            continue
        if relative.parts[0].endswith(".dist-info") and relative.name in _DIST_INFO_SKIPPED:
            continue
        if relative.name.endswith(_NATIVE_SUFFIXES):
            source = relative.with_name(relative.name.split(".")[0] + ".py")
            if source not in listed:
                raise PackagingError(
                    f"{name} needs its native module {relative} (no pure-Python {source}): "
                    "it would have to be built for arm64 Linux, which this builder does not do"
                )
            continue
        path = Path(str(distribution.locate_file(file)))
        if path.is_file():
            yield str(relative), path


def _all_entries() -> tuple[dict[str, Path], tuple[tuple[str, str], ...]]:
    entries: dict[str, Path] = {}
    sources = chain(
        first_party_entries(), *(distribution_entries(name) for name in RUNTIME_DISTRIBUTIONS)
    )
    for arcname, path in sources:
        if arcname in entries and entries[arcname] != path:
            raise PackagingError(f"{arcname} comes from both {entries[arcname]} and {path}")
        entries[arcname] = path
    versions = tuple((name, metadata.version(name)) for name in RUNTIME_DISTRIBUTIONS)
    return entries, versions


# -- bytecode ------------------------------------------------------------------

# Runs under the runtime's Python: compiles each (source, recorded name, output)
# read from stdin, as the import system would, into an unchecked-hash .pyc.
# SyntaxWarnings (invalid escapes in the SDK's docstrings) are the SDK's to fix,
# and once compiled here they no longer reach the function's log either.
_COMPILER = """
import json, py_compile, sys
for source, recorded, output in json.load(sys.stdin):
    py_compile.compile(
        source,
        cfile=output,
        dfile=recorded,
        doraise=True,
        optimize=0,
        invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH,
    )
"""


def bytecode_name(arcname: str, cache_tag: str) -> str:
    """Where the import system looks for a module's bytecode: `pkg/__pycache__/mod.TAG.pyc`."""
    source = PurePosixPath(arcname)
    return str(source.parent / "__pycache__" / f"{source.stem}.{cache_tag}.pyc")


def compile_bytecode(sources: Mapping[str, Path], python: RuntimePython) -> dict[str, bytes]:
    """{bytecode name in the zip: .pyc bytes} for every .py in `sources`, by `python`.

    One process compiles them all in name order, with a fixed hash seed and
    optimisation level 0 (Lambda runs `python` without -O).
    """
    modules = sorted(name for name in sources if name.endswith(".py"))
    with tempfile.TemporaryDirectory(prefix="sd-bytecode-") as folder:
        jobs = [
            [str(sources[name]), f"{LAMBDA_TASK_ROOT}/{name}", str(Path(folder) / f"{index}.pyc")]
            for index, name in enumerate(modules)
        ]
        command = [python.executable, "-S", "-s", "-B", "-W", "ignore::SyntaxWarning"]
        try:
            completed = subprocess.run(
                [*command, "-c", _COMPILER],
                input=json.dumps(jobs),
                capture_output=True,
                text=True,
                env={"PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1", "LC_ALL": "C.UTF-8"},
                timeout=COMPILE_TIMEOUT_SECONDS,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            raise PackagingError(f"compiling with {python.executable} failed: {error}") from error
        if completed.returncode != 0:
            raise PackagingError(
                f"compiling with {python.executable} failed:\n{completed.stderr.strip()}"
            )
        compiled = {
            bytecode_name(name, python.cache_tag): Path(output).read_bytes()
            for name, (_, _, output) in zip(modules, jobs, strict=True)
        }
    for name, data in compiled.items():
        if data[:4] != python.magic:
            raise PackagingError(f"{name} was not written by Python {python.version}")
    return compiled


# -- writing -------------------------------------------------------------------


def _zip_info(arcname: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(arcname, date_time=FIXED_DATE_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = CREATOR_UNIX
    info.external_attr = (stat.S_IFREG | FILE_MODE) << 16
    return info


def build_lambda_zip(output: Path, python: RuntimePython | None = None) -> PackageReport:
    """Write the deployment zip to `output` (parents created, replaced atomically).

    `python` compiles the bytecode; by default `find_runtime_python()` finds
    one, and without one nothing is written.
    """
    output = Path(output)
    python = python or find_runtime_python()
    entries, versions = _all_entries()
    contents: dict[str, bytes] = {name: path.read_bytes() for name, path in entries.items()}
    bytecode = compile_bytecode(entries, python)
    if clash := contents.keys() & bytecode.keys():
        raise PackagingError(f"bytecode would replace shipped files: {sorted(clash)[:3]}")
    contents.update(bytecode)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for arcname in sorted(contents):
            archive.writestr(_zip_info(arcname), contents[arcname], compresslevel=COMPRESS_LEVEL)
    payload = buffer.getvalue()
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    partial.write_bytes(payload)
    os.replace(partial, output)
    return PackageReport(
        path=output,
        compressed_bytes=len(payload),
        uncompressed_bytes=sum(len(data) for data in contents.values()),
        file_count=len(contents),
        sha256=hashlib.sha256(payload).hexdigest(),
        distributions=versions,
        python=python,
        bytecode_count=len(bytecode),
    )
