#!/usr/bin/env python3
"""Validates the example metadata against schemas/ with check-jsonschema, offline.

    python3 check_schemas.py

emrdag's own tests validate the examples with a Java validator; this check uses a third-party one that CI
pipelines and pre-commit hooks use (check-jsonschema, pinned in pins/check-jsonschema.txt, in a venv cached beside
the Airflow ones), so that the schemas work as users meet them. Every run is offline: the proxy variables point at
a closed port, so a schema that sends a validator to the network (a web $id against which its $refs resolve) fails.
It checks that the schemas are valid 2020-12 schemas, that every example validates (emrdag.yaml against
emrdag.schema.json, whose $refs lead into job-group.schema.json), and that typo'd copies are rejected naming the
key. Exit codes: 0 passed, 1 a check failed, 3 environment error (venv set-up).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SCHEMAS = REPO / "schemas"
EXAMPLES = REPO / "job-groups"
PINS = HERE / "pins" / "check-jsonschema.txt"
# The venv logic is the one `emrdag verify` ships in its jar: one cache, one truth.
sys.path.insert(0, str(REPO / "generator" / "src" / "main" / "resources" / "io" / "emrdag" / "verify"))
from environments import EnvironmentProblem, ensure_venv  # noqa: E402

CLOSED_PORT = "http://127.0.0.1:9"


def offline_environment() -> dict:
    env = {k: v for k, v in os.environ.items() if k.lower() not in ("http_proxy", "https_proxy", "all_proxy", "no_proxy")}
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        env[name] = CLOSED_PORT
    return env


def run(tool: Path, arguments: list) -> subprocess.CompletedProcess:
    return subprocess.run([tool, "--no-cache", *arguments], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          env=offline_environment())


def examples() -> list[Path]:
    files = [p for p in EXAMPLES.rglob("*") if p.suffix in (".yaml", ".yml", ".json")]
    return sorted(p for p in files if not any(part.startswith(".") for part in p.relative_to(EXAMPLES).parts))


def main() -> int:
    try:
        venv = ensure_venv("check-jsonschema", PINS)
    except EnvironmentProblem as problem:
        print(problem, file=sys.stderr)
        return 3
    tool = venv / "bin" / "check-jsonschema"
    failures = []

    def expect(what: str, arguments: list, passes: bool, mentions: str | None = None) -> None:
        result = run(tool, arguments)
        ok = (result.returncode == 0) == passes and (mentions is None or mentions in result.stdout)
        print(f"  {'ok' if ok else 'FAILED'}  {what}", flush=True)
        if not ok:
            failures.append(what)
            print(result.stdout, flush=True)

    project = EXAMPLES / "emrdag.yaml"
    job_groups = [p for p in examples() if p != project]
    schema = {name: str(SCHEMAS / f"{name}.schema.json") for name in ("emrdag", "job-group")}
    print(f"check-jsonschema ({venv.name}), offline (proxies at {CLOSED_PORT}):", flush=True)
    expect("the schemas are valid 2020-12 schemas", ["--check-metaschema", *schema.values()], passes=True)
    expect("emrdag.yaml validates (its $refs lead to job-group.schema.json beside it)",
           ["--schemafile", schema["emrdag"], str(project)], passes=True)
    expect(f"{len(job_groups)} job-group files validate", ["--schemafile", schema["job-group"], *map(str, job_groups)], passes=True)
    with tempfile.TemporaryDirectory(prefix="emrdag-schema-check-") as tmp:
        typo = Path(tmp) / "patients_cdc.yaml"
        typo.write_text((EXAMPLES / "raw_to_process" / "patients_cdc.yaml").read_text().replace("schedule:", "schedul:", 1))
        expect("a job group with 'schedul:' is rejected", ["--schemafile", schema["job-group"], str(typo)], passes=False,
               mentions="schedul")
        referenced = Path(tmp) / "emrdag.yaml"
        referenced.write_text(project.read_text().replace("    release_label:", "    release_lable:", 1))
        expect("emrdag.yaml with 'release_lable:' under defaults.cluster (checked through the $ref) is rejected",
               ["--schemafile", schema["emrdag"], str(referenced)], passes=False, mentions="release_lable")
    if failures:
        print(f"{len(failures)} schema check(s) failed", flush=True)
        return 1
    print("schemas: all checks passed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
