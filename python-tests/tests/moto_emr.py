"""An in-process moto server on 127.0.0.1 whose EMR steps finish.

moto creates steps RUNNING/PENDING and never moves them on. Here the first DescribeStep or ListSteps
that sees a step (what the step watchers call) reports the state chosen in ``step_states`` (index of
the step's name in its cluster's first steps -> state, default COMPLETED), so watchers never wait.
An attempt added again under the same name (a re-run) ends like the first one.
"""

from __future__ import annotations

import urllib.request

import boto3
import moto.emr.models as emr_models
from moto.server import ThreadedMotoServer

_original_describe_step = emr_models.ElasticMapReduceBackend.describe_step
_original_list_steps = emr_models.ElasticMapReduceBackend.list_steps


class MotoEmr:
    def __init__(self) -> None:
        self.step_states: dict[int, str] = {}
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

        emr_models.ElasticMapReduceBackend.describe_step = describe_step
        emr_models.ElasticMapReduceBackend.list_steps = list_steps
        self._server.start()
        host, port = self._server.get_host_and_port()
        self.endpoint = f"http://{host}:{port}"
        return self

    def stop(self) -> None:
        self._server.stop()
        emr_models.ElasticMapReduceBackend.describe_step = _original_describe_step
        emr_models.ElasticMapReduceBackend.list_steps = _original_list_steps

    def reset(self) -> None:
        """Forget all clusters and step outcomes."""
        self.step_states = {}
        urllib.request.urlopen(urllib.request.Request(f"{self.endpoint}/moto-api/reset", method="POST")).close()

    def client(self):
        return boto3.client("emr", endpoint_url=self.endpoint, region_name="us-east-1")
