"""One target's measurement for benchmarks/watcher_modes.py; runs inside that target's Airflow venv.

    python watcher_modes_probe.py OUT.json MODES RUNS STEP_SECONDS POKE_INTERVAL

A job group with one step of STEP_SECONDS (a scripted moto EMR step, see python-tests/tests/scheduler_harness.py)
is generated once per sensor mode (dag id ``watch_<mode>``) and run RUNS times per mode under the real scheduler and
triggerer of the suite's harness. The modes take turns (one run of each, then the next round), so that each run's
DB writes and task processes can be told apart by time and dag id. What it records per run:

- worker-slot seconds: how long the run's task instances held an executor slot, sampled from /proc every 0.2 s
  (see Sampler): Airflow 2's ``airflow tasks run ... --local`` process (the SequentialExecutor's one slot), Airflow
  3's LocalExecutor worker while its title names one of the run's task instances;
- task starts: how many times a slot was taken (a poke-mode watcher: once; reschedule: once per poke; deferrable:
  once to defer, once to resume);
- DB writes: INSERT/UPDATE/DELETE statements every Airflow process sent to the metadata DB during the run (from
  the start of create_cluster to the end of terminate_cluster), counted by a SQLAlchemy listener that
  ``$AIRFLOW_HOME/config/airflow_local_settings.py`` installs in every Airflow process (Airflow imports that module
  at start-up, as MWAA's images use it); the same count over an idle stretch before the first run gives the
  deployment's background (heartbeats), shown beside it;
- reschedule-race failures: the scheduler's "executor reported ... but the task instance's state attribute is ..."
  for the run's watcher (apache/airflow#71172).
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "python-tests" / "tests"))
# Fake credentials and no AWS configuration, as python-tests' conftest.py sets them: boto3 talks only to the moto EMR.
for _key in [k for k in os.environ if k.startswith("AWS_")]:
    del os.environ[_key]
os.environ.update(
    AWS_ACCESS_KEY_ID="testing",
    AWS_SECRET_ACCESS_KEY="testing",
    AWS_DEFAULT_REGION="us-east-1",
    AWS_CONFIG_FILE=os.devnull,
    AWS_SHARED_CREDENTIALS_FILE=os.devnull,
    AWS_EC2_METADATA_DISABLED="true",
)

from scheduler_harness import Attempt, Scheduler, ScriptedEmr, _epoch, generate, poll  # noqa: E402

SETTINGS = (HERE.parent / "python-tests" / "scheduler-project" / "emrdag.yaml").read_text()
LISTENER = """
import os, time
from sqlalchemy import event
from sqlalchemy.engine import Engine

_TRACE = os.environ.get("EMRDAG_SQL_TRACE")


@event.listens_for(Engine, "before_cursor_execute")
def _count_writes(conn, cursor, statement, parameters, context, executemany):
    verb = statement.lstrip().split(" ", 1)[0].upper()
    if _TRACE and verb in ("INSERT", "UPDATE", "DELETE"):
        rows = len(parameters) if executemany and parameters is not None else 1
        with open(_TRACE, "a") as trace:
            trace.write(f"{time.time():.3f} {verb} {rows}\\n")
"""
RACE = re.compile(r"reported that the task instance <TaskInstance: ([^.\s]+)\.(\S+) (\S+)")


class Sampler(threading.Thread):
    """Executor slots in use, sampled from /proc: by (pid, task instance), the dag id and when first and last seen.

    Airflow 2: a ``airflow tasks run ... --local`` process (the SequentialExecutor runs one at a time; its ``--raw``
    child has the same command line and is not counted again). Airflow 3: a LocalExecutor worker while its process
    title names a task instance (``airflow worker -- LocalExecutor: <id>``, ``<idle>`` between workloads).
    """

    def __init__(self, scheduler: Scheduler) -> None:
        super().__init__(daemon=True)
        self.scheduler, self.seen, self.stopping = scheduler, {}, threading.Event()
        self._ti_dags: dict[str, str] = {}

    def occupant(self, pid: int, words: list[str]) -> tuple | None:
        """(key, dag id) of the slot this process holds, or None."""
        if self.scheduler.major < 3:
            if "tasks" in words and "run" in words and "--local" in words and self._is_outermost(pid):
                return pid, words[words.index("run") + 1]
            return None
        title = " ".join(words)
        match = re.match(r"airflow worker -- LocalExecutor: ([0-9a-f-]{36})", title)
        if not match or self._parent_title(pid) == title:
            return None  # not busy, or the worker's child for the task, forked and not renamed yet
        ti = match.group(1).replace("-", "")  # sqlite holds the UUID as 32 hex digits
        if ti not in self._ti_dags:
            rows = self.scheduler.query("SELECT dag_id FROM task_instance WHERE id = ?", ti)
            if not rows:
                return None
            self._ti_dags[ti] = rows[0][0]
        return (pid, ti), self._ti_dags[ti]

    def run(self) -> None:
        while not self.stopping.wait(0.2):
            now = time.time()
            for entry in Path("/proc").iterdir():
                if not entry.name.isdigit():
                    continue
                try:
                    words = [w.decode(errors="replace") for w in (entry / "cmdline").read_bytes().split(b"\0") if w]
                except OSError:
                    continue
                if not words:
                    continue
                found = self.occupant(int(entry.name), words)
                if found is None:
                    continue
                key, dag = found
                if key in self.seen:
                    self.seen[key][2] = now
                else:
                    self.seen[key] = [dag, now, now]

    @staticmethod
    def _parent_title(pid: int) -> str:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
            parent = stat[stat.rindex(")") + 2 :].split()[1]
            words = Path(f"/proc/{parent}/cmdline").read_bytes().split(b"\0")
        except (OSError, ValueError):
            return ""
        return " ".join(w.decode(errors="replace") for w in words if w)

    @staticmethod
    def _is_outermost(pid: int) -> bool:
        """Airflow 2's ``--local`` process forks its ``--raw`` child with the same command line: count the parent."""
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
            parent = stat[stat.rindex(")") + 2 :].split()[1]
            words = Path(f"/proc/{parent}/cmdline").read_bytes().split(b"\0")
        except (OSError, ValueError):
            return True
        return b"tasks" not in words or b"--local" not in words


def main() -> None:
    out, modes, runs, step_seconds, poke = (
        sys.argv[1],
        sys.argv[2].split(","),
        int(sys.argv[3]),
        sys.argv[4],
        sys.argv[5],
    )
    work = Path(tempfile.mkdtemp(prefix="watcher-modes-"))
    project, dags, home = work / "project", work / "dags", work / "home"
    for folder in (project, dags, home / "config"):
        folder.mkdir(parents=True)
    (project / "emrdag.yaml").write_text(SETTINGS)
    for mode in modes:
        (project / f"watch_{mode}.yaml").write_text(
            f"description: One step of {step_seconds} s, watched in {mode} mode.\n"
            f"sensor:\n  mode: {mode}\n  poke_interval: {poke}\n  timeout: 30m\n"
            "steps:\n  - {name: the_step, script: job.py}\n"
        )
    (home / "config" / "airflow_local_settings.py").write_text(LISTENER)
    trace = work / "writes.log"
    trace.touch()

    emr = ScriptedEmr().start()
    emr.script("the_step", Attempt("COMPLETED", float(step_seconds)))
    generate(Path(os.environ["EMRDAG_JAR"]), project, dags)
    scheduler = Scheduler(Path(sys.prefix), home, dags, os.environ.get("EMRDAG_MIGRATED_DB"), emr.endpoint, True)
    scheduler.env["EMRDAG_SQL_TRACE"] = scheduler.triggerer_env["EMRDAG_SQL_TRACE"] = str(trace)
    sampler = Sampler(scheduler)
    results: dict = {
        "target": os.environ.get("EMRDAG_TARGET"),
        "version": scheduler.version,
        "home": str(home),
        "runs": [],
    }
    try:
        scheduler.start()
        if scheduler.major >= 3:
            poll("the API server", scheduler.api_ready, 180, 1, scheduler.logs)
        expected = {f"watch_{m}" for m in modes}
        poll("the DAGs to be parsed", lambda: expected <= scheduler.dag_ids(), 240, 1, scheduler.logs)
        idle_from = time.time()
        time.sleep(60)
        results["idle_writes_per_minute"] = (
            writes_between(trace, idle_from, time.time()) * 60 / (time.time() - idle_from)
        )
        sampler.start()
        for round_ in range(runs):
            for mode in modes:
                dag = f"watch_{mode}"
                run = f"bench__{round_}"
                scheduler.unpause_and_trigger({dag: run})
                poll(
                    f"{dag} {run} to end",
                    lambda d=dag, r=run: scheduler.run_state(d, r)[0] in ("success", "failed"),
                    int(step_seconds) + 900,
                    2,
                    scheduler.logs,
                )
                results["runs"].append(measure(scheduler, emr, sampler, trace, mode, dag, run))
        logs = scheduler.logs_text()
        races = RACE.findall(logs)
        for run in results["runs"]:
            run["race_failures"] = sum(1 for d, t, r in races if d == run["dag_id"] and r == run["run_id"])
    finally:
        sampler.stopping.set()
        scheduler.stop()
        emr.stop()
    Path(out).write_text(json.dumps(results, indent=2))


def writes_between(trace: Path, start: float, end: float) -> int:
    count = 0
    for line in trace.read_text().splitlines():
        stamp, _, rows = line.split()
        if start <= float(stamp) <= end:
            count += int(rows)
    return count


def measure(scheduler: Scheduler, emr: ScriptedEmr, sampler: Sampler, trace: Path, mode: str, dag: str, run: str):
    tasks = scheduler.query(
        "SELECT task_id, state, try_number, start_date, end_date FROM task_instance WHERE dag_id = ? AND run_id = ?",
        dag,
        run,
    )
    starts = [_epoch(t[3]) for t in tasks if t[3]]
    ends = [_epoch(t[4]) for t in tasks if t[4]]
    start, end = min(starts), max(ends)
    time.sleep(1)  # the sampler's last look
    processes = [p for p in sampler.seen.values() if p[0] == dag and start - 5 <= p[1] <= end + 5]
    watcher = next(t for t in tasks if t[0].startswith("watch_"))
    clusters = emr.clusters_named(dag)
    return {
        "mode": mode,
        "dag_id": dag,
        "run_id": run,
        "run_state": scheduler.run_state(dag, run)[0],
        "watcher": {"state": watcher[1], "tries": watcher[2]},
        "seconds": round(end - start, 1),
        "worker_slot_seconds": round(sum(last - first + 0.2 for _, first, last in processes), 1),
        "task_starts": len(processes),
        "db_writes": writes_between(trace, start, end),
        "clusters_left": sum(1 for c in clusters if emr.active(c.cluster_id)),
    }


if __name__ == "__main__":
    main()
