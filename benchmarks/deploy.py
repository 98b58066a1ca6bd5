#!/usr/bin/env python3
"""Deploy benchmark: emrdag deploy vs `aws s3 sync` (awscli from PyPI), against the same moto S3 server.

Both tools upload the same N generated DAG files (default 1,000 job groups → 1,002 files) to their own empty
bucket on one moto server on 127.0.0.1, run after run interleaved; then each redeploys unchanged. Requests are
counted from moto's access log (each HTTP request the server answered), uploads are its PUTs of .py files.

    python3 benchmarks/deploy.py [--groups 1000] [--runs 3] [--jar generator/target/emrdag.jar]

Build the jar first: ./mvnw -B -ntp package -DskipTests
"""
from __future__ import annotations

import argparse
import collections
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO / "generator/src/main/resources/io/emrdag/verify"))
from environments import ensure_venv  # noqa: E402

sys.path.insert(0, str(HERE))
from synthetic import emrdag_project as synthetic_project  # noqa: E402

ACCESS_LINE = re.compile(r'"(GET|PUT|POST|DELETE|HEAD) (\S+) HTTP/1\.[01]" (\d{3})')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Moto:
    """moto_server on 127.0.0.1 whose access log counts the requests of each run."""

    def __init__(self, venv: Path, work: Path) -> None:
        self.port = free_port()
        self.log_path = work / "moto.log"
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen([str(venv / "bin" / "moto_server"), "-H", "127.0.0.1", "-p", str(self.port)],
                                        stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.1)
        raise SystemExit("moto did not start")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def mark(self) -> int:
        self.log.flush()
        time.sleep(0.2)
        return self.log_path.stat().st_size

    def requests_since(self, offset: int) -> collections.Counter:
        time.sleep(0.2)
        with open(self.log_path, errors="replace") as log:
            log.seek(offset)
            counts = collections.Counter()
            for match in ACCESS_LINE.finditer(log.read()):
                method, path = match.group(1), match.group(2)
                counts[method] += 1
                if method == "PUT" and path.split("?")[0].endswith(".py"):
                    counts["uploads"] += 1
            return counts

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)
        self.log.close()


def timed(command: list[str], env: dict) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    took = time.perf_counter() - started
    if result.returncode != 0:
        sys.stdout.write(result.stdout)
        raise SystemExit(f"failed ({result.returncode}): {' '.join(command)}")
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jar", type=Path, default=REPO / "generator/target/emrdag.jar")
    args = parser.parse_args()
    print("\n".join(run(args.groups, args.runs, args.jar)))


def run(groups: int, runs: int, jar: Path) -> list[str]:
    """The deploy comparison as Markdown lines (also called by benchmarks/run.py)."""
    args = argparse.Namespace(groups=groups, runs=runs, jar=jar)
    venv = ensure_venv("bench-deploy", HERE / "pins" / "deploy.txt")
    work = Path(tempfile.mkdtemp(prefix="emrdag-deploy-bench-"))
    try:
        project = synthetic_project(work / "src", args.groups)
        output = work / "dags"
        launcher = args.jar.with_name("emrdag")
        emrdag_cli = [str(launcher)] if launcher.is_file() else ["java", "-jar", str(args.jar)]
        subprocess.run([*emrdag_cli, "generate", "-p", str(project), "-o", str(output)], check=True,
                       stdout=subprocess.DEVNULL)
        files = sum(1 for p in output.iterdir() if p.suffix == ".py")
        moto = Moto(venv, work)
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.update(AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench", AWS_REGION="us-east-1",
                   AWS_DEFAULT_REGION="us-east-1", AWS_ENDPOINT_URL=moto.url)
        aws = str(venv / "bin" / "aws")
        emrdag = [*emrdag_cli, "deploy", "-p", str(project)]
        figures = collections.defaultdict(list)
        try:
            for run in range(args.runs):
                for tool in ("emrdag", "aws s3 sync"):
                    bucket = f"bench-{run}-{'emrdag' if tool == 'emrdag' else 'sync'}"
                    subprocess.run([aws, "s3api", "create-bucket", "--bucket", bucket], env=env, check=True, stdout=subprocess.DEVNULL)
                    command = ([*emrdag, "--target", f"s3://{bucket}/dags/"] if tool == "emrdag"
                               else [aws, "s3", "sync", str(output), f"s3://{bucket}/dags/", "--only-show-errors"])
                    for phase in ("full", "unchanged"):
                        mark = moto.mark()
                        took = timed(command, env)
                        counts = moto.requests_since(mark)
                        figures[(tool, phase, "s")].append(took)
                        figures[(tool, phase, "requests")].append(sum(v for k, v in counts.items() if k != "uploads"))
                        figures[(tool, phase, "uploads")].append(counts["uploads"])
                print(f"run {run + 1}/{args.runs} done", file=sys.stderr, flush=True)
        finally:
            moto.stop()
        lines = [f"## Deploy: {files} DAG files to moto S3 on 127.0.0.1 ({args.runs} runs, medians, min–max)", "",
                 "| tool | full deploy | requests | uploads | unchanged redeploy | requests | uploads |",
                 "|---|---|---|---|---|---|---|"]
        for tool in ("emrdag", "aws s3 sync"):
            cells = []
            for phase in ("full", "unchanged"):
                s = figures[(tool, phase, "s")]
                cells += [f"{statistics.median(s):.2f} s ({min(s):.2f}–{max(s):.2f})",
                          f"{statistics.median(figures[(tool, phase, 'requests')]):.0f}",
                          f"{statistics.median(figures[(tool, phase, 'uploads')]):.0f}"]
            lines.append(f"| {tool} | " + " | ".join(cells) + " |")
        full = statistics.median(figures[("aws s3 sync", "full", "s")]) / statistics.median(figures[("emrdag", "full", "s")])
        again = statistics.median(figures[("aws s3 sync", "unchanged", "s")]) / statistics.median(figures[("emrdag", "unchanged", "s")])
        lines += ["", f"emrdag is {full:.2f}× as fast as aws s3 sync for the full deploy (target ≥ 1.5×), "
                      f"{again:.2f}× for the unchanged redeploy (whole processes, JVM start included)."]
        return lines
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
