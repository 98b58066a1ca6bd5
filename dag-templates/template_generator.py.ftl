${header}
<#noparse>
"""Fills the EMR request templates of templates.py with a job group's values, and gives the DAG
files the cluster-safe tasks they run: idempotent create and add, step watchers that fail at once on
a failed step (and re-run it when asked), a terminate that finds every cluster of its run, and the
clean-up that the failure callback and the janitor share.

Pure Python on purpose: this module must not mention the scheduler by name, so that its
DAG-file heuristic never parses it as a DAG file. The scheduler's classes reach it as arguments.
"""

from __future__ import annotations

import functools
import json
import logging
import re

from jinja2 import pass_context

_PLACEHOLDER = re.compile(r"\$\{([a-z_][a-z0-9_]*)\}")
_INSTANCE_TYPE = re.compile(r"[a-z][a-z0-9-]*\.[a-z0-9]+")


class Verbatim:
    """A string that must reach EMR exactly as written.

    Templated operator fields render every string with Jinja and, with native rendering,
    literal-evaluate the result ("200" would become the integer 200). fill() turns a Verbatim
    into the literal() wrapper it is given, which is passed through untouched.
    """

    __slots__ = ("value",)

    def __init__(self, value: str) -> None:
        self.value = value

    def __repr__(self) -> str:
        return f"Verbatim({self.value!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Verbatim) and other.value == self.value

    def __hash__(self) -> int:
        return hash(self.value)


def fill(template, values, overrides=None, literal=None):
    """A deep copy of template with overrides merged in and "${name}" strings replaced by values[name].

    A placeholder is replaced by its value as is (an int stays an int, a list stays a list);
    only whole-string placeholders exist. Verbatim values become literal(value).
    """
    if overrides:
        template = merge(template, overrides)
    return _fill(template, values, literal)


def _fill(node, values, literal):
    if isinstance(node, dict):
        return {key: _fill(value, values, literal) for key, value in node.items()}
    if isinstance(node, list):
        return [_fill(value, values, literal) for value in node]
    if isinstance(node, Verbatim):
        return node.value if literal is None else literal(node.value)
    if isinstance(node, str):
        match = _PLACEHOLDER.fullmatch(node)
        if match:
            if match.group(1) not in values:
                raise KeyError(f"no value for placeholder {node}")
            return _fill(values[match.group(1)], {}, literal)
    return node


def merge(base, overrides):
    """base with overrides merged in: mappings key by key, other values replaced, None deletes."""
    merged = dict(base)
    for key, value in overrides.items():
        if value is None:
            merged.pop(key, None)
        elif isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def knob_reader(variable, defaults):
    """The "knob" Jinja macro: defaults[key], or the value of key in the JSON Variable when set.

    Runs when a task renders its fields, never at parse time. A malformed Variable, or one that
    sets a key that is not a knob of the job group, fails the task with a message that names the
    Variable and the key.
    """

    @pass_context
    def knob(context, key):
        default = defaults[key]
        raw = context["var"]["value"].get(variable, None)
        if raw is None or str(raw).strip() == "":
            return default
        try:
            overrides = json.loads(raw)
        except ValueError as error:
            raise ValueError(
                f"Variable {variable!r} is not valid JSON ({error}); "
                f"expected an object such as {json.dumps(defaults)}"
            ) from None
        if not isinstance(overrides, dict):
            raise ValueError(f"Variable {variable!r} must be a JSON object, got {raw!r}")
        unknown = sorted(set(overrides) - set(defaults))
        if unknown:
            raise ValueError(_not_knobs(variable, unknown, defaults))
        value = overrides.get(key, default)
        if isinstance(default, bool) or not isinstance(default, int):
            # An instance type such as m5.xlarge; the shape also keeps native rendering from
            # evaluating the value into something else ("None", "[1]").
            if not isinstance(value, str) or not _INSTANCE_TYPE.fullmatch(value):
                raise ValueError(f"Variable {variable!r}: {key} must be an instance type like m5.xlarge, got {value!r}")
            return value
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"Variable {variable!r}: {key} must be a whole number, got {value!r}")
        return value

    return knob


def _not_knobs(variable, unknown, defaults):
    """Why a Variable that sets keys this job group does not have fails the task: a misspelt knob must not be ignored."""
    import difflib

    named = []
    for key in unknown:
        close = difflib.get_close_matches(key, list(defaults), n=1)
        named.append(repr(key) + (f" (did you mean {close[0]!r}?)" if close else ""))
    return (
        f"Variable {variable!r} sets {', '.join(named)}: not a knob of this job group, so nothing would change; "
        f"its knobs are {', '.join(defaults)}"
    )


@pass_context
def text(context, source):
    """The "text" Jinja macro: renders source as text and keeps it a string.

    Native rendering would turn "{{ ds_nodash }}" into the integer 20240101; returning the
    repr makes the final literal evaluation give back exactly the rendered text.
    """
    template = context.environment.from_string(source)
    # Share the task's context instead of copying it: a copy would touch (and warn about) every
    # deprecated context key.
    shared = template.new_context(context.parent, shared=True, locals=context.vars)
    return repr("".join(str(part) for part in template.root_render_func(shared)))


# Clusters this project creates carry these tags; clean-up finds them by tag, never by name alone.
TAG_PROJECT = "emrdag:project"
TAG_DAG_ID = "emrdag:dag_id"
TAG_RUN_ID = "emrdag:run_id"
ACTIVE_CLUSTER_STATES = ["STARTING", "BOOTSTRAPPING", "RUNNING", "WAITING"]
_STEP_WAITING = frozenset({"PENDING", "CANCEL_PENDING", "RUNNING"})
_STEP_FAILED = frozenset({"FAILED", "INTERRUPTED"})

_log = logging.getLogger(__name__)


def tagged_clusters(client, project, dag_id=None, run_id=None):
    """Ids of the active clusters tagged with project (and dag_id, run_id when given), oldest first.

    ListClusters does not return tags: each active cluster is described once. Clusters of other
    projects, other job groups or other runs are never returned.
    """
    wanted = {TAG_PROJECT: project}
    if dag_id is not None:
        wanted[TAG_DAG_ID] = dag_id
    if run_id is not None:
        wanted[TAG_RUN_ID] = run_id
    found = []
    for page in client.get_paginator("list_clusters").paginate(ClusterStates=ACTIVE_CLUSTER_STATES):
        for summary in page["Clusters"]:
            cluster = client.describe_cluster(ClusterId=summary["Id"])["Cluster"]
            tags = {tag["Key"]: tag["Value"] for tag in cluster.get("Tags", [])}
            if all(tags.get(key) == value for key, value in wanted.items()):
                created = cluster.get("Status", {}).get("Timeline", {}).get("CreationDateTime")
                found.append((str(created), summary["Id"], tags))
    return [(cluster_id, tags) for _, cluster_id, tags in sorted(found)]


def terminate_clusters(client, cluster_ids, why):
    """Terminates cluster_ids (EMR takes at most 10 per call); a terminated cluster stays terminated."""
    ids = sorted(set(cluster_ids))
    for start in range(0, len(ids), 10):
        batch = ids[start : start + 10]
        _log.warning("terminating EMR cluster(s) %s: %s", ", ".join(batch), why)
        client.terminate_job_flows(JobFlowIds=batch)
    return ids


def run_reaper(hook_class, project, dag_id, aws_conn_id):
    """The run-level failure callback: terminates every active cluster of the failed run.

    The scheduler calls it when a run fails for any reason, a dagrun_timeout among them, whether or
    not terminate_cluster was ever scheduled. It only logs problems: a callback cannot fail a run
    twice, and the janitor retries what it missed.
    """

    def reap_run_clusters(context):
        run_id = context.get("run_id")
        try:
            client = hook_class(aws_conn_id=aws_conn_id).get_conn()
            ids = [cluster_id for cluster_id, _ in tagged_clusters(client, project, dag_id, run_id)]
            if ids:
                terminate_clusters(client, ids, f"run {run_id} of {dag_id} failed ({context.get('reason')})")
            else:
                _log.info("run %s of %s failed; no cluster of it is active", run_id, dag_id)
        except Exception:  # noqa: BLE001 - the janitor is the next net; never break the caller
            _log.exception("could not terminate the clusters of run %s of %s", run_id, dag_id)

    return reap_run_clusters


def sweep(client, project, run_is_live):
    """The janitor: terminates this project's clusters whose run is no longer live.

    run_is_live(dag_id, run_id) says whether that run is queued or running (and its job group still
    exists). A cluster without the run tags is left alone: it was not started by a generated run.
    """
    ended = []
    for cluster_id, tags in tagged_clusters(client, project):
        dag_id, run_id = tags.get(TAG_DAG_ID), tags.get(TAG_RUN_ID)
        if dag_id is None or run_id is None:
            continue
        if run_is_live(dag_id, run_id):
            _log.info("cluster %s belongs to the live run %s of %s: kept", cluster_id, run_id, dag_id)
            continue
        ended.append(cluster_id)
        terminate_clusters(client, [cluster_id], f"its run {run_id} of {dag_id} is no longer running")
    return ended


@functools.cache
def cluster_operators(create_base, add_base, watch_base, terminate_base, hook_class, fail, skip):
    """The DAG files' four EMR task classes, built once per process on the provider's operators.

    A retry of any of them is safe: create and add look for what an earlier try already did (by the
    run's tags, by step name) before calling EMR; a watcher fails without retry on a step that ended
    badly, re-running it on the same cluster only when the metadata asks for re-runs; terminate finds
    the run's clusters by tag, so a cluster whose id never reached XCom is still ended.
    """

    def emr(task):
        return hook_class(aws_conn_id=task.aws_conn_id).get_conn()

    def base_execute(base, task, context):
        # The scheduler's guard against operators run outside a task wraps every execute; the outer
        # call was checked, so the provider's own execute is called unwrapped (no spurious warning).
        execute = base.execute
        return getattr(execute, "__wrapped__", execute)(task, context)

    class CreateCluster(create_base):
        """RunJobFlow, unless an earlier try of this task already started this run's cluster."""

        def __init__(self, *, project, **kwargs):
            super().__init__(**kwargs)
            self.project = project

        def execute(self, context):
            if context["ti"].try_number > 1:
                earlier = tagged_clusters(emr(self), self.project, self.dag_id, context["run_id"])
                if earlier:
                    cluster_id = earlier[-1][0]
                    self.log.info("an earlier try already started cluster %s for this run: using it", cluster_id)
                    return cluster_id
            return base_execute(create_base, self, context)

    class AddSteps(add_base):
        """AddJobFlowSteps for the steps the cluster does not have yet (a retry never adds one twice)."""

        def execute(self, context):
            if context["ti"].try_number > 1:
                client = emr(self)
                known = {}
                for page in client.get_paginator("list_steps").paginate(ClusterId=self.job_flow_id):
                    for step in page["Steps"]:
                        known.setdefault(step["Name"], step["Id"])  # newest first
                missing = [step for step in self.steps if step["Name"] not in known]
                if len(missing) < len(self.steps):
                    self.log.info("an earlier try already added %d step(s)", len(self.steps) - len(missing))
                    if missing:
                        added = client.add_job_flow_steps(JobFlowId=self.job_flow_id, Steps=missing)["StepIds"]
                        known.update(zip([step["Name"] for step in missing], added, strict=True))
                    return [known[step["Name"]] for step in self.steps]
            return base_execute(add_base, self, context)

    class WatchStep(watch_base):
        """Waits for one step. A step that ended FAILED, CANCELLED or INTERRUPTED fails this task at
        once, without a retry (its cluster is terminated next); errors of the EMR API still retry.

        With re-runs (reruns[i] > 0 for some step; the DAG then passes step_index, steps and reruns,
        which a job group without re-runs leaves out) the watcher follows the newest attempt of its step
        by name: a failed attempt is added again, together with the later steps EMR cancelled because
        of it, while the step's re-runs last.
        """

        template_fields = (*watch_base.template_fields, "steps")

        def __init__(self, *, step_index=0, steps=(), reruns=(), **kwargs):
            super().__init__(**kwargs)
            self.step_index = step_index
            self.steps = steps
            self.reruns = reruns

        def poke(self, context):
            if not any(self.reruns):
                step = emr(self).describe_step(ClusterId=self.job_flow_id, StepId=self.step_id)["Step"]
                return self._outcome(step["Name"], step["Status"], None)
            client = emr(self)
            attempts = {}
            for page in client.get_paginator("list_steps").paginate(ClusterId=self.job_flow_id):
                for step in page["Steps"]:
                    attempts.setdefault(step["Name"], []).append(step)  # newest first
            names = [step["Name"] for step in self.steps]
            mine = attempts.get(names[self.step_index], [])
            if not mine:
                raise fail(f"step {names[self.step_index]} is not on cluster {self.job_flow_id}")

            def newest(index):
                return (attempts.get(names[index]) or [{"Status": {"State": "PENDING"}}])[0]["Status"]["State"]

            def failures(index):
                return sum(1 for a in attempts.get(names[index], []) if a["Status"]["State"] in _STEP_FAILED)

            state = mine[0]["Status"]["State"]
            if state in _STEP_FAILED and failures(self.step_index) <= self.reruns[self.step_index]:
                batch = [self.step_index] + [
                    j for j in range(self.step_index + 1, len(names)) if newest(j) == "CANCELLED"
                ]
                client.add_job_flow_steps(JobFlowId=self.job_flow_id, Steps=[self.steps[j] for j in batch])
                self.log.warning(
                    "step %s ended %s: re-run %d of %d added%s",
                    names[self.step_index],
                    state,
                    failures(self.step_index),
                    self.reruns[self.step_index],
                    "" if len(batch) == 1 else " with the cancelled " + ", ".join(names[j] for j in batch[1:]),
                )
                return False
            if state == "CANCELLED":
                for k in range(self.step_index):
                    if newest(k) in _STEP_FAILED and failures(k) <= self.reruns[k]:
                        return False  # cancelled by step k's failure; k's watcher adds both again
            return self._outcome(names[self.step_index], mine[0]["Status"], len(mine))

        def _outcome(self, name, status, attempts):
            state = status["State"]
            self.log.info("step %s is %s", name, state)
            if state == "COMPLETED":
                return True
            if state in _STEP_WAITING:
                return False
            reason = status.get("FailureDetails", {}).get("Reason") or status.get("StateChangeReason", {}).get("Message")
            tried = "" if attempts is None else f" after {attempts} attempt(s)"
            raise fail(f"step {name} ended {state}{tried}: {reason or 'EMR gave no reason'} (cluster {self.job_flow_id})")

    class TerminateCluster(terminate_base):
        """Terminates every active cluster of this run: the one in XCom and any an interrupted create
        started without telling. Skipped when the run has none (create_cluster failed early)."""

        def __init__(self, *, project, **kwargs):
            super().__init__(**kwargs)
            self.project = project

        def execute(self, context):
            client = emr(self)
            tagged = [cluster_id for cluster_id, _ in tagged_clusters(client, self.project, self.dag_id, context["run_id"])]
            if not self.job_flow_id and not tagged:
                raise skip("no cluster was created for this run")
            extra = [cluster_id for cluster_id in tagged if cluster_id != self.job_flow_id]
            if extra:
                terminate_clusters(client, extra, "started by this run without reaching XCom")
            if self.job_flow_id:
                base_execute(terminate_base, self, context)

    for cls in (CreateCluster, AddSteps, WatchStep, TerminateCluster):
        cls.__module__ = __name__
        cls.__qualname__ = cls.__name__
    return CreateCluster, AddSteps, WatchStep, TerminateCluster
</#noparse>
