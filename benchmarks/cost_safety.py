#!/usr/bin/env python3
"""Seconds a cluster bills after its run's outcome was decided, per failure scenario: before and after.

    python3 benchmarks/cost_safety.py [--before-rev REV | --before-jar JAR] [--after-jar JAR]
                                      [--targets airflow-2.10.3,airflow-3.3.1] [--retry-delay 2m] [--out FILE]

Runs python-tests' real-scheduler suite (test_scheduler_scenarios.py: a real Airflow scheduler, the DAGs
exactly as generated, a scripted moto EMR) once per jar and target, in measure-only mode, and prints one
table. "Before" is a jar built from an earlier commit (default: ea3fdb3, main before the cost-safety
work), which knows neither the janitor nor re-runs: its copy of the scenario project leaves out `project`,
`janitor` and `reruns`. The project's retries are set to 1 and its retry_delay to --retry-delay, as in the
examples (which use 10m; the suite's own short delay would hide what a retried sensor costs). A cluster still active when the suite stops measuring
(the janitor's interval plus 90 s after the last run ended) is shown as ">= N s, left running".

The two jars of one target run one after the other; the targets run side by side.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PROJECT = REPO / "python-tests" / "scheduler-project"
SCENARIOS = [
    "success",
    "step_failed",
    "step_cancelled",
    "sensor_timeout",
    "dagrun_timeout",
    "marked_failed",
    "create_refused",
    "add_refused",
    "create_killed",
    "add_retried",
    "rerun",
    "scheduler_restart",
]


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def build_jar(rev: str, work: Path) -> Path:
    tree = work / f"src-{rev}"
    subprocess.run(
        ["git", "-C", str(REPO), "worktree", "add", "--detach", str(tree), rev], check=True, capture_output=True
    )
    try:
        say(f"building emrdag at {rev} …")
        # The CLI is its own module with a distribution folder since the module split; older revisions have one jar.
        split = (tree / "generator" / "cli" / "pom.xml").is_file()
        subprocess.run(
            ["./mvnw", "-B", "-ntp", "-q", "-pl", "generator/cli" if split else "generator", "-am", "package", "-DskipTests"],
            cwd=tree,
            check=True,
        )
        if split:
            dist = work / f"emrdag-{rev}"
            shutil.copytree(tree / "generator" / "cli" / "target" / "emrdag", dist, ignore=shutil.ignore_patterns("*.jsa"))
            return dist / "lib" / "emrdag.jar"
        jar = work / f"emrdag-{rev}.jar"
        shutil.copyfile(tree / "generator" / "target" / "emrdag.jar", jar)
        return jar
    finally:
        subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(tree)], capture_output=True)


def project_copy(work: Path, name: str, retry_delay: str, legacy: bool) -> Path:
    target = work / f"project-{name}"
    shutil.copytree(PROJECT, target)
    settings = target / "emrdag.yaml"
    text = re.sub(r"(?m)^  retry_delay: .*$", f"  retry_delay: {retry_delay}", settings.read_text())
    text = re.sub(r"(?m)^  retries: .*$", "  retries: 1", text)  # as the examples
    if legacy:
        text = re.sub(r"(?m)^project: .*\n", "", text)
        text = re.sub(r"(?m)^janitor:\n(  .*\n)+", "", text)
        for path in target.glob("*.yaml"):
            path.write_text(re.sub(r", reruns: \d+", "", path.read_text()))
    settings.write_text(text)
    for path in target.glob("*.yaml"):
        if path.name != "emrdag.yaml" and path.stem not in SCENARIOS:
            path.unlink()  # a scenario newer than this benchmark (an older jar may not read its keys)
    return target


def measure(target: str, jar: Path, project: Path, report: Path) -> dict:
    env = dict(
        os.environ,
        EMRDAG_JAR=str(jar),
        EMRDAG_SCHEDULER_PROJECT=str(project),
        EMRDAG_SCENARIO_REPORT=str(report),
        EMRDAG_SCENARIO_MEASURE_ONLY="1",
        EMRDAG_SCHEDULER_TARGETS=target,
        EMRDAG_E2E="0",
    )
    command = [
        sys.executable,
        str(REPO / "python-tests" / "run_tests.py"),
        "--target",
        target,
        "--",
        "-m",
        "scheduler",
        "-q",
    ]
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if not report.exists():
        raise SystemExit(f"{target} with {jar.name}: no report\n{result.stdout[-4000:]}{result.stderr[-4000:]}")
    return json.loads(report.read_text())


def cell(result: dict) -> str:
    billed = result.get("billed_after_decision")
    if result.get("clusters", 0) == 0:
        return "no cluster"
    if billed is None:
        return "?"
    return f">= {billed:.0f} s, left running" if result.get("still_active") else f"{billed:.0f} s"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before-rev", default="ea3fdb3")
    parser.add_argument("--before-jar", type=Path)
    parser.add_argument("--after-jar", type=Path, default=REPO / "generator" / "cli" / "target" / "emrdag" / "lib" / "emrdag.jar")
    parser.add_argument("--targets", default="airflow-2.10.3,airflow-3.3.1")
    parser.add_argument("--retry-delay", default="2m")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "cost-safety.md")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="emrdag-cost-"))
    before_jar = args.before_jar or build_jar(args.before_rev, work)
    jobs = {}
    targets = args.targets.split(",")

    def per_target(target: str) -> dict:
        out = {}
        for label, jar, legacy in (("before", before_jar, True), ("after", args.after_jar, False)):
            say(f"{target}: measuring {label} ({jar.name}) …")
            project = project_copy(work, f"{target}-{label}", args.retry_delay, legacy)
            out[label] = measure(target, jar, project, work / f"{target}-{label}.json")
        return out

    with concurrent.futures.ThreadPoolExecutor(len(targets)) as pool:
        for target, future in zip(targets, [pool.submit(per_target, t) for t in targets], strict=True):
            jobs[target] = future.result()
    lines = [
        "# Cost safety: seconds a cluster bills after the outcome was decided",
        "",
        f"Measured {datetime.date.today()} with `python3 benchmarks/cost_safety.py` (retry_delay {args.retry_delay}; "
        f"before: {args.before_jar.name if args.before_jar else args.before_rev}; after: this tree). One run each,",
        "real scheduler, DAGs exactly as generated, scripted moto EMR; see python-tests/tests/test_scheduler_scenarios.py.",
        "",
        "| scenario | " + " | ".join(f"{t} before | {t} after" for t in targets) + " |",
        "|---|" + "---|---|" * len(targets),
    ]
    for name in SCENARIOS:
        cells = []
        for target in targets:
            for label in ("before", "after"):
                result = jobs[target][label].get(name, {})
                cells.append(f"{cell(result)} ({result.get('run_state')})")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    text = "\n".join(lines) + "\n"
    args.out.write_text(text)
    print(text)
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
