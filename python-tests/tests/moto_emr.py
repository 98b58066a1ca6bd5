"""An in-process moto server on 127.0.0.1 whose EMR steps finish, and which knows instance fleets.

moto creates steps RUNNING/PENDING and never moves them on. Here the first DescribeStep or ListSteps
that sees a step (what the step watchers call) reports the state chosen in ``step_states`` (index of
the step's name in its cluster's first steps -> state, default COMPLETED), so watchers never wait.
An attempt added again under the same name (a re-run) ends like the first one.

moto's EMR ignores ``Instances.InstanceFleets`` and ``ManagedScalingPolicy`` in RunJobFlow and has no
ListInstanceFleets or GetManagedScalingPolicy. Here RunJobFlow keeps both as the request sent them
(and refuses instance groups and fleets together, as EMR does), and the two calls answer in EMR's
response shape, so a test reads back through boto3 what the DAG asked EMR for.

AddJobFlowSteps faults (``add_faults``, one per request in order, then none): "processed-500" carries
the request out and answers HTTP 500 (the answer EMR gave was lost), "processed-slow" carries it out
and answers only after ``slow_seconds`` (a client's read timeout), "throttled" answers HTTP 400
ThrottlingException without carrying it out, "refused" a 400 ValidationException without carrying it
out, "ok" no fault. ``add_requests`` records each request's fault ("ok" when none).

``requests`` is the server's own log of the EMR calls it answered, in order: (operation, ClusterId or None), taken by
a WSGI middleware in front of moto's application, so that a test counts what reached EMR, not what a client meant
to send.

``run_job_flow_bodies`` and ``add_steps_bodies`` keep each RunJobFlow and AddJobFlowSteps request as boto3 sent it (EMR's JSON
spelling), so that a test asserts what EMR received: step names, ExecutionRoleArn, LogUri.
"""

from __future__ import annotations

import io
import json
import time
import urllib.request

import boto3
import moto.emr.models as emr_models
import moto.emr.responses as emr_responses
from moto.emr.exceptions import ValidationException
from moto.server import ThreadedMotoServer

_original_describe_step = emr_models.ElasticMapReduceBackend.describe_step
_original_list_steps = emr_models.ElasticMapReduceBackend.list_steps
_original_run_job_flow = emr_responses.ElasticMapReduceResponse.run_job_flow
_original_add_job_flow_steps = emr_responses.ElasticMapReduceResponse.add_job_flow_steps
_ADDED = ("list_instance_fleets", "get_managed_scaling_policy")
_ADD_FAULTS = {"processed-500", "processed-slow", "throttled", "refused", "ok"}


def _error(status: int, code: str, message: str):
    """An EMR (JSON protocol) error answer, as a moto response method may return it in every moto version."""
    return json.dumps({"__type": code, "message": message}), {
        "status": status,
        "Content-Type": "application/x-amz-json-1.1",
    }


def _fleet_view(cluster_id: str, index: int, fleet: dict) -> dict:
    """One InstanceFleet as ListInstanceFleets describes it: the request's fleet, provisioned in full."""
    return {
        "Id": f"if-{cluster_id[2:]}{index}",
        "Name": fleet.get("Name", ""),
        "Status": {"State": "RUNNING"},
        "InstanceFleetType": fleet["InstanceFleetType"],
        "TargetOnDemandCapacity": fleet.get("TargetOnDemandCapacity", 0),
        "TargetSpotCapacity": fleet.get("TargetSpotCapacity", 0),
        "ProvisionedOnDemandCapacity": fleet.get("TargetOnDemandCapacity", 0),
        "ProvisionedSpotCapacity": fleet.get("TargetSpotCapacity", 0),
        "InstanceTypeSpecifications": [
            {k: v for k, v in config.items() if k != "EbsConfiguration"}
            for config in fleet.get("InstanceTypeConfigs", [])
        ],
        **({"LaunchSpecifications": fleet["LaunchSpecifications"]} if "LaunchSpecifications" in fleet else {}),
    }


class _Counting:
    """WSGI middleware: records each EMR call (its X-Amz-Target operation and ClusterId) before moto answers it."""

    def __init__(self, app, log: list) -> None:
        self.app = app
        self.log = log

    def __call__(self, environ, start_response):
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        if target.startswith("ElasticMapReduce."):
            length = int(environ.get("CONTENT_LENGTH") or 0)
            body = environ["wsgi.input"].read(length) if length else b""
            environ["wsgi.input"] = io.BytesIO(body)
            try:
                cluster_id = json.loads(body or b"{}").get("ClusterId")
            except ValueError:
                cluster_id = None
            self.log.append((target.split(".", 1)[1], cluster_id))
        return self.app(environ, start_response)


class MotoEmr:
    def __init__(self) -> None:
        self.step_states: dict[int, str] = {}
        self.fleets: dict[str, list] = {}
        self.scaling: dict[str, dict] = {}
        self.add_faults: list[str] = []
        self.add_requests: list[str] = []
        # The bodies of the RunJobFlow and AddJobFlowSteps requests EMR received, as boto3 sent them.
        self.run_job_flow_bodies: list[dict] = []
        self.add_steps_bodies: list[dict] = []
        self.slow_seconds = 3.0
        self.requests: list[tuple[str, str | None]] = []
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        self.endpoint = ""

    def start(self) -> MotoEmr:
        harness = self

        def finish(backend, cluster_id, step):
            if step.state in ("PENDING", "RUNNING"):
                names = [s.name for s in backend.clusters[cluster_id].steps]
                step.state = harness.step_states.get(names.index(step.name), "COMPLETED")

        def describe_step(backend, cluster_id, step_id):
            step = _original_describe_step(backend, cluster_id, step_id)
            if step is not None:
                finish(backend, cluster_id, step)
            return step

        def list_steps(backend, cluster_id, *args, **kwargs):
            for step in backend.clusters[cluster_id].steps:
                finish(backend, cluster_id, step)
            return _original_list_steps(backend, cluster_id, *args, **kwargs)

        # The request as boto3 sent it (the EMR API speaks JSON): moto's parameter parsing differs between its
        # versions (flattened query keys, case-insensitive mappings), the body does not.
        def run_job_flow(response):
            request = json.loads(response.body)
            harness.run_job_flow_bodies.append(request)
            fleets = request.get("Instances", {}).get("InstanceFleets", [])
            if fleets and request.get("Instances", {}).get("InstanceGroups"):
                raise ValidationException("Please specify only one of instance groups or instance fleets")
            policy = request.get("ManagedScalingPolicy")
            before = set(response.backend.clusters)
            result = _original_run_job_flow(response)
            (cluster_id,) = set(response.backend.clusters) - before
            if fleets:
                harness.fleets[cluster_id] = fleets
            if policy:
                harness.scaling[cluster_id] = policy
            return result

        def add_job_flow_steps(response):
            fault = harness.add_faults.pop(0) if harness.add_faults else "ok"
            assert fault in _ADD_FAULTS, fault
            harness.add_requests.append(fault)
            harness.add_steps_bodies.append(json.loads(response.body))
            if fault == "throttled":
                return _error(400, "ThrottlingException", "Rate exceeded")
            if fault == "refused":
                return _error(400, "ValidationException", "scripted refusal of AddJobFlowSteps")
            result = _original_add_job_flow_steps(response)
            if fault == "processed-500":
                return _error(500, "InternalServerError", "the steps were added; this answer says otherwise")
            if fault == "processed-slow":
                time.sleep(harness.slow_seconds)
            return result

        def list_instance_fleets(response):
            cluster_id = json.loads(response.body)["ClusterId"]
            fleets = harness.fleets.get(cluster_id, [])
            return json.dumps({"InstanceFleets": [_fleet_view(cluster_id, i, f) for i, f in enumerate(fleets)]})

        def get_managed_scaling_policy(response):
            policy = harness.scaling.get(json.loads(response.body)["ClusterId"])
            return json.dumps({"ManagedScalingPolicy": policy} if policy else {})

        emr_models.ElasticMapReduceBackend.describe_step = describe_step
        emr_models.ElasticMapReduceBackend.list_steps = list_steps
        emr_responses.ElasticMapReduceResponse.run_job_flow = run_job_flow
        emr_responses.ElasticMapReduceResponse.add_job_flow_steps = add_job_flow_steps
        emr_responses.ElasticMapReduceResponse.list_instance_fleets = list_instance_fleets
        emr_responses.ElasticMapReduceResponse.get_managed_scaling_policy = get_managed_scaling_policy
        self._server.start()
        wsgi = self._server._server  # the werkzeug server ThreadedMotoServer made; it looks its app up per request
        wsgi.app = _Counting(wsgi.app, self.requests)
        host, port = self._server.get_host_and_port()
        self.endpoint = f"http://{host}:{port}"
        return self

    def stop(self) -> None:
        self._server.stop()
        emr_models.ElasticMapReduceBackend.describe_step = _original_describe_step
        emr_models.ElasticMapReduceBackend.list_steps = _original_list_steps
        emr_responses.ElasticMapReduceResponse.run_job_flow = _original_run_job_flow
        emr_responses.ElasticMapReduceResponse.add_job_flow_steps = _original_add_job_flow_steps
        for name in _ADDED:
            delattr(emr_responses.ElasticMapReduceResponse, name)

    def reset(self) -> None:
        """Forget all clusters and step outcomes."""
        self.step_states = {}
        self.fleets = {}
        self.scaling = {}
        self.add_faults = []
        self.add_requests = []
        self.run_job_flow_bodies = []
        self.add_steps_bodies = []
        self.slow_seconds = 3.0
        self.requests.clear()
        urllib.request.urlopen(urllib.request.Request(f"{self.endpoint}/moto-api/reset", method="POST")).close()

    def calls(self, operation: str) -> int:
        """How many requests of operation (e.g. "DescribeCluster") the server answered since the last reset."""
        return sum(1 for name, _ in self.requests if name == operation)

    def client(self):
        return boto3.client("emr", endpoint_url=self.endpoint, region_name="us-east-1")
