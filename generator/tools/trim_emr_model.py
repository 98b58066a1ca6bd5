"""Writes the trimmed RunJobFlow request shape that emrdag checks job_flow_overrides against.

Usage: python3 generator/tools/trim_emr_model.py PATH/TO/botocore/data/emr/2009-03-31/service-2.json.gz

The source is botocore's EMR service model (Apache License 2.0, Copyright Amazon.com, Inc. or its
affiliates). Only what the check needs is kept: every shape reachable from RunJobFlowInput with its type,
structure members, list members, map keys and values, and string enums. Documentation is dropped.
"""
import gzip
import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src/main/resources/io/emrdag/validate/emr-run-job-flow.json"


def main(source):
    opener = gzip.open if source.endswith(".gz") else open
    with opener(source, "rt", encoding="utf-8") as f:
        model = json.load(f)
    shapes = model["shapes"]
    kept = {}

    def walk(name):
        if name in kept:
            return
        shape = shapes[name]
        out = {"type": shape["type"]}
        kept[name] = out
        if "members" in shape:
            out["members"] = {k: v["shape"] for k, v in sorted(shape["members"].items())}
            for v in shape["members"].values():
                walk(v["shape"])
        if "member" in shape:
            out["member"] = shape["member"]["shape"]
            walk(out["member"])
        if "key" in shape:
            out["key"] = shape["key"]["shape"]
            out["value"] = shape["value"]["shape"]
            walk(out["key"])
            walk(out["value"])
        if "enum" in shape:
            out["enum"] = list(shape["enum"])

    walk("RunJobFlowInput")
    version = model["metadata"]["apiVersion"]
    trimmed = {
        "origin": "botocore/data/emr/%s/service-2.json (%s), trimmed by generator/tools/trim_emr_model.py"
        % (version, sys.argv[2] if len(sys.argv) > 2 else "botocore"),
        "licence": "Apache License 2.0; Copyright Amazon.com, Inc. or its affiliates",
        "root": "RunJobFlowInput",
        "shapes": dict(sorted(kept.items())),
    }
    OUT.write_text(json.dumps(trimmed, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    print("wrote %s: %d shapes" % (OUT, len(kept)))


if __name__ == "__main__":
    main(sys.argv[1])
