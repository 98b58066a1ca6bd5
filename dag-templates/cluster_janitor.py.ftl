<#import "python.ftl" as py>
<@py.header/>
"""Ends the EMR clusters of this project whose DAG run is no longer running.

A job group's own terminate_cluster task and its failure callback end its cluster in every case the
scheduler sees through. This janitor is the net for the rest: a run marked failed by hand, a run
whose scheduler was lost, a job group deleted mid-run. It only touches active clusters tagged with
this project, and never the cluster of a queued or running run. It needs elasticmapreduce:
ListClusters, DescribeCluster and TerminateJobFlows, and reads run states from the metadata DB
(Airflow 2) or the Task SDK (Airflow 3), never at parse time. Each sweep keeps in its XCom which active
clusters are this project's, so that the next describes only the clusters started since.
"""

from __future__ import annotations

import datetime
import logging

import airflow
import pendulum

try:  # Airflow 3
    if airflow.__version__.startswith("2."):
        raise ImportError("Airflow 2")  # cheaper than failing the import below, at every parse
    from airflow.providers.standard.operators.python import PythonOperator
    from airflow.sdk import DAG
except ImportError:  # Airflow 2
    from airflow import DAG
    from airflow.operators.python import PythonOperator
from airflow.providers.amazon.aws.hooks.emr import EmrHook

<@py.sharedImport modules=["template_generator"] packageName=view.packageName!/>

PROJECT = ${view.project}
AWS_CONN_ID = ${view.awsConnId}
LIVE_STATES = ("queued", "running")


def run_is_live(ti):
    """Whether a DAG run is queued or running (and, on Airflow 2, its DAG still exists)."""
    if hasattr(ti, "get_dr_count"):  # Airflow 3: task code asks the API server through the Task SDK

        def live(dag_id, run_id):
            return ti.get_dr_count(dag_id=dag_id, run_ids=[run_id], states=list(LIVE_STATES)) > 0

        return live
    from airflow.models import DagModel, DagRun  # Airflow 2: task code may read the metadata DB

    def live(dag_id, run_id):
        runs = DagRun.find(dag_id=dag_id, run_id=run_id)
        if not runs or runs[0].state not in LIVE_STATES:
            return False
        model = DagModel.get_dagmodel(dag_id)
        return model is not None and model.is_active

    return live


def seen_before(ti):
    """What the previous sweep learnt of the listed clusters (see template_generator.sweep), from its XCom: a sweep
    then describes only the clusters started since. Nothing when there was none, or it cannot be read."""
    try:
        earlier = ti.xcom_pull(task_ids=ti.task_id, include_prior_dates=True)
    except Exception:  # noqa: BLE001 - a sweep that describes every cluster is slower, never wrong
        logging.getLogger(__name__).warning("could not read the previous sweep's clusters", exc_info=True)
        return {}
    if not isinstance(earlier, dict) or earlier.get("project") != PROJECT:
        return {}
    foreign, ours = earlier.get("foreign"), earlier.get("ours")
    if not isinstance(foreign, list) or not isinstance(ours, dict):
        return {}
    seen = dict.fromkeys(cluster_id for cluster_id in foreign if isinstance(cluster_id, str))
    for cluster_id, known in ours.items():
        if isinstance(known, list) and len(known) == 3 and all(isinstance(v, str) for v in known):
            seen[cluster_id] = known
    return seen


def terminate_orphaned_clusters(ti):
    client = EmrHook(aws_conn_id=AWS_CONN_ID).get_conn()
    seen = seen_before(ti)
    ended = template_generator.sweep(client, PROJECT, run_is_live(ti), seen)
    # Kept in XCom for the next sweep: about 18 bytes per active cluster of other owners.
    return {
        "terminated": ended,
        "project": PROJECT,
        "foreign": sorted(cluster_id for cluster_id, known in seen.items() if known is None),
        "ours": {cluster_id: known for cluster_id, known in seen.items() if known is not None},
    }


with DAG(
    dag_id=${view.dagId},
    description="Ends this project's EMR clusters whose DAG run is no longer running.",
    schedule=${view.interval},
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    dagrun_timeout=${view.interval},
    # MWAA pauses new DAGs: the janitor must run without anybody unpausing it.
    is_paused_upon_creation=False,
    tags=["emr", "emrdag", "janitor"],
    default_args={"owner": "emrdag", "retries": 0},
    doc_md=__doc__,
) as dag:
    PythonOperator(
        task_id="terminate_orphaned_clusters",
        python_callable=terminate_orphaned_clusters,
        priority_weight=100,  # ahead of sensor pokes when worker slots are scarce: a cluster bills
        execution_timeout=${view.interval},  # a sweep that hangs (an unreachable endpoint) must not hold a slot
    )
