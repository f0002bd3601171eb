"""Build the Lambda deployment zip, reproducibly: the same inputs give the same bytes.

The zip holds:

- `lambda_function.py` at its root;
- the skill (`secure_differentiation/skill/`, its content included) and its
  Lambda host (`hosts/aws_lambda.py`), chosen by the package's layout. The
  developer's tools (`tools/`: the CLI, the console and its resolver, this
  builder) and the webservice host stay out, and so do their dependencies
  (Flask, cryptography);
- the third-party distributions the Lambda runtime lacks, copied file by file
  from the installed ones using their `importlib.metadata` file lists. boto3
  and botocore (with jmespath and s3transfer) stay out: every AWS Lambda
  Python runtime provides them.

Reproducible means: entries sorted by name, every timestamp 1980-01-01, every
file mode 0644 from a "Unix" creator, no directory entries, no bytecode, one
fixed deflate level. Rebuilding an unchanged tree gives an identical file (with
the same zlib), so a deploy of an unchanged build uploads nothing new.
"""

from __future__ import annotations

import hashlib
import io
import os
import stat
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import metadata
from itertools import chain
from pathlib import Path, PurePosixPath

__all__ = [
    "PROVIDED_BY_LAMBDA",
    "RUNTIME_DISTRIBUTIONS",
    "PackageReport",
    "PackagingError",
    "build_lambda_zip",
    "distribution_entries",
    "first_party_entries",
]

PACKAGE_DIR = Path(__file__).resolve().parents[1]  # lambda/secure_differentiation
SOURCE_ROOT = PACKAGE_DIR.parent  # lambda/: holds lambda_function.py and the package
ENTRY_POINT = "lambda_function.py"
# What ships: the whole skill, and of the hosts only the package and the Lambda host.
SKILL_PACKAGE = "skill"
SHIPPED_FILES = ("__init__.py", "py.typed", "hosts/__init__.py", "hosts/aws_lambda.py")
SHIPPED_SUFFIXES = frozenset({".py", ".json"})

# Everything the skill imports that the Lambda runtime lacks: the ASK SDK and,
# transitively, what it needs at import (requests for its API client, dateutil
# and six for the models). The tests compare this list with the installed
# distributions' own requirements, so an SDK upgrade that needs more fails there.
RUNTIME_DISTRIBUTIONS = (
    "ask-sdk-core",
    "ask-sdk-model",
    "ask-sdk-runtime",
    "certifi",
    "charset-normalizer",
    "idna",
    "python-dateutil",
    "requests",
    "six",
    "urllib3",
)

# Part of every AWS Lambda Python runtime (boto3 and what it depends on alone).
# The skill imports boto3 lazily and uses whatever version the runtime has.
PROVIDED_BY_LAMBDA = frozenset({"boto3", "botocore", "jmespath", "s3transfer"})

FIXED_DATE_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can hold
FILE_MODE = 0o644
CREATOR_UNIX = 3
COMPRESS_LEVEL = 9

# Installer bookkeeping in .dist-info: RECORD lists bytecode that is not shipped.
_DIST_INFO_SKIPPED = frozenset({"RECORD", "INSTALLER", "REQUESTED", "direct_url.json"})
_NATIVE_SUFFIXES = (".so", ".pyd", ".dylib", ".dll")
_BYTECODE_SUFFIXES = (".pyc", ".pyo")


class PackagingError(RuntimeError):
    """The zip cannot be built as promised (missing source, native-only code, ...)."""


@dataclass(frozen=True)
class PackageReport:
    """What was built: where, how big, and which third-party versions are inside."""

    path: Path
    compressed_bytes: int
    uncompressed_bytes: int
    file_count: int
    sha256: str
    distributions: tuple[tuple[str, str], ...]

    def lines(self) -> list[str]:
        """A short human summary, for the CLI."""
        return [
            f"{self.path}: {self.compressed_bytes:,} bytes zipped "
            f"({self.uncompressed_bytes:,} unzipped), {self.file_count} files",
            f"sha256 {self.sha256}",
            "bundled: " + ", ".join(f"{name} {version}" for name, version in self.distributions),
            "left to the Lambda runtime: " + ", ".join(sorted(PROVIDED_BY_LAMBDA)),
        ]


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
            continue  # console scripts in bin/, bytecode caches
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


# -- writing -------------------------------------------------------------------


def _zip_info(arcname: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(arcname, date_time=FIXED_DATE_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = CREATOR_UNIX
    info.external_attr = (stat.S_IFREG | FILE_MODE) << 16
    return info


def build_lambda_zip(output: Path) -> PackageReport:
    """Write the deployment zip to `output` (parents created, replaced atomically)."""
    output = Path(output)
    entries, versions = _all_entries()
    buffer = io.BytesIO()
    uncompressed = 0
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for arcname in sorted(entries):
            data = entries[arcname].read_bytes()
            uncompressed += len(data)
            archive.writestr(_zip_info(arcname), data, compresslevel=COMPRESS_LEVEL)
    payload = buffer.getvalue()
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    partial.write_bytes(payload)
    os.replace(partial, output)
    return PackageReport(
        path=output,
        compressed_bytes=len(payload),
        uncompressed_bytes=uncompressed,
        file_count=len(entries),
        sha256=hashlib.sha256(payload).hexdigest(),
        distributions=versions,
    )
