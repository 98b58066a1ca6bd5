"""boundary-layer in its fastest mode: one Python process builds every workflow of a folder.

    python bl_batch.py WORKFLOW_FOLDER OUTPUT_FOLDER

Runs inside the boundary-layer venv; the same calls as its `build-dag` command, without a process per
file. Prints `BENCH-BL {files}`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from boundary_layer.builders import GeneratorBuilder, PrimaryDagBuilder, SubDagBuilder
from boundary_layer.workflow import Workflow


def main() -> int:
    source, output = Path(sys.argv[1]), Path(sys.argv[2])
    output.mkdir(parents=True, exist_ok=True)
    files = 0
    for workflow_file in sorted(source.glob("*.yaml")):
        dag = Workflow.load(str(workflow_file)).build_dag(
            PrimaryDagBuilder, sub_dag_builder=SubDagBuilder, generator_builder=GeneratorBuilder
        )
        (output / f"{workflow_file.stem}.py").write_text(dag)
        files += 1
    print(f"BENCH-BL {files}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
