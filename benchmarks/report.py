#!/usr/bin/env python3
"""Report benchmark: `emrdag report` on synthetic projects of 1,000 and 10,000 job groups.

    python3 benchmarks/report.py [--sizes 1000,10000] [--runs 5] [--jar generator/cli/target/emrdag/lib/emrdag.jar] [--smoke]

The projects are the generation benchmark's synthetic workload (benchmarks/synthetic.py: a cron per job group spread
over the day, two cluster profiles, spot task nodes on every fourth, 1-3 steps) with a price table and the quotas
below added. Each run is a whole `emrdag report` process through the launcher, as users run it (JVM start
included): the model year of every job group, the concurrency curves, the quota checks, the page and the summary.
Rows: quotas the peak stays under; quotas the peak exceeds (every job group at the peak gets W209, located in its
file); and, for comparison, `emrdag validate` with those quotas. Prints medians and spreads (min-max), CPU and peak
RSS, and the page's size; writes benchmarks/results/report.md (not with --smoke).

Build the jar first: ./mvnw -B -ntp package -DskipTests
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
import run as bench  # noqa: E402
import synthetic  # noqa: E402

PRICES = """instance_type,on_demand,spot
m5.xlarge,0.24,0.09
m5.2xlarge,0.48,0.18
r5.2xlarge,0.63,0.22
r5.4xlarge,1.26,0.44
"""


def quotas(vcpus: int, clusters: int) -> str:
    return (
        f"capacity:\n  prices: prices.csv\nquotas:\n  clusters: {clusters}\n"
        f"  on_demand_vcpus: {{standard: {vcpus}}}\n  spot_vcpus: {{standard: {vcpus}}}\n"
    )


def project(root: Path, groups: int, limits: str) -> Path:
    folder = synthetic.emrdag_project(root, groups)
    (folder / "prices.csv").write_text(PRICES)
    with (folder / "emrdag.yaml").open("a") as settings:
        settings.write(limits)
    return folder


def run(sizes: list[int], runs: int, jar: Path) -> list[str]:
    """The report benchmark as Markdown lines (also called by benchmarks/run.py)."""
    launcher = bench.emrdag_command(jar, ["java"])
    rows: list[bench.Row] = []
    with tempfile.TemporaryDirectory(prefix="emrdag-report-bench-") as tmp:
        work = Path(tmp)
        for size in sizes:
            within = project(work / f"within-{size}", size, quotas(10_000_000, 1_000_000))
            over = project(work / f"over-{size}", size, quotas(max(64, size // 10), max(4, size // 100)))
            cases = [
                (
                    f"report, {size:,} groups, under the quotas",
                    [*launcher, "report", "-p", within, "-o", work / "within.html"],
                    work / "within.html",
                ),
                (
                    f"report, {size:,} groups, quotas exceeded (W209 at every group at the peak)",
                    [*launcher, "report", "-p", over, "-o", work / "over.html"],
                    work / "over.html",
                ),
                (f"validate, {size:,} groups, quotas exceeded", [*launcher, "validate", "-p", over], None),
            ]
            for label, command, page in cases:
                row = bench.Row(label)
                for number in range(runs):
                    bench.say(f"report benchmark: {label}, run {number + 1}/{runs}")
                    sample = bench.measured(command)
                    row.add(sample)
                    if page is not None:
                        row.extra["KiB"] = page.stat().st_size // 1024
                rows.append(row)
    lines = [
        "## Capacity report (whole process, JVM start included)",
        "",
        "| what | median s | min-max s | CPU s (user+sys) | peak RSS MiB | page KiB |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row.label} | {row.median():.2f} | {row.spread()} | {statistics.median(row.cpu):.1f} "
            f"| {statistics.median(row.rss):.0f} | {row.extra.get('KiB', '')} |"
        )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="job-group counts (default %(default)s)")
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (default %(default)s)")
    parser.add_argument("--jar", type=Path, default=REPO / "generator" / "cli" / "target" / "emrdag" / "lib" / "emrdag.jar")
    parser.add_argument("--smoke", action="store_true", help="10 job groups, one run, no result file")
    args = parser.parse_args()
    if not args.jar.is_file():
        bench.say(f"{args.jar} not found: run ./mvnw -B -ntp package -DskipTests first")
        return 2
    sizes = [10] if args.smoke else [int(s) for s in args.sizes.split(",")]
    runs = 1 if args.smoke else args.runs
    try:
        lines = run(sizes, runs, args.jar)
    except bench.BenchmarkFailure as failure:
        bench.say(f"benchmark FAILED: {failure}")
        return 1
    header = [
        f"# emrdag report benchmark{' (smoke)' if args.smoke else ''}",
        "",
        f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, "
        f"{platform.python_version()} / {bench.java_version()}, {runs} runs per figure (median, min-max). "
        "The machine is shared: compare rows of one run.",
        "",
    ]
    report = "\n".join(header + lines) + "\n"
    print(report)
    if not args.smoke:
        out = HERE / "results" / "report.md"
        out.write_text(report)
        bench.say(f"written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
