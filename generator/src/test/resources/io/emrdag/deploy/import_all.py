"""Imports every *_dag.py of a folder, freshly each time a line arrives on stdin, as a DAG processor would.

Answers each request with one line: "ok N" (N DAG files imported) or "broken <file>: <error>; ...". The shared
modules are dropped from sys.modules before each file so every import sees the folder as it is now.
"""

import importlib.util
import sys
from pathlib import Path

folder = Path(sys.argv[1])
sys.path.insert(0, str(folder))
import airflow  # noqa: E402,F401  (imported once: the checks then take milliseconds)

for _ in sys.stdin:
    failures = []
    files = sorted(folder.glob("*_dag.py"))
    imported = len(files)
    for file in files:
        for shared in ("templates", "template_generator"):
            sys.modules.pop(shared, None)
        spec = importlib.util.spec_from_file_location(file.stem, file)
        module = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(module)
        except Exception as error:  # noqa: BLE001  (any import failure is what we look for)
            if isinstance(error, FileNotFoundError) and not file.exists():
                imported -= 1  # deleted by one of the deploy's parallel writes since the listing: absent, not broken
            else:
                failures.append(f"{file.name}: {type(error).__name__}: {error}")
    print(("broken " + "; ".join(failures)) if failures else f"ok {imported}", flush=True)
