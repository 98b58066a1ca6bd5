"""A run's clean-up costs EMR calls that do not grow with the account's other clusters (#27), and run ids that EMR
refuses as tag values still tag their cluster (#25).

In real Airflow with the real provider, a generated DAG and the project's janitor DAG run under ``dag.test()`` against
the in-process moto server, with 500 active clusters that are not this run's: 450 started two hours before the run
(outside its window), 50 started after it began (inside it), under other names, other tags, another project's
emrdag tags and this job group's own cluster name. What is counted is what the server answered (``MotoEmr.requests``,
a WSGI middleware in front of moto), per cluster id:

- a failed run (terminate, the failure callback and the failure alert each look for the run's clusters) describes
  none of the 450 older clusters and each of the 50 newer ones at most once per look-up, where a look-up without the
  window (the previous releases') describes all 500;
- the janitor describes every active cluster on its first sweep and none it has seen on the next (only the clusters
  started since), and still ends an orphan of a run that is over;
- run ids with "~", "!", "&", "*", "(", 250 characters, and on Airflow 2 "#", "%" and unicode (Airflow 3 cannot run
  a task of such a run, see HOSTILE): RunJobFlow gets a tag value EMR's documented rule accepts (moto does not check
  tag values), and the failure callback and the janitor find and end the cluster by it; a run id too long to be
  written as a tag value fails create_cluster before any RunJobFlow.
"""

from __future__ import annotations

import ast
import collections
import datetime
import unicodedata

import airflow
import pytest
import template_generator
from conftest import DAG_IDS, JANITOR_FILES, register_assets, sampled
from moto.core import DEFAULT_ACCOUNT_ID
from moto.emr.models import emr_backends

FOREIGN_BEFORE = 450  # started two hours before the run
FOREIGN_DURING = 50  # started after the run began
DAG_ID = DAG_IDS[0]
AIRFLOW_2 = airflow.__version__.startswith("2.")


def start_cluster(client, name: str, tags: dict[str, str]) -> str:
    return client.run_job_flow(
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


def foreign_clusters(client, count: int, age: datetime.timedelta = datetime.timedelta(0)) -> list[str]:
    """count active clusters that are not the project's runs': other teams', another project's, and some under this
    job group's own cluster name. age moves their creation time back, as if they had been started that long ago."""
    kinds = [
        ("spark-adhoc", {"team": "analytics"}),
        ("other-project", {"emrdag:project": "someone-else", "emrdag:dag_id": DAG_ID, "emrdag:run_id": "r"}),
        (DAG_ID, {"team": "platform"}),
        ("no-tags", {}),
    ]
    ids = [start_cluster(client, f"{kinds[n % 4][0]}-{n}", kinds[n % 4][1]) for n in range(count)]
    backend = emr_backends[DEFAULT_ACCOUNT_ID]["us-east-1"]
    for cluster_id in ids:
        backend.clusters[cluster_id].creation_datetime -= age
    return ids


def run(dag, started: datetime.datetime, **arguments):
    """dag.test() of the DAG as generated, but without retries and with a 1 s poke (see conftest.run_dag); the run
    starts at started (a logical date in the past makes dag.test() date the run's start there)."""
    for task in dag.tasks:
        task.retries = 0
        if hasattr(task, "poke_interval"):
            task.poke_interval = 1
    register_assets(dag)
    dated = {"execution_date": started} if AIRFLOW_2 else {"logical_date": started}
    dag_run = dag.test(**dated, **arguments)
    return dag_run, {ti.task_id: ti.state for ti in dag_run.get_task_instances()}


def state(client, cluster_id: str) -> str:
    return client.describe_cluster(ClusterId=cluster_id)["Cluster"]["Status"]["State"]


def ours(project: str) -> list[str]:
    """The clusters on the server tagged as the DAG's runs' in project."""
    backend = emr_backends[DEFAULT_ACCOUNT_ID]["us-east-1"]
    found = []
    for cluster in backend.clusters.values():
        # moto keeps a cluster's tags as a dict up to 5.0 (the 2.11 venvs' pins), as the API's list of Key/Value later.
        tags = cluster.tags if isinstance(cluster.tags, dict) else {tag["Key"]: tag["Value"] for tag in cluster.tags}
        if tags.get("emrdag:project") == project and tags.get("emrdag:dag_id") == DAG_ID:
            found.append(cluster.id)
    return found


def described(emr) -> collections.Counter:
    return collections.Counter(cluster_id for name, cluster_id in emr.requests if name == "DescribeCluster")


def emr_accepts_tag_value(value: str) -> bool:
    """EMR's documented rule for tag values: letters, digits and white space of any language and _ . : / = + - @, at
    most 256 characters, no "aws:" prefix (docs.aws.amazon.com/emr/latest/ManagementGuide/emr-plan-tags-restrictions.html)."""
    return (
        len(value) <= 256
        and not value.lower().startswith("aws:")
        and all(ch in "_.:/=+-@" or unicodedata.category(ch)[0] in "LNZ" for ch in value)
    )


@pytest.fixture(scope="module")
def project() -> str:
    """The project's name, as its janitor DAG file says it."""
    (janitor_file,) = JANITOR_FILES
    tree = ast.parse(janitor_file.read_text(encoding="utf-8"))
    (value,) = [n.value for n in tree.body if isinstance(n, ast.Assign) and ast.unparse(n.targets[0]) == "PROJECT"]
    return ast.literal_eval(value)


@pytest.fixture
def janitor(dagbag):
    assert len(JANITOR_FILES) == 1
    (dag_id,) = [d for d in dagbag.dag_ids if d.endswith("_cluster_janitor")]
    return dagbag.get_dag(dag_id)


@pytest.fixture
def run_ids(monkeypatch):
    """Makes dag.test() use the run id given (Airflow's default allowed_run_id_pattern already lets a manual run's
    "~" in; a widened pattern lets the others in, as an environment may configure)."""
    from airflow.models.dagrun import DagRun

    monkeypatch.setenv("AIRFLOW__SCHEDULER__ALLOWED_RUN_ID_PATTERN", r"^[^/]+$")

    def use(run_id: str) -> None:
        monkeypatch.setattr(DagRun, "generate_run_id", staticmethod(lambda *args, **kwargs: run_id))

    return use


def test_a_failed_run_describes_only_the_clusters_started_in_its_window(dagbag, emr, project):
    client = emr.client()
    started = datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=2)
    before = foreign_clusters(client, FOREIGN_BEFORE, datetime.timedelta(hours=2))
    during = foreign_clusters(client, FOREIGN_DURING)
    emr.step_states = {0: "FAILED"}
    emr.requests.clear()

    dag_run, states = run(dagbag.get_dag(DAG_ID), started)

    assert dag_run.state == "failed" and states["terminate_cluster"] == "success", states
    (cluster_id,) = ours(project)
    assert state(client, cluster_id) in template_generator.ENDED_CLUSTER_STATES
    counts = described(emr)
    # Three look-ups: terminate_cluster, the failure callback and the failure alert (which reads the failed step).
    assert not set(before) & set(counts), "a cluster started before the run's window was described"
    assert max(counts[c] for c in during) <= 3
    assert sum(counts.values()) <= 3 * (FOREIGN_DURING + 1) + 5
    assert emr.calls("ListClusters") <= 3 * 2, "a page of 50 clusters, two for the 51 in the window"
    assert all(state(client, c) == "WAITING" for c in before + during), "a cluster not of the run was touched"

    # The same look-up without the window (how earlier releases looked) describes every active cluster.
    emr.requests.clear()
    assert template_generator.tagged_clusters(client, project, DAG_ID, dag_run.run_id) == []
    assert emr.calls("DescribeCluster") == FOREIGN_BEFORE + FOREIGN_DURING


def test_the_janitor_describes_each_cluster_once_and_still_ends_an_orphan(janitor, emr, project):
    client = emr.client()
    foreign = foreign_clusters(client, FOREIGN_BEFORE + FOREIGN_DURING, datetime.timedelta(hours=2))
    tags = {"emrdag:project": project, "emrdag:dag_id": DAG_ID}
    orphan = start_cluster(client, DAG_ID, {**tags, "emrdag:run_id": template_generator.run_tag("manual__gone~1")})
    emr.requests.clear()

    first, _ = run(janitor, datetime.datetime.now(datetime.UTC))
    assert first.state == "success"
    assert emr.calls("DescribeCluster") == len(foreign) + 1, "the first sweep describes every active cluster"
    assert state(client, orphan) in template_generator.ENDED_CLUSTER_STATES

    late = foreign_clusters(client, 5)
    second_orphan = start_cluster(client, DAG_ID, {**tags, "emrdag:run_id": "manual__gone~2"})
    emr.requests.clear()
    second, _ = run(janitor, datetime.datetime.now(datetime.UTC))
    assert second.state == "success"
    assert sorted(described(emr)) == sorted([*late, second_orphan]), "the second sweep describes only new clusters"
    assert state(client, second_orphan) in template_generator.ENDED_CLUSTER_STATES
    assert all(state(client, c) == "WAITING" for c in foreign + late)


HOSTILE = {
    "tilde": "manual__2026-12-07T10:00:00~rerun",
    "marks": "manual__rerun (2)! & *now*",
    "long": "manual__" + "x" * 240,  # 250 characters with its "-f"/"-s": the longest run id Airflow stores
}
if AIRFLOW_2:
    # Airflow 3.3.1's Task SDK cannot run a task of such a run at all: the XCom push of a run id with "#" or "%" gets a
    # 404 from its API server, and one with characters outside Latin-1 fails to encode before any call is made.
    HOSTILE |= {"symbols": "manual__fix #27 at 100%", "unicode": "manual__données_日本_💩"}


# A sample target runs "marks" (space, "!", "&", "*", "(": the most characters outside EMR's rule, each through the
# target's run-id handling); the full target of each major runs every run id, the mapping is one function everywhere.
@pytest.mark.parametrize("name", sampled(sorted(HOSTILE), "marks"))
def test_a_run_id_emr_refuses_as_a_tag_still_tags_and_cleans_up(dagbag, janitor, emr, run_ids, project, name):
    client = emr.client()
    dag = dagbag.get_dag(DAG_ID)
    started = datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=1)

    # A failed step, terminate_cluster never run: the failure callback must find the cluster by its run tag.
    failed_id = HOSTILE[name] + "-f"
    run_ids(failed_id)
    emr.step_states = {0: "FAILED"}
    dag_run, states = run(dag, started, mark_success_pattern="terminate_cluster")
    assert dag_run.run_id == failed_id and dag_run.state == "failed", states
    (request,) = emr.run_job_flow_bodies
    value = {t["Key"]: t["Value"] for t in request["Tags"]}["emrdag:run_id"]
    assert value == template_generator.run_tag(failed_id) and emr_accepts_tag_value(value)
    assert template_generator.run_id_of_tag(value) == failed_id
    (cluster_id,) = ours(project)
    assert state(client, cluster_id) in template_generator.ENDED_CLUSTER_STATES

    # The steps succeed and terminate_cluster is not run: the run is over, so the janitor must end the cluster.
    emr.reset()
    done_id = HOSTILE[name] + "-s"
    run_ids(done_id)
    dag_run, states = run(dag, started + datetime.timedelta(seconds=1), mark_success_pattern="terminate_cluster")
    assert dag_run.state == "success", states
    (cluster_id,) = ours(project)
    assert state(client, cluster_id) not in template_generator.ENDED_CLUSTER_STATES
    sweep, _ = run(janitor, datetime.datetime.now(datetime.UTC))
    assert sweep.state == "success"
    assert state(client, cluster_id) in template_generator.ENDED_CLUSTER_STATES


def test_a_run_id_too_long_for_a_tag_fails_before_runjobflow(dagbag, emr, run_ids):
    run_ids("manual__" + "~" * 100)
    dag_run, states = run(dagbag.get_dag(DAG_ID), datetime.datetime.now(datetime.UTC))
    assert dag_run.state == "failed" and states["create_cluster"] == "failed", states
    assert emr.calls("RunJobFlow") == 0 and emr.run_job_flow_bodies == []
