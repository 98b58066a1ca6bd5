# Reproduces the patterns (not the lines) of
#   samuel2pb/heighliner, airflow/dags/emr_add_step_dag.txt @ f08d1c5f5f6760831b533ab71970752b0cf8111d
# Patterns: steps added to a cluster another DAG created, its id pulled from that DAG's XCom with Jinja
# (`xcom_pull(dag_id=..., task_ids=...)`); a Python task before that builds nothing EMR sees; max_active_runs 1,
# catchup False, retries 2 with a retry delay; an EmptyOperator at the end.
from datetime import datetime, timedelta

from airflow import DAG
from airflow.operators.empty import EmptyOperator
from airflow.operators.python import PythonOperator
from airflow.providers.amazon.aws.operators.emr import EmrAddStepsOperator
from bus_cluster_constants import SPARK_STEPS
from lakehouse_helpers import read_checkpoint

with DAG(
    dag_id="heighliner_bus_steps",
    default_args={"owner": "airflow", "depends_on_past": False, "retry_delay": timedelta(minutes=5), "retries": 2},
    description="Adds the ingestion step to the bus cluster",
    start_date=datetime(2024, 1, 1),
    schedule=None,
    catchup=False,
    max_active_runs=1,
) as dag:
    validate = PythonOperator(task_id="validate", python_callable=read_checkpoint, op_kwargs={"layer": "bus"})
    add_steps = EmrAddStepsOperator(
        task_id="add_steps",
        job_flow_id="{{ task_instance.xcom_pull(dag_id='heighliner_bus_cluster', task_ids='create_cluster') }}",
        steps=SPARK_STEPS,
    )
    end = EmptyOperator(task_id="end")
    validate >> add_steps >> end
