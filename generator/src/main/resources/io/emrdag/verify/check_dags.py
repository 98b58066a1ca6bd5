"""Imports generated DAG files in a real Airflow and checks each one; prints one JSON report on stdout.

Usage: python check_dags.py DAGS_FOLDER EXPECTED_JSON [PINS_FILE]

EXPECTED_JSON maps each DAG file (relative to DAGS_FOLDER) to {"dag_id": ..., "tasks": {task_id:
{"type": operator class name, "downstream": [task ids], "trigger_rule": ...}}}. For every file the
report gives the import error (the text Airflow shows), the differences between the DAG's task graph
and the expected one, the SQL statements run while parsing it (counted with a SQLAlchemy listener)
and the parse time. With PINS_FILE (the target's exact pins, given when verify runs with --python) it also
lists the key distributions whose installed version differs from the target's pins. Used by `emrdag verify`.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path


# What decides whether DAG files that import here import on the target: compared with the target's pins.
KEY_DISTRIBUTIONS = (
    "apache-airflow",
    "apache-airflow-core",
    "apache-airflow-task-sdk",
    "apache-airflow-providers-amazon",
    "apache-airflow-providers-standard",
    "boto3",
    "botocore",
    "pydantic",
    "sqlalchemy",
    "pendulum",
    "jinja2",
)


def _prepare_environment(folder: Path) -> None:
    # A home of its own, never the caller's (emrdag verify also leaves the caller's AIRFLOW* variables out).
    os.environ["AIRFLOW_HOME"] = tempfile.mkdtemp(prefix="emrdag-verify-")
    os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"
    os.environ["AIRFLOW__CORE__DAGS_FOLDER"] = str(folder)
    os.environ["AIRFLOW__CORE__UNIT_TEST_MODE"] = "False"
    # Airflow 3's DagBag no longer puts the folder on sys.path; the scheduler does, so do it here.
    sys.path.insert(0, str(folder))


def _dagbag_class():
    try:
        from airflow.dag_processing.dagbag import DagBag
    except ImportError:
        from airflow.models.dagbag import DagBag
    return DagBag


def _count_sql():
    """A list that grows by one for every SQL statement sent to Airflow's metadata DB."""
    from airflow import settings
    from sqlalchemy import event

    statements: list[str] = []
    engine = getattr(settings, "engine", None)
    if engine is None and hasattr(settings, "configure_orm"):
        settings.configure_orm()
        engine = settings.engine
    if engine is not None:
        event.listen(engine, "before_cursor_execute", lambda *args: statements.append(str(args[2])[:200]))
    return statements


def _graph_problems(dag, expected: dict) -> list[str]:
    problems = []
    if dag.dag_id != expected["dag_id"]:
        problems.append(f"dag_id is {dag.dag_id!r}, expected {expected['dag_id']!r}")
    actual = {task.task_id: task for task in dag.tasks}
    wanted = expected["tasks"]
    for task_id in sorted(set(wanted) - set(actual)):
        problems.append(f"task {task_id!r} is missing")
    for task_id in sorted(set(actual) - set(wanted)):
        problems.append(f"unexpected task {task_id!r}")
    for task_id in sorted(set(actual) & set(wanted)):
        task, spec = actual[task_id], wanted[task_id]
        if type(task).__name__ != spec["type"]:
            problems.append(f"task {task_id!r} is a {type(task).__name__}, expected {spec['type']}")
        downstream = sorted(task.downstream_task_ids)
        if downstream != sorted(spec["downstream"]):
            problems.append(f"task {task_id!r} leads to {downstream}, expected {sorted(spec['downstream'])}")
        rule = str(getattr(task.trigger_rule, "value", task.trigger_rule))
        if rule != spec["trigger_rule"]:
            problems.append(f"task {task_id!r} has trigger_rule {rule!r}, expected {spec['trigger_rule']!r}")
    if expected.get("native_rendering", True) and not getattr(dag, "render_template_as_native_obj", False):
        problems.append("render_template_as_native_obj is not set: instance counts would reach EMR as strings")
    return problems


def _imported(path: str):
    """The object at module.name, or the reason it cannot be imported."""
    import importlib

    module, _, name = path.rpartition(".")
    try:
        found = getattr(importlib.import_module(module), name)
    except Exception as error:  # noqa: BLE001 - reported to the user
        return None, f"{type(error).__name__}: {error}"
    return found, None


def accepted_keywords(cls) -> set[str]:
    """The named parameters of each __init__ along the class's MRO: what an operator takes as keywords."""
    import inspect

    names = set()
    for klass in cls.__mro__:
        if "__init__" in vars(klass):
            try:
                parameters = inspect.signature(vars(klass)["__init__"]).parameters.values()
            except (TypeError, ValueError):
                continue
            for parameter in parameters:
                if parameter.kind in (parameter.POSITIONAL_OR_KEYWORD, parameter.KEYWORD_ONLY):
                    names.add(parameter.name)
    return names - {"self"}


def around_problems(around: list[dict]) -> list[str]:
    """What the real Airflow says about the tasks around the cluster, each named by its job-group file and task id."""
    problems = []
    for task in around:
        where = f"{task['where']}: task {task['task_id']!r}"
        cls, error = _imported(task["operator"])
        if error:
            problems.append(f"{where}: operator {task['operator']} does not import here: {error}")
        elif not isinstance(cls, type) or not hasattr(cls, "template_fields"):
            problems.append(f"{where}: {task['operator']} is not an operator class")
        else:
            unknown = [k for k in task["keywords"] if k not in accepted_keywords(cls)]
            if unknown:
                problems.append(f"{where}: {cls.__name__} takes no keyword argument {', '.join(map(repr, unknown))}")
            templated = set(getattr(cls, "template_fields", ()))
            for name in task["jinja"]:
                if name not in templated:
                    problems.append(
                        f"{where}: {cls.__name__} does not render {name!r} (its template_fields are "
                        f"{sorted(templated)}): its Jinja would reach the task as written"
                    )
        if task.get("python_callable"):
            function, error = _imported(task["python_callable"])
            if error:
                problems.append(
                    f"{where}: python_callable {task['python_callable']} does not import here: {error} "
                    "(ship its module beside the DAG files, or install it on the workers)"
                )
            elif not callable(function):
                problems.append(f"{where}: python_callable {task['python_callable']} is not callable")
    return problems


def alert_callable_problems(alert: dict) -> list[str]:
    """The alert's callable imports and takes the alert: a DAG imports it only when an alert is sent, too late to learn."""
    where = f"{alert['where']}: alerts.callable {alert['callable']}"
    function, error = _imported(alert["callable"])
    if error:
        return [
            f"{where} does not import here: {error} "
            "(ship its module beside the DAG files or in plugins, or install it on the workers)"
        ]
    if not callable(function):
        return [f"{where} is not callable"]
    import inspect

    try:
        inspect.signature(function).bind({})
    except TypeError as mismatch:
        return [f"{where} cannot be called with the alert as its one argument: {mismatch}"]
    except ValueError:
        return []
    return []


def check(folder: Path, expected: dict) -> dict:
    _prepare_environment(folder)
    import airflow

    statements = _count_sql()
    DagBag = _dagbag_class()
    # Import what every generated DAG imports first, so that a file's parse time is its own cost
    # (the first operator of a process also loads Airflow's serialization module, ~100 ms, once).
    import airflow.serialization.serialized_objects  # noqa: F401
    import pendulum  # noqa: F401
    from airflow.providers.amazon.aws.operators import emr  # noqa: F401
    from airflow.providers.amazon.aws.sensors import emr as emr_sensors  # noqa: F401

    try:
        from airflow.providers.standard.operators.empty import EmptyOperator  # noqa: F401
        from airflow.sdk import DAG  # noqa: F401
    except ImportError:
        from airflow import DAG  # noqa: F401
        from airflow.operators.empty import EmptyOperator  # noqa: F401
    files = []
    for relative in sorted(expected):
        path = folder / relative
        before = len(statements)
        start = time.perf_counter()
        kwargs = {"dag_folder": str(path), "include_examples": False}
        try:
            bag = DagBag(**kwargs)
        except TypeError:
            kwargs.pop("include_examples")
            bag = DagBag(**kwargs)
        parse_ms = (time.perf_counter() - start) * 1000
        errors = [str(e) for e in bag.import_errors.values()]
        problems = around_problems(expected[relative].get("around", []))
        if expected[relative].get("alert_callable"):
            problems.extend(alert_callable_problems(expected[relative]["alert_callable"]))
        if not path.is_file():
            problems.append("file is missing")
        elif not errors:
            dag = bag.dags.get(expected[relative]["dag_id"])
            if dag is None:
                problems.append(f"defines no DAG {expected[relative]['dag_id']!r} (found {sorted(bag.dags)})")
            else:
                problems.extend(_graph_problems(dag, expected[relative]))
        sql = statements[before:]
        if sql:
            problems.append(f"{len(sql)} SQL statements while parsing, e.g. {sql[0]!r}")
        files.append({"file": relative, "import_error": "\n".join(errors) or None, "problems": problems,
                      "sql_statements": len(sql), "parse_ms": round(parse_ms, 2)})
    try:
        from importlib.metadata import version

        provider = version("apache-airflow-providers-amazon")
    except Exception:  # noqa: BLE001 - reporting only
        provider = "unknown"
    return {"airflow": airflow.__version__, "amazon_provider": provider, "files": files}


def pin_differences(pins: Path) -> list[str]:
    """'name installed (target pins version)' for each key distribution that differs from the pins."""
    from importlib.metadata import PackageNotFoundError, version

    pinned = {}
    for line in pins.read_text(encoding="utf-8").splitlines():
        name, separator, pin = line.strip().partition("==")
        if separator and not name.startswith("#"):
            pinned[name.strip().lower().replace("_", "-")] = pin.strip()
    differences = []
    for name in KEY_DISTRIBUTIONS:
        if name not in pinned:
            continue
        try:
            installed = version(name)
        except PackageNotFoundError:
            installed = "not installed"
        if installed != pinned[name]:
            differences.append(f"{name} {installed} (target pins {pinned[name]})")
    return differences


def main() -> int:
    folder = Path(sys.argv[1]).resolve()
    expected = json.loads(Path(sys.argv[2]).read_text(encoding="utf-8"))
    report = check(folder, expected)
    report["pin_differences"] = pin_differences(Path(sys.argv[3])) if len(sys.argv) > 3 else []
    sys.stdout.write("EMRDAG-REPORT " + json.dumps(report, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
