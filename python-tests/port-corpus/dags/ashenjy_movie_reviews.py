# Reproduces the patterns (not the lines) of
#   ashenjy/spark-submit-airflow-aws, dags/spark_submit_airflow.py @ 1a9810712452a384700e2b60573afb5061daff48
# Patterns: Airflow 1.10 module paths (airflow.contrib.operators.emr_*_operator, airflow.operators.dummy_operator,
# airflow.operators.python_operator); uploads of the data and the Spark script before the cluster (PythonOperator
# after a dummy start); free-text step names with spaces; `{{ params.x }}` in step arguments; s3-dist-cp command
# steps; SPOT primary and core groups with their own names; nested Configurations; its own emr_conn_id;
# depends_on_past / wait_for_downstream / email in default_args; a dummy end after terminate.
from datetime import datetime, timedelta

from airflow import DAG
from airflow.contrib.operators.emr_add_steps_operator import EmrAddStepsOperator
from airflow.contrib.operators.emr_create_job_flow_operator import EmrCreateJobFlowOperator
from airflow.contrib.operators.emr_terminate_job_flow_operator import EmrTerminateJobFlowOperator
from airflow.contrib.sensors.emr_step_sensor import EmrStepSensor
from airflow.operators.dummy_operator import DummyOperator
from airflow.operators.python_operator import PythonOperator
from movie_helpers import local_to_s3

BUCKET = "corpus-movie-reviews"
STEPS = [
    {
        "Name": "Copy raw reviews to HDFS",
        "ActionOnFailure": "CANCEL_AND_WAIT",
        "HadoopJarStep": {
            "Jar": "command-runner.jar",
            "Args": ["s3-dist-cp", "--src=s3://{{ params.bucket }}/raw/{{ ds }}", "--dest=/reviews"],
        },
    },
    {
        "Name": "Classify the reviews",
        "ActionOnFailure": "CANCEL_AND_WAIT",
        "HadoopJarStep": {
            "Jar": "command-runner.jar",
            "Args": ["spark-submit", "--deploy-mode", "client", "s3://{{ params.bucket }}/{{ params.script }}"],
        },
    },
    {
        "Name": "Copy results back to S3",
        "ActionOnFailure": "CANCEL_AND_WAIT",
        "HadoopJarStep": {
            "Jar": "command-runner.jar",
            "Args": ["s3-dist-cp", "--src=/classified", "--dest=s3://{{ params.bucket }}/clean/{{ ds }}"],
        },
    },
]
CLUSTER = {
    "Name": "Review classifier",
    "ReleaseLabel": "emr-5.29.0",
    "Applications": [{"Name": "Hadoop"}, {"Name": "Spark"}],
    "Configurations": [
        {
            "Classification": "spark-env",
            "Configurations": [{"Classification": "export", "Properties": {"PYSPARK_PYTHON": "/usr/bin/python3"}}],
        }
    ],
    "Instances": {
        "InstanceGroups": [
            {
                "Name": "Master node",
                "Market": "SPOT",
                "InstanceRole": "MASTER",
                "InstanceType": "m4.xlarge",
                "InstanceCount": 1,
            },
            {
                "Name": "Core - 2",
                "Market": "SPOT",
                "InstanceRole": "CORE",
                "InstanceType": "m4.xlarge",
                "InstanceCount": 2,
            },
        ],
        "KeepJobFlowAliveWhenNoSteps": True,
        "TerminationProtected": False,
    },
    "JobFlowRole": "EMR_EC2_DefaultRole",
    "ServiceRole": "EMR_DefaultRole",
}

dag = DAG(
    "ashenjy_movie_reviews",
    default_args={
        "owner": "airflow",
        "depends_on_past": True,
        "wait_for_downstream": True,
        "start_date": datetime(2021, 10, 4),
        "email": ["data-team@example.com"],
        "email_on_failure": False,
        "email_on_retry": False,
        "retries": 1,
        "retry_delay": timedelta(minutes=5),
    },
    schedule_interval="@once",
    max_active_runs=1,
)

start = DummyOperator(task_id="start", dag=dag)
upload_reviews = PythonOperator(
    task_id="upload_reviews",
    python_callable=local_to_s3,
    dag=dag,
    op_kwargs={"filename": "/data/reviews.csv", "key": "raw/{{ ds }}/reviews.csv", "bucket_name": BUCKET},
)
upload_script = PythonOperator(
    task_id="upload_script",
    python_callable=local_to_s3,
    dag=dag,
    op_kwargs={"filename": "/jobs/classify.py", "key": "scripts/classify.py", "bucket_name": BUCKET},
)
create_cluster = EmrCreateJobFlowOperator(
    task_id="create_cluster",
    job_flow_overrides=CLUSTER,
    aws_conn_id="aws_default",
    emr_conn_id="emr_reviews",
    dag=dag,
)
add_steps = EmrAddStepsOperator(
    task_id="add_steps",
    dag=dag,
    aws_conn_id="aws_default",
    steps=STEPS,
    job_flow_id="{{ task_instance.xcom_pull(task_ids='create_cluster', key='return_value') }}",
    params={"bucket": BUCKET, "script": "scripts/classify.py"},
)
watch_last_step = EmrStepSensor(
    task_id="watch_last_step",
    dag=dag,
    aws_conn_id="aws_default",
    job_flow_id="{{ task_instance.xcom_pull('create_cluster', key='return_value') }}",
    step_id="{{ task_instance.xcom_pull(task_ids='add_steps', key='return_value')[" + str(len(STEPS) - 1) + "] }}",
)
terminate = EmrTerminateJobFlowOperator(
    task_id="terminate",
    dag=dag,
    aws_conn_id="aws_default",
    job_flow_id="{{ task_instance.xcom_pull(task_ids='create_cluster', key='return_value') }}",
)
end = DummyOperator(task_id="end", dag=dag)

start >> [upload_reviews, upload_script] >> create_cluster >> add_steps >> watch_last_step >> terminate >> end
