"""The runtime module is imported from its source, dag-templates/template_generator.py, in a venv without Airflow."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO / "dag-templates"))
sys.path.insert(0, str(HERE))
