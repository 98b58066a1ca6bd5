"""Every keyword the generated DAG files pass to an operator exists in this target's Airflow and Amazon provider.

An operator refuses a keyword it does not know when the DAG file is parsed (TypeError, or AirflowException on
older Airflow 2), so a keyword that only newer providers have breaks every DAG on an older target. The keywords
come from the files' syntax trees (every call of an operator class the file imports), the accepted ones from the
real signatures in this venv: the named parameters of each ``__init__`` along the class's MRO (the operator's
own, AwsBaseOperator's ``aws_conn_id`` from provider 9.8, BaseSensorOperator's ``mode``, BaseOperator's
``trigger_rule``...). run_tests.py runs this once per pinned target.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import os
from importlib.metadata import version

import pytest
from conftest import DAG_FILES


def operator_calls(path) -> dict[str, set[str]]:
    """Operator class (module.name) → the keywords the file passes to it, over every call in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    imported = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("airflow."):
            for alias in node.names:
                imported[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    calls: dict[str, set[str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in imported:
            assert all(k.arg for k in node.keywords), f"{path.name}: **kwargs in a call of {node.func.id}"
            calls.setdefault(imported[node.func.id], set()).update(k.arg for k in node.keywords)
    return calls


def load(qualified: str):
    module, _, name = qualified.rpartition(".")
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None  # the other branch of a try/except import pair (Airflow 2 vs 3): not this target's


def accepted_keywords(cls) -> set[str]:
    names = set()
    for klass in cls.__mro__:
        if "__init__" in vars(klass):
            for parameter in inspect.signature(vars(klass)["__init__"]).parameters.values():
                if parameter.kind in (parameter.POSITIONAL_OR_KEYWORD, parameter.KEYWORD_ONLY):
                    names.add(parameter.name)
    return names - {"self"}


def is_operator(cls) -> bool:
    try:
        from airflow.sdk import BaseOperator  # Airflow 3
    except ImportError:
        from airflow.models.baseoperator import BaseOperator
    return isinstance(cls, type) and issubclass(cls, BaseOperator)


@pytest.mark.parametrize("path", DAG_FILES, ids=lambda p: p.name)
def test_every_operator_keyword_exists_in_this_targets_provider(path):
    calls = operator_calls(path)
    checked, missing = [], []
    for qualified, keywords in sorted(calls.items()):
        cls = load(qualified)
        if cls is None or not is_operator(cls):
            continue
        checked.append(cls.__name__)
        missing += [f"{cls.__name__}({k}=...)" for k in sorted(keywords - accepted_keywords(cls))]
    assert {"EmrCreateJobFlowOperator", "EmrAddStepsOperator", "EmrStepSensor", "EmrTerminateJobFlowOperator"} <= set(
        checked
    ), f"{path.name}: expected calls of the four Amazon EMR operators, checked {checked}"
    target = os.environ.get("EMRDAG_TARGET", "?")
    assert not missing, (
        f"{path.name} passes keywords that {target} (apache-airflow {version('apache-airflow')}, "
        f"apache-airflow-providers-amazon {version('apache-airflow-providers-amazon')}) does not have: {missing}"
    )


def test_the_check_sees_a_keyword_the_provider_lacks(tmp_path):
    """The check itself: a keyword no provider has is reported, one every provider has is not."""
    dag = tmp_path / "probe_dag.py"
    dag.write_text(
        "from airflow.providers.amazon.aws.operators.emr import EmrTerminateJobFlowOperator\n"
        "EmrTerminateJobFlowOperator(task_id='t', job_flow_id='j', emrdag_no_such_keyword=True)\n"
    )
    calls = operator_calls(dag)
    cls = load("airflow.providers.amazon.aws.operators.emr.EmrTerminateJobFlowOperator")
    qualified = "airflow.providers.amazon.aws.operators.emr.EmrTerminateJobFlowOperator"
    assert calls[qualified] - accepted_keywords(cls) == {"emrdag_no_such_keyword"}
