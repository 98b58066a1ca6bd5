"""Static checks: every generated file compiles, imports in a real DagBag, and has the contract's shape."""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import py_compile
import socket
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from airflow.providers.amazon.aws.operators.emr import (
    EmrAddStepsOperator,
    EmrCreateJobFlowOperator,
    EmrTerminateJobFlowOperator,
)
from airflow.providers.amazon.aws.sensors.emr import EmrStepSensor
from conftest import DAG_FILES, DAG_IDS, DAGS, JANITOR_FILES, step_names

PY_FILES = sorted(DAGS.rglob("*.py"))
# The project's other environments, generated beside this folder (generated-dags/staging beside generated-dags/prod).
SIBLINGS = sorted(
    m.parent
    for m in DAGS.parent.glob("*/.emrdag-manifest.json")
    if m.parent != DAGS and '"environment"' in m.read_text(encoding="utf-8")
)
SHARED_FILES = [p for p in PY_FILES if not p.name.endswith("_dag.py") and p not in JANITOR_FILES]
LEAF = "all_steps_succeeded"


def test_folder_has_dag_files():
    assert DAG_FILES, f"no *_dag.py in {DAGS}"


def test_shared_modules_exist():
    assert {"templates.py", "template_generator.py"} <= {p.name for p in SHARED_FILES}


@pytest.mark.parametrize("path", PY_FILES, ids=lambda p: str(p.relative_to(DAGS)))
def test_compiles(path, tmp_path):
    py_compile.compile(str(path), cfile=str(tmp_path / "x.pyc"), doraise=True)


@pytest.mark.parametrize("path", SHARED_FILES, ids=lambda p: str(p.relative_to(DAGS)))
def test_shared_module_is_not_taken_for_a_dag_file(path):
    # Airflow's safe-mode heuristic parses every .py mentioning both "airflow" and "dag".
    assert "airflow" not in path.read_text(encoding="utf-8").lower()


def test_dagbag_imports_everything(dagbag):
    assert dagbag.import_errors == {}
    janitors = [d for d in dagbag.dag_ids if d.endswith("_cluster_janitor")]
    assert len(janitors) == len(JANITOR_FILES) == 1
    assert sorted(set(dagbag.dag_ids) - set(janitors)) == DAG_IDS


def test_janitor_runs_unattended(dagbag):
    (janitor,) = [dagbag.get_dag(d) for d in dagbag.dag_ids if d.endswith("_cluster_janitor")]
    assert janitor.task_ids == ["terminate_orphaned_clusters"]
    assert janitor.is_paused_upon_creation is False  # MWAA pauses new DAGs; nobody has to unpause this one
    assert janitor.max_active_runs == 1 and not janitor.catchup
    interval = janitor.timetable._delta if hasattr(janitor.timetable, "_delta") else janitor.timetable.delta
    assert 60 <= interval.total_seconds() <= 600


@pytest.mark.parametrize("path", DAG_FILES, ids=lambda p: p.name)
def test_one_dag_per_file(dagbag, path):
    dag_ids = [d.dag_id for d in dagbag.dags.values() if Path(d.fileloc).resolve() == path]
    assert dag_ids == [path.name.removesuffix("_dag.py")]


@pytest.mark.parametrize("path", DAG_FILES + JANITOR_FILES, ids=lambda p: p.name)
def test_parse_emits_no_warnings_from_dag_folder(dagbag, path):
    warnings = [w for w in dagbag.captured_warnings.get(str(path), ()) if str(DAGS) in w]
    assert warnings == []


@pytest.mark.parametrize("dag_id", DAG_IDS)
def test_task_graph(dagbag, dag_id):
    dag = dagbag.get_dag(dag_id)
    watches = [f"watch_{name}" for name in step_names(dag)]
    assert sorted(dag.task_ids) == sorted(["create_cluster", "add_steps", *watches, "terminate_cluster", LEAF])

    edges = {(t.task_id, d) for t in dag.tasks for d in t.downstream_task_ids}
    expected = {("create_cluster", "add_steps"), ("terminate_cluster", LEAF)}
    expected |= {("add_steps", w) for w in watches}
    expected |= {(w, "terminate_cluster") for w in watches} | {(w, LEAF) for w in watches}
    assert edges == expected

    kinds = {t.task_id: type(t) for t in dag.tasks}
    assert issubclass(kinds["create_cluster"], EmrCreateJobFlowOperator)
    assert issubclass(kinds["add_steps"], EmrAddStepsOperator)
    assert issubclass(kinds["terminate_cluster"], EmrTerminateJobFlowOperator)
    assert all(issubclass(kinds[w], EmrStepSensor) for w in watches)
    assert kinds[LEAF].__name__ == "EmptyOperator"


@pytest.mark.parametrize("dag_id", DAG_IDS)
def test_settings(dagbag, dag_id):
    dag = dagbag.get_dag(dag_id)
    assert dag.render_template_as_native_obj is True
    assert dag.get_task("terminate_cluster").trigger_rule == "all_done"
    assert dag.get_task(LEAF).trigger_rule == "all_success"
    create = dag.get_task("create_cluster")
    assert hasattr(create, "emr_conn_id") and create.emr_conn_id is None
    for task in dag.tasks:
        assert getattr(task, "emr_conn_id", None) is None, task.task_id


def test_terminate_outranks_every_other_task(dagbag):
    """When worker slots are scarce, the scheduler queues the highest priority first: a terminate task (a cluster bills)
    must outrank every other task of every job group, sensors' pokes and resumed watchers included. By Airflow's default
    weight rule ("downstream") a task upstream of terminate adds terminate's weight to its own and outranks it; the DAGs
    set "absolute"."""

    def priority(task):
        """Airflow 2's priority_weight_total; Airflow 3 computes the same in the scheduler, by the task's weight rule
        (airflow/task/priority_strategy.py)."""
        if hasattr(task, "priority_weight_total"):
            return task.priority_weight_total
        rule = task.weight_rule  # a WeightRule, its string, or (3.0) the strategy it names
        rule = str(getattr(rule, "value", rule)) if isinstance(rule, str) else type(rule).__name__
        rule = next((r for r in ("absolute", "downstream", "upstream") if r in rule.lower()), rule)
        assert rule in ("absolute", "downstream", "upstream"), rule
        relatives = () if rule == "absolute" else task.get_flat_relative_ids(upstream=rule == "upstream")
        return task.priority_weight + sum(task.dag.task_dict[r].priority_weight for r in relatives)

    tasks = [t for d in DAG_IDS for t in dagbag.get_dag(d).tasks]
    terminates = [t for t in tasks if t.task_id == "terminate_cluster"]
    others = [t for t in tasks if t.task_id != "terminate_cluster"]
    assert terminates and others
    lowest = min(priority(t) for t in terminates)
    above = [(t.dag_id, t.task_id, priority(t)) for t in others if priority(t) >= lowest]
    assert not above, f"terminate_cluster's priority {lowest} is not above these tasks': {above}"


@contextmanager
def parse_probe():
    """Records SQL statements (on any SQLAlchemy engine) and Variable.get calls; refuses socket connects."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    seen = {"sql": [], "connect": [], "Variable.get": []}

    def on_sql(conn, cursor, statement, *args):
        seen["sql"].append(statement)

    def recording(kind, original):
        def wrapper(*args, **kwargs):
            seen[kind].append(args[1:])
            return original(*args, **kwargs)

        return wrapper

    def refuse(sock, address):
        seen["connect"].append(address)
        raise OSError(f"network access while parsing a DAG file: {address}")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", refuse)
        for module in ("airflow.models", "airflow.sdk"):
            try:
                variable = importlib.import_module(module).Variable
            except (ImportError, AttributeError):
                continue
            patch.setattr(variable, "get", classmethod(recording("Variable.get", variable.get.__func__)))
        event.listen(Engine, "before_cursor_execute", on_sql)
        try:
            yield seen
        finally:
            event.remove(Engine, "before_cursor_execute", on_sql)


def test_parse_probe_sees_airflow_sql():
    from airflow import settings
    from sqlalchemy import text

    with parse_probe() as seen, settings.engine.connect() as conn:
        conn.execute(text("SELECT 1"))
    assert seen["sql"] == ["SELECT 1"]


@pytest.mark.parametrize("path", DAG_FILES + JANITOR_FILES, ids=lambda p: p.name)
def test_parse_makes_no_db_or_network_access(path):
    for name, module in list(sys.modules.items()):  # the shared modules too, freshly
        if Path(getattr(module, "__file__", None) or "/").resolve().is_relative_to(DAGS):
            del sys.modules[name]
    spec = importlib.util.spec_from_file_location(f"emrdag_probe_{path.stem}", path)
    with parse_probe() as seen:
        spec.loader.exec_module(importlib.util.module_from_spec(spec))
    assert seen == {"sql": [], "connect": [], "Variable.get": []}


@pytest.mark.parametrize("folder", [DAGS, *SIBLINGS], ids=lambda p: p.name)
def test_ruff_clean(folder):
    ruff = Path(sys.executable).with_name("ruff")
    config = Path(__file__).parent.parent / "ruff.toml"
    src = f"src = [{str(folder)!r}]"
    result = subprocess.run(
        [ruff, "check", "--no-cache", "--config", config, "--config", src, folder], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("folder", SIBLINGS, ids=lambda p: p.name)
def test_other_environments_import_with_the_same_dags(dagbag, folder):
    """Each other environment's folder imports cleanly on its own (its own templates.py, in a process of its own, as
    its Airflow loads it) and defines the same job-group DAGs as this one."""
    script = (
        "import json, sys\n"
        "sys.path.insert(0, sys.argv[1])\n"
        "from conftest import make_dagbag\n"
        "bag = make_dagbag(__import__('pathlib').Path(sys.argv[1]))\n"
        "print(json.dumps({'errors': {k: str(v) for k, v in bag.import_errors.items()}, 'dags': sorted(bag.dag_ids)}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(folder)],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parent,
        env={**os.environ, "EMRDAG_DAGS": str(folder), "PYTHONPATH": str(Path(__file__).parent)},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["errors"] == {}
    janitor = [d for d in report["dags"] if d.endswith("_cluster_janitor")]
    assert len(janitor) == 1 and janitor[0] not in dagbag.dag_ids, "each environment has a janitor of its own"
    assert sorted(set(report["dags"]) - set(janitor)) == DAG_IDS
