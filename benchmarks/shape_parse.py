#!/usr/bin/env python3
"""DagBag parse cost per DAG of the example job groups, side by side: one shape of cluster against another.

    python3 benchmarks/shape_parse.py [--jar JAR] [--dags 200] [--runs 5] [--targets airflow-2.10.3,airflow-3.3.1]
                                      [--pair claim_lines_cdc:claims_cdc] [--out FILE]

For each pair "a:b" of job groups of job-groups/, copies each one --dags times (same metadata, other ids) into
a project with the examples' emrdag.yaml, generates it with the jar, and measures a DagBag parse of each folder
with the existing parse probe (benchmarks/parse_probe.py: warm bytecode, CPU and wall time, SQL counted), the
folders interleaved run by run so that the shared machine's noise hits both alike. The default pair is the fleet
example (instance fleets and managed scaling) against the instance-group example of the same size of request
(claims_cdc: a profile plus a task group of its own).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import envs  # noqa: E402
import run  # noqa: E402


def project_of(work: Path, group: str, copies: int) -> Path:
    """A project of `copies` job groups, each the example `group` under another id."""
    source = next((REPO / "job-groups").rglob(f"{group}.*"))
    project = work / f"project-{group}"
    (project / "groups").mkdir(parents=True)
    shutil.copy(REPO / "job-groups" / "emrdag.yaml", project / "emrdag.yaml")
    text = source.read_text()
    for i in range(copies):
        (project / "groups" / f"{group}_{i:05d}{source.suffix}").write_text(text)
    return project


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jar", type=Path, default=REPO / "generator" / "cli" / "target" / "emrdag" / "lib" / "emrdag.jar")
    parser.add_argument("--dags", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--targets", default="airflow-2.10.3,airflow-3.3.1")
    parser.add_argument("--pair", action="append", help="a:b, job groups of job-groups/ (repeatable)")
    parser.add_argument("--out", type=Path, help="Markdown result file")
    args = parser.parse_args()
    pairs = [p.split(":") for p in (args.pair or ["claim_lines_cdc:claims_cdc"])]
    lines = [
        f"| target | {args.dags} DAGs of | CPU ms/DAG (median) | wall ms/DAG (median) | SQL | ratio to the second |",
        "|---|---|---:|---:|---:|---:|",
    ]
    with tempfile.TemporaryDirectory(prefix="emrdag-shape-parse-") as tmp:
        work = Path(tmp)
        for target in args.targets.split(","):
            target = target.removeprefix("airflow-")
            airflow = envs.airflow_python(target)
            env = run.airflow_home(target, airflow, work, migrate=False)
            for a, b in pairs:
                folders = {}
                for group in (a, b):
                    folders[group] = work / target / f"dags-{group}"
                    run.emrdag_generate(args.jar, project_of(work / target, group, args.dags), folders[group], ["java"])
                    (folders[group] / "cluster_janitor.py").unlink(missing_ok=True)
                    # a scheduler parses with warm bytecode caches
                    subprocess.run([airflow, "-m", "compileall", "-q", folders[group]], check=True, stdout=subprocess.DEVNULL)
                cpu = {g: [] for g in folders}
                wall = {g: [] for g in folders}
                sql = {}
                for _ in range(args.runs):
                    for group, folder in folders.items():
                        report = run.probe(airflow, folder, env)
                        if report["dags"] != args.dags or report["import_errors"]:
                            raise SystemExit(f"{group}: {report['dags']} DAGs, {report['import_errors']} import errors")
                        cpu[group].append(report["cpu_seconds"] / args.dags * 1000)
                        wall[group].append(report["seconds"] / args.dags * 1000)
                        sql[group] = report["sql"]
                base = statistics.median(cpu[b])
                for group in (a, b):
                    ratio = statistics.median(cpu[group]) / base
                    lines.append(
                        f"| {target} | `{group}` | {statistics.median(cpu[group]):.2f} | "
                        f"{statistics.median(wall[group]):.2f} | {sql[group]} | {ratio:.2f}x |"
                    )
                    print(lines[-1], flush=True)
    text = "\n".join(lines) + "\n"
    if args.out:
        args.out.write_text(f"# Parse cost per DAG by cluster shape ({args.runs} runs, interleaved)\n\n{text}")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
