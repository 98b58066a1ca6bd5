"""A small in-memory stand-in for the EMR client calls the runtime module makes, and a hook around it.

It answers ListClusters (with ClusterStates and CreatedAfter, two clusters per page so that pagination is
exercised), DescribeCluster, TerminateJobFlows, ListSteps (newest first, one step per page), DescribeStep and
AddJobFlowSteps, and records every call. AddJobFlowSteps can be told to fail: before EMR acts (the steps are not
added) or after it (the steps are added and the answer is lost), which is what add_steps_once must survive.
"""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from botocore.config import Config
from botocore.exceptions import ClientError

T0 = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


def client_error(code: str, status: int) -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": code}, "ResponseMetadata": {"HTTPStatusCode": status}}, "Op")


@dataclass
class Failure:
    """The next AddJobFlowSteps call raises error; with after=True EMR added the steps first (the answer was lost)."""

    error: Exception
    after: bool = False


@dataclass
class FakeEmr:
    clusters: dict[str, dict[str, Any]] = field(default_factory=dict)
    steps: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # cluster id -> steps, oldest first
    failures: list[Failure] = field(default_factory=list)
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    meta: SimpleNamespace = field(default_factory=lambda: SimpleNamespace(region_name="eu-west-1"))
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    def cluster(
        self, cluster_id: str, state: str = "WAITING", minute: int = 0, log_uri: str | None = None, **tags: str
    ) -> str:
        """Adds a cluster created minute minutes after T0 with tags (keys written with _ for :)."""
        self.clusters[cluster_id] = {
            "Id": cluster_id,
            "Status": {"State": state, "Timeline": {"CreationDateTime": T0 + datetime.timedelta(minutes=minute)}},
            "Tags": [{"Key": key.replace("__", ":"), "Value": value} for key, value in tags.items()],
            **({"LogUri": log_uri} if log_uri else {}),
        }
        return cluster_id

    def step(self, cluster_id: str, name: str, state: str = "PENDING", minute: int = 0, **status: Any) -> str:
        step_id = f"s-{next(self._ids)}"
        created = T0 + datetime.timedelta(minutes=minute)
        self.steps.setdefault(cluster_id, []).append(
            {
                "Id": step_id,
                "Name": name,
                "Status": {"State": state, "Timeline": {"CreationDateTime": created}, **status},
            }
        )
        return step_id

    def names(self, call: str) -> list[dict[str, Any]]:
        return [arguments for name, arguments in self.calls if name == call]

    def get_paginator(self, operation: str) -> SimpleNamespace:
        return SimpleNamespace(paginate=getattr(self, f"_pages_{operation}"))

    def _pages_list_clusters(self, ClusterStates: list[str], CreatedAfter: datetime.datetime | None = None):
        self.calls.append(("list_clusters", {"ClusterStates": ClusterStates, "CreatedAfter": CreatedAfter}))
        listed = [
            {"Id": c["Id"]}
            for c in self.clusters.values()
            if c["Status"]["State"] in ClusterStates
            and (CreatedAfter is None or c["Status"]["Timeline"]["CreationDateTime"] >= CreatedAfter)
        ]
        for start in range(0, max(len(listed), 1), 2):
            yield {"Clusters": listed[start : start + 2]}

    def _pages_list_steps(self, ClusterId: str):
        self.calls.append(("list_steps", {"ClusterId": ClusterId}))
        for step in reversed(self.steps.get(ClusterId, [])):
            yield {"Steps": [step]}

    def describe_cluster(self, ClusterId: str) -> dict[str, Any]:
        self.calls.append(("describe_cluster", {"ClusterId": ClusterId}))
        return {"Cluster": self.clusters[ClusterId]}

    def describe_step(self, ClusterId: str, StepId: str) -> dict[str, Any]:
        self.calls.append(("describe_step", {"ClusterId": ClusterId, "StepId": StepId}))
        return {"Step": next(s for s in self.steps[ClusterId] if s["Id"] == StepId)}

    def terminate_job_flows(self, JobFlowIds: list[str]) -> None:
        self.calls.append(("terminate_job_flows", {"JobFlowIds": JobFlowIds}))
        for cluster_id in JobFlowIds:
            self.clusters[cluster_id]["Status"]["State"] = "TERMINATING"

    def add_job_flow_steps(self, JobFlowId: str, Steps: list[dict[str, Any]], **request: Any) -> dict[str, Any]:
        self.calls.append(("add_job_flow_steps", {"JobFlowId": JobFlowId, "Steps": Steps, **request}))
        failure = self.failures.pop(0) if self.failures else None
        if failure is not None and not failure.after:
            raise failure.error
        ids = [self.step(JobFlowId, step["Name"], minute=60) for step in Steps]
        if failure is not None:
            raise failure.error
        return {"StepIds": ids}


class FakeHook:
    """The provider's EmrHook as the runtime uses it: a client, its botocore Config and a client of another Config."""

    emr = FakeEmr()

    def __init__(self, aws_conn_id: str | None = "aws_default") -> None:
        self.aws_conn_id = aws_conn_id
        self.region_name = "eu-west-1"
        self.conn_region_name = "eu-west-1"
        self.conn_partition = "aws"
        self.config = Config(retries={"max_attempts": 10, "mode": "standard"})
        self.configs: list[Config] = []

    def get_conn(self) -> FakeEmr:
        return self.emr

    def get_client_type(self, region_name: str, config: Config) -> FakeEmr:
        self.configs.append(config)
        return self.emr


def hook_for(emr: FakeEmr) -> type[FakeHook]:
    """A hook class whose every instance talks to emr (the runtime builds hooks from aws_conn_id)."""
    return type("BoundHook", (FakeHook,), {"emr": emr})
