"""The cluster and steps of ashenjy_split_reviews.py, in a module beside it (that DAG's origin spreads its DAG over
init_dag.py, create_emr.py, emr_steps.py and terminate_emr.py, importing each other from the DAG folder)."""

CLUSTER = {
    "Name": "reviews-{{ ds_nodash }}",  # Jinja in a cluster field: not in the origin, see the DAG's header
    "ReleaseLabel": "emr-5.36.0",
    "Applications": [{"Name": "Hadoop"}, {"Name": "Spark"}],
    "Instances": {
        "InstanceGroups": [
            {
                "Name": "Master node",
                "Market": "ON_DEMAND",
                "InstanceRole": "MASTER",
                "InstanceType": "m5.xlarge",
                "InstanceCount": 1,
            },
            {
                "Name": "Core - 3",
                "Market": "SPOT",
                "InstanceRole": "CORE",
                "InstanceType": "m5.xlarge",
                "InstanceCount": 3,
            },
        ],
        "KeepJobFlowAliveWhenNoSteps": True,
        "TerminationProtected": False,
    },
    "JobFlowRole": "EMR_EC2_DefaultRole",
    "ServiceRole": "EMR_DefaultRole",
}

STEPS = [
    {
        "Name": "Move raw data from S3 to HDFS",
        "ActionOnFailure": "CANCEL_AND_WAIT",
        "HadoopJarStep": {
            "Jar": "command-runner.jar",
            "Args": ["s3-dist-cp", "--src=s3://{{ params.bucket }}/data", "--dest=/movie"],
        },
    },
    {
        "Name": "Classify movie reviews",
        "ActionOnFailure": "CANCEL_AND_WAIT",
        "HadoopJarStep": {
            "Jar": "command-runner.jar",
            "Args": ["spark-submit", "--deploy-mode", "client", "s3://{{ params.bucket }}/job.py"],
        },
    },
]
