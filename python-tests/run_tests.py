#!/usr/bin/env python3
"""Runs the pytest suite against a folder of generated DAGs, once per pinned Airflow target.

    python3 run_tests.py [--target NAME]... [--dags DIR] [-- PYTEST_ARGS...]

Each target (generator/src/main/resources/io/emrdag/verify/targets/<name>.txt, exact pins) gets a venv cached in
$EMRDAG_CACHE/venvs (default ~/.cache/emrdag/venvs), keyed by the requirements file's sha256,
and a fresh temporary AIRFLOW_HOME with a migrated sqlite DB.
Exit codes: 0 all targets passed, 1 a target failed, 2 usage error, 3 environment error.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
# The pins and the venv logic are the ones `emrdag verify` ships in its jar: one cache, one truth.
VERIFY_RESOURCES = HERE.parent / "generator" / "src" / "main" / "resources" / "io" / "emrdag" / "verify"
TARGETS = {p.stem: p for p in sorted(VERIFY_RESOURCES.glob("targets/airflow-*.txt"))}
sys.path.insert(0, str(VERIFY_RESOURCES))
from environments import EnvironmentProblem, ensure_venv  # noqa: E402


def say(message: str) -> None:
    print(message, flush=True)


def run_quietly(what: str, command: list, **kwargs) -> None:
    """Runs a command, printing its output only when it fails."""
    result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kwargs)
    if result.returncode != 0:
        sys.stdout.write(result.stdout)
        raise EnvironmentProblem(f"{what} failed (exit {result.returncode}): {' '.join(map(str, command))}")


def airflow_environment(target: str, dags: Path, home: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW_", "AIRFLOW__", "AWS_", "PYTHON"))}
    env.update(
        AIRFLOW_HOME=str(home),
        AIRFLOW__CORE__DAGS_FOLDER=str(dags),
        AIRFLOW__CORE__LOAD_EXAMPLES="False",
        PYTHONDONTWRITEBYTECODE="1",  # nothing written into the DAG folder or the sources
        EMRDAG_TARGET=target,
        EMRDAG_DAGS=str(dags),
    )
    return env


def run_target(target: str, dags: Path, pytest_args: list[str]) -> tuple[bool, str]:
    say(f"\n===== {target} =====")
    venv = ensure_venv(target, TARGETS[target])
    home = Path(tempfile.mkdtemp(prefix=f"emrdag-{target}-"))
    env = airflow_environment(target, dags, home)
    started = time.monotonic()
    run_quietly("airflow db migrate", [venv / "bin" / "airflow", "db", "migrate"], env=env)
    # A pristine copy for tests that start an Airflow of their own (test_deploy_e2e.py): no second migration.
    shutil.copyfile(home / "airflow.db", home / "migrated.db")
    env["EMRDAG_MIGRATED_DB"] = str(home / "migrated.db")
    say(f"initialised Airflow DB in {home} in {time.monotonic() - started:.0f} s")
    started = time.monotonic()
    command = [venv / "bin" / "python", "-m", "pytest", HERE / "tests", "-p", "no:cacheprovider"]
    command += ["-v", "-ra", "--tb=short", "--durations=0", "--durations-min=0.5", *pytest_args]
    code = subprocess.run(command, cwd=HERE, env=env).returncode
    seconds = time.monotonic() - started
    if code == 0:
        shutil.rmtree(home, ignore_errors=True)
        return True, f"passed in {seconds:.0f} s"
    reason = "no tests collected" if code == 5 else f"pytest exit {code}"
    return False, f"FAILED ({reason}) in {seconds:.0f} s; Airflow home kept at {home}"


def main() -> int:
    argv = sys.argv[1:]
    pytest_args = argv[argv.index("--") + 1 :] if "--" in argv else []
    argv = argv[: argv.index("--")] if "--" in argv else argv
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--target", action="append", choices=sorted(TARGETS), help="target to test (repeatable; default: all)"
    )
    parser.add_argument(
        "--dags", type=Path, default=HERE.parent / "generated-dags", help="DAG folder (default: %(default)s)"
    )
    args = parser.parse_args(argv)
    dags = args.dags.resolve()
    if not dags.is_dir():
        parser.error(f"DAG folder {dags} does not exist")

    results = {}
    for target in args.target or sorted(TARGETS):
        try:
            results[target] = run_target(target, dags, pytest_args)
        except EnvironmentProblem as e:
            results[target] = (None, f"ENVIRONMENT ERROR: {e}")
    say("")
    for target, (_, summary) in results.items():
        say(f"{target}: {summary}")
    outcomes = [ok for ok, _ in results.values()]
    return 3 if None in outcomes else 0 if all(outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
