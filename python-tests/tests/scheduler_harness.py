"""A real Airflow scheduler running generated DAGs exactly as generated, against a scripted moto EMR.

- :class:`ScriptedEmr`: moto's EMR, in this process on 127.0.0.1, whose steps run one at a time and end
  as each scenario scripts them (per step name and attempt: a state after some seconds, or "until
  released"); EMR's CANCEL_AND_WAIT cancels the pending steps after a failure, TERMINATE_CLUSTER also ends
  the cluster (TERMINATED_WITH_ERRORS), a cluster created with KeepJobFlowAliveWhenNoSteps false ends
  after its last step (its steps move on by themselves, every second, whether or not anyone asks), and one
  kept alive goes back to WAITING when its steps are done. It refuses RunJobFlow or
  AddJobFlowSteps for chosen clusters, can hold a call that reached EMR until the test has killed the
  task process that made it, can answer every DescribeStep and ListSteps of chosen clusters with
  throttling and server errors (an EMR API that keeps failing a watcher or its trigger), and records
  when each cluster was created and terminated.
- :class:`Scheduler`: the venv's real Airflow with the processes a deployment runs: Airflow 2 its
  scheduler (SequentialExecutor, sqlite); Airflow 3 the api-server (execution API and REST API),
  dag-processor and scheduler (LocalExecutor, sqlite); with ``triggerer=True`` also ``airflow triggerer``,
  as every MWAA environment runs one, which can be killed (SIGKILL) and started again. New DAGs are
  paused at creation, as on MWAA.
  Runs are triggered and marked failed as users do it (Airflow 2: the functions the UI calls;
  Airflow 3: the REST API), and the metadata DB is read for run and task states.

Nothing here patches a DAG object: short intervals come from the test project's metadata.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path

import moto.emr.models as emr_models
import moto.emr.responses as emr_responses
from moto.core.exceptions import JsonRESTError
from moto.emr.exceptions import ValidationException
from moto.server import ThreadedMotoServer
from mwaa_standin import free_port, poll

TERMINAL_STEP_STATES = ("COMPLETED", "FAILED", "CANCELLED", "INTERRUPTED")
ACTIVE_CLUSTER_STATES = ("STARTING", "BOOTSTRAPPING", "RUNNING", "WAITING")


def session_members(session: int) -> list[int]:
    """The other processes of a session, from /proc (Linux); elsewhere none are found and the group is killed."""
    proc = Path("/proc")
    if not proc.is_dir():
        with contextlib.suppress(ProcessLookupError):
            os.killpg(session, signal.SIGKILL)
        return []
    members = []
    for entry in proc.iterdir():
        if not entry.name.isdigit() or int(entry.name) == session:
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # after "pid (command) ": state, ppid, process group, session, ...
        if int(stat[stat.rindex(")") + 2 :].split()[3]) == session:
            members.append(int(entry.name))
    return members


@dataclass
class Attempt:
    """How one attempt of a step ends: ``state`` after ``seconds`` of running (None: when released)."""

    state: str = "COMPLETED"
    seconds: float | None = 15.0


@dataclass
class StepRecord:
    name: str
    cluster_id: str
    attempt: int
    started: float | None = None
    ended: float | None = None
    state: str = "PENDING"


@dataclass
class ClusterRecord:
    cluster_id: str
    name: str
    tags: dict
    created: float
    terminated: float | None = None


@dataclass
class Faults:
    """Faults by cluster name (a job group's DAG id)."""

    refuse_create: set = field(default_factory=set)
    refuse_add: set = field(default_factory=set)
    hold_create: set = field(default_factory=set)  # RunJobFlow reaches EMR, then waits for release_hold()
    hold_add: set = field(default_factory=set)  # the same for AddJobFlowSteps
    # DescribeStep and ListSteps of these clusters answer ThrottlingException and 500s, in turn, until removed.
    failing_watch: set = field(default_factory=set)


class ThrottlingException(JsonRESTError):
    """EMR's answer to too many calls (HTTP 400, retried by botocore)."""

    def __init__(self, message: str) -> None:
        super().__init__("ThrottlingException", message)


class InternalServerError(JsonRESTError):
    """EMR failing on its side (HTTP 500, retried by botocore)."""

    code = 500

    def __init__(self, message: str) -> None:
        super().__init__("InternalServerError", message)


class ScriptedEmr:
    """moto EMR whose steps follow scripts; see the module docstring."""

    def __init__(self) -> None:
        self.scripts: dict[str, list[Attempt]] = {}
        self.released: dict[str, tuple[str, float]] = {}
        self.faults = Faults()
        self.clusters: dict[str, ClusterRecord] = {}
        self.steps: dict[str, StepRecord] = {}
        self.run_job_flow_calls: dict[str, int] = {}  # by cluster name, refused ones included
        self.held = threading.Event()  # a held call reached EMR
        self.held_names: list[str] = []  # the cluster names whose calls are held, in the order they came
        self._releases: dict[str, threading.Event] = {}
        self.failed_watch_calls: dict[str, int] = {}  # by cluster name: DescribeStep/ListSteps failed on purpose
        self._lock = threading.RLock()
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        self._saved: dict = {}
        self._taken: set = set()
        self.endpoint = ""
        self._stopping = threading.Event()
        self._ticker = threading.Thread(target=self._tick, name="scripted-emr-ticker", daemon=True)

    # -- the scripts

    def script(self, step_name: str, *attempts: Attempt) -> None:
        self.scripts[step_name] = list(attempts)

    def release(self, step_name: str, state: str) -> None:
        """Ends the running attempts (on every cluster) of a step scripted to run until released.

        Attempts that start later run until released again: ``release`` once more after they started.
        """
        now = time.time()
        previous = self.released.get(step_name)
        if previous is None or previous[1] < max(
            (r.started or 0 for r in list(self.steps.values()) if r.name == step_name), default=0
        ):
            self.released[step_name] = (state, now)

    def release_hold(self, name: str | None = None) -> None:
        """Lets the held call of cluster ``name`` (by default every held call) go on."""
        with self._lock:
            names = [name] if name else list(self._releases)
            for held in names:
                event = self._releases.pop(held, None)
                if event is not None:
                    event.set()
                if held in self.held_names:
                    self.held_names.remove(held)
            if not self.held_names:
                self.held.clear()

    def take_held(self) -> list[str]:
        """The cluster names whose calls are held now (each handed out once)."""
        with self._lock:
            names = [n for n in self.held_names if n not in self._taken]
            self._taken.update(names)
            return names

    # -- moto patches

    def start(self) -> ScriptedEmr:
        backend_cls, response_cls = emr_models.ElasticMapReduceBackend, emr_responses.ElasticMapReduceResponse
        self._saved = {
            (backend_cls, "describe_step"): backend_cls.describe_step,
            (backend_cls, "list_steps"): backend_cls.list_steps,
            (backend_cls, "terminate_job_flows"): backend_cls.terminate_job_flows,
            (response_cls, "run_job_flow"): response_cls.run_job_flow,
            (response_cls, "add_job_flow_steps"): response_cls.add_job_flow_steps,
        }
        for (cls, name), function in self._saved.items():
            if function.__module__ != cls.__module__:  # another fixture's patch still in place
                raise RuntimeError(f"{cls.__name__}.{name} is patched by {function.__module__}; stop that patch first")
        harness = self
        original = dict(self._saved)

        def describe_step(backend, cluster_id, step_id):
            harness._advance(backend, cluster_id)
            harness._fail_watch_if(backend, cluster_id)
            return original[(backend_cls, "describe_step")](backend, cluster_id, step_id)

        def list_steps(backend, cluster_id, *args, **kwargs):
            harness._advance(backend, cluster_id)
            harness._fail_watch_if(backend, cluster_id)
            return original[(backend_cls, "list_steps")](backend, cluster_id, *args, **kwargs)

        def terminate_job_flows(backend, job_flow_ids):
            result = original[(backend_cls, "terminate_job_flows")](backend, job_flow_ids)
            with harness._lock:
                for cluster_id in job_flow_ids:
                    record = harness.clusters.get(cluster_id)
                    if record is not None and record.terminated is None:
                        record.terminated = time.time()
                    for step in backend.clusters[cluster_id].steps:
                        if step.state not in TERMINAL_STEP_STATES:
                            step.state = "CANCELLED"
            return result

        def run_job_flow(response):
            name = response._get_param("Name")
            with harness._lock:
                harness.run_job_flow_calls[name] = harness.run_job_flow_calls.get(name, 0) + 1
            if name in harness.faults.refuse_create:
                raise ValidationException(f"scripted refusal of RunJobFlow for {name}")
            result = original[(response_cls, "run_job_flow")](response)
            cluster_id = result.result["JobFlowId"] if hasattr(result, "result") else None
            cluster = response.backend.clusters[cluster_id]
            with harness._lock:
                harness.clusters[cluster_id] = ClusterRecord(cluster_id, name, dict(cluster.tags), time.time())
            harness._hold_if(name, harness.faults.hold_create)
            return result

        def add_job_flow_steps(response):
            cluster_id = response._get_param("JobFlowId")
            name = response.backend.clusters[cluster_id].name
            if name in harness.faults.refuse_add:
                raise ValidationException(f"scripted refusal of AddJobFlowSteps for {name}")
            result = original[(response_cls, "add_job_flow_steps")](response)
            harness._hold_if(name, harness.faults.hold_add)
            return result

        backend_cls.describe_step = describe_step
        backend_cls.list_steps = list_steps
        backend_cls.terminate_job_flows = terminate_job_flows
        response_cls.run_job_flow = run_job_flow
        response_cls.add_job_flow_steps = add_job_flow_steps
        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request would drown the report
        self._server.start()
        host, port = self._server.get_host_and_port()
        self.endpoint = f"http://{host}:{port}"
        self._ticker.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self.release_hold()
        self._server.stop()
        for (cls, name), function in self._saved.items():
            setattr(cls, name, function)

    def _hold_if(self, name: str, names: set) -> None:
        if name in names:
            release = threading.Event()
            with self._lock:
                names.discard(name)  # once
                self._releases[name] = release
                self.held_names.append(name)
                self.held.set()
            release.wait(120)

    def _fail_watch_if(self, backend, cluster_id: str) -> None:
        name = backend.clusters[cluster_id].name
        if name not in self.faults.failing_watch:
            return
        with self._lock:
            count = self.failed_watch_calls[name] = self.failed_watch_calls.get(name, 0) + 1
        if count % 2:
            raise ThrottlingException(f"scripted throttling of {name}'s steps (call {count})")
        raise InternalServerError(f"scripted server error for {name}'s steps (call {count})")

    def _tick(self) -> None:
        """EMR runs the steps of a cluster that ends after its last one whether or not anybody watches them."""
        while not self._stopping.wait(1):
            backend = emr_models.emr_backends["123456789012"]["us-east-1"]
            with self._lock:
                for cluster_id, cluster in list(backend.clusters.items()):
                    if cluster.steps and not cluster.keep_job_flow_alive_when_no_steps:
                        self._advance(backend, cluster_id)

    def _end_cluster(self, cluster, state: str, when: float) -> None:
        """The cluster ends by itself (after its last step, or a step that terminates it) at ``when``."""
        cluster.terminate()
        cluster.state = state
        for step in cluster.steps:
            if step.state not in TERMINAL_STEP_STATES:
                step.state = "CANCELLED"
                self.steps.setdefault(step.id, StepRecord(step.name, cluster.id, 0, ended=when, state="CANCELLED"))
        record = self.clusters.get(cluster.id)
        if record is not None and record.terminated is None:
            record.terminated = when

    def _advance(self, backend, cluster_id: str) -> None:
        """Moves a cluster's steps on: one runs at a time, in the order they were added."""
        with self._lock:
            cluster = backend.clusters[cluster_id]
            if cluster.state not in ACTIVE_CLUSTER_STATES:
                return
            now = time.time()
            last_end = None
            for step in cluster.steps:
                record = self.steps.get(step.id)
                if record is None:
                    attempt = sum(1 for r in self.steps.values() if r.cluster_id == cluster_id and r.name == step.name)
                    record = self.steps[step.id] = StepRecord(step.name, cluster_id, attempt)
                    step.state = "PENDING"
                if step.state in TERMINAL_STEP_STATES:
                    continue
                if record.started is None:
                    record.started = now
                    step.state = record.state = "RUNNING"
                attempts = self.scripts.get(step.name, [Attempt()])
                plan = attempts[min(record.attempt, len(attempts) - 1)]
                final, ended = None, None
                released = self.released.get(step.name)
                if plan.seconds is None and released is not None and released[1] >= record.started:
                    final, ended = released
                elif plan.seconds is not None and now - record.started >= plan.seconds:
                    final, ended = plan.state, record.started + plan.seconds
                if final is None:
                    return  # this one is still running; the later ones wait
                # The step ended when its script says, not when somebody first asked: that is when
                # the outcome was decided.
                step.state = record.state = final
                record.ended = ended
                now = last_end = ended
                if final != "COMPLETED" and step.action_on_failure == "TERMINATE_CLUSTER":
                    self._end_cluster(cluster, "TERMINATED_WITH_ERRORS", ended)
                    return
                if final != "COMPLETED" and step.action_on_failure == "CANCEL_AND_WAIT":
                    for later in cluster.steps:
                        if later.state == "PENDING" or (later.id not in self.steps and later is not step):
                            later.state = "CANCELLED"
                            self.steps.setdefault(
                                later.id, StepRecord(later.name, cluster_id, 0, ended=now, state="CANCELLED")
                            )
            # Every step has ended.
            if cluster.steps and not cluster.keep_job_flow_alive_when_no_steps:
                ended_at = [r.ended for s in cluster.steps if (r := self.steps.get(s.id)) and r.ended]
                self._end_cluster(cluster, "TERMINATED", last_end or max(ended_at, default=now))
            elif cluster.steps:
                cluster.state = "WAITING"

    # -- what happened

    def clusters_named(self, name: str) -> list[ClusterRecord]:
        with self._lock:
            return sorted((c for c in self.clusters.values() if c.name == name), key=lambda c: c.created)

    def steps_of(self, cluster_id: str) -> list[StepRecord]:
        with self._lock:
            return [s for s in self.steps.values() if s.cluster_id == cluster_id]

    def active(self, cluster_id: str) -> bool:
        return self.state(cluster_id) in ACTIVE_CLUSTER_STATES

    def state(self, cluster_id: str) -> str:
        backend = emr_models.emr_backends["123456789012"]["us-east-1"]
        return backend.clusters[cluster_id].state


class Scheduler:
    """A real Airflow deployment on sqlite for one venv; see the module docstring."""

    def __init__(
        self,
        venv: Path,
        home: Path,
        dags: Path,
        migrated_db: Path | None,
        emr_endpoint: str,
        triggerer: bool = False,
    ) -> None:
        self.venv, self.home, self.dags = venv, home, dags
        self.triggerer = triggerer
        self.python = venv / "bin" / "python"
        self.airflow = venv / "bin" / "airflow"
        version = subprocess.run(
            [self.python, "-c", "import airflow; print(airflow.__version__)"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        self.version = version
        self.major = int(version.split(".")[0])
        self.mark_races = 0  # marks Airflow's scheduler overwrote (see mark_failed)
        self.api_port = free_port()
        self.processes: dict[str, subprocess.Popen] = {}
        self.db = home / "airflow.db"
        home.mkdir(parents=True, exist_ok=True)
        if migrated_db is not None:
            self.db.write_bytes(Path(migrated_db).read_bytes())
        connection = {"conn_type": "aws", "extra": {"endpoint_url": emr_endpoint, "region_name": "us-east-1"}}
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW_", "AIRFLOW__"))}
        self.env.update(
            AIRFLOW_HOME=str(home),
            AIRFLOW__CORE__DAGS_FOLDER=str(dags),
            AIRFLOW__CORE__LOAD_EXAMPLES="False",
            AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION="True",  # as MWAA ships it
            # Scheduler, DAG processor, triggerer, API server and this suite all write or read the one sqlite file: a
            # writer waits for the lock up to 90 s (sqlite's busy timeout) instead of 5, or a scheduler under load dies
            # of "database is locked" and the deployment stops (MWAA runs Postgres). The API server waits 5 s (see
            # start).
            AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=f"sqlite:///{self.db}?timeout=90",
            # The task-log server of each deployment on a port of its own: two targets run side by side.
            AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT=str(free_port()),
            AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT=str(free_port()),  # the triggerer's (8794 by default)
            AIRFLOW__SCHEDULER__SCHEDULER_HEARTBEAT_SEC="1",
            AIRFLOW__SCHEDULER__MIN_FILE_PROCESS_INTERVAL="5",
            AIRFLOW__SCHEDULER__DAG_DIR_LIST_INTERVAL="5",
            AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL="5",
            AIRFLOW__CORE__MIN_SERIALIZED_DAG_UPDATE_INTERVAL="1",
            AIRFLOW__CORE__MIN_SERIALIZED_DAG_FETCH_INTERVAL="1",
            AIRFLOW_CONN_AWS_DEFAULT=json.dumps(connection),
            AIRFLOW_CONN_EMR_DEFAULT=json.dumps({"conn_type": "emr", "extra": {}}),
            AWS_ENDPOINT_URL=emr_endpoint,
            PYTHONPATH=str(dags),
            PATH=f"{venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",  # executors start `airflow tasks run`
            PYTHONDONTWRITEBYTECODE="1",
        )
        if self.major >= 3:
            self.env.update(
                AIRFLOW__CORE__EXECUTOR="LocalExecutor",
                AIRFLOW__CORE__PARALLELISM="8",
                AIRFLOW__CORE__EXECUTION_API_SERVER_URL=f"http://127.0.0.1:{self.api_port}/execution/",
                AIRFLOW__API_AUTH__JWT_SECRET="scheduler-suite-secret",
                AIRFLOW__API__SECRET_KEY="scheduler-suite-secret",
                AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS="True",
                AIRFLOW__API__BASE_URL=f"http://127.0.0.1:{self.api_port}",
            )
        else:
            # One task per scheduler loop, chosen by priority, as a worker slot that frees is: the SequentialExecutor
            # takes a batch of up to `parallelism` tasks each loop and runs the whole batch before the scheduler looks
            # again, so a terminate task scheduled meanwhile would wait behind up to 32 pokes and resumed watchers,
            # its priority_weight (ahead of sensors when slots are scarce) unused.
            self.env.update(AIRFLOW__CORE__EXECUTOR="SequentialExecutor", AIRFLOW__CORE__PARALLELISM="1")
        # The triggerer's environment has no PYTHONPATH of the suite's: MWAA's images set PYTHONPATH=/python (their own
        # package) and refuse a customer's override, so the DAG folder is on a triggerer's sys.path only where Airflow
        # puts it there itself: Airflow 2's settings.initialize() appends DAGS_FOLDER (prepare_syspath_for_dags_folder);
        # Airflow 3's appends only config/ and plugins/ (the triggerer loads no DAG bundle: apache/airflow#65455).
        self.triggerer_env = {k: v for k, v in self.env.items() if k != "PYTHONPATH"}

    # -- processes

    def start(self) -> None:
        if self.migrated_needed():
            self._run("db", "migrate")
        # Readers (the API server, this suite) and the writers (scheduler, DAG processor) must not lock each other out.
        with sqlite3.connect(self.db) as db:
            db.execute("PRAGMA journal_mode=WAL")
        if self.major >= 3:
            # Airflow 3.3.1's API server deadlocks on sqlite's write lock within one request: a REST mutation (PATCH
            # a DAG, POST a run) holds the lock in its session while its action log's INSERT INTO log, on another
            # connection, waits for it until the busy timeout ends the wait ("database is locked"); meanwhile every
            # other writer (scheduler, DAG processor, triggerer, the execution API's requests) waits too. With 30 s
            # everywhere the scheduler gave up first and died, with 30 s here each REST call stalled the deployment
            # 30 s (34 runs triggered at once: minutes). 5 s ends the deadlock soon; the call fails and is retried.
            api_env = {**self.env, "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{self.db}?timeout=5"}
            self._spawn("api-server", "api-server", "--port", str(self.api_port), "--host", "127.0.0.1", env=api_env)
            self._spawn("dag-processor", "dag-processor")
        self._spawn("scheduler", "scheduler")
        if self.triggerer:
            self.start_triggerer()

    def start_triggerer(self) -> None:
        """Starts ``airflow triggerer`` (again, after :meth:`kill`), with MWAA's sys.path (see ``triggerer_env``)."""
        self._spawn("triggerer", "triggerer", env=self.triggerer_env)

    def migrated_needed(self) -> bool:
        return not self.db.exists() or self.db.stat().st_size == 0

    def _spawn(self, name: str, *args: str, env: dict | None = None) -> None:
        log = open(self.home / f"{name}.log", "ab")  # noqa: SIM115 - closed with the process
        self.processes[name] = subprocess.Popen(
            [self.airflow, *args], env=env or self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def kill(self, name: str) -> None:
        """SIGKILL to the process and everything it started (a crashed scheduler host).

        Everything it started is its session (each process is started in a session of its own): Airflow 2's DAG
        file processor manager moves to a process group of its own, so killing the group alone left it running,
        parsing and writing to the database beside the next scheduler.
        """
        process = self.processes.pop(name)
        for pid in [process.pid, *session_members(process.pid)]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        process.wait(30)

    def restart_scheduler(self) -> None:
        self.kill("scheduler")
        self._spawn("scheduler", "scheduler")

    def start_scheduler(self) -> None:
        """Starts the scheduler again after :meth:`kill`."""
        self._spawn("scheduler", "scheduler")

    def stop(self) -> None:
        for name in list(self.processes):
            self.kill(name)

    def logs(self) -> str:
        parts = []
        for path in sorted(self.home.glob("*.log")):
            text = path.read_text(errors="replace")
            parts.append(f"\n----- {path.name} (last 3000 chars) -----\n{text[-3000:]}")
        return "".join(parts)

    def logs_text(self) -> str:
        return "".join(path.read_text(errors="replace") for path in sorted(self.home.glob("*.log")))

    def _run(self, *args: str, timeout: float = 300) -> str:
        result = subprocess.run([self.airflow, *args], env=self.env, capture_output=True, text=True, timeout=timeout)
        if result.returncode != 0:
            raise AssertionError(f"airflow {' '.join(args)} failed: {result.stdout}{result.stderr}")
        return result.stdout

    def _python(self, source: str, timeout: float = 300) -> str:
        result = subprocess.run(
            [self.python, "-c", source], env=self.env, capture_output=True, text=True, timeout=timeout
        )
        if result.returncode != 0:
            raise AssertionError(f"script failed: {result.stdout}{result.stderr}")
        return result.stdout

    # -- the metadata DB

    def query(self, sql: str, *args) -> list[tuple]:
        with sqlite3.connect(self.db, timeout=30) as db:
            return db.execute(sql, args).fetchall()

    def dag_ids(self) -> set:
        try:
            return {row[0] for row in self.query("SELECT dag_id FROM serialized_dag")}
        except sqlite3.OperationalError:
            return set()

    def run_state(self, dag_id: str, run_id: str) -> tuple[str | None, float | None]:
        rows = self.query("SELECT state, end_date FROM dag_run WHERE dag_id = ? AND run_id = ?", dag_id, run_id)
        if not rows:
            return None, None
        state, end = rows[0]
        return state, _epoch(end)

    def task_states(self, dag_id: str, run_id: str) -> dict:
        rows = self.query(
            "SELECT task_id, state, try_number, end_date, pid FROM task_instance WHERE dag_id = ? AND run_id = ?",
            dag_id,
            run_id,
        )
        return {r[0]: {"state": r[1], "try_number": r[2], "end": _epoch(r[3]), "pid": r[4]} for r in rows}

    def is_paused(self, dag_id: str):
        rows = self.query("SELECT is_paused FROM dag WHERE dag_id = ?", dag_id)
        return None if not rows else bool(rows[0][0])

    # -- what users do

    def unpause_and_trigger(self, runs: dict[str, str]) -> None:
        """Unpauses each DAG and triggers it with the given run id, as a user does from the UI."""
        if self.major >= 3:
            for dag_id, run_id in runs.items():
                self._api("PATCH", f"/api/v2/dags/{dag_id}", {"is_paused": False})
                self._api("POST", f"/api/v2/dags/{dag_id}/dagRuns", {"dag_run_id": run_id, "logical_date": None})
            return
        self._python(
            "import json, sys\n"
            "from airflow.api.common.trigger_dag import trigger_dag\n"
            "from airflow.models import DagModel\n"
            f"runs = json.loads({json.dumps(json.dumps(runs))})\n"
            "for dag_id, run_id in runs.items():\n"
            "    DagModel.get_dagmodel(dag_id).set_is_paused(is_paused=False)\n"
            "    trigger_dag(dag_id=dag_id, run_id=run_id)\n"
        )

    def unpause(self, dag_ids: list[str]) -> None:
        """Unpauses DAGs without triggering them: they run when their schedule (or their Assets) says."""
        if self.major >= 3:
            for dag_id in dag_ids:
                self._api("PATCH", f"/api/v2/dags/{dag_id}", {"is_paused": False})
            return
        self._python(
            "from airflow.models import DagModel\n"
            f"for dag_id in {list(dag_ids)!r}:\n"
            "    DagModel.get_dagmodel(dag_id).set_is_paused(is_paused=False)\n"
        )

    def runs(self, dag_id: str) -> list[dict]:
        """Every run of a DAG, oldest first: id, type, state, and when it was queued, started and ended."""
        rows = self.query(
            "SELECT run_id, run_type, state, queued_at, start_date, end_date FROM dag_run WHERE dag_id = ? ORDER BY id",
            dag_id,
        )
        return [
            {
                "run_id": r[0],
                "run_type": r[1],
                "state": r[2],
                "queued": _epoch(r[3]),
                "start": _epoch(r[4]),
                "end": _epoch(r[5]),
            }
            for r in rows
        ]

    def mark_failed(self, dag_id: str, run_id: str) -> None:
        """What the UI's "Mark failed" does: running tasks failed, unfinished ones skipped."""
        if self.major >= 3:
            # Airflow 3's scheduler may hold the run, loaded while it was running, as the PATCH commits, and then decide
            # it from its leaves, which the mark skipped: "successful", overwriting the mark (a lost update, seen on
            # 3.3.1 about 130 ms after the PATCH). A person who sees the run turn green marks it again: so does the
            # suite, and it counts how often (mark_races).
            for _ in range(3):
                self._api("PATCH", f"/api/v2/dags/{dag_id}/dagRuns/{run_id}", {"state": "failed"})
                deadline = time.time() + 5
                while time.time() < deadline and self.run_state(dag_id, run_id)[0] == "failed":
                    time.sleep(0.25)
                if self.run_state(dag_id, run_id)[0] == "failed":
                    return
                self.mark_races += 1
            return
        self._python(
            "from airflow.api.common.mark_tasks import set_dag_run_state_to_failed\n"
            "from airflow.models.dagbag import DagBag\n"
            f"dag = DagBag(read_dags_from_db=True).get_dag({dag_id!r})\n"
            f"set_dag_run_state_to_failed(dag=dag, run_id={run_id!r}, commit=True)\n"
        )

    def _api(self, method: str, path: str, body: dict) -> dict:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.api_port}{path}",
            data=json.dumps(body).encode(),
            method=method,
            headers={"Content-Type": "application/json"},
        )
        for attempt in range(5):  # as a user clicks again: sqlite may be busy for a moment under load
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    return json.loads(response.read() or b"{}")
            except urllib.error.HTTPError as error:
                if error.code == 409 and attempt > 0:
                    return {}  # the failed try had done it (a run triggered, see start's note on the API server)
                if error.code < 500 or attempt == 4:
                    raise
                time.sleep(1 + attempt)
        raise AssertionError("unreachable")

    def api_ready(self) -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.api_port}/api/v2/monitor/health", timeout=5):
                return True
        except OSError:
            return False


def _epoch(value) -> float | None:
    if value is None:
        return None
    from datetime import datetime

    text = str(value).replace("T", " ")
    parsed = datetime.fromisoformat(text)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.timestamp()


def emrdag_jar() -> Path:
    """The CLI jar the suites generate with: $EMRDAG_JAR (the cost-safety benchmark passes an older one) or the build's."""
    return Path(
        os.environ.get("EMRDAG_JAR")
        or Path(__file__).resolve().parents[2] / "generator" / "cli" / "target" / "emrdag" / "lib" / "emrdag.jar"
    )


def deployment(project: Path, tmp_path_factory, emr_endpoint: str, name: str, triggerer: bool = False) -> Scheduler:
    """The project generated by the emrdag jar into a DAG folder of its own, and an Airflow (not started yet) for it."""
    dags = tmp_path_factory.mktemp(f"{name}-dags")
    generate(emrdag_jar(), project, dags)
    home = tmp_path_factory.mktemp(f"{name}-home")
    return Scheduler(Path(sys.prefix), home, dags, os.environ.get("EMRDAG_MIGRATED_DB"), emr_endpoint, triggerer)


def generate(jar: Path, project: Path, output: Path) -> None:
    """Runs the emrdag CLI jar on the test project, as users do."""
    java = os.environ.get("JAVA_HOME")
    command = [
        str(Path(java) / "bin" / "java") if java else "java",
        "-jar",
        str(jar),
        "generate",
        "-p",
        str(project),
        "-o",
        str(output),
        "--no-cache",
    ]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise AssertionError(f"emrdag generate failed: {result.stdout}{result.stderr}")


__all__ = ["Attempt", "ScriptedEmr", "Scheduler", "deployment", "emrdag_jar", "generate", "poll"]
