"""End to end: dag.test() of the generated DAGs against a moto EMR on 127.0.0.1.

(a) success and (b) failed step run for every DAG; (c) Variable override, (d) malformed Variable and
(e) a Variable key that is no knob run for every DAG too (EMRDAG_QUICK=1 limits them to the sample while
iterating). On the targets where run_tests.py samples (EMRDAG_RUNS=sample) (a)-(c) run for the sample only: the first
DAG with several steps on instance groups, and the first on instance fleets; (d) and (e), create_cluster's own Python
reading the Variable, for the first of them.
"""

from __future__ import annotations

import json
import os

import pytest
from conftest import (
    CORE_COUNT_KNOB,
    CORE_ON_DEMAND_KNOB,
    CORE_SPOT_KNOB,
    CORE_TYPE_KNOB,
    DAG_IDS,
    DAGS,
    FLEET_DAG_IDS,
    POISON_AMI,
    SAMPLE,
    VARIABLE_CONSTANT,
    knob_defaults,
    make_dagbag,
    module_of,
    run_dag,
    step_names,
    step_names_of,
)

_GROUP_DAG_IDS = [d for d in DAG_IDS if d not in FLEET_DAG_IDS]
SAMPLE_DAG_IDS = [d for d in _GROUP_DAG_IDS if len(step_names_of(d)) > 1][:1] + FLEET_DAG_IDS[:1]
RUN_DAG_IDS = SAMPLE_DAG_IDS if SAMPLE else DAG_IDS
SCENARIO_DAG_IDS = SAMPLE_DAG_IDS if SAMPLE or os.environ.get("EMRDAG_QUICK") == "1" else DAG_IDS
LEAF = "all_steps_succeeded"


def only_cluster(client) -> dict:
    clusters = client.list_clusters()["Clusters"]
    assert len(clusters) == 1, clusters
    return client.describe_cluster(ClusterId=clusters[0]["Id"])["Cluster"]


def instance_fleet(client, cluster_id, role: str) -> dict:
    fleets = [
        f for f in client.list_instance_fleets(ClusterId=cluster_id)["InstanceFleets"] if f["InstanceFleetType"] == role
    ]
    assert len(fleets) == 1, fleets
    return fleets[0]


def assert_core_as_knobs_say(client, cluster_id, knobs: dict) -> None:
    """The cluster's core instance group or fleet has the sizes the knobs say."""
    if CORE_SPOT_KNOB in knobs:
        assert client.list_instance_groups(ClusterId=cluster_id)["InstanceGroups"] == []
        core = instance_fleet(client, cluster_id, "CORE")
        assert (core["TargetOnDemandCapacity"], core["TargetSpotCapacity"]) == (
            knobs[CORE_ON_DEMAND_KNOB],
            knobs[CORE_SPOT_KNOB],
        )
    else:
        group = instance_group(client, cluster_id)
        assert (group["InstanceType"], group["RequestedInstanceCount"]) == (
            knobs[CORE_TYPE_KNOB],
            knobs[CORE_COUNT_KNOB],
        )


def instance_group(client, cluster_id, role: str = "CORE") -> dict:
    groups = [
        g for g in client.list_instance_groups(ClusterId=cluster_id)["InstanceGroups"] if g["InstanceGroupType"] == role
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
    assert_core_as_knobs_say(client, cluster["Id"], knob_defaults(module_of(dag_id)))


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


@pytest.mark.parametrize("dag_id", [d for d in SCENARIO_DAG_IDS if d not in FLEET_DAG_IDS])
def test_variable_overrides_instance_group(dagbag, emr, monkeypatch, dag_id):
    module = module_of(dag_id)
    defaults = knob_defaults(module)
    override = {CORE_COUNT_KNOB: defaults[CORE_COUNT_KNOB] + 3, CORE_TYPE_KNOB: "m6g.16xlarge"}
    assert override[CORE_TYPE_KNOB] != defaults[CORE_TYPE_KNOB]
    monkeypatch.setenv(f"AIRFLOW_VAR_{module[VARIABLE_CONSTANT].upper()}", json.dumps(override))
    run, _ = run_dag(dagbag.get_dag(dag_id))

    assert run.state == "success"
    client = emr.client()
    assert_core_as_knobs_say(client, only_cluster(client)["Id"], {**defaults, **override})
    # Keys the Variable leaves out keep the defaults baked into the DAG.
    master = instance_group(client, only_cluster(client)["Id"], role="MASTER")
    assert (master["InstanceType"], master["RequestedInstanceCount"]) == (
        defaults["master_instance_type"],
        defaults["master_instance_count"],
    )


@pytest.mark.parametrize("dag_id", [d for d in SCENARIO_DAG_IDS if d in FLEET_DAG_IDS])
def test_variable_overrides_fleet_capacities_and_scaling(dagbag, emr, monkeypatch, dag_id):
    module = module_of(dag_id)
    defaults = knob_defaults(module)
    override = {
        CORE_SPOT_KNOB: defaults[CORE_SPOT_KNOB] * 2 + 1,
        "scaling_maximum_capacity": defaults["scaling_maximum_capacity"] + 16,
    }
    monkeypatch.setenv(f"AIRFLOW_VAR_{module[VARIABLE_CONSTANT].upper()}", json.dumps(override))
    run, _ = run_dag(dagbag.get_dag(dag_id))

    assert run.state == "success"
    client = emr.client()
    cluster_id = only_cluster(client)["Id"]
    knobs = {**defaults, **override}
    assert_core_as_knobs_say(client, cluster_id, knobs)
    for role in ("TASK",) if "task_spot_capacity" in knobs else ():
        task = instance_fleet(client, cluster_id, role)
        assert (task["TargetOnDemandCapacity"], task["TargetSpotCapacity"]) == (
            knobs["task_on_demand_capacity"],
            knobs["task_spot_capacity"],
        )
    primary = instance_fleet(client, cluster_id, "MASTER")
    assert primary["TargetOnDemandCapacity"] + primary["TargetSpotCapacity"] == 1
    limits = client.get_managed_scaling_policy(ClusterId=cluster_id)["ManagedScalingPolicy"]["ComputeLimits"]
    assert (limits["UnitType"], limits["MinimumCapacityUnits"], limits["MaximumCapacityUnits"]) == (
        "InstanceFleetUnits",
        knobs["scaling_minimum_capacity"],
        knobs["scaling_maximum_capacity"],
    )


def failed_create_cluster_output(emr, monkeypatch, capfd, dag_id: str, value: str) -> list[str]:
    """Sets the job group's Variable to `value`, runs the DAG and checks that create_cluster failed before any
    cluster was asked for, with a DAG that parsed cleanly; returns the run's output lines."""
    monkeypatch.setenv(f"AIRFLOW_VAR_{module_of(dag_id)[VARIABLE_CONSTANT].upper()}", value)
    bag = make_dagbag(DAGS)  # parsing never reads the Variable
    assert bag.import_errors == {}
    capfd.readouterr()
    run, states = run_dag(bag.get_dag(dag_id))

    assert run.state == "failed"
    assert states["create_cluster"] == "failed"
    assert emr.client().list_clusters()["Clusters"] == []
    output = capfd.readouterr()
    return (output.out + output.err).splitlines()


@pytest.mark.parametrize("dag_id", SCENARIO_DAG_IDS[:1] if SAMPLE else SCENARIO_DAG_IDS)
def test_a_key_that_is_no_knob_fails_create_cluster(emr, monkeypatch, capfd, dag_id):
    module = module_of(dag_id)
    variable = module[VARIABLE_CONSTANT]
    real = CORE_SPOT_KNOB if CORE_SPOT_KNOB in knob_defaults(module) else CORE_COUNT_KNOB
    misspelt = real.replace("_c", "_k", 1)  # core_instance_kount, core_spot_kapacity
    lines = failed_create_cluster_output(emr, monkeypatch, capfd, dag_id, json.dumps({misspelt: 6}))
    message = [line for line in lines if "not a knob of this job group" in line]
    assert message, "create_cluster did not say which key is no knob"
    expected = (variable, repr(misspelt), f"did you mean {real!r}")
    assert all(part in message[0] for part in expected), message[0]


@pytest.mark.parametrize("dag_id", SCENARIO_DAG_IDS[:1] if SAMPLE else SCENARIO_DAG_IDS)
def test_malformed_variable_fails_create_cluster(emr, monkeypatch, capfd, dag_id):
    variable = module_of(dag_id)[VARIABLE_CONSTANT]
    lines = failed_create_cluster_output(emr, monkeypatch, capfd, dag_id, "{not json")
    errors = [line for line in lines if "Error" in line and variable in line]
    assert errors, f"no error line names the Variable {variable!r}"
