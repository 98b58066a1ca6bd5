#!/usr/bin/env python3
"""Validation and generation of long dependency chains and wide fan-in/fan-out, side by side with a baseline build.

    python3 benchmarks/dependency_chains.py [--baseline DIR] [--sizes 2000,4000,10000] [--runs 1] [--out FILE]

Writes two synthetic projects per size into a temporary folder: a chain (job group i waits for i - 1, the
`dependent` variant of synthetic.py) and a wide one (every job group waits for the first, the last waits for every
other). Times whole `emrdag validate -p DIR` and `emrdag generate --no-cache -p DIR -o OUT` processes (the launcher,
JVM start included): wall seconds, CPU seconds (user + system) and peak RSS from wait4(). `--baseline` is another
build's distribution folder (the one holding bin/emrdag, e.g. a copy of main's generator/cli/target/emrdag); each
measurement runs the two builds one after the other, so that both see the same load. Writes Markdown (default
benchmarks/results/dependency-chains.md).

Build first: ./mvnw -B -ntp -o -pl generator,generator/cli -am install -DskipTests
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
import synthetic  # noqa: E402


def chain(root: Path, groups: int) -> Path:
    """Job group i waits for job group i - 1."""
    return synthetic.emrdag_project(root, groups, dependent=True)


def wide(root: Path, groups: int) -> Path:
    """Every job group waits for the first (fan-out); the last waits for all the others (fan-in)."""
    project = root / "bench-groups"
    (project / "raw").mkdir(parents=True)
    (project / "emrdag.yaml").write_text(synthetic.SETTINGS)
    for i in range(groups):
        text = synthetic.emrdag_group(i)
        if i == groups - 1 and i > 1:
            upstreams = ", ".join(synthetic.group_id(u) for u in range(1, groups - 1))
            text = text.replace("\n", f"\ndepends_on: [{upstreams}]\n", 1)
        elif i > 0:
            text = text.replace("\n", f"\ndepends_on: [{synthetic.group_id(0)}]\n", 1)
        (project / "raw" / f"{synthetic.group_id(i)}.yaml").write_text(text)
    return project


def measured(command: list) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MiB) of one whole process; raises when it fails."""
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out:
        proc = subprocess.Popen([str(c) for c in command], stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            out.seek(0)
            raise SystemExit(f"{' '.join(map(str, command))} failed:\n{out.read()[-3000:]}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, help="another build's distribution folder (holding bin/emrdag)")
    parser.add_argument("--sizes", default="2000,4000,10000")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--out", type=Path, default=HERE / "results" / "dependency-chains.md")
    args = parser.parse_args()
    builds = {"this build": REPO / "generator" / "cli" / "target" / "emrdag" / "bin" / "emrdag"}
    if args.baseline:
        builds = {"baseline": args.baseline / "bin" / "emrdag", **builds}
    for launcher in builds.values():
        if not launcher.is_file():
            raise SystemExit(f"no launcher at {launcher}: build first")
    rows = []
    for size in [int(s) for s in args.sizes.split(",")]:
        for shape, write in (("chain", chain), ("wide", wide)):
            with tempfile.TemporaryDirectory(prefix="emrdag-deps-") as tmp:
                project = write(Path(tmp), size)
                for command in ("validate", "generate --no-cache"):
                    for name, launcher in builds.items():
                        samples = []
                        for _ in range(args.runs):
                            output = Path(tmp) / "out"
                            shutil.rmtree(output, ignore_errors=True)
                            extra = ["--no-cache", "-o", output] if command.startswith("generate") else []
                            samples.append(measured([launcher, command.split()[0], "-p", project, *extra]))
                        wall, cpu, rss = (statistics.median(s[i] for s in samples) for i in range(3))
                        rows.append((size, shape, command, name, wall, cpu, rss))
                        print(f"{size:>6} {shape:<5} {command:<19} {name:<10} {wall:6.2f} s wall {cpu:6.2f} s CPU {rss:7.0f} MiB",
                              file=sys.stderr, flush=True)
    lines = [
        "# Dependency chains: validate and generate",
        "",
        f"`python3 benchmarks/dependency_chains.py{' --baseline ' + str(args.baseline) if args.baseline else ''}"
        f" --sizes {args.sizes} --runs {args.runs}`, {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC,"
        f" {platform.machine()}, {os.cpu_count()} cores (shared with other work: orders of magnitude).",
        "",
        "Chain: job group i waits for i - 1. Wide: every job group waits for the first; the last waits for all the others."
        " Whole processes through the launcher (JVM start included); medians of "
        f"{args.runs} run(s); CPU is user + system; RSS is the peak.",
        "",
        "| groups | shape | command | build | wall s | CPU s | peak RSS MiB |",
        "|---:|---|---|---|---:|---:|---:|",
    ]
    lines += [f"| {s} | {shape} | `{c}` | {n} | {w:.2f} | {cpu:.2f} | {rss:.0f} |" for s, shape, c, n, w, cpu, rss in rows]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
