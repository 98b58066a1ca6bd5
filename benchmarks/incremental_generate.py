#!/usr/bin/env python3
"""Incremental generate of 10,000 job groups: one changed group and no change, this build beside a baseline.

    python3 benchmarks/incremental_generate.py --baseline DIR | --baseline-ref main [--groups 10000] [--runs 5] [--out FILE]

Run it under `nice -n 19` on a shared machine and compare CPU seconds, not wall.

The input is `cold_generate.py`'s: copies of the example job groups in one project. Each build generates into a folder
of its own twice (the second run, over two seconds later, settles the cache: a cache saved right after its files were
written cannot trust their timestamps). Then each round edits one job group (its DAG file changes) and runs, for each
build in turn (alternating which goes first):

- `one changed group`: `generate` with the warm cache;
- `no change`: `generate` again right after;
- `--version`: the JVM's start and emrdag's command line, nothing generated (what no generate can go under).

Whole processes through each build's `bin/emrdag`; CPU is user + system, RSS the peak; medians (spread min-max wall).
At the end both builds' folders must be byte-identical, manifest included, to each other and to a `generate
--no-cache` of the same input by each build into an empty folder.
"""

import argparse
import filecmp
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import cold_generate  # noqa: E402  (the same input, baseline build and measuring)

REPO = HERE.parent
THIS = REPO / "generator" / "cli" / "target" / "emrdag"


def same_tree(a: Path, b: Path, skip: str = ".emrdag-cache") -> bool:
    """Whether two folders hold the same files with the same bytes (a project's cache folder left out)."""
    compared = filecmp.dircmp(a, b, ignore=[skip])
    if compared.left_only or compared.right_only or compared.funny_files:
        return False
    if not all(filecmp.cmp(a / n, b / n, shallow=False) for n in compared.common_files):
        return False
    return all(same_tree(a / d, b / d, skip) for d in compared.common_dirs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--baseline", type=Path, help="another build's distribution folder (holding bin/emrdag)")
    parser.add_argument("--baseline-ref", help="build this git ref's distribution first (e.g. main) and use it as baseline")
    parser.add_argument("--groups", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="emrdag-incremental-") as tmp:
        work = Path(tmp)
        baseline, baseline_name = args.baseline, str(args.baseline) if args.baseline else None
        if args.baseline_ref:
            baseline = cold_generate.build_baseline(args.baseline_ref, work / "baseline")
            baseline_name = f"{args.baseline_ref} at {cold_generate.revision(args.baseline_ref)}"
        if not baseline:
            raise SystemExit("name a baseline: --baseline DIR or --baseline-ref REF")
        builds = {"baseline": baseline, "this build": THIS}
        for name, home in builds.items():
            subprocess.run([home / "bin" / "emrdag", "--version"], check=True, capture_output=True)  # makes its CDS archive
        cold_generate.say("writing inputs ...")
        project = cold_generate.examples(work, args.groups)
        for settle in range(2):
            time.sleep(2.1 * settle)
            for name, home in builds.items():
                subprocess.run([home / "bin" / "emrdag", "generate", "-p", project, "-o", work / f"warm-{cold_generate.slug(name)}"],
                               check=True, stdout=subprocess.DEVNULL)
        time.sleep(2.1)
        commands = ["one changed group", "no change", "--version"]
        cells = {(c, b): cold_generate.Cell() for c in commands for b in builds}
        load_before = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
        for round_ in range(args.runs):
            cold_generate.edit_one(project, round_)
            order = list(builds.items()) if round_ % 2 == 0 else list(builds.items())[::-1]
            for name, home in order:
                emrdag = home / "bin" / "emrdag"
                warm = work / f"warm-{cold_generate.slug(name)}"
                cells["one changed group", name].samples.append(cold_generate.measured([emrdag, "generate", "-p", project, "-o", warm]))
                cells["no change", name].samples.append(cold_generate.measured([emrdag, "generate", "-p", project, "-o", warm]))
                cells["--version", name].samples.append(cold_generate.measured([emrdag, "--version"]))
            for command in commands:
                cold_generate.say(f"round {round_ + 1}: {command:<18} " + "  ".join(
                    f"{b}: {cells[command, b].samples[-1][0]:.2f} s / {cells[command, b].samples[-1][1]:.2f} s CPU" for b in builds))
        load_after = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
        for name, home in builds.items():
            subprocess.run([home / "bin" / "emrdag", "generate", "--no-cache", "-p", project, "-o", work / f"cold-{cold_generate.slug(name)}"],
                           check=True, stdout=subprocess.DEVNULL)
        warm_same = same_tree(work / "warm-baseline", work / "warm-this-build")
        cold_same = all(same_tree(work / f"warm-{cold_generate.slug(b)}", work / f"cold-{cold_generate.slug(b)}") for b in builds)
        lines = [
            "`python3 benchmarks/incremental_generate.py "
            f"{'--baseline-ref ' + args.baseline_ref if args.baseline_ref else '--baseline ' + str(args.baseline)}"
            f" --groups {args.groups} --runs {args.runs}`, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; baseline: {baseline_name}.",
            "",
            f"Load before: {load_before}; after: {load_after}.",
            "",
            f"Outputs after the last round (one change, then no change) byte-identical between the builds, manifest included:"
            f" {'yes' if warm_same else 'NO'}; each build's incremental folder byte-identical to its own `generate --no-cache`:"
            f" {'yes' if cold_same else 'NO'}.",
            "",
            "| command | baseline wall s | baseline CPU s | baseline RSS MiB | this build wall s | this build CPU s"
            " | this build RSS MiB | wall ratio | CPU ratio |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for command in commands:
            base, this = cells[command, "baseline"], cells[command, "this build"]
            lines.append(f"| {command} | {base.median(0):.2f} ({base.spread()}) | {base.median(1):.2f} | {base.median(2):.0f}"
                         f" | {this.median(0):.2f} ({this.spread()}) | {this.median(1):.2f} | {this.median(2):.0f}"
                         f" | {this.median(0) / base.median(0):.2f} | {this.median(1) / base.median(1):.2f} |")
        text = "\n".join(lines) + "\n"
        print(text)
        if args.out:
            args.out.write_text(text)
        return 0 if warm_same and cold_same else 1


if __name__ == "__main__":
    sys.exit(main())
