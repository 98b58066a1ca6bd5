"""Alerts as the scheduler sends them, against moto on 127.0.0.1 (every target, with its own Amazon provider).

A failed run of an example DAG (dag.test(); on Airflow 3, which runs no DAG callback there, its failure callbacks are
then called as the scheduler calls them) publishes exactly one message to the job group's SNS topic through the provider's SnsNotifier: read back with
boto3 from an SQS queue subscribed to the topic, it names the job group, the run, the failed task, the failed EMR
step and where its logs are. The e-mail and callable channels get the same alert (the callable imported only then),
a broken channel silences no other, and a step watcher sends the overdue alert once, in its window.
"""

from __future__ import annotations

import datetime
import json
import re
import sys

import boto3
from conftest import DAGS, module_of, run_dag
from readme_examples import matches, readme_example

DAG_ID = "claims_cdc"  # two steps; its first fails here
REGION = "us-east-1"


def subscribed_queue(endpoint: str, topic: str):
    """An SQS queue subscribed to the SNS topic named in the DAG file; returns the SQS client and the queue's URL."""
    sns = boto3.client("sns", endpoint_url=endpoint, region_name=REGION)
    sqs = boto3.client("sqs", endpoint_url=endpoint, region_name=REGION)
    arn = sns.create_topic(Name=topic.rsplit(":", 1)[1])["TopicArn"]
    assert arn == topic, "moto's account and region are the ones the example's topic names"
    queue = sqs.create_queue(QueueName="alerts")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    sns.subscribe(TopicArn=arn, Protocol="sqs", Endpoint=queue_arn)
    return sqs, queue


def received(sqs, queue: str) -> list[dict]:
    messages = []
    while batch := sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10, WaitTimeSeconds=1).get("Messages", []):
        messages += [json.loads(m["Body"]) for m in batch]
        for m in batch:
            sqs.delete_message(QueueUrl=queue, ReceiptHandle=m["ReceiptHandle"])
    return messages


def test_a_failed_run_publishes_exactly_one_alert_naming_the_failed_step(dagbag, emr):
    topic = re.search(r'sns_channel\(SnsNotifier, "([^"]+)"', (DAGS / f"{DAG_ID}_dag.py").read_text()).group(1)
    sqs, queue = subscribed_queue(emr.endpoint, topic)
    dag = dagbag.get_dag(DAG_ID)
    emr.step_states = {0: "FAILED"}
    run, _ = run_dag(dag)
    assert run.state == "failed"

    callbacks = dag.on_failure_callback
    assert isinstance(callbacks, list) and len(callbacks) == 2, "the run reaper, then the alert"
    messages = received(sqs, queue)
    if not messages:  # Airflow 3's dag.test() runs no DAG callback; Airflow 2's runs them as the scheduler does
        context = {"dag": dag, "run_id": run.run_id, "reason": "task_failure", "dag_run": run}
        for callback in callbacks:
            callback(context)
        messages = received(sqs, queue)
    assert len(messages) == 1, messages
    client = emr.client()
    (cluster,) = client.list_clusters()["Clusters"]
    step = next(s for s in client.list_steps(ClusterId=cluster["Id"])["Steps"] if s["Status"]["State"] == "FAILED")
    subject, text = messages[0]["Subject"], messages[0]["Message"]
    assert subject == f"[emrdag] {DAG_ID} failed: run {run.run_id}"[:100]
    for line in (
        f"emrdag job group {DAG_ID} failed.",
        f"DAG: {DAG_ID} (project mediclake-prod)",
        f"Run: {run.run_id}",
        "Why: task_failure",
        "Failed tasks: watch_load_medical_claims",
        f"Failed step: load_medical_claims ({step['Id']}) ended FAILED: ",
        f"  step logs: s3://mediclake-emr-logs/job-groups/{cluster['Id']}/steps/{step['Id']}/",
        f"Cluster: {cluster['Id']}",
    ):
        assert line in text, f"{line!r} not in\n{text}"
    assert "load_pharmacy_claims" not in text, "only the step that ended badly is named"

    # The README quotes this alert: the same text, but for the run's and EMR's ids.
    example = readme_example("alert")
    quoted = "\n".join(example)
    readme_run = re.search(r"^Run: (\S+)$", quoted, re.M).group(1)
    readme_cluster = re.search(r"^Cluster: (j-\w+)$", quoted, re.M).group(1)
    readme_step = re.search(r"^Failed step: \S+ \((s-\w+)\)", quoted, re.M).group(1)
    if text.startswith('{"default": '):
        # newer providers publish with MessageStructure=json; SNS delivers the "default" text to SQS, moto the JSON
        text = json.loads(text)["default"]
    shown = (f"Subject: {subject}\n{text}").replace(run.run_id, readme_run).replace(cluster["Id"], readme_cluster)
    shown = shown.replace(step["Id"], readme_step).rstrip("\n").splitlines()
    assert matches(example, shown), "README.md's alert is not the one sent:\n" + "\n".join(shown)


def test_every_channel_gets_the_alert_and_a_broken_one_silences_none(tmp_path, monkeypatch):
    generator = module_of(DAG_ID)["template_generator"]
    (tmp_path / "emrdag_probe_alerts.py").write_text("SEEN = []\n\n\ndef record(alert):\n    SEEN.append(alert)\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    mails = []

    def broken(alert):
        raise RuntimeError("a channel that fails")

    alerts = generator.Alerts(
        None,
        "acme",
        "orders",
        "orders_dag",
        "aws_default",
        [
            broken,
            generator.email_channel(lambda **mail: mails.append(mail), ["ops@acme.example"]),
            generator.callable_channel("emrdag_probe_alerts.record"),
        ],
    )
    assert "emrdag_probe_alerts" not in sys.modules, "a user's callable is imported only when an alert is sent"
    alerts.succeeded({"run_id": "manual__<1>"})

    (mail,) = mails
    assert mail["to"] == ["ops@acme.example"]
    assert mail["subject"] == "[emrdag] orders succeeded: run manual__<1>"
    assert mail["html_content"].startswith("<pre>emrdag job group orders succeeded.\nDAG: orders_dag (project acme)\n")
    assert "manual__&lt;1&gt;" in mail["html_content"], "the text is escaped, never markup"
    (alert,) = sys.modules["emrdag_probe_alerts"].SEEN
    assert (
        alert["event"] == "success"
        and alert["run_id"] == "manual__<1>"
        and alert["text"].startswith("emrdag job group")
    )


def test_a_watcher_sends_the_overdue_alert_once_in_its_window():
    module = module_of(DAG_ID)
    watch_step = module["WatchStep"]
    sent = []

    class Recorder:
        def overdue(self, context, client, cluster_id, step, elapsed, expected):
            sent.append((step["Name"], round(elapsed), expected))

    watcher = watch_step(
        task_id="watch_probe",
        job_flow_id="j-1",
        step_id="s-1",
        poke_interval=60,
        expected_seconds=600,
        alerts=Recorder(),
    )
    now = datetime.datetime.now(datetime.UTC)

    def step(seconds_ago, state="RUNNING"):
        started = now - datetime.timedelta(seconds=seconds_ago)
        return {"Name": "load", "Status": {"State": state, "Timeline": {"StartDateTime": started}}}

    for seconds_ago in (540, 599):  # not yet
        watcher._tell_if_overdue({}, None, step(seconds_ago))
    watcher._tell_if_overdue({}, None, step(630))  # the first poke past 10 minutes
    watcher._tell_if_overdue({}, None, step(690))  # the next one: already told
    watcher._tell_if_overdue({}, None, step(700, "COMPLETED"))
    assert sent == [("load", 630, 600)]
