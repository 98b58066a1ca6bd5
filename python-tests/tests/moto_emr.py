"""An in-process moto server on 127.0.0.1 whose EMR steps finish.

moto creates steps RUNNING/PENDING and never moves them on. Here the first DescribeStep of a step
(what EmrStepSensor calls) reports the state chosen in ``step_states`` (step index in its cluster
-> state, default COMPLETED), so sensors never wait.
"""

from __future__ import annotations

import urllib.request

import boto3
import moto.emr.models as emr_models
from moto.server import ThreadedMotoServer

_original_describe_step = emr_models.ElasticMapReduceBackend.describe_step


class MotoEmr:
    def __init__(self) -> None:
        self.step_states: dict[int, str] = {}
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        self.endpoint = ""

    def start(self) -> MotoEmr:
        harness = self

        def describe_step(backend, cluster_id, step_id):
            step = _original_describe_step(backend, cluster_id, step_id)
            if step is not None and step.state in ("PENDING", "RUNNING"):
                index = [s.id for s in backend.clusters[cluster_id].steps].index(step_id)
                step.state = harness.step_states.get(index, "COMPLETED")
            return step

        emr_models.ElasticMapReduceBackend.describe_step = describe_step
        self._server.start()
        host, port = self._server.get_host_and_port()
        self.endpoint = f"http://{host}:{port}"
        return self

    def stop(self) -> None:
        self._server.stop()
        emr_models.ElasticMapReduceBackend.describe_step = _original_describe_step

    def reset(self) -> None:
        """Forget all clusters and step outcomes."""
        self.step_states = {}
        urllib.request.urlopen(urllib.request.Request(f"{self.endpoint}/moto-api/reset", method="POST")).close()

    def client(self):
        return boto3.client("emr", endpoint_url=self.endpoint, region_name="us-east-1")
