# Reproduces the patterns (not the lines) of
#   husni-zuhdi/behavior-personalization-pipeline, dags/user_behavior.py @ b1bdf1864bd313ff9deca13bc982cfef6aa5aef7
# Patterns: an existing long-running cluster whose id comes from a Variable read at parse time; the bucket from a
# parse-time Variable; steps loaded from a JSON file beside the DAG; helper callables imported from a module beside
# the DAG; uploads before the steps; `params` filling the steps; a SQL task after the steps; Airflow 1.10 module
# paths (airflow.contrib...); depends_on_past / wait_for_downstream. (The origin's Postgres operator is today's
# SQLExecuteQueryOperator of the common.sql provider, which the MWAA 2.10.3 image ships.)
import json
from datetime import datetime, timedelta
from pathlib import Path

from airflow import DAG
from airflow.contrib.operators.emr_add_steps_operator import EmrAddStepsOperator
from airflow.contrib.sensors.emr_step_sensor import EmrStepSensor
from airflow.models import Variable
from airflow.operators.python import PythonOperator
from airflow.providers.common.sql.operators.sql import SQLExecuteQueryOperator
from behavior_helpers import upload

BUCKET = Variable.get("BEHAVIOR_BUCKET")
EMR_ID = Variable.get("BEHAVIOR_EMR_ID")
STEPS = json.loads((Path(__file__).parent / "husni_behavior_steps.json").read_text())

dag = DAG(
    "husni_user_behavior",
    default_args={
        "owner": "airflow",
        "depends_on_past": True,
        "wait_for_downstream": True,
        "start_date": datetime(2024, 1, 1),
        "retries": 2,
        "retry_delay": timedelta(minutes=1),
    },
    schedule_interval="0 0 * * *",
    max_active_runs=1,
)
upload_reviews = PythonOperator(
    task_id="upload_reviews",
    python_callable=upload,
    dag=dag,
    op_kwargs={
        "file_name": "/data/movie_review.csv",
        "key": "raw/movie_review/{{ ds }}/movie.csv",
        "bucket_name": BUCKET,
    },
)
upload_script = PythonOperator(
    task_id="upload_script",
    python_callable=upload,
    dag=dag,
    op_kwargs={"file_name": "/jobs/classify.py", "key": "scripts/classify.py", "bucket_name": BUCKET},
)
classify_reviews = EmrAddStepsOperator(
    task_id="classify_reviews",
    job_flow_id=EMR_ID,
    aws_conn_id="aws_default",
    steps=STEPS,
    dag=dag,
    params={"bucket": BUCKET, "script": "scripts/classify.py"},
)
wait_for_classification = EmrStepSensor(
    task_id="wait_for_classification",
    job_flow_id=EMR_ID,
    dag=dag,
    step_id="{{ task_instance.xcom_pull('classify_reviews', key='return_value')[0] }}",
)
behavior_metric = SQLExecuteQueryOperator(
    task_id="behavior_metric",
    conn_id="redshift",
    dag=dag,
    sql="INSERT INTO behavior_metric SELECT * FROM stage.reviews WHERE insert_date = '{{ ds }}'",
)
[upload_reviews, upload_script] >> classify_reviews >> wait_for_classification >> behavior_metric
