"""Shared set-up. run_tests.py provides AIRFLOW_HOME (migrated DB), the DAG folder and the target name."""

from __future__ import annotations

import json
import os
import re
import runpy
import sys
from pathlib import Path

import pytest

if "EMRDAG_DAGS" not in os.environ or "AIRFLOW_HOME" not in os.environ:
    raise pytest.UsageError("run these tests through python-tests/run_tests.py (it sets up Airflow and the venv)")

DAGS = Path(os.environ["EMRDAG_DAGS"]).resolve()
DAG_FILES = sorted(DAGS.glob("*_dag.py"))
DAG_IDS = [p.name.removesuffix("_dag.py") for p in DAG_FILES]
# The project's janitor DAG (ends clusters whose run is over); its DAG id is <project>_cluster_janitor.
JANITOR_FILES = sorted(DAGS.rglob("cluster_janitor.py"))

# Adapt here if the generator renames them: the module-level constants holding the Variable name and the
# knob defaults, and the knob keys of the core instance group or of the core instance fleet.
VARIABLE_CONSTANT = "VARIABLE"
KNOBS_CONSTANT = "KNOBS"
CORE_COUNT_KNOB = "core_instance_count"
CORE_TYPE_KNOB = "core_instance_type"
CORE_ON_DEMAND_KNOB = "core_on_demand_capacity"
CORE_SPOT_KNOB = "core_spot_capacity"
# The job groups whose cluster runs on instance fleets (their knobs are target capacities).
FLEET_DAG_IDS = [d for d, p in zip(DAG_IDS, DAG_FILES, strict=True) if f'"{CORE_SPOT_KNOB}"' in p.read_text()]

# run_tests.py runs everything ("all") on one full target per Airflow major, a sample on the others ("sample").
SAMPLE = os.environ.get("EMRDAG_RUNS", "all") == "sample"


def full_only(why: str):
    """Marks a test that a sample target would run again for no new proof (why says what it proves, and why the rest of
    a sample target's suite already covers what depends on the target); the full target of each major runs it."""
    return pytest.mark.skipif(SAMPLE, reason=f"full targets only: {why}")


def sampled(values: list, keep) -> list:
    """The parameters of a test whose variants prove the same on every target of a major: all of them on the full
    targets, the one kept on a sample target."""
    assert keep in values, (keep, values)
    return [keep] if SAMPLE else values


sys.dont_write_bytecode = True  # never leave __pycache__ in the DAG folder
sys.path.insert(0, str(DAGS))  # Airflow 3's DagBag no longer does this; MWAA has the folder on sys.path

# Dummy credentials only; nothing may reach real AWS.
for key in [k for k in os.environ if k.startswith("AWS_")]:
    del os.environ[key]
os.environ.update(
    AWS_ACCESS_KEY_ID="testing",
    AWS_SECRET_ACCESS_KEY="testing",
    AWS_DEFAULT_REGION="us-east-1",
    AWS_CONFIG_FILE=os.devnull,
    AWS_SHARED_CREDENTIALS_FILE=os.devnull,
    AWS_EC2_METADATA_DISABLED="true",
    AWS_ENDPOINT_URL="http://127.0.0.1:9",  # nowhere, until the moto fixture sets its own
)

import airflow  # noqa: E402  (after the environment above)
from airflow.providers.amazon import __version__ as amazon_version  # noqa: E402
from moto_emr import MotoEmr  # noqa: E402


def reuse_in_process_task_api() -> None:
    """dag.test() on Airflow 3.0 and 3.2 builds a new in-process task API (a FastAPI app and an event-loop thread)
    for every task, 5-15 s a task on this machine; 3.3 keeps one (apache/airflow#65235), and so do these tests on
    every Airflow 3. Only dag.test()'s own transport changes: the tasks, their API calls and the DB are Airflow's."""
    if airflow.__version__.startswith("2."):
        return
    import functools

    from airflow.sdk.execution_time import supervisor

    if not hasattr(supervisor.in_process_api_server, "cache_info"):
        supervisor.in_process_api_server = functools.lru_cache(maxsize=1)(supervisor.in_process_api_server)


reuse_in_process_task_api()


def pytest_report_header(config):
    target = os.environ.get("EMRDAG_TARGET", "?")
    return f"emrdag target {target}: airflow {airflow.__version__}, amazon {amazon_version}, DAG folder {DAGS}"


def make_dagbag(folder: Path):
    try:
        from airflow.dag_processing.dagbag import DagBag  # Airflow >= 3.1

        return DagBag(dag_folder=str(folder))
    except ImportError:
        from airflow.models.dagbag import DagBag

        return DagBag(dag_folder=str(folder), include_examples=False)


PARSE_STATS: list = []
# Lines of the real-scheduler suite's billed-seconds table, printed at the end (test output is captured).
SUMMARY_LINES: list = []


@pytest.fixture(scope="session")
def dagbag():
    # Import Airflow's part first, so that the parse stats show the files' own cost.
    import airflow.providers.amazon.aws.operators.emr  # noqa: F401
    import airflow.providers.amazon.aws.sensors.emr  # noqa: F401
    from airflow import DAG  # noqa: F401

    bag = make_dagbag(DAGS)
    PARSE_STATS.extend(bag.dagbag_stats)
    return bag


# An emr_default connection exists on MWAA; its extra would be merged under the overrides unless
# the DAG passes emr_conn_id=None. This value must never reach EMR.
POISON_AMI = "ami-0emrdefault0000000"


# Module scope (one per test module): its patch of moto must be gone before the real-scheduler suites script moto
# their own way.
@pytest.fixture(scope="module")
def moto_server():
    server = MotoEmr().start()
    os.environ["AWS_ENDPOINT_URL"] = server.endpoint  # belt and braces: boto3 never leaves loopback
    os.environ["AIRFLOW_CONN_AWS_DEFAULT"] = json.dumps(
        {"conn_type": "aws", "extra": {"endpoint_url": server.endpoint, "region_name": "us-east-1"}}
    )
    os.environ["AIRFLOW_CONN_EMR_DEFAULT"] = json.dumps({"conn_type": "emr", "extra": {"CustomAmiId": POISON_AMI}})
    yield server
    server.stop()


@pytest.fixture
def emr(moto_server):
    moto_server.reset()
    return moto_server


def run_dag(dag):
    # The examples retry failed tasks after minutes and poke every minute; dag.test() would wait for that. One
    # try tells the outcome here; test_scheduler_scenarios.py proves the unpatched DAGs under a real scheduler.
    for task in dag.tasks:
        task.retries = 0
        if hasattr(task, "poke_interval"):
            task.poke_interval = 1
    register_assets(dag)
    run = dag.test()
    return run, {ti.task_id: ti.state for ti in run.get_task_instances()}


def register_assets(dag) -> None:
    """Registers the Assets a DAG emits, as the DAG processor does when it parses the file. Airflow 3.0's dag.test()
    does not (3.1 and later sync the DAG first), and a task whose outlet Asset is unknown fails there."""
    if airflow.__version__.startswith("3.0.") and any(getattr(t, "outlets", None) for t in dag.tasks):
        from airflow.dag_processing.bundles.manager import DagBundlesManager
        from airflow.models.dag import DAG as SchedulerDAG
        from airflow.serialization.serialized_objects import SerializedDAG

        DagBundlesManager().sync_bundles_to_db()
        scheduler_dag = SerializedDAG.deserialize_dag(SerializedDAG.serialize_dag(dag))  # as dag.test() makes it
        SchedulerDAG.bulk_write_to_db("dags-folder", None, [scheduler_dag])  # noqa: AIR311 - the scheduler side


def step_names(dag) -> list[str]:
    steps = dag.get_task("add_steps").steps
    # A tuple: a templated list would make the scheduler build a Jinja environment at every parse to look for
    # ".json" file names in it (template_generator's AddSteps); the runs against moto prove EMR gets the steps.
    assert type(steps) is tuple and steps, f"add_steps.steps must be a non-empty tuple, got {steps!r}"
    return [getattr(s["Name"], "value", s["Name"]) for s in steps]  # unwrap literal(...)


def step_names_of(dag_id: str) -> list[str]:
    """The step names of a DAG file, read from its text: for choosing tests at collection, without importing it."""
    return re.findall(r'^ +"name": "([A-Za-z0-9_]+)",$', (DAGS / f"{dag_id}_dag.py").read_text(), re.M)


def module_of(dag_id: str) -> dict:
    """The globals of ``<dag_id>_dag.py``, executed afresh."""
    return runpy.run_path(str(DAGS / f"{dag_id}_dag.py"))


def knob_defaults(namespace: dict) -> dict:
    knobs = namespace[KNOBS_CONSTANT]
    shape = {CORE_COUNT_KNOB, CORE_TYPE_KNOB} if CORE_COUNT_KNOB in knobs else {CORE_ON_DEMAND_KNOB, CORE_SPOT_KNOB}
    assert shape <= knobs.keys(), f"{KNOBS_CONSTANT} has no core knobs: {sorted(knobs)}"
    return knobs


def pytest_terminal_summary(terminalreporter):
    for line in SUMMARY_LINES:
        terminalreporter.write_line(line)
    for stat in sorted(PARSE_STATS, key=lambda s: s.file):
        seconds = stat.duration.total_seconds() if hasattr(stat.duration, "total_seconds") else stat.duration
        terminalreporter.write_line(
            f"DagBag parse {stat.file.lstrip('/')}: {seconds * 1000:.1f} ms, {stat.task_num} tasks"
        )


def pytest_configure(config):
    config.addinivalue_line("markers", "e2e: deploy end to end through the local MWAA stand-in (test_deploy_e2e.py)")
    config.addinivalue_line("markers", "scheduler: cost safety under a real scheduler (test_scheduler_scenarios.py)")
