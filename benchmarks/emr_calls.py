#!/usr/bin/env python3
"""EMR calls and wall time of a run's clean-up while the account runs clusters that are not the run's, side by side
with a baseline runtime module.

    python3 benchmarks/emr_calls.py [--baseline FILE|REV] [--foreign 0,50,500] [--runs 3] [--target airflow-2.10.3]
                                    [--out FILE]

Each operation runs the shared runtime module's real code with the real Amazon provider (the target's pinned venv,
the one run_tests.py uses) against an in-process moto EMR on 127.0.0.1, and the calls are counted by the server
(python-tests/tests/moto_emr.py: a WSGI middleware in front of moto), never by the client:

- terminate: TerminateCluster.execute of a run whose cluster is in XCom (the provider's own terminate call included);
- create retry: CreateCluster.execute on a second try, which finds the cluster the first try started;
- failure callback: run_reaper's callback for the failed run;
- janitor sweep: sweep() with an orphan of a run that is over; this build passes what the previous sweep learnt
  (as the janitor DAG does from its XCom), so a "first" and a "next" sweep are measured.

Of the foreign active clusters, 90 % were started two hours before the run (outside its window) and 10 % after it
started (inside). The baseline is main's dag-templates/template_generator.py (git show REV:…, default main) or a file;
both modules are measured in the same process, one after the other, per size. Writes Markdown (default
benchmarks/results/emr-calls.md).
"""

from __future__ import annotations

import argparse
import collections
import datetime
import importlib.util
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
VERIFY = REPO / "generator" / "src" / "main" / "resources" / "io" / "emrdag" / "verify"
PROJECT = "bench"
DAG_ID = "orders_cdc"
T0 = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
OPERATIONS = ("terminate", "create retry", "failure callback", "janitor sweep (first)", "janitor sweep (next)")


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--baseline", default="main", help="a file, or a git revision whose template_generator.py to use"
    )
    parser.add_argument("--foreign", default="0,50,500", help="foreign active clusters, comma-separated")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (wall time: the median)")
    parser.add_argument("--target", default="airflow-2.10.3", help="the pinned venv to run in")
    parser.add_argument("--out", default=str(HERE / "results" / "emr-calls.md"))
    parser.add_argument("--inside", help=argparse.SUPPRESS)  # the baseline file, when running in the venv
    return parser.parse_args()


def outside(args: argparse.Namespace) -> int:
    """Resolves the baseline, makes sure of the venv, and runs this script again inside it."""
    sys.path.insert(0, str(VERIFY))
    from environments import ensure_venv

    venv = ensure_venv(args.target, VERIFY / "targets" / f"{args.target}.txt")
    with tempfile.TemporaryDirectory(prefix="emrdag-emr-calls-") as tmp:
        baseline = Path(args.baseline)
        if not baseline.is_file():
            text = subprocess.run(
                ["git", "-C", str(REPO), "show", f"{args.baseline}:dag-templates/template_generator.py"],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            baseline = Path(tmp) / "template_generator.py"
            baseline.write_text(text, encoding="utf-8")
        home = Path(tmp) / "airflow"
        home.mkdir()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW", "AWS_", "PYTHON"))}
        env.update(AIRFLOW_HOME=str(home), AIRFLOW__CORE__LOAD_EXAMPLES="False", PYTHONDONTWRITEBYTECODE="1")
        command = [str(venv / "bin" / "python"), __file__, "--inside", str(baseline), *sys.argv[1:]]
        return subprocess.run(command, env=env).returncode


def load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class TI:
    """The task instance an operator's execute reads: its try and its XCom pushes (the provider's links)."""

    def __init__(self, try_number: int = 1) -> None:
        self.try_number = try_number

    def xcom_push(self, *args, **kwargs) -> None:
        pass


def inside(args: argparse.Namespace) -> int:
    sys.path.insert(0, str(REPO / "python-tests" / "tests"))
    sys.dont_write_bytecode = True
    os.environ.update(
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        AWS_DEFAULT_REGION="us-east-1",
        AWS_CONFIG_FILE=os.devnull,
        AWS_SHARED_CREDENTIALS_FILE=os.devnull,
        AWS_EC2_METADATA_DISABLED="true",
    )
    import logging

    import airflow

    try:  # Airflow 3
        from airflow.sdk import DAG
    except ImportError:  # Airflow 2
        from airflow import DAG
    from airflow.exceptions import AirflowFailException, AirflowSkipException
    from airflow.providers.amazon import __version__ as amazon_version
    from airflow.providers.amazon.aws.hooks.emr import EmrHook
    from airflow.providers.amazon.aws.operators.emr import (
        EmrAddStepsOperator,
        EmrCreateJobFlowOperator,
        EmrTerminateJobFlowOperator,
    )
    from airflow.providers.amazon.aws.sensors.emr import EmrStepSensor
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.emr.models import emr_backends
    from moto_emr import MotoEmr

    logging.disable(logging.WARNING)
    emr = MotoEmr().start()
    os.environ["AWS_ENDPOINT_URL"] = emr.endpoint
    os.environ["AIRFLOW_CONN_AWS_DEFAULT"] = json.dumps(
        {"conn_type": "aws", "extra": {"endpoint_url": emr.endpoint, "region_name": "us-east-1"}}
    )
    client = emr.client()

    def backend():  # moto's reset makes new backends
        return emr_backends[DEFAULT_ACCOUNT_ID]["us-east-1"]

    builds = {
        "baseline": load("template_generator_baseline", Path(args.inside)),
        "this build": load("template_generator", REPO / "dag-templates" / "template_generator.py"),
    }

    def start(name: str, tags: dict[str, str], age: datetime.timedelta = datetime.timedelta(0)) -> str:
        cluster_id = client.run_job_flow(
            Name=name,
            ReleaseLabel="emr-7.5.0",
            Instances={
                "MasterInstanceType": "m5.xlarge",
                "SlaveInstanceType": "m5.xlarge",
                "InstanceCount": 1,
                "KeepJobFlowAliveWhenNoSteps": True,
            },
            JobFlowRole="EMR_EC2_DefaultRole",
            ServiceRole="EMR_DefaultRole",
            Tags=[{"Key": k, "Value": v} for k, v in tags.items()],
        )["JobFlowId"]
        backend().clusters[cluster_id].creation_datetime -= age
        return cluster_id

    counter = iter(range(10**6))

    def ours(run_id: str) -> str:
        return start(DAG_ID, {"emrdag:project": PROJECT, "emrdag:dag_id": DAG_ID, "emrdag:run_id": run_id})

    def context(run_id: str, try_number: int = 1) -> dict:
        started = datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=2)
        return {"run_id": run_id, "dag_run": SimpleNamespace(start_date=started, clear_number=0), "ti": TI(try_number)}

    def measure(tg, operation: str, seen: dict) -> tuple[collections.Counter, float]:
        """One operation on a cluster of its own; returns the calls the server answered and the wall seconds."""
        run_id = f"manual__bench{next(counter)}"
        create, _, _, terminate = tg.cluster_operators(
            EmrCreateJobFlowOperator,
            EmrAddStepsOperator,
            EmrStepSensor,
            EmrTerminateJobFlowOperator,
            EmrHook,
            AirflowFailException,
            AirflowSkipException,
        )
        if operation == "terminate":
            cluster_id = ours(run_id)
            with DAG(DAG_ID, schedule=None, start_date=T0):
                task = terminate(
                    task_id="terminate_cluster", project=PROJECT, job_flow_id=cluster_id, aws_conn_id="aws_default"
                )
            call = lambda: task.execute(context(run_id))  # noqa: E731
        elif operation == "create retry":
            cluster_id = ours(run_id)
            request = {"Name": DAG_ID, "Tags": [{"Key": "emrdag:run_id", "Value": run_id}]}
            with DAG(DAG_ID, schedule=None, start_date=T0):
                task = create(
                    task_id="create_cluster", project=PROJECT, job_flow_overrides=request, aws_conn_id="aws_default"
                )
            call = lambda: task.execute(context(run_id, try_number=2))  # noqa: E731
        elif operation == "failure callback":
            cluster_id = ours(run_id)
            reap = tg.run_reaper(EmrHook, PROJECT, DAG_ID, "aws_default")
            call = lambda: reap({**context(run_id), "reason": "task_failure"})  # noqa: E731
        else:
            cluster_id = ours(run_id)  # an orphan: its run is over
            live = lambda dag_id, run: False  # noqa: E731
            if "seen" in tg.sweep.__code__.co_varnames:
                call = lambda: tg.sweep(client, PROJECT, live, seen)  # noqa: E731
            else:
                call = lambda: tg.sweep(client, PROJECT, live)  # noqa: E731
        emr.requests.clear()
        began = time.perf_counter()
        result = call()
        wall = time.perf_counter() - began
        calls = collections.Counter(name for name, _ in emr.requests)
        if operation == "create retry":
            assert result == cluster_id and calls["RunJobFlow"] == 0, (operation, result, calls)
            client.terminate_job_flows(JobFlowIds=[cluster_id])  # not counted: the next measurement clears the log
        else:
            state = backend().clusters[cluster_id].state
            assert state in ("TERMINATED", "TERMINATING"), (operation, state)
        return calls, wall

    rows = []
    for foreign in [int(n) for n in args.foreign.split(",")]:
        emr.reset()
        during = foreign // 10
        for n in range(foreign):
            tags = [
                {"team": "analytics"},
                {"emrdag:project": "someone-else", "emrdag:dag_id": DAG_ID, "emrdag:run_id": "r"},
            ]
            age = datetime.timedelta(hours=2) if n >= during else datetime.timedelta(0)
            start(f"foreign-{n}" if n % 3 else DAG_ID, tags[n % 2], age)
        for build, tg in builds.items():
            for operation in OPERATIONS:
                calls, walls = None, []
                for _ in range(args.runs):
                    seen: dict = {}
                    if operation == "janitor sweep (next)" and "seen" in tg.sweep.__code__.co_varnames:
                        tg.sweep(client, PROJECT, lambda dag_id, run: True, seen)  # the sweep before
                    calls, wall = measure(tg, operation, seen)
                    walls.append(wall)
                rows.append((foreign, operation, build, calls, statistics.median(walls)))
                print(
                    f"{foreign:4d} foreign  {operation:24s} {build:10s} {dict(calls)} {statistics.median(walls) * 1000:.0f} ms",
                    flush=True,
                )
    emr.stop()

    baseline_name = args.baseline if not Path(args.baseline).is_file() else Path(args.baseline).name
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# EMR calls of a run's clean-up, with clusters that are not the run's",
        "",
        f"`python3 benchmarks/emr_calls.py --foreign {args.foreign} --runs {args.runs}`, {now}, {platform.machine()}, "
        f"{os.cpu_count()} cores (shared with other work: wall times are orders of magnitude), Airflow "
        f"{airflow.__version__}, amazon provider {amazon_version}, moto EMR in process. Baseline: "
        f"`{baseline_name}:dag-templates/template_generator.py`; this build: the working tree's.",
        "",
        "Calls are counted by the moto server (a WSGI middleware in front of it), per operation. Of the foreign active "
        "clusters, 90 % were started two hours before the run and 10 % after it started. moto pages ListClusters by 50, "
        'as EMR does. "janitor sweep (next)" is a sweep after one that saw the same clusters (the baseline has no '
        "memory: it is the same as its first). Wall: median of the runs.",
        "",
        "| foreign clusters | operation | build | ListClusters | DescribeCluster | other EMR calls | wall ms |",
        "|---:|---|---|---:|---:|---:|---:|",
    ]
    for foreign, operation, build, calls, wall in rows:
        other = sum(calls.values()) - calls["ListClusters"] - calls["DescribeCluster"]
        lines.append(
            f"| {foreign} | {operation} | {build} | {calls['ListClusters']} | {calls['DescribeCluster']} | {other} | "
            f"{wall * 1000:.0f} |"
        )
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


def main() -> int:
    args = parse()
    return inside(args) if args.inside else outside(args)


if __name__ == "__main__":
    sys.exit(main())
