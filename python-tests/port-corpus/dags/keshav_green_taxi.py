# Reproduces the patterns (not the lines) of
#   keshavbaweja-git/workshops, amazon-mwaa/data_pipeline.py @ be6324dbb4a866ff24d5ecc3a05421cfde558e4d
# Patterns: the amazon provider 1.x-2.x module paths (...operators.emr_create_job_flow, ...sensors.emr_step,
# ...sensors.s3_key) and its old class names (AwsGlueCrawlerOperator); an S3 sensor before anything runs; a Glue
# crawler before the cluster; a transient cluster; `dag=dag` on every task; retries 0 and email in default_args.
# (The origin waits with S3PrefixSensor, gone from today's provider; S3KeySensor on a marker key is its successor.)
from datetime import datetime, timedelta

from airflow import DAG
from airflow.providers.amazon.aws.operators.emr_add_steps import EmrAddStepsOperator
from airflow.providers.amazon.aws.operators.emr_create_job_flow import EmrCreateJobFlowOperator
from airflow.providers.amazon.aws.operators.emr_terminate_job_flow import EmrTerminateJobFlowOperator
from airflow.providers.amazon.aws.operators.glue_crawler import AwsGlueCrawlerOperator
from airflow.providers.amazon.aws.sensors.emr_step import EmrStepSensor
from airflow.providers.amazon.aws.sensors.s3_key import S3KeySensor

BUCKET = "corpus-green-taxi"
CLUSTER_ID = "{{ task_instance.xcom_pull(task_ids='create_emr_cluster', key='return_value') }}"

dag = DAG(
    "keshav_green_taxi",
    default_args={
        "owner": "airflow",
        "depends_on_past": False,
        "start_date": datetime(2024, 1, 1),
        "retries": 0,
        "retry_delay": timedelta(minutes=2),
        "email": ["airflow@example.com"],
        "email_on_failure": False,
    },
    dagrun_timeout=timedelta(hours=2),
    schedule_interval="0 3 * * *",
)
s3_sensor = S3KeySensor(task_id="s3_sensor", bucket_name=BUCKET, bucket_key="data/raw/green/{{ ds }}/_SUCCESS", dag=dag)
glue_crawler = AwsGlueCrawlerOperator(task_id="glue_crawler", config={"Name": "corpus-green-raw-crawler"}, dag=dag)
create_emr_cluster = EmrCreateJobFlowOperator(
    task_id="create_emr_cluster",
    dag=dag,
    emr_conn_id="emr_default",
    job_flow_overrides={
        "Name": "green-taxi-report",
        "ReleaseLabel": "emr-6.15.0",
        "LogUri": f"s3://{BUCKET}/logs/",
        "Applications": [{"Name": "Spark"}],
        "Instances": {
            "InstanceGroups": [
                {
                    "Name": "Primary",
                    "Market": "ON_DEMAND",
                    "InstanceRole": "MASTER",
                    "InstanceType": "m5.xlarge",
                    "InstanceCount": 1,
                },
                {
                    "Name": "Core",
                    "Market": "ON_DEMAND",
                    "InstanceRole": "CORE",
                    "InstanceType": "m5.xlarge",
                    "InstanceCount": 2,
                },
            ],
            "KeepJobFlowAliveWhenNoSteps": True,
            "TerminationProtected": False,
        },
        "JobFlowRole": "EMR_EC2_DefaultRole",
        "ServiceRole": "EMR_DefaultRole",
    },
)
emr_step = EmrAddStepsOperator(
    task_id="emr_step",
    job_flow_id=CLUSTER_ID,
    dag=dag,
    steps=[
        {
            "Name": "green_taxi_report",
            "ActionOnFailure": "CANCEL_AND_WAIT",
            "HadoopJarStep": {
                "Jar": "command-runner.jar",
                "Args": [
                    "spark-submit",
                    "--deploy-mode",
                    "cluster",
                    f"s3://{BUCKET}/scripts/nyc_aggregations.py",
                    f"s3://{BUCKET}/data/transformed/green",
                    f"s3://{BUCKET}/data/aggregated/green",
                ],
            },
        }
    ],
)
emr_step_sensor = EmrStepSensor(
    task_id="emr_step_sensor",
    job_flow_id=CLUSTER_ID,
    dag=dag,
    step_id="{{ task_instance.xcom_pull(task_ids='emr_step', key='return_value')[0] }}",
)
terminate_emr_cluster = EmrTerminateJobFlowOperator(task_id="terminate_emr_cluster", job_flow_id=CLUSTER_ID, dag=dag)
s3_sensor >> glue_crawler >> create_emr_cluster >> emr_step >> emr_step_sensor >> terminate_emr_cluster
