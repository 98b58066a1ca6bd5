"""The port corpus (``../port-corpus/``, see its README): real EMR DAGs come over to emrdag whole.

For each case of ``port-corpus/cases.yaml`` (one parametrized test each) the original DAG and the DAG the emrdag jar
generates from its port are imported in this venv's real Airflow and rendered at run time for one fixed logical date
with the same Variables (``ti.render_templates()``, as a task run does): the RunJobFlow request, every step and the
tasks around the cluster must be the same, except emrdag's own additions (``EMRDAG_ADDITIONS`` below, each with its
reason) and the per-case differences ``cases.yaml`` lists with theirs. Every task of the original has a counterpart
in the generated DAG, or is listed there as deliberately replaced.

The originals are of two kinds, and none of their source is in this repository:
- the Amazon provider's own EMR example DAGs, read from its wheels 1.0.0 to 6.0.0 (downloaded at test time with
  ``pip download``, cached in ``$EMRDAG_CACHE/provider-wheels``, default ``~/.cache/emrdag/provider-wheels``), deduplicated by
  content; they are written for the provider's old module paths, which the import hook of ``port_dags.py`` (the one
  ``emrdag import`` uses) resolves to today's;
- DAGs written here (``port-corpus/dags/``) that reproduce the patterns of public hand-written EMR DAGs.

A case whose port needs an emrdag feature this build does not have yet (its metadata key is not in the job-group
schema that the jar writes) is skipped, naming the feature. Runs on airflow-2.10.3 only (the MWAA 2.10.3 pair, amazon 9.0.0).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from scheduler_harness import emrdag_jar, generate

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent / "port-corpus"
CASES = yaml.safe_load((CORPUS / "cases.yaml").read_text())["cases"]
TARGET = os.environ.get("EMRDAG_TARGET", "")
CACHE = Path(os.environ.get("EMRDAG_CACHE") or Path.home() / ".cache" / "emrdag") / "provider-wheels"

pytestmark = pytest.mark.skipif(TARGET != "airflow-2.10.3", reason="the port corpus runs on airflow-2.10.3")

# The features the ports use, each known by a key of the job-group schema that its branch adds.
FEATURES = {"around": "before", "jinja": "params", "requests": "step_name", "modes": "cluster_id"}

# The comparison is the product's own (emrdag import proves its ports with it): port_dags.py, shipped in the jar.
sys.path.insert(0, str(HERE.parents[1] / "generator" / "src" / "main" / "resources" / "io" / "emrdag" / "porting"))
import port_dags  # noqa: E402

EMRDAG_ADDITIONS = port_dags.EMRDAG_ADDITIONS


_SCHEMA: list[str] = []


def jar_schema() -> str:
    """The job-group schema of the jar that generates the ports (``emrdag schema``): which keys it knows."""
    if not _SCHEMA:
        import tempfile

        with tempfile.TemporaryDirectory() as folder:
            java = os.environ.get("JAVA_HOME")
            command = [str(Path(java) / "bin" / "java") if java else "java", "-jar", str(emrdag_jar())]
            subprocess.run([*command, "schema", "-o", folder], check=True, capture_output=True)
            _SCHEMA.append((Path(folder) / "job-group.schema.json").read_text())
    return _SCHEMA[0]


def features_missing(case: dict) -> list[str]:
    return [f for f in case.get("needs", []) if f'"{FEATURES[f]}"' not in jar_schema()]


# ---------------------------------------------------------------------------------------------- the provider's DAGs
# Every release of the provider from 1.0.0 to 6.0.0 (the last with example_dags/); EMRDAG_CORPUS_ALL_WHEELS=1 checks
# that each distinct EMR-on-EC2 example among them has a case (19 more downloads, ~6 MB, cached).
ALL_VERSIONS = (
    "1.0.0 1.1.0 1.2.0 1.3.0 1.4.0 2.0.0 2.1.0 2.2.0 2.3.0 2.4.0 2.6.0 3.0.0 3.1.1 3.2.0 3.3.0 3.4.0 "
    "4.0.0 4.1.0 5.0.0 5.1.0 6.0.0"
).split()
EXAMPLES = "airflow/providers/amazon/aws/example_dags/"


def provider_wheel(version: str) -> Path:
    """The amazon provider's wheel of that version, downloaded once with pip into the cache."""
    folder = CACHE / version
    wheel = folder / f"apache_airflow_providers_amazon-{version}-py3-none-any.whl"
    if wheel.is_file():
        return wheel
    partial = folder / "download"
    shutil.rmtree(partial, ignore_errors=True)
    command = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":none:"]
    command += ["--only-binary", ":all:", "-d", str(partial), f"apache-airflow-providers-amazon=={version}"]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise AssertionError(f"pip download of amazon {version} failed: {result.stdout}{result.stderr}")
    (partial / wheel.name).rename(wheel)  # complete or absent: a cut download is never taken for a wheel
    shutil.rmtree(partial, ignore_errors=True)
    return wheel


def provider_example(version: str, name: str) -> Path:
    """One example DAG of the amazon provider's wheel, extracted into the cache (importable from there)."""
    extracted = CACHE / version / "example_dags" / name
    if not extracted.is_file():
        with zipfile.ZipFile(provider_wheel(version)) as archive:
            text = archive.read(EXAMPLES + name)
        extracted.parent.mkdir(parents=True, exist_ok=True)
        tmp = extracted.with_suffix(".tmp")
        tmp.write_bytes(text)
        tmp.rename(extracted)
    return extracted


def provider_cases() -> dict:
    """sha256 (12 hex) -> case id, for the cases whose original is a provider example."""
    return {c["original"]["sha256"]: c["id"] for c in CASES if "provider" in c["original"]}


def test_provider_examples_are_the_named_distinct_files():
    """Each provider case's file is the one cases.yaml names (its sha256), and no two cases port the same file."""
    seen = {}
    for case in CASES:
        origin = case["original"]
        if "provider" not in origin:
            continue
        digest = hashlib.sha256(provider_example(origin["provider"], origin["file"]).read_bytes()).hexdigest()[:12]
        assert digest == origin["sha256"], f"{case['id']}: the wheel's file changed ({digest})"
        assert digest not in seen, f"{case['id']} is the same file as {seen[digest]}"
        seen[digest] = case["id"]


@pytest.mark.skipif(os.environ.get("EMRDAG_CORPUS_ALL_WHEELS") != "1", reason="EMRDAG_CORPUS_ALL_WHEELS=1 to run")
def test_every_distinct_provider_example_has_a_case():
    """Over every release 1.0.0-6.0.0, each distinct EMR-on-EC2 example DAG (EMR on EKS left out) has a case."""
    ported = provider_cases()
    missing = []
    for version in ALL_VERSIONS:
        with zipfile.ZipFile(provider_wheel(version)) as archive:
            for name in archive.namelist():
                base = name.removeprefix(EXAMPLES)
                if name.startswith(EXAMPLES) and base.startswith("example_emr") and "eks" not in base:
                    digest = hashlib.sha256(archive.read(name)).hexdigest()[:12]
                    if digest not in ported:
                        missing.append(f"{version} {base} {digest}")
    assert not missing, f"distinct provider examples without a case: {missing}"


# ------------------------------------------------------------------------------------------------------ loading
def load_dags(path: Path, folders: list[Path]) -> dict:
    return port_dags.load_dags(path, folders)


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """The port project (emrdag.yaml and the ports whose features this build has), generated by the emrdag jar."""
    project = tmp_path_factory.mktemp("port-project")
    shutil.copyfile(CORPUS / "project" / "emrdag.yaml", project / "emrdag.yaml")
    for case in CASES:
        if not features_missing(case):
            shutil.copyfile(CORPUS / "project" / f"{case['port']}.yaml", project / f"{case['port']}.yaml")
    output = tmp_path_factory.mktemp("port-dags")
    generate(emrdag_jar(), project, output)
    for helper in (CORPUS / "dags").glob("*_helpers.py"):  # shipped beside the DAGs, as the ports' callables need
        shutil.copyfile(helper, output / helper.name)
    return output


# --------------------------------------------------------------------------------------------------------- test
def load_original(case: dict) -> tuple:
    """The original DAG of a case (old module paths bridged by the product's import hook) and the paths bridged."""
    bridges = port_dags.install_bridges()
    bridges.forget()
    origin = case["original"]
    if "provider" in origin:
        path = provider_example(origin["provider"], origin["file"])
    else:
        path = CORPUS / "dags" / origin["file"]
    dags = load_dags(path, [path.parent])
    bridged = list(bridges.used)
    assert case["dag_id"] in dags, f"{path.name} defines {sorted(dags)}; bridged {bridged}"
    return dags[case["dag_id"]], bridged


def set_variables(case: dict, monkeypatch) -> None:
    """The case's Variables, for both sides, at parse and at run time (the environment-variable backend)."""
    for name, value in case.get("variables", {}).items():
        monkeypatch.setenv(f"AIRFLOW_VAR_{name.upper()}", value if isinstance(value, str) else json.dumps(value))


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_original_imports_and_renders(case, monkeypatch):
    """Each original imports in Airflow 2.10.3 + amazon 9.0.0 (old paths bridged) and renders at run time: the half
    of the comparison that needs no emrdag feature."""
    set_variables(case, monkeypatch)
    original, _ = load_original(case)
    tasks = port_dags.render(original)
    sent = port_dags.requests_of(tasks, set())
    assert sent["steps"], f"{case['id']}: the original sends no step"
    for task_id in case.get("tasks", {}):
        assert task_id in tasks, f"cases.yaml names {task_id}, which {case['dag_id']} does not have"


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_port_sends_what_the_original_sends(case, request, monkeypatch):
    """The RunJobFlow request, every step, the connection ids and the DAG arguments are equal but for emrdag's own
    additions (EMRDAG_ADDITIONS) and the case's listed differences; every task of the original has a counterpart of
    the same operator (the tasks around the cluster render the same fields), or is listed as replaced; what ran before
    the original's first EMR call runs before the port's (port_dags.compare_dags, the comparison emrdag import uses)."""
    missing = features_missing(case)
    if missing:
        pytest.skip(f"port waits for emrdag feature(s): {', '.join(missing)}")
    generated = request.getfixturevalue("generated")
    set_variables(case, monkeypatch)
    original, _ = load_original(case)
    port = load_dags(generated / f"{case['port']}_dag.py", [generated])[case["port"]]
    problems = port_dags.compare_dags(original, port, case.get("tasks", {}), case.get("differences", []))
    assert set(problems.pop("additions")) <= EMRDAG_ADDITIONS.keys()
    assert problems == {"request": [], "steps": [], "dag": [], "tasks": []}
