#!/usr/bin/env python3
"""Parse cost of emrdag's DAG files against the same DAG hand-written in the seed's static style (issue #27).

    python3 benchmarks/seed_parse.py [--baseline-ref main | --baseline-cli DIR] [--cli DIR] [--dags 200] [--rounds 7]
                                     [--targets 2.10.3,3.3.1] [--out benchmarks/results/seed-parse.md]

One job group of five tasks (create the cluster, add one Spark step, watch it, terminate, a leaf that fails the run
when the step failed), alerts off, is written --dags times three ways:

- hand-written: a static DAG file as the seed and the public EMR DAGs are written (plain EmrCreateJobFlowOperator,
  EmrAddStepsOperator, EmrStepSensor, EmrTerminateJobFlowOperator and an EmptyOperator leaf, the RunJobFlow request
  and the step inline as dicts). Its shape follows the Amazon provider's example DAG
  `airflow/providers/amazon/aws/example_dags/example_emr_job_flow_manual_steps.py` (apache/airflow, shipped in the
  provider wheels up to 6.x: the file many teams started from), with the request emrdag sends for the same job group,
  `emr_conn_id=None` and the leaf task (without it a run whose step failed counts as a success). Its imports are the
  ones a hand-written file for that Airflow uses (`airflow.sdk` on 3.x);
- emrdag's DAG files, generated from the same metadata by the baseline distribution (--baseline-cli, or the one
  --baseline-ref builds in a temporary git worktree of that commit, `package -DskipTests`, nothing installed) and by
  this checkout's (--cli, built beforehand), each folder with emrdag's shared modules.

Each folder is loaded into a DagBag by benchmarks/parse_probe.py in a fresh process (warm bytecode, Airflow's modules
imported before the clock starts, as the scheduler's parsing_pre_import_modules does, CPU and wall time, SQL counted),
the three alternated within each round and the order rotated from round to round, so that the shared machine's
noise reaches all of them alike. The table gives the medians of the rounds (CPU and wall ms per DAG) and each emrdag
variant's ratio to the hand-written one.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import os
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

SETTINGS = """\
target: "{target}"
scripts_base: s3://bench-artifacts/spark/
runtime_variable: emr_{{job_group}}
project: bench
defaults:
  owner: data-platform
  start_date: 2024-01-01
  retries: 1
  retry_delay: 5m
  tags: [emr]
  cluster:
    profile: standard
    release_label: emr-7.5.0
    applications: [Spark]
    log_uri: s3://bench-logs/emr/
    idle_timeout: 30m
clusters:
  standard:
    master: {{instance_type: m5.xlarge}}
    core: {{instance_type: r5.2xlarge, instance_count: 2}}
"""

GROUP = """\
description: Daily load of one table.
schedule: "0 3 * * *"
steps:
  - name: load_table
    script: load_table.py
    args: [--table, orders, --date, "{{ ds }}"]
"""

# The seed's style, after the provider's example_emr_job_flow_manual_steps.py: the request and the step as inline
# dicts, the provider's operators as they are, Jinja XCom pulls for the ids. The request is the one emrdag sends for
# GROUP (the knobs at their defaults).
HAND_WRITTEN = """\
from datetime import datetime, timedelta

{imports}
from airflow.providers.amazon.aws.operators.emr import (
    EmrAddStepsOperator,
    EmrCreateJobFlowOperator,
    EmrTerminateJobFlowOperator,
)
from airflow.providers.amazon.aws.sensors.emr import EmrStepSensor

SPARK_STEPS = [
    {{
        "Name": "load_table",
        "ActionOnFailure": "CANCEL_AND_WAIT",
        "HadoopJarStep": {{
            "Jar": "command-runner.jar",
            "Args": [
                "spark-submit",
                "--deploy-mode",
                "cluster",
                "s3://bench-artifacts/spark/load_table.py",
                "--job_group",
                "{dag_id}",
                "--table",
                "orders",
                "--date",
                "{{{{ ds }}}}",
            ],
        }},
    }}
]

JOB_FLOW_OVERRIDES = {{
    "Name": "{dag_id}",
    "LogUri": "s3://bench-logs/emr/",
    "ReleaseLabel": "emr-7.5.0",
    "Applications": [{{"Name": "Spark"}}],
    "Instances": {{
        "InstanceGroups": [
            {{
                "Name": "Primary",
                "InstanceRole": "MASTER",
                "Market": "ON_DEMAND",
                "InstanceType": "m5.xlarge",
                "InstanceCount": 1,
            }},
            {{
                "Name": "Core",
                "InstanceRole": "CORE",
                "Market": "ON_DEMAND",
                "InstanceType": "r5.2xlarge",
                "InstanceCount": 2,
            }},
        ],
        "KeepJobFlowAliveWhenNoSteps": True,
        "TerminationProtected": False,
    }},
    "JobFlowRole": "EMR_EC2_DefaultRole",
    "ServiceRole": "EMR_DefaultRole",
    "AutoTerminationPolicy": {{"IdleTimeout": 1800}},
    "VisibleToAllUsers": True,
    "Tags": [{{"Key": "job_group", "Value": "{dag_id}"}}],
}}

with DAG(
    dag_id="{dag_id}",
    description="Daily load of one table.",
    schedule="0 3 * * *",
    start_date=datetime(2024, 1, 1),
    catchup=False,
    max_active_runs=1,
    tags=["emr"],
    default_args={{"owner": "data-platform", "retries": 1, "retry_delay": timedelta(minutes=5)}},
) as dag:
    cluster_creator = EmrCreateJobFlowOperator(
        task_id="create_cluster",
        job_flow_overrides=JOB_FLOW_OVERRIDES,
        aws_conn_id="aws_default",
        emr_conn_id=None,
    )
    step_adder = EmrAddStepsOperator(
        task_id="add_steps",
        job_flow_id="{{{{ ti.xcom_pull(task_ids='create_cluster') }}}}",
        aws_conn_id="aws_default",
        steps=SPARK_STEPS,
    )
    step_checker = EmrStepSensor(
        task_id="watch_load_table",
        job_flow_id="{{{{ ti.xcom_pull(task_ids='create_cluster') }}}}",
        step_id="{{{{ ti.xcom_pull(task_ids='add_steps')[0] }}}}",
        aws_conn_id="aws_default",
        poke_interval=60,
        timeout=21600,
        mode="reschedule",
    )
    cluster_remover = EmrTerminateJobFlowOperator(
        task_id="terminate_cluster",
        job_flow_id="{{{{ ti.xcom_pull(task_ids='create_cluster') }}}}",
        aws_conn_id="aws_default",
        trigger_rule="all_done",
    )
    # Without this leaf a run whose step failed would count as a success (terminate runs all_done).
    all_steps_succeeded = EmptyOperator(task_id="all_steps_succeeded")

    cluster_creator >> step_adder >> step_checker >> cluster_remover
    [step_checker, cluster_remover] >> all_steps_succeeded
"""

START, END = "<!-- figures: written by benchmarks/seed_parse.py -->", "<!-- end of figures -->"

IMPORTS = {
    "2": "from airflow import DAG\nfrom airflow.operators.empty import EmptyOperator",
    "3": "from airflow.providers.standard.operators.empty import EmptyOperator\nfrom airflow.sdk import DAG",
}


def group_id(i: int) -> str:
    return f"load_{i:05d}"


def project(work: Path, target: str, dags: int) -> Path:
    root = work / "project"
    (root / "groups").mkdir(parents=True)
    (root / "emrdag.yaml").write_text(SETTINGS.format(target=target))
    for i in range(dags):
        (root / "groups" / f"{group_id(i)}.yaml").write_text(GROUP)
    return root


def hand_written(folder: Path, target: str, dags: int) -> Path:
    folder.mkdir(parents=True)
    for i in range(dags):
        source = HAND_WRITTEN.format(imports=IMPORTS[target.split(".")[0]], dag_id=group_id(i))
        (folder / f"{group_id(i)}_dag.py").write_text(source)
    return folder


def generated(cli: Path, source: Path, folder: Path) -> Path:
    run.emrdag_generate(cli / "lib" / "emrdag.jar", source, folder, ["java"])
    # The project's one janitor DAG is not a job group's: the rows compare the cost per job-group DAG.
    (folder / "cluster_janitor.py").unlink(missing_ok=True)
    return folder


def commit(ref: str) -> str:
    return subprocess.run(
        ["git", "-C", REPO, "rev-parse", "--short", ref], check=True, capture_output=True, text=True
    ).stdout.strip()


@contextlib.contextmanager
def built(ref: str):
    """The emrdag distribution of commit ref, built offline in a temporary worktree (removed afterwards)."""
    with tempfile.TemporaryDirectory(prefix="emrdag-baseline-") as tmp:
        tree = Path(tmp) / "tree"
        subprocess.run(
            ["git", "-C", REPO, "worktree", "add", "--detach", tree, ref], check=True, stdout=subprocess.DEVNULL
        )
        try:
            run.say(f"building {ref} in {tree}")
            subprocess.run(
                ["./mvnw", "-B", "-ntp", "-o", "-q", "-pl", "generator/cli", "-am", "package", "-DskipTests"],
                cwd=tree,
                check=True,
                stdout=subprocess.DEVNULL,
            )
            yield tree / "generator" / "cli" / "target" / "emrdag"
        finally:
            subprocess.run(["git", "-C", REPO, "worktree", "remove", "--force", tree], check=True)


def measure(target: str, folders: dict[str, Path], dags: int, rounds: int, work: Path) -> dict[str, dict]:
    airflow = envs.airflow_python(target)
    env = run.airflow_home(target, airflow, work, migrate=False)
    for folder in folders.values():  # a scheduler parses with warm bytecode caches
        subprocess.run([airflow, "-m", "compileall", "-q", folder], check=True, stdout=subprocess.DEVNULL)
    names = list(folders)
    results = {name: {"cpu": [], "wall": [], "sql": 0} for name in names}
    for n in range(rounds):
        for name in names[n % len(names) :] + names[: n % len(names)]:
            report = run.probe(airflow, folders[name], env)
            if report["dags"] != dags or report["import_errors"]:
                raise SystemExit(f"{name} on {target}: {report['dags']} DAGs, errors: {report['first_error']}")
            results[name]["cpu"].append(report["cpu_seconds"] / dags * 1000)
            results[name]["wall"].append(report["seconds"] / dags * 1000)
            results[name]["sql"] = report["sql"]
            results[name]["airflow"] = report["airflow"]
        run.say(f"  {target} round {n + 1}: " + ", ".join(f"{k} {v['cpu'][-1]:.2f}" for k, v in results.items()))
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    baseline = parser.add_mutually_exclusive_group(required=True)
    baseline.add_argument("--baseline-cli", type=Path, help="emrdag distribution to compare with")
    baseline.add_argument("--baseline-ref", help="a commit whose distribution is built and compared with (e.g. main)")
    parser.add_argument("--baseline-label", help="its name in the table (default: the ref, or 'baseline')")
    parser.add_argument("--cli", type=Path, default=REPO / "generator" / "cli" / "target" / "emrdag")
    parser.add_argument("--label", default="this branch")
    parser.add_argument("--dags", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--targets", default="2.10.3,3.3.1")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "seed-parse.md")
    args = parser.parse_args()
    args.baseline_label = args.baseline_label or args.baseline_ref or "baseline"
    with contextlib.ExitStack() as stack:
        if args.baseline_ref:
            args.baseline_cli = stack.enter_context(built(args.baseline_ref))
        return bench(args)


def bench(args) -> int:
    lines = [
        f"| Airflow | {args.dags} DAGs of | CPU ms/DAG median (min-max) | wall ms/DAG median | SQL | CPU vs hand-written |",
        "|---|---|---:|---:|---:|---:|",
    ]
    with tempfile.TemporaryDirectory(prefix="emrdag-seed-parse-") as tmp:
        for target in args.targets.split(","):
            work = Path(tmp) / target
            work.mkdir()
            source = project(work, target, args.dags)
            folders = {
                "hand-written": hand_written(work / "hand", target, args.dags),
                f"emrdag ({args.baseline_label})": generated(args.baseline_cli, source, work / "baseline"),
                f"emrdag ({args.label})": generated(args.cli, source, work / "branch"),
            }
            results = measure(target, folders, args.dags, args.rounds, work)
            hand = statistics.median(results["hand-written"]["cpu"])
            for name, result in results.items():
                cpu = result["cpu"]
                lines.append(
                    f"| {result['airflow']} | {name} | {statistics.median(cpu):.2f} ({min(cpu):.2f}-{max(cpu):.2f}) | "
                    f"{statistics.median(result['wall']):.2f} | {result['sql']} | "
                    f"{statistics.median(cpu) / hand:.2f}x |"
                )
                print(lines[-1], flush=True)
    table = "\n".join(lines) + "\n"
    if args.out:
        measured = (
            f"{START}\nMeasured {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores "
            f"(load average {os.getloadavg()[0]:.1f} at the end), {args.rounds} rounds: `python3 benchmarks/seed_parse.py "
            f"{f'--baseline-ref {args.baseline_ref}' if args.baseline_ref else f'--baseline-cli {args.baseline_cli}'} "
            f"--dags {args.dags} --rounds {args.rounds} "
            f"--targets {args.targets}`; this checkout at {commit('HEAD')}, {args.baseline_label} at "
            f"{commit(args.baseline_ref) if args.baseline_ref else 'an unnamed commit'}.\n\n{table}{END}\n"
        )
        old = args.out.read_text() if args.out.is_file() else ""
        if START in old and END in old:  # the text around the figures is kept
            text = old[: old.index(START)] + measured + old[old.index(END) + len(END) + 1 :]
        else:
            text = f"# Parse cost against a hand-written seed-style DAG\n\n{measured}"
        args.out.write_text(text)
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
