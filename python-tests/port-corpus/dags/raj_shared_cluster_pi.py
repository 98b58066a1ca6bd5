# Reproduces the patterns (not the lines) of
#   raj638111/airflow-examples, sparkdemo.py @ 5401d95dcb0413cb9cfe2fe73c27af20029365b9
# Patterns: steps added to an existing cluster whose id is written in the DAG (a literal j-...), no sensor at all;
# Airflow 1.10 module paths (airflow.contrib.operators.emr_add_steps_operator); the DAG id from the file name;
# a command-runner step that is no spark-submit (run-example).
import os
from datetime import datetime, timedelta

from airflow import DAG
from airflow.contrib.operators.emr_add_steps_operator import EmrAddStepsOperator

DAG_ID = os.path.basename(__file__).replace(".py", "")

with DAG(
    dag_id=DAG_ID,
    default_args={"owner": "airflow", "depends_on_past": False, "email_on_failure": False},
    dagrun_timeout=timedelta(hours=2),
    start_date=datetime(2024, 1, 1),
    schedule_interval="@once",
    tags=["emr"],
) as dag:
    add_steps = EmrAddStepsOperator(
        task_id="add_steps",
        job_flow_id="j-3KQ0CORPUS7TZ",
        aws_conn_id="aws_default",
        steps=[
            {
                "Name": "pi_estimate",
                "ActionOnFailure": "CONTINUE",
                "HadoopJarStep": {
                    "Jar": "command-runner.jar",
                    "Args": ["/usr/lib/spark/bin/run-example", "SparkPi", "20"],
                },
            }
        ],
    )
