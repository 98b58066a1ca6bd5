# Reproduces the patterns (not the lines) of
#   samuel2pb/heighliner, airflow/dags/emr_bus_dag.txt (a DAG template) and src/heighliner/constants.py
#   @ f08d1c5f5f6760831b533ab71970752b0cf8111d
# Patterns: a primary-only cluster (one MASTER group, no core); KeepJobFlowAliveWhenNoSteps False, so the cluster
# ends by itself (here with its steps in RunJobFlow: the origin leaves `"Steps": SPARK_STEPS` commented out and
# would end at once); the request in a constants module beside the DAG; a create task that waits for the cluster
# (wait_for_completion) and a deferrable terminate; an EmptyOperator at the end.
from datetime import datetime

from airflow import DAG
from airflow.operators.empty import EmptyOperator
from airflow.providers.amazon.aws.operators.emr import EmrCreateJobFlowOperator, EmrTerminateJobFlowOperator
from bus_cluster_constants import JOB_FLOW_OVERRIDES

with DAG(
    dag_id="heighliner_bus_cluster",
    default_args={"owner": "airflow", "depends_on_past": False, "start_date": datetime(2024, 1, 1)},
    description="A cluster that runs its steps and ends",
    schedule="@daily",
    catchup=False,
    tags=["emr", "bus"],
) as dag:
    create_cluster = EmrCreateJobFlowOperator(
        task_id="create_cluster",
        job_flow_overrides=JOB_FLOW_OVERRIDES,
        wait_for_completion=True,
        waiter_delay=300,
        waiter_max_attempts=5,
    )
    remove_cluster = EmrTerminateJobFlowOperator(
        task_id="remove_cluster",
        job_flow_id=create_cluster.output,
        waiter_delay=120,
        waiter_max_attempts=5,
    )
    end = EmptyOperator(task_id="end")
    create_cluster >> remove_cluster >> end
