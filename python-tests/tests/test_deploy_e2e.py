"""End to end: `emrdag deploy --target mwaa:ENV --wait` against a local stand-in for MWAA built from real parts.

moto S3 on 127.0.0.1 holds the environment's bucket; a syncer mirrors ``s3://BUCKET/dags/`` into a real
Airflow's DAG folder every second; that Airflow (the venv's: scheduler + webserver, sqlite) parses the files
and answers its stable REST API; a small server plays MWAA's control plane (GetEnvironment, InvokeRestApi).
The CLI jar (``generator/cli/target/emrdag/lib/emrdag.jar``, or $EMRDAG_JAR) runs as users run it.

Runs on the targets in E2E_TARGETS, one Airflow 2 (REST API v1) and one Airflow 3 (REST API v2, which MWAA
forwards InvokeRestApi to for an Airflow 3 environment), with the example project's ``target:`` set to the venv's
Airflow and its ``prod`` environment deploying to the stand-in (``--environment prod``); skipped on the other targets. ``-m "not e2e"`` or EMRDAG_E2E=0 leave it out.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import airflow
import pytest
import yaml
from mwaa_standin import AIRFLOW_3, REGION, S3, Airflow, DagFolderSyncer, MwaaControlPlane, poll

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
PROJECT = REPO / "job-groups"
JAR = Path(os.environ.get("EMRDAG_JAR") or REPO / "generator" / "cli" / "target" / "emrdag" / "lib" / "emrdag.jar")
ENVIRONMENT = "emrdag-e2e"
BUCKET = "emrdag-e2e-environment"
DAG_S3_PATH = "dags"
E2E_TARGETS = ("2.10.3", "3.3.1")
MARKER = "emrdag_e2e_broken_on_purpose"  # an unknown operator keyword: Airflow refuses it at parse time

if os.environ.get("EMRDAG_E2E") == "0":
    pytest.skip("EMRDAG_E2E=0", allow_module_level=True)
if airflow.__version__ not in E2E_TARGETS:
    pytest.skip(
        f"deploy end to end runs on Airflow {' and '.join(E2E_TARGETS)}; this venv runs {airflow.__version__}",
        allow_module_level=True,
    )


@pytest.fixture(scope="module")
def mwaa():
    """One stand-in MWAA environment for the module; everything it started is stopped at the end."""
    if not JAR.is_file():
        pytest.fail(f"{JAR} is missing: build it first (./mvnw -B -ntp -pl generator/cli -am package -DskipTests)")
    home = Path(tempfile.mkdtemp(prefix="emrdag-e2e-airflow-"))
    stack = []
    try:
        s3 = S3().start()
        stack.append(s3.stop)
        s3.client().create_bucket(Bucket=BUCKET)
        migrated = os.environ.get("EMRDAG_MIGRATED_DB")  # run_tests.py's, taken before any test used its DB
        af = Airflow(home, Path(migrated) if migrated else None)
        stack.append(af.stop)
        af.start()
        syncer = DagFolderSyncer(s3, BUCKET, DAG_S3_PATH + "/", af.dags).start()
        stack.append(syncer.stop)
        plane = MwaaControlPlane(ENVIRONMENT, BUCKET, DAG_S3_PATH, af).start()
        stack.append(plane.stop)
        yield SimpleNamespace(s3=s3, airflow=af, syncer=syncer, plane=plane)
        assert syncer.failure is None, f"the syncer failed: {syncer.failure!r}"
    finally:
        for stop in reversed(stack):
            stop()
        shutil.rmtree(home, ignore_errors=True)


def deploy_process(mwaa, project: Path, *options: str) -> subprocess.Popen:
    """The CLI as a user runs it, with dummy credentials and the stand-in's endpoints."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        AWS_REGION=REGION,
        AWS_CONFIG_FILE=os.devnull,
        AWS_SHARED_CREDENTIALS_FILE=os.devnull,
        AWS_EC2_METADATA_DISABLED="true",
        AWS_ENDPOINT_URL_S3=mwaa.s3.endpoint,
        AWS_ENDPOINT_URL_MWAA=mwaa.plane.endpoint,
    )
    command = [
        "java",
        "-XX:TieredStopAtLevel=1",
        "-jar",
        str(JAR),
        "deploy",
        "-p",
        str(project),
        "--environment",
        "prod",
    ]
    command += ["--poll-interval", "1s", *options]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(process: subprocess.Popen) -> subprocess.CompletedProcess:
    try:
        stdout, stderr = process.communicate(timeout=600)
    except subprocess.TimeoutExpired:
        process.kill()
        stdout, stderr = process.communicate()
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def deploy(mwaa, project: Path, *options: str) -> subprocess.CompletedProcess:
    return finish(deploy_process(mwaa, project, *options))


def shown(result: subprocess.CompletedProcess) -> str:
    return f"\nexit {result.returncode}\n--- stdout ---\n{result.stdout}\n--- stderr ---\n{result.stderr}"


def copy_project(tmp_path: Path) -> Path:
    """The example project without hidden folders (a local generation cache is not part of it), targeting the
    venv's Airflow (a deploy to an environment running another version stops before any write), its prod environment
    deploying to the stand-in (deploy --environment prod writes there and nowhere else)."""
    project = Path(shutil.copytree(PROJECT, tmp_path / "job-groups", ignore=shutil.ignore_patterns(".*")))
    settings = project / "emrdag.yaml"
    text, count = re.subn(r'(?m)^target: *"[^"]*"', f'target: "{airflow.__version__}"', settings.read_text())
    assert count == 1, f"no target: line to rewrite in {settings}"
    text, count = re.subn(r"(?m)^(  prod:\n    deploy_to: ).*$", rf"\g<1>mwaa:{ENVIRONMENT}", text)
    assert count == 1, f"no prod environment with deploy_to to rewrite in {settings}"
    settings.write_text(text)
    loaded = yaml.safe_load(text)
    assert str(loaded["target"]) == airflow.__version__
    assert loaded["environments"]["prod"]["deploy_to"] == f"mwaa:{ENVIRONMENT}"
    return project


def job_groups(project: Path) -> dict[str, Path]:
    """Job-group id (the file's stem, which is also its DAG id here) → file; hidden folders hold none, as for emrdag."""
    files = [
        p
        for p in project.rglob("*")
        if p.suffix in (".yaml", ".yml", ".json")
        and p.stem != "emrdag"
        and not any(part.startswith(".") for part in p.relative_to(project).parts)
    ]
    return {p.stem: p for p in sorted(files)}


def deployed(mwaa) -> dict[str, str]:
    return mwaa.s3.objects(BUCKET, DAG_S3_PATH + "/")


def dag(mwaa, dag_id: str) -> tuple[int, dict]:
    return mwaa.airflow.request("GET", f"/dags/{dag_id}")


def deploy_and_register(mwaa, project: Path) -> None:
    result = deploy(mwaa, project, "--wait", "3m")
    assert result.returncode == 0, shown(result)


def test_the_stand_in_speaks_mwaa_as_botocore_models_it(mwaa):
    """botocore (its mwaa service model) reads the stand-in's answers, its errors included."""
    import boto3
    from botocore.config import Config

    client = boto3.client(
        "mwaa", endpoint_url=mwaa.plane.endpoint, region_name=REGION, config=Config(inject_host_prefix=False)
    )
    environment = client.get_environment(Name=ENVIRONMENT)["Environment"]
    assert environment["AirflowVersion"] == airflow.__version__
    assert environment["SourceBucketArn"] == f"arn:aws:s3:::{BUCKET}"
    assert environment["DagS3Path"] == DAG_S3_PATH

    answer = client.invoke_rest_api(Name=ENVIRONMENT, Path="/importErrors", Method="GET", QueryParameters={"limit": 1})
    assert answer["RestApiStatusCode"] == 200
    assert "import_errors" in answer["RestApiResponse"]

    with pytest.raises(client.exceptions.RestApiClientException) as missing:
        client.invoke_rest_api(Name=ENVIRONMENT, Path="/dags/emrdag_e2e_no_such_dag", Method="GET")
    assert missing.value.response["RestApiStatusCode"] == 404
    not_found = missing.value.response["RestApiResponse"]
    assert "detail" in not_found if AIRFLOW_3 else not_found["status"] == 404, not_found

    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_environment(Name="emrdag-e2e-no-such-environment")


def test_a_deploy_waits_until_airflow_registered_every_dag(mwaa, tmp_path):
    project = copy_project(tmp_path)
    result = deploy(mwaa, project, "--wait", "3m")
    assert result.returncode == 0, shown(result)

    objects = deployed(mwaa)
    expected = job_groups(project)
    assert expected, "the example project has no job groups"
    for dag_id in expected:
        file = f"{dag_id}_dag.py"
        assert file in objects, f"{file} is not in s3://{BUCKET}/{DAG_S3_PATH}/: {sorted(objects)}"
        # --wait returned: Airflow has this very upload in its folder, and registered the DAG from it.
        body = mwaa.s3.client().get_object(Bucket=BUCKET, Key=f"{DAG_S3_PATH}/{file}")["Body"].read()
        assert (mwaa.airflow.dags / file).read_bytes() == body
        status, answer = dag(mwaa, dag_id)
        assert status == 200, (dag_id, answer)
        assert Airflow.active(answer), answer
        assert Path(answer["fileloc"]) == mwaa.airflow.dags / file
    ours = [e for e in mwaa.airflow.import_errors() if Path(e["filename"]).name in objects]
    assert not ours, ours


def broken_templates(tmp_path: Path) -> Path:
    templates = Path(shutil.copytree(REPO / "dag-templates", tmp_path / "dag-templates"))
    dag_template = templates / "job_group_dag.py.ftl"
    original = dag_template.read_text()
    # create_cluster's emr_conn_id line, whatever view path feeds it: the broken keyword goes right after it.
    broken = re.sub(r"(emr_conn_id=\$\{view\.[A-Za-z.]+\},)", rf"\1\n        {MARKER}=True,", original, count=1)
    assert broken != original, "the DAG template no longer has the line this test breaks"
    dag_template.write_text(broken)
    return templates


def test_an_import_error_fails_the_deploy_with_airflows_error_text(mwaa, tmp_path):
    project = copy_project(tmp_path)
    deploy_and_register(mwaa, project)

    result = deploy(mwaa, project, "--wait", "3m", "--templates", str(broken_templates(tmp_path)))

    assert result.returncode == 1, shown(result)
    errors = {Path(e["filename"]).name: e["stack_trace"] for e in mwaa.airflow.import_errors()}
    named = sorted(name for name in errors if name in result.stderr)
    assert named, f"stderr names none of the files Airflow reports import errors for ({sorted(errors)}){shown(result)}"
    for name in named:
        for line in errors[name].strip().splitlines():
            assert line.strip() in result.stderr, f"Airflow's error text for {name} is missing {line!r}{shown(result)}"
    assert MARKER in result.stderr, shown(result)

    # Fixing the templates and deploying again converges, although MWAA copies the fixed files only a while
    # after the upload and Airflow meanwhile keeps re-parsing the broken ones, re-stamping their import errors
    # after the deploy: those errors are the old files', not the deploy's.
    broken = {name for name in deployed(mwaa) if name.endswith("_dag.py")}
    poll(
        "Airflow to report every broken file",
        lambda: broken <= {Path(e["filename"]).name for e in mwaa.airflow.import_errors()},
        120,
        0.5,
    )
    mwaa.syncer.pause()
    try:
        calls = len(mwaa.plane.calls)
        fixing = deploy_process(mwaa, project, "--wait", "3m")
        poll("the deploy to upload and start asking Airflow", lambda: len(mwaa.plane.calls) > calls, 120)
        asked = datetime.now(UTC)

        def restamped():
            stamps = {Path(e["filename"]).name: e["timestamp"] for e in mwaa.airflow.import_errors()}
            return all(name in stamps and datetime.fromisoformat(stamps[name]) > asked for name in broken)

        poll("Airflow to re-parse the broken files after the upload", restamped, 120, 0.5)
    finally:
        mwaa.syncer.resume()
    fixed = finish(fixing)
    assert fixed.returncode == 0, shown(fixed)
    objects = deployed(mwaa)
    leftovers = [e for e in mwaa.airflow.import_errors() if Path(e["filename"]).name in objects]
    assert not leftovers, leftovers


def test_a_removed_job_group_leaves_s3_and_the_airflow_folder(mwaa, tmp_path):
    project = copy_project(tmp_path)
    deploy_and_register(mwaa, project)
    groups = job_groups(project)
    gone, source = next(iter(groups.items()))
    file = f"{gone}_dag.py"
    assert file in deployed(mwaa)
    source.unlink()

    result = deploy(mwaa, project, "--wait", "3m")

    assert result.returncode == 0, shown(result)
    objects = deployed(mwaa)
    assert file not in objects, sorted(objects)
    for kept in groups.keys() - {gone}:
        assert f"{kept}_dag.py" in objects
    poll(f"the syncer to delete {file} from the Airflow folder", lambda: not (mwaa.airflow.dags / file).exists(), 30)

    def deactivated():
        status, answer = dag(mwaa, gone)
        return status == 404 or (status == 200 and not Airflow.active(answer))

    poll(f"Airflow to deactivate the DAG {gone}", deactivated, 60, 0.5, lambda: f": {dag(mwaa, gone)}")
    for kept in groups.keys() - {gone}:
        status, answer = dag(mwaa, kept)
        assert status == 200 and Airflow.active(answer), (kept, status, answer)


def test_a_dag_airflow_never_sees_times_the_wait_out(mwaa, tmp_path):
    project = copy_project(tmp_path)
    probe = "emrdag_e2e_never_synced"
    template = next(iter(job_groups(project).values()))
    shutil.copy(template, template.with_name(probe + template.suffix))
    calls = len(mwaa.plane.calls)

    mwaa.syncer.pause()  # MWAA never copies the new file into Airflow's folder
    try:
        result = deploy(mwaa, project, "--wait", "8s")
    finally:
        mwaa.syncer.resume()

    assert result.returncode == 3, shown(result)
    assert "did not register" in result.stderr and probe in result.stderr, shown(result)
    # The waiter saw "not registered" as InvokeRestApi's RestApiClientException with Airflow's 404 and kept
    # polling until its deadline, rather than failing on the first answer.
    misses = [c for c in mwaa.plane.calls[calls:] if c == (f"/dags/{probe}/details", 404, "RestApiClientException")]
    assert len(misses) >= 2, mwaa.plane.calls[calls:]
