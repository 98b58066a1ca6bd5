#!/usr/bin/env python3
"""What a watcher costs the Airflow environment, per sensor mode: poke vs reschedule vs deferrable, side by side.

    python3 benchmarks/watcher_modes.py [--targets airflow-3.3.1,airflow-2.10.3] [--runs 3] [--step-seconds 180]
                                        [--poke 60s] [--modes poke,reschedule,deferrable] [--out FILE]

For each target, one real deployment (python-tests' real-scheduler harness: scheduler, triggerer, on Airflow 3 the
api-server and dag-processor, sqlite, a scripted moto EMR) runs a job group with one step of --step-seconds (the
examples' poke interval, 60 s, by default) generated once per sensor mode, --runs times each, the modes taking turns.
Per job-group run it reports worker-slot seconds, task process starts, metadata-DB writes and the watcher failures of
Airflow's reschedule race (apache/airflow#71172); benchmarks/watcher_modes_probe.py says how each is measured. The
deferrable mode is measured where the generator knows it (its job-group schema). Writes the table to --out
(default benchmarks/results/watcher-modes.md) and prints it.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO / "python-tests"))

from run_tests import TARGETS, ensure_venv  # noqa: E402


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def known_modes() -> list[str]:
    schema = json.loads((REPO / "schemas" / "job-group.schema.json").read_text())
    enum = schema["$defs"]["sensor"]["properties"]["mode"].get("enum", [])
    return [m for m in ("poke", "reschedule", "deferrable") if m in enum]


def measure(target: str, modes: list[str], runs: int, step_seconds: int, poke: str, work: Path) -> dict:
    venv = ensure_venv(target, TARGETS[target])
    out = work / f"{target}.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW_", "AIRFLOW__", "AWS_", "PYTHON"))}
    env.update(
        EMRDAG_TARGET=target,
        EMRDAG_JAR=os.environ.get("EMRDAG_JAR")
        or str(REPO / "generator" / "cli" / "target" / "emrdag" / "lib" / "emrdag.jar"),
        PYTHONDONTWRITEBYTECODE="1",
    )
    command = [
        str(venv / "bin" / "python"),
        str(HERE / "watcher_modes_probe.py"),
        str(out),
        ",".join(modes),
        str(runs),
        str(step_seconds),
        poke,
    ]
    say(f"{target}: {runs} run(s) of each of {', '.join(modes)}, one {step_seconds} s step, poke interval {poke} …")
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0 or not out.exists():
        raise SystemExit(f"{target}: the probe failed\n{result.stdout[-4000:]}{result.stderr[-4000:]}")
    return json.loads(out.read_text())


def table(results: list[dict], runs: int, step_seconds: int, poke: str) -> str:
    lines = [
        "# Watcher modes: what waiting for an EMR step costs the Airflow environment",
        "",
        f"`python3 benchmarks/watcher_modes.py --runs {runs} --step-seconds {step_seconds} --poke {poke}`, "
        f"{datetime.date.today().isoformat()}, on a 2-core machine shared with other work. One job group, one step of "
        f"{step_seconds} s, generated once per sensor mode and run {runs} time(s) per mode under the real scheduler "
        "and triggerer (medians per job-group run; the method is in benchmarks/watcher_modes_probe.py).",
        "",
        "| target | mode | runs | run seconds | worker-slot seconds | task starts | DB writes | #71172 failures |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for result in results:
        modes = dict.fromkeys(r["mode"] for r in result["runs"])
        for mode in modes:
            rows = [r for r in result["runs"] if r["mode"] == mode]

            def median(key, rows=rows):
                return statistics.median(r[key] for r in rows)

            ok = sum(1 for r in rows if r["run_state"] == "success" and r["clusters_left"] == 0)
            lines.append(
                f"| {result['target']} | {mode} | {len(rows)} ({ok} succeeded, 0 clusters left)"
                if ok == len(rows)
                else f"| {result['target']} | {mode} | {len(rows)} ({ok} succeeded with 0 clusters left)"
            )
            lines[-1] += (
                f" | {median('seconds'):.0f} | {median('worker_slot_seconds'):.0f} | {median('task_starts'):.0f}"
                f" | {median('db_writes'):.0f} | {sum(r['race_failures'] for r in rows)} |"
            )
    lines.append("")
    for result in results:
        lines.append(
            f"Background DB writes of the idle {result['target']} deployment (heartbeats, parsing): "
            f"{result['idle_writes_per_minute']:.0f} a minute, included in the DB-write column."
        )
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--targets", default="airflow-3.3.1")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--step-seconds", type=int, default=180)
    parser.add_argument("--poke", default="60s")
    # Default: the modes of the generator's job-group schema; a mode it does not know fails its generate step.
    parser.add_argument("--modes", default=",".join(known_modes()))
    parser.add_argument("--out", type=Path, default=HERE / "results" / "watcher-modes.md")
    args = parser.parse_args()
    modes = args.modes.split(",")
    with tempfile.TemporaryDirectory(prefix="watcher-modes-") as work:
        results = [
            measure(t, modes, args.runs, args.step_seconds, args.poke, Path(work)) for t in args.targets.split(",")
        ]
    text = table(results, args.runs, args.step_seconds, args.poke)
    args.out.write_text(text)
    args.out.with_suffix(".json").write_text(json.dumps(results, indent=2) + "\n")  # every run's figures
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
