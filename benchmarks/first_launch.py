"""One cold start, as Lambda's Python runtime runs a function: import the handler, answer once.

benchmarks/run.py starts this in a fresh interpreter of the runtime's version
for every measurement, with the function's code and the runtime's libraries
on the path and nothing else:

    python3.13 -I -B first_launch.py TASK_DIR RUNTIME_DIR EVENT_JSON [--breakdown]

It prints one JSON line: how long importing `lambda_function` took, how long
the first request took, and the answer's speech. With --breakdown (run under
`-X importtime`), it also times what the imports cannot show on their own:
compiling source, building the DynamoDB client (botocore's `create_client`,
or boto3's `resource`, which includes it) and the HTTP round trips to
DynamoDB. It imports only what any handler would (sys, time, json), so the
measurement adds nothing to either side.
"""

import json
import sys
import time
from types import FrameType

started = time.perf_counter()

# The botocore and boto3 functions worth timing, wrapped as their modules load.
WATCHED = {
    "botocore.session": ("Session", "create_client", "client"),
    "boto3.session": ("Session", "resource", "client"),
    "botocore.endpoint": ("Endpoint", "_send", "round trip"),
}
calls: list[dict[str, object]] = []
compiling = [0.0]
_active: dict[str, int] = {}


def _module_being_imported() -> str | None:
    """The innermost module whose body is running: a call timed there is part of its import."""
    frame: FrameType | None = sys._getframe(2)
    while frame is not None:
        if frame.f_code.co_name == "<module>":
            name = frame.f_globals.get("__name__")
            if name != "__main__":
                return str(name)
        frame = frame.f_back
    return None


def _timed(kind: str, function):  # type: ignore[no-untyped-def]
    def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
        if _active.get(kind):  # boto3's resource calls create_client: count the outer one
            return function(*args, **kwargs)
        _active[kind] = 1
        before = set(sys.modules)
        inside = _module_being_imported()
        begun = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            elapsed = time.perf_counter() - begun
            _active[kind] = 0
            calls.append(
                {
                    "kind": kind,
                    "ms": elapsed * 1000,
                    "new_modules": sorted(set(sys.modules) - before),
                    "inside": inside,
                }
            )

    return wrapper


class _Watcher:
    """A meta path finder that lets the others find WATCHED modules, then wraps their functions."""

    def find_spec(self, name, path=None, target=None):  # type: ignore[no-untyped-def]
        if name not in WATCHED:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                break
        else:
            return None
        loader = spec.loader
        execute = loader.exec_module
        owner, attribute, kind = WATCHED[name]

        def exec_module(module):  # type: ignore[no-untyped-def]
            execute(module)
            cls = getattr(module, owner)
            setattr(cls, attribute, _timed(kind, getattr(cls, attribute)))

        loader.exec_module = exec_module
        return spec


def _watch_compiling() -> None:
    """Add up the time spent turning source into code (what bytecode files save)."""
    import _frozen_importlib_external as external

    original = external.SourceLoader.source_to_code

    def source_to_code(self, data, path, *, _optimize=-1):  # type: ignore[no-untyped-def]
        begun = time.perf_counter()
        try:
            return original(self, data, path, _optimize=_optimize)
        finally:
            compiling[0] += time.perf_counter() - begun

    external.SourceLoader.source_to_code = source_to_code  # type: ignore[method-assign]


def main() -> None:
    task, runtime, event_path = sys.argv[1:4]
    breakdown = "--breakdown" in sys.argv[4:]
    if breakdown:
        _watch_compiling()
        sys.meta_path.insert(0, _Watcher())
    sys.path[:0] = [task, runtime]  # /var/task first, then the runtime's libraries
    with open(event_path, encoding="utf-8") as file:
        event = json.load(file)
    preloaded = sorted(sys.modules)  # the interpreter's start and this driver, not the launch
    begun, cpu_begun = time.perf_counter(), time.process_time()
    import lambda_function

    imported = time.perf_counter()
    response = lambda_function.lambda_handler(event, None)
    answered, cpu_answered = time.perf_counter(), time.process_time()
    speech = response.get("response", {}).get("outputSpeech", {}).get("ssml", "")
    print(
        json.dumps(
            {
                "import_ms": (imported - begun) * 1000,
                "first_request_ms": (answered - imported) * 1000,
                "first_launch_ms": (answered - begun) * 1000,
                "first_launch_cpu_ms": (cpu_answered - cpu_begun) * 1000,
                "process_ms": (answered - started) * 1000,
                "compile_ms": compiling[0] * 1000,
                "calls": calls,
                "preloaded": preloaded,
                "speech": speech,
            }
        )
    )


if __name__ == "__main__":
    main()
