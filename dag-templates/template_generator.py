"""Fills the EMR request templates of templates.py with a job group's values, and gives the DAG
files the cluster-safe tasks they run: idempotent create and add, step watchers that fail at once on
a failed step (and re-run it when asked), a terminate that finds every cluster of its run, and the
clean-up that the failure callback and the janitor share.

Pure Python on purpose: this module must not mention the scheduler by name, so that its
DAG-file heuristic never parses it as a DAG file. The scheduler's classes reach it as arguments.
"""

from __future__ import annotations

import datetime
import functools
import html
import importlib
import inspect
import itertools
import json
import logging
import random
import re
import time
import unicodedata

from jinja2 import pass_context

# Regular expressions of what only tasks and callbacks run, compiled (and cached by re) when first used: a DAG file's
# parse never compiles one.
_INSTANCE_TYPE = r"[a-z][a-z0-9-]*\.[a-z0-9]+"
_SCALARS = frozenset({int, float, bool, type(None)})


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


class Rendered:
    """A string with Jinja, as the "text" macro renders it: "{{ text('...') }}" gives back the rendered text.

    task() passes it to a field the operator renders; in any other field the Jinja would reach the task as
    written, so task() refuses it.
    """

    __slots__ = ("value",)

    def __init__(self, value: str) -> None:
        self.value = value

    def __repr__(self) -> str:
        return f"Rendered({self.value!r})"


def task(operator, literal, **arguments):
    """operator(**arguments), each argument as a hand-written DAG (without native rendering) would give it.

    In the operator's template_fields a Verbatim becomes literal(value) and a Rendered its "text" form; in
    other fields a Verbatim is its plain string and a Rendered an error, raised while the file is parsed.
    """
    templated = frozenset(getattr(operator, "template_fields", ()))
    for name, value in arguments.items():
        if name in templated:
            arguments[name] = _templated(value, literal)
        else:
            arguments[name] = _untemplated(value, operator, arguments.get("task_id"), name)
    return operator(**arguments)


def _templated(node, literal):
    if isinstance(node, Verbatim):
        return literal(node.value)
    if isinstance(node, Rendered):
        return node.value
    if isinstance(node, dict):
        return {key: _templated(value, literal) for key, value in node.items()}
    if isinstance(node, list):
        return [_templated(value, literal) for value in node]
    return node


def _untemplated(node, operator, task_id, name):
    if isinstance(node, Verbatim):
        return node.value
    if isinstance(node, Rendered):
        raise ValueError(
            f"task {task_id!r}: {operator.__name__} does not render {name!r} (not in its template_fields "
            f"{tuple(getattr(operator, 'template_fields', ()))}), so its Jinja would reach the task as written; "
            "remove the Jinja from this argument"
        )
    if isinstance(node, dict):
        return {key: _untemplated(value, operator, task_id, name) for key, value in node.items()}
    if isinstance(node, list):
        return [_untemplated(value, operator, task_id, name) for value in node]
    return node


def fill(template, values, overrides=None, literal=None):
    """A deep copy of template with overrides merged in and "${name}" strings replaced by values[name].

    A placeholder is replaced by its value as is (an int stays an int, a list stays a list);
    only whole-string placeholders exist. Verbatim values become literal(value).
    """
    if overrides:
        template = merge(template, overrides)
    return _fill(template, values, literal)


def _fill(node, values, literal):
    # Every DAG file fills its request and steps at every parse. Most of a template is strings and numbers that stay as
    # they are: they are copied in the loops below without a call each, and a string is looked at as a placeholder
    # only when it starts with "${". Exact types first: an isinstance test costs more than copying a string.
    kind = type(node)
    if kind is dict:
        filled = {}
        for key, value in node.items():
            kind = type(value)
            if kind is str:
                filled[key] = value if value[:2] != "${" else _placeholder(value, values, literal)
            elif kind in _SCALARS:
                filled[key] = value
            else:
                filled[key] = _fill(value, values, literal)
        return filled
    if kind is list:
        copied = []
        for value in node:
            kind = type(value)
            if kind is str:
                copied.append(value if value[:2] != "${" else _placeholder(value, values, literal))
            elif kind in _SCALARS:
                copied.append(value)
            else:
                copied.append(_fill(value, values, literal))
        return copied
    if kind is str:
        return node if node[:2] != "${" else _placeholder(node, values, literal)
    if kind in _SCALARS:
        return node
    if isinstance(node, Verbatim):
        return node.value if literal is None else literal(node.value)
    if isinstance(node, dict):  # a mapping or list of a subclass is filled as a plain one
        return _fill(dict(node), values, literal)
    if isinstance(node, list):
        return _fill(list(node), values, literal)
    if isinstance(node, str) and node[:2] == "${":
        return _placeholder(node, values, literal)
    return node


def _placeholder(text, values, literal):
    """values[name], filled, when text is "${name}" (name: lower-case ASCII letters, digits and "_", not starting with a
    digit); else text as it is. Checked with string methods: a regular expression would be compiled in every process
    that parses a DAG file."""
    name = text[2:-1]
    if text[-1:] != "}" or not (name.isidentifier() and name.isascii() and name == name.lower()):
        return text
    if name not in values:
        raise KeyError(f"no value for placeholder {text}")
    return _fill(values[name], {}, literal)


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
            if not isinstance(value, str) or not re.fullmatch(_INSTANCE_TYPE, value):
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
ENDED_CLUSTER_STATES = frozenset({"TERMINATING", "TERMINATED", "TERMINATED_WITH_ERRORS"})
_STEP_WAITING = frozenset({"PENDING", "CANCEL_PENDING", "RUNNING"})
_STEP_FAILED = frozenset({"FAILED", "INTERRUPTED"})

# EMR's tag values: letters, digits and white space of any language and _ . : / = + - @, at most 256 characters, not
# starting with "aws:" (docs.aws.amazon.com/emr/latest/ManagementGuide/emr-plan-tags-restrictions.html). A run id
# with other characters (a manual run's "~", or whatever a widened allowed_run_id_pattern lets in) is written with
# each such character as "@XX" per UTF-8 byte; "@" itself becomes "@40" so that the value decodes back.
TAG_VALUE_LIMIT = 256
_TAG_SYMBOLS = frozenset("_.:/=+-")
_TAG_ESCAPE = r"(?:@[0-9A-F]{2})+"

# A run's clusters were created after the run started. The start is the scheduler's clock and the creation time
# EMR's: the margin keeps a cluster created in the run's first seconds by a scheduler whose clock runs ahead. A
# miss would leave a cluster billing, a wider margin costs a DescribeCluster per cluster the account started in it.
RUN_WINDOW_MARGIN = datetime.timedelta(minutes=15)

_log = logging.getLogger(__name__)


def run_tag(run_id):
    """The emrdag:run_id tag value of run_id: the run id itself when EMR accepts it as a tag value (as earlier
    releases wrote it), else with each character EMR refuses, and "@", written as "@XX" per UTF-8 byte.

    Raises ValueError when the value would be longer than EMR allows: such a run cannot be tagged, so it must not
    start a cluster.
    """
    value = "".join(
        ch if ch in _TAG_SYMBOLS or unicodedata.category(ch)[0] in "LNZ" else "".join(f"@{b:02X}" for b in ch.encode())
        for ch in run_id
    )
    if value[:4].lower() == "aws:":  # reserved for AWS
        value = value[:3] + "@3A" + value[4:]
    if len(value) > TAG_VALUE_LIMIT:
        raise ValueError(
            f"run id {run_id!r} cannot tag an EMR cluster: written as a tag value it is {len(value)} characters, EMR "
            f"takes at most {TAG_VALUE_LIMIT}; trigger the run with a shorter run id (letters, digits, spaces and "
            "_ . : / = + - take one character each, any other character 3 to 12)"
        )
    return value


def run_id_of_tag(value):
    """The run id an emrdag:run_id tag value stands for (run_tag's inverse); a value without escapes is the run id."""

    def decode(match):
        try:
            return bytes.fromhex(match.group(0).replace("@", "")).decode()
        except UnicodeDecodeError:
            return match.group(0)

    return re.sub(_TAG_ESCAPE, decode, value)


def _run_tags(run_id):
    """The tag values a cluster of run_id may carry: run_tag's, and the run id as written (earlier releases)."""
    try:
        return {run_id, run_tag(run_id)}
    except ValueError:
        return {run_id}


def tag_run(request, run_id, fail=ValueError):
    """Sets the emrdag:run_id tag of a rendered RunJobFlow request to run_tag(run_id), in place. A run id that
    cannot be a tag value raises fail before EMR is called: clean-up could not find the cluster it would start."""
    for tag in (request.get("Tags") if isinstance(request, dict) else None) or []:
        if isinstance(tag, dict) and tag.get("Key") == TAG_RUN_ID:
            try:
                tag["Value"] = run_tag(run_id)
            except ValueError as error:
                raise fail(str(error)) from None


def run_window(context):
    """The ListClusters filter that keeps the clusters of the task's run: CreatedAfter its start less RUN_WINDOW_MARGIN.

    Empty (every active cluster is looked at) when the context has no start, or when the run has been cleared
    (clear_number): a run cleared after it ended gets a new start, later than the clusters of its first life.
    """
    run = context.get("dag_run")
    started = getattr(run, "start_date", None)
    if started is None or (getattr(run, "clear_number", 0) or 0) > 0:
        return {}
    return {"CreatedAfter": started - RUN_WINDOW_MARGIN}


def tagged_clusters(client, project, dag_id=None, run_id=None, states=None, **filters):
    """Ids of the active clusters tagged with project (and dag_id, run_id when given), oldest first.

    ListClusters does not return tags: each listed cluster is described once, so filters (run_window's CreatedAfter)
    keep the calls to the clusters a run can own. Clusters of other projects, other job groups or other runs are
    never returned. states (default: the active ones) and filters go to ListClusters.
    """
    return [(cluster["Id"], tags) for cluster, tags in _tagged(client, project, dag_id, run_id, states, filters)]


def _tagged(client, project, dag_id, run_id, states, filters):
    wanted = {TAG_PROJECT: {project}}
    if dag_id is not None:
        wanted[TAG_DAG_ID] = {dag_id}
    if run_id is not None:
        wanted[TAG_RUN_ID] = _run_tags(run_id)
    found = []
    paginator = client.get_paginator("list_clusters")
    for page in paginator.paginate(ClusterStates=states or ACTIVE_CLUSTER_STATES, **filters):
        for summary in page["Clusters"]:
            cluster = client.describe_cluster(ClusterId=summary["Id"])["Cluster"]
            tags = {tag["Key"]: tag["Value"] for tag in cluster.get("Tags", [])}
            if all(tags.get(key) in values for key, values in wanted.items()):
                found.append((str(_created(cluster)), summary["Id"], cluster, tags))
    return [(cluster, tags) for _, _, cluster, tags in sorted(found, key=lambda f: f[:2])]


def _created(cluster):
    return cluster.get("Status", {}).get("Timeline", {}).get("CreationDateTime")


def terminate_clusters(client, cluster_ids, why):
    """Terminates cluster_ids (EMR takes at most 10 per call); a terminated cluster stays terminated."""
    ids = sorted(set(cluster_ids))
    for start in range(0, len(ids), 10):
        batch = ids[start : start + 10]
        _log.warning("terminating EMR cluster(s) %s: %s", ", ".join(batch), why)
        client.terminate_job_flows(JobFlowIds=batch)
    return ids


# AddJobFlowSteps has no idempotency token: a request EMR carried out whose answer was lost (a 5xx after
# the fact, a read timeout) adds every step again when it is simply sent again, as botocore's own retries
# do. So the call is sent once per attempt, and before the next attempt the cluster's steps are listed and
# only those not added yet are sent.
ADD_STEPS_ATTEMPTS = 5
_THROTTLING_CODES = frozenset(
    {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "RequestThrottledException",
        "TooManyRequestsException",
        "ProvisionedThroughputExceededException",
        "TransactionInProgressException",
        "RequestLimitExceeded",
        "BandwidthLimitExceeded",
        "LimitExceededException",
        "RequestThrottled",
        "SlowDown",
        "PriorRequestNotComplete",
        "EC2ThrottledException",
        "RequestTimeout",
        "RequestTimeoutException",
    }
)


def add_steps_once(hook, cluster_id, steps, earlier=frozenset(), log=_log, since=None, **request):
    """AddJobFlowSteps for steps, each added at most once; their ids in the order of steps.

    The call goes through a client of hook that botocore never retries. On a failure worth retrying
    (HTTP 5xx, throttling, a connection or read timeout) the request may or may not have been carried
    out: the cluster's steps are listed (newest first), a step counts as added when a step of its name
    is there whose id is not in earlier (the ids the caller saw before; a re-run passes them), and only
    the others are sent again, at most ADD_STEPS_ATTEMPTS times in all with a short backoff. Other
    errors are raised at once, as are retryable ones after the last attempt. request goes to the call
    as is (ExecutionRoleArn). On a cluster other runs use too, since (a datetime) leaves out the steps
    created before it: an earlier run's step of the same name is not this one.
    """
    names = [step["Name"] for step in steps]
    single = _single_attempt_client(hook)
    added = {}
    todo = list(steps)
    for attempt in range(1, ADD_STEPS_ATTEMPTS + 1):
        try:
            ids = single.add_job_flow_steps(JobFlowId=cluster_id, Steps=todo, **request)["StepIds"]
        except Exception as error:
            if attempt == ADD_STEPS_ATTEMPTS or not _worth_retrying(error):
                raise
            delay = min(8, 2 ** (attempt - 1)) * random.uniform(0.5, 1.0)
            log.warning(
                "AddJobFlowSteps on %s failed (%s); attempt %d of %d in %.1f s, adding only the steps the cluster does not have",
                cluster_id,
                error,
                attempt + 1,
                ADD_STEPS_ATTEMPTS,
                delay,
            )
            time.sleep(delay)
            added = _newest_steps(hook.get_conn(), cluster_id, names, earlier, since)
            todo = [step for step in steps if step["Name"] not in added]
            if not todo:
                log.info("the failed call had added all %d step(s) to %s", len(steps), cluster_id)
                break
            if added:
                log.info("the failed call had added %d step(s) to %s", len(added), cluster_id)
            continue
        added.update(zip([step["Name"] for step in todo], ids, strict=True))
        break
    return [added[name] for name in names]


def add_steps_by_role(hook, cluster_id, steps, roles, earlier=frozenset(), log=_log, since=None):
    """add_steps_once for steps, one AddJobFlowSteps request per run of consecutive steps with the same EMR
    runtime role (roles[i] is the ExecutionRoleArn of steps[i], None for none): the role belongs to the request,
    not to a step. The runs keep the steps' order; their ids come back in the order of steps. since: as for
    add_steps_once."""
    ids = []
    for role, run in itertools.groupby(zip(steps, roles, strict=True), key=lambda pair: pair[1]):
        request = {"ExecutionRoleArn": role} if role else {}
        ids += add_steps_once(hook, cluster_id, [step for step, _ in run], earlier, log, since, **request)
    return ids


def _newest_steps(client, cluster_id, names, earlier, since=None):
    """Name -> id of the newest step of each name in names on the cluster, leaving out the ids in earlier
    and, when since is given, the steps created before it."""
    found = {}
    for step in _listed_steps(client, cluster_id, since):  # newest first
        if step["Name"] in names and step["Id"] not in earlier:
            found.setdefault(step["Name"], step["Id"])
    return found


def _listed_steps(client, cluster_id, since=None):
    """The cluster's steps, newest first; with since, only those EMR created at or after it."""
    for page in client.get_paginator("list_steps").paginate(ClusterId=cluster_id):
        for step in page["Steps"]:
            created = step.get("Status", {}).get("Timeline", {}).get("CreationDateTime")
            if since is None or created is None or created >= since:
                yield step


# A shared cluster keeps the steps of earlier runs: a step counts as this run's when EMR created it after the
# run started, less this allowance for the clocks of EMR and the worker.
CLOCK_SKEW = datetime.timedelta(seconds=5)


def _run_start(context):
    """When the task's run started (less CLOCK_SKEW), or None when the context does not say."""
    started = getattr(context.get("dag_run"), "start_date", None)
    return None if started is None else started - CLOCK_SKEW


def submitted_step_ids(client, cluster_id, steps):
    """The ids of steps submitted with the cluster in RunJobFlow, in the order of steps: each is the oldest
    step of its name on the cluster not matched yet (so two steps of one name are told apart by order)."""
    by_name = {}
    for step in reversed(list(_listed_steps(client, cluster_id))):  # oldest first
        by_name.setdefault(step["Name"], []).append(step["Id"])
    ids = []
    for step in steps:
        found = by_name.get(step["Name"])
        if not found:
            raise ValueError(f"step {step['Name']} was submitted with cluster {cluster_id} but is not on it")
        ids.append(found.pop(0))
    return ids


def _single_attempt_client(hook):
    """A client like hook's (its connection's botocore settings kept) whose calls botocore sends only once."""
    from botocore.config import Config

    retries = {**(hook.config.retries or {}), "total_max_attempts": 1}
    retries.pop("max_attempts", None)
    return hook.get_client_type(region_name=hook.region_name, config=hook.config.merge(Config(retries=retries)))


def _worth_retrying(error):
    """botocore's own idea of a transient error: 5xx, throttling, a connection failure or a timeout."""
    from botocore.exceptions import ClientError, ConnectionError, HTTPClientError

    if isinstance(error, ClientError):
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0
        return status >= 500 or error.response.get("Error", {}).get("Code") in _THROTTLING_CODES
    return isinstance(error, (ConnectionError, HTTPClientError))


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
            ids = [cluster_id for cluster_id, _ in tagged_clusters(client, project, dag_id, run_id, **run_window(context))]
            if ids:
                terminate_clusters(client, ids, f"run {run_id} of {dag_id} failed ({context.get('reason')})")
            else:
                _log.info("run %s of %s failed; no cluster of it is active", run_id, dag_id)
        except Exception:  # noqa: BLE001 - the janitor is the next net; never break the caller
            _log.exception("could not terminate the clusters of run %s of %s", run_id, dag_id)

    return reap_run_clusters


def sweep(client, project, run_is_live, seen=None):
    """The janitor: terminates this project's clusters whose run is no longer live.

    run_is_live(dag_id, run_id) says whether that run is queued or running (and its job group still
    exists). A cluster without the run tags is left alone: it was not started by a generated run.

    seen carries what earlier sweeps learnt, cluster id -> [dag_id, run tag, creation time] for this project's
    clusters and None for the others; it is updated in place to the clusters listed now. Tags come with RunJobFlow,
    so a cluster described once is never described again: a sweep describes only the clusters started since the
    one before, whatever the account keeps running. Without seen every active cluster is described.
    """
    seen = {} if seen is None else seen
    listed = set()
    for page in client.get_paginator("list_clusters").paginate(ClusterStates=ACTIVE_CLUSTER_STATES):
        for summary in page["Clusters"]:
            listed.add(summary["Id"])
            if summary["Id"] not in seen:
                seen[summary["Id"]] = _ours(client.describe_cluster(ClusterId=summary["Id"])["Cluster"], project)
    for cluster_id in set(seen) - listed:
        del seen[cluster_id]
    ended = []
    for cluster_id, (dag_id, tag, _) in sorted(
        ((cluster_id, known) for cluster_id, known in seen.items() if known), key=lambda item: (item[1][2], item[0])
    ):
        run_id = run_id_of_tag(tag)
        if run_is_live(dag_id, run_id) or (tag != run_id and run_is_live(dag_id, tag)):
            _log.info("cluster %s belongs to the live run %s of %s: kept", cluster_id, run_id, dag_id)
            continue
        ended.append(cluster_id)
        terminate_clusters(client, [cluster_id], f"its run {run_id} of {dag_id} is no longer running")
        del seen[cluster_id]
    return ended


def _ours(cluster, project):
    """[dag_id, run tag, creation time] of a cluster a generated run of project started, else None."""
    tags = {tag["Key"]: tag["Value"] for tag in cluster.get("Tags", [])}
    if tags.get(TAG_PROJECT) != project or TAG_DAG_ID not in tags or TAG_RUN_ID not in tags:
        return None
    return [tags[TAG_DAG_ID], tags[TAG_RUN_ID], str(_created(cluster))]


def time_or_data(schedule_class, timetable, assets):
    """The schedule of a job group that runs on its timetable and also whenever every job group it
    depends on has succeeded since its last run. The scheduler's class takes the upstream groups' outputs
    as "assets", or as "datasets" in its second major version.
    """
    keyword = "assets" if "assets" in inspect.signature(schedule_class).parameters else "datasets"
    return schedule_class(timetable=timetable, **{keyword: assets})


class Upstream(tuple):
    """The Assets a job group waits for, as its DAG's schedule: a tuple that computes its hash once.

    The scheduler's third major version hashes a DAG, its schedule included, at every task dependency
    a DAG file declares, and an Asset serializes itself to compute its hash: a dozen serializations
    per parse, for a value that never changes.
    """

    def __hash__(self):
        cached = self.__dict__.get("hash")
        if cached is None:
            cached = self.__dict__["hash"] = tuple.__hash__(self)
        return cached


ALL_CLUSTER_STATES = [*ACTIVE_CLUSTER_STATES, "TERMINATING", "TERMINATED", "TERMINATED_WITH_ERRORS"]
_STEP_ENDED_BADLY = frozenset({"FAILED", "CANCELLED", "INTERRUPTED"})
_SUBJECT_LIMIT = 100  # SNS refuses longer subjects


class Alerts:
    """Who hears about a job group's runs, and what they read: the job group, the run, what failed and
    where the failed EMR step's logs are.

    Nothing here runs while the DAG file is parsed: the callbacks and the watchers call it when a run
    ends or a step runs late. Each channel is tried on its own, so that one that fails (a topic that
    is gone, a broken user function) does not keep the others silent; problems are logged, never raised
    into the caller. A channel is a function of one argument, the alert: a dict with "event" (failure,
    success, overdue), "project", "job_group", "dag_id", "run_id", "reason", "failed_tasks", "steps" (each
    with "name", "id", "state", "reason", "logs", "console"), "cluster_id", "subject", "text" and "context".
    """

    def __init__(self, hook_class, project, job_group, dag_id, aws_conn_id, channels):
        self.hook_class = hook_class
        self.project = project
        self.job_group = job_group
        self.dag_id = dag_id
        self.aws_conn_id = aws_conn_id
        self.channels = list(channels)

    def failed(self, context):
        """The run-level failure callback: one alert per failed run, naming the steps that ended badly."""
        alert = self._alert("failure", context)
        try:
            clusters = self._clusters(context, alert["run_id"])
        except Exception:  # noqa: BLE001 - the alert goes out without the EMR details
            _log.exception("could not look up the EMR clusters of run %s of %s", alert["run_id"], self.dag_id)
            clusters = []
        for client, cluster in clusters:
            alert["cluster_id"] = alert["cluster_id"] or cluster["Id"]
            newest = {}
            for page in client.get_paginator("list_steps").paginate(ClusterId=cluster["Id"]):
                for step in page["Steps"]:
                    newest.setdefault(step["Name"], step)  # newest first: an earlier, re-run attempt is not the story
            for step in reversed(newest.values()):
                if step["Status"]["State"] in _STEP_ENDED_BADLY:
                    alert["steps"].append(_step_details(client, cluster, step))
        if not alert["failed_tasks"]:  # the run did not list its tasks: a step that ended badly failed its watcher
            alert["failed_tasks"] = [f"watch_{step['name']}" for step in alert["steps"]]
        lines = [f"emrdag job group {self.job_group} failed.", *self._run_lines(alert)]
        if alert["failed_tasks"]:
            lines.append(f"Failed tasks: {', '.join(alert['failed_tasks'])}")
        for step in alert["steps"]:
            lines += [
                f"Failed step: {step['name']} ({step['id']}) ended {step['state']}: {step['reason']}",
                f"  step logs: {step['logs']}",
                f"  in the S3 console: {step['console']}",
            ]
        if not alert["steps"]:
            lines.append("No EMR step of this run ended badly; the failed tasks' own logs tell why.")
        if alert["cluster_id"]:
            lines.append(f"Cluster: {alert['cluster_id']}")
        self._send(alert, f"{self.job_group} failed: run {alert['run_id']}", lines)

    def succeeded(self, context):
        """The run-level success callback."""
        alert = self._alert("success", context)
        self._send(alert, f"{self.job_group} succeeded: run {alert['run_id']}",
                   [f"emrdag job group {self.job_group} succeeded.", *self._run_lines(alert)])

    def overdue(self, context, client, cluster_id, step, elapsed, expected):
        """A step runs past its expected duration (sent once per step attempt, by its watcher)."""
        alert = self._alert("overdue", context)
        cluster = client.describe_cluster(ClusterId=cluster_id)["Cluster"]
        details = _step_details(client, cluster, step)
        alert.update(cluster_id=cluster_id, steps=[details])
        lines = [
            f"emrdag job group {self.job_group}: step {details['name']} ({details['id']}) has run for"
            f" {_minutes(elapsed)}, longer than the {_minutes(expected)} it is expected to take.",
            *self._run_lines(alert),
            f"  step logs: {details['logs']}",
            f"Cluster: {cluster_id}",
        ]
        self._send(alert, f"{self.job_group}: step {details['name']} overdue in run {alert['run_id']}", lines)

    def _alert(self, event, context):
        run = context.get("dag_run")
        run_id = context.get("run_id") or getattr(run, "run_id", None)
        return {
            "event": event,
            "project": self.project,
            "job_group": self.job_group,
            "dag_id": self.dag_id,
            "run_id": run_id,
            "reason": context.get("reason"),
            "failed_tasks": _failed_tasks(context) if event == "failure" else [],
            "steps": [],
            "cluster_id": None,
            "context": context,
        }

    def _run_lines(self, alert):
        lines = [f"DAG: {self.dag_id} (project {self.project})", f"Run: {alert['run_id']}"]
        if alert["reason"]:
            lines.append(f"Why: {alert['reason']}")
        return lines

    def _clusters(self, context, run_id):
        """The clusters of the run in any state (a failed run's cluster is usually terminated by now)."""
        client = self.hook_class(aws_conn_id=self.aws_conn_id).get_conn()
        started = getattr(context.get("dag_run"), "start_date", None)
        since = started or datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=31)
        found = _tagged(client, self.project, self.dag_id, run_id, ALL_CLUSTER_STATES, {"CreatedAfter": since})
        return [(client, cluster) for cluster, _ in reversed(found)]

    def _send(self, alert, subject, lines):
        alert["subject"] = _subject(f"[emrdag] {subject}")
        alert["text"] = "\n".join(lines) + "\n"
        for channel in self.channels:
            try:
                channel(alert)
            except Exception:  # noqa: BLE001 - the other channels still speak
                _log.exception("could not send the %s alert of %s through %s", alert["event"], self.dag_id, channel)


def _failed_tasks(context):
    """The run's failed tasks: all of them where the run can list its tasks, else the one the context names."""
    getter = getattr(context.get("dag_run"), "get_task_instances", None)
    if getter is not None:
        try:
            return sorted(ti.task_id for ti in getter(state=["failed"]))
        except Exception:  # noqa: BLE001 - fall back to the context's own task
            _log.info("could not list the failed tasks of the run", exc_info=True)
    ti = context.get("ti") or context.get("task_instance")
    return [ti.task_id] if ti is not None and getattr(ti, "state", None) == "failed" else []


def _step_details(client, cluster, step):
    """What an alert says of a step: its end and where EMR writes its logs (LogUri/cluster/steps/step)."""
    status = step["Status"]
    reason = status.get("FailureDetails", {}).get("Reason") or status.get("StateChangeReason", {}).get("Message")
    base = (cluster.get("LogUri") or "").replace("s3n://", "s3://", 1).rstrip("/")
    logs = f"{base}/{cluster['Id']}/steps/{step['Id']}/" if base else "no LogUri on the cluster: EMR kept no step logs"
    console = "-"
    if base.startswith("s3://"):
        bucket, _, prefix = base[len("s3://") :].partition("/")
        key = f"{prefix}/" if prefix else ""
        region = client.meta.region_name
        console = f"https://console.aws.amazon.com/s3/buckets/{bucket}?region={region}&prefix={key}{cluster['Id']}/steps/{step['Id']}/"
    return {
        "name": step["Name"],
        "id": step["Id"],
        "state": status["State"],
        "reason": reason or "EMR gave no reason",
        "logs": logs,
        "console": console,
    }


def _subject(text):
    flat = " ".join(text.split())
    return flat if len(flat) <= _SUBJECT_LIMIT else flat[: _SUBJECT_LIMIT - 3] + "..."


def _minutes(seconds):
    minutes = int(seconds // 60)
    return f"{minutes // 60}h{minutes % 60:02d}m" if minutes >= 60 else f"{minutes}m"


def sns_channel(notifier_class, topic_arn, aws_conn_id):
    """Publishes an alert to an SNS topic through the Amazon provider's notifier, in the topic's region.

    notify() is called directly: the text is sent as written, never rendered as a template.
    """
    region = topic_arn.split(":")[3]

    def publish(alert):
        notifier_class(
            aws_conn_id=aws_conn_id, target_arn=topic_arn, message=alert["text"], subject=alert["subject"], region_name=region
        ).notify(alert["context"])

    return publish


def email_channel(send_email, to):
    """Sends an alert with the scheduler's configured e-mail backend (its SMTP or SES settings)."""

    def mail(alert):
        send_email(to=list(to), subject=alert["subject"], html_content=f"<pre>{html.escape(alert['text'])}</pre>")

    return mail


def callable_channel(path):
    """Calls the user's function at path (module.name) with the alert; imported when an alert is sent."""

    def call(alert):
        module, _, name = path.rpartition(".")
        getattr(importlib.import_module(module), name)(alert)

    return call


# A deferred watcher (sensor.mode: deferrable) waits in the triggerer, which holds no worker slot: its trigger only
# reads EMR and wakes the worker when there is something to do (add a re-run, fail, succeed, send the overdue alert).
# On the scheduler's second major version the trigger is StepTrigger below, which the triggerer imports from the DAG
# folder. The third's triggerer does not put the DAG folder on its import path (the scheduler's issue 65455), and
# MWAA's images fix that path, so there the trigger is one the provider ships (see WatchStep._wake_up).
# The scheduler's package is spelled in two so that the DAG processor never takes this module for a DAG file.
_SCHEDULER = "air" + "flow"
TRIGGER_ERROR_ATTEMPTS = 5
# The provider's trigger retries throttling and 5xx answers without end: its worker looks at the step itself at least
# every WAKE_UP_POLLS poke intervals, so that an EMR API that keeps failing fails the try (the task's retries apply)
# instead of holding the watcher, and its cluster, until the sensor timeout.
WAKE_UP_POLLS = 10


@functools.cache
def _triggerer_imports_dag_folder():
    """True on the scheduler's second major version, whose triggerer can import this module."""
    return importlib.import_module(_SCHEDULER).__version__.split(".")[0] == "2"


def _provider_wake_up(cluster_id, step_id, poke_interval, seconds, aws_conn_id):
    """The provider's step trigger, as a wake-up: it returns (an event, or a failure the worker resumes with) once
    the step ended or after about seconds; the worker then decides by the watchers' own rules."""
    triggers = importlib.import_module(f"{_SCHEDULER}.providers.amazon.aws.triggers.emr")
    delay = max(1, int(poke_interval))
    return triggers.EmrStepSensorTrigger(
        job_flow_id=cluster_id,
        step_id=step_id,
        waiter_delay=delay,
        waiter_max_attempts=max(1, int(seconds // delay) + 1),
        aws_conn_id=aws_conn_id,
    )


def _timer(seconds):
    """The scheduler's own time-delta trigger (in its standard provider from the third major version on)."""
    try:
        temporal = importlib.import_module(f"{_SCHEDULER}.providers.standard.triggers.temporal")
    except ImportError:
        temporal = importlib.import_module(f"{_SCHEDULER}.triggers.temporal")
    return temporal.TimeDeltaTrigger(datetime.timedelta(seconds=max(1.0, seconds)))


def step_verdict(attempts, names, index, reruns):
    """What the watcher of step names[index] makes of the cluster's steps (attempts: name -> its steps, newest first).

    "done" (the newest attempt completed), "waiting" (it is pending or running, or EMR cancelled it because an earlier
    step failed that is re-run: that step's watcher adds both again), "rerun" (it ended FAILED or INTERRUPTED and
    re-runs are left), "missing" (no attempt on the cluster) or "ended" (it ended badly for good).
    """
    mine = attempts.get(names[index], [])
    if not mine:
        return "missing"

    def newest(i):
        return (attempts.get(names[i]) or [{"Status": {"State": "PENDING"}}])[0]["Status"]["State"]

    def failures(i):
        return sum(1 for a in attempts.get(names[i], []) if a["Status"]["State"] in _STEP_FAILED)

    state = mine[0]["Status"]["State"]
    if state in _STEP_FAILED and failures(index) <= reruns[index]:
        return "rerun"
    if state == "CANCELLED" and any(newest(k) in _STEP_FAILED and failures(k) <= reruns[k] for k in range(index)):
        return "waiting"
    if state == "COMPLETED":
        return "done"
    return "waiting" if state in _STEP_WAITING else "ended"


def _attempts(client, cluster_id, since):
    """The cluster's steps by name, each name's newest first."""
    attempts = {}
    for step in _listed_steps(client, cluster_id, since):
        attempts.setdefault(step["Name"], []).append(step)
    return attempts


def _utc_now():
    return datetime.datetime.now(datetime.UTC)


class StepWait:
    """The wait of one deferred watcher, as its trigger runs it in the triggerer: no scheduler class needed.

    Every poke_interval it reads the step (or, with re-runs, the newest attempt of it by name) and ends with one
    event for the worker: "changed" when the watcher has something to do (the step ended, a re-run is due, it is
    missing), "overdue" once per attempt that runs past expected_seconds (told is the attempt already told of),
    "timeout" at the deadline, "error" when EMR keeps refusing to answer. EMR errors worth retrying are retried
    here, TRIGGER_ERROR_ATTEMPTS times in a row at most, with a backoff; other errors end the wait at once. Every
    event carries the deadline and told back, so that the worker can defer again with the same state.
    """

    def __init__(
        self,
        *,
        hook,
        aws_conn_id,
        cluster_id,
        step_id,
        deadline,
        poke_interval,
        names=(),
        index=0,
        reruns=(),
        since=None,
        expected_seconds=0,
        told=None,
    ):
        self.hook = hook
        self.aws_conn_id = aws_conn_id
        self.cluster_id = cluster_id
        self.step_id = step_id
        self.deadline = deadline
        self.poke_interval = float(poke_interval)
        self.names = list(names)
        self.index = index
        self.reruns = list(reruns)
        self.since = since
        self.expected_seconds = expected_seconds
        self.told = told

    def kwargs(self):
        """The state the trigger serializes (plain strings and numbers, datetimes as ISO text)."""
        return {
            "hook": self.hook,
            "aws_conn_id": self.aws_conn_id,
            "cluster_id": self.cluster_id,
            "step_id": self.step_id,
            "deadline": self.deadline,
            "poke_interval": self.poke_interval,
            "names": self.names,
            "index": self.index,
            "reruns": self.reruns,
            "since": self.since,
            "expected_seconds": self.expected_seconds,
            "told": self.told,
        }

    def check(self, client, now):
        """The event one poll of EMR gives at now, or None to poll again."""
        if any(self.reruns):
            since = None if self.since is None else datetime.datetime.fromisoformat(self.since)
            attempts = _attempts(client, self.cluster_id, since)
            verdict = step_verdict(attempts, self.names, self.index, self.reruns)
            step = (attempts.get(self.names[self.index]) or [None])[0]
        else:
            step = client.describe_step(ClusterId=self.cluster_id, StepId=self.step_id)["Step"]
            state = step["Status"]["State"]
            verdict = "done" if state == "COMPLETED" else "waiting" if state in _STEP_WAITING else "ended"
        if verdict != "waiting":
            return self._event("changed", verdict=verdict)
        if step is not None and self._overdue(step, now):
            return self._event("overdue", step_id=step["Id"])
        if now >= datetime.datetime.fromisoformat(self.deadline):
            return self._event("timeout")
        return None

    def _overdue(self, step, now):
        started = step["Status"].get("Timeline", {}).get("StartDateTime")
        if not self.expected_seconds or step["Status"]["State"] != "RUNNING" or not started or step["Id"] == self.told:
            return False
        return (now - started).total_seconds() >= self.expected_seconds

    def _event(self, status, **details):
        return {"status": status, "deadline": self.deadline, "told": self.told, **details}

    async def wait(self, connect, log=_log, sleep=None, now=_utc_now):
        """Polls EMR through the client connect() gives (sync calls, each in a thread) until check() gives an event."""
        import asyncio

        sleep = sleep or asyncio.sleep
        client = None
        errors = 0
        while True:
            try:
                if client is None:
                    client = await asyncio.to_thread(connect)
                event = await asyncio.to_thread(self.check, client, now())
            except Exception as error:  # noqa: BLE001 - retried while transient, then handed to the worker
                errors += 1
                if errors >= TRIGGER_ERROR_ATTEMPTS or not _worth_retrying(error):
                    return self._event("error", message=f"{type(error).__name__}: {error} (after {errors} attempt(s))")
                delay = min(self.poke_interval, 2.0**errors) * random.uniform(0.5, 1.0)
                log.warning("EMR call for step %s failed (%s); attempt %d of %d in %.1f s", self.step_id, error,
                            errors + 1, TRIGGER_ERROR_ATTEMPTS, delay)
                await sleep(delay)
                continue
            errors = 0
            if event is not None:
                return event
            left = (datetime.datetime.fromisoformat(self.deadline) - now()).total_seconds()
            await sleep(max(0.0, min(self.poke_interval, left)))


def __getattr__(name):
    """StepTrigger, the deferred watchers' trigger, built on the scheduler's base trigger when first asked for: a DAG
    file that never defers never imports it, and the triggerer reaches it by this module's name (serialize())."""
    if name == "StepTrigger":
        return _step_trigger()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _step_trigger():
    base = importlib.import_module(f"{_SCHEDULER}.triggers.base")
    return step_trigger_class(base.BaseTrigger, base.TriggerEvent)


@functools.cache
def step_trigger_class(base_trigger, trigger_event):
    """StepTrigger on the scheduler's base trigger class and event (built once per process)."""

    class StepTrigger(base_trigger):
        """Runs a StepWait in the triggerer; its client comes from the watcher's connection, through its hook class."""

        def __init__(self, **kwargs):
            super().__init__()
            self.step_wait = StepWait(**kwargs)

        def serialize(self):
            return f"{__name__}.StepTrigger", self.step_wait.kwargs()

        async def run(self):
            wait = self.step_wait
            module, _, name = wait.hook.rpartition(".")
            hook_class = getattr(importlib.import_module(module), name)
            event = await wait.wait(lambda: hook_class(aws_conn_id=wait.aws_conn_id).get_conn(), log=self.log)
            yield trigger_event(event)

    StepTrigger.__module__ = __name__
    StepTrigger.__qualname__ = StepTrigger.__name__
    return StepTrigger


@functools.cache
def cluster_operators(create_base, add_base, watch_base, terminate_base, hook_class, fail, skip):
    """The DAG files' four EMR task classes, built once per process on the provider's operators.

    A retry of any of them is safe: create and add look for what an earlier try already did (by the
    run's tags, by step name) before calling EMR; a watcher fails without retry on a step that ended
    badly, re-running it on the same cluster only when the metadata asks for re-runs; terminate finds
    the run's clusters by tag, so a cluster whose id never reached XCom is still ended.
    """

    def hook(task):
        return hook_class(aws_conn_id=task.aws_conn_id)

    def emr(task):
        return hook(task).get_conn()

    def base_execute(base, task, context):
        # The scheduler's guard against operators run outside a task wraps every execute; the outer
        # call was checked, so the provider's own execute is called unwrapped (no spurious warning).
        execute = base.execute
        return getattr(execute, "__wrapped__", execute)(task, context)

    class CreateCluster(create_base):
        """RunJobFlow, unless an earlier try of this task already started this run's cluster. When the
        request carries the steps (cluster.mode: with_steps), their ids go to XCom as step_ids, in order,
        for the watchers."""

        def __init__(self, *, project, **kwargs):
            super().__init__(**kwargs)
            _own(self, project=project)

        def execute(self, context):
            cluster_id = None
            tag_run(self.job_flow_overrides, context["run_id"], fail)
            if context["ti"].try_number > 1:
                earlier = tagged_clusters(emr(self), self.project, self.dag_id, context["run_id"], **run_window(context))
                if earlier:
                    cluster_id = earlier[-1][0]
                    self.log.info("an earlier try already started cluster %s for this run: using it", cluster_id)
            if cluster_id is None:
                cluster_id = base_execute(create_base, self, context)
            steps = self.job_flow_overrides.get("Steps") if isinstance(self.job_flow_overrides, dict) else None
            if steps:
                ids = submitted_step_ids(emr(self), cluster_id, steps)
                self.log.info("steps %s were submitted with cluster %s", ids, cluster_id)
                context["ti"].xcom_push(key="step_ids", value=ids)
            return cluster_id

    class AddSteps(add_base):
        """AddJobFlowSteps for the steps the cluster does not have yet: neither botocore's retries nor a
        retry of this task ever adds one twice (see add_steps_once). Returns the step ids in the order of
        steps and stores the job_flow_id XCom and the console links as the provider's execute does.
        execution_roles, when given, is each step's EMR runtime role (see add_steps_by_role). On a cluster other
        runs use too (shared_cluster, cluster.mode: existing) only the steps created since this run started count
        as added by it."""

        def __init__(self, *, steps=None, execution_roles=(), shared_cluster=False, **kwargs):
            # Tuples, not lists: in a templated list the scheduler looks for template file names (the provider's
            # template_ext, ".json") at every parse, building a Jinja environment per task to do so; a step is a dict,
            # never a file name, and cluster_states (the provider's, unused by execute below) is empty. Rendered, a
            # tuple stays a tuple; boto3 takes it as EMR's list of steps.
            super().__init__(steps=tuple(steps) if isinstance(steps, list) else steps, **kwargs)
            states = getattr(self, "cluster_states", None)
            _own(
                self,
                execution_roles=execution_roles,
                shared_cluster=shared_cluster,
                cluster_states=tuple(states) if isinstance(states, list) else states,
            )

        def execute(self, context):
            emr_hook = hook(self)
            client = emr_hook.get_conn()
            cluster_id = self.job_flow_id
            if not cluster_id:
                raise ValueError("no cluster id to add the steps to: create_cluster returned none")
            if self.do_xcom_push:
                context["ti"].xcom_push(key="job_flow_id", value=cluster_id)
            self._persist_links(context, emr_hook, client, cluster_id)
            names = [step["Name"] for step in self.steps]
            since = _run_start(context) if self.shared_cluster else None
            known = {}
            if context["ti"].try_number > 1:
                known = _newest_steps(client, cluster_id, names, (), since)
                if known:
                    self.log.info("an earlier try already added %d step(s)", len(known))
            roles = list(self.execution_roles) or [self.execution_role_arn] * len(self.steps)
            missing = [i for i, step in enumerate(self.steps) if step["Name"] not in known]
            if missing:
                self.log.info("Adding steps to %s", cluster_id)
                added = add_steps_by_role(
                    emr_hook, cluster_id, [self.steps[i] for i in missing], [roles[i] for i in missing], log=self.log, since=since
                )
                known.update(zip([self.steps[i]["Name"] for i in missing], added, strict=True))
                self.log.info("Steps %s added to JobFlow", added)
            return [known[name] for name in names]

        def _persist_links(self, context, emr_hook, client, cluster_id):
            """The EMR cluster and logs links of the task's page (the provider keeps them in XCom)."""
            links = {type(link).__name__: type(link) for link in self.operator_extra_links}
            where = {
                "context": context,
                "operator": self,
                "region_name": emr_hook.conn_region_name,
                "aws_partition": emr_hook.conn_partition,
                "job_flow_id": cluster_id,
            }
            if "EmrClusterLink" in links:
                links["EmrClusterLink"].persist(**where)
            if "EmrLogsLink" in links:
                uri = client.describe_cluster(ClusterId=cluster_id)["Cluster"].get("LogUri")
                log_uri = re.sub(r"^[a-z0-9]+://", "", uri) if uri else None  # bucket/prefix, as the provider's
                links["EmrLogsLink"].persist(**where, log_uri=log_uri)

    class WatchStep(watch_base):
        """Waits for one step. A step that ended FAILED, CANCELLED or INTERRUPTED fails this task at
        once, without a retry (its cluster is terminated next); errors of the EMR API still retry.

        With re-runs (reruns[i] > 0 for some step; the DAG then passes step_index, steps and reruns,
        which a job group without re-runs leaves out) the watcher follows the newest attempt of its step
        by name: a failed attempt is added again, together with the later steps EMR cancelled because
        of it, while the step's re-runs last. On a cluster other runs use too (shared_cluster), only the
        attempts created since this run started are its own.

        mode="deferrable" waits in the triggerer instead of a worker slot (see StepWait), with the same rules: the
        worker checks the step before deferring and whenever the trigger wakes it.
        """

        template_fields = (*watch_base.template_fields, "steps")

        def __init__(
            self,
            *,
            step_index=0,
            steps=(),
            reruns=(),
            execution_roles=(),
            expected_seconds=0,
            alerts=None,
            shared_cluster=False,
            **kwargs,
        ):
            # Attributes are set after the base's __init__ only: the base's argument layer is the only one (see
            # _in_base_layer), and an operator accepts attributes once that layer has begun.
            deferred = kwargs.get("mode") == "deferrable"
            if deferred:
                kwargs["mode"] = "poke"  # the scheduler knows two modes; execute() defers before either applies
            super().__init__(**kwargs)
            _own(
                self,
                deferred=deferred,
                shared_cluster=shared_cluster,
                step_index=step_index,
                steps=steps,
                reruns=reruns,
                execution_roles=execution_roles,
                expected_seconds=expected_seconds,
                alerts=alerts,
            )

        def poke(self, context):
            return self._watch(context, tell=True)[0] == "done"

        def _watch(self, context, tell):
            """("done", step) when the step completed, ("waiting", step) while it waits, ("rerun", None) when a re-run
            was just added; raises fail when it ended badly for good. step: the attempt looked at. tell: send the
            overdue alert in its window (a deferred watcher's trigger tells)."""
            client = emr(self)
            if not any(self.reruns):
                step = client.describe_step(ClusterId=self.job_flow_id, StepId=self.step_id)["Step"]
                if tell:
                    self._tell_if_overdue(context, client, step)
                return "done" if self._outcome(step["Name"], step["Status"], None) else "waiting", step
            since = _run_start(context) if self.shared_cluster else None
            attempts = _attempts(client, self.job_flow_id, since)
            names = [step["Name"] for step in self.steps]
            verdict = step_verdict(attempts, names, self.step_index, self.reruns)
            if verdict == "missing":
                raise fail(f"step {names[self.step_index]} is not on cluster {self.job_flow_id}")
            mine = attempts[names[self.step_index]]
            state = mine[0]["Status"]["State"]
            if tell:
                self._tell_if_overdue(context, client, mine[0])
            failures = sum(1 for a in mine if a["Status"]["State"] in _STEP_FAILED)
            if verdict == "rerun":
                batch = [self.step_index] + [
                    j
                    for j in range(self.step_index + 1, len(names))
                    if (attempts.get(names[j]) or [{"Status": {"State": "PENDING"}}])[0]["Status"]["State"] == "CANCELLED"
                ]
                earlier = {a["Id"] for tries in attempts.values() for a in tries}
                roles = [self.execution_roles[j] if self.execution_roles else None for j in batch]
                add_steps_by_role(hook(self), self.job_flow_id, [self.steps[j] for j in batch], roles, earlier, self.log, since)
                self.log.warning(
                    "step %s ended %s: re-run %d of %d added%s",
                    names[self.step_index],
                    state,
                    failures,
                    self.reruns[self.step_index],
                    "" if len(batch) == 1 else " with the cancelled " + ", ".join(names[j] for j in batch[1:]),
                )
                return "rerun", None
            if verdict == "waiting" and state == "CANCELLED":
                return "waiting", mine[0]  # cancelled by an earlier step's failure; that step's watcher adds both again
            return "done" if self._outcome(names[self.step_index], mine[0]["Status"], len(mine)) else "waiting", mine[0]

        def execute(self, context):
            if not self.deferred:
                return super().execute(context)
            return self._wait_deferred(context, None, None)

        def _wait_deferred(self, context, deadline, told, woken_by=None):
            """Checks the step here (a step that ended needs no trigger) and defers while it waits: to StepTrigger, or
            on the third major version to the provider's trigger as a wake-up (_wake_up). The sensor timeout counts
            from when EMR created the step's first attempt: a retry, a deferral or a restarted triggerer never resets
            it. woken_by: the error a wake-up trigger ended with, if any."""
            verdict, step = self._watch(context, tell=False)
            if verdict == "done":
                return None
            if deadline is None:
                first = step
                if first is None or first["Id"] != self.step_id:
                    first = emr(self).describe_step(ClusterId=self.job_flow_id, StepId=self.step_id)["Step"]
                created = first["Status"].get("Timeline", {}).get("CreationDateTime") or _utc_now()
                deadline = (created + datetime.timedelta(seconds=float(self.timeout))).isoformat()
            left = (datetime.datetime.fromisoformat(deadline) - _utc_now()).total_seconds()
            if left <= 0:
                raise fail(self._timed_out())
            if not _triggerer_imports_dag_folder():
                return self._wake_up(context, deadline, left, told, step, woken_by)
            since = _run_start(context) if self.shared_cluster and any(self.reruns) else None
            trigger = _step_trigger()(
                hook=f"{hook_class.__module__}.{hook_class.__qualname__}",
                aws_conn_id=self.aws_conn_id,
                cluster_id=self.job_flow_id,
                step_id=self.step_id,
                deadline=deadline,
                poke_interval=float(self.poke_interval),
                names=[step["Name"] for step in self.steps] if any(self.reruns) else [],
                index=self.step_index,
                reruns=list(self.reruns),
                since=None if since is None else since.isoformat(),
                expected_seconds=self.expected_seconds if self.alerts is not None else 0,
                told=told,
            )
            self.defer(trigger=trigger, method_name="execute_complete", timeout=datetime.timedelta(seconds=left))
            return None

        def _wake_up(self, context, deadline, left, told, step, woken_by):
            """Defers to a trigger the provider or the scheduler ships, which any triggerer imports: the provider's
            step trigger on the newest attempt while it is pending or running, a timer while it is cancelled and an
            earlier step's watcher re-runs both. The trigger decides nothing: it returns when the step ended, when
            the overdue alert is due, or when its EMR calls failed, and the worker decides by the rules above. A
            trigger that ended on an error while the step still runs fails this try (the task's retries apply), so
            that a triggerer that cannot reach EMR never makes the watcher defer for ever. step: the attempt _watch
            looked at, None when it has just added a re-run (whose new attempt is looked up here)."""
            if step is None:
                since = _run_start(context) if self.shared_cluster else None
                step = _attempts(emr(self), self.job_flow_id, since)[self.steps[self.step_index]["Name"]][0]
            elif woken_by and step["Status"]["State"] in _STEP_WAITING and "max attempts" not in woken_by:
                hint = (
                    "; the triggerer needs aiobotocore (the Amazon provider's aiobotocore extra, as MWAA installs it)"
                    if "aiobotocore" in woken_by
                    else ""
                )
                raise RuntimeError(
                    f"the wait for step {step['Id']} on cluster {self.job_flow_id} ended while the step is "
                    f"{step['Status']['State']}: {woken_by}; the task's retries apply{hint}"
                )
            status = step["Status"]
            poke = float(self.poke_interval)
            if left <= poke:
                # Less than one poll before the deadline: a deferral that short would resume the task within seconds of
                # its deferring, the window of the scheduler's late-executor-event race (apache's issue 71172). The
                # worker waits it out itself, then the step or the timeout decides.
                time.sleep(left)
                return self._wait_deferred(context, deadline, told)
            wait = min(left, WAKE_UP_POLLS * poke)
            if self.alerts is not None and self.expected_seconds and step["Id"] != told:
                running = self._running_for(step)
                if running is not None and running >= self.expected_seconds:
                    self._send_overdue(context, emr(self), step, running)
                    told = step["Id"]
                elif running is not None:
                    wait = min(wait, self.expected_seconds - running)
                elif status["State"] in _STEP_WAITING:
                    wait = min(wait, float(self.expected_seconds))  # it cannot be overdue sooner
            wait = max(wait, poke)  # never shorter than a poll (see above): an alert is at most one poll late
            if status["State"] in _STEP_WAITING:
                trigger = _provider_wake_up(self.job_flow_id, step["Id"], self.poke_interval, wait, self.aws_conn_id)
            else:
                trigger = _timer(poke)
            # The deferral's timeout ends a wait its trigger could not end (EMR errors it retries): the worker looks
            # then, with a margin for a slow triggerer; a timeout past the deadline is the sensor's (resume_execution).
            margin = max(60.0, 2 * poke)
            self.defer(
                trigger=trigger,
                method_name="execute_complete",
                kwargs={"deadline": deadline, "told": told},
                timeout=datetime.timedelta(seconds=min(left, wait + margin)),
            )
            return None

        def execute_complete(self, context, event=None, deadline=None, told=None):
            """Where the worker takes over from the trigger: fails, retries, tells or defers again."""
            if not _triggerer_imports_dag_folder():
                error = event.get("message") if isinstance(event, dict) and event.get("status") == "error" else None
                return self._wait_deferred(context, deadline, told, woken_by=error and str(error))
            event = event or {}
            status = event.get("status")
            if status == "error":
                raise RuntimeError(
                    f"could not read step {self.step_id} on cluster {self.job_flow_id}: {event.get('message')}; "
                    "the task's retries apply"
                )
            if status == "timeout":
                raise fail(self._timed_out())
            told = event.get("told")
            if status == "overdue":
                self._tell_overdue(context, event["step_id"])
                told = event["step_id"]
            return self._wait_deferred(context, event.get("deadline"), told)

        def resume_execution(self, next_method, next_kwargs, context):
            # The scheduler resumes a deferral whose trigger failed, or outlived its timeout, with "__fail__". A
            # timeout is a sensor timeout, without a retry (the scheduler would retry it as any error). The provider's
            # trigger of older providers fails, instead of returning an event, when the step ended badly or its wait
            # ran out: the step decides, as after any wake-up (the deadline is found again from the step).
            error = (next_kwargs or {}).get("error", "")
            error = str(getattr(error, "value", error))
            woken = self.deferred and next_method == "__fail__" and not _triggerer_imports_dag_folder()
            if woken and "timeout" in error.lower():
                # A wake-up's timeout ends a stretch of the wait (see _wake_up); the step and the deadline decide.
                return self._wait_deferred(context, None, None)
            if self.deferred and next_method == "__fail__" and "timeout" in error.lower():
                raise fail(f"{self._timed_out()} ({error})")
            if woken:
                trace = "\n".join((next_kwargs or {}).get("traceback") or ())
                self.log.info("the wake-up trigger ended with %s:\n%s", error, trace)
                return self._wait_deferred(context, None, None, woken_by=f"{error or 'trigger failure'}: {trace}")
            return super().resume_execution(next_method, next_kwargs, context)

        def _timed_out(self):
            return (
                f"sensor timeout: step {self.step_id} on cluster {self.job_flow_id} did not end within "
                f"{float(self.timeout):.0f} s of its creation"
            )

        def _running_for(self, step):
            """The seconds an attempt has been running, when it is one the overdue alert is for (alerts on, an
            expected duration, RUNNING with a start time); None otherwise."""
            status = step["Status"]
            started = status.get("Timeline", {}).get("StartDateTime")
            if self.alerts is None or not self.expected_seconds or status["State"] != "RUNNING" or not started:
                return None
            return (_utc_now() - started).total_seconds()

        def _send_overdue(self, context, client, step, elapsed):
            try:
                self.alerts.overdue(context, client, self.job_flow_id, step, elapsed, self.expected_seconds)
            except Exception:  # noqa: BLE001 - an alert never fails the watcher
                self.log.exception("could not send the overdue alert of step %s", step["Id"])

        def _tell_overdue(self, context, step_id):
            """The overdue alert of the attempt a trigger found overdue (StepTrigger's "overdue" event)."""
            client = emr(self)
            try:
                step = client.describe_step(ClusterId=self.job_flow_id, StepId=step_id)["Step"]
            except Exception:  # noqa: BLE001 - an alert never fails the watcher
                self.log.exception("could not send the overdue alert of step %s", step_id)
                return
            started = step["Status"].get("Timeline", {}).get("StartDateTime") or _utc_now()
            self._send_overdue(context, client, step, (_utc_now() - started).total_seconds())

        def _tell_if_overdue(self, context, client, step):
            """The overdue alert, from the first poke after the step ran past its expected time: a window
            one poke interval long, so that no two pokes send it (a poke delayed past it sends none)."""
            running = self._running_for(step)
            if running is not None and self.expected_seconds <= running < self.expected_seconds + self.poke_interval:
                self._send_overdue(context, client, step, running)

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
        started without telling. Skipped when the run has none (create_cluster failed early); done at once
        when the cluster has ended already (a cluster that got its steps with it ends after the last one)."""

        def __init__(self, *, project, **kwargs):
            super().__init__(**kwargs)
            _own(self, project=project)

        def execute(self, context):
            client = emr(self)
            found = tagged_clusters(client, self.project, self.dag_id, context["run_id"], **run_window(context))
            tagged = [cluster_id for cluster_id, _ in found]
            if not self.job_flow_id and not tagged:
                raise skip("no cluster was created for this run")
            extra = [cluster_id for cluster_id in tagged if cluster_id != self.job_flow_id]
            if extra:
                terminate_clusters(client, extra, "started by this run without reaching XCom")
            if self.job_flow_id:
                state = client.describe_cluster(ClusterId=self.job_flow_id)["Cluster"]["Status"]["State"]
                if state in ENDED_CLUSTER_STATES:
                    self.log.info("cluster %s has ended already (%s): nothing to terminate", self.job_flow_id, state)
                    return
                base_execute(terminate_base, self, context)

    for cls in (CreateCluster, AddSteps, WatchStep, TerminateCluster):
        cls.__module__ = __name__
        cls.__qualname__ = cls.__name__
        _in_base_layer(cls)
    return CreateCluster, AddSteps, WatchStep, TerminateCluster


def _own(task, **attributes):
    """Sets attributes of a task of the classes above, after its base's __init__ completed the task.

    The scheduler's operator class hooks every attribute set: it looks for a converter method of that name, records
    the value when the name was a keyword of the task, and, once the task is complete, walks a templated field's new
    value for XCom references (on the second major version it walks every templated field of the task again). These
    attributes have no converter, were not passed as keywords to the base, and hold no XCom reference (constants of
    the DAG files, or the provider's empty default), so the hook would do nothing: they are stored as a plain object
    stores them, which saves that work for every task of every DAG file at every parse.
    """
    vars(task).update(attributes)


def _in_base_layer(cls):
    """Runs cls's own __init__ inside its base class's argument handling only.

    The scheduler's operator metaclass wraps the __init__ of every class that defines one in a layer that merges
    the DAG's default arguments and params (deep copies) into the keywords before calling it; the task is complete
    when the outermost layer returns (it then records the XCom dependencies of the templated fields). A subclass
    __init__ adds one more layer, paid by every task at every parse, to take off keywords of its own. Here that
    layer is left out: the subclass's __init__ runs as is, and the base's layer, now the outermost, does all of
    the above once. Its test for being the outermost compares its function with the task's __init__.__wrapped__,
    which is therefore the base's; its signature stays the subclass's own. Only a class whose __init__ and base
    __init__ are both wrapped is changed.
    """
    wrapper, base = vars(cls).get("__init__"), cls.__mro__[1].__init__
    if not hasattr(wrapper, "__wrapped__") or not hasattr(base, "__wrapped__"):
        return
    own = wrapper.__wrapped__

    @functools.wraps(own)
    def __init__(self, **kwargs):
        own(self, **kwargs)

    __init__.__wrapped__ = base.__wrapped__
    vars(__init__)["__signature__"] = inspect.signature(own)  # the keywords it takes are still its own
    cls.__init__ = __init__
