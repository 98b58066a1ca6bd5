"""Helpers shipped beside the corpus's movie-review DAGs (the pattern of ashenjy/spark-submit-airflow-aws, whose
DAG file defines its upload callable; here it is a module beside the DAGs, as emrdag's `python_callable` wants)."""

from __future__ import annotations


def local_to_s3(filename: str, key: str, bucket_name: str) -> None:
    """Uploads a local file to S3 (the original's S3Hook.load_file call)."""
    from airflow.providers.amazon.aws.hooks.s3 import S3Hook

    S3Hook().load_file(filename=filename, bucket_name=bucket_name, replace=True, key=key)
