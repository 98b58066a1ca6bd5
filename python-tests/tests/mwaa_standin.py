"""A local stand-in for an Amazon MWAA environment, built from real parts.

- S3: an in-process moto server on 127.0.0.1 holding the environment's source bucket;
- :class:`DagFolderSyncer`: mirrors ``s3://BUCKET/dags/`` into the DAG folder every second (copies changed
  objects, deletes files whose object is gone), as MWAA's workers do every ~30 s;
- :class:`Airflow`: the venv's real Airflow on a temporary AIRFLOW_HOME with sqlite: on Airflow 2 the scheduler
  (with its DAG processor) and the webserver with the stable REST API v1; on Airflow 3 the DAG processor and
  the API server with the REST API v2;
- :class:`MwaaControlPlane`: the only part no emulator offers, MWAA's own API: ``GetEnvironment`` and
  ``InvokeRestApi`` (forwarded to the real Airflow REST API: ``/api/v1`` on an Airflow 2 environment,
  ``/api/v2`` on an Airflow 3 one, with ``Path`` the same, unprefixed), with the wire shapes of botocore's ``mwaa``
  service model (rest-json: ``GET /environments/{Name}``, ``POST /restapi/{Name}``; errors named by the
  ``x-amzn-ErrorType`` header, ``RestApiClientException`` / ``RestApiServerException`` for Airflow's
  4xx / 5xx answers, HTTP 400, carrying ``RestApiStatusCode`` and ``RestApiResponse``).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import airflow
import boto3
from moto.server import ThreadedMotoServer

REGION = "us-east-1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def poll(what: str, condition, timeout: float, interval: float = 0.2, diagnose=lambda: ""):
    """Calls ``condition`` until it returns a truthy value (returned) or ``timeout`` seconds pass (AssertionError)."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}{diagnose()}")
        time.sleep(interval)


class S3:
    """moto's S3 API on 127.0.0.1, in this process."""

    def __init__(self) -> None:
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        self.endpoint = ""

    def start(self) -> S3:
        self._server.start()
        host, port = self._server.get_host_and_port()
        self.endpoint = f"http://{host}:{port}"
        return self

    def stop(self) -> None:
        self._server.stop()

    def client(self):
        return boto3.client("s3", endpoint_url=self.endpoint, region_name=REGION)

    def objects(self, bucket: str, prefix: str) -> dict[str, str]:
        """Key (relative to ``prefix``) → ETag of every object under ``prefix``."""
        found = {}
        for page in self.client().get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
            for item in page.get("Contents", []):
                found[item["Key"][len(prefix) :]] = item["ETag"].strip('"')
        return found


class DagFolderSyncer:
    """Mirrors ``s3://bucket/prefix`` into ``folder`` once a second, in a thread; :meth:`pause` holds it."""

    def __init__(self, s3: S3, bucket: str, prefix: str, folder: Path, interval: float = 1.0) -> None:
        self.s3, self.bucket, self.prefix, self.folder, self.interval = s3, bucket, prefix, folder, interval
        self._lock = threading.Lock()  # held during a pass; pause() takes it, so no pass runs half-paused
        self._paused = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="dag-folder-syncer", daemon=True)
        self._scratch = Path(tempfile.mkdtemp(prefix="emrdag-syncer-"))  # same file system, outside the DAG folder
        self.passes = 0
        self.failure: BaseException | None = None

    def start(self) -> DagFolderSyncer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=30)
        shutil.rmtree(self._scratch, ignore_errors=True)

    def pause(self) -> None:
        with self._lock:
            self._paused = True

    def resume(self) -> None:
        with self._lock:
            self._paused = False

    def _run(self) -> None:
        client = self.s3.client()
        while not self._stop.wait(self.interval):
            with self._lock:
                if self._paused:
                    continue
                try:
                    self._sync(client)
                    self.passes += 1
                except Exception as e:  # noqa: BLE001  kept for the tests to report, and the loop goes on
                    self.failure = e

    def _sync(self, client) -> None:
        wanted = self.s3.objects(self.bucket, self.prefix)
        for key, etag in sorted(list(wanted.items())):
            target = self.folder / key
            if target.is_file() and hashlib.md5(target.read_bytes()).hexdigest() == etag:
                continue
            try:
                body = client.get_object(Bucket=self.bucket, Key=self.prefix + key)["Body"].read()
            except client.exceptions.NoSuchKey:
                wanted.pop(key)  # deleted since the listing: gone from the folder too
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            scratch = self._scratch / "incoming"
            scratch.write_bytes(body)
            os.replace(scratch, target)  # Airflow never reads half a file
        for path in sorted(self.folder.rglob("*"), reverse=True):
            relative = path.relative_to(self.folder).as_posix()
            if path.is_file() and relative not in wanted:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()


AIRFLOW_3 = int(airflow.__version__.split(".")[0]) >= 3


class Airflow:
    """The venv's Airflow, parsing a DAG folder and answering its REST API.

    Airflow 2: ``scheduler`` (sqlite rules out the standalone DAG processor, so the scheduler parses) and
    ``webserver`` (REST API v1). The API needs no login and is read-only (FAB's public role is Viewer): MWAA
    authenticates InvokeRestApi itself, and a basic-auth login would only add a sqlite write per request.
    Airflow 3: ``dag-processor`` (parses, records import errors, marks DAGs of removed files stale) and
    ``api-server --apps core`` (REST API v2; the simple auth manager with every user an admin, so no token).
    No scheduler on 3: registration is the DAG processor's work, and nothing here runs a task.
    New DAGs are paused at creation (as on MWAA), so no task ever runs.
    ``migrated_db``, when given, is a freshly migrated sqlite file to start from instead of ``db migrate``.
    """

    def __init__(self, home: Path, migrated_db: Path | None = None) -> None:
        self.migrated_db = migrated_db
        self.home = home
        self.dags = home / "dags"
        self.port = free_port()
        self.api = f"http://127.0.0.1:{self.port}/api/{'v2' if AIRFLOW_3 else 'v1'}"
        self._processes: dict[str, subprocess.Popen] = {}
        self._bin = Path(sys.executable).parent / "airflow"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW_", "AIRFLOW__"))}
        self.env.update(
            AIRFLOW_HOME=str(home),
            AIRFLOW__CORE__DAGS_FOLDER=str(self.dags),
            AIRFLOW__CORE__LOAD_EXAMPLES="False",
            AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION="True",
            AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=f"sqlite:///{home / 'airflow.db'}",
            AIRFLOW__LOGGING__LOGGING_LEVEL="WARNING",
            PYTHONDONTWRITEBYTECODE="1",
            # The scheduler runs tasks (the project's janitor starts unpaused) with `airflow tasks run`.
            PATH=f"{self._bin.parent}{os.pathsep}{os.environ.get('PATH', '')}",
        )
        # Parse like MWAA, only faster: list the folder every second, re-parse a file at most every second.
        if AIRFLOW_3:
            self.env.update(
                AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL="1",
                AIRFLOW__DAG_PROCESSOR__MIN_FILE_PROCESS_INTERVAL="1",
                AIRFLOW__DAG_PROCESSOR__PARSING_PROCESSES="2",
                AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS="True",
                AIRFLOW__API_AUTH__JWT_SECRET=base64.b64encode(os.urandom(16)).decode(),
                AIRFLOW__API__WORKERS="1",
            )
        else:
            self.env.update(
                AIRFLOW__SCHEDULER__DAG_DIR_LIST_INTERVAL="1",
                AIRFLOW__SCHEDULER__MIN_FILE_PROCESS_INTERVAL="1",
                AIRFLOW__SCHEDULER__PARSING_PROCESSES="2",
                AIRFLOW__SCHEDULER__SCHEDULER_HEARTBEAT_SEC="1",
                AIRFLOW__SCHEDULER__STANDALONE_DAG_PROCESSOR="False",
                AIRFLOW__API__AUTH_BACKENDS="airflow.api.auth.backend.default",
                AIRFLOW__WEBSERVER__WORKERS="1",
                AIRFLOW__WEBSERVER__WORKER_REFRESH_BATCH_SIZE="0",
                AIRFLOW__WEBSERVER__SECRET_KEY=base64.b64encode(os.urandom(16)).decode(),
            )

    def _run(self, what: str, *args: str) -> None:
        result = subprocess.run(
            [self._bin, *args], env=self.env, cwd=self.home, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        if result.returncode != 0:
            raise RuntimeError(f"{what} failed (exit {result.returncode}):\n{result.stdout[-4000:]}")

    def _spawn(self, name: str, *args: str) -> None:
        log = open(self.home / f"{name}.log", "wb")  # noqa: SIM115  the child has its own copy
        self._processes[name] = subprocess.Popen(
            [self._bin, *args],
            env=self.env,
            cwd=self.home,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stop() ends gunicorn's workers and the DAG processor too
        )
        log.close()

    def start(self, timeout: float = 150) -> Airflow:
        self.dags.mkdir(parents=True, exist_ok=True)
        if self.migrated_db:
            shutil.copyfile(self.migrated_db, self.home / "airflow.db")
        else:
            self._run("airflow db migrate", "db", "migrate")
        # Readers (the API) and the writer (the scheduler) must not lock each other out.
        with sqlite3.connect(self.home / "airflow.db") as db:
            db.execute("PRAGMA journal_mode=WAL")
        if AIRFLOW_3:
            self._spawn("dag-processor", "dag-processor")
            self._spawn("api-server", "api-server", "--apps", "core", "--host", "127.0.0.1", "--port", str(self.port))
        else:
            (self.home / "webserver_config.py").write_text(
                'from flask_appbuilder.const import AUTH_DB\n\nAUTH_TYPE = AUTH_DB\nAUTH_ROLE_PUBLIC = "Viewer"\n'
            )
            self._spawn("scheduler", "scheduler")
            self._spawn("webserver", "webserver", "--hostname", "127.0.0.1", "--port", str(self.port))
        poll("Airflow's REST API and DAG parsing to be healthy", self._healthy, timeout, 0.5, self.logs)
        return self

    def _healthy(self) -> bool:
        for name, process in self._processes.items():
            if process.poll() is not None:
                raise RuntimeError(f"airflow {name} exited with {process.returncode}{self.logs()}")
        if AIRFLOW_3:
            status, body = self.request("GET", "/monitor/health")
            return status == 200 and body.get("dag_processor", {}).get("status") == "healthy"
        status, body = self.request("GET", "/health")
        return status == 200 and body.get("scheduler", {}).get("status") == "healthy"

    @staticmethod
    def active(dag: dict) -> bool:
        """Whether a DAG of the REST API is current: ``is_active`` in v1, not ``is_stale`` in v2."""
        return dag["is_stale"] is False if AIRFLOW_3 else dag["is_active"] is True

    def logs(self) -> str:
        return "".join(
            f"\n--- {p.name} (tail) ---\n{p.read_text(errors='replace')[-3000:]}"
            for p in sorted(self.home.glob("*.log"))
        )

    def request(self, method: str, path: str, query: dict | None = None, body=None) -> tuple[int, dict]:
        """One call to the REST API: (HTTP status, JSON body); (0, {}) while nothing listens."""
        url = self.api + path + ("?" + urllib.parse.urlencode(query, doseq=True) if query else "")
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(url, data=data, method=method)
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as e:
            raw = e.read()
            try:
                return e.code, json.loads(raw or b"{}")
            except ValueError:
                return e.code, {"detail": raw.decode(errors="replace")}
        except (ConnectionError, urllib.error.URLError):
            return 0, {}

    def import_errors(self) -> list[dict]:
        status, body = self.request("GET", "/importErrors", {"limit": 100, "offset": 0})
        assert status == 200, (status, body)
        return body["import_errors"]

    def stop(self) -> None:
        """SIGTERM to each process group (workers, parsing processes), SIGKILL what outlives 20 s."""
        for process in self._processes.values():
            _signal_group(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 20
        for process in self._processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
            while _group_alive(process.pid) and time.monotonic() < deadline:
                time.sleep(0.2)
            _signal_group(process.pid, signal.SIGKILL)
            process.wait()
            poll(f"process group {process.pid} to end", lambda p=process: not _group_alive(p.pid), 10)


def _signal_group(pgid: int, sig: int) -> None:
    try:
        os.killpg(pgid, sig)
    except ProcessLookupError:
        pass


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
        return True
    except ProcessLookupError:
        return False


class MwaaControlPlane:
    """MWAA's ``GetEnvironment`` and ``InvokeRestApi`` for one environment, on 127.0.0.1.

    ``calls`` records every ``InvokeRestApi`` as (Path, Airflow's status code, error type or None).
    """

    def __init__(self, name: str, bucket: str, dag_s3_path: str, airflow: Airflow) -> None:
        self.name, self.bucket, self.dag_s3_path, self.airflow = name, bucket, dag_s3_path, airflow
        self.calls: list[tuple[str, int, str | None]] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self.endpoint = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, name="mwaa-control-plane", daemon=True)

    def start(self) -> MwaaControlPlane:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)

    def environment(self) -> dict:
        status, version = self.airflow.request("GET", "/version")
        assert status == 200, (status, version)
        return {
            "Name": self.name,
            "Arn": f"arn:aws:airflow:{REGION}:123456789012:environment/{self.name}",
            "Status": "AVAILABLE",
            "AirflowVersion": version["version"],
            "SourceBucketArn": f"arn:aws:s3:::{self.bucket}",
            "DagS3Path": self.dag_s3_path,
            "WebserverUrl": self.airflow.api.rsplit("/api/", 1)[0].removeprefix("http://"),
            "EnvironmentClass": "mw1.small",
        }

    def _handler(self):
        plane = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format, *args):  # noqa: A002  quiet: pytest shows failures, not traffic
                pass

            def _send(self, status: int, body: dict, error_type: str | None = None) -> None:
                raw = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.send_header("x-amzn-RequestId", base64.b16encode(os.urandom(8)).decode())
                if error_type:
                    self.send_header("x-amzn-ErrorType", error_type)
                self.end_headers()
                self.wfile.write(raw)

            def _environment_name(self, prefix: str) -> str | None:
                path = urllib.parse.urlsplit(self.path).path
                if not path.startswith(prefix):
                    return None
                name = urllib.parse.unquote(path[len(prefix) :])
                if name != plane.name:
                    self._send(
                        404,
                        {"message": f"Environment {name} not found"},
                        "ResourceNotFoundException",
                    )
                    return None
                return name

            def do_GET(self):  # noqa: N802
                if not urllib.parse.urlsplit(self.path).path.startswith("/environments/"):
                    self._send(404, {"message": f"no operation for GET {self.path}"}, "UnknownOperationException")
                elif self._environment_name("/environments/"):
                    self._send(200, {"Environment": plane.environment()})

            def do_POST(self):  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                request = json.loads(self.rfile.read(length) or b"{}")
                if not urllib.parse.urlsplit(self.path).path.startswith("/restapi/"):
                    self._send(404, {"message": f"no operation for POST {self.path}"}, "UnknownOperationException")
                    return
                if not self._environment_name("/restapi/"):
                    return
                path, method = request.get("Path"), request.get("Method")
                if not isinstance(path, str) or method not in ("GET", "PUT", "POST", "PATCH", "DELETE"):
                    self._send(400, {"message": "Path and Method are required"}, "ValidationException")
                    return
                if not 1 <= len(path) <= 64:  # RestApiPath in botocore's mwaa model: min 1, max 64
                    self._send(400, {"message": f"Path must be 1 to 64 characters: {path}"}, "ValidationException")
                    return
                status, body = plane.airflow.request(method, path, request.get("QueryParameters"), request.get("Body"))
                if 200 <= status < 300:
                    plane.calls.append((path, status, None))
                    self._send(200, {"RestApiStatusCode": status, "RestApiResponse": body})
                    return
                error = "RestApiClientException" if 400 <= status < 500 else "RestApiServerException"
                plane.calls.append((path, status, error))
                message = f"Airflow answered {status} to {method} {path}"
                self._send(400, {"message": message, "RestApiStatusCode": status, "RestApiResponse": body}, error)

        return Handler
