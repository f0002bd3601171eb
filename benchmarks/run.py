"""Speed, memory and size budgets, measured side by side in one run.

    .venv/bin/python benchmarks/run.py            # the full run (about two minutes)
    .venv/bin/python benchmarks/run.py --quick    # fewer repetitions, for a smoke check

Prints a table and writes it to benchmarks/results.md. Everything runs on this
machine: a DynamoDB-compatible server (moto, server mode) and the webservice
are started on 127.0.0.1 and stopped at the end; nothing else is contacted.
Budgets are checked and reported here, never asserted in the test suite,
because timings depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.client import HTTPConnection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EVENTS = ROOT / "tests" / "events"
RESULTS = ROOT / "benchmarks" / "results.md"
PYTHON = sys.executable
sys.path[:0] = [str(ROOT / "lambda"), str(ROOT / "tests")]

from support.loopback import free_port, stop, wait_until_answering  # noqa: E402 - after the path is set

CLI = Path(PYTHON).parent / "secure-differentiation"

COLD_BUDGET_RATIO = 1.2
SKILL_WORK_BUDGET_MS = 1.0
LAMBDA_MEMORY_MB = 128


@dataclass
class Row:
    what: str
    measured: str
    budget: str = ""
    verdict: str = ""


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def event(name: str, **request: Any) -> dict[str, Any]:
    loaded = json.loads((EVENTS / f"{name}.json").read_text(encoding="utf-8"))
    loaded["request"].update(request)
    return loaded


def intent_event(intent: str, *, new: bool, attributes: dict[str, Any] | None = None) -> dict:
    envelope = event("intent", intent={"name": intent, "confirmationStatus": "NONE", "slots": {}})
    envelope["session"]["new"] = new
    envelope["session"]["attributes"] = attributes or {}
    return envelope


@contextmanager
def dynamodb_server() -> Iterator[dict[str, str]]:
    """moto in server mode on loopback, and the environment that points the skill at it."""
    port = free_port()
    process = subprocess.Popen(
        [PYTHON, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        endpoint = f"http://127.0.0.1:{port}"
        wait_until_answering(f"{endpoint}/moto-api/data.json", process)
        env = {
            "AWS_ACCESS_KEY_ID": "benchmark",
            "AWS_SECRET_ACCESS_KEY": "benchmark",
            "AWS_REGION": "us-east-1",
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_ENDPOINT_URL_DYNAMODB": endpoint,
            "AWS_CONFIG_FILE": os.devnull,
            "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
            "SKILL_TABLE_NAME": f"benchmark-{uuid.uuid4().hex[:8]}",
            "PEER_TABLE_NAME": f"benchmark-peer-{uuid.uuid4().hex[:8]}",
        }
        os.environ.update(env)
        from secure_differentiation.skill.persistence.dynamodb import create_table

        create_table(table_name=env["SKILL_TABLE_NAME"])
        create_table(table_name=env["PEER_TABLE_NAME"])  # the same key: `id`, a string
        yield env
    finally:
        stop(process)


# --- cold start, as Lambda's python3.13 runtime runs it, against a peer -------------

FIRST_LAUNCH = ROOT / "benchmarks" / "first_launch.py"
PEER = ROOT / "benchmarks" / "peer"
COLD_BUDGET_RATIO = 0.7  # the project's first launch, as a fraction of the peer's
# The libraries the runtime stand-in holds: what Lambda's Python runtimes ship.
RUNTIME_REQUIREMENTS = ("boto3", "snapshot-restore-py")
# Installed for the peer at the versions this project runs, so both sides use one SDK.
SHARED_VERSIONS = (
    "ask-sdk-core",
    "ask-sdk-model",
    "ask-sdk-runtime",
    "boto3",
    "botocore",
    "jmespath",
    "python-dateutil",
    "requests",
    "s3transfer",
    "six",
    "urllib3",
)
CATEGORIES = (
    ("ask", "ASK SDK core and model imports"),
    ("deps", "their dependencies (urllib3, dateutil, six, requests...)"),
    ("botocore", "botocore import (and boto3 for the peer)"),
    ("own", "the skill's own modules"),
    ("stdlib", "standard library imports"),
    ("client", "DynamoDB client creation (boto3 resource for the peer)"),
    ("round trip", "DynamoDB round trips"),
    ("rest", "the rest: deserialising, dispatch, handlers, serialising"),
)
_CATEGORY_OF_TOP_LEVEL = {
    **dict.fromkeys(
        ("ask_sdk", "ask_sdk_core", "ask_sdk_model", "ask_sdk_runtime", "ask_sdk_dynamodb"), "ask"
    ),
    **dict.fromkeys(
        ("urllib3", "dateutil", "six", "requests", "certifi", "idna", "charset_normalizer"), "deps"
    ),
    **dict.fromkeys(("botocore", "boto3", "jmespath", "s3transfer"), "botocore"),
    **dict.fromkeys(("lambda_function", "secure_differentiation"), "own"),
}
_IMPORT_TIME = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


@dataclass
class StandIn:
    """Lambda's python3.13 runtime, imitated: its interpreter and libraries, and three codes."""

    python: str
    version: str
    runtime: Path  # boto3 and its dependencies, precompiled, as the runtime has them
    tasks: dict[str, Path]  # name -> an unpacked, read-only /var/task


def _pip_install_target(python: str, target: Path, *requirements: str) -> None:
    """`pip install -t`, as the ASK CLI builds a Python skill; pip compiles what it installs."""
    command = [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    completed = subprocess.run(
        [*command, "--target", str(target), *requirements],
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"pip install -t {target.name} failed:\n{completed.stderr}")


def _read_only(folder: Path) -> None:
    for path in folder.rglob("*"):
        mode = path.stat().st_mode
        path.chmod(mode & ~0o222)


def _file_count(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*"))


def lambda_stand_in(folder: Path) -> StandIn:
    """Build the runtime stand-in, the project's zip unpacked, and the peer as the ASK CLI would."""
    from importlib import metadata

    from secure_differentiation.tools.packaging import build_lambda_zip, find_runtime_python

    python = find_runtime_python()  # refuses, saying how to fix it, when there is none
    pins = {name: metadata.version(name) for name in SHARED_VERSIONS}
    runtime = folder / "runtime"
    _pip_install_target(
        python.executable,
        runtime,
        *(f"{name}=={pins[name]}" if name in pins else name for name in RUNTIME_REQUIREMENTS),
    )
    report = build_lambda_zip(folder / "lambda.zip", python)
    project = folder / "project"
    with zipfile.ZipFile(report.path) as archive:
        archive.extractall(project)
    source_only = folder / "project-source-only"
    shutil.copytree(project, source_only, ignore=shutil.ignore_patterns("__pycache__"))
    peer = folder / "peer"
    constraints = folder / "peer-constraints.txt"
    constraints.write_text("".join(f"{name}=={v}\n" for name, v in pins.items()), "utf-8")
    _pip_install_target(
        python.executable, peer, "-r", str(PEER / "requirements.txt"), "-c", str(constraints)
    )
    shutil.copy2(PEER / "lambda_function.py", peer / "lambda_function.py")
    tasks = {"project": project, "peer": peer, "project, source only": source_only}
    for path in [runtime, *tasks.values()]:
        _read_only(path)
    return StandIn(python.executable, python.version, runtime, tasks)


def _first_launch(
    stand_in: StandIn, task: Path, env: dict[str, str], *, breakdown: bool = False
) -> tuple[dict[str, Any], str]:
    command = [stand_in.python, "-I", "-B"]
    command += ["-X", "importtime"] if breakdown else []
    command += [str(FIRST_LAUNCH), str(task), str(stand_in.runtime), str(EVENTS / "launch.json")]
    command += ["--breakdown"] if breakdown else []
    completed = subprocess.run(
        command, env=env, capture_output=True, text=True, check=False, timeout=120
    )
    if completed.returncode != 0:
        raise RuntimeError(f"{task.name}: first launch failed\n{completed.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    if "<speak>" not in result["speech"]:
        raise RuntimeError(f"{task.name}: the first launch did not speak: {result}")
    return result, completed.stderr


def _stand_in_env(env: dict[str, str]) -> dict[str, str]:
    """What Lambda sets, plus the loopback DynamoDB; the peer reads PEER_TABLE_NAME."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",  # -I ignores it; -B is what holds
        "AWS_LAMBDA_FUNCTION_NAME": "secure-differentiation-benchmark",
        "LOG_LEVEL": "INFO",
        **{k: v for k, v in env.items() if k.startswith("AWS_")},
        "SKILL_TABLE_NAME": env["SKILL_TABLE_NAME"],
        "PEER_TABLE_NAME": env["PEER_TABLE_NAME"],
    }


def cold_start(stand_in: StandIn, env: dict[str, str], runs: int) -> tuple[list[Row], str]:
    """Alternate the contenders run by run, so machine noise falls on all of them alike.

    The verdict is on wall time, what a person waits for. CPU time (user and
    system, of the process alone) is shown beside it: on a shared machine it
    moves less with what else is running.
    """
    process_env = _stand_in_env(env)
    before = {name: _file_count(task) for name, task in stand_in.tasks.items()}
    for task in stand_in.tasks.values():  # once each: the OS file cache, the stored items
        _first_launch(stand_in, task, process_env)
    wall: dict[str, list[float]] = {name: [] for name in stand_in.tasks}
    cpu: dict[str, list[float]] = {name: [] for name in stand_in.tasks}
    for _ in range(runs):
        for name, task in stand_in.tasks.items():
            result = _first_launch(stand_in, task, process_env)[0]
            wall[name].append(result["first_launch_ms"])
            cpu[name].append(result["first_launch_cpu_ms"])
    after = {name: _file_count(task) for name, task in stand_in.tasks.items()}
    if before != after:
        raise RuntimeError(f"a read-only task directory changed: {before} -> {after}")
    median = {name: statistics.median(values) for name, values in wall.items()}
    median_cpu = {name: statistics.median(values) for name, values in cpu.items()}
    ratio = median["project"] / median["peer"]
    pairs = sorted(p / q for p, q in zip(wall["project"], wall["peer"], strict=True))
    where = (
        f"python {stand_in.version}, only boto3 (and snapshot-restore-py) in the runtime, "
        f"code read-only, no bytecode written, DynamoDB on loopback; median of {runs} "
        "alternated runs"
    )

    def measured(name: str) -> str:
        return (
            f"{median[name]:.0f} ms ({median[name] / median['peer']:.2f}x the peer); "
            f"CPU {median_cpu[name]:.0f} ms ({median_cpu[name] / median_cpu['peer']:.2f}x)"
        )

    rows = [
        Row(
            "first launch, peer (an ASK SDK sample's shape, `pip install -t`): import + "
            "one LaunchRequest from DynamoDB",
            f"{median['peer']:.0f} ms; CPU {median_cpu['peer']:.0f} ms",
        ),
        Row("first launch, the same zip without its bytecode", measured("project, source only")),
        Row(
            "first launch, project (the deployment zip)",
            f"{measured('project')}; run by run {pairs[0]:.2f}-{pairs[-1]:.2f}x, "
            f"median {statistics.median(pairs):.2f}x",
            f"<= {COLD_BUDGET_RATIO}x the peer",
            "met" if ratio <= COLD_BUDGET_RATIO else "NOT met",
        ),
    ]
    return rows, where


def _import_times(stderr: str) -> list[tuple[str, float, int]]:
    """(module, self ms, depth) from `-X importtime`, in the order Python reports them."""
    found = []
    for line in stderr.splitlines():
        match = _IMPORT_TIME.match(line)
        if match:
            found.append((match[4], int(match[1]) / 1000, len(match[3])))
    return found


def _categorise(result: dict[str, Any], stderr: str) -> tuple[dict[str, float], dict[str, str]]:
    """One instrumented first launch, split into CATEGORIES (ms); and who imported each module."""
    preloaded = set(result["preloaded"])
    imports = [entry for entry in _import_times(stderr) if entry[0] not in preloaded]
    own_time = {name: ms for name, ms, _ in imports}
    totals = dict.fromkeys((key for key, _ in CATEGORIES), 0.0)
    importer: dict[str, str] = {}
    handler_done = next((i for i, entry in enumerate(imports) if entry[0] == "lambda_function"), 0)
    for index, (name, _, depth) in enumerate(imports):
        # importtime lists children before their parent: the parent is the next shallower line.
        parent = next((later for later, _, d in imports[index + 1 :] if d < depth), None)
        # A top-level line after lambda_function's own was imported by a function, on request.
        on_request = "(a function, on the first request)"
        importer[name] = parent or (on_request if index > handler_done else "lambda_function")
    for call in result["calls"]:
        if call["kind"] == "client":
            nested = sum(own_time.get(module, 0.0) for module in call["new_modules"])
            work = call["ms"] - nested
            totals["client"] += work
            if call["inside"] in own_time:  # the peer builds its resource while importing
                own_time[call["inside"]] -= work
        else:
            totals["round trip"] += call["ms"]
    for name, ms in own_time.items():
        totals[_CATEGORY_OF_TOP_LEVEL.get(name.split(".")[0], "stdlib")] += ms
    totals["rest"] = result["first_launch_ms"] - sum(totals.values())
    totals["compile"] = result["compile_ms"]
    totals["total"] = result["first_launch_ms"]
    return totals, importer


def breakdown(stand_in: StandIn, env: dict[str, str], runs: int) -> tuple[str, str]:
    """Where each first launch goes, and which standard library imports it pulls in, one by one."""
    process_env = _stand_in_env(env)
    names = ("project", "project, source only", "peer")
    per_run: dict[str, list[dict[str, float]]] = {name: [] for name in names}
    stdlib: dict[str, list[float]] = {}
    importers: dict[str, str] = {}
    for _ in range(runs):
        for name in names:
            result, stderr = _first_launch(
                stand_in, stand_in.tasks[name], process_env, breakdown=True
            )
            totals, importer = _categorise(result, stderr)
            per_run[name].append(totals)
            if name == "project":
                for module, ms, _ in _import_times(stderr):
                    if module in result["preloaded"]:
                        continue
                    if _CATEGORY_OF_TOP_LEVEL.get(module.split(".")[0], "stdlib") == "stdlib":
                        stdlib.setdefault(module, []).append(ms)
                        importers[module] = _first_outside_stdlib(module, importer)
    keys = [*(key for key, _ in CATEGORIES), "compile", "total"]
    labels = dict(CATEGORIES) | {
        "compile": "compiling source (inside the imports above)",
        "total": "first launch, instrumented (`-X importtime` adds to it)",
    }
    median = {
        name: {key: statistics.median(run[key] for run in per_run[name]) for key in keys}
        for name in names
    }
    lines = [
        f"Where the first launch goes (ms, median of {runs} instrumented runs each):",
        "",
        "| part | project | same zip, no bytecode | peer |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {labels[key]} | {median['project'][key]:.0f} | "
        f"{median['project, source only'][key]:.0f} | {median['peer'][key]:.0f} |"
        for key in keys
    ]
    heaviest = sorted(stdlib.items(), key=lambda item: -statistics.median(item[1]))
    shown = sum(statistics.median(values) for _, values in heaviest)
    stdlib_lines = [
        f"The project's standard library imports on its first launch: {len(stdlib)} modules, "
        f"{shown:.0f} ms of their own time (median each); the heaviest, and who pulls them in:",
        "",
        "| module | ms | pulled in by |",
        "|---|---|---|",
    ]
    stdlib_lines += [
        f"| {module} | {statistics.median(values):.1f} | {importers[module]} |"
        for module, values in heaviest[:25]
    ]
    return "\n".join(lines) + "\n", "\n".join(stdlib_lines) + "\n"


def _first_outside_stdlib(module: str, importer: dict[str, str]) -> str:
    """The nearest importer that is not itself standard library: who is responsible for it."""
    seen = module
    while seen in importer:
        seen = importer[seen]
        if _CATEGORY_OF_TOP_LEVEL.get(seen.split(".")[0], "stdlib") != "stdlib":
            return seen
    return seen


# --- warm requests ------------------------------------------------------------------

FLOWS: dict[str, Callable[[], dict[str, Any]]] = {
    "launch": lambda: event("launch"),
    "mantra (one-shot)": lambda: intent_event("GetMantraIntent", new=True),
    "walk-through next": lambda: intent_event(
        "AMAZON.NextIntent", new=False, attributes={"pending": {"kind": "walkthrough", "skill": 3}}
    ),
    "skill of the day": lambda: intent_event("SkillOfTheDayIntent", new=True),
    "help": lambda: intent_event("AMAZON.HelpIntent", new=False),
}


class CallCounter:
    """Counts the DynamoDB operations a request makes, from botocore's own events."""

    def __init__(self, client: Any) -> None:
        self.calls: list[str] = []
        client.meta.events.register("before-call.dynamodb", self._count)

    def _count(self, model: Any, **_: Any) -> None:
        self.calls.append(model.name)


def warm_requests(requests: int) -> list[Row]:
    from secure_differentiation.hosts import default_storage
    from secure_differentiation.hosts.aws_lambda import lambda_handler

    rows = []
    counter = CallCounter(default_storage().client)  # the DynamoDB adapter: SKILL_TABLE_NAME is set
    for flow, make in FLOWS.items():
        samples, calls = [], []
        lambda_handler(make(), None)  # the first one builds clients and caches
        for _ in range(requests):
            before = len(counter.calls)
            started = time.perf_counter()
            lambda_handler(make(), None)
            samples.append(time.perf_counter() - started)
            calls.append(counter.calls[before:])
        reads = max(c.count("GetItem") for c in calls)
        writes = max(c.count("PutItem") for c in calls)
        budget = "no storage call" if flow == "help" else "<= 1 read, <= 1 write"
        met = (reads + writes == 0) if flow == "help" else (reads <= 1 and writes <= 1)
        rows.append(
            Row(
                f"warm {flow}, DynamoDB on loopback: p50 / p99",
                f"{percentile(samples, 0.5) * 1000:.2f} / {percentile(samples, 0.99) * 1000:.2f} ms"
                f"; at most {reads} read(s), {writes} write(s)",
                budget,
                "met" if met else "NOT met",
            )
        )
    return rows


def skill_work(requests: int) -> list[Row]:
    """The skill's own cost: the same flows through lambda_handler's path, storage in memory."""
    import random

    from secure_differentiation.skill import build_skill, invoke
    from secure_differentiation.skill.persistence.memory import InMemoryPersistenceAdapter

    skill = build_skill(InMemoryPersistenceAdapter(), rng=random.Random(1))
    rows = []
    for flow, make in FLOWS.items():
        events = [make() for _ in range(requests)]
        invoke(skill, make())
        samples = []
        for envelope in events:
            started = time.perf_counter()
            invoke(skill, envelope)
            samples.append(time.perf_counter() - started)
        p50 = percentile(samples, 0.5) * 1000
        rows.append(
            Row(
                f"skill's own work, {flow} (in-memory storage): p50 / p99",
                f"{p50:.3f} / {percentile(samples, 0.99) * 1000:.3f} ms",
                f"< {SKILL_WORK_BUDGET_MS:g} ms at p50",
                "met" if p50 < SKILL_WORK_BUDGET_MS else "NOT met",
            )
        )
    return rows


# --- memory ------------------------------------------------------------------------

MEMORY_CODE = """
import json, resource, sys
sys.path.insert(0, {lambda_dir!r})
import lambda_function
events = [json.load(open(p)) for p in {events!r}]
def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
for i in range(1000):
    lambda_function.lambda_handler(events[i % len(events)], None)
after_1000 = rss_mb()
for i in range(1000):
    lambda_function.lambda_handler(events[i % len(events)], None)
print(json.dumps({{"after_1000": after_1000, "after_2000": rss_mb()}}))
"""


def memory(env: dict[str, str]) -> list[Row]:
    paths = [str(EVENTS / name) for name in ("launch.json", "intent.json", "session_ended.json")]
    code = MEMORY_CODE.format(lambda_dir=str(ROOT / "lambda"), events=paths)
    output = subprocess.run(
        [PYTHON, "-c", code], env={**os.environ, **env}, check=True, capture_output=True, text=True
    ).stdout
    measured = json.loads(output.strip().splitlines()[-1])
    growth = measured["after_2000"] - measured["after_1000"]
    return [
        Row(
            "peak RSS after 1,000 requests (DynamoDB)",
            f"{measured['after_1000']:.1f} MB",
            f"fits {LAMBDA_MEMORY_MB} MB with room",
            "met" if measured["after_1000"] < LAMBDA_MEMORY_MB * 0.75 else "NOT met",
        ),
        Row(
            "peak RSS growth over the next 1,000 requests",
            f"{growth:+.1f} MB",
            "no growth with requests",
            "met" if growth < 1.0 else "NOT met",
        ),
    ]


def package_size(path: Path) -> list[Row]:
    """The zip the stand-in ran: its size, and that it carries bytecode for the runtime."""
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
    bytecode = [name for name in names if name.endswith(".pyc")]
    return [
        Row(
            "Lambda zip",
            f"{path.stat().st_size:,} bytes zipped, {len(names)} files, "
            f"{len(bytecode)} of them bytecode",
        )
    ]


# --- the webservice under load ------------------------------------------------------


def webservice_load(clients: int, requests_per_client: int) -> list[Row]:
    port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        env = {k: v for k, v in os.environ.items() if k not in ("SKILL_TABLE_NAME", "SKILL_ID")}
        env["SKILL_DB_PATH"] = str(Path(folder) / "load.sqlite3")
        process = subprocess.Popen(
            [
                str(CLI),
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--insecure-skip-verification",
                "--threads",
                "16",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_until_answering(f"http://127.0.0.1:{port}/health", process)
            latencies: list[float] = []
            errors: list[str] = []
            lock = threading.Lock()

            def client(number: int) -> None:
                connection = HTTPConnection("127.0.0.1", port, timeout=10)
                for index in range(requests_per_client):
                    envelope = (
                        event("launch")
                        if index % 3 == 0
                        else intent_event("GetMantraIntent", new=True)
                    )
                    user = f"amzn1.ask.account.LOAD-{number}"
                    envelope["context"]["System"]["user"]["userId"] = user
                    body = json.dumps(envelope)
                    started = time.perf_counter()
                    try:
                        connection.request("POST", "/", body, {"Content-Type": "application/json"})
                        answer = connection.getresponse()
                        answer.read()
                        status = answer.status
                    except OSError as error:
                        status, connection = -1, HTTPConnection("127.0.0.1", port, timeout=10)
                        with lock:
                            errors.append(type(error).__name__)
                    elapsed = time.perf_counter() - started
                    with lock:
                        latencies.append(elapsed)
                        if status != 200:
                            errors.append(str(status))
                connection.close()

            threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
            started = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=300)
            wall = time.perf_counter() - started
        finally:
            stop(process)
    total = clients * requests_per_client
    return [
        Row(
            f"webservice (waitress, SQLite) under {clients} concurrent clients, {total:,} requests",
            f"{len(latencies) / wall:.0f} req/s; p50 {percentile(latencies, 0.5) * 1000:.1f} ms, "
            f"p99 {percentile(latencies, 0.99) * 1000:.1f} ms; {len(errors)} errors",
            "zero errors",
            "met" if not errors else "NOT met",
        )
    ]


def table(rows: list[Row]) -> str:
    lines = [
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {platform.system()} {platform.release()}; "
        f"{time.strftime('%Y-%m-%d')}",
        "",
        "| measure | result | budget | verdict |",
        "|---|---|---|---|",
    ]
    lines += [f"| {r.what} | {r.measured} | {r.budget} | {r.verdict} |" for r in rows]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument(
        "--cold-start-only", action="store_true", help="only the first launch against the peer"
    )
    args = parser.parse_args()
    rows: list[Row] = []
    sections: list[str] = []
    with tempfile.TemporaryDirectory(prefix="sd-cold-") as folder, dynamodb_server() as env:
        stand_in = lambda_stand_in(Path(folder))
        cold_rows, where = cold_start(stand_in, env, runs=5 if args.quick else 15)
        rows += cold_rows
        sections += breakdown(stand_in, env, runs=3 if args.quick else 7)
        if not args.cold_start_only:
            rows += warm_requests(requests=50 if args.quick else 300)
            rows += memory(env)
        rows += package_size(Path(folder) / "lambda.zip")
    if not args.cold_start_only:
        rows += skill_work(requests=300 if args.quick else 2000)
        rows += webservice_load(clients=50, requests_per_client=20 if args.quick else 60)
    output = "\n".join([table(rows), f"Cold start: {where}.", "", *sections])
    print(output)
    if not args.cold_start_only:
        RESULTS.write_text(output, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
