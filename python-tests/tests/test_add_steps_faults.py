"""AddJobFlowSteps under faults, against the moto EMR on 127.0.0.1 (every target, with its own Amazon provider).

AddJobFlowSteps has no idempotency token. When EMR carried a request out but its answer was lost (a 5xx sent after
the fact, a read timeout), a client that simply sends it again adds every step a second time: the job runs twice.
botocore's own retries do exactly that, so the provider's EmrAddStepsOperator does (the control below shows it
with the provider's hook). The generated DAGs add steps through template_generator.add_steps_once: one request per
attempt, and before the next one the cluster's steps are listed and only those not there yet are sent.

moto_emr.py injects the faults: "processed-500" adds the steps and answers HTTP 500, "processed-slow" adds them and
answers after the client's read timeout, "throttled" answers 400 ThrottlingException without adding them, "refused"
a 400 ValidationException.
"""

from __future__ import annotations

import json
import os
from collections import Counter

from conftest import DAG_IDS, DAGS, FLEET_DAG_IDS, full_only, module_of, run_dag, step_names, step_names_of

# The first job group with several steps on instance groups, and the one whose step has re-runs.
DAG_ID = [d for d in DAG_IDS if d not in FLEET_DAG_IDS and len(step_names_of(d)) > 1][0]
RERUN_DAG_ID = next(d for d in DAG_IDS if "\nRERUNS = " in (DAGS / f"{d}_dag.py").read_text())


def steps_on_the_only_cluster(client) -> list[dict]:
    (cluster,) = client.list_clusters()["Clusters"]
    return client.list_steps(ClusterId=cluster["Id"])["Steps"]


def a_cluster(client) -> str:
    return client.run_job_flow(
        Name="control",
        ReleaseLabel="emr-7.2.0",
        Instances={"MasterInstanceType": "m5.xlarge", "InstanceCount": 1, "KeepJobFlowAliveWhenNoSteps": True},
        JobFlowRole="EMR_EC2_DefaultRole",
        ServiceRole="EMR_DefaultRole",
    )["JobFlowId"]


def two_steps() -> list[dict]:
    return [
        {"Name": name, "ActionOnFailure": "CONTINUE", "HadoopJarStep": {"Jar": "command-runner.jar", "Args": ["true"]}}
        for name in ("first", "second")
    ]


def test_control_the_providers_hook_adds_the_steps_twice_when_the_answer_is_lost(emr):
    """Without add_steps_once: the provider's EmrHook.add_job_flow_steps (what EmrAddStepsOperator.execute calls), on
    the connection's default client, sends the request again after the 500 and EMR runs every step twice."""
    from airflow.providers.amazon.aws.hooks.emr import EmrHook

    client = emr.client()
    cluster_id = a_cluster(client)
    emr.add_faults = ["processed-500"]
    ids = EmrHook(aws_conn_id="aws_default").add_job_flow_steps(job_flow_id=cluster_id, steps=two_steps())

    assert len(ids) == 2
    assert emr.add_requests == ["processed-500", "ok"], "botocore sent the request again by itself"
    names = Counter(s["Name"] for s in client.list_steps(ClusterId=cluster_id)["Steps"])
    assert names == {"first": 2, "second": 2}


def test_a_lost_answer_adds_each_step_once_and_the_run_succeeds(dagbag, emr):
    dag = dagbag.get_dag(DAG_ID)
    emr.add_faults = ["processed-500"]
    run, states = run_dag(dag)

    assert run.state == "success"
    assert states == dict.fromkeys(dag.task_ids, "success")
    steps = steps_on_the_only_cluster(emr.client())
    assert Counter(s["Name"] for s in steps) == Counter(step_names(dag)), "a step was added twice"
    assert emr.add_requests == ["processed-500"], "the steps were found on the cluster: no second request"
    assert {s["Status"]["State"] for s in steps} == {"COMPLETED"}  # each watcher found its step by the ids returned
    # What the provider's execute stores besides the ids: the job_flow_id XCom and the EMR console links.
    assert {"return_value", "job_flow_id", "emr_cluster", "emr_logs"} <= xcom_keys(run, "add_steps")


def xcom_keys(run, task_id: str) -> set[str]:
    from airflow.utils.session import create_session
    from sqlalchemy import text

    query = text("SELECT key FROM xcom WHERE dag_id = :dag_id AND run_id = :run_id AND task_id = :task_id")
    with create_session() as session:
        rows = session.execute(query, {"dag_id": run.dag_id, "run_id": run.run_id, "task_id": task_id})
        return {row[0] for row in rows}


@full_only("test_add_steps_once_lists_before_each_new_attempt retries throttling through this target's hook")
def test_throttling_is_retried_and_adds_each_step_once(dagbag, emr):
    dag = dagbag.get_dag(DAG_ID)
    emr.add_faults = ["throttled", "throttled"]
    run, states = run_dag(dag)

    assert run.state == "success"
    assert states == dict.fromkeys(dag.task_ids, "success")
    assert emr.add_requests == ["throttled", "throttled", "ok"]
    assert Counter(s["Name"] for s in steps_on_the_only_cluster(emr.client())) == Counter(step_names(dag))


@full_only("not retrying a refusal is add_steps_once's own Python; a sample target fails runs in other tests")
def test_a_refused_request_is_not_retried(dagbag, emr):
    dag = dagbag.get_dag(DAG_ID)
    emr.add_faults = ["refused"]
    run, states = run_dag(dag)

    assert run.state == "failed"
    assert states["add_steps"] == "failed"
    assert states["terminate_cluster"] == "success"
    assert emr.add_requests == ["refused"]
    assert steps_on_the_only_cluster(emr.client()) == []


def test_a_read_timeout_after_the_steps_were_added_adds_none_again(dagbag, emr, monkeypatch):
    """The connection's own botocore settings (a 1 s read timeout here) reach the client add_steps_once makes."""
    connection = json.loads(os.environ["AIRFLOW_CONN_AWS_DEFAULT"])
    connection["extra"]["config_kwargs"] = {"read_timeout": 1, "connect_timeout": 1}
    monkeypatch.setenv("AIRFLOW_CONN_AWS_DEFAULT", json.dumps(connection))
    emr.slow_seconds = 2.5
    emr.add_faults = ["processed-slow"]
    dag = dagbag.get_dag(DAG_ID)
    run, _ = run_dag(dag)

    assert run.state == "success"
    assert Counter(s["Name"] for s in steps_on_the_only_cluster(emr.client())) == Counter(step_names(dag))
    assert emr.add_requests == ["processed-slow"]


def test_a_rerun_whose_answer_is_lost_is_added_once(dagbag, emr):
    """The watcher's re-run of a failed step: the step's name is already on the cluster (the failed attempt), so the
    attempt counts as added only when a step of that name appeared that the watcher had not seen."""
    dag = dagbag.get_dag(RERUN_DAG_ID)
    reruns = module_of(RERUN_DAG_ID)["RERUNS"]
    emr.step_states = {0: "FAILED"}  # every attempt fails
    emr.add_faults = ["ok", "processed-500"]  # add_steps, then the first re-run
    run, states = run_dag(dag)

    assert run.state == "failed"
    first = step_names(dag)[0]
    assert states[f"watch_{first}"] == "failed"
    assert emr.add_requests[:2] == ["ok", "processed-500"]
    attempts = [s["Name"] for s in steps_on_the_only_cluster(emr.client())]
    assert attempts.count(first) == 1 + reruns[0]


def test_add_steps_once_lists_before_each_new_attempt(emr):
    """The helper on its own, through the provider's hook: three faults in a row, each step still added once."""
    from airflow.providers.amazon.aws.hooks.emr import EmrHook

    template_generator = module_of(DAG_ID)["template_generator"]
    client = emr.client()
    cluster_id = a_cluster(client)
    steps = two_steps()
    emr.add_faults = ["throttled", "processed-500"]
    ids = template_generator.add_steps_once(EmrHook(aws_conn_id="aws_default"), cluster_id, steps)

    listed = client.list_steps(ClusterId=cluster_id)["Steps"]
    assert emr.add_requests == ["throttled", "processed-500"]
    assert Counter(s["Name"] for s in listed) == {"first": 1, "second": 1}
    assert ids == [next(s["Id"] for s in listed if s["Name"] == name) for name in ("first", "second")]

    # Again under the same names (a re-run): the earlier ids do not count as added.
    emr.add_faults = ["processed-500"]
    again = template_generator.add_steps_once(
        EmrHook(aws_conn_id="aws_default"), cluster_id, steps[:1], earlier={s["Id"] for s in listed}
    )
    listed = client.list_steps(ClusterId=cluster_id)["Steps"]
    assert Counter(s["Name"] for s in listed) == {"first": 2, "second": 1}
    assert again == [listed[0]["Id"]] and again[0] not in ids
