"""`emrdag import` on the whole port corpus and on bad input, run as users run it (the CLI jar, its pinned venv).

The corpus (see ../port-corpus/README.md): the Amazon provider's EMR example DAGs of wheels 1.0.0-6.0.0 (fetched at test
time, as test_port_corpus.py does) in one source folder, the DAGs written here in another. One import reads all of
them in one venv process, writes the project, generates it and proves every port in a second process; the test asserts
its table: every RunJobFlow request and every step identical (apart from emrdag's tags and idle backstop, which the
comparison allows), every task carried or listed, the DAGs on old module paths imported through the bridges, shared
cluster shapes factored into profiles. Runs on airflow-2.10.3 only (the MWAA 2.10.3 pair, amazon 9.0.0), whose pinned
venv the jar uses.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from readme_examples import matches, readme_example
from scheduler_harness import emrdag_jar
from test_port_corpus import CASES, CORPUS, TARGET, provider_example

pytestmark = pytest.mark.skipif(TARGET != "airflow-2.10.3", reason="emrdag import is proven on airflow-2.10.3")

VARIABLES = {"BEHAVIOR_BUCKET": "corpus-behavior", "BEHAVIOR_EMR_ID": "j-SHAREDCLUSTER01"}
ROW = re.compile(r"^\| (?P<dag>[^|]+) \| (?P<group>[^|]+) \| (?P<request>[^|]*) \| (?P<steps>[^|]*) \| (?P<carried>[^|]*) \|"
                 r" (?P<replaced>[^|]*) \| (?P<not_carried>[^|]*) \| (?P<bridges>[^|]*) \|$")


def run_import(*args: str) -> subprocess.CompletedProcess:
    java = os.environ.get("JAVA_HOME")
    command = [str(Path(java) / "bin" / "java") if java else "java", "-jar", str(emrdag_jar()), "import", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=900)


def rows(stdout: str) -> dict:
    """The table's rows, job group -> its columns (skipped DAGs by their DAG id)."""
    found = {}
    for line in stdout.splitlines():
        match = ROW.match(line)
        if match and match["dag"] != "DAG" and not match["dag"].startswith("-"):
            found[match["group"].strip()] = {k: v.strip() for k, v in match.groupdict().items()}
    return found


@pytest.fixture(scope="module")
def corpus_import(tmp_path_factory):
    sources = tmp_path_factory.mktemp("import-sources")
    provider, written = sources / "provider", sources / "dags"
    provider.mkdir()
    shutil.copytree(CORPUS / "dags", written)
    for case in CASES:
        origin = case["original"]
        if "provider" in origin:
            shutil.copyfile(provider_example(origin["provider"], origin["file"]), provider / f"{case['id']}.py")
    variables = sources / "variables.json"
    variables.write_text(json.dumps(VARIABLES))
    before = {p: p.read_bytes() for p in sources.rglob("*") if p.is_file()}
    project = tmp_path_factory.mktemp("imported") / "job-groups"
    result = run_import(str(provider), str(written), "-p", str(project), "--variables", str(variables))
    after = {p: p.read_bytes() for p in sources.rglob("*") if p.is_file()}
    return result, project, before == after


def test_the_whole_corpus_imports_identical(corpus_import):
    result, project, _ = corpus_import
    assert result.returncode == 0, result.stdout + result.stderr
    table = rows(result.stdout)
    assert len(table) == len(CASES), result.stdout
    for group, row in table.items():
        assert row["request"] == "identical", f"{group}: {row}\n{result.stdout}"
        assert row["steps"] == "identical", f"{group}: {row}\n{result.stdout}"
    assert f"{len(CASES)} of {len(CASES)} DAGs ported" in result.stdout
    # The README quotes this table, abridged with … lines.
    assert matches(readme_example("import"), result.stdout.splitlines()), "README.md's import table is not:\n" + result.stdout
    # every task carried, or listed with its reason (in the table and in the job group's comments)
    for group, row in table.items():
        for listed in filter(None, (row["replaced"] + "; " + row["not_carried"]).split("; ")):
            task = listed.split(" (", 1)[0]
            assert re.search(rf"^# (replaced: task {re.escape(task)}:|choice: not carried: )", (project / f"{group}.yaml").read_text(), re.M), (
                f"{group}: {listed} is not in its job group's comments"
            )


def test_old_module_paths_import_through_the_bridges(corpus_import):
    result, _, _ = corpus_import
    table = rows(result.stdout)
    for group in ("keshav_green_taxi", "ashenjy_movie_reviews", "raj_shared_cluster_pi", "husni_user_behavior"):
        assert table[group]["bridges"] not in ("none", "0"), table[group]
    assert "bridged: airflow.providers.amazon.aws.operators.glue_crawler.AwsGlueCrawlerOperator -> GlueCrawlerOperator" in result.stdout
    assert "bridged: airflow.contrib.operators.emr_add_steps_operator -> airflow.providers.amazon.aws.operators.emr" in result.stdout


def test_project_factors_shapes_and_defaults_and_leaves_sources_alone(corpus_import):
    result, project, sources_unchanged = corpus_import
    assert sources_unchanged, "emrdag import changed a source file"
    settings = yaml.safe_load((project / "emrdag.yaml").read_text())
    assert len(settings["clusters"]) >= 2, settings
    users = [yaml.safe_load(p.read_text())["cluster"].get("profile") for p in project.glob("*.yaml") if p.name != "emrdag.yaml"]
    for name in settings["clusters"]:
        assert users.count(name) >= 2, f"profile {name} is used by {users.count(name)} job groups"
    assert {"catchup", "max_active_runs"} <= settings["defaults"].keys() or all(
        {"catchup", "max_active_runs"} <= yaml.safe_load(p.read_text()).keys() for p in project.glob("*.yaml") if p.name != "emrdag.yaml"
    )


def test_a_second_import_refuses_to_overwrite(corpus_import, tmp_path):
    _, project, _ = corpus_import
    before = {p.name: p.read_bytes() for p in project.iterdir()}
    source = tmp_path / "one.py"
    shutil.copyfile(CORPUS / "dags" / "raj_shared_cluster_pi.py", source)
    result = run_import(str(source), "-p", str(project))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "refusing to overwrite" in result.stderr
    assert {p.name: p.read_bytes() for p in project.iterdir()} == before


BAD_DAGS = {
    "broken.py": "from airflow import DAG\nimport module_that_does_not_exist\n",
    "no_emr.py": (
        "import pendulum\nfrom airflow import DAG\nfrom airflow.operators.empty import EmptyOperator\n"
        "with DAG('no_emr', start_date=pendulum.datetime(2024, 1, 1), schedule=None):\n    EmptyOperator(task_id='x')\n"
    ),
    "dynamic.py": (
        "import pendulum\nfrom airflow import DAG\nfrom airflow.providers.amazon.aws.operators.emr import EmrAddStepsOperator\n"
        "from airflow.operators.python import PythonOperator\n"
        "with DAG('dynamic_steps', start_date=pendulum.datetime(2024, 1, 1), schedule=None):\n"
        "    plan = PythonOperator(task_id='plan', python_callable=lambda: [])\n"
        "    EmrAddStepsOperator(task_id='add', job_flow_id='j-1', steps=plan.output)\n"
    ),
    "needs_variable.py": (
        "import pendulum\nfrom airflow import DAG\nfrom airflow.models import Variable\n"
        "BUCKET = Variable.get('CORPUS_MISSING_BUCKET')\n"
        "with DAG('needs_variable', start_date=pendulum.datetime(2024, 1, 1), schedule=None):\n    pass\n"
    ),
    # imports fine through two bridges: Airflow 1.10's contrib path and an astronomer async sensor
    "astro_async.py": (
        "import pendulum\nfrom airflow import DAG\n"
        "from airflow.contrib.operators.emr_add_steps_operator import EmrAddStepsOperator\n"
        "from astronomer.providers.amazon.aws.sensors.emr import EmrStepSensorAsync\n"
        "with DAG('astro_async', start_date=pendulum.datetime(2024, 1, 1), schedule=None, catchup=False):\n"
        "    add = EmrAddStepsOperator(task_id='add', job_flow_id='j-SHARED000001', steps=[{'Name': 'pi',\n"
        "        'ActionOnFailure': 'CONTINUE', 'HadoopJarStep': {'Jar': 'command-runner.jar', 'Args': ['spark-example', 'SparkPi']}}])\n"
        "    add >> EmrStepSensorAsync(task_id='watch', job_flow_id='j-SHARED000001',\n"
        "                              step_id=\"{{ task_instance.xcom_pull(task_ids='add')[0] }}\")\n"
    ),
}
BAD_DAGS["jinja_name.py"] = BAD_DAGS["astro_async.py"].replace("'astro_async'", "'jinja_name'").replace(
    "'Name': 'pi'", "'Name': 'pi {{ ds }}'"
)


def test_bad_input_each_a_clear_line_and_the_rest_imported(tmp_path):
    source = tmp_path / "dags"
    source.mkdir()
    for name, text in BAD_DAGS.items():
        (source / name).write_text(text)
    shutil.copyfile(CORPUS / "dags" / "raj_shared_cluster_pi.py", source / "raj_shared_cluster_pi.py")
    (source / "ignored").mkdir()
    (source / "ignored" / "also_broken.py").write_text("from airflow import DAG\nraise SystemExit('read despite .airflowignore')\n")
    (source / ".airflowignore").write_text("ignored/\n")
    project = tmp_path / "project"
    result = run_import(str(source), "-p", str(project))
    assert result.returncode == 1, result.stdout + result.stderr
    out = result.stdout
    assert re.search(r"^not imported: broken\.py: does not import: ModuleNotFoundError: No module named 'module_that_does_not_exist'", out, re.M), out
    assert re.search(r"^\| no_emr \| skipped: no EMR task .*not an EMR DAG", out, re.M), out
    assert re.search(r"^\| dynamic_steps \| skipped: add takes its steps from runtime data", out, re.M), out
    assert re.search(r"^not imported: needs_variable\.py: reads Airflow Variable 'CORPUS_MISSING_BUCKET' at parse time; give it in --variables", out, re.M), out
    assert "also_broken" not in out
    assert rows(out)["raj_shared_cluster_pi"]["request"] == "identical"
    assert rows(out)["astro_async"]["steps"] == "identical"
    assert "bridged: astronomer EmrStepSensorAsync -> airflow.providers.amazon.aws.sensors.emr.EmrStepSensor(deferrable=True)" in out
    # a DAG whose port emrdag itself refuses (Jinja in a step name) is a skipped row naming the diagnostic
    assert re.search(r"^\| jinja_name \| skipped: emrdag refuses the port: \[E251\] steps\[0\]\.step_name", out, re.M), out
    assert sorted(p.name for p in project.iterdir()) == ["astro_async.yaml", "emrdag.yaml", "raj_shared_cluster_pi.yaml"]


def test_strict_fails_on_a_listed_difference(tmp_path):
    case = next(c for c in CASES if c["id"] == "provider_example_emr_6_0_0")
    source = tmp_path / "example_emr.py"
    shutil.copyfile(provider_example(case["original"]["provider"], case["original"]["file"]), source)
    result = run_import(str(source), "-p", str(tmp_path / "strict"), "--strict")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "listed: dag.schedule: timedelta(days=1) written as @daily" in result.stdout
