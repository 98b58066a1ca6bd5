#!/usr/bin/env python3
"""`emrdag import` on a folder of synthetic hand-written EMR DAGs: time, and the profiles it factors out.

    python3 benchmarks/port_import.py [--dags 200] [--shapes 8] [--runs 3] [--out FILE]

Writes DAGS synthetic DAG files (variations of the port corpus's patterns: the provider's manual-steps example on
its 1.x module paths and on today's, Airflow 1.10 `airflow.contrib` paths, steps with the cluster, a shared existing
cluster, tasks around the cluster, params in the steps), whose clusters come in SHAPES shapes (instance types, counts,
markets, release), then runs the whole `emrdag import` (JVM, the pinned 2.10.3 venv's read, generate, prove) RUNS
times into fresh project folders. Prints wall and CPU seconds (children included, from wait4()) with medians, and how
many DAGs were ported identical and how many profiles the shapes became. Needs the jar
(./mvnw -B -ntp -o -pl generator -am install -DskipTests) and the cached 2.10.3 venv (created on first use).
Not run in CI: one run takes tens of seconds.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
JAR = ROOT / "generator" / "target" / "emrdag.jar"

SHAPE_TYPES = ["m5.xlarge", "m5.2xlarge", "r5.xlarge", "r5.2xlarge", "c5.2xlarge", "m6g.xlarge", "r6g.2xlarge", "m5.4xlarge"]

HEADER = {
    "provider1": (
        "from airflow import DAG\n"
        "from airflow.providers.amazon.aws.operators.emr_add_steps import EmrAddStepsOperator\n"
        "from airflow.providers.amazon.aws.operators.emr_create_job_flow import EmrCreateJobFlowOperator\n"
        "from airflow.providers.amazon.aws.operators.emr_terminate_job_flow import EmrTerminateJobFlowOperator\n"
        "from airflow.providers.amazon.aws.sensors.emr_step import EmrStepSensor\n"
    ),
    "contrib": (
        "from airflow import DAG\n"
        "from airflow.contrib.operators.emr_add_steps_operator import EmrAddStepsOperator\n"
        "from airflow.contrib.operators.emr_create_job_flow_operator import EmrCreateJobFlowOperator\n"
        "from airflow.contrib.operators.emr_terminate_job_flow_operator import EmrTerminateJobFlowOperator\n"
        "from airflow.contrib.sensors.emr_step_sensor import EmrStepSensor\n"
        "from airflow.operators.dummy_operator import DummyOperator\n"
    ),
    "today": (
        "from airflow import DAG\n"
        "from airflow.operators.empty import EmptyOperator as DummyOperator\n"
        "from airflow.providers.amazon.aws.operators.emr import (\n"
        "    EmrAddStepsOperator, EmrCreateJobFlowOperator, EmrTerminateJobFlowOperator,\n)\n"
        "from airflow.providers.amazon.aws.sensors.emr import EmrStepSensor\n"
    ),
}


def shape(n: int) -> dict:
    return {
        "release": f"emr-6.{10 + n % 5}.0",
        "master": SHAPE_TYPES[n % len(SHAPE_TYPES)],
        "core": SHAPE_TYPES[(n + 3) % len(SHAPE_TYPES)],
        "count": 2 + n % 4,
        "market": "SPOT" if n % 2 else "ON_DEMAND",
    }


def dag_text(i: int, shapes: int) -> str:
    s = shape(i % shapes)
    generation = ("provider1", "contrib", "today")[i % 3]
    steps = 1 + i % 3
    step_list = ",\n".join(
        f"""    {{
        "Name": "job {i} part {k}",
        "ActionOnFailure": "CONTINUE",
        "HadoopJarStep": {{
            "Jar": "command-runner.jar",
            "Args": ["spark-submit", "--deploy-mode", "cluster", "s3://bench-{i}/jobs/part_{k}.py",
                     "--date={{{{ ds }}}}", "--bucket={{{{ params.bucket }}}}"],
        }},
    }}"""
        for k in range(steps)
    )
    end = "DummyOperator" if generation != "provider1" else None
    sensors = "\n".join(
        f"    watch_{k} = EmrStepSensor(task_id='watch_{k}', job_flow_id=create.output, step_id=\"{{{{ "
        f"task_instance.xcom_pull(task_ids='add_steps', key='return_value')[{k}] }}}}\", aws_conn_id='aws_default')\n"
        f"    add >> watch_{k} >> terminate" for k in range(steps)
    )
    return f'''"""Synthetic hand-written EMR DAG {i} (benchmarks/port_import.py): {generation} module paths."""
from datetime import datetime, timedelta

{HEADER[generation]}
STEPS = [
{step_list}
]

JOB_FLOW = {{
    "Name": "bench-cluster-{i}",
    "ReleaseLabel": "{s["release"]}",
    "Applications": [{{"Name": "Spark"}}, {{"Name": "Hadoop"}}],
    "Instances": {{
        "InstanceGroups": [
            {{"Name": "Primary", "Market": "{s["market"]}", "InstanceRole": "MASTER", "InstanceType": "{s["master"]}", "InstanceCount": 1}},
            {{"Name": "Core", "Market": "{s["market"]}", "InstanceRole": "CORE", "InstanceType": "{s["core"]}", "InstanceCount": {s["count"]}}},
        ],
        "KeepJobFlowAliveWhenNoSteps": True,
        "TerminationProtected": False,
    }},
    "LogUri": "s3://bench-logs/{i}/",
    "JobFlowRole": "EMR_EC2_DefaultRole",
    "ServiceRole": "EMR_DefaultRole",
    "VisibleToAllUsers": True,
}}

with DAG(
    dag_id="bench_{i:04d}",
    default_args={{"owner": "{("data", "platform", "airflow")[i % 3]}", "retries": {i % 2}, "retry_delay": timedelta(minutes=5)}},
    start_date=datetime(2024, 1, 1),
    schedule_interval="{("0 3 * * *", "@daily", "30 1 * * *")[i % 3]}",
    catchup=False,
    max_active_runs=1,
    params={{"bucket": "bench-{i}"}},
    tags=["bench", "{generation}"],
) as dag:
    create = EmrCreateJobFlowOperator(task_id="create", job_flow_overrides=JOB_FLOW, emr_conn_id="emr_default")
    add = EmrAddStepsOperator(task_id="add_steps", job_flow_id=create.output, steps=STEPS)
    terminate = EmrTerminateJobFlowOperator(task_id="terminate", job_flow_id=create.output, trigger_rule="all_done")
    create >> add
{sensors}
''' + (f"    terminate >> {end}(task_id='end')\n" if end else "")


def write_folder(folder: Path, dags: int, shapes: int) -> None:
    folder.mkdir(parents=True)
    for i in range(dags):
        (folder / f"bench_{i:04d}.py").write_text(dag_text(i, shapes))


def run_once(folder: Path, project: Path) -> tuple[float, float, str]:
    java = os.environ.get("JAVA_HOME")
    command = [str(Path(java) / "bin" / "java") if java else "java", "-jar", str(JAR), "import", str(folder), "-p", str(project)]
    started = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = process.communicate()
    wall = time.monotonic() - started
    status = process.returncode
    children = resource.getrusage(resource.RUSAGE_CHILDREN)  # the JVM and the venv processes it waited for
    cpu = children.ru_utime + children.ru_stime
    if status != 0:
        raise SystemExit(f"emrdag import failed (exit {status}):\n{out[-3000:]}\n{err[-3000:]}")
    return wall, cpu, out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--dags", type=int, default=200)
    parser.add_argument("--shapes", type=int, default=8)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "port-import.md")
    args = parser.parse_args()
    if not JAR.is_file():
        raise SystemExit(f"no jar at {JAR}: ./mvnw -B -ntp -o -pl generator -am install -DskipTests")
    work = Path(tempfile.mkdtemp(prefix="emrdag-bench-import-"))
    try:
        folder = work / "dags"
        write_folder(folder, args.dags, args.shapes)
        walls, cpus, last = [], [], ""
        cpu_before = 0.0
        for run in range(args.runs):
            wall, cpu_total, last = run_once(folder, work / f"project-{run}")
            walls.append(wall)
            cpus.append(cpu_total - cpu_before)
            cpu_before = cpu_total
            print(f"run {run + 1}: {wall:.1f} s wall, {cpus[-1]:.1f} s CPU", file=sys.stderr, flush=True)
        summary = last.strip().splitlines()[-1]
        profiles = [line for line in last.splitlines() if line.startswith("profile: ")]
        identical = len(re.findall(r"\| identical \| identical \|", last))
        lines = [
            "# `emrdag import` of synthetic hand-written EMR DAGs",
            "",
            f"`python3 benchmarks/port_import.py --dags {args.dags} --shapes {args.shapes} --runs {args.runs}` on "
            f"{os.cpu_count()} cores, {platform.python_implementation()} {platform.python_version()}, "
            f"load average before the runs {os.getloadavg()[0]:.1f}.",
            "",
            "| | median | min | max |",
            "|---|---|---|---|",
            f"| wall seconds (JVM + read + generate + prove) | {statistics.median(walls):.1f} | {min(walls):.1f} | {max(walls):.1f} |",
            f"| CPU seconds (children) | {statistics.median(cpus):.1f} | {min(cpus):.1f} | {max(cpus):.1f} |",
            "",
            f"- {summary}",
            f"- request and steps identical: {identical} of {args.dags}",
            f"- {len(profiles)} profiles from {args.shapes} shapes: " + "; ".join(p.split(":")[1].strip() + " (" + str(p.count(",") + 1) + " DAGs)" for p in profiles),
        ]
        print("\n".join(lines))
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text("\n".join(lines) + "\n")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
