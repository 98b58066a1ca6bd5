"""Reads hand-written EMR DAGs as Airflow does and proves their emrdag ports: the Python half of `emrdag import`.

    python port_dags.py read REQUEST.json     # prints EMRDAG-PORT <json>: one entry per DAG (its job group, task map)
    python port_dags.py prove REQUEST.json    # prints EMRDAG-PROOF <json>: one row per DAG (request/steps/tasks)

Both run in the target's pinned venv (real Airflow + Amazon provider), once for all DAGs. `read` imports every DAG
file of the sources (recursively, `.airflowignore` honoured, the source folder on sys.path as Airflow's DAG folder is),
with the module paths and class names of older Airflow and provider generations bridged to today's (BRIDGES), and
reads each operator's arguments from the DAG objects. `prove` renders each original and its generated DAG for one
logical date with the same Variables and compares the RunJobFlow request, every step, the DAG arguments and the tasks.
The comparison (`compare_dags`) is the one the port-corpus test uses.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import importlib
import importlib.abc
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
import types
from pathlib import Path

# -------------------------------------------------------------------------------------------------------- bridges
EMR_OPERATORS = "airflow.providers.amazon.aws.operators.emr"
EMR_SENSORS = "airflow.providers.amazon.aws.sensors.emr"

# Old module path -> (today's module, {old class name: today's class name}). Resolved by an import hook only when a
# DAG imports the old path and today's Airflow lacks it; each DAG's row names the bridges it went through.
BRIDGES = {
    "airflow.providers.amazon.aws.operators.emr_add_steps": (EMR_OPERATORS, {}),
    "airflow.providers.amazon.aws.operators.emr_create_job_flow": (EMR_OPERATORS, {}),
    "airflow.providers.amazon.aws.operators.emr_terminate_job_flow": (EMR_OPERATORS, {}),
    "airflow.providers.amazon.aws.operators.emr_modify_cluster": (EMR_OPERATORS, {}),
    "airflow.providers.amazon.aws.sensors.emr_step": (EMR_SENSORS, {}),
    "airflow.providers.amazon.aws.sensors.emr_job_flow": (EMR_SENSORS, {}),
    "airflow.providers.amazon.aws.sensors.emr_base": (EMR_SENSORS, {}),
    "airflow.providers.amazon.aws.sensors.s3_key": ("airflow.providers.amazon.aws.sensors.s3", {}),
    "airflow.providers.amazon.aws.sensors.s3_prefix": ("airflow.providers.amazon.aws.sensors.s3", {}),
    "airflow.providers.amazon.aws.hooks.s3": ("airflow.providers.amazon.aws.hooks.s3", {}),
    "airflow.contrib.operators.emr_add_steps_operator": (EMR_OPERATORS, {}),
    "airflow.contrib.operators.emr_create_job_flow_operator": (EMR_OPERATORS, {}),
    "airflow.contrib.operators.emr_terminate_job_flow_operator": (EMR_OPERATORS, {}),
    "airflow.contrib.sensors.emr_step_sensor": (EMR_SENSORS, {}),
    "airflow.contrib.sensors.emr_job_flow_sensor": (EMR_SENSORS, {}),
    "airflow.contrib.hooks.aws_hook": ("airflow.providers.amazon.aws.hooks.base_aws", {"AwsHook": "AwsBaseHook"}),
    "airflow.hooks.S3_hook": ("airflow.providers.amazon.aws.hooks.s3", {}),
    "airflow.operators.dummy_operator": ("airflow.operators.empty", {"DummyOperator": "EmptyOperator"}),
    "airflow.operators.dummy": ("airflow.operators.empty", {"DummyOperator": "EmptyOperator"}),
    "airflow.operators.python_operator": ("airflow.operators.python", {}),
    "airflow.operators.bash_operator": ("airflow.operators.bash", {}),
    "airflow.providers.amazon.aws.operators.glue_crawler": (
        "airflow.providers.amazon.aws.operators.glue_crawler",
        {"AwsGlueCrawlerOperator": "GlueCrawlerOperator"},
    ),
    "airflow.providers.amazon.aws.operators.glue": (
        "airflow.providers.amazon.aws.operators.glue",
        {"AwsGlueJobOperator": "GlueJobOperator"},
    ),
}
# astronomer.providers' async sensors: today the provider's own sensor with deferrable=True.
ASYNC_SENSORS = {
    "astronomer.providers.amazon.aws.sensors.emr": {
        "EmrStepSensorAsync": (EMR_SENSORS, "EmrStepSensor"),
        "EmrJobFlowSensorAsync": (EMR_SENSORS, "EmrJobFlowSensor"),
    },
    "astronomer.providers.amazon.aws.sensors.s3": {
        "S3KeySensorAsync": ("airflow.providers.amazon.aws.sensors.s3", "S3KeySensor"),
    },
}


class Bridges(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """The import hook: builds an alias module for an old path today's Airflow lacks, and records what it bridged."""

    def __init__(self):
        self.used: list[str] = []
        self.made: list[str] = []

    def find_spec(self, fullname, path=None, target=None):
        if fullname in BRIDGES or fullname in ASYNC_SENSORS or self._parent_of_bridge(fullname):
            if fullname in BRIDGES and BRIDGES[fullname][0] == fullname:
                return None  # a renamed class in a module that still exists: patched by patch_renamed_classes
            if fullname in BRIDGES and _exists(fullname):
                return None
            return importlib.util.spec_from_loader(fullname, self, is_package=self._parent_of_bridge(fullname))
        return None

    @staticmethod
    def _parent_of_bridge(fullname: str) -> bool:
        return any(old.startswith(fullname + ".") for old in (*BRIDGES, *ASYNC_SENSORS)) and not _exists(fullname)

    def create_module(self, spec):
        return types.ModuleType(spec.name)

    def exec_module(self, module):
        name = module.__name__
        if name in BRIDGES:
            new, renamed = BRIDGES[name]
            target = importlib.import_module(new)
            module.__dict__.update({k: v for k, v in vars(target).items() if not k.startswith("__")})
            for old_name, new_name in renamed.items():
                setattr(module, old_name, getattr(target, new_name))
            self.used.append(f"{name} -> {new}")
        elif name in ASYNC_SENSORS:
            for old_name, (new, new_name) in ASYNC_SENSORS[name].items():
                setattr(module, old_name, _deferrable(getattr(importlib.import_module(new), new_name), old_name, self))
        else:
            module.__path__ = []
        self.made.append(name)

    def forget(self) -> None:
        """Drops the alias modules made so far, so that the next file's imports are recorded as its own."""
        for name in self.made:
            sys.modules.pop(name, None)
        self.made.clear()
        self.used = []


def install_bridges() -> Bridges:
    """The import hook, installed once per process (first on sys.meta_path), with the renamed classes patched."""
    for finder in sys.meta_path:
        if isinstance(finder, Bridges):
            return finder
    bridges = Bridges()
    sys.meta_path.insert(0, bridges)
    patch_renamed_classes(bridges)
    return bridges


def _exists(name: str) -> bool:
    finders = [f for f in sys.meta_path if not isinstance(f, Bridges)]
    try:
        parent = name.rpartition(".")[0]
        path = importlib.import_module(parent).__path__ if parent else None
    except Exception:
        return False
    return any(getattr(f, "find_spec", None) and f.find_spec(name, path) for f in finders)


def _deferrable(cls, old_name: str, bridges: Bridges):
    """A factory named like the astronomer sensor that builds today's sensor with deferrable=True."""

    def make(*args, **kwargs):
        bridges.used.append(f"astronomer {old_name} -> {cls.__module__}.{cls.__name__}(deferrable=True)")
        kwargs.setdefault("deferrable", True)
        return cls(*args, **kwargs)

    return make


def patch_renamed_classes(bridges: Bridges) -> None:
    """Old class names in modules that still exist (AwsGlueCrawlerOperator), answered by the module's __getattr__."""
    for name, (new, renamed) in BRIDGES.items():
        if name != new or not renamed:
            continue
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        before = module.__dict__.get("__getattr__")

        def getattr_(attr, _module=module, _renamed=renamed, _before=before, _name=name):
            if attr in _renamed:
                bridges.used.append(f"{_name}.{attr} -> {_renamed[attr]}")
                return getattr(_module, _renamed[attr])
            if _before is not None:
                return _before(attr)
            raise AttributeError(f"module {_name!r} has no attribute {attr!r}")

        module.__getattr__ = getattr_


# ------------------------------------------------------------------------------------------------------- loading
def prepare_airflow(variables: dict, connections: dict) -> None:
    """A fresh AIRFLOW_HOME with a migrated sqlite DB (copied from a cache beside the venv), the Variables and
    Connections in the environment-variable backend. Must run before airflow is imported."""
    home = Path(tempfile.mkdtemp(prefix="emrdag-import-"))
    os.environ["AIRFLOW_HOME"] = str(home)
    os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"
    os.environ["AIRFLOW__CORE__UNIT_TEST_MODE"] = "False"
    os.environ["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"] = f"sqlite:///{home / 'airflow.db'}"
    cached = Path(sys.prefix) / "emrdag-import-db" / "airflow.db"
    if cached.is_file():
        shutil.copyfile(cached, home / "airflow.db")
    else:
        airflow = Path(sys.executable).parent / "airflow"
        say("preparing an Airflow metadata DB for rendering (once per environment) …")
        result = subprocess.run([str(airflow), "db", "migrate"], capture_output=True, text=True, env=dict(os.environ))
        if result.returncode != 0:
            raise SystemExit(f"airflow db migrate failed: {result.stdout[-2000:]}{result.stderr[-2000:]}")
        try:  # kept beside the venv for the next run; an interpreter whose prefix is read-only migrates each time
            cached.parent.mkdir(parents=True, exist_ok=True)
            tmp = cached.with_name(f"airflow.db.{os.getpid()}.tmp")
            shutil.copyfile(home / "airflow.db", tmp)
            tmp.rename(cached)
        except OSError:
            pass
    for name, value in variables.items():
        os.environ[f"AIRFLOW_VAR_{name.upper()}"] = value if isinstance(value, str) else json.dumps(value)
    for name, value in connections.items():
        os.environ[f"AIRFLOW_CONN_{name.upper()}"] = value if isinstance(value, str) else json.dumps(value)


def say(message: str) -> None:
    """Progress for the user: emrdag passes these lines on (Airflow's own warnings on stderr are not)."""
    print(f"emrdag-port: {message}", file=sys.stderr, flush=True)


def dag_files(source: Path) -> list[Path]:
    """The DAG files of a source as Airflow lists them: recursive, .airflowignore honoured, safe mode (the file
    mentions both "airflow" and "dag")."""
    from airflow.utils.file import list_py_file_paths

    if source.is_file():
        return [source]
    return sorted(Path(p) for p in list_py_file_paths(str(source), safe_mode=True, include_examples=False))


@functools.cache
def _module_names(folder: Path) -> frozenset:
    return frozenset(p.stem for p in folder.glob("*.py"))


def load_dags(path: Path, folders: list[Path], shared: Path | None = None) -> dict:
    """The DAGs a file defines, imported afresh with its folders first on sys.path (helper modules beside it). Modules
    of the same names imported earlier (another file's helpers) are set aside meanwhile and put back afterwards; the
    modules of `shared` (a generated DAG folder, consistent in itself: templates.py, template_generator.py) stay
    imported from one DAG to the next, as in a DAG processor."""
    names = set().union(*(_module_names(f) for f in folders if f != shared)) - {path.stem}
    names.add(path.stem)
    saved = {n: sys.modules.pop(n) for n in names if n in sys.modules}
    path_before = list(sys.path)
    cwd = os.getcwd()
    sys.path[:0] = [str(f) for f in folders]
    from airflow.models.dag import DAG, DagContext

    registered = getattr(DagContext, "autoregistered_dags", set())
    registered.clear()
    try:
        spec = importlib.util.spec_from_file_location(f"emrdag_source_{abs(hash(str(path)))}", path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # as the DagBag does: DAGs of `with DAG(...)` blocks register under it
        DagContext.current_autoregister_module_name = spec.name
        spec.loader.exec_module(module)
    finally:
        DagContext.current_autoregister_module_name = None
        sys.modules.pop(spec.name, None)
        os.chdir(cwd)
        sys.path[:] = path_before
        for name in names:
            sys.modules.pop(name, None)
        sys.modules.update(saved)
    found = {d.dag_id: d for d in vars(module).values() if isinstance(d, DAG)}
    # DAGs made in a `with DAG(...)` block without a name: Airflow registers them as the file's (auto_register)
    found.update({d.dag_id: d for d, m in registered if m is module and d.dag_id not in found})
    registered.clear()
    return found


def import_problem(error: BaseException) -> str:
    """One clear line for a file that does not import: a missing Variable or Connection is named as such."""
    text = str(error)
    match = re.search(r"Variable (\S+) does not exist", text)
    if match:
        return f"reads Airflow Variable {match.group(1)!r} at parse time; give it in --variables (JSON)"
    match = re.search(r"The conn_id `([^`]+)` isn't defined", text)
    if match:
        return f"reads Airflow Connection {match.group(1)!r} at parse time; give it under \"connections\" in --variables"
    frame = traceback.extract_tb(error.__traceback__)[-1] if error.__traceback__ else None
    where = f" (line {frame.lineno} of {Path(frame.filename).name})" if frame else ""
    return f"does not import: {type(error).__name__}: {text.splitlines()[0] if text else ''}{where}"


# ------------------------------------------------------------------------------------------------------- reading
def _emr_kinds():
    from airflow.providers.amazon.aws.operators.emr import (
        EmrAddStepsOperator,
        EmrCreateJobFlowOperator,
        EmrModifyClusterOperator,
        EmrTerminateJobFlowOperator,
    )
    from airflow.providers.amazon.aws.sensors.emr import EmrJobFlowSensor, EmrStepSensor

    return {
        "create": EmrCreateJobFlowOperator,
        "add": EmrAddStepsOperator,
        "terminate": EmrTerminateJobFlowOperator,
        "modify": EmrModifyClusterOperator,
        "step_sensor": EmrStepSensor,
        "flow_sensor": EmrJobFlowSensor,
    }


def kind_of(task, kinds) -> str | None:
    for name, cls in kinds.items():
        if isinstance(task, cls):
            return name
    return "emr_other" if type(task).__module__.startswith("airflow.providers.amazon.aws.") and "emr" in type(
        task
    ).__module__.rsplit(".", 1)[-1] else None


class Skip(Exception):
    """The DAG is not ported; the message says why."""


def _plain(value, where: str):
    """A value as YAML can hold it (the job group's data), or Skip naming what cannot be written."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dict):
        return {str(k): _plain(v, f"{where}.{k}") for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v, f"{where}[{i}]") for i, v in enumerate(value)]
    raise Skip(f"{where} is a {type(value).__name__}, not data emrdag can write")


def duration(value) -> str | None:
    if value is None:
        return None
    seconds = int(value.total_seconds()) if isinstance(value, dt.timedelta) else int(value)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    text = "".join(f"{n}{u}" for n, u in ((days, "d"), (hours, "h"), (minutes, "m"), (secs, "s")) if n)
    return text or None


def schedule_of(dag, notes: list[str], differences: list[dict]):
    from airflow.timetables.interval import CronDataIntervalTimetable, DeltaDataIntervalTimetable
    from airflow.timetables.simple import NullTimetable, OnceTimetable
    from airflow.timetables.trigger import CronTriggerTimetable

    timetable = dag.timetable
    if isinstance(timetable, NullTimetable):
        return None
    if isinstance(timetable, OnceTimetable):
        return "@once"
    if isinstance(timetable, CronDataIntervalTimetable | CronTriggerTimetable):
        return timetable._expression
    if isinstance(timetable, DeltaDataIntervalTimetable) and timetable._delta == dt.timedelta(days=1):
        differences.append({"path": "dag.schedule", "port": "0 0 * * *", "why": "timedelta(days=1) written as @daily"})
        notes.append(
            "schedule: the original runs every timedelta(days=1) after the last run (a delta timetable); emrdag takes "
            "cron or presets: written as @daily (runs at midnight)"
        )
        return "@daily"
    raise Skip(f"its schedule ({timetable.summary}) is neither cron, a preset nor none")


def step_index(template) -> int | None:
    match = re.search(r"\[\s*(-?\d+)\s*\]\s*\}\}\s*$", template) if isinstance(template, str) else None
    return int(match.group(1)) if match else None


def snake(text: str, taken: set) -> str:
    base = re.sub(r"[^a-z0-9]+", "_", str(text).lower()).strip("_") or "step"
    if base[0].isdigit():
        base = f"step_{base}"
    name, n = base, 2
    while name in taken:
        name, n = f"{base}_{n}", n + 1
    taken.add(name)
    return name


def step_of(step: dict, taken: set, where: str) -> dict:
    """An EMR step (HadoopJarStep) as an emrdag step: command-runner steps byte for byte as `command`."""
    step = _plain(step, where)
    jar = step.get("HadoopJarStep", {})
    name = snake(step.get("Name", "step"), taken)
    out = {"name": name}
    if step.get("Name") != name:
        out["step_name"] = step.get("Name")
    if jar.get("Jar") == "command-runner.jar" and set(jar) <= {"Jar", "Args"}:
        out["command"] = [str(a) for a in jar.get("Args", [])]
    else:
        raise Skip(f"{where}: a step on {jar.get('Jar')!r} (not command-runner.jar) is not imported yet")
    out["action_on_failure"] = step.get("ActionOnFailure", "TERMINATE_CLUSTER")
    extra = set(step) - {"Name", "ActionOnFailure", "HadoopJarStep"}
    if extra:
        raise Skip(f"{where}: step keys {sorted(extra)} have no emrdag key")
    return out


GROUP_ROLES = {"MASTER": "master", "CORE": "core", "TASK": "task"}


def cluster_of(request: dict, mode: str) -> tuple[dict, dict]:
    """The cluster keys (the shape profiles are made of) and the raw job_flow_overrides that make emrdag's request
    equal to the original: emrdag's own keys the original lacks are nulled."""
    cluster = {"mode": mode} if mode != "transient" else {}
    overrides = copy.deepcopy(request)
    overrides.pop("Steps", None)
    name = overrides.pop("Name", None)
    cluster["name"] = name
    label = overrides.pop("ReleaseLabel", None)
    if label is None or not re.fullmatch(r"emr-\d+\.\d+\.\d+", str(label)):
        raise Skip(f"ReleaseLabel {label!r} is not a literal emr-X.Y.Z")
    cluster["release_label"] = label
    groups = overrides.get("Instances", {}).get("InstanceGroups")
    if groups:
        for group in groups:
            role = GROUP_ROLES.get(group.get("InstanceRole"))
            if role:
                cluster[role] = {"instance_type": group.get("InstanceType"), "market": group.get("Market", "ON_DEMAND")}
                if role != "master":
                    cluster[role]["instance_count"] = group.get("InstanceCount", 1)
        cluster.setdefault("core", None)
    elif overrides.get("Instances", {}).get("InstanceFleets"):
        raise Skip("instance fleets are not imported yet")
    else:
        raise Skip("the request has no InstanceGroups")
    for key, field in (("JobFlowRole", "job_flow_role"), ("ServiceRole", "service_role")):
        if key in overrides:
            cluster[field] = overrides.pop(key)
    apps = overrides.pop("Applications", None)
    cluster["applications"] = [a.get("Name") for a in apps] if apps else []
    if apps and any(set(a) != {"Name"} for a in apps):
        overrides["Applications"] = apps
    # emrdag's own keys that the original lacks (the comparison allows emrdag's tags and idle timeout only)
    for key in ("VisibleToAllUsers", "LogUri", "Configurations", "BootstrapActions", "StepConcurrencyLevel"):
        overrides.setdefault(key, None)
    if not apps:
        overrides["Applications"] = None
    instances = overrides.setdefault("Instances", {})
    for key in ("KeepJobFlowAliveWhenNoSteps", "TerminationProtected", "Ec2SubnetId"):
        instances.setdefault(key, None)
    return cluster, overrides


def read_dag(dag, bridges_used: list[str]) -> dict:
    """One DAG as an emrdag job group plus the task map the proof needs; Skip when it cannot be one."""
    from airflow.models.mappedoperator import MappedOperator
    from airflow.models.xcom_arg import XComArg

    kinds = _emr_kinds()
    notes: list[str] = []
    differences: list[dict] = []
    tasks_map: dict = {}
    by_kind: dict[str, list] = {}
    for task in dag.topological_sort():
        if isinstance(task, MappedOperator):
            raise Skip(f"task {task.task_id} is mapped at run time (dynamic task mapping): its tasks come from runtime data")
        by_kind.setdefault(kind_of(task, kinds) or "other", []).append(task)
    creates, adds = by_kind.get("create", []), by_kind.get("add", [])
    if not creates and not adds:
        raise Skip("no EMR task (no EmrCreateJobFlowOperator or EmrAddStepsOperator): not an EMR DAG")
    if len(creates) > 1:
        raise Skip(f"{len(creates)} create tasks; emrdag makes one cluster per job group")
    for add in adds:
        if isinstance(add.steps, XComArg) or isinstance(add.steps, str):
            raise Skip(f"{add.task_id} takes its steps from runtime data ({type(add.steps).__name__})")
    group: dict = {}
    steps: list[dict] = []
    taken: set = set()
    step_of_add: dict = {}
    if creates:
        create = creates[0]
        request = create.job_flow_overrides
        if not isinstance(request, dict):
            raise Skip(f"{create.task_id}'s job_flow_overrides come from runtime data ({type(request).__name__})")
        request = _plain(request, f"{create.task_id}.job_flow_overrides")
        keep_alive = request.get("Instances", {}).get("KeepJobFlowAliveWhenNoSteps", True)
        mode = "with_steps" if request.get("Steps") and keep_alive is False else "transient"
        if mode == "transient" and request.get("Steps"):
            raise Skip("steps in RunJobFlow on a cluster kept alive: no emrdag cluster mode sends that")
        cluster, overrides = cluster_of(request, mode)
        if mode == "transient" and keep_alive is False:
            overrides["Instances"]["KeepJobFlowAliveWhenNoSteps"] = True
            differences.append({
                "path": "run_job_flow.Instances.KeepJobFlowAliveWhenNoSteps", "port": True,
                "why": "kept alive until terminate_cluster: the original's cluster could end before its steps were added",
            })
            notes.append(
                "KeepJobFlowAliveWhenNoSteps: the original asks for a cluster that ends when it has no steps, then adds "
                "its steps after RunJobFlow (the cluster can end first); the port keeps it alive until terminate_cluster"
            )
        for i, step in enumerate(request.get("Steps", [])):
            steps.append(step_of(step, taken, f"{create.task_id}.job_flow_overrides.Steps[{i}]"))
        step_of_add[create.task_id] = list(range(len(steps)))
        tasks_map[create.task_id] = "create_cluster"
        group["emr_conn_id"] = create.emr_conn_id
        if create.aws_conn_id != "aws_default":
            group["aws_conn_id"] = create.aws_conn_id
        if getattr(create, "wait_for_completion", False):
            notes.append(f"{create.task_id} waited for the cluster to start; the port's step watchers wait instead")
    else:
        ids = {str(a.job_flow_id) for a in adds}
        if len(ids) != 1 or not ids.pop():
            raise Skip("its add-steps tasks go to different or unnamed clusters")
        cluster = {"mode": "existing", "cluster_id": str(adds[0].job_flow_id)}
        overrides = None
    for add in adds:
        if cluster.get("mode") == "with_steps":
            tasks_map[add.task_id] = {
                "replaced": "adds steps again to a cluster that ends by itself after the steps it got with RunJobFlow"
            }
            continue
        first = len(steps)
        for i, step in enumerate(add.steps):
            steps.append(step_of(step, taken, f"{add.task_id}.steps[{i}]"))
        step_of_add[add.task_id] = list(range(first, len(steps)))
        tasks_map[add.task_id] = "add_steps"
    if len(adds) > 1 and cluster.get("mode") != "with_steps":
        for add in adds[1:]:
            tasks_map[add.task_id] = {"replaced": f"its steps are added by add_steps with those of {adds[0].task_id}"}
    if not steps:
        raise Skip("no EMR step is sent")
    for sensor in by_kind.get("step_sensor", []):
        index = step_index(sensor.step_id)
        source = re.search(r"task_ids=['\"]([^'\"]+)['\"]", str(sensor.step_id))
        indices = step_of_add.get(source.group(1)) if source else None
        if isinstance(tasks_map.get(source.group(1) if source else None), dict):
            tasks_map[sensor.task_id] = {"replaced": "watches steps the port does not add twice"}
        elif indices is not None and index is not None and -len(indices) <= index < len(indices):
            tasks_map[sensor.task_id] = f"watch_{steps[indices[index]]['name']}"
        else:
            tasks_map[sensor.task_id] = {"replaced": "watched a step found at run time, the port watches each step"}
    for sensor in by_kind.get("step_sensor", []):
        if getattr(sensor, "deferrable", False):
            notes.append(
                f"{sensor.task_id} was deferrable (it waited in the triggerer); emrdag's watchers wait in mode reschedule,"
                " which also frees the worker slot between checks"
            )
    for sensor in by_kind.get("flow_sensor", []):
        tasks_map[sensor.task_id] = {
            "replaced": "EmrJobFlowSensor waiting for the cluster: the step watchers and terminate_cluster"
        }
    for modify in by_kind.get("modify", []):
        tasks_map[modify.task_id] = {"not_carried": "EmrModifyClusterOperator has no emrdag key"}
    for other in by_kind.get("emr_other", []):
        tasks_map[other.task_id] = {"not_carried": f"{type(other).__name__} has no emrdag key"}
    for terminate in by_kind.get("terminate", []):
        tasks_map[terminate.task_id] = (
            "terminate_cluster"
            if cluster.get("mode") != "existing"
            else {"not_carried": "terminates a cluster emrdag never touches in mode existing"}
        )
    group.update(dag_arguments_of(dag, notes, differences))
    first_emr = (creates or adds)[0]
    before_ids = first_emr.get_flat_relative_ids(upstream=True)
    around = {"before": [], "after": []}
    port_ids = {"create_cluster", "add_steps", "terminate_cluster", *(f"watch_{s['name']}" for s in steps)}
    for task in by_kind.get("other", []):
        where = "before" if task.task_id in before_ids else "after"
        try:
            entry = around_task(task, before_ids if where == "before" else None, by_kind.get("other", []), port_ids)
        except Skip as why:
            tasks_map[task.task_id] = {"not_carried": str(why)}
            continue
        if entry["task_id"] != task.task_id:
            tasks_map[task.task_id] = entry["task_id"]
            notes.append(
                f"task {task.task_id}: written as {entry['task_id']} (emrdag has no TaskGroups); Jinja that names it"
                " (xcom_pull) follows"
            )
        if where == "after" and task.upstream_task_ids & {t.task_id for t in (*creates, *adds, *by_kind.get("terminate", []))}:
            notes.append(f"task {entry['task_id']}: starts after all steps succeeded (the original ran it after EMR tasks)")
        around[where].append(entry)
    for where in ("before", "after"):
        if around[where]:
            group[where] = around[where]
    renames = {old: new for old, new in tasks_map.items() if isinstance(new, str) and old in {t.task_id for t in by_kind.get("other", [])}}
    if renames:
        steps = _renamed(steps, renames)
        for where in ("before", "after"):
            group[where] = _renamed(group.get(where), renames) if where in group else None
            if group[where] is None:
                del group[where]
    group["cluster"] = cluster
    if overrides is not None:
        group["job_flow_overrides"] = overrides
    group["steps"] = steps
    for text in tasks_map.values():
        if isinstance(text, dict) and "not_carried" in text:
            notes.append(f"not carried: {text['not_carried']}")
    group = {key: group[key] for key in sorted(group, key=KEY_ORDER.index)}
    return {
        "job_group": group,
        "tasks": tasks_map,
        "notes": notes,
        "differences": differences,
        "bridges": sorted(set(bridges_used)),
    }


def _renamed(value, renames: dict):
    """Task ids quoted in Jinja (xcom_pull(task_ids='group.task')) follow their task's new id."""
    if isinstance(value, str):
        for old, new in renames.items():
            value = value.replace(f"'{old}'", f"'{new}'").replace(f'"{old}"', f'"{new}"')
        return value
    if isinstance(value, dict):
        return {k: _renamed(v, renames) for k, v in value.items()}
    if isinstance(value, list):
        return [_renamed(v, renames) for v in value]
    return value


KEY_ORDER = [
    "description", "schedule", "start_date", "catchup", "max_active_runs", "dagrun_timeout", "tags", "owner", "retries",
    "retry_delay", "depends_on_past", "wait_for_downstream", "execution_timeout", "email", "email_on_failure",
    "email_on_retry", "params", "aws_conn_id", "emr_conn_id", "before", "after", "cluster", "job_flow_overrides", "steps",
]
DAG_TASK_ARGUMENTS = ("owner", "retries", "depends_on_past", "wait_for_downstream", "email", "email_on_failure", "email_on_retry")


def dag_arguments_of(dag, notes: list[str], differences: list[dict]) -> dict:
    out: dict = {}
    if dag.description:
        out["description"] = dag.description
    out["schedule"] = schedule_of(dag, notes, differences)
    out["catchup"] = bool(dag.catchup)
    out["max_active_runs"] = dag.max_active_runs
    if dag.dagrun_timeout:
        out["dagrun_timeout"] = duration(dag.dagrun_timeout)
    if dag.tags:
        out["tags"] = sorted(dag.tags)
    start = dag.start_date or dag.default_args.get("start_date")
    if start is not None:
        out["start_date"] = start.date().isoformat() if hasattr(start, "date") else str(start)
    args = dag.default_args or {}
    for key in DAG_TASK_ARGUMENTS:
        if key in args:
            value = args[key]
            out[key] = [value] if key == "email" and isinstance(value, str) else value
    if "retry_delay" in args:
        out["retry_delay"] = duration(args["retry_delay"])
    if "execution_timeout" in args and args["execution_timeout"]:
        out["execution_timeout"] = duration(args["execution_timeout"])
    merged = dict(dag.params.dump()) if dag.params else {}
    for task in dag.tasks:  # operators' own params, and default_args' (Airflow merges them under each task's)
        merged.update(task.params.dump() if task.params else {})
    params = {k: _plain(v, f"params.{k}") for k, v in sorted(merged.items())}
    if params:
        out["params"] = params
    return out


SKIPPED_KWARGS = {"task_id", "dag", "default_args", "python_callable", "trigger_rule", "task_group", "params"}


def around_task(task, before_ids, others, port_ids) -> dict:
    kwargs = dict(getattr(task, "_BaseOperator__init_kwargs", {}))
    cls = type(task)
    entry = {"task_id": task.task_id.rsplit(".", 1)[-1], "operator": f"{cls.__module__}.{cls.__qualname__}"}
    if entry["task_id"] in port_ids:
        raise Skip(f"its id {entry['task_id']} is one of emrdag's own tasks")
    callable_ = getattr(task, "python_callable", None)
    if callable_ is not None:
        module = callable_.__module__
        if module.startswith("emrdag_source_") or "<" in callable_.__qualname__:
            raise Skip(f"its callable {callable_.__qualname__} is defined in the DAG file; move it to a module beside it")
        entry["python_callable"] = f"{module}.{callable_.__qualname__}"
    arguments = {}
    for key, value in sorted(kwargs.items()):
        defaults = task.dag.default_args or {}
        if key in SKIPPED_KWARGS or (key in defaults and value == defaults[key]):
            continue
        arguments[key] = _plain(value, f"{task.task_id}.{key}")
    if arguments:
        entry["arguments"] = arguments
    ids = {t.task_id for t in others}
    upstream = sorted(
        u.rsplit(".", 1)[-1] for u in task.upstream_task_ids if u in ids and (before_ids is None or u in before_ids)
    )
    if upstream:
        entry["upstream"] = upstream
    if str(task.trigger_rule) != "all_success":
        entry["trigger_rule"] = str(task.trigger_rule)
    return entry


def read(request: dict) -> dict:
    bridges = install_bridges()
    entries, seen = [], {}
    for source in request["sources"]:
        source = Path(source).resolve()
        folder = source if source.is_dir() else source.parent
        for path in dag_files(source):
            rel = str(path.relative_to(folder)) if source.is_dir() else path.name
            bridges.forget()
            try:
                dags = load_dags(path, [folder, path.parent] if path.parent != folder else [folder])
            except BaseException as error:  # noqa: BLE001 - any failure of a user's file is reported, not raised
                entries.append({"file": str(path), "rel": rel, "status": "error", "reason": import_problem(error)})
                continue
            used = list(bridges.used)
            if not dags:
                entries.append({"file": str(path), "rel": rel, "status": "skipped", "reason": "defines no DAG"})
            for dag_id, dag in sorted(dags.items()):
                entry = {"file": str(path), "rel": rel, "dag_id": dag_id, "bridges": sorted(set(used))}
                entry["folders"] = [str(folder)] + ([str(path.parent)] if path.parent != folder else [])
                try:
                    entry.update(read_dag(dag, used), status="ported")
                except Skip as why:
                    entry.update(status="skipped", reason=str(why))
                    entries.append(entry)
                    continue
                name = re.sub(r"[^a-z0-9_]+", "_", dag_id.lower()).strip("_")
                if not re.fullmatch(r"[a-z_][a-z0-9_]*", name) or name in seen:
                    stem = re.sub(r"[^a-z0-9_]+", "_", path.stem.lower()).strip("_")
                    entry["notes"].append(f"job group {stem}: the DAG id {dag_id} is taken by {seen.get(name, '?')}"
                                          f" or not a module name; the port's DAG id is {stem}")
                    name = snake(stem, set(seen))
                seen[name] = rel
                entry["job_group_id"] = name
                entries.append(entry)
    from airflow import __version__ as airflow_version

    return {"airflow": airflow_version, "dags": entries}


# ------------------------------------------------------------------------------------------------------ comparing
LOGICAL_DATE_ISO = "2024-03-05T00:00:00+00:00"
CLUSTER_ID = "j-PORTCORPUS00001"  # what a create task returns, for every DAG
STEP_IDS = [f"s-PORTCORPUS{i:05d}" for i in range(20)]  # what an add-steps task returns

# emrdag's own additions to the RunJobFlow request, allowed only where the original did not set the key:
EMRDAG_ADDITIONS = {
    "Tags[emrdag:*]": "emrdag:project / emrdag:dag_id / emrdag:run_id / emrdag:job_group tags (clean-up finds clusters by them)",
    "AutoTerminationPolicy": "emrdag's idle auto-termination, the last cost backstop, kept in every port",
}

# Task arguments a DAG's default_args give every task: compared on the tasks around the cluster.
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


def render(dag, renamed: dict | None = None) -> dict:
    """Every task of the DAG rendered for the logical date as a task run renders it; XComs of create and add-steps
    tasks answer CLUSTER_ID and STEP_IDS, any other a string naming the task (its counterpart's id when `renamed`
    maps it) and key. Task id -> rendered task."""
    renamed = renamed or {}
    import pendulum
    from airflow.models.dagrun import DagRun
    from airflow.models.taskinstance import TaskInstance
    from airflow.providers.amazon.aws.operators.emr import EmrAddStepsOperator, EmrCreateJobFlowOperator
    from airflow.utils.state import DagRunState
    from airflow.utils.types import DagRunType

    logical_date = pendulum.parse(LOGICAL_DATE_ISO)
    creators = {t.task_id for t in dag.tasks if isinstance(t, EmrCreateJobFlowOperator)}
    adders = {t.task_id for t in dag.tasks if isinstance(t, EmrAddStepsOperator)}

    def xcom_pull(self, task_ids=None, dag_id=None, key="return_value", *args, **kwargs):
        def one(task_id):
            if key == "return_value" and task_id in creators:
                return CLUSTER_ID
            if key == "return_value" and task_id in adders:
                return STEP_IDS
            return f"xcom:{renamed.get(task_id, task_id)}:{key}"

        return [one(t) for t in task_ids] if isinstance(task_ids, list | tuple) else one(task_ids)

    original_pull = TaskInstance.xcom_pull
    TaskInstance.xcom_pull = xcom_pull
    # A DagRun of the logical date that is never written: rendering reads it from the task instance, and only what
    # the templates use (Variables, Connections) reaches the metadata DB.
    run = DagRun(
        dag_id=dag.dag_id,
        run_id=f"corpus__{logical_date.isoformat()}",
        execution_date=logical_date,
        data_interval=(logical_date, logical_date.add(days=1)),
        state=DagRunState.RUNNING,
        run_type=DagRunType.MANUAL,
        external_trigger=True,
        conf={},
    )
    run.dag = dag
    rendered = {}
    try:
        for task in dag.tasks:
            ti = TaskInstance(copy.copy(task), run_id=run.run_id)  # rendering sets attributes: keep the parsed task
            ti.dag_run = run
            ti.render_templates()
            rendered[task.task_id] = ti.task
    finally:
        TaskInstance.xcom_pull = original_pull
    return rendered


def requests_of(tasks: dict, skip: set) -> dict:
    """What the DAG sends EMR: the RunJobFlow request of its create task, its conn ids, the steps (in RunJobFlow,
    then of each add-steps task in task order) and the cluster the steps go to."""
    from airflow.providers.amazon.aws.operators.emr import EmrAddStepsOperator, EmrCreateJobFlowOperator

    creates = [t for i, t in tasks.items() if isinstance(t, EmrCreateJobFlowOperator) and i not in skip]
    adds = [t for i, t in tasks.items() if isinstance(t, EmrAddStepsOperator) and i not in skip]
    if len(creates) > 1:
        raise AssertionError(f"more than one create task: {[t.task_id for t in creates]}")
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
        if holder[last] == difference.get("port"):
            raise AssertionError(f"not a difference (the original has it too): {difference}")
        if "port" in difference:
            holder[last] = difference["port"]
        else:
            holder.pop(last)
    return sent


def template_values(task) -> dict:
    values = {field: getattr(task, field, None) for field in task.template_fields}
    values.update({argument: getattr(task, argument, None) for argument in TASK_ARGUMENTS})
    callable_ = getattr(task, "python_callable", None)
    if callable_ is not None:
        values["python_callable"] = f"{callable_.__module__}.{callable_.__qualname__}"
    values["trigger_rule"] = str(task.trigger_rule)
    return values


def dag_arguments(dag) -> dict:
    """What decides when and how long a DAG runs (the start date is left out: originals often compute theirs from
    the parse time with days_ago or datetime.now())."""
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

    return isinstance(task, EmrAddStepsOperator | EmrCreateJobFlowOperator | EmrTerminateJobFlowOperator | EmrBaseSensor)


def first_emr_task(dag) -> str:
    """The task that first calls EMR: the create task, or the first add-steps task for an existing cluster."""
    from airflow.providers.amazon.aws.operators.emr import EmrAddStepsOperator, EmrCreateJobFlowOperator

    for kind in (EmrCreateJobFlowOperator, EmrAddStepsOperator):
        found = [t for t in dag.topological_sort() if isinstance(t, kind)]
        if found:
            return found[0].task_id
    raise AssertionError(f"{dag.dag_id} calls EMR nowhere")


def _differ(a, b, path: str = "") -> list[str]:
    """The paths where two rendered values differ, shortest first (for the table's messages)."""
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for key in sorted(set(a) | set(b), key=str):
            where = f"{path}.{key}" if path else str(key)
            if key not in a:
                out.append(f"{where}: only the original has it")
            elif key not in b:
                out.append(f"{where}: only the port has it")
            else:
                out.extend(_differ(a[key], b[key], where))
        return out
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [d for i, (x, y) in enumerate(zip(a, b, strict=True)) for d in _differ(x, y, f"{path}.{i}")]
    return [] if a == b else [f"{path}: original {b!r}, port {a!r}"]


def compare_dags(original, port, tasks: dict, differences: list[dict]) -> dict:
    """Renders both DAGs and compares what they send EMR and which tasks they run.

    tasks: original task id -> counterpart id in the port (default: the same id), or {"replaced"|"not_carried": why}.
    differences: listed deliberate differences ({path, port, why}) in the request view.
    Returns {"request": [...], "steps": [...], "dag": [...], "tasks": [...], "additions": [...]}: each list holds
    what differs (empty = identical)."""
    replaced = {t for t, to in tasks.items() if isinstance(to, dict)}
    mapping = {t: (to if isinstance(to, str) else None) for t, to in tasks.items()}
    problems: dict[str, list[str]] = {"request": [], "steps": [], "dag": [], "tasks": [], "additions": []}
    for task_id in original.task_ids:
        if task_id not in replaced:
            counterpart = mapping.get(task_id, task_id)
            if counterpart not in port.task_ids:
                problems["tasks"].append(f"{task_id} has no counterpart {counterpart} in the port")
    renamed = {t: to for t, to in mapping.items() if to and to != t and to not in original.task_ids}
    ours, theirs = render(port), render(original, renamed)
    sent_by_original = apply_differences(
        {**requests_of(theirs, replaced), "dag": dag_arguments(original)}, differences
    )
    sent_by_port = {**requests_of(ours, set()), "dag": dag_arguments(port)}
    sent_by_port["run_job_flow"], additions = without_emrdag_additions(
        sent_by_port["run_job_flow"], sent_by_original["run_job_flow"]
    )
    problems["additions"] = sorted(additions)
    problems["request"] = _differ(
        {k: sent_by_port.get(k) for k in ("run_job_flow", "create_conns", "add_steps_to", "add_conns")},
        {k: sent_by_original.get(k) for k in ("run_job_flow", "create_conns", "add_steps_to", "add_conns")},
    )
    problems["steps"] = _differ(sent_by_port["steps"], sent_by_original["steps"], "steps")
    if len(sent_by_port["steps"]) != len(sent_by_original["steps"]):
        problems["steps"] = [f"steps: original sends {len(sent_by_original['steps'])}, port {len(sent_by_port['steps'])}"]
    problems["dag"] = _differ(sent_by_port["dag"], sent_by_original["dag"], "dag")
    for task_id, task in theirs.items():
        if task_id in replaced or mapping.get(task_id, task_id) not in ours:
            continue
        counterpart = ours[mapping.get(task_id, task_id)]
        if not isinstance(counterpart, type(task)):
            problems["tasks"].append(f"{task_id}: {type(counterpart).__name__} is not a {type(task).__name__}")
        elif not is_emr_task(task):
            for where in _differ(template_values(counterpart), template_values(task), task_id):
                problems["tasks"].append(where)
    first, port_first = first_emr_task(original), first_emr_task(port)
    port_before = port.get_task(port_first).get_flat_relative_ids(upstream=True)
    for task_id in original.get_task(first).get_flat_relative_ids(upstream=True) - replaced:
        counterpart = mapping.get(task_id, task_id)
        if counterpart not in port_before:
            problems["tasks"].append(f"{task_id} ran before {first}; {counterpart} does not run before {port_first}")
    return problems


def prove(request: dict) -> dict:
    """Loads each original (bridged) and its generated DAG and compares them; one row per DAG."""
    bridges = install_bridges()
    generated = Path(request["generated"])
    rows = []
    for dag in request["dags"]:
        row = {"dag_id": dag["dag_id"], "job_group": dag["job_group"]}
        try:
            path = Path(dag["file"])
            bridges.forget()
            original = load_dags(path, [Path(f) for f in dag["folders"]])[dag["dag_id"]]
            helpers = [Path(f) for f in dag["folders"]]  # modules the user ships beside the DAGs, as deployed
            port = load_dags(generated / dag["port_file"], [generated, *helpers], shared=generated)[dag["job_group"]]
            row["problems"] = compare_dags(original, port, dag["tasks"], dag.get("differences", []))
        except BaseException as error:  # noqa: BLE001 - one DAG's failure is its row, the rest are proven
            row["error"] = f"{type(error).__name__}: {error}"
        rows.append(row)
    return {"rows": rows}


def main() -> int:
    if len(sys.argv) != 3 or sys.argv[1] not in ("read", "prove"):
        say(__doc__.strip().splitlines()[2].strip())
        return 2
    request = json.loads(Path(sys.argv[2]).read_text())
    prepare_airflow(request.get("variables", {}), request.get("connections", {}))
    import logging

    logging.disable(logging.WARNING)
    started = time.monotonic()
    if sys.argv[1] == "read":
        answer = read(request)
        say(f"read {len(answer['dags'])} DAGs and files in {time.monotonic() - started:.1f} s")
        print("EMRDAG-PORT " + json.dumps(answer, default=str), flush=True)
    else:
        answer = prove(request)
        say(f"proved {len(answer['rows'])} ports in {time.monotonic() - started:.1f} s")
        print("EMRDAG-PROOF " + json.dumps(answer, default=str), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
