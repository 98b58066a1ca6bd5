"""The port corpus (``../port-corpus/``, see its README): real EMR DAGs come over to emrdag whole.

For each case of ``port-corpus/cases.yaml`` (one parametrized test each) the original DAG and the DAG the emrdag jar
generates from its port are imported in this venv's real Airflow and rendered at run time for one fixed logical date
with the same Variables (``ti.render_templates()``, as a task run does): the RunJobFlow request, every step and the
tasks around the cluster must be the same, except emrdag's own additions (``EMRDAG_ADDITIONS`` below, each with its
reason) and the per-case differences ``cases.yaml`` lists with theirs. Every task of the original has a counterpart
in the generated DAG, or is listed there as deliberately replaced.

The originals are of two kinds, and none of their source is in this repository:
- the Amazon provider's own EMR example DAGs, read from its wheels 1.0.0 to 6.0.0 (downloaded at test time with
  ``pip download``, cached in ``$EMRDAG_CACHE/provider-wheels``, default ``~/.cache/emrdag/provider-wheels``), deduplicated by
  content; they are written for the provider's old module paths, which ``bridge_old_module_paths`` aliases to today's;
- DAGs written here (``port-corpus/dags/``) that reproduce the patterns of public hand-written EMR DAGs.

A case whose port needs an emrdag feature this build does not have yet (its metadata key is not in the job-group
schema that the jar writes) is skipped, naming the feature. Runs on airflow-2.10.3 only (the MWAA 2.10.3 pair, amazon 9.0.0).
"""

from __future__ import annotations

import copy
import hashlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import types
import zipfile
from pathlib import Path

import pendulum
import pytest
import yaml
from scheduler_harness import emrdag_jar, generate

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent / "port-corpus"
CASES = yaml.safe_load((CORPUS / "cases.yaml").read_text())["cases"]
TARGET = os.environ.get("EMRDAG_TARGET", "")
CACHE = Path(os.environ.get("EMRDAG_CACHE") or Path.home() / ".cache" / "emrdag") / "provider-wheels"

pytestmark = pytest.mark.skipif(TARGET != "airflow-2.10.3", reason="the port corpus runs on airflow-2.10.3")

# The features the ports use, each known by a key of the job-group schema that its branch adds.
FEATURES = {"around": "before", "jinja": "params", "requests": "step_name", "modes": "cluster_id"}

LOGICAL_DATE = pendulum.datetime(2024, 3, 5, tz="UTC")
CLUSTER_ID = "j-PORTCORPUS00001"  # what a create task returns, for every DAG
STEP_IDS = [f"s-PORTCORPUS{i:05d}" for i in range(20)]  # what an add-steps task returns

# emrdag's own additions to the RunJobFlow request, allowed only where the original did not set the key:
EMRDAG_ADDITIONS = {
    # Tags emrdag puts on every cluster it creates; the failure callback and the janitor find a run's clusters by them.
    "Tags[emrdag:*]": "emrdag:project / emrdag:dag_id / emrdag:run_id / emrdag:job_group tags (clean-up finds clusters by them)",
    # The idle timeout is emrdag's last cost backstop (design: "Idle auto-termination stays as the last backstop").
    # A port could remove it with job_flow_overrides {AutoTerminationPolicy: null}; the corpus keeps it. Lead decides.
    "AutoTerminationPolicy": "emrdag's idle auto-termination, the last cost backstop, kept in every port",
}

# Old module paths of the provider (1.x-2.x) and of Airflow 1.10, bridged to today's modules: old path -> (new module,
# {old class name: new class name} for renamed classes).
OLD_MODULES = {
    "airflow.providers.amazon.aws.operators.emr_add_steps": ("airflow.providers.amazon.aws.operators.emr", {}),
    "airflow.providers.amazon.aws.operators.emr_create_job_flow": ("airflow.providers.amazon.aws.operators.emr", {}),
    "airflow.providers.amazon.aws.operators.emr_terminate_job_flow": ("airflow.providers.amazon.aws.operators.emr", {}),
    "airflow.providers.amazon.aws.sensors.emr_step": ("airflow.providers.amazon.aws.sensors.emr", {}),
    "airflow.providers.amazon.aws.sensors.emr_job_flow": ("airflow.providers.amazon.aws.sensors.emr", {}),
    "airflow.providers.amazon.aws.sensors.s3_key": ("airflow.providers.amazon.aws.sensors.s3", {}),
    "airflow.contrib.operators.emr_add_steps_operator": ("airflow.providers.amazon.aws.operators.emr", {}),
    "airflow.contrib.operators.emr_create_job_flow_operator": ("airflow.providers.amazon.aws.operators.emr", {}),
    "airflow.contrib.operators.emr_terminate_job_flow_operator": ("airflow.providers.amazon.aws.operators.emr", {}),
    "airflow.contrib.sensors.emr_step_sensor": ("airflow.providers.amazon.aws.sensors.emr", {}),
    "airflow.contrib.sensors.emr_job_flow_sensor": ("airflow.providers.amazon.aws.sensors.emr", {}),
    "airflow.operators.dummy_operator": ("airflow.operators.empty", {"DummyOperator": "EmptyOperator"}),
    "airflow.operators.python_operator": ("airflow.operators.python", {}),
    "airflow.providers.amazon.aws.operators.glue_crawler": (
        "airflow.providers.amazon.aws.operators.glue_crawler",
        {"AwsGlueCrawlerOperator": "GlueCrawlerOperator"},
    ),
    "airflow.providers.amazon.aws.operators.glue": (
        "airflow.providers.amazon.aws.operators.glue",
        {"AwsGlueJobOperator": "GlueJobOperator"},
    ),
}


def bridge_old_module_paths() -> list[str]:
    """Puts each missing old module path in sys.modules as an alias of today's module (renamed classes added under
    their old names); returns the paths it bridged."""
    bridged = []
    for old, (new, renamed) in OLD_MODULES.items():
        target = importlib.import_module(new)
        if old == new:
            for old_name, new_name in renamed.items():
                if not hasattr(target, old_name):
                    setattr(target, old_name, getattr(target, new_name))
                    bridged.append(f"{old}.{old_name}")
            continue
        try:
            importlib.import_module(old)
            continue
        except ImportError:
            pass
        alias = types.ModuleType(old)
        alias.__dict__.update({k: v for k, v in vars(target).items() if not k.startswith("__")})
        for old_name, new_name in renamed.items():
            setattr(alias, old_name, getattr(target, new_name))
        sys.modules[old] = alias
        parent, _, child = old.rpartition(".")
        if parent not in sys.modules:  # airflow.contrib.operators and friends
            sys.modules[parent] = types.ModuleType(parent)
        setattr(sys.modules[parent], child, alias)
        bridged.append(old)
    return bridged


_SCHEMA: list[str] = []


def jar_schema() -> str:
    """The job-group schema of the jar that generates the ports (``emrdag schema``): which keys it knows."""
    if not _SCHEMA:
        import tempfile

        with tempfile.TemporaryDirectory() as folder:
            java = os.environ.get("JAVA_HOME")
            command = [str(Path(java) / "bin" / "java") if java else "java", "-jar", str(emrdag_jar())]
            subprocess.run([*command, "schema", "-o", folder], check=True, capture_output=True)
            _SCHEMA.append((Path(folder) / "job-group.schema.json").read_text())
    return _SCHEMA[0]


def features_missing(case: dict) -> list[str]:
    return [f for f in case.get("needs", []) if f'"{FEATURES[f]}"' not in jar_schema()]


# ---------------------------------------------------------------------------------------------- the provider's DAGs
# Every release of the provider from 1.0.0 to 6.0.0 (the last with example_dags/); EMRDAG_CORPUS_ALL_WHEELS=1 checks
# that each distinct EMR-on-EC2 example among them has a case (19 more downloads, ~6 MB, cached).
ALL_VERSIONS = (
    "1.0.0 1.1.0 1.2.0 1.3.0 1.4.0 2.0.0 2.1.0 2.2.0 2.3.0 2.4.0 2.6.0 3.0.0 3.1.1 3.2.0 3.3.0 3.4.0 "
    "4.0.0 4.1.0 5.0.0 5.1.0 6.0.0"
).split()
EXAMPLES = "airflow/providers/amazon/aws/example_dags/"


def provider_wheel(version: str) -> Path:
    """The amazon provider's wheel of that version, downloaded once with pip into the cache."""
    folder = CACHE / version
    wheel = folder / f"apache_airflow_providers_amazon-{version}-py3-none-any.whl"
    if wheel.is_file():
        return wheel
    partial = folder / "download"
    shutil.rmtree(partial, ignore_errors=True)
    command = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":none:"]
    command += ["--only-binary", ":all:", "-d", str(partial), f"apache-airflow-providers-amazon=={version}"]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise AssertionError(f"pip download of amazon {version} failed: {result.stdout}{result.stderr}")
    (partial / wheel.name).rename(wheel)  # complete or absent: a cut download is never taken for a wheel
    shutil.rmtree(partial, ignore_errors=True)
    return wheel


def provider_example(version: str, name: str) -> Path:
    """One example DAG of the amazon provider's wheel, extracted into the cache (importable from there)."""
    extracted = CACHE / version / "example_dags" / name
    if not extracted.is_file():
        with zipfile.ZipFile(provider_wheel(version)) as archive:
            text = archive.read(EXAMPLES + name)
        extracted.parent.mkdir(parents=True, exist_ok=True)
        tmp = extracted.with_suffix(".tmp")
        tmp.write_bytes(text)
        tmp.rename(extracted)
    return extracted


def provider_cases() -> dict:
    """sha256 (12 hex) -> case id, for the cases whose original is a provider example."""
    return {c["original"]["sha256"]: c["id"] for c in CASES if "provider" in c["original"]}


def test_provider_examples_are_the_named_distinct_files():
    """Each provider case's file is the one cases.yaml names (its sha256), and no two cases port the same file."""
    seen = {}
    for case in CASES:
        origin = case["original"]
        if "provider" not in origin:
            continue
        digest = hashlib.sha256(provider_example(origin["provider"], origin["file"]).read_bytes()).hexdigest()[:12]
        assert digest == origin["sha256"], f"{case['id']}: the wheel's file changed ({digest})"
        assert digest not in seen, f"{case['id']} is the same file as {seen[digest]}"
        seen[digest] = case["id"]


@pytest.mark.skipif(os.environ.get("EMRDAG_CORPUS_ALL_WHEELS") != "1", reason="EMRDAG_CORPUS_ALL_WHEELS=1 to run")
def test_every_distinct_provider_example_has_a_case():
    """Over every release 1.0.0-6.0.0, each distinct EMR-on-EC2 example DAG (EMR on EKS left out) has a case."""
    ported = provider_cases()
    missing = []
    for version in ALL_VERSIONS:
        with zipfile.ZipFile(provider_wheel(version)) as archive:
            for name in archive.namelist():
                base = name.removeprefix(EXAMPLES)
                if name.startswith(EXAMPLES) and base.startswith("example_emr") and "eks" not in base:
                    digest = hashlib.sha256(archive.read(name)).hexdigest()[:12]
                    if digest not in ported:
                        missing.append(f"{version} {base} {digest}")
    assert not missing, f"distinct provider examples without a case: {missing}"


# ------------------------------------------------------------------------------------------------------ loading
def load_dags(path: Path, folders: list[Path]) -> dict:
    """The DAGs a file defines, imported afresh with its folders first on sys.path (helper modules beside it). Modules
    of the same names imported earlier (the examples' templates.py, another case's helpers) are set aside meanwhile
    and put back afterwards."""
    names = {p.stem for f in folders for p in f.glob("*.py")}
    saved = {n: sys.modules.pop(n) for n in names if n in sys.modules}
    path_before = list(sys.path)
    sys.path[:0] = [str(f) for f in folders]
    try:
        spec = importlib.util.spec_from_file_location(f"corpus_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path[:] = path_before
        for name in names:
            sys.modules.pop(name, None)
        sys.modules.update(saved)
    from airflow.models.dag import DAG

    return {d.dag_id: d for d in vars(module).values() if isinstance(d, DAG)}


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """The port project (emrdag.yaml and the ports whose features this build has), generated by the emrdag jar."""
    project = tmp_path_factory.mktemp("port-project")
    shutil.copyfile(CORPUS / "project" / "emrdag.yaml", project / "emrdag.yaml")
    for case in CASES:
        if not features_missing(case):
            shutil.copyfile(CORPUS / "project" / f"{case['port']}.yaml", project / f"{case['port']}.yaml")
    output = tmp_path_factory.mktemp("port-dags")
    generate(emrdag_jar(), project, output)
    for helper in (CORPUS / "dags").glob("*_helpers.py"):  # shipped beside the DAGs, as the ports' callables need
        shutil.copyfile(helper, output / helper.name)
    return output


# ---------------------------------------------------------------------------------------------------- rendering
def render(dag, monkeypatch) -> dict:
    """Every task of the DAG rendered for LOGICAL_DATE as a task run renders it; XComs of create and add-steps
    tasks answer CLUSTER_ID and STEP_IDS. Returns task id -> the rendered task."""
    from airflow.models.dagrun import DagRun
    from airflow.models.taskinstance import TaskInstance
    from airflow.providers.amazon.aws.operators.emr import EmrAddStepsOperator, EmrCreateJobFlowOperator
    from airflow.utils.session import create_session
    from airflow.utils.state import DagRunState
    from airflow.utils.types import DagRunType

    creators = {t.task_id for t in dag.tasks if isinstance(t, EmrCreateJobFlowOperator)}
    adders = {t.task_id for t in dag.tasks if isinstance(t, EmrAddStepsOperator)}

    def xcom_pull(self, task_ids=None, dag_id=None, key="return_value", *args, **kwargs):
        def one(task_id):
            if key == "return_value" and task_id in creators:
                return CLUSTER_ID
            if key == "return_value" and task_id in adders:
                return STEP_IDS
            return f"xcom:{task_id}:{key}"  # any other XCom: a value that names what was pulled

        return [one(t) for t in task_ids] if isinstance(task_ids, list | tuple) else one(task_ids)

    monkeypatch.setattr(TaskInstance, "xcom_pull", xcom_pull)
    run_id = f"corpus__{LOGICAL_DATE.isoformat()}"
    with create_session() as session:
        session.query(TaskInstance).filter(TaskInstance.dag_id == dag.dag_id).delete()
        session.query(DagRun).filter(DagRun.dag_id == dag.dag_id).delete()
    run = dag.create_dagrun(
        run_id=run_id,
        execution_date=LOGICAL_DATE,
        data_interval=(LOGICAL_DATE, LOGICAL_DATE.add(days=1)),
        state=DagRunState.RUNNING,
        run_type=DagRunType.MANUAL,
        external_trigger=True,
    )
    rendered = {}
    try:
        for task in dag.tasks:
            ti = TaskInstance(copy.copy(task), run_id=run.run_id)  # rendering sets attributes: keep the parsed task
            ti.dag_run = run
            ti.render_templates()
            rendered[task.task_id] = ti.task
    finally:
        with create_session() as session:
            session.query(TaskInstance).filter(TaskInstance.dag_id == dag.dag_id).delete()
            session.query(DagRun).filter(DagRun.dag_id == dag.dag_id).delete()
    return rendered


def requests_of(tasks: dict, skip: set) -> dict:
    """What the DAG sends EMR: the RunJobFlow request (job_flow_overrides) of its create task, its conn ids, the
    steps (in RunJobFlow, then of each add-steps task in task order) and the cluster the steps go to."""
    from airflow.providers.amazon.aws.operators.emr import EmrAddStepsOperator, EmrCreateJobFlowOperator

    creates = [t for i, t in tasks.items() if isinstance(t, EmrCreateJobFlowOperator) and i not in skip]
    adds = [t for i, t in tasks.items() if isinstance(t, EmrAddStepsOperator) and i not in skip]
    assert len(creates) <= 1, f"more than one create task: {[t.task_id for t in creates]}"
    sent = {"run_job_flow": None, "steps": [], "add_steps_to": sorted({str(t.job_flow_id) for t in adds})}
    if creates:
        request = copy.deepcopy(dict(creates[0].job_flow_overrides))
        sent["steps"] = request.pop("Steps", [])
        sent["run_job_flow"] = request
        sent["create_conns"] = {"aws_conn_id": creates[0].aws_conn_id, "emr_conn_id": creates[0].emr_conn_id}
    for add in adds:
        sent["steps"] = sent["steps"] + list(add.steps)
        sent.setdefault("add_conns", set()).add(add.aws_conn_id)
    return sent


def without_emrdag_additions(request: dict | None, original: dict | None) -> tuple[dict | None, list[str]]:
    """The generated request less the additions EMRDAG_ADDITIONS allows; the additions it found."""
    if request is None:
        return None, []
    request, found = copy.deepcopy(request), []
    tags = request.get("Tags")
    if tags is not None:
        kept = [t for t in tags if not str(t.get("Key", "")).startswith("emrdag:")]
        if len(kept) != len(tags):
            found.append("Tags[emrdag:*]")
        if kept or "Tags" in (original or {}):
            request["Tags"] = kept
        else:
            del request["Tags"]
    if "AutoTerminationPolicy" in request and "AutoTerminationPolicy" not in (original or {}):
        del request["AutoTerminationPolicy"]
        found.append("AutoTerminationPolicy")
    return request, found


def apply_differences(sent: dict, differences: list[dict]) -> dict:
    """Sets the listed paths (in the original's request) to the port's value; each difference says why."""
    sent = copy.deepcopy(sent)
    for difference in differences:
        node, *path = difference["path"].split(".")
        holder = sent[node]
        for key in path[:-1]:
            holder = holder[int(key) if isinstance(holder, list) else key]
        last = int(path[-1]) if isinstance(holder, list) else path[-1]
        assert holder[last] != difference.get("port"), f"not a difference (the original has it too): {difference}"
        if "port" in difference:
            holder[last] = difference["port"]
        else:
            holder.pop(last)
    return sent


# Task arguments a DAG's default_args (or the port's DAG-level keys) give every task: compared on the tasks around the
# cluster, whose arguments come from the original as they are.
TASK_ARGUMENTS = (
    "owner",
    "retries",
    "retry_delay",
    "depends_on_past",
    "wait_for_downstream",
    "email",
    "email_on_failure",
    "email_on_retry",
)


def template_values(task) -> dict:
    values = {field: getattr(task, field, None) for field in task.template_fields}
    values.update({argument: getattr(task, argument, None) for argument in TASK_ARGUMENTS})
    callable_ = getattr(task, "python_callable", None)
    if callable_ is not None:
        values["python_callable"] = f"{callable_.__module__}.{callable_.__qualname__}"
    values["trigger_rule"] = str(task.trigger_rule)
    return values


# --------------------------------------------------------------------------------------------------------- test
def load_original(case: dict) -> tuple:
    """The original DAG of a case (old module paths bridged) and the paths bridged."""
    bridged = bridge_old_module_paths()
    origin = case["original"]
    if "provider" in origin:
        path = provider_example(origin["provider"], origin["file"])
    else:
        path = CORPUS / "dags" / origin["file"]
    dags = load_dags(path, [path.parent])
    assert case["dag_id"] in dags, f"{path.name} defines {sorted(dags)}; bridged {bridged}"
    return dags[case["dag_id"]], bridged


def set_variables(case: dict, monkeypatch) -> None:
    """The case's Variables, for both sides, at parse and at run time (the environment-variable backend)."""
    for name, value in case.get("variables", {}).items():
        monkeypatch.setenv(f"AIRFLOW_VAR_{name.upper()}", value if isinstance(value, str) else json.dumps(value))


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_original_imports_and_renders(case, monkeypatch):
    """Each original imports in Airflow 2.10.3 + amazon 9.0.0 (old paths bridged) and renders at run time: the half
    of the comparison that needs no emrdag feature."""
    set_variables(case, monkeypatch)
    original, _ = load_original(case)
    tasks = render(original, monkeypatch)
    sent = requests_of(tasks, set())
    assert sent["steps"], f"{case['id']}: the original sends no step"
    for task_id in case.get("tasks", {}):
        assert task_id in tasks, f"cases.yaml names {task_id}, which {case['dag_id']} does not have"


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_port_sends_what_the_original_sends(case, request, monkeypatch):
    missing = features_missing(case)
    if missing:
        pytest.skip(f"port waits for emrdag feature(s): {', '.join(missing)}")
    generated = request.getfixturevalue("generated")
    set_variables(case, monkeypatch)
    original, _ = load_original(case)
    port_dags = load_dags(generated / f"{case['port']}_dag.py", [generated])
    port = port_dags[case["port"]]

    tasks = case.get("tasks", {})
    replaced = {t for t, to in tasks.items() if isinstance(to, dict)}
    mapping = {t: (to if isinstance(to, str) else None) for t, to in tasks.items()}
    for task_id in original.task_ids:
        if task_id not in replaced:
            counterpart = mapping.get(task_id, task_id)
            assert counterpart in port.task_ids, f"{task_id} has no counterpart {counterpart} in {port.task_ids}"

    ours, theirs = render(port, monkeypatch), render(original, monkeypatch)

    # The EMR requests.
    sent_by_original = apply_differences(
        {**requests_of(theirs, replaced), "dag": dag_arguments(original)}, case.get("differences", [])
    )
    sent_by_port = {**requests_of(ours, set()), "dag": dag_arguments(port)}
    sent_by_port["run_job_flow"], additions = without_emrdag_additions(
        sent_by_port["run_job_flow"], sent_by_original["run_job_flow"]
    )
    assert set(additions) <= EMRDAG_ADDITIONS.keys()
    assert sent_by_port == sent_by_original

    # Every task: the same operator (emrdag's EMR tasks subclass the provider's); the tasks around the cluster also
    # render the same templated fields, callable and trigger rule (the EMR tasks' requests are compared above).
    for task_id, task in theirs.items():
        if task_id in replaced:
            continue
        counterpart = ours[mapping.get(task_id, task_id)]
        assert isinstance(counterpart, type(task)), f"{task_id}: {type(counterpart)} is not a {type(task)}"
        if not is_emr_task(task):
            assert template_values(counterpart) == template_values(task), task_id
    # What ran before the cluster's first EMR call still does.
    first, port_first = first_emr_task(original), first_emr_task(port)
    for task_id in original.get_task(first).get_flat_relative_ids(upstream=True) - replaced:
        counterpart = mapping.get(task_id, task_id)
        assert counterpart in port.get_task(port_first).get_flat_relative_ids(upstream=True), (
            f"{task_id} ran before {first}; its counterpart {counterpart} does not run before {port_first}"
        )


def dag_arguments(dag) -> dict:
    """What decides when and how long a DAG runs (its start date is left out: the originals compute theirs from the
    parse time with days_ago or datetime.now())."""
    return {
        "schedule": dag.timetable.summary,
        "catchup": dag.catchup,
        "max_active_runs": dag.max_active_runs,
        "dagrun_timeout": dag.dagrun_timeout,
        "tags": sorted(dag.tags or []),
    }


def is_emr_task(task) -> bool:
    from airflow.providers.amazon.aws.operators.emr import (
        EmrAddStepsOperator,
        EmrCreateJobFlowOperator,
        EmrTerminateJobFlowOperator,
    )
    from airflow.providers.amazon.aws.sensors.emr import EmrBaseSensor

    return isinstance(
        task, EmrAddStepsOperator | EmrCreateJobFlowOperator | EmrTerminateJobFlowOperator | EmrBaseSensor
    )


def first_emr_task(dag) -> str:
    """The task that first calls EMR: the create task, or the first add-steps task for an existing cluster."""
    from airflow.providers.amazon.aws.operators.emr import EmrAddStepsOperator, EmrCreateJobFlowOperator

    for kind in (EmrCreateJobFlowOperator, EmrAddStepsOperator):
        found = [t for t in dag.topological_sort() if isinstance(t, kind)]
        if found:
            return found[0].task_id
    raise AssertionError(f"{dag.dag_id} calls EMR nowhere")
