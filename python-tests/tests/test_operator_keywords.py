"""Every keyword the generated DAG files pass to an operator exists in this target's Airflow and Amazon provider.

An operator refuses a keyword it does not know when the DAG file is parsed (TypeError, or AirflowException on
older Airflow 2), so a keyword that only newer providers have breaks every DAG on an older target. The keywords
come from the files' syntax trees (every call of a module-level name that is an operator class once the file has
run: an imported operator, or a subclass the file builds from one), the accepted ones from the real signatures in
this venv: the named parameters of each ``__init__`` along the class's MRO (a subclass's own, the Amazon
operator's, AwsBaseOperator's ``aws_conn_id`` from provider 9.8, BaseSensorOperator's ``mode``, BaseOperator's
``trigger_rule``...). run_tests.py runs this once per pinned target.
"""

from __future__ import annotations

import ast
import inspect
import os
import runpy
from importlib.metadata import version

import pytest
from conftest import DAG_FILES


def operator_calls(path, namespace: dict) -> dict[type, set[str]]:
    """Operator class → the keywords the file passes to it, over every call of a name bound in ``namespace``, and
    every ``template_generator.task(Operator, literal, **keywords)`` (a task around the cluster: task() passes its
    keywords on to the operator)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    calls: dict[type, set[str]] = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = None
        if isinstance(node.func, ast.Name) and is_operator(namespace.get(node.func.id)):
            name = node.func.id
        elif (
            isinstance(node.func, ast.Attribute)
            and node.func.attr == "task"
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "template_generator"
            and node.args
            and isinstance(node.args[0], ast.Name)
        ):
            name = node.args[0].id
            assert is_operator(namespace.get(name)), f"{path.name}: template_generator.task of {name}, not an operator"
        if name is not None:
            assert all(k.arg for k in node.keywords), f"{path.name}: **kwargs in a call of {name}"
            calls.setdefault(namespace[name], set()).update(k.arg for k in node.keywords)
    return calls


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
    calls = operator_calls(path, runpy.run_path(str(path)))
    missing = [
        f"{cls.__name__}({k}=...)" for cls, keywords in calls.items() for k in sorted(keywords - accepted_keywords(cls))
    ]
    from airflow.providers.amazon.aws.operators.emr import (
        EmrAddStepsOperator,
        EmrCreateJobFlowOperator,
        EmrTerminateJobFlowOperator,
    )
    from airflow.providers.amazon.aws.sensors.emr import EmrStepSensor

    amazon = (EmrCreateJobFlowOperator, EmrAddStepsOperator, EmrStepSensor, EmrTerminateJobFlowOperator)
    unchecked = [a.__name__ for a in amazon if not any(issubclass(cls, a) for cls in calls)]
    assert not unchecked, (
        f"{path.name}: no call of {unchecked} (or a subclass) found; checked {sorted(c.__name__ for c in calls)}"
    )
    target = os.environ.get("EMRDAG_TARGET", "?")
    assert not missing, (
        f"{path.name} passes keywords that {target} (apache-airflow {version('apache-airflow')}, "
        f"apache-airflow-providers-amazon {version('apache-airflow-providers-amazon')}) does not have: {sorted(missing)}"
    )


def test_the_check_sees_a_keyword_the_provider_lacks(tmp_path):
    """The check itself: a keyword no provider has is reported, one every provider has is not."""
    dag = tmp_path / "probe_dag.py"
    dag.write_text(
        "from airflow.providers.amazon.aws.operators.emr import EmrTerminateJobFlowOperator\n"
        "Terminate = type('Terminate', (EmrTerminateJobFlowOperator,), {})\n"
        "def build():\n"
        "    Terminate(task_id='t', job_flow_id='j', emrdag_no_such_keyword=True)\n"
    )
    calls = operator_calls(dag, runpy.run_path(str(dag)))
    assert {cls.__name__: keywords - accepted_keywords(cls) for cls, keywords in calls.items()} == {
        "Terminate": {"emrdag_no_such_keyword"}
    }


def test_the_check_sees_the_keywords_of_a_task_around_the_cluster(tmp_path):
    """A task before or after the cluster is built by template_generator.task(Operator, literal, **keywords)."""
    dag = tmp_path / "probe_dag.py"
    dag.write_text(
        "from airflow.providers.amazon.aws.sensors.s3 import S3KeySensor\n"
        "class template_generator:\n"
        "    task = staticmethod(lambda operator, literal, **keywords: operator(**keywords))\n"
        "def build():\n"
        "    template_generator.task(S3KeySensor, None, task_id='t', bucket_key='k', emrdag_no_such_keyword=1)\n"
    )
    calls = operator_calls(dag, runpy.run_path(str(dag)))
    assert {cls.__name__: keywords - accepted_keywords(cls) for cls, keywords in calls.items()} == {
        "S3KeySensor": {"emrdag_no_such_keyword"}
    }
