#!/usr/bin/env python3
"""Opens the examples' capacity report in a real headless Chromium and checks that it loads cleanly, offline.

    python3 check_report.py [--jar generator/cli/target/emrdag/lib/emrdag.jar] [--out python-tests/target/report]

Renders two reports with the built CLI: the examples' prod environment as committed (with the price table docs/report/example-prices.csv)
and the examples with quotas added to a copy of their emrdag.yaml (the one the README shows). Each page is opened
in Chromium (Debian's package, driven through the Chrome DevTools Protocol over --remote-debugging-pipe: the
standard library is all this needs), and the check fails on any console error, uncaught exception, browser log
error (a Content-Security-Policy violation among them) or request other than the page's own file:// and data:
URLs. It also sorts the job-group table and filters it, so that the page's script runs, and saves a full-page
screenshot of each page into the output folder. A control page with a console error and a request to 127.0.0.1
must be caught, so that a check that sees nothing cannot pass.

Chromium is installed with apt-get when missing and this runs as root; without a browser and without a way to
install one the check says why and exits 0 (skipped), unless EMRDAG_BROWSER=required. The report's figures are
checked by the Java tests (HandComputedCapacityTest), which need no browser. Exit codes: 0 passed (or skipped),
1 a check failed, 3 environment error.
"""

from __future__ import annotations

import argparse
import base64
import fcntl
import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PRICES = REPO / "docs" / "report" / "example-prices.csv"
QUOTAS = """
# Added by python-tests/check_report.py: the account's EC2 vCPU quotas and a cluster limit.
capacity:
  cluster_startup: 10m
quotas:
  clusters: 4
  on_demand_vcpus: {standard: 128}
  spot_vcpus: {L-34B43A08: 64}
"""
BROWSERS = ("chromium", "chromium-browser", "google-chrome")
# Flags that keep a headless Chromium from reaching out on its own (updates, sync, field trials, QUIC probes).
QUIET = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--hide-scrollbars",
    "--mute-audio",
    "--no-default-browser-check",
    "--disable-features=Translate,MediaRouter,OptimizationHints",
]
WIDTH = 1400


class Skip(Exception):
    """No browser, and no way to install one."""


def say(message: str) -> None:
    print(message, flush=True)


def browser() -> str:
    """The Chromium executable, installed from Debian's packages when missing and allowed."""
    if os.environ.get("EMRDAG_BROWSER") == "skip":
        raise Skip("EMRDAG_BROWSER=skip")
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    if os.name != "posix" or os.geteuid() != 0 or not shutil.which("apt-get"):
        raise Skip("no Chromium on PATH, and apt-get cannot install one here (needs root and apt-get)")
    say("installing chromium with apt-get (Debian's package) ...")
    started = time.monotonic()
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium"]
    result = subprocess.run(install, env=env, capture_output=True, text=True, timeout=900)
    if result.returncode != 0:
        subprocess.run(["apt-get", "update", "-qq"], env=env, capture_output=True, text=True, timeout=600)
        result = subprocess.run(install, env=env, capture_output=True, text=True, timeout=900)
    if result.returncode != 0 or not shutil.which("chromium"):
        raise Skip("apt-get could not install chromium: " + (result.stderr.strip().splitlines() or ["no output"])[-1])
    say(f"installed chromium in {time.monotonic() - started:.0f} s")
    return shutil.which("chromium")


class DevTools:
    """A Chromium process and its DevTools connection, over the pipes --remote-debugging-pipe reads on fds 3 and 4."""

    def __init__(self, executable: str, profile: Path):
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()

        def onto_fds_3_and_4() -> None:
            # Out of the way first (a pipe end may itself be 3 or 4), then onto 3 and 4, inheritable; the originals
            # (not inheritable) close at exec.
            reading, writing = (
                fcntl.fcntl(to_browser_r, fcntl.F_DUPFD, 10),
                fcntl.fcntl(from_browser_w, fcntl.F_DUPFD, 10),
            )
            os.dup2(reading, 3)
            os.dup2(writing, 4)
            os.set_inheritable(3, True)
            os.set_inheritable(4, True)

        self.process = subprocess.Popen(
            [
                executable,
                *QUIET,
                f"--user-data-dir={profile}",
                "--remote-debugging-pipe",
                f"--window-size={WIDTH},1000",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=False,
            preexec_fn=onto_fds_3_and_4,
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._next_id = 0
        self._replies: dict[int, queue.Queue] = {}
        self.events: queue.Queue = queue.Queue()
        self._lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        buffer = b""
        while True:
            chunk = os.read(self._from_browser, 1 << 16)
            if not chunk:
                self.events.put(None)
                return
            buffer += chunk
            while b"\0" in buffer:
                raw, buffer = buffer.split(b"\0", 1)
                message = json.loads(raw)
                if "id" in message:
                    with self._lock:
                        box = self._replies.get(message["id"])
                    if box is not None:
                        box.put(message)
                else:
                    self.events.put(message)

    def send(self, method: str, params: dict | None = None, session: str | None = None, timeout: float = 30) -> dict:
        with self._lock:
            self._next_id += 1
            number = self._next_id
            box: queue.Queue = queue.Queue()
            self._replies[number] = box
        message = {"id": number, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        try:
            reply = box.get(timeout=timeout)
        except queue.Empty:
            raise RuntimeError(f"no answer to {method} within {timeout:.0f} s") from None
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    def close(self) -> None:
        try:
            self.send("Browser.close", timeout=5)
        except (RuntimeError, OSError):
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def open_page(tools: DevTools, url: str, screenshot: Path | None, interact: bool) -> tuple[list[str], list[str], str]:
    """Loads url in a new tab; returns the problems seen (errors), every URL requested, and the page's text."""
    target = tools.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = tools.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    for domain in ("Runtime", "Log", "Network", "Page"):
        tools.send(f"{domain}.enable", session=session)
    while not tools.events.empty():
        tools.events.get_nowait()
    tools.send("Page.navigate", {"url": url}, session=session)
    problems: list[str] = []
    requests: list[str] = []
    loaded = False
    deadline = time.monotonic() + 60

    def drain(until: float) -> None:
        nonlocal loaded
        while time.monotonic() < until:
            try:
                event = tools.events.get(timeout=0.1)
            except queue.Empty:
                continue
            if event is None:
                raise RuntimeError("Chromium closed its DevTools pipe")
            if event.get("sessionId") != session:
                continue
            method, params = event["method"], event.get("params", {})
            if method == "Page.loadEventFired":
                loaded = True
            elif method == "Network.requestWillBeSent":
                requests.append(params["request"]["url"])
            elif method == "Network.loadingFailed":
                problems.append(f"load failed: {params.get('errorText')} ({params.get('blockedReason', '')})")
            elif method == "Runtime.exceptionThrown":
                details = params["exceptionDetails"]
                problems.append("uncaught: " + details.get("exception", {}).get("description", details.get("text", "")))
            elif method == "Runtime.consoleAPICalled" and params["type"] in ("error", "assert"):
                problems.append(
                    f"console.{params['type']}: "
                    + " ".join(str(a.get("value", a.get("description", ""))) for a in params["args"])
                )
            elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
                problems.append(f"browser log error: {params['entry']['text']}")
            elif method == "Log.entryAdded" or method == "Runtime.consoleAPICalled" and params["type"] == "warning":
                say(f"      (warning, not an error: {params.get('entry', params)})")
            if loaded and until == deadline:
                return

    drain(deadline)
    if not loaded:
        problems.append("the page did not finish loading within 60 s")
    if screenshot is not None:
        metrics = tools.send("Page.getLayoutMetrics", session=session)
        height = int(metrics["cssContentSize"]["height"])
        tools.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": WIDTH, "height": min(height, 16000), "deviceScaleFactor": 1, "mobile": False},
            session=session,
        )
        shot = tools.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True}, session=session)
        screenshot.write_bytes(base64.b64decode(shot["data"]))
    if interact:
        script = """(() => {
            const heads = document.querySelectorAll('#groups th[data-type]');
            heads.forEach(h => h.click());
            heads[0].click();
            const filter = document.getElementById('filter');
            filter.value = 'cdc';
            filter.dispatchEvent(new Event('input'));
            const rows = [...document.querySelectorAll('#groups tbody tr')];
            const shown = rows.filter(r => r.style.display !== 'none').length;
            filter.value = '';
            filter.dispatchEvent(new Event('input'));
            return shown;
        })()"""
        shown = tools.send("Runtime.evaluate", {"expression": script, "returnByValue": True}, session=session)
        if shown.get("exceptionDetails") or not isinstance(shown.get("result", {}).get("value"), int):
            problems.append(f"the table's script failed: {shown}")
    drain(time.monotonic() + 1.0)  # late requests, errors from the script
    text = tools.send(
        "Runtime.evaluate",
        {"expression": "document.body ? document.body.innerText : ''", "returnByValue": True},
        session=session,
    )["result"].get("value", "")
    tools.send("Target.closeTarget", {"targetId": target})
    return problems, requests, text


def offline(requests: list[str], page: str) -> list[str]:
    """Every request that is not the page itself or inline data."""
    return [r for r in requests if not (r == page or r.startswith("data:"))]


def render(jar: Path, project: Path, output: Path) -> None:
    """emrdag report from the repository's top, as a user runs it there (the page names the price table as given)."""
    command = [
        "java",
        "-jar",
        str(jar),
        "report",
        "-p",
        str(project),
        "--environment",
        "prod",
        "-o",
        str(output),
        "--prices",
        str(PRICES.relative_to(REPO)),
    ]
    result = subprocess.run(command, capture_output=True, text=True, cwd=REPO)
    sys.stdout.write(result.stdout)
    if result.returncode not in (0,):
        sys.stdout.write(result.stderr)
        raise RuntimeError(f"emrdag report failed (exit {result.returncode})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--jar", type=Path, default=REPO / "generator" / "cli" / "target" / "emrdag" / "lib" / "emrdag.jar"
    )
    parser.add_argument("--out", type=Path, default=HERE / "target" / "report")
    args = parser.parse_args()
    if not args.jar.is_file():
        say(f"{args.jar} not found: build it first (./mvnw -B -ntp package -DskipTests)")
        return 3
    try:
        executable = browser()
    except Skip as skip:
        required = os.environ.get("EMRDAG_BROWSER") == "required"
        say(f"report browser check {'FAILED' if required else 'SKIPPED'}: {skip}")
        return 3 if required else 0
    args.out.mkdir(parents=True, exist_ok=True)
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="emrdag-report-check-") as tmp:
        work = Path(tmp)
        pages = {"examples": args.out / "examples.html", "examples-with-quotas": args.out / "examples-with-quotas.html"}
        render(args.jar, Path("job-groups"), pages["examples"].resolve())
        with_quotas = work / "job-groups"
        shutil.copytree(REPO / "job-groups", with_quotas, ignore=shutil.ignore_patterns(".*"))
        settings = with_quotas / "emrdag.yaml"
        settings.write_text(settings.read_text() + QUOTAS)
        render(args.jar, with_quotas, pages["examples-with-quotas"].resolve())
        control = work / "control.html"
        control.write_text(
            "<!DOCTYPE html><title>control</title><img src='http://127.0.0.1:9/x.png'>"
            "<script>console.error('control error')</script>"
        )
        version = subprocess.run([executable, "--version"], capture_output=True, text=True).stdout.strip()
        say(f"{version}: headless, offline flags, DevTools over a pipe")
        tools = DevTools(executable, work / "profile")
        try:
            problems, requests, _ = open_page(tools, control.as_uri(), None, interact=False)
            caught = any("control error" in p for p in problems) and offline(requests, control.as_uri())
            say(f"  {'ok' if caught else 'FAILED'}  a control page's console error and request to 127.0.0.1 are caught")
            if not caught:
                failures.append(f"control page not caught: problems {problems}, requests {requests}")
            for name, page in pages.items():
                shot = args.out / f"{name}.png"
                problems, requests, text = open_page(tools, page.as_uri(), shot, interact=True)
                outside = offline(requests, page.as_uri())
                figures = all(
                    f in text for f in ("emrdag capacity report: mediclake-prod", "Peak vCPUs at once", "332", "3,643.0")
                )
                for what, ok in (
                    (f"{name}: loads with no console error, exception or browser log error", not problems),
                    (f"{name}: requests nothing but its own file ({len(requests)} request(s))", not outside),
                    (
                        f"{name}: shows the fleet's figures (332 vCPUs at the peak, 3,643.0 instance-hours a month)",
                        figures,
                    ),
                    (
                        f"{name}: screenshot {shot.relative_to(REPO) if shot.is_relative_to(REPO) else shot}",
                        shot.is_file(),
                    ),
                ):
                    say(f"  {'ok' if ok else 'FAILED'}  {what}")
                    if not ok:
                        failures.append(what)
                for problem in problems:
                    say(f"      {problem}")
                for request in outside:
                    say(f"      request: {request}")
        except RuntimeError as error:
            say(f"report browser check: environment error: {error}")
            return 3
        finally:
            tools.close()
    if failures:
        say(f"report browser check: {len(failures)} check(s) failed")
        return 1
    say("report browser check: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
