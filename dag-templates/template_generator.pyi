# The types of template_generator.py's public names, for mypy. Kept apart from the module because the module's bytes
# are part of the generated output (every deployed DAG folder holds them); mypy.stubtest checks that the two agree.
# Not rendered: the generator writes only the templates it names.

import datetime
import logging
from collections.abc import Awaitable, Callable, Collection, Iterable, Mapping, Sequence
from typing import Any, Protocol

from jinja2.runtime import Context
from typing_extensions import disjoint_base

class _Client(Protocol):
    """The calls made on an EMR client (boto3's, or the provider hook's get_conn())."""

    def get_paginator(self, operation_name: str) -> Any: ...
    def describe_cluster(self, *, ClusterId: str) -> Any: ...
    def terminate_job_flows(self, *, JobFlowIds: list[str]) -> Any: ...

_Tree = Any  # a request tree: dicts, lists, strings, numbers, booleans, None, Verbatim
_Channel = Callable[[dict[str, Any]], object]

class Verbatim:
    value: str
    def __init__(self, value: str) -> None: ...
    def __eq__(self, other: object) -> bool: ...
    def __hash__(self) -> int: ...

class Rendered:
    value: str
    def __init__(self, value: str) -> None: ...

def task(operator: Callable[..., Any], literal: Callable[[str], Any], **arguments: Any) -> Any: ...
def fill(
    template: Mapping[str, _Tree],
    values: Mapping[str, _Tree],
    overrides: Mapping[str, _Tree] | None = None,
    literal: Callable[[str], Any] | None = None,
) -> dict[str, Any]: ...
def merge(base: Mapping[str, _Tree], overrides: Mapping[str, _Tree]) -> dict[str, Any]: ...
def knob_reader(variable: str, defaults: Mapping[str, int | str]) -> Callable[[Context, str], int | str]: ...
def text(context: Context, source: str) -> str: ...

TAG_PROJECT: str
TAG_DAG_ID: str
TAG_RUN_ID: str
ACTIVE_CLUSTER_STATES: list[str]
ENDED_CLUSTER_STATES: frozenset[str]
ALL_CLUSTER_STATES: list[str]
ADD_STEPS_ATTEMPTS: int
CLOCK_SKEW: datetime.timedelta
TAG_VALUE_LIMIT: int
RUN_WINDOW_MARGIN: datetime.timedelta

def run_tag(run_id: str) -> str: ...
def run_id_of_tag(value: str) -> str: ...
def tag_run(request: Any, run_id: str, fail: Callable[[str], Exception] = ...) -> None: ...
def run_window(context: Mapping[str, Any]) -> dict[str, datetime.datetime]: ...
def tagged_clusters(
    client: _Client,
    project: str,
    dag_id: str | None = None,
    run_id: str | None = None,
    states: Sequence[str] | None = None,
    **filters: Any,
) -> list[tuple[str, dict[str, str]]]: ...
def terminate_clusters(client: _Client, cluster_ids: Iterable[str], why: str) -> list[str]: ...
def add_steps_once(
    hook: Any,
    cluster_id: str,
    steps: Sequence[Mapping[str, Any]],
    earlier: Collection[str] = ...,
    log: logging.Logger | logging.LoggerAdapter[Any] = ...,
    since: datetime.datetime | None = None,
    **request: Any,
) -> list[str]: ...
def add_steps_by_role(
    hook: Any,
    cluster_id: str,
    steps: Sequence[Mapping[str, Any]],
    roles: Sequence[str | None],
    earlier: Collection[str] = ...,
    log: logging.Logger | logging.LoggerAdapter[Any] = ...,
    since: datetime.datetime | None = None,
) -> list[str]: ...
def submitted_step_ids(client: Any, cluster_id: str, steps: Sequence[Mapping[str, Any]]) -> list[str]: ...
def run_reaper(
    hook_class: Callable[..., Any], project: str, dag_id: str, aws_conn_id: str | None
) -> Callable[[Mapping[str, Any]], None]: ...
def sweep(
    client: _Client,
    project: str,
    run_is_live: Callable[[str, str], bool],
    seen: dict[str, list[str] | None] | None = None,
) -> list[str]: ...
def time_or_data(schedule_class: Callable[..., Any], timetable: object, assets: Any) -> Any: ...

@disjoint_base
class Upstream(tuple[Any, ...]):
    def __hash__(self) -> int: ...

class Alerts:
    hook_class: Callable[..., Any]
    project: str
    job_group: str
    dag_id: str
    aws_conn_id: str | None
    channels: list[_Channel]
    def __init__(
        self,
        hook_class: Callable[..., Any],
        project: str,
        job_group: str,
        dag_id: str,
        aws_conn_id: str | None,
        channels: Iterable[_Channel],
    ) -> None: ...
    def failed(self, context: Mapping[str, Any]) -> None: ...
    def succeeded(self, context: Mapping[str, Any]) -> None: ...
    def overdue(
        self,
        context: Mapping[str, Any],
        client: Any,
        cluster_id: str,
        step: Mapping[str, Any],
        elapsed: float,
        expected: float,
    ) -> None: ...

def sns_channel(notifier_class: Callable[..., Any], topic_arn: str, aws_conn_id: str | None) -> _Channel: ...
def email_channel(send_email: Callable[..., Any], to: Iterable[str]) -> _Channel: ...
def callable_channel(path: str) -> _Channel: ...

TRIGGER_ERROR_ATTEMPTS: int
WAKE_UP_POLLS: int

def step_verdict(
    attempts: Mapping[str, Sequence[Mapping[str, Any]]], names: Sequence[str], index: int, reruns: Sequence[int]
) -> str: ...

class StepWait:
    hook: str
    aws_conn_id: str | None
    cluster_id: str
    step_id: str
    deadline: str
    poke_interval: float
    names: list[str]
    index: int
    reruns: list[int]
    since: str | None
    expected_seconds: float
    told: str | None
    def __init__(
        self,
        *,
        hook: str,
        aws_conn_id: str | None,
        cluster_id: str,
        step_id: str,
        deadline: str,
        poke_interval: float,
        names: Sequence[str] = (),
        index: int = 0,
        reruns: Sequence[int] = (),
        since: str | None = None,
        expected_seconds: float = 0,
        told: str | None = None,
    ) -> None: ...
    def kwargs(self) -> dict[str, Any]: ...
    def check(self, client: Any, now: datetime.datetime) -> dict[str, Any] | None: ...
    async def wait(
        self,
        connect: Callable[[], Any],
        log: logging.Logger | logging.LoggerAdapter[Any] = ...,
        sleep: Callable[[float], Awaitable[object]] | None = None,
        now: Callable[[], datetime.datetime] = ...,
    ) -> dict[str, Any]: ...

def step_trigger_class(base_trigger: type, trigger_event: Callable[[dict[str, Any]], Any]) -> type: ...
def __getattr__(name: str) -> Any: ...
def cluster_operators(
    create_base: type,
    add_base: type,
    watch_base: type,
    terminate_base: type,
    hook_class: Callable[..., Any],
    fail: type[Exception],
    skip: type[Exception],
) -> tuple[type, type, type, type]: ...
