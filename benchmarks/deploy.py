#!/usr/bin/env python3
"""Deploy benchmark: emrdag deploy vs `aws s3 sync` (awscli from PyPI), against the same moto S3 server.

Both tools upload the same N generated DAG files (default 1,000 job groups → 1,002 files) to their own empty
bucket on one moto server on 127.0.0.1, run after run interleaved; then each redeploys unchanged. Requests are
counted from moto's access log (each HTTP request the server answered), uploads are its PUTs of .py files.

Two more rows put the figures in context:
- "raw PUT floor": the same files PUT by a minimal client inside this process (16 threads, keep-alive
  http.client, the headers emrdag sends: Content-MD5, If-None-Match, a SigV4-shaped Authorization so that moto
  routes it as it routes the tools' requests; no SDK, no listing, no process start). moto answers one request
  at a time per core it gets (one Python process, one GIL) and closes every connection, so this is the most
  any client can get from the same server: the floor under every tool's full deploy.
- with --baseline-jar, another emrdag.jar (its launcher beside it when there is one), measured interleaved with
  the built one: before/after figures from one run on one server.

emrdag runs with EMRDAG_DEPLOY_TIMING=1; the medians of its upload phases (modules + DAG files) are reported
beside the floor.

    python3 benchmarks/deploy.py [--groups 1000] [--runs 3] [--jar generator/cli/target/emrdag/lib/emrdag.jar]
                                 [--baseline-jar OLD/emrdag.jar]

Build the jar first: ./mvnw -B -ntp package -DskipTests
"""
from __future__ import annotations

import argparse
import base64
import collections
import concurrent.futures
import hashlib
import http.client
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
UPLOAD_PHASE = re.compile(r"uploaded \d+/\d+ (?:shared modules|DAG files) in (\d+) ms")
FLOOR = "raw PUT floor"


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


def timed(command: list[str], env: dict) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    took = time.perf_counter() - started
    if result.returncode != 0:
        sys.stdout.write(result.stdout)
        raise SystemExit(f"failed ({result.returncode}): {' '.join(command)}")
    return took, result.stdout


def raw_puts(port: int, bucket: str, folder: Path, threads: int = 16) -> float:
    """PUTs every .py file of folder to s3://bucket/dags/ with a minimal client; returns the wall time."""
    bodies = [(p.name, p.read_bytes()) for p in sorted(folder.iterdir()) if p.suffix == ".py"]
    scope = f"bench/{time.strftime('%Y%m%d', time.gmtime())}/us-east-1/s3/aws4_request"
    local = __import__("threading").local()

    def put(item: tuple[str, bytes]) -> None:
        name, body = item
        connection = getattr(local, "connection", None)
        if connection is None:
            connection = local.connection = http.client.HTTPConnection("127.0.0.1", port)
        connection.request("PUT", f"/{bucket}/dags/{name}", body=body, headers={
            "Content-Type": "text/x-python", "If-None-Match": "*",
            "Content-MD5": base64.b64encode(hashlib.md5(body).digest()).decode(),
            "x-amz-content-sha256": hashlib.sha256(body).hexdigest(),
            "Authorization": f"AWS4-HMAC-SHA256 Credential={scope}, SignedHeaders=host, Signature=0"})
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            raise SystemExit(f"raw PUT of {name}: HTTP {response.status}")

    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(threads) as pool:
        list(pool.map(put, bodies))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jar", type=Path, default=REPO / "generator/cli/target/emrdag/lib/emrdag.jar")
    parser.add_argument("--baseline-jar", type=Path, help="another emrdag.jar to measure beside --jar, interleaved")
    args = parser.parse_args()
    print("\n".join(run(args.groups, args.runs, args.jar, args.baseline_jar)))


def cli(jar: Path) -> list[str]:
    """How to run emrdag from jar: its launcher beside it (as users run it), else java -jar."""
    candidates = (jar.parent.parent / "bin" / "emrdag", jar.with_name("emrdag"))  # a distribution's bin/, or beside an old jar
    launcher = next((p for p in candidates if p.is_file()), candidates[1])
    return [str(launcher)] if launcher.is_file() else ["java", "-jar", str(jar)]


def run(groups: int, runs: int, jar: Path, baseline_jar: Path | None = None) -> list[str]:
    """The deploy comparison as Markdown lines (also called by benchmarks/run.py)."""
    args = argparse.Namespace(groups=groups, runs=runs, jar=jar)
    venv = ensure_venv("bench-deploy", HERE / "pins" / "deploy.txt")
    work = Path(tempfile.mkdtemp(prefix="emrdag-deploy-bench-"))
    try:
        project = synthetic_project(work / "src", args.groups)
        output = work / "dags"
        emrdag_cli = cli(args.jar)
        subprocess.run([*emrdag_cli, "generate", "-p", str(project), "-o", str(output)], check=True,
                       stdout=subprocess.DEVNULL)
        files = sum(1 for p in output.iterdir() if p.suffix == ".py")
        moto = Moto(venv, work)
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.update(AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench", AWS_REGION="us-east-1",
                   AWS_DEFAULT_REGION="us-east-1", AWS_ENDPOINT_URL=moto.url)
        aws = str(venv / "bin" / "aws")
        commands = {"emrdag": [*emrdag_cli, "deploy", "-p", str(project)]}
        if baseline_jar is not None:
            commands["emrdag (baseline)"] = [*cli(baseline_jar), "deploy", "-p", str(project)]
        tools = [*commands, "aws s3 sync", FLOOR]
        figures = collections.defaultdict(list)
        try:
            for run in range(args.runs):
                for number, tool in enumerate(tools):
                    bucket = f"bench-{run}-{number}"
                    subprocess.run([aws, "s3api", "create-bucket", "--bucket", bucket], env=env, check=True, stdout=subprocess.DEVNULL)
                    command = ([*commands[tool], "--target", f"s3://{bucket}/dags/"] if tool in commands
                               else [aws, "s3", "sync", str(output), f"s3://{bucket}/dags/", "--only-show-errors"])
                    for phase in ("full", "unchanged"):
                        if tool == FLOOR and phase == "unchanged":
                            continue
                        mark = moto.mark()
                        if tool == FLOOR:
                            took, log = raw_puts(moto.port, bucket, output), ""
                        else:
                            took, log = timed(command, {**env, "EMRDAG_DEPLOY_TIMING": "1"} if tool in commands else env)
                        counts = moto.requests_since(mark)
                        figures[(tool, phase, "s")].append(took)
                        figures[(tool, phase, "requests")].append(sum(v for k, v in counts.items() if k != "uploads"))
                        figures[(tool, phase, "uploads")].append(counts["uploads"])
                        if phase == "full" and tool in commands:
                            figures[(tool, "upload phases", "s")].append(sum(int(ms) for ms in UPLOAD_PHASE.findall(log)) / 1000)
                print(f"run {run + 1}/{args.runs} done", file=sys.stderr, flush=True)
        finally:
            moto.stop()
        lines = [f"## Deploy: {files} DAG files to moto S3 on 127.0.0.1 ({args.runs} runs, medians, min–max)", "",
                 "| tool | full deploy | requests | uploads | unchanged redeploy | requests | uploads |",
                 "|---|---|---|---|---|---|---|"]

        def cell(tool: str, phase: str) -> list[str]:
            s = figures[(tool, phase, "s")]
            if not s:
                return ["—", "—", "—"]
            return [f"{statistics.median(s):.2f} s ({min(s):.2f}–{max(s):.2f})",
                    f"{statistics.median(figures[(tool, phase, 'requests')]):.0f}",
                    f"{statistics.median(figures[(tool, phase, 'uploads')]):.0f}"]

        for tool in tools:
            lines.append(f"| {tool} | " + " | ".join(cell(tool, "full") + cell(tool, "unchanged")) + " |")

        def median(tool: str, phase: str) -> float:
            return statistics.median(figures[(tool, phase, "s")])

        lines.append("")
        for tool in commands:
            full = median("aws s3 sync", "full") / median(tool, "full")
            again = median("aws s3 sync", "unchanged") / median(tool, "unchanged")
            lines.append(f"{tool} is {full:.2f}× as fast as aws s3 sync for the full deploy (target ≥ 1.5×), "
                         f"{again:.2f}× for the unchanged redeploy (whole processes, JVM start included).")
        floor = median(FLOOR, "full")
        lines += ["", f"The raw PUT floor of this moto server: {floor:.2f} s for {files} uploads (aws s3 sync is "
                      f"{median('aws s3 sync', 'full') / floor:.2f}× the floor; no tool can beat the floor on this server)."]
        for tool in commands:
            phases = figures[(tool, "upload phases", "s")]
            lines.append(f"{tool}'s own upload phases (modules + DAG files, from its progress lines): "
                         f"{statistics.median(phases):.2f} s ({min(phases):.2f}–{max(phases):.2f}), "
                         f"{statistics.median(phases) / floor:.2f}× the floor.")
        return lines
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
