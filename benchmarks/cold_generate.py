#!/usr/bin/env python3
"""Cold generate of 10,000 job groups, one changed group, and validation of a 10,000 chain: this build beside a baseline.

    python3 benchmarks/cold_generate.py [--baseline DIR | --baseline-ref main] [--groups 10000] [--chain 10000]
                                        [--runs 3] [--only validate] [--out FILE]

Issue #27's first two figures, measured side by side in one run. Inputs, written into a temporary folder:
- `examples`: 10,000 copies of the example job groups (`job-groups/`, `emrdag.yaml` without its `environments`, so
  that everything is generated into one folder); copy c renames each job group `<id>_cNNNN` and its `depends_on`
  accordingly (the partial last copy takes the raw_to_process groups first, so no upstream is missing);
- `chain`: the synthetic chain of benchmarks/dependency_chains.py (job group i waits for i - 1, every second one on
  its schedule too, all with failure alerts).

Commands (whole processes through each build's launcher `bin/emrdag`, JVM start included):
- `generate --no-cache` of `examples` into an empty folder;
- one changed group: `generate` (with its cache) after one job group's description was edited, into a folder the same
  build generated before (the cache warmed by an untimed run);
- `validate` of `chain`, and of the same synthetic job groups without `depends_on` (`flat`: what the chain costs on
  top); the two builds' stdout and stderr of the chain are compared byte for byte;
- the floor: benchmarks/floor/ReadParseWrite.java, one JVM (the launcher's JIT and GC flags, this build's jars) that
  reads and parses every job-group file with Jackson's `YAMLMapper.readTree` and writes a file of a DAG file's size
  for each (beside its name, renamed into place): what any generator on this JVM and disk pays at least.

Each round runs every build once per command, alternating which goes first; medians of `--runs` rounds. Wall
seconds, CPU seconds (user + system) and peak RSS come from wait4(). The two builds' outputs are compared byte for
byte (cold generate). `--baseline-ref REF` builds REF's distribution first (a `git worktree` in a temporary folder,
`./mvnw -o package -DskipTests`, the distribution copied aside); `--baseline DIR` takes one built earlier (the folder
holding bin/emrdag). Writes Markdown (default benchmarks/results/cold-generate.md).

`--only validate` runs the two `validate` rows alone (no generate, no floor).

Build this one first: ./mvnw -B -ntp -o -pl generator,generator/cli -am install -DskipTests
"""

from __future__ import annotations

import argparse
import datetime
import filecmp
import os
import platform
import re
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

THIS = REPO / "generator" / "cli" / "target" / "emrdag"
# The JVM flags bin/emrdag runs with, for the floor program (the launcher's class-data archive aside).
LAUNCHER_FLAGS = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def measured(command: list, cwd: Path | None = None, keep: list | None = None) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MiB) of one whole process; raises when it fails. With `keep`, its stdout
    and stderr (bytes) are appended to it."""
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+b") as out, tempfile.TemporaryFile("w+b") as err:
        proc = subprocess.Popen([str(c) for c in command], stdout=out, stderr=err, cwd=cwd)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"{' '.join(map(str, command))} failed:\n{(out.read() + err.read()).decode()[-3000:]}")
        if keep is not None:
            keep.append((out.read(), err.read()))
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def examples(root: Path, groups: int) -> Path:
    """`groups` copies of the example job groups in one project without environments."""
    source = REPO / "job-groups"
    project = root / "examples"
    project.mkdir(parents=True)
    settings = (source / "emrdag.yaml").read_text()
    cut = settings.find("\nenvironments:")
    (project / "emrdag.yaml").write_text(settings if cut < 0 else settings[:cut] + "\n")
    files = sorted((p for p in source.rglob("*") if p.is_file() and p.name != "emrdag.yaml"
                    and not any(part.startswith(".") for part in p.relative_to(source).parts)),  # .emrdag-cache/
                   key=lambda p: (p.parent.name != "raw_to_process", p.parent.name, p.name))
    ids = re.compile(r"\b(" + "|".join(re.escape(p.stem) for p in files) + r")\b")
    written = 0
    copy = 0
    while written < groups:
        for path in files[: groups - written]:
            text = path.read_text().replace("../../schemas/", "../../../schemas/")
            text = re.sub(r"(?m)^depends_on:.*$", lambda m: ids.sub(lambda k: f"{k.group(1)}_c{copy:04d}", m.group(0)), text)
            folder = project / f"copy_{copy:04d}" / path.parent.name
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{path.stem}_c{copy:04d}{path.suffix}").write_text(text)
            written += 1
        copy += 1
    return project


def edit_one(project: Path, round_: int) -> None:
    """A real change to one job group: its dagrun_timeout (its DAG file changes), different in every round."""
    group = sorted(project.rglob("claims_cdc_c*.yaml"))[-1]
    group.write_text(re.sub(r"(?m)^dagrun_timeout: .*$", f"dagrun_timeout: {481 + round_}m", group.read_text(), count=1))


def build_baseline(ref: str, into: Path) -> Path:
    """REF's distribution, built in a temporary worktree and copied to `into`."""
    worktree = Path(tempfile.mkdtemp(prefix="emrdag-baseline-"))
    shutil.rmtree(worktree)
    subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", str(worktree), ref], check=True,
                   stdout=subprocess.DEVNULL)
    try:
        say(f"building {ref} in {worktree} (a few minutes) ...")
        subprocess.run(["./mvnw", "-B", "-ntp", "-o", "-q", "-pl", "generator/cli", "-am", "package", "-DskipTests",
                        "-Dmaven.javadoc.skip=true", "-Dmaven.source.skip=true"], cwd=worktree, check=True)
        shutil.copytree(worktree / "generator" / "cli" / "target" / "emrdag", into, symlinks=True)
        (into / "lib" / "emrdag.jsa").unlink(missing_ok=True)  # made for the worktree's folder: the launcher makes its own
    finally:
        subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(worktree)], check=False)
    return into


def slug(name: str) -> str:
    return name.replace(" ", "-")


def revision(ref: str) -> str:
    result = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", ref], capture_output=True, text=True)
    return result.stdout.strip() or ref


class Cell:
    """The samples of one command for one build."""

    def __init__(self) -> None:
        self.samples: list[tuple[float, float, float]] = []

    def median(self, i: int) -> float:
        return statistics.median(s[i] for s in self.samples)

    def spread(self) -> str:
        walls = [s[0] for s in self.samples]
        return f"{min(walls):.2f}-{max(walls):.2f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, help="another build's distribution folder (holding bin/emrdag)")
    parser.add_argument("--baseline-ref", help="build this git ref's distribution first (e.g. main) and use it as baseline")
    parser.add_argument("--groups", type=int, default=10000)
    parser.add_argument("--chain", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", choices=["validate"], help="run the validate rows alone")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "cold-generate.md")
    args = parser.parse_args()
    if not (THIS / "bin" / "emrdag").is_file():
        raise SystemExit(f"no launcher at {THIS / 'bin' / 'emrdag'}: build first")
    work = Path(tempfile.mkdtemp(prefix="emrdag-cold-"))
    try:
        baseline = args.baseline
        baseline_name = str(args.baseline) if args.baseline else None
        if args.baseline_ref:
            baseline = build_baseline(args.baseline_ref, work / "baseline")
            baseline_name = f"{args.baseline_ref} at {revision(args.baseline_ref)}"
        builds = {"this build": THIS}
        if baseline:
            builds = {"baseline": baseline, **builds}
        for name, home in builds.items():
            if not (home / "bin" / "emrdag").is_file():
                raise SystemExit(f"no launcher at {home / 'bin' / 'emrdag'}")
            subprocess.run([home / "bin" / "emrdag", "--version"], check=True, capture_output=True)  # makes its CDS archive
            # An archive made for another folder (a distribution copied aside with its lib/emrdag.jsa) is silently not
            # used: -Xshare:on makes that an error, so that both builds are known to start the same way.
            sharing = subprocess.run([home / "bin" / "emrdag", "--version"], capture_output=True,
                                     env=dict(os.environ, EMRDAG_JAVA_OPTS="-Xshare:on"))
            if sharing.returncode != 0:
                raise SystemExit(f"{name} ({home}) cannot use its class-data-sharing archive; delete lib/emrdag.jsa there"
                                 f" (the launcher makes a new one):\n{sharing.stderr.decode()[-1000:]}")
        say("writing inputs ...")
        project = examples(work, args.groups)
        chain = synthetic.emrdag_project(work / "chain-root", args.chain, dependent=True)
        flat = synthetic.emrdag_project(work / "flat-root", args.chain, dependent=False)
        floor_classes = work / "floor-classes"
        classpath = f"{THIS / 'lib'}/*"
        subprocess.run(["javac", "-d", floor_classes, "-cp", classpath, HERE / "floor" / "ReadParseWrite.java"], check=True)
        # The one-change runs start from a generated folder with a warm cache. A cache saved right after its files were
        # written cannot trust their timestamps (racily clean) and makes the next run hash every DAG file: a second
        # run, over two seconds later, settles it, as a user's next generate would.
        for settle in range(0 if args.only else 2):
            time.sleep(2.1 * settle)
            for name, home in builds.items():
                subprocess.run([home / "bin" / "emrdag", "generate", "-p", project, "-o", work / f"warm-{slug(name)}"],
                               check=True, stdout=subprocess.DEVNULL)
        commands = ["generate --no-cache", "one changed group", "validate (chain)", "validate (flat)", "floor"]
        if args.only:
            commands = ["validate (chain)", "validate (flat)"]
        outputs = {b: [] for b in builds}
        cells = {(c, b): Cell() for c in commands for b in builds}
        dag_bytes = 11000
        args.load_before = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
        for round_ in range(args.runs):
            edit_one(project, round_)
            order = list(builds.items()) if round_ % 2 == 0 else list(builds.items())[::-1]
            for name, home in order:
                emrdag = home / "bin" / "emrdag"
                cells["validate (chain)", name].samples.append(measured([emrdag, "validate", "-p", chain], keep=outputs[name]))
                cells["validate (flat)", name].samples.append(measured([emrdag, "validate", "-p", flat]))
                if args.only:
                    continue
                cold = work / f"cold-{slug(name)}"
                shutil.rmtree(cold, ignore_errors=True)
                cells["generate --no-cache", name].samples.append(
                    measured([emrdag, "generate", "--no-cache", "-p", project, "-o", cold]))
                cells["one changed group", name].samples.append(
                    measured([emrdag, "generate", "-p", project, "-o", work / f"warm-{slug(name)}"]))
                sizes = [p.stat().st_size for p in cold.glob("*_dag.py")]
                dag_bytes = int(statistics.median(sizes)) if sizes else dag_bytes
                floor_out = work / "floor-out"
                shutil.rmtree(floor_out, ignore_errors=True)
                cells["floor", name].samples.append(measured(["java", *LAUNCHER_FLAGS, "-cp", f"{floor_classes}:{classpath}",
                                                              "ReadParseWrite", project, floor_out, dag_bytes]))
            for command in commands:
                say(f"round {round_ + 1}: {command:<20} " + "  ".join(
                    f"{b}: {cells[command, b].samples[-1][0]:.2f} s / {cells[command, b].samples[-1][1]:.2f} s CPU" for b in builds))
        identical = None
        same_validate = None
        if baseline:
            same_validate = all(o == outputs["baseline"][0] for b in builds for o in outputs[b])
        if baseline and not args.only:
            compared = filecmp.dircmp(work / "cold-baseline", work / "cold-this-build")
            identical = not (compared.left_only or compared.right_only or compared.diff_files or compared.funny_files) and all(
                filecmp.cmp(work / "cold-baseline" / n, work / "cold-this-build" / n, shallow=False) for n in compared.common_files)
        lines = markdown(args, builds, baseline_name, cells, commands, identical, dag_bytes, same_validate)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text("\n".join(lines) + "\n")
        say(f"wrote {args.out}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def markdown(args, builds: dict, baseline_name: str | None, cells: dict, commands: list, identical, dag_bytes: int,
             same_validate=None) -> list:
    invocation = "python3 benchmarks/cold_generate.py" + (f" --baseline-ref {args.baseline_ref}" if args.baseline_ref else
                                                          f" --baseline {args.baseline}" if args.baseline else "")
    invocation += f" --groups {args.groups} --chain {args.chain} --runs {args.runs}" + (f" --only {args.only}" if args.only else "")
    lines = [
        "# Cold generate of 10,000 job groups, one changed group, a 10,000 chain validated",
        "",
        f"`{invocation}`, {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, {platform.machine()},"
        f" {os.cpu_count()} cores (shared with other work: compare the rows of one table, not tables of different runs).",
        "",
        f"Inputs: {args.groups:,} copies of the example job groups (one folder, no environments) and a {args.chain:,}-group"
        " chain. Whole processes through each build's `bin/emrdag`; each round runs both builds, alternating which goes"
        f" first; medians of {args.runs} rounds (spread: min-max wall). CPU is user + system; RSS is the peak."
        f" The floor is one JVM that reads and parses every job-group file with `YAMLMapper.readTree` and writes a"
        f" {dag_bytes:,}-byte file for each (the median DAG file's size), with the launcher's JIT and GC flags;"
        " it runs in both columns' turns, as a measure of the machine's load at the time.",
        "",
    ]
    if baseline_name:
        same = [] if args.only else [f"Cold-generate outputs of the two builds byte-identical: {'yes' if identical else '**no**'}."]
        same.append(f"`validate` of the chain, stdout and stderr of every run of both builds byte-identical: "
                    f"{'yes' if same_validate else '**no**'}.")
        lines.append(f"Baseline: {baseline_name}. " + " ".join(same))
        lines.append("")
    load = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    lines += [f"Load (`uptime`) before the rounds: {getattr(args, 'load_before', '?')}; after them: {load}", ""]
    header = "| command | " + " | ".join(f"{b} wall s | {b} CPU s | {b} RSS MiB" for b in builds) + (
        " | wall ratio | CPU ratio |" if len(builds) == 2 else " |")
    lines += [header, "|---|" + "---:|" * (3 * len(builds) + (2 if len(builds) == 2 else 0))]
    for command in commands:
        row = f"| {command} | " + " | ".join(
            f"{cells[command, b].median(0):.2f} ({cells[command, b].spread()}) | {cells[command, b].median(1):.2f} | "
            f"{cells[command, b].median(2):.0f}" for b in builds)
        if len(builds) == 2:
            base, this = (cells[command, b] for b in builds)
            row += f" | {this.median(0) / base.median(0):.2f} | {this.median(1) / base.median(1):.2f} |"
        else:
            row += " |"
        lines.append(row)
    return lines


if __name__ == "__main__":
    sys.exit(main())
