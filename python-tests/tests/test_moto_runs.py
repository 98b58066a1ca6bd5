"""End to end: dag.test() of the generated DAGs against a moto EMR on 127.0.0.1.

(a) success and (b) failed step run for every DAG; (c) Variable override and (d) malformed Variable
run for every DAG too (EMRDAG_QUICK=1 limits them to the first DAG while iterating). On the targets where
run_tests.py samples (EMRDAG_RUNS=sample) all four run for the first DAG only (one with several steps).
"""

from __future__ import annotations

import json
import os

import pytest
from conftest import (
    CORE_COUNT_KNOB,
    CORE_TYPE_KNOB,
    DAG_IDS,
    DAGS,
    POISON_AMI,
    VARIABLE_CONSTANT,
    knob_defaults,
    make_dagbag,
    module_of,
    run_dag,
    step_names,
)

SAMPLE = os.environ.get("EMRDAG_RUNS", "all") == "sample"
RUN_DAG_IDS = DAG_IDS[:1] if SAMPLE else DAG_IDS
SCENARIO_DAG_IDS = DAG_IDS[:1] if SAMPLE or os.environ.get("EMRDAG_QUICK") == "1" else DAG_IDS
LEAF = "all_steps_succeeded"


def only_cluster(client) -> dict:
    clusters = client.list_clusters()["Clusters"]
    assert len(clusters) == 1, clusters
    return client.describe_cluster(ClusterId=clusters[0]["Id"])["Cluster"]


def instance_group(client, cluster_id, role: str = "CORE") -> dict:
    groups = [
        g
        for g in client.list_instance_groups(ClusterId=cluster_id)["InstanceGroups"]
        if g["InstanceGroupType"] == role
    ]
    assert len(groups) == 1, groups
    return groups[0]


@pytest.mark.parametrize("dag_id", RUN_DAG_IDS)
def test_all_steps_complete(dagbag, emr, dag_id):
    dag = dagbag.get_dag(dag_id)
    run, states = run_dag(dag)

    assert run.state == "success"
    assert states == dict.fromkeys(dag.task_ids, "success")
    client = emr.client()
    cluster = only_cluster(client)
    assert cluster["Status"]["State"] == "TERMINATED"
    assert cluster.get("CustomAmiId") != POISON_AMI
    steps = client.list_steps(ClusterId=cluster["Id"])["Steps"]
    assert sorted(s["Name"] for s in steps) == sorted(step_names(dag))
    assert {s["Status"]["State"] for s in steps} == {"COMPLETED"}  # every step was watched
    defaults = knob_defaults(module_of(dag_id))
    group = instance_group(client, cluster["Id"])
    assert (group["InstanceType"], group["RequestedInstanceCount"]) == (
        defaults[CORE_TYPE_KNOB],
        defaults[CORE_COUNT_KNOB],
    )


@pytest.mark.parametrize("dag_id", RUN_DAG_IDS)
def test_first_step_fails(dagbag, emr, dag_id):
    dag = dagbag.get_dag(dag_id)
    emr.step_states = {0: "FAILED"}  # later steps COMPLETED: shows each sensor watches its own step
    run, states = run_dag(dag)

    assert run.state == "failed"
    first, *others = [f"watch_{name}" for name in step_names(dag)]
    assert states[first] == "failed"
    assert {w: states[w] for w in others} == dict.fromkeys(others, "success")
    assert states["terminate_cluster"] == "success"
    assert states[LEAF] == "upstream_failed"
    cluster = only_cluster(emr.client())
    assert cluster["Status"]["State"] == "TERMINATED"
    # A step with re-runs was added again that often on the same cluster (each attempt failing here).
    attempts = [s["Name"] for s in emr.client().list_steps(ClusterId=cluster["Id"])["Steps"]]
    reruns = module_of(dag_id).get("RERUNS", [0])  # only job groups with re-runs define it
    assert attempts.count(step_names(dag)[0]) == 1 + reruns[0]


@pytest.mark.parametrize("dag_id", SCENARIO_DAG_IDS)
def test_variable_overrides_instance_group(dagbag, emr, monkeypatch, dag_id):
    module = module_of(dag_id)
    defaults = knob_defaults(module)
    override = {CORE_COUNT_KNOB: defaults[CORE_COUNT_KNOB] + 3, CORE_TYPE_KNOB: "m6g.16xlarge"}
    assert override[CORE_TYPE_KNOB] != defaults[CORE_TYPE_KNOB]
    monkeypatch.setenv(f"AIRFLOW_VAR_{module[VARIABLE_CONSTANT].upper()}", json.dumps(override))
    run, _ = run_dag(dagbag.get_dag(dag_id))

    assert run.state == "success"
    client = emr.client()
    group = instance_group(client, only_cluster(client)["Id"])
    assert (group["InstanceType"], group["RequestedInstanceCount"]) == (
        override[CORE_TYPE_KNOB],
        override[CORE_COUNT_KNOB],
    )
    # Keys the Variable leaves out keep the defaults baked into the DAG.
    master = instance_group(client, only_cluster(client)["Id"], role="MASTER")
    assert (master["InstanceType"], master["RequestedInstanceCount"]) == (
        defaults["master_instance_type"],
        defaults["master_instance_count"],
    )


@pytest.mark.parametrize("dag_id", SCENARIO_DAG_IDS)
def test_malformed_variable_fails_create_cluster(emr, monkeypatch, capfd, dag_id):
    variable = module_of(dag_id)[VARIABLE_CONSTANT]
    monkeypatch.setenv(f"AIRFLOW_VAR_{variable.upper()}", "{not json")
    bag = make_dagbag(DAGS)  # parsing never reads the Variable
    assert bag.import_errors == {}
    capfd.readouterr()
    run, states = run_dag(bag.get_dag(dag_id))

    assert run.state == "failed"
    assert states["create_cluster"] == "failed"
    assert emr.client().list_clusters()["Clusters"] == []
    output = capfd.readouterr()
    errors = [line for line in (output.out + output.err).splitlines() if "Error" in line and variable in line]
    assert errors, f"no error line names the Variable {variable!r}"
