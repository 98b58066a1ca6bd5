"""One synthetic workload, written four ways so that every tool gets the same job groups.

Job group i has a schedule, a cluster (profile `standard`, or every fourth one `large` with spot task
nodes and an override), 1-3 Spark steps with arguments (one with `{{ ds }}`) and, every third one,
spark conf. Runtime knobs are emrdag's defaults (instance type and count per group). Written as:

- emrdag metadata: `emrdag.yaml` plus one YAML file per job group; in the dependent variant each job group waits for
  the one before it (every second one on its schedule too) and every one alerts an SNS topic on failure;
- hand-written static DAG files in the seed's style: one `.py` per job group with the cluster request
  and steps inline and the four EMR operators, no emrdag (what a team writes without a generator),
  optionally with the leaf task emrdag adds (without it a run with a failed step counts as a success);
- dag-factory YAML (one config per job group, loaded at parse time by a one-line `.py` beside it),
  optionally reading an Airflow Variable in three tasks through `variables_as_arguments`;
- boundary-layer workflows (its YAML; it has no EMR operators, so a Dataproc cluster resource plus one
  PySpark operator per step, the nearest equivalent shape).
"""

from __future__ import annotations

import json
from pathlib import Path

SETTINGS = """\
target: "2.10.3"
scripts_base: s3://bench-artifacts/spark/
runtime_variable: emr_{job_group}
defaults:
  start_date: 2024-01-01
  owner: bench
  retries: 1
  tags: [bench]
  cluster:
    profile: standard
    release_label: emr-7.5.0
    log_uri: s3://bench-logs/emr/
    idle_timeout: 30m
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

PROFILES = {
    "standard": {"master": ("m5.xlarge", 1), "core": ("r5.2xlarge", 2)},
    "large": {"master": ("m5.2xlarge", 1), "core": ("r5.4xlarge", 4), "task": ("r5.4xlarge", 6)},
}


def group_id(i: int) -> str:
    return f"group_{i:05d}"


def _steps(i: int) -> list[dict]:
    return [
        {
            "name": f"step_{s}",
            "script": f"job_{i % 7}.py",
            "args": ["--table", f"t_{i}_{s}", "--date", "{{ ds }}"],
            "conf": {"spark.executor.memory": "8g"} if i % 3 == 0 else {},
        }
        for s in range(1 + i % 3)
    ]


def _profile(i: int) -> str:
    return "large" if i % 4 == 0 else "standard"


def _schedule(i: int) -> str:
    return f"{i % 60} {i % 24} * * *"


def emrdag_group(i: int, dependent: bool = False) -> str:
    lines = [f"description: Synthetic job group {i}", f'schedule: "{_schedule(i)}"']
    if dependent and i > 0:
        # Each waits for the one before it (so each but the last also emits an Asset), every second one on time too.
        lines = [lines[0], f"depends_on: [{group_id(i - 1)}]"] + ([lines[1]] if i % 2 == 0 else [])
    if _profile(i) == "large":
        lines += ["cluster:", "  profile: large", "  task: {instance_count: 6}"]
    lines.append("steps:")
    for step in _steps(i):
        lines += [
            f"  - name: {step['name']}",
            f"    script: {step['script']}",
            "    args: [" + ", ".join(json.dumps(a) for a in step["args"]) + "]",
        ]
        if step["conf"]:
            lines.append("    spark_conf: {" + ", ".join(f"{k}: {v}" for k, v in step["conf"].items()) + "}")
    return "\n".join(lines) + "\n"


# Failure alerts to an SNS topic for every job group of the dependent variant.
ALERTS = """\
  alerts:
    sns_topic: arn:aws:sns:us-east-1:123456789012:bench-alerts
"""


def emrdag_project(root: Path, groups: int, dependent: bool = False) -> Path:
    """The job groups as emrdag metadata; dependent: a chain of job groups that wait for each other, with alerts."""
    project = root / "bench-groups"
    (project / "raw").mkdir(parents=True)
    (project / "emrdag.yaml").write_text(SETTINGS.replace("  tags: [bench]\n", "  tags: [bench]\n" + ALERTS) if dependent else SETTINGS)
    for i in range(groups):
        (project / "raw" / f"{group_id(i)}.yaml").write_text(emrdag_group(i, dependent))
    return project


def _request(i: int) -> dict:
    groups = [
        {
            "Name": role.title(),
            "InstanceRole": role.upper(),
            "Market": "SPOT" if role == "task" else "ON_DEMAND",
            "InstanceType": kind,
            "InstanceCount": count,
        }
        for role, (kind, count) in PROFILES[_profile(i)].items()
    ]
    return {
        "Name": group_id(i),
        "LogUri": "s3://bench-logs/emr/",
        "ReleaseLabel": "emr-7.5.0",
        "Applications": [{"Name": "Spark"}],
        "Configurations": [{"Classification": "spark-defaults", "Properties": {"spark.sql.shuffle.partitions": "200"}}],
        "Instances": {"InstanceGroups": groups, "KeepJobFlowAliveWhenNoSteps": True, "TerminationProtected": False},
        "JobFlowRole": "EMR_EC2_DefaultRole",
        "ServiceRole": "EMR_DefaultRole",
        "AutoTerminationPolicy": {"IdleTimeout": 1800},
        "Tags": [{"Key": "team", "Value": "bench"}],
    }


def _spark_steps(i: int) -> list[dict]:
    steps = []
    for step in _steps(i):
        conf = [x for k, v in step["conf"].items() for x in ("--conf", f"{k}={v}")]
        args = [
            "spark-submit",
            "--deploy-mode",
            "cluster",
            *conf,
            f"s3://bench-artifacts/spark/{step['script']}",
            *step["args"],
        ]
        steps.append(
            {
                "Name": step["name"],
                "ActionOnFailure": "CANCEL_AND_WAIT",
                "HadoopJarStep": {"Jar": "command-runner.jar", "Args": args},
            }
        )
    return steps


HAND_WRITTEN = """\
from datetime import datetime, timedelta

from airflow import DAG
from airflow.providers.amazon.aws.operators.emr import (
    EmrAddStepsOperator,
    EmrCreateJobFlowOperator,
    EmrTerminateJobFlowOperator,
)
from airflow.providers.amazon.aws.sensors.emr import EmrStepSensor

JOB_FLOW_OVERRIDES = {request}

SPARK_STEPS = {steps}

with DAG(
    dag_id="{dag_id}",
    description="Synthetic job group {i}",
    schedule="{schedule}",
    start_date=datetime(2024, 1, 1),
    catchup=False,
    tags=["bench"],
    default_args={{"owner": "bench", "retries": 1, "retry_delay": timedelta(minutes=5)}},
) as dag:
    create_cluster = EmrCreateJobFlowOperator(
        task_id="create_cluster", job_flow_overrides=JOB_FLOW_OVERRIDES, emr_conn_id=None
    )
    add_steps = EmrAddStepsOperator(
        task_id="add_steps", job_flow_id="{{{{ ti.xcom_pull(task_ids='create_cluster') }}}}", steps=SPARK_STEPS
    )
    terminate_cluster = EmrTerminateJobFlowOperator(
        task_id="terminate_cluster",
        job_flow_id="{{{{ ti.xcom_pull(task_ids='create_cluster') }}}}",
        trigger_rule="all_done",
    )
    create_cluster >> add_steps
{sensors}{leaf}"""

LEAF = """\
    # Terminate alone would mark a run with a failed step as a success: this leaf fails it.
    all_steps_succeeded = EmptyOperator(task_id="all_steps_succeeded")
    [terminate_cluster, {sensors}] >> all_steps_succeeded
"""

SENSOR = """\
    {name} = EmrStepSensor(
        task_id="{name}",
        job_flow_id="{{{{ ti.xcom_pull(task_ids='create_cluster') }}}}",
        step_id="{{{{ ti.xcom_pull(task_ids='add_steps')[{index}] }}}}",
        mode="reschedule",
    )
    add_steps >> {name} >> terminate_cluster
"""


def hand_written(folder: Path, groups: int, leaf: bool = False) -> Path:
    """The seed's style; leaf=True adds the leaf task emrdag adds so that a failed step fails the run."""
    folder.mkdir(parents=True)
    for i in range(groups):
        names = [f"watch_{s['name']}" for s in _steps(i)]
        sensors = "".join(SENSOR.format(name=name, index=n) for n, name in enumerate(names))
        source = HAND_WRITTEN.format(
            request=repr(_request(i)),
            steps=repr(_spark_steps(i)),
            dag_id=group_id(i),
            i=i,
            schedule=_schedule(i),
            sensors=sensors,
            leaf=LEAF.format(sensors=", ".join(names)) if leaf else "",
        )
        if leaf:
            source = source.replace(
                "from airflow import DAG\n",
                "from airflow import DAG\nfrom airflow.operators.empty import EmptyOperator\n",
            )
        (folder / f"{group_id(i)}_dag.py").write_text(source)
    return folder


DAG_FACTORY_LOADER = """\
# dag-factory: builds the airflow DAG from {name}.yml at every parse.
from pathlib import Path

from dagfactory import load_yaml_dags

load_yaml_dags(globals_dict=globals(), config_filepath=str(Path(__file__).with_name("{name}.yml")))
"""


def dag_factory(folder: Path, groups: int, variables: bool) -> Path:
    """dag-factory configs; with variables=True three tasks each read a Variable at parse time."""
    folder.mkdir(parents=True)
    emr = "airflow.providers.amazon.aws"
    for i in range(groups):
        gid = group_id(i)
        create = {
            "operator": f"{emr}.operators.emr.EmrCreateJobFlowOperator",
            "job_flow_overrides": _request(i),
            "emr_conn_id": None,
        }
        tasks = {
            "create_cluster": create,
            "add_steps": {
                "operator": f"{emr}.operators.emr.EmrAddStepsOperator",
                "job_flow_id": "{{ ti.xcom_pull(task_ids='create_cluster') }}",
                "steps": _spark_steps(i),
                "dependencies": ["create_cluster"],
            },
        }
        watchers = []
        for n, step in enumerate(_steps(i)):
            name = f"watch_{step['name']}"
            watchers.append(name)
            tasks[name] = {
                "operator": f"{emr}.sensors.emr.EmrStepSensor",
                "job_flow_id": "{{ ti.xcom_pull(task_ids='create_cluster') }}",
                "step_id": f"{{{{ ti.xcom_pull(task_ids='add_steps')[{n}] }}}}",
                "mode": "reschedule",
                "dependencies": ["add_steps"],
            }
        tasks["terminate_cluster"] = {
            "operator": f"{emr}.operators.emr.EmrTerminateJobFlowOperator",
            "job_flow_id": "{{ ti.xcom_pull(task_ids='create_cluster') }}",
            "trigger_rule": "all_done",
            "dependencies": watchers,
        }
        if variables:
            for task in ("create_cluster", "add_steps", "terminate_cluster"):
                tasks[task]["variables_as_arguments"] = [
                    {"variable": f"emr_{gid}_aws_conn_id", "attribute": "aws_conn_id"}
                ]
        config = {
            gid: {
                "default_args": {"owner": "bench", "retries": 1, "start_date": "2024-01-01"},
                "description": f"Synthetic job group {i}",
                "schedule": _schedule(i),
                "catchup": False,
                "tags": ["bench"],
                "tasks": tasks,
            }
        }
        (folder / f"{gid}.yml").write_text(json.dumps(config, indent=1))  # JSON is YAML
        (folder / f"{gid}_dag.py").write_text(DAG_FACTORY_LOADER.format(name=gid))
    return folder


def variable_names(groups: int) -> dict[str, str]:
    """The Variables the dag-factory variant reads, with values that keep the operator valid."""
    return {f"emr_{group_id(i)}_aws_conn_id": "aws_default" for i in range(groups)}


def boundary_layer(folder: Path, groups: int) -> Path:
    folder.mkdir(parents=True)
    for i in range(groups):
        kind, workers = PROFILES[_profile(i)]["core"]
        lines = [
            f"name: {group_id(i)}",
            "dag_args:",
            f'  schedule_interval: "{_schedule(i)}"',
            "  catchup: false",
            "default_task_args:",
            "  owner: bench",
            "  retries: 1",
            '  start_date: "2024-01-01"',
            "resources:",
            "  - name: cluster",
            "    type: dataproc_cluster",
            "    properties:",
            f"      cluster_name: {group_id(i).replace('_', '-')}",
            "      project_id: bench",
            "      region: us-east1",
            f"      num_workers: {workers}",
            f"      worker_machine_type: {kind}",
            "operators:",
        ]
        previous = None
        for step in _steps(i):
            lines += [f"  - name: {step['name']}", "    type: dataproc_pyspark", "    requires_resources: [cluster]"]
            if previous:
                lines.append(f"    upstream_dependencies: [{previous}]")
            lines += [
                "    properties:",
                f"      main: gs://bench-artifacts/spark/{step['script']}",
                "      arguments: [" + ", ".join(json.dumps(a) for a in step["args"]) + "]",
            ]
            previous = step["name"]
        (folder / f"{group_id(i)}.yaml").write_text("\n".join(lines) + "\n")
    return folder
