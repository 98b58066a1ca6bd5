# Reproduces the patterns (not the lines) of
#   ashenjy/spark-submit-airflow-aws, dags/create_emr.py + dags/emr_steps.py + dags/init_dag.py
#   @ b6ebee54c0a19a233ea8a7fcf31154e1a468d8a5
# Patterns: a DAG put together from helper modules beside it (cluster and steps imported from the DAG folder);
# Airflow 1.10 module paths; its own emr_conn_id (the origin passes its AWS connection, "aws_default", as the EMR
# connection); step names with spaces; `{{ params.x }}` in steps; watching only the last step.
# Beyond the origin: `{{ ds_nodash }}` in the cluster Name (no origin read here templated a cluster field).
from datetime import datetime

from airflow import DAG
from airflow.contrib.operators.emr_add_steps_operator import EmrAddStepsOperator
from airflow.contrib.operators.emr_create_job_flow_operator import EmrCreateJobFlowOperator
from airflow.contrib.operators.emr_terminate_job_flow_operator import EmrTerminateJobFlowOperator
from airflow.contrib.sensors.emr_step_sensor import EmrStepSensor
from split_reviews_parts import CLUSTER, STEPS

CLUSTER_ID = "{{ task_instance.xcom_pull(task_ids='create_emr_cluster', key='return_value') }}"

dag = DAG(
    "ashenjy_split_reviews",
    default_args={"owner": "airflow", "start_date": datetime(2021, 10, 4), "retries": 0},
    schedule_interval="0 6 * * *",
    catchup=False,
)
create_emr_cluster = EmrCreateJobFlowOperator(
    task_id="create_emr_cluster",
    job_flow_overrides=CLUSTER,
    aws_conn_id="aws_default",
    emr_conn_id="aws_default",
    dag=dag,
)
add_steps = EmrAddStepsOperator(
    task_id="add_steps",
    job_flow_id=CLUSTER_ID,
    aws_conn_id="aws_default",
    steps=STEPS,
    params={"bucket": "corpus-split-reviews"},
    dag=dag,
)
watch_step = EmrStepSensor(
    task_id="watch_step",
    job_flow_id=CLUSTER_ID,
    aws_conn_id="aws_default",
    dag=dag,
    step_id="{{ task_instance.xcom_pull(task_ids='add_steps', key='return_value')[1] }}",
)
terminate_emr_cluster = EmrTerminateJobFlowOperator(
    task_id="terminate_emr_cluster",
    job_flow_id=CLUSTER_ID,
    aws_conn_id="aws_default",
    dag=dag,
)
create_emr_cluster >> add_steps >> watch_step >> terminate_emr_cluster
