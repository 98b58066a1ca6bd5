package io.emrdag.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emrdag.Emrdag;
import io.emrdag.TestProjects;
import io.emrdag.pipeline.Request;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One golden per rendering feature: a small inline project and the exact fragment it must produce. The example
 * project's {@code generated-dags/} is the whole-file golden; these pin the features it does not show (bootstrap
 * actions, nested configurations, the package layout) and each feature's exact spelling on its own.
 */
class RenderingFeaturesTest {

    /** The shared test project's settings, with a project name and a start date of its own. */
    private static final String SETTINGS = TestProjects.SETTINGS.replace("defaults:\n", "project: acme\ndefaults:\n")
            .replace("start_date: 2024-01-01", "start_date: 2024-03-05");

    private static final String ONE_STEP = """
            description: Orders
            schedule: "0 2 * * *"
            steps:
              - name: load_orders
                script: load.py
            """;

    @TempDir
    Path tmp;

    /** Generates a project of {@code files} and returns every output file by path. */
    private Map<String, String> generate(Map<String, String> files) {
        Path project = TestProjects.project(tmp, files);
        Path out = tmp.resolve("out");
        new Emrdag().generate(new Request(project, out));
        return TestProjects.snapshot(out);
    }

    private Map<String, String> generate(String settings, String orders) {
        return generate(Map.of("emrdag.yaml", settings, "orders.yaml", orders));
    }

    private static void assertFragment(String fragment, String file) {
        assertTrue(file.contains(fragment), () -> "expected\n" + fragment + "\nin\n" + file);
    }

    @Test
    void bootstrapActionsReachTheProfileTemplateWithTheirScriptUnderScriptsBase() {
        String settings = SETTINGS + """
                    bootstrap_actions:
                      - name: install_libs
                        script: bootstrap/install.sh
                        args: [--with, hudi]
                      - name: no_args
                        script: s3://other-bucket/setup.sh
                """;
        assertFragment("""
                        "BootstrapActions": [
                            {
                                "Name": "install_libs",
                                "ScriptBootstrapAction": {
                                    "Path": "s3://acme-artifacts/spark/bootstrap/install.sh",
                                    "Args": ["--with", "hudi"],
                                },
                            },
                            {
                                "Name": "no_args",
                                "ScriptBootstrapAction": {"Path": "s3://other-bucket/setup.sh", "Args": []},
                            },
                        ],
                """, generate(settings, ONE_STEP).get("templates.py"));
    }

    @Test
    void nestedConfigurationsKeepTheirTreeAndQuotedNumbersStayStrings() {
        String settings = SETTINGS + """
                    configurations:
                      - classification: spark-env
                        configurations:
                          - classification: export
                            properties:
                              PYSPARK_PYTHON: /usr/bin/python3
                      - classification: spark-defaults
                        properties:
                          spark.sql.shuffle.partitions: "200"
                """;
        Map<String, String> out = generate(settings, ONE_STEP);
        assertFragment("""
                        "Configurations": [
                            {
                                "Classification": "spark-env",
                                "Properties": {},
                                "Configurations": [
                                    {
                                        "Classification": "export",
                                        "Properties": {"PYSPARK_PYTHON": "/usr/bin/python3"},
                                    },
                                ],
                            },
                            {
                                "Classification": "spark-defaults",
                                "Properties": {"spark.sql.shuffle.partitions": Verbatim("200")},
                            },
                        ],
                """, out.get("templates.py"));
    }

    @Test
    void verbatimIsImportedOnlyWhenAProfileNeedsIt() {
        String withVerbatim = SETTINGS + """
                    configurations:
                      - classification: spark-defaults
                        properties: {spark.executor.instances: "4"}
                """;
        String needed = generate(withVerbatim, ONE_STEP).get("templates.py");
        assertFragment("""
                \"""

                from template_generator import Verbatim

                JOB_FLOW_OVERRIDES = {
                """, needed);
        assertFragment("{\"spark.executor.instances\": Verbatim(\"4\")}", needed);
        String notNeeded = generate(Map.of("emrdag.yaml", SETTINGS, "orders.yaml", ONE_STEP)).get("templates.py");
        assertFragment("""
                \"""

                JOB_FLOW_OVERRIDES = {
                """, notNeeded);
        assertFalse(notNeeded.contains("import"), notNeeded);
    }

    @Test
    void packageLayoutImportsTheSharedModulesFromThePackage() {
        String settings = SETTINGS.replace("project: acme\n", "project: acme\nlayout: package\npackage: acme_emr\n") + """
                    configurations:
                      - classification: spark-defaults
                        properties: {spark.executor.instances: "4"}
                """;
        Map<String, String> out = generate(settings, ONE_STEP);
        assertEquals(java.util.Set.of("acme_emr/__init__.py", "acme_emr/template_generator.py", "acme_emr/templates.py",
                "acme_emr/cluster_janitor.py", "acme_emr/orders_dag.py", "acme_emr/.emrdag-manifest.json"), out.keySet());
        assertFragment("""
                from airflow.providers.amazon.aws.sensors.emr import EmrStepSensor

                from acme_emr import template_generator, templates

                """, out.get("acme_emr/orders_dag.py"));
        assertFragment("""
                from airflow.providers.amazon.aws.hooks.emr import EmrHook

                from acme_emr import template_generator

                """, out.get("acme_emr/cluster_janitor.py"));
        assertFragment("\nfrom .template_generator import Verbatim\n", out.get("acme_emr/templates.py"));
        assertEquals("""
                # Generated by emrdag. DO NOT EDIT: changes are overwritten.
                # Edit the job-group metadata and run 'mvn emrdag:generate' (or 'emrdag generate') instead.
                \"""EMR job groups generated by emrdag: shared modules and one file per job group.\"""
                """, out.get("acme_emr/__init__.py"));
    }

    @Test
    void flatLayoutImportsTheSharedModulesBesideTheDag() {
        Map<String, String> out = generate(SETTINGS, ONE_STEP);
        assertFragment("""
                from airflow.providers.amazon.aws.sensors.emr import EmrStepSensor

                import template_generator
                import templates

                """, out.get("orders_dag.py"));
        assertFragment("""
                from airflow.providers.amazon.aws.hooks.emr import EmrHook

                import template_generator

                """, out.get("cluster_janitor.py"));
    }

    @Test
    void stepConcurrencyReachesTheRequestOnlyWhenSet() {
        String concurrent = SETTINGS + "    step_concurrency: 3\n";
        assertFragment("""
                        "ServiceRole": "EMR_DefaultRole",
                        "StepConcurrencyLevel": 3,
                        "AutoTerminationPolicy": {"IdleTimeout": 3600},
                """, generate(concurrent, ONE_STEP).get("templates.py"));
        assertFalse(generate(SETTINGS, ONE_STEP).get("templates.py").contains("StepConcurrencyLevel"));
    }

    @Test
    void rerunsGiveEveryWatcherTheStepsAndTheirCounts() {
        String orders = """
                description: Orders
                schedule: "0 2 * * *"
                steps:
                  - name: load_orders
                    script: load.py
                    reruns: 2
                  - name: build_report
                    script: report.py
                """;
        String dag = generate(SETTINGS, orders).get("orders_dag.py");
        assertFragment("""
                ]

                # How often each step is added again on the same cluster after a failed attempt.
                RERUNS = [2, 0]

                CLUSTER_ID = "{{ ti.xcom_pull(task_ids='create_cluster') }}"
                """, dag);
        assertFragment("""
                    watch_build_report = WatchStep(
                        task_id="watch_build_report",
                        job_flow_id=CLUSTER_ID,
                        step_id="{{ ti.xcom_pull(task_ids='add_steps')[1] }}",
                        step_index=1,
                        steps=STEPS,
                        reruns=RERUNS,
                        aws_conn_id="aws_default",
                        poke_interval=60,
                        timeout=21600,
                        mode="reschedule",
                    )
                """, dag);
        assertFragment("""
                    create_cluster >> add_steps >> [watch_load_orders, watch_build_report] >> terminate_cluster
                    [watch_load_orders, watch_build_report, terminate_cluster] >> all_steps_succeeded
                """, dag);
    }

    @Test
    void withoutRerunsWatchersTakeNoStepsAndOneWatcherIsChainedAlone() {
        String dag = generate(SETTINGS, ONE_STEP).get("orders_dag.py");
        assertFalse(dag.contains("RERUNS"), dag);
        assertFragment("""
                        step_id="{{ ti.xcom_pull(task_ids='add_steps')[0] }}",
                        aws_conn_id="aws_default",
                """, dag);
        assertFragment("""
                    create_cluster >> add_steps >> watch_load_orders >> terminate_cluster
                    [watch_load_orders, terminate_cluster] >> all_steps_succeeded
                """, dag);
    }

    @Test
    void theClusterIsTheProfileFilledWithKnobsAndOnlyTheJobGroupsDifferences() {
        String orders = ONE_STEP + """
                cluster:
                  core: {instance_count: 5}
                job_flow_overrides:
                  VisibleToAllUsers: false
                """;
        assertFragment("""
                JOB_FLOW_OVERRIDES = template_generator.fill(
                    templates.JOB_FLOW_OVERRIDES["standard"],
                    {
                        "cluster_name": "orders",
                        "job_group": "orders",
                        "master_instance_type": "{{ knob('master_instance_type') }}",
                        "master_instance_count": "{{ knob('master_instance_count') }}",
                        "core_instance_type": "{{ knob('core_instance_type') }}",
                        "core_instance_count": "{{ knob('core_instance_count') }}",
                    },
                    overrides={"VisibleToAllUsers": False},
                    literal=literal,
                )
                """, generate(SETTINGS, orders).get("orders_dag.py"));
        assertFragment("""
                KNOBS = {
                    "master_instance_type": "m5.xlarge",
                    "master_instance_count": 1,
                    "core_instance_type": "r5.2xlarge",
                    "core_instance_count": 5,
                }
                """, generate(SETTINGS, orders).get("orders_dag.py"));
        assertFragment("""
                    },
                    literal=literal,
                )
                """, generate(SETTINGS, ONE_STEP).get("orders_dag.py"));
    }

    @Test
    void stepsFillTheSparkStepAndJinjaArgumentsRenderThroughText() {
        String orders = """
                description: Orders
                schedule: "0 2 * * *"
                steps:
                  - name: load_orders
                    script: load.py
                    args: ["--day", "{{ ds }}"]
                    spark_conf: {spark.executor.memory: 8g}
                    action_on_failure: CONTINUE
                """;
        assertFragment("""
                STEPS = [
                    template_generator.fill(
                        templates.SPARK_STEP,
                        {
                            "name": "load_orders",
                            "action_on_failure": "CONTINUE",
                            "args": [
                                "spark-submit",
                                "--deploy-mode",
                                "cluster",
                                "--conf",
                                "spark.executor.memory=8g",
                                "s3://acme-artifacts/spark/load.py",
                                "--job_group",
                                "orders",
                                "--day",
                                "{{ text('{{ ds }}') }}",
                            ],
                        },
                        literal=literal,
                    ),
                ]
                """, generate(SETTINGS, orders).get("orders_dag.py"));
    }

    @Test
    void dagArgumentsSpellScheduleTimeZoneTimeoutsAndDefaultArgs() {
        String orders = """
                description: Orders
                schedule: null
                timezone: Europe/Berlin
                dagrun_timeout: 3h
                retries: 2
                retry_delay: 90s
                owner: data-platform
                tags: [emr, orders]
                steps:
                  - name: load_orders
                    script: load.py
                """;
        assertFragment("""
                    dag_id="orders",
                    description=DESCRIPTION,
                    schedule=None,
                    start_date=pendulum.datetime(2024, 3, 5, tz="Europe/Berlin"),
                    catchup=False,
                    max_active_runs=1,
                    dagrun_timeout=datetime.timedelta(hours=3),
                    tags=["emr", "orders"],
                    # weight_rule "absolute": a task's priority is its own priority_weight, so that terminate_cluster's outranks every
                    # other task of these DAGs when worker slots are scarce (by Airflow's default rule a task upstream of it adds its
                    # weight to its own, and outranks it).
                    default_args={"owner": "data-platform", "retries": 2, "retry_delay": datetime.timedelta(minutes=1, seconds=30), "weight_rule": "absolute"},
                """, generate(SETTINGS, orders).get("orders_dag.py"));
        assertFragment("""
                    schedule="0 2 * * *",
                    start_date=pendulum.datetime(2024, 3, 5, tz="UTC"),
                    catchup=False,
                    max_active_runs=1,
                    dagrun_timeout=None,
                    tags=[],
                    # weight_rule "absolute": a task's priority is its own priority_weight, so that terminate_cluster's outranks every
                    # other task of these DAGs when worker slots are scarce (by Airflow's default rule a task upstream of it adds its
                    # weight to its own, and outranks it).
                    default_args={"owner": "airflow", "retries": 0, "retry_delay": datetime.timedelta(minutes=5), "weight_rule": "absolute"},
                """, generate(SETTINGS, ONE_STEP).get("orders_dag.py"));
    }

    private static final String FLEET_GROUP = """
            description: Orders
            schedule: "0 2 * * *"
            cluster:
              fleets:
                master: {instance_types: [{instance_type: m5.xlarge}]}
                core:
                  on_demand_capacity: 1
                  spot_capacity: 3
                  on_demand_allocation_strategy: prioritized
                  spot_timeout: 15m
                  instance_types:
                    - {instance_type: r5.2xlarge, bid_price_percent: 80}
                    - {instance_type: r5.4xlarge, weighted_capacity: 2, bid_price: "0.90"}
              managed_scaling: {minimum_capacity: 4, maximum_capacity: 12, maximum_core_capacity: 8}
            steps:
              - name: load_orders
                script: load.py
            """;

    @Test
    void aJobGroupOnFleetsOverAGroupsProfileDropsTheGroupsAndItsKnobsAreTheCapacities() {
        String dag = generate(SETTINGS, FLEET_GROUP).get("orders_dag.py");
        assertFragment("""
                KNOBS = {
                    "core_on_demand_capacity": 1,
                    "core_spot_capacity": 3,
                    "scaling_minimum_capacity": 4,
                    "scaling_maximum_capacity": 12,
                    "scaling_maximum_core_capacity": 8,
                }
                """, dag);
        assertFragment("""
                        "scaling_maximum_core_capacity": "{{ knob('scaling_maximum_core_capacity') }}",
                        "core_instance_count": None,
                        "core_instance_type": None,
                        "master_instance_count": None,
                        "master_instance_type": None,
                    },
                """, dag);
        assertFragment("""
                                {
                                    "Name": "Primary",
                                    "InstanceFleetType": "MASTER",
                                    "TargetOnDemandCapacity": 1,
                                    "TargetSpotCapacity": 0,
                                    "InstanceTypeConfigs": [{"InstanceType": "m5.xlarge", "WeightedCapacity": 1}],
                                },
                                {
                                    "Name": "Core",
                                    "InstanceFleetType": "CORE",
                                    "TargetOnDemandCapacity": "${core_on_demand_capacity}",
                                    "TargetSpotCapacity": "${core_spot_capacity}",
                                    "InstanceTypeConfigs": [
                                        {
                                            "InstanceType": "r5.2xlarge",
                                            "WeightedCapacity": 1,
                                            "BidPriceAsPercentageOfOnDemandPrice": 80,
                                        },
                                        {
                                            "InstanceType": "r5.4xlarge",
                                            "WeightedCapacity": 2,
                                            "BidPrice": template_generator.Verbatim("0.90"),
                                        },
                                    ],
                                    "LaunchSpecifications": {
                                        "SpotSpecification": {
                                            "TimeoutDurationMinutes": 15,
                                            "TimeoutAction": "SWITCH_TO_ON_DEMAND",
                                            "AllocationStrategy": "price-capacity-optimized",
                                        },
                                        "OnDemandSpecification": {"AllocationStrategy": "prioritized"},
                                    },
                                },
                            ],
                            "InstanceGroups": None,
                        },
                """, dag);
    }

    @Test
    void managedScalingLimitsAreKnobsInTheirUnitOfTheClustersShape() {
        assertFragment("""
                        "ManagedScalingPolicy": {
                            "ComputeLimits": {
                                "UnitType": "InstanceFleetUnits",
                                "MinimumCapacityUnits": "${scaling_minimum_capacity}",
                                "MaximumCapacityUnits": "${scaling_maximum_capacity}",
                                "MaximumCoreCapacityUnits": "${scaling_maximum_core_capacity}",
                            },
                        },
                """, generate(SETTINGS, FLEET_GROUP).get("orders_dag.py"));
        String groups = SETTINGS + "    managed_scaling: {minimum_capacity: 2, maximum_capacity: 6}\n";
        assertFragment("""
                        "ManagedScalingPolicy": {
                            "ComputeLimits": {
                                "UnitType": "Instances",
                                "MinimumCapacityUnits": "${scaling_minimum_capacity}",
                                "MaximumCapacityUnits": "${scaling_maximum_capacity}",
                            },
                        },
                        "AutoTerminationPolicy": {"IdleTimeout": 3600},
                """, generate(groups, ONE_STEP).get("templates.py"));
    }

    @Test
    void jarAndCommandStepsRunThroughCommandRunner() {
        String orders = """
                description: Orders
                schedule: "0 2 * * *"
                steps:
                  - name: build
                    jar: apps/build.jar
                    main_class: com.acme.Build
                    args: [--day, "{{ ds }}"]
                  - name: copy
                    command: [s3-dist-cp, "--src=s3://acme/{{ ds_nodash }}/", --dest=hdfs:///in/]
                """;
        String dag = generate(SETTINGS, orders).get("orders_dag.py");
        assertFragment("""
                            "args": [
                                "spark-submit",
                                "--deploy-mode",
                                "cluster",
                                "--class",
                                "com.acme.Build",
                                "s3://acme-artifacts/spark/apps/build.jar",
                                "--day",
                                "{{ text('{{ ds }}') }}",
                            ],
                """, dag);
        assertFragment("""
                            "args": [
                                "s3-dist-cp",
                                "{{ text('--src=s3://acme/{{ ds_nodash }}/') }}",
                                "--dest=hdfs:///in/",
                            ],
                """, dag);
        assertFragment("""
                    "| `build` | `s3://acme-artifacts/spark/apps/build.jar` (`com.acme.Build`) | CANCEL_AND_WAIT |\\n"
                    "| `copy` | `s3-dist-cp --src=s3://acme/{{ ds_nodash }}/ --dest=hdfs:///in/` | CANCEL_AND_WAIT |\\n"
                """, dag);
    }

    @Test
    void docMdListsTheKnobsThatWorkAndItsExampleChangesOne() {
        assertFragment("""
                    "Example: `{\\"core_instance_count\\": 4}`\\n"
                """, generate(SETTINGS, ONE_STEP).get("orders_dag.py"));
        String fleets = generate(SETTINGS, FLEET_GROUP).get("orders_dag.py");
        assertFragment("""
                    "| `core_on_demand_capacity` | `1` |\\n"
                    "| `core_spot_capacity` | `3` |\\n"
                """, fleets);
        assertFalse(fleets.contains("| `core_instance_count`"), fleets);
        assertFragment("""
                    "Example: `{\\"core_on_demand_capacity\\": 2}`\\n"
                """, fleets);
    }

    private static final String AROUND = ONE_STEP + """
            before:
              - task_id: wait_for_input
                operator: airflow.providers.amazon.aws.sensors.s3.S3KeySensor
                arguments: {bucket_key: "s3://in/{{ ds }}/_SUCCESS", poke_interval: 60, mode: reschedule, bucket_name: "200"}
              - task_id: gate.open
                operator: acme.gates.EmptyOperator
                upstream: [wait_for_input]
                trigger_rule: one_success
            after:
              - task_id: notify
                operator: airflow.operators.python.PythonOperator
                python_callable: lake_helpers.notify_done
                arguments: {op_kwargs: {table: claims, day: "{{ ds_nodash }}", count: "200", on: true, ratio: 0.5}}
              - task_id: archive
                operator: acme.gates.Archive
                upstream: [notify]
            """;

    @Test
    void tasksAroundTheClusterAreImportedCreatedAndChainedBeforeCreateAndAfterTheSteps() {
        String dag = generate(SETTINGS, AROUND).get("orders_dag.py");
        // Where an import sorter (ruff's "I" rules) wants them: Airflow's among the provider imports, others after
        // the shared modules (as modules beside the DAG files); one line per module, an alias on a line of its own.
        assertFragment("""
                    from airflow.utils.template import literal
                from airflow.operators.python import PythonOperator
                from airflow.providers.amazon.aws.hooks.emr import EmrHook
                from airflow.providers.amazon.aws.operators.emr import (
                    EmrAddStepsOperator,
                    EmrCreateJobFlowOperator,
                    EmrTerminateJobFlowOperator,
                )
                from airflow.providers.amazon.aws.sensors.emr import EmrStepSensor
                from airflow.providers.amazon.aws.sensors.s3 import S3KeySensor

                import template_generator
                import templates
                from acme.gates import Archive
                from acme.gates import EmptyOperator as EmptyOperator_2
                from lake_helpers import notify_done

                # The provider's EMR operators""", dag);
        assertFragment("""
                ) as dag:
                    before_wait_for_input = template_generator.task(
                        S3KeySensor,
                        literal,
                        task_id="wait_for_input",
                        bucket_key=template_generator.Rendered("{{ text('s3://in/{{ ds }}/_SUCCESS') }}"),
                        poke_interval=60,
                        mode="reschedule",
                        bucket_name=template_generator.Verbatim("200"),
                    )
                    before_gate_open = template_generator.task(
                        EmptyOperator_2,
                        literal,
                        task_id="gate.open",
                        trigger_rule="one_success",
                    )
                    create_cluster = CreateCluster(
                """, dag);
        assertFragment("""
                    all_steps_succeeded = EmptyOperator(task_id="all_steps_succeeded")
                    after_notify = template_generator.task(
                        PythonOperator,
                        literal,
                        task_id="notify",
                        python_callable=notify_done,
                        op_kwargs={
                            "table": "claims",
                            "day": template_generator.Rendered("{{ text('{{ ds_nodash }}') }}"),
                            "count": template_generator.Verbatim("200"),
                            "on": True,
                            "ratio": 0.5,
                        },
                    )
                    after_archive = template_generator.task(
                        Archive,
                        literal,
                        task_id="archive",
                    )

                    create_cluster >> add_steps >> watch_load_orders >> terminate_cluster
                    [watch_load_orders, terminate_cluster] >> all_steps_succeeded
                    before_wait_for_input >> before_gate_open
                    before_gate_open >> create_cluster
                    all_steps_succeeded >> after_notify
                    after_notify >> after_archive
                """, dag);
        assertTrue(dag.endsWith("    after_notify >> after_archive\n"), dag);
        assertFalse(dag.contains("job_group_succeeded"), "no Asset, no extra leaf");
    }

    @Test
    void aJobGroupOthersWaitForEmitsItsAssetOnceItsTasksAfterSucceeded() {
        Map<String, String> files = generate(Map.of("emrdag.yaml", SETTINGS, "orders.yaml", AROUND,
                "report.yaml", ONE_STEP.replace("schedule: \"0 2 * * *\"", "depends_on: [orders]")));
        String dag = files.get("orders_dag.py");
        assertFragment("""
                    all_steps_succeeded = EmptyOperator(task_id="all_steps_succeeded")
                """, dag);
        assertFragment("""
                    # The job group's success includes its tasks after the steps: the job groups that wait for it start after them.
                    job_group_succeeded = EmptyOperator(task_id="job_group_succeeded", outlets=[SUCCEEDED])
                """, dag);
        assertTrue(dag.endsWith("""
                    all_steps_succeeded >> after_notify
                    after_notify >> after_archive
                    [all_steps_succeeded, after_archive] >> job_group_succeeded
                """), dag);
        assertFragment("emitted by `job_group_succeeded`", dag);
    }

    @Test
    void beforeAndAfterInDefaultsAreReplacedWholeByAJobGroupsOwnList() {
        String settings = SETTINGS.replace("defaults:\n", """
                defaults:
                  before:
                    - task_id: wait_for_lake
                      operator: airflow.operators.empty.EmptyOperator
                """);
        assertFragment("task_id=\"wait_for_lake\"", generate(settings, ONE_STEP).get("orders_dag.py"));
        String own = generate(settings, AROUND).get("orders_dag.py");
        assertFalse(own.contains("wait_for_lake"), own);
        String none = generate(settings, ONE_STEP + "before: []\n").get("orders_dag.py");
        assertEquals(generate(SETTINGS, ONE_STEP).get("orders_dag.py"), none, "before: [] renders as no before at all");
    }

    @Test
    void withThePackageLayoutOtherModulesSortAroundThePackagesImport() {
        String settings = SETTINGS + "layout: package\npackage: mylake\n";
        String dag = generate(settings, ONE_STEP + """
                after:
                  - {task_id: a, operator: airflow.operators.python.PythonOperator, python_callable: alpha_helpers.go}
                  - {task_id: z, operator: airflow.operators.python.PythonOperator, python_callable: zeta_helpers.go}
                """).get("mylake/orders_dag.py");
        assertFragment("""
                from alpha_helpers import go
                from mylake import template_generator, templates
                from zeta_helpers import go as go_2
                """, dag);
    }
}
