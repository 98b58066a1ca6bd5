#!/usr/bin/env python3
"""Whole-process generation benchmark: `java -jar emrdag.jar generate`, JVM start included.

Measures, as medians of N runs (default 5): the example project, and a synthetic project of
`--groups` job groups (default 1000) with two cluster profiles and 1-3 steps each, cold (empty
output folder) and as a no-change rerun; peak RSS of each process comes from wait4().

    python3 benchmarks/generation.py [--runs 5] [--groups 1000] [--jar generator/target/emrdag.jar]

Build the jar first: ./mvnw -B -ntp package -DskipTests
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

SETTINGS = """\
target: "2.10.3"
scripts_base: s3://bench-artifacts/spark/
defaults:
  start_date: 2024-01-01
  owner: bench
  tags: [bench]
  cluster:
    profile: standard
    release_label: emr-7.5.0
    log_uri: s3://bench-logs/emr/
    tags: {team: bench}
clusters:
  standard:
    master: {instance_type: m5.xlarge}
    core: {instance_type: r5.2xlarge, instance_count: 2, ebs: {size_gb: 128}}
    configurations:
      - classification: spark-defaults
        properties: {spark.sql.shuffle.partitions: "200"}
  large:
    master: {instance_type: m5.2xlarge}
    core: {instance_type: r5.4xlarge, instance_count: 4}
    task: {instance_type: r5.4xlarge, instance_count: 4, market: SPOT}
"""


def job_group(i: int) -> str:
    steps = "".join(
        f"  - name: step_{s}\n    script: job_{i % 7}.py\n    args: [--table, t_{i}_{s}, --date, \"{{{{ ds }}}}\"]\n"
        for s in range(1 + i % 3)
    )
    cluster = "cluster:\n  profile: large\n  task: {instance_count: 6}\n" if i % 4 == 0 else ""
    return (f"description: Synthetic job group {i}\nschedule: \"{i % 60} {i % 24} * * *\"\n"
            f"{cluster}steps:\n{steps}")


def synthetic_project(root: Path, groups: int) -> Path:
    project = root / "bench-groups"
    (project / "raw").mkdir(parents=True)
    (project / "emrdag.yaml").write_text(SETTINGS)
    for i in range(groups):
        (project / "raw" / f"group_{i:05d}.yaml").write_text(job_group(i))
    return project


def run(jar: Path, project: Path, output: Path) -> tuple[float, int]:
    """Seconds and peak RSS (MiB) of one whole `generate` process."""
    start = time.perf_counter()
    proc = subprocess.Popen(["java", "-jar", str(jar), "generate", "-p", str(project), "-o", str(output)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"generate failed: {proc.stderr.read().decode()}")
    return elapsed, usage.ru_maxrss // 1024


def measure(name: str, jar: Path, project: Path, work: Path, runs: int) -> list[str]:
    cold, warm, rss = [], [], []
    for n in range(runs):
        output = work / f"out-{name}-{n}"
        seconds, peak = run(jar, project, output)
        cold.append(seconds)
        rss.append(peak)
        warm.append(run(jar, project, output)[0])
        shutil.rmtree(output)
    return [f"{name:<28} {statistics.median(cold):>8.2f} s {min(cold):>7.2f}-{max(cold):.2f}"
            f" {statistics.median(warm):>8.2f} s {statistics.median(rss):>8d} MiB"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--groups", type=int, default=1000)
    parser.add_argument("--jar", type=Path, default=REPO / "generator" / "target" / "emrdag.jar")
    args = parser.parse_args()
    if not args.jar.is_file():
        sys.exit(f"{args.jar} not found: run ./mvnw -B -ntp package -DskipTests first")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        lines = [f"{'project':<28} {'cold median':>10} {'range':>11} {'no-change':>10} {'peak RSS':>12}"]
        lines += measure("examples (7 job groups)", args.jar, REPO / "job-groups", work, args.runs)
        project = synthetic_project(work, args.groups)
        lines += measure(f"synthetic ({args.groups} groups)", args.jar, project, work, args.runs)
    print(f"emrdag generate, whole process, {args.runs} runs each, {os.cpu_count()} cores")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
