"""The bus cluster's request, in a module beside the DAGs that use it (heighliner keeps JOB_FLOW_OVERRIDES in
src/heighliner/constants.py)."""

from typing import Any

SPARK_STEPS = [
    {
        "Name": "calculate pi",
        "ActionOnFailure": "CONTINUE",
        "HadoopJarStep": {"Jar": "command-runner.jar", "Args": ["/usr/lib/spark/bin/run-example", "SparkPi", "50"]},
    }
]

JOB_FLOW_OVERRIDES: dict[str, Any] = {
    "Name": "bus-cluster",
    "ReleaseLabel": "emr-6.7.0",
    "Applications": [{"Name": "Spark"}],
    "Instances": {
        "InstanceGroups": [
            {
                "Name": "Primary node",
                "Market": "ON_DEMAND",
                "InstanceRole": "MASTER",
                "InstanceType": "m5.xlarge",
                "InstanceCount": 1,
            },
        ],
        "KeepJobFlowAliveWhenNoSteps": False,
        "TerminationProtected": False,
    },
    "Steps": SPARK_STEPS,
    "JobFlowRole": "EMR_EC2_DefaultRole",
    "ServiceRole": "EMR_DefaultRole",
}
