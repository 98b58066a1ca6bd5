"""Helpers beside husni_user_behavior.py (its origin imports `utils` from the DAG folder)."""

from __future__ import annotations


def upload(file_name: str, key: str, bucket_name: str) -> None:
    from airflow.providers.amazon.aws.hooks.s3 import S3Hook

    S3Hook().load_file(filename=file_name, bucket_name=bucket_name, replace=True, key=key)
