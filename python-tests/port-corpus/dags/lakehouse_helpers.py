"""Helpers beside luistaka_lakehouse_bronze.py (its origin defines them in the DAG file and imports custom
operators from an `operators` package in the DAG folder)."""

from __future__ import annotations


def read_checkpoint(layer: str, **context) -> None:
    """Pushes the layer's last processed hour (the origin reads it from DynamoDB)."""
    context["ti"].xcom_push(key=f"{layer}_checkpoint", value="2024-03-04 23")
