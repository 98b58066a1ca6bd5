#!/usr/bin/env python3
"""emrdag's benchmarks, side by side with the anchors, in one command.

    python3 benchmarks/run.py [--smoke] [--runs N] [--sizes 10,1000,10000] [--parse-sizes 200,1000]
                              [--targets 2.10.3,3.3.1] [--out FILE]

Generation: whole `generator/cli/target/emrdag/bin/emrdag generate` processes (the launcher; JVM start included) for
synthetic projects of each size, cold (empty output folder), no change, and one job group changed
(files written counted from the output folder's inodes, not from emrdag's report); peak RSS from
wait4(); beside it boundary-layer building the same number of DAG files in one process (its fastest
mode) and, for orientation, one process per file.
Parse cost: an Airflow DagBag load of the same job groups as emrdag's generated files (also as a chain of job groups
that wait for each other, with failure alerts), as hand-written static files, and as dag-factory YAML (with and without Variable arguments), on each pinned Airflow
target; ms per DAG and SQL statements during the load.
Prints medians, spreads (min-max) and ratios, and writes them as Markdown (default
benchmarks/results/latest.md). `--smoke` runs a seconds-long version (10 groups, 1 run, 5 DAGs, anchors
only if their venvs are cached) that fails when any part of the benchmark breaks; the build runs it.

Build the jar first: ./mvnw -B -ntp package -DskipTests
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
import chart  # noqa: E402
import envs  # noqa: E402
import synthetic  # noqa: E402


class BenchmarkFailure(Exception):
    """A measured command failed or produced something other than expected."""


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@dataclass
class Sample:
    seconds: float
    rss_mib: float
    stdout: str
    cpu: float = 0.0


def measured(command: list, env: dict | None = None, cwd: Path | None = None) -> Sample:
    """Wall time and peak RSS (from wait4()) of one whole process; raises when it fails."""
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen([str(c) for c in command], stdout=out, stderr=err, env=env, cwd=cwd)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            raise BenchmarkFailure(f"{' '.join(map(str, command))} exited {proc.returncode}:\n{err.read()[-3000:]}")
        return Sample(elapsed, usage.ru_maxrss / 1024, out.read(), usage.ru_utime + usage.ru_stime)


@dataclass
class Row:
    """One line of a table: a label and the samples behind it."""

    label: str
    seconds: list[float] = field(default_factory=list)
    rss: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    extra: dict = field(default_factory=dict)

    def median(self) -> float:
        return statistics.median(self.seconds)

    def add(self, sample: Sample) -> None:
        self.seconds.append(sample.seconds)
        self.rss.append(sample.rss_mib)
        self.cpu.append(sample.cpu)

    def spread(self) -> str:
        return f"{min(self.seconds):.2f}-{max(self.seconds):.2f}"


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """(inode, mtime) of every file: a rewritten file (written to a temporary file, renamed) changes both."""
    result = {}
    for path in folder.rglob("*"):
        if path.is_file():
            stat = path.stat()
            result[str(path.relative_to(folder))] = (stat.st_ino, stat.st_mtime_ns)
    return result


def emrdag_command(jar: Path, java: list[str]) -> list:
    """The `emrdag` launcher beside the jar (how users run it: JVM flags for short runs), else `java -jar`."""
    candidates = (jar.parent.parent / "bin" / "emrdag", jar.with_name("emrdag"))  # a distribution's bin/, or beside an old jar
    launcher = next((p for p in candidates if p.is_file()), candidates[1])
    return [launcher] if launcher.is_file() else [*java, "-jar", jar]


def emrdag_generate(jar: Path, project: Path, output: Path, java: list[str]) -> Sample:
    return measured([*emrdag_command(jar, java), "generate", "-p", project, "-o", output])


def file_creation_floor(generated: Path, into: Path) -> Sample:
    """What this machine's file system alone costs a cold run: a subprocess that creates the same files with
    the same bytes in a fresh folder (each written beside its name and renamed into place, as emrdag does)."""
    script = (
        "import os, sys\n"
        "src, dst = sys.argv[1], sys.argv[2]\n"
        "data = {n: open(os.path.join(src, n), 'rb').read() for n in os.listdir(src)}\n"
        "os.makedirs(dst)\n"
        "for n, b in data.items():\n"
        "    t = os.path.join(dst, n + '.tmp')\n"
        "    with open(t, 'wb') as f: f.write(b)\n"
        "    os.rename(t, os.path.join(dst, n))\n"
    )
    sample = measured([sys.executable, "-c", script, generated, into])
    shutil.rmtree(into)
    return sample


# dag-factory loading 1,000 DAGs takes 30-40 s a run per target: one run keeps the whole benchmark within 15
# minutes, and its ratio (4-10x) is far from anything the targets are about. Every other row gets --runs.
ANCHOR_RUNS_LARGE = 1

# ---------------------------------------------------------------- generation


def bench_generation(args, work: Path, jar: Path) -> tuple[list[Row], list[Row], list[Row]]:
    java = ["java"]
    jars = {"emrdag": jar}
    if args.baseline_jar:
        jars["emrdag (baseline jar)"] = args.baseline_jar
    emrdag_rows, incremental_rows, anchor_rows = [], [], []
    for size in args.sizes:
        project = synthetic.emrdag_project(work / f"gen-{size}", size)
        rows = {
            name: (
                Row(f"{name} generate, {size} groups, cold"),
                Row(f"{name} generate, {size} groups, no change"),
                Row(f"{name} generate, {size} groups, 1 changed"),
            )
            for name in jars
        }
        floor = Row(f"file-system floor, {size} groups: create the same files (Python, nothing rendered)")
        runs = args.runs if size < 10000 else max(1, min(args.runs, 3))
        for n in range(runs):
            for name, tool in jars.items():  # interleaved, so that the shared machine's noise hits both alike
                cold, warm, changed = rows[name]
                output = work / f"out-{size}-{n}"
                shutil.rmtree(project / ".emrdag-cache", ignore_errors=True)  # cold: no output, no cache
                sample = emrdag_generate(tool, project, output, java)
                cold.add(sample)
                files = sum(1 for p in output.iterdir() if p.name.endswith("_dag.py"))
                if files != size:
                    raise BenchmarkFailure(f"{name} generated {files} DAG files for {size} job groups")
                if name == "emrdag":
                    floor.add(file_creation_floor(output, work / f"floor-{size}-{n}"))
                sample = emrdag_generate(tool, project, output, java)
                warm.add(sample)
                before = snapshot(output)
                victim = project / "raw" / f"{synthetic.group_id(n % size)}.yaml"
                original = victim.read_text()
                victim.write_text(original.replace("description: Synthetic", f"description: Changed ({n}) synthetic"))
                sample = emrdag_generate(tool, project, output, java)
                victim.write_text(original)
                after = snapshot(output)
                written = sorted(p for p in after if before.get(p) != after[p] and not p.startswith("."))
                if written != [f"{synthetic.group_id(n % size)}_dag.py"]:
                    raise BenchmarkFailure(f"one changed job group made {name} rewrite {written}")
                changed.add(sample)
                changed.extra.setdefault("written", []).append(len(written))
                shutil.rmtree(output)
        for name, (cold, warm, changed) in rows.items():
            say(
                f"  {name} {size}: cold {cold.median():.2f} s, no change {warm.median():.2f} s, "
                f"1 changed {changed.median():.2f} s ({changed.extra['written'][0]} DAG file written)"
            )
            emrdag_rows += [cold, warm]
            incremental_rows.append(changed)
        emrdag_rows.append(floor)
        say(f"  file-system floor {size}: {floor.median():.2f} s to create the same {size + 3} files")
    if args.anchors:
        python = (
            envs.boundary_layer_python()
            if args.install
            else (envs.boundary_layer_python() if envs.cached("boundary-layer") else None)
        )
        if python is None:
            say("  boundary-layer: venv not cached, skipped (smoke run)")
            return emrdag_rows, incremental_rows, anchor_rows
        for size in args.bl_sizes:
            folder = synthetic.boundary_layer(work / f"bl-{size}", size)
            row = Row(f"boundary-layer, {size} workflows, one process")
            for n in range(args.runs if size <= 1000 else 1):
                output = work / f"bl-out-{size}-{n}"
                sample = measured([python, HERE / "bl_batch.py", folder, output])
                if f"BENCH-BL {size}" not in sample.stdout:
                    raise BenchmarkFailure(f"boundary-layer batch built {sample.stdout.strip()!r}, expected {size}")
                row.add(sample)
                shutil.rmtree(output)
            row.extra.update(files=size, batch=True)
            anchor_rows.append(row)
            say(f"  boundary-layer {size}: {row.median():.2f} s")
        per_file = Row(f"boundary-layer, {args.bl_single} workflows, one process per file")
        folder = work / f"bl-{args.bl_sizes[0]}"
        started = time.perf_counter()
        for workflow in sorted(folder.glob("*.yaml"))[: args.bl_single]:
            sample = measured([Path(python).parent / "boundary-layer", "build-dag", workflow])
            per_file.rss.append(sample.rss_mib)
            per_file.cpu.append(sample.cpu)
        per_file.seconds.append(time.perf_counter() - started)
        per_file.extra["files"] = min(args.bl_single, args.bl_sizes[0])
        anchor_rows.append(per_file)
    return emrdag_rows, incremental_rows, anchor_rows


# ---------------------------------------------------------------- parse cost


def airflow_home(target: str, python: Path, work: Path, migrate: bool) -> dict:
    """A fresh AIRFLOW_HOME (sqlite); migrated only when a variant needs Variables in the DB."""
    home = work / f"airflow-home-{target}"
    home.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW_", "AIRFLOW__", "PYTHON"))}
    env.update(AIRFLOW_HOME=str(home), AIRFLOW__CORE__LOAD_EXAMPLES="False", AIRFLOW__CORE__UNIT_TEST_MODE="False")
    if migrate and not (home / "migrated").exists():
        started = time.perf_counter()
        airflow = python.parent / "airflow"
        result = subprocess.run(
            [airflow, "db", "migrate"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        if result.returncode != 0:
            raise BenchmarkFailure(f"airflow db migrate ({target}) failed:\n{result.stdout[-2000:]}")
        (home / "migrated").touch()
        say(f"  Airflow {target}: metadata DB migrated in {time.perf_counter() - started:.0f} s")
    return env


def probe(python: Path, folder: Path, env: dict, variables: Path | None = None) -> dict:
    command = [python, HERE / "parse_probe.py", folder] + (["--variables", variables] if variables else [])
    sample = measured(command, env=env)
    line = next((text for text in sample.stdout.splitlines() if text.startswith("BENCH-PARSE ")), None)
    if line is None:
        raise BenchmarkFailure(f"parse probe printed no report for {folder}")
    report = json.loads(line.removeprefix("BENCH-PARSE "))
    report["rss"] = sample.rss_mib
    return report


def parse_target(args, size: int, target: str, variants: dict, variables: Path, work: Path) -> list[Row]:
    """The parse rows of one Airflow target at one size (its own venvs and AIRFLOW_HOME)."""
    rows = []
    airflow = envs.airflow_python(target)
    factory = None
    if args.anchors and (args.install or envs.cached("dag-factory", target)):
        factory = envs.dag_factory_python(target)
    env = airflow_home(
        target, airflow, work, migrate="dag-factory + Variables" in variants and factory is not None
    )
    order = [v for v in variants if v.startswith(("emrdag", "hand")) or factory is not None]
    results: dict[str, Row] = {v: Row(f"{v}, {size} DAGs, Airflow {target}") for v in order}
    for folder in variants.values():  # a scheduler parses with warm bytecode caches
        subprocess.run([airflow, "-m", "compileall", "-q", folder], check=True, stdout=subprocess.DEVNULL)
    for n in range(args.runs):  # interleaved, so that the shared machine's noise hits all variants alike
        for variant in order:
            if n >= ANCHOR_RUNS_LARGE and variant.startswith("dag-factory") and size >= 1000:
                continue
            python = factory if variant.startswith("dag-factory") else airflow
            report = probe(python, variants[variant], env, variables if variant.endswith("Variables") else None)
            if report["dags"] != size or report["import_errors"]:
                raise BenchmarkFailure(
                    f"{variant} on Airflow {target}: {report['dags']} DAGs of {size}, "
                    f"{report['import_errors']} import errors, e.g. {report['first_error']}"
                )
            row = results[variant]
            row.seconds.append(report["seconds"])
            row.cpu.append(report["cpu_seconds"])
            row.rss.append(report["rss"])
            row.extra["sql"] = report["sql"]
            row.extra["airflow"] = report["airflow"]
    for variant in order:
        row = results[variant]
        row.extra.update(variant=variant, size=size, target=target)
        say(
            f"  {row.label}: {statistics.median(row.cpu) / size * 1000:.2f} CPU ms/DAG, "
            f"{row.median() / size * 1000:.2f} wall ms/DAG, {row.extra['sql']} SQL"
        )
        rows.append(row)
    if args.anchors and factory is None:
        say(f"  dag-factory venv for {target} not cached, skipped (smoke run)")
    return rows


def bench_parse(args, work: Path, jar: Path) -> list[Row]:
    rows = []
    for size in args.parse_sizes:
        project = synthetic.emrdag_project(work / f"parse-{size}", size)
        variants = {
            "emrdag generated": work / f"parse-gen-{size}",
            "hand-written static": synthetic.hand_written(work / f"parse-hand-{size}", size),
            "hand-written static + leaf task": synthetic.hand_written(work / f"parse-leaf-{size}", size, leaf=True),
        }
        emrdag_generate(jar, project, variants["emrdag generated"], ["java"])
        dependent = synthetic.emrdag_project(work / f"parse-dep-{size}", size, dependent=True)
        variants["emrdag generated, dependent + alerts"] = work / f"parse-gen-dep-{size}"
        emrdag_generate(jar, dependent, variants["emrdag generated, dependent + alerts"], ["java"])
        if args.baseline_jar:
            variants["emrdag generated (baseline jar)"] = work / f"parse-base-{size}"
            emrdag_generate(args.baseline_jar, project, variants["emrdag generated (baseline jar)"], ["java"])
        for folder in [v for k, v in variants.items() if k.startswith("emrdag")]:
            # The project's one janitor DAG is not a job group's: the rows compare the cost per job-group DAG.
            (folder / "cluster_janitor.py").unlink(missing_ok=True)
        if args.anchors:
            variants["dag-factory"] = synthetic.dag_factory(work / f"parse-df-{size}", size, variables=False)
            if not args.smoke:  # needs a migrated metadata DB (~15 s per target)
                variants["dag-factory + Variables"] = synthetic.dag_factory(
                    work / f"parse-dfv-{size}", size, variables=True
                )
        variables = work / f"variables-{size}.json"
        variables.write_text(json.dumps(synthetic.variable_names(size)))
        # The targets have their own venvs and metadata DBs: measure them at the same time, one per core (the
        # ratios compare variants of one target, run interleaved in one process each time).
        with concurrent.futures.ThreadPoolExecutor(max_workers=len(args.targets)) as pool:
            for target_rows in pool.map(lambda t: parse_target(args, size, t, variants, variables, work), args.targets):
                rows.extend(target_rows)
    return rows


# ---------------------------------------------------------------- report


def markdown(args, generation, incremental, anchors, parse, started: float, deploy: list[str]) -> str:
    lines = [
        f"# emrdag benchmarks{' (smoke)' if args.smoke else ''}",
        "",
        f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, "
        f"{platform.python_version()} / {java_version()}, {args.runs} runs per figure (median, min-max), "
        f"whole run {time.perf_counter() - started:.0f} s. The machine is shared: compare rows of one run, "
        "not figures across runs.",
    ]
    if generation:
        lines += generation_tables(generation, incremental, anchors)
    if parse:
        lines += parse_table(parse)
    if deploy:
        lines += ["", *deploy]
    return "\n".join(lines) + "\n"


def generation_tables(generation: list[Row], incremental: list[Row], anchors: list[Row]) -> list[str]:
    lines = [
        "",
        "## Generation (whole process, JVM start included)",
        "",
        "| what | median s | min-max s | files/s | CPU s (user+sys) | peak RSS MiB |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for row in generation:
        size = int(row.label.split(" groups")[0].split()[-1])
        lines.append(
            f"| {row.label} | {row.median():.2f} | {row.spread()} | {size / row.median():,.0f} "
            f"| {statistics.median(row.cpu):.1f} | {statistics.median(row.rss):.0f} |"
        )
    for row in anchors:
        lines.append(
            f"| {row.label} | {row.median():.2f} | {row.spread()} | {row.extra['files'] / row.median():,.1f} "
            f"| {sum(row.cpu) / len(row.seconds):.1f} | {max(row.rss):.0f} |"
        )
    lines += [
        "",
        "| one job group changed | median s | min-max s | DAG files written (each run; + the manifest) "
        "| CPU s | peak RSS MiB |",
        "|---|---:|---:|---|---:|---:|",
    ]
    for row in incremental:
        lines.append(
            f"| {row.label} | {row.median():.2f} | {row.spread()} | "
            f"{', '.join(map(str, row.extra['written']))} | {statistics.median(row.cpu):.1f} "
            f"| {statistics.median(row.rss):.0f} |"
        )
    ratios = []
    for anchor in anchors:
        if not anchor.extra.get("batch"):
            continue
        size = anchor.extra["files"]
        ours = next((r for r in generation if r.label == f"emrdag generate, {size} groups, cold"), None)
        if ours:
            ratios.append(
                f"- emrdag vs boundary-layer at {size}: "
                f"{(size / ours.median()) / (size / anchor.median()):.1f}x its files/s"
            )
    if ratios:
        lines += ["", *ratios]
    return lines


def parse_table(parse: list[Row]) -> list[str]:
    lines = [
        "",
        "## Parse cost in the scheduler (Airflow DagBag load)",
        "",
        "CPU ms/DAG is the process's CPU time during the load: on a busy shared machine it moves far less than",
        "wall time, so the ratios use it. dag-factory at 1,000 DAGs is measured "
        f"{'once' if ANCHOR_RUNS_LARGE == 1 else f'{ANCHOR_RUNS_LARGE} times'} per target "
        "(30-40 s a load), every other row on each run. The Airflow targets are measured at the same time, one "
        "process per core; ratios compare variants of one target.",
        "",
        "| Airflow | DAGs | variant | CPU ms/DAG median | min-max | wall ms/DAG median | min-max "
        "| vs hand-written (CPU) | SQL during parse |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in parse:
        size, target = row.extra["size"], row.extra["target"]
        hand = next(
            r
            for r in parse
            if r.extra["variant"] == "hand-written static" and r.extra["size"] == size and r.extra["target"] == target
        )
        wall = [s / size * 1000 for s in row.seconds]
        cpu = [s / size * 1000 for s in row.cpu]
        lines.append(
            f"| {row.extra['airflow']} | {size} | {row.extra['variant']} | {statistics.median(cpu):.2f} "
            f"| {min(cpu):.2f}-{max(cpu):.2f} | {statistics.median(wall):.2f} | {min(wall):.2f}-{max(wall):.2f} "
            f"| {statistics.median(row.cpu) / statistics.median(hand.cpu):.2f}x | {row.extra['sql']} |"
        )
    return lines


def java_version() -> str:
    result = subprocess.run(["java", "-version"], stderr=subprocess.PIPE, text=True)
    return result.stderr.splitlines()[0].replace('"', "") if result.stderr else "java ?"


def bench_deploy(args) -> list[str]:
    """emrdag deploy vs `aws s3 sync` against one moto S3 server (benchmarks/deploy.py), as report lines."""
    import deploy

    groups = 10 if args.smoke else 1000
    say(f"deploy: {groups} job groups, emrdag vs aws s3 sync, {args.runs} runs")
    lines = deploy.run(groups, args.runs, args.jar)
    if not any(line.startswith("| emrdag |") for line in lines):
        raise BenchmarkFailure("the deploy benchmark produced no emrdag row")
    return lines


def bench_report(args) -> list[str]:
    """emrdag report on the synthetic projects (benchmarks/report.py), as report lines."""
    import report

    sizes = [10] if args.smoke else [1000, 10000]
    say(f"report: {sizes} job groups, {args.runs} runs")
    lines = report.run(sizes, args.runs, args.jar)
    if not any(line.startswith("| report,") for line in lines):
        raise BenchmarkFailure("the report benchmark produced no report row")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help="seconds-long run that only proves the code works")
    parser.add_argument("--runs", type=int, help="runs per figure (default 3, smoke 1)")
    parser.add_argument("--sizes", help="job-group counts for generation (default 10,1000,10000)")
    parser.add_argument("--bl-sizes", help="boundary-layer workflow counts (default 10,1000)")
    parser.add_argument("--bl-single", type=int, help="files built one process each by boundary-layer (default 10)")
    parser.add_argument("--parse-sizes", help="DAG counts for the parse benchmark (default 200,1000)")
    parser.add_argument("--targets", help=f"Airflow targets (default {','.join(envs.TARGETS)})")
    parser.add_argument("--no-anchors", dest="anchors", action="store_false", help="emrdag and hand-written only")
    parser.add_argument("--jar", type=Path, default=REPO / "generator" / "cli" / "target" / "emrdag" / "lib" / "emrdag.jar")
    parser.add_argument("--baseline-jar", type=Path, help="another emrdag.jar measured beside --jar (before/after)")
    parser.add_argument("--only", choices=["generation", "parse", "deploy", "report"], help="run one part only")
    parser.add_argument(
        "--out", type=Path, help="Markdown result file (default benchmarks/results/latest.md; smoke: none)"
    )
    args = parser.parse_args()
    smoke = args.smoke

    def sizes(text, default):
        return [int(x) for x in (text or default).split(",")]

    args.runs = args.runs or (1 if smoke else 3)
    args.sizes = sizes(args.sizes, "10" if smoke else "10,1000,10000")
    args.bl_sizes = sizes(args.bl_sizes, "10" if smoke else "10,1000")
    args.bl_single = args.bl_single or (2 if smoke else 10)
    args.parse_sizes = sizes(args.parse_sizes, "5" if smoke else "200,1000")
    args.targets = (args.targets or ("" if smoke else ",".join(envs.TARGETS))).split(",")
    if smoke and args.targets == [""]:
        args.targets = [t for t in envs.TARGETS if envs.cached("airflow", t)][:1] or [next(iter(envs.TARGETS))]
    args.install = not smoke
    if not args.jar.is_file():
        say(f"{args.jar} not found: run ./mvnw -B -ntp package -DskipTests first")
        return 2
    started = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory(prefix="emrdag-bench-") as tmp:
            work = Path(tmp)
            say(
                f"emrdag benchmarks{' (smoke)' if smoke else ''}: "
                + ("" if args.only == "parse" else f"generation {args.sizes}; ")
                + ("" if args.only == "generation" else f"parse {args.parse_sizes} on Airflow {args.targets}; ")
                + f"{args.runs} runs"
            )
            generation, incremental, anchors = (
                ([], [], []) if args.only in ("parse", "deploy", "report") else bench_generation(args, work, args.jar)
            )
            parse = [] if args.only in ("generation", "deploy", "report") else bench_parse(args, work, args.jar)
            deploy = [] if args.only in ("generation", "parse", "report") else bench_deploy(args)
            fleet = [] if args.only in ("generation", "parse", "deploy") else bench_report(args)
            after = deploy + ([""] if deploy and fleet else []) + fleet
            report = markdown(args, generation, incremental, anchors, parse, started, after)
    except (BenchmarkFailure, envs.EnvironmentProblem) as failure:
        say(f"benchmark FAILED: {failure}")
        return 1
    print(report)
    picture = charts(generation, anchors, parse)
    out = args.out or (None if smoke else HERE / "results" / "latest.md")
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(report + f"\n![the figures above as bars]({out.stem}.svg)\n")
        out.with_suffix(".svg").write_text(picture)
        say(f"written to {out} and {out.with_suffix('.svg')}")
    return 0


def charts(generation: list[Row], anchors: list[Row], parse: list[Row]) -> str:
    """Generation throughput beside boundary-layer, and parse CPU per DAG beside the alternatives, as SVG."""
    throughput = []
    for row in generation:
        if row.label.startswith("emrdag") and "cold" in row.label:
            size = int(row.label.split(" groups")[0].split()[-1])
            throughput.append((row.label.replace(" generate", ""), size / row.median()))
    throughput += [(a.label, a.extra["files"] / a.median()) for a in anchors if a.extra.get("batch")]
    panels = [("Generation: DAG files per second, whole process (higher is better)", "files/s", throughput)]
    for target in sorted({r.extra["target"] for r in parse}):
        for size in sorted({r.extra["size"] for r in parse}):
            bars = [
                (r.extra["variant"], statistics.median(r.cpu) / size * 1000)
                for r in parse
                if r.extra["target"] == target and r.extra["size"] == size
            ]
            airflow = next(r.extra["airflow"] for r in parse if r.extra["target"] == target)
            panels.append((f"Scheduler parse, Airflow {airflow}, {size} DAGs: CPU ms per DAG (lower is better)", "ms", bars))
    return chart.svg("emrdag benchmarks", panels)


if __name__ == "__main__":
    sys.exit(main())
