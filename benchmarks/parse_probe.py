"""Loads a DAG folder into an Airflow DagBag and reports its cost; runs inside an Airflow venv.

    python parse_probe.py DAG_FOLDER [--variables JSON_FILE]

Prints one line `BENCH-PARSE {json}`: Airflow version, DAGs loaded, import errors, wall and CPU seconds of
the DagBag load and SQL statements sent to the metadata DB meanwhile (SQLAlchemy cursor listener). Like a
scheduler's DAG processor (parsing_pre_import_modules), every `airflow.*` module the files import is
imported before the clock starts, and so are pendulum and dag-factory (when installed): one-time import
costs would otherwise land on whichever variant happens to import a module first. Modules a DAG folder
brings itself (emrdag's templates.py) are part of the measured cost, once per DagBag.
Variables given in JSON_FILE are set before counting starts.
"""

from __future__ import annotations

import argparse
import ast
import importlib
import json
import os
import re
import sys
import time
from pathlib import Path

IMPORT_LINE = re.compile(rb"^[ \t]*(?:from[ \t]+\S+[ \t]+import\b.*|import[ \t]+.*)$", re.M)


def pre_import_airflow_modules(folder: Path) -> None:
    """What the scheduler does before parsing a file ([scheduler] parsing_pre_import_modules): import every
    `airflow.*` module the files import, ignoring those that fail (the other branch of a version switch)."""
    modules = set()
    seen = set()
    for path in sorted(folder.glob("*.py")):
        source = path.read_bytes()
        # Files of one variant share their import lines: parse one file per distinct set of them, not 1,000.
        imports = tuple(IMPORT_LINE.findall(source))
        if imports in seen:
            continue
        seen.add(imports)
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Import):
                modules.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                modules.add(node.module)
    for module in sorted(m for m in modules if m == "airflow" or m.startswith("airflow.")):
        try:
            importlib.import_module(module)
        except ImportError:
            pass


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path)
    parser.add_argument("--variables", type=Path)
    args = parser.parse_args()
    folder = args.folder.resolve()
    os.environ["AIRFLOW__CORE__DAGS_FOLDER"] = str(folder)
    os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"
    sys.path.insert(0, str(folder))  # what the scheduler does; Airflow 3's plain DagBag no longer does

    import airflow
    import airflow.serialization.serialized_objects  # noqa: F401
    import pendulum  # noqa: F401
    from airflow import settings
    from airflow.providers.amazon.aws.operators import emr  # noqa: F401
    from airflow.providers.amazon.aws.sensors import emr as emr_sensors  # noqa: F401
    from sqlalchemy import event

    try:
        from airflow.dag_processing.dagbag import DagBag
    except ImportError:
        from airflow.models.dagbag import DagBag
    try:
        import dagfactory  # noqa: F401
    except ImportError:
        pass
    pre_import_airflow_modules(folder)

    if args.variables:
        from airflow.models import Variable

        for key, value in json.loads(args.variables.read_text()).items():
            Variable.set(key, value)  # noqa: AIR311 - the DB-backed Variable, to seed the metadata DB

    statements: list[str] = []
    if getattr(settings, "engine", None) is None and hasattr(settings, "configure_orm"):
        settings.configure_orm()
    if settings.engine is not None:
        event.listen(settings.engine, "before_cursor_execute", lambda *a: statements.append(str(a[2])[:120]))
    start, cpu_start = time.perf_counter(), time.process_time()
    try:
        bag = DagBag(dag_folder=str(folder), include_examples=False)
    except TypeError:
        bag = DagBag(dag_folder=str(folder))
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
    errors = {Path(k).name: str(v).strip().splitlines()[-1] for k, v in sorted(bag.import_errors.items())}
    report = {
        "airflow": airflow.__version__,
        "dags": len(bag.dags),
        "import_errors": len(errors),
        "first_error": next(iter(errors.items()), None),
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "sql": len(statements),
        "first_sql": statements[0] if statements else None,
    }
    print("BENCH-PARSE " + json.dumps(report), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
