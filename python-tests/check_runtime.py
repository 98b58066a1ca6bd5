#!/usr/bin/env python3
"""Lints, type-checks and unit-tests the shared runtime module, dag-templates/template_generator.py, without Airflow.

    python3 check_runtime.py [-- PYTEST_ARGS...]

The module runs in users' schedulers, so it gets a library's checks, in seconds, from a small pinned venv
(pins/runtime-checks.txt: pytest, Jinja2, botocore, ruff, mypy; cached beside the Airflow ones):
  - ruff (ruff.toml's rules) on the module, its type stub and the unit tests; ruff format on the tests;
  - mypy on the module's bodies, and on the unit tests against the module's annotations (template_generator.pyi);
  - mypy's stubtest: the annotations agree with the module (every public name, every signature);
  - pytest on runtime/: every public function of the module (runtime/test_template_generator.py).
The module's own bytes are part of the generated output, hence annotations in a stub rather than inline.
Nothing is written into the sources (no bytecode, no caches). Exit codes: 0 passed, 1 a check failed,
3 environment error (venv set-up).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
MODULES = REPO / "dag-templates"
MODULE = MODULES / "template_generator.py"
STUB = MODULES / "template_generator.pyi"
TESTS = HERE / "runtime"
PINS = HERE / "pins" / "runtime-checks.txt"
# The venv logic is the one `emrdag verify` ships in its jar: one cache, one truth.
sys.path.insert(0, str(REPO / "generator" / "src" / "main" / "resources" / "io" / "emrdag" / "verify"))
from environments import EnvironmentProblem, ensure_venv  # noqa: E402


def main() -> int:
    argv = sys.argv[1:]
    pytest_args = argv[argv.index("--") + 1 :] if "--" in argv else []
    try:
        venv = ensure_venv("runtime-checks", PINS)
    except EnvironmentProblem as problem:
        print(problem, file=sys.stderr)
        return 3
    python = str(venv / "bin" / "python")
    # The tests' helpers and the module sort as first-party imports, wherever ruff runs from.
    ruff = [
        str(venv / "bin" / "ruff"),
        "--config",
        str(HERE / "ruff.toml"),
        "--config",
        f"src = ['{TESTS}', '{MODULES}']",
    ]
    mypy = [python, "-m", "mypy", "--config-file", str(TESTS / "mypy.ini")]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "MYPY"))}
    env.update(PYTHONDONTWRITEBYTECODE="1", MYPYPATH=str(MODULES))
    checks = [
        ("ruff check: module, stub, unit tests", [*ruff, "check", "--no-cache", MODULE, STUB, TESTS], {}),
        ("ruff format: unit tests and stub", [*ruff, "format", "--check", "--no-cache", TESTS, STUB], {}),
        ("mypy: the module's bodies", [*mypy, MODULE], {}),
        ("mypy: the unit tests against the module's annotations", [*mypy, *TESTS.glob("*.py"), STUB], {}),
        (
            "stubtest: the annotations agree with the module",
            [python, "-m", "mypy.stubtest", "--mypy-config-file", str(TESTS / "mypy.ini"), "template_generator"],
            {"PYTHONPATH": str(MODULES)},
        ),
        (
            "pytest: every public function, without Airflow",
            [python, "-m", "pytest", TESTS, "-p", "no:cacheprovider", "-q", "-ra", *pytest_args],
            {},
        ),
    ]
    failed = []
    print(f"runtime module checks ({venv.name}) of {MODULE.relative_to(REPO)}:", flush=True)
    for what, command, extra in checks:
        started = time.monotonic()
        result = subprocess.run(
            list(map(str, command)),
            cwd=TESTS,
            env={**env, **extra},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        ok = result.returncode == 0
        summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
        print(f"  {'ok' if ok else 'FAILED'}  {what} ({time.monotonic() - started:.1f} s): {summary}", flush=True)
        if not ok:
            failed.append(what)
            print(result.stdout, flush=True)
    print(f"{len(checks) - len(failed)} of {len(checks)} checks passed", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
