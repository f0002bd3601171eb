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
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
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
        }
        os.environ.update(env)
        from secure_differentiation.skill.persistence.dynamodb import create_table

        create_table(table_name=env["SKILL_TABLE_NAME"])
        yield env
    finally:
        stop(process)


# --- cold start -----------------------------------------------------------------

FLOOR = "import ask_sdk_core.skill_builder, botocore.session"
# The same, plus building one DynamoDB client: botocore's client module (which
# imports its docs and waiter machinery) and the service model's JSON.
FLOOR_WITH_CLIENT = (
    FLOOR + "; botocore.session.Session().create_client('dynamodb', region_name='us-east-1')"
)
COLD = (
    "import json, sys; sys.path.insert(0, {lambda_dir!r}); import lambda_function; "
    "lambda_function.lambda_handler(json.load(open({event!r})), None)"
)


def timed_process(code: str, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([PYTHON, "-c", code], env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def cold_start(env: dict[str, str], runs: int) -> list[Row]:
    process_env = {**os.environ, **env}
    cold_code = COLD.format(lambda_dir=str(ROOT / "lambda"), event=str(EVENTS / "launch.json"))
    empty, floor, with_client, cold = [], [], [], []
    for _ in range(runs):  # interleaved, so machine noise falls on all of them alike
        empty.append(timed_process("pass", process_env))
        floor.append(timed_process(FLOOR, process_env))
        with_client.append(timed_process(FLOOR_WITH_CLIENT, process_env))
        cold.append(timed_process(cold_code, process_env))
    ratio = statistics.median(cold) / statistics.median(floor)
    client_ratio = statistics.median(cold) / statistics.median(with_client)
    return [
        Row("interpreter start alone (median)", f"{statistics.median(empty) * 1000:.0f} ms"),
        Row(
            "floor: import ASK SDK core + botocore (median)",
            f"{statistics.median(floor) * 1000:.0f} ms",
        ),
        Row(
            "reference: the floor + building one DynamoDB client (median)",
            f"{statistics.median(with_client) * 1000:.0f} ms",
        ),
        Row(
            "cold start: import lambda_function + first launch on DynamoDB (median)",
            f"{statistics.median(cold) * 1000:.0f} ms ({ratio:.2f}x floor, "
            f"{client_ratio:.2f}x floor with client)",
            f"<= {COLD_BUDGET_RATIO}x floor",
            "met" if ratio <= COLD_BUDGET_RATIO else "NOT met",
        ),
    ]


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
    from secure_differentiation.hosts import default_skill
    from secure_differentiation.hosts.aws_lambda import lambda_handler

    rows = []
    skill = default_skill()
    counter = CallCounter(skill.persistence_adapter.client)
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


def package_size() -> list[Row]:
    from secure_differentiation.tools.packaging import build_lambda_zip

    with tempfile.TemporaryDirectory() as folder:
        report = build_lambda_zip(Path(folder) / "lambda.zip")
        return [
            Row(
                "Lambda zip",
                f"{report.compressed_bytes:,} bytes zipped, {report.file_count} files",
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
    args = parser.parse_args()
    rows: list[Row] = []
    with dynamodb_server() as env:
        rows += cold_start(env, runs=5 if args.quick else 15)
        rows += warm_requests(requests=50 if args.quick else 300)
        rows += memory(env)
    rows += skill_work(requests=300 if args.quick else 2000)
    rows += package_size()
    rows += webservice_load(clients=50, requests_per_client=20 if args.quick else 60)
    output = table(rows)
    print(output)
    RESULTS.write_text(output, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
