"""Pinned Python environments with a real Airflow and Amazon provider, one per MWAA target.

    python environments.py PINS_FILE NAME     # prints the environment's python path on stdout

The venv lives in $EMRDAG_CACHE/venvs (default ~/.cache/emrdag/venvs) under NAME plus the first 12
hex digits of the pin file's SHA-256, so a changed pin file gets a new venv and an unchanged one is
reused. It is created from the exact pins (no resolver surprises from new upstream releases), marked
complete only after pip succeeded, and guarded by a lock so that parallel runs do not race.
Used by `emrdag verify` and by the Python test suite (python-tests/run_tests.py).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path


class EnvironmentProblem(Exception):
    """The environment could not be created (no network, pip failure, …)."""


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _run_quietly(what: str, command: list) -> None:
    result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stdout)
        raise EnvironmentProblem(f"{what} failed (exit {result.returncode}): {' '.join(map(str, command))}")


def cache_dir() -> Path:
    return Path(os.environ.get("EMRDAG_CACHE") or Path.home() / ".cache" / "emrdag")


def ensure_venv(name: str, pins: Path) -> Path:
    """The venv for pins, created when missing; returns its folder."""
    venv = cache_dir() / "venvs" / f"{name}-{hashlib.sha256(pins.read_bytes()).hexdigest()[:12]}"
    marker = venv / ".complete"
    venv.parent.mkdir(parents=True, exist_ok=True)
    with open(venv.parent / f"{venv.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if marker.exists() and (venv / "bin" / "python").exists():
            _say(f"using cached environment {name}: {venv}")
            return venv
        _say(f"creating environment {name} in {venv} (pinned Airflow + Amazon provider, about a minute) …")
        started = time.monotonic()
        shutil.rmtree(venv, ignore_errors=True)
        _run_quietly("venv creation", [sys.executable, "-m", "venv", venv])
        pip = [venv / "bin" / "python", "-m", "pip", "install", "--disable-pip-version-check", "--no-input"]
        _run_quietly("pip install", [*pip, "-r", pins])
        marker.write_text(pins.read_text())
        _say(f"creating environment {name} … done in {time.monotonic() - started:.0f} s")
        return venv


def main() -> int:
    if len(sys.argv) != 3:
        _say(__doc__.strip().splitlines()[2].strip())
        return 2
    try:
        venv = ensure_venv(sys.argv[2], Path(sys.argv[1]))
    except EnvironmentProblem as problem:
        _say(str(problem))
        return 3
    print(venv / "bin" / "python")
    return 0


if __name__ == "__main__":
    sys.exit(main())
