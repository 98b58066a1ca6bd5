# Reproduces the patterns (not the lines) of
#   luistaka/airflow-docker, dags/dag_emr_pipeline.py @ 19eef16e27353a2848fa29e89da610397e14d1b2
# Patterns: Variables read at parse time, with defaults, for nearly every cluster field (release label, markets,
# instance types and counts, subnet, log URI, roles, idle timeout) and for the AWS connection; primary, core and
# task groups on SPOT; ManagedScalingPolicy; StepConcurrencyLevel; its own AutoTerminationPolicy; emr_conn_id=None;
# render_template_as_native_obj=True; a TaskGroup of preparation tasks (S3 clean-up, a checkpoint read) before the
# cluster; steps with s3a:// paths and free-text names; the provider's current module paths.
# (The origin adds its steps with a custom operator from its DAG folder; here the provider's EmrAddStepsOperator.)
from datetime import datetime

from airflow import DAG
from airflow.models import Variable
from airflow.operators.empty import EmptyOperator
from airflow.operators.python import PythonOperator
from airflow.providers.amazon.aws.operators.emr import (
    EmrAddStepsOperator,
    EmrCreateJobFlowOperator,
    EmrTerminateJobFlowOperator,
)
from airflow.providers.amazon.aws.operators.s3 import S3DeleteObjectsOperator
from airflow.providers.amazon.aws.sensors.emr import EmrStepSensor
from airflow.utils.task_group import TaskGroup
from lakehouse_helpers import read_checkpoint

ENVIRONMENT = Variable.get("lake_environment", "qa")
AWS_CONN = Variable.get("lake_aws_conn_id", "aws_default")
LAKE = f"s3a://corpus-lake-{ENVIRONMENT}"

CLUSTER = {
    "Name": "Lakehouse bronze pipeline",
    "ReleaseLabel": Variable.get("LAKE_EMR_RELEASE_LABEL", "emr-6.10.0"),
    "Instances": {
        "InstanceGroups": [
            {
                "Name": "Master nodes",
                "Market": Variable.get("LAKE_MASTER_MARKET", "SPOT"),
                "InstanceRole": "MASTER",
                "InstanceType": Variable.get("LAKE_MASTER_TYPE", "r5.xlarge"),
                "InstanceCount": int(Variable.get("LAKE_MASTER_COUNT", 1)),
            },
            {
                "Name": "Core nodes",
                "Market": Variable.get("LAKE_CORE_MARKET", "SPOT"),
                "InstanceRole": "CORE",
                "InstanceType": Variable.get("LAKE_CORE_TYPE", "r5.xlarge"),
                "InstanceCount": int(Variable.get("LAKE_CORE_COUNT", 1)),
            },
            {
                "Name": "Task nodes",
                "Market": Variable.get("LAKE_TASK_MARKET", "SPOT"),
                "InstanceRole": "TASK",
                "InstanceType": Variable.get("LAKE_TASK_TYPE", "r5.xlarge"),
                "InstanceCount": int(Variable.get("LAKE_TASK_COUNT", 5)),
            },
        ],
        "KeepJobFlowAliveWhenNoSteps": True,
        "TerminationProtected": False,
        "Ec2SubnetId": Variable.get("LAKE_SUBNET", "subnet-0c0ffee0000000001"),
    },
    "LogUri": Variable.get("LAKE_LOG_URI", "s3://corpus-lake-logs/emr/"),
    "VisibleToAllUsers": True,
    "JobFlowRole": Variable.get("LAKE_JOB_FLOW_ROLE", "EMR_EC2_DefaultRole"),
    "ServiceRole": Variable.get("LAKE_SERVICE_ROLE", "EMR_DefaultRole"),
    "StepConcurrencyLevel": 20,
    "Applications": [{"Name": "Hadoop"}, {"Name": "Spark"}, {"Name": "Hive"}],
    "Configurations": [{"Classification": "delta-defaults", "Properties": {"delta.enabled": "true"}}],
    "ManagedScalingPolicy": {
        "ComputeLimits": {
            "UnitType": "Instances",
            "MinimumCapacityUnits": 3,
            "MaximumCapacityUnits": 20,
            "MaximumOnDemandCapacityUnits": 0,
            "MaximumCoreCapacityUnits": 2,
        }
    },
    "AutoTerminationPolicy": {"IdleTimeout": int(Variable.get("LAKE_IDLE_TIMEOUT", 2400))},
}
CLUSTER_ID = "{{ task_instance.xcom_pull(task_ids='create_emr_cluster', key='return_value') }}"

with DAG(
    "luistaka_lakehouse_bronze",
    description="Bronze layer of the lakehouse on EMR",
    schedule=Variable.get("LAKE_CRON", None),
    default_args={
        "owner": "lake",
        "depends_on_past": False,
        "email": ["no-reply@example.com"],
        "email_on_failure": False,
        "email_on_retry": False,
    },
    render_template_as_native_obj=True,
    start_date=datetime(2024, 1, 1),
    catchup=False,
    tags=["datalake", "emr"],
) as dag:
    start = EmptyOperator(task_id="start")
    with TaskGroup(group_id="pre_processing"):
        remove_temp_files = S3DeleteObjectsOperator(
            task_id="remove_temp_files",
            bucket=f"corpus-lake-{ENVIRONMENT}",
            prefix="bronze/temp/",
            aws_conn_id=AWS_CONN,
        )
        get_checkpoint = PythonOperator(
            task_id="get_checkpoint", python_callable=read_checkpoint, op_kwargs={"layer": "bronze"}
        )
    create_emr_cluster = EmrCreateJobFlowOperator(
        task_id="create_emr_cluster",
        job_flow_overrides=CLUSTER,
        aws_conn_id=AWS_CONN,
        emr_conn_id=None,
    )
    process_bronze = EmrAddStepsOperator(
        task_id="process_bronze",
        job_flow_id=CLUSTER_ID,
        aws_conn_id=AWS_CONN,
        steps=[
            {
                "Name": "bronze: raw events to parquet",
                "ActionOnFailure": "CONTINUE",
                "HadoopJarStep": {
                    "Jar": "command-runner.jar",
                    "Args": [
                        "spark-submit",
                        "--deploy-mode",
                        "cluster",
                        f"s3://corpus-lake-assets-{ENVIRONMENT}/bronze/bronze.py",
                        f"--SOURCE_PATH={LAKE}/events/",
                        f"--TARGET_PATH={LAKE}/bronze/parquet/",
                        "--CHECKPOINT={{ ti.xcom_pull(task_ids='pre_processing.get_checkpoint', key='bronze_checkpoint') }}",
                    ],
                },
            }
        ],
    )
    watch_bronze = EmrStepSensor(
        task_id="watch_bronze",
        job_flow_id=CLUSTER_ID,
        aws_conn_id=AWS_CONN,
        step_id="{{ task_instance.xcom_pull(task_ids='process_bronze', key='return_value')[0] }}",
    )
    terminate = EmrTerminateJobFlowOperator(
        task_id="terminate", job_flow_id=CLUSTER_ID, aws_conn_id=AWS_CONN, trigger_rule="all_done"
    )
    start >> [remove_temp_files, get_checkpoint] >> create_emr_cluster >> process_bronze >> watch_bronze >> terminate
