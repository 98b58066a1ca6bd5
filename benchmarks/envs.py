"""The Python environments the benchmark needs, all cached beside emrdag's own (~/.cache/emrdag/venvs).

The Airflow venvs are emrdag's pinned ones (created by the same environments.py as `emrdag verify` and
the Python tests, never modified here). dag-factory gets its own venv per target, built from the
target's exact pins plus benchmarks/pins/dag-factory.txt; boundary-layer gets one from
benchmarks/pins/boundary-layer.txt. Each is keyed by the sha256 of its pin file, so changed pins give
a new venv and unchanged ones are reused.
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
VERIFY_RESOURCES = REPO / "generator" / "src" / "main" / "resources" / "io" / "emrdag" / "verify"
sys.path.insert(0, str(VERIFY_RESOURCES))
from environments import EnvironmentProblem, cache_dir, ensure_venv  # noqa: E402,F401

TARGETS = {p.stem.removeprefix("airflow-"): p for p in sorted(VERIFY_RESOURCES.glob("targets/airflow-*.txt"))}


def _name(line: str) -> str:
    return re.split(r"[=<>!~\[; ]", line.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _pins(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text().splitlines() if line.strip() and not line.startswith("#")]


def airflow_python(version: str) -> Path:
    """emrdag's pinned venv for an Airflow target (shared, read-only here)."""
    return ensure_venv(f"airflow-{version}", TARGETS[version]) / "bin" / "python"


def dag_factory_python(version: str) -> Path:
    """A separate venv: the target's exact pins plus dag-factory's (the target's pin wins on overlap)."""
    base = _pins(TARGETS[version])
    pinned = {_name(line) for line in base}
    extra = [line for line in _pins(HERE / "pins" / "dag-factory.txt") if _name(line) not in pinned]
    pins = cache_dir() / "bench-pins" / f"dag-factory-airflow-{version}.txt"
    pins.parent.mkdir(parents=True, exist_ok=True)
    text = "\n".join(base + extra) + "\n"
    if not pins.is_file() or pins.read_text() != text:
        pins.write_text(text)
    return ensure_venv(f"bench-dag-factory-airflow-{version}", pins) / "bin" / "python"


def boundary_layer_python() -> Path:
    return ensure_venv("bench-boundary-layer", HERE / "pins" / "boundary-layer.txt") / "bin" / "python"


def cached(kind: str, version: str | None = None) -> bool:
    """Whether an environment already exists (the smoke run uses only what is there)."""
    if kind == "airflow":
        prefix, pins = f"airflow-{version}", TARGETS[version]
    elif kind == "boundary-layer":
        prefix, pins = "bench-boundary-layer", HERE / "pins" / "boundary-layer.txt"
    else:
        prefix = f"bench-dag-factory-airflow-{version}"
        pins = cache_dir() / "bench-pins" / f"dag-factory-airflow-{version}.txt"
        if not pins.is_file():
            return False
    venv = cache_dir() / "venvs" / f"{prefix}-{hashlib.sha256(pins.read_bytes()).hexdigest()[:12]}"
    return (venv / ".complete").is_file()
