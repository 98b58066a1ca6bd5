#!/usr/bin/env python3
"""Runs the pytest suite against a folder of generated DAGs, once per pinned Airflow target.

    python3 run_tests.py [--target NAME]... [--dags DIR] [--jobs N] [--full] [-- PYTEST_ARGS...]

Each target (generator/src/main/resources/io/emrdag/verify/targets/<name>.txt, exact pins) gets a venv cached in
$EMRDAG_CACHE/venvs (default ~/.cache/emrdag/venvs), keyed by the requirements file's sha256,
and a fresh temporary AIRFLOW_HOME with a migrated sqlite DB. Targets run side by side (--jobs, default 2:
one per core of a CI runner), each one's output shown when it ends. The tests learn their target from
EMRDAG_TARGET and how much to run from EMRDAG_RUNS: "all" (every dag.test() scenario for every DAG) on the
FULL_TARGETS, "sample" (each scenario for one DAG) on the others, "all" everywhere with --full.
Exit codes: 0 all targets passed, 1 a target failed, 2 usage error, 3 environment error.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
# The pins and the venv logic are the ones `emrdag verify` ships in its jar: one cache, one truth.
VERIFY_RESOURCES = HERE.parent / "generator" / "src" / "main" / "resources" / "io" / "emrdag" / "verify"
TARGETS = {p.stem: p for p in sorted(VERIFY_RESOURCES.glob("targets/airflow-*.txt"))}
sys.path.insert(0, str(VERIFY_RESOURCES))
from environments import EnvironmentProblem, ensure_venv  # noqa: E402

# One Airflow 2 and one Airflow 3 target run every dag.test() scenario for every DAG; the others a sample.
FULL_TARGETS = ("airflow-2.10.3", "airflow-3.3.1")
# Seconds each target took in the last fresh-clone CI run (8 Dec 2026, 2 cores, two side by side, scheduler suites
# included: both sensor modes on 3.3.1). Targets start longest first (LPT: each free slot takes the longest target
# left), so that the last to finish is a short one; only the order matters. A target not listed starts last.
LAST_SECONDS = {
    "airflow-2.10.3": 1035,
    "airflow-3.3.1": 991,
    "airflow-3.0.6": 165,
    "airflow-3.2.1": 161,
    "airflow-2.11.2": 138,
    "airflow-2.11.0": 128,
}


def say(message: str) -> None:
    print(message, flush=True)


def run_quietly(what: str, command: list, **kwargs) -> None:
    """Runs a command, printing its output only when it fails."""
    result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kwargs)
    if result.returncode != 0:
        sys.stdout.write(result.stdout)
        raise EnvironmentProblem(f"{what} failed (exit {result.returncode}): {' '.join(map(str, command))}")


def airflow_environment(target: str, dags: Path, home: Path, runs: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW_", "AIRFLOW__", "AWS_", "PYTHON"))}
    env.update(
        AIRFLOW_HOME=str(home),
        AIRFLOW__CORE__DAGS_FOLDER=str(dags),
        AIRFLOW__CORE__LOAD_EXAMPLES="False",
        PYTHONDONTWRITEBYTECODE="1",  # nothing written into the DAG folder or the sources
        EMRDAG_TARGET=target,
        EMRDAG_RUNS=runs,
        EMRDAG_DAGS=str(dags),
    )
    return env


def run_target(target: str, dags: Path, pytest_args: list[str], runs: str, log) -> tuple[bool, str]:
    """One target's suite; its output goes to ``log`` (a file when targets run side by side, else stdout)."""
    scope = "every scenario for every DAG" if runs == "all" else "each dag.test() scenario for one DAG"
    log.write(f"\n===== {target} ({scope}) =====\n")
    log.flush()
    venv = ensure_venv(target, TARGETS[target])
    home = Path(tempfile.mkdtemp(prefix=f"emrdag-{target}-"))
    env = airflow_environment(target, dags, home, runs)
    started = time.monotonic()
    run_quietly("airflow db migrate", [venv / "bin" / "airflow", "db", "migrate"], env=env)
    # A pristine copy for tests that start an Airflow of their own (test_deploy_e2e.py): no second migration.
    shutil.copyfile(home / "airflow.db", home / "migrated.db")
    env["EMRDAG_MIGRATED_DB"] = str(home / "migrated.db")
    log.write(f"initialised Airflow DB in {home} in {time.monotonic() - started:.0f} s\n")
    log.flush()
    started = time.monotonic()
    command = [venv / "bin" / "python", "-m", "pytest", HERE / "tests", "-p", "no:cacheprovider"]
    command += ["-v", "-ra", "--tb=short", "--durations=0", "--durations-min=0.5", *pytest_args]
    code = subprocess.run(command, cwd=HERE, env=env, stdout=log, stderr=subprocess.STDOUT).returncode
    seconds = time.monotonic() - started
    if code == 0:
        shutil.rmtree(home, ignore_errors=True)
        return True, f"passed in {seconds:.0f} s"
    reason = "no tests collected" if code == 5 else f"pytest exit {code}"
    return False, f"FAILED ({reason}) in {seconds:.0f} s; Airflow home kept at {home}"


OUTPUT = threading.Lock()  # one target's log is printed whole


def guarded(target: str, work) -> tuple[bool | None, str]:
    try:
        return work()
    except EnvironmentProblem as e:
        return None, f"ENVIRONMENT ERROR: {e}"


def main() -> int:
    argv = sys.argv[1:]
    pytest_args = argv[argv.index("--") + 1 :] if "--" in argv else []
    argv = argv[: argv.index("--")] if "--" in argv else argv
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--target", action="append", choices=sorted(TARGETS), help="target to test (repeatable; default: all)"
    )
    parser.add_argument(
        "--dags",
        type=Path,
        default=HERE.parent / "generated-dags" / "prod",
        help="DAG folder (default: the examples' prod environment, %(default)s; the other environments beside it are"
        " imported too)",
    )
    parser.add_argument("--jobs", type=int, default=2, help="targets run side by side (default: %(default)s)")
    parser.add_argument("--full", action="store_true", help="every dag.test() scenario for every DAG on every target")
    args = parser.parse_args(argv)
    dags = args.dags.resolve()
    if not dags.is_dir():
        parser.error(f"DAG folder {dags} does not exist")
    if args.jobs < 1:
        parser.error("--jobs must be at least 1")

    targets = sorted(set(args.target or TARGETS))
    order = sorted(targets, key=lambda t: -LAST_SECONDS.get(t, 0))  # stable: unlisted ones keep their order
    started = time.monotonic()

    def one(target: str) -> tuple[bool | None, str]:
        runs = "all" if args.full or target in FULL_TARGETS else "sample"
        if args.jobs == 1:
            return guarded(target, lambda: run_target(target, dags, pytest_args, runs, sys.stdout))
        with tempfile.TemporaryFile("w+") as log:
            say(f"{target}: started")
            result = guarded(target, lambda: run_target(target, dags, pytest_args, runs, log))
            log.seek(0)
            with OUTPUT:
                sys.stdout.write(log.read())
                say(f"{target}: {result[1]}")
            return result

    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        results = dict(zip(order, pool.map(one, order), strict=True))
    say("")
    for target in targets:
        say(f"{target}: {results[target][1]}")
    say(f"{len(targets)} targets in {time.monotonic() - started:.0f} s, {args.jobs} at a time")
    outcomes = [ok for ok, _ in results.values()]
    return 3 if None in outcomes else 0 if all(outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
