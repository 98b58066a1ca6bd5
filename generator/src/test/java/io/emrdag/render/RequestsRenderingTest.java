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
 * Goldens of the requests real DAGs send and emrdag used to refuse or change: a primary-only cluster, a free-text EMR
 * step name, s3n:// and s3a:// locations, spot fleets without an implied SpotSpecification, a job group's own
 * emr_conn_id, and steps with EMR runtime roles. Each pins the exact fragment a feature renders, and that output
 * without the feature stays as it was.
 */
class RequestsRenderingTest {

    private static final String SETTINGS = TestProjects.SETTINGS.replace("defaults:\n", "project: acme\ndefaults:\n");

    @TempDir
    Path tmp;
    int runs;

    private Map<String, String> generate(String settings, String orders) {
        Path project = TestProjects.project(tmp.resolve("p" + runs), Map.of("emrdag.yaml", settings, "orders.yaml", orders));
        Path out = tmp.resolve("out" + runs++);
        new Emrdag().generate(new Request(project, out));
        return TestProjects.snapshot(out);
    }

    private static void assertFragment(String fragment, String file) {
        assertTrue(file.contains(fragment), () -> "expected\n" + fragment + "\nin\n" + file);
    }

    @Test
    void aPrimaryOnlyClusterSendsThePrimaryGroupAloneAndHasOnlyItsKnobs() {
        String dag = generate(SETTINGS, TestProjects.JOB_GROUP + "cluster:\n  core: null\n").get("orders_dag.py");
        assertFragment("""
                KNOBS = {"master_instance_type": "m5.xlarge", "master_instance_count": 1}
                """, dag);
        assertFragment("""
                    overrides={
                        "Instances": {
                            "InstanceGroups": [
                                {
                                    "Name": "Primary",
                                    "InstanceRole": "MASTER",
                                    "Market": "ON_DEMAND",
                                    "InstanceType": "${master_instance_type}",
                                    "InstanceCount": "${master_instance_count}",
                                },
                            ],
                        },
                    },
                """, dag);
    }

    @Test
    void aPrimaryOnlyProfileHasNoCorePlaceholders() {
        String settings = SETTINGS.replace("    core: {instance_type: r5.2xlarge, instance_count: 2}\n", "    core: null\n");
        Map<String, String> out = generate(settings, TestProjects.JOB_GROUP);
        assertFalse(out.get("templates.py").contains("CORE"), out.get("templates.py"));
        assertFragment("""
                            "InstanceGroups": [
                                {
                                    "Name": "Primary",
                                    "InstanceRole": "MASTER",
                                    "Market": "ON_DEMAND",
                                    "InstanceType": "${master_instance_type}",
                                    "InstanceCount": "${master_instance_count}",
                                },
                            ],
                            "KeepJobFlowAliveWhenNoSteps": True,
                """, out.get("templates.py"));
    }

    @Test
    void rawInstanceGroupsReplaceTheListSoNoCoreIsRequired() {
        String settings = SETTINGS.replace("    core: {instance_type: r5.2xlarge, instance_count: 2}\n", "");
        String dag = generate(settings, TestProjects.JOB_GROUP + """
                job_flow_overrides:
                  Instances:
                    InstanceGroups:
                      - {Name: Primary, InstanceRole: MASTER, InstanceType: m5.2xlarge, InstanceCount: 1, Market: ON_DEMAND}
                """).get("orders_dag.py");
        assertFragment("""
                KNOBS = {}
                """, dag);
        assertFragment("""
                                {
                                    "Name": "Primary",
                                    "InstanceRole": "MASTER",
                                    "InstanceType": "m5.2xlarge",
                                    "InstanceCount": 1,
                                    "Market": "ON_DEMAND",
                                },
                """, dag);
    }

    @Test
    void aPrimaryOnlyFleetClusterSendsThePrimaryFleetAlone() {
        String dag = generate(SETTINGS, TestProjects.JOB_GROUP + """
                cluster:
                  fleets:
                    master: {instance_types: [{instance_type: m5.xlarge}]}
                    core: null
                """).get("orders_dag.py");
        assertFragment("""
                KNOBS = {}
                """, dag);
        assertFragment("""
                            "InstanceFleets": [
                                {
                                    "Name": "Primary",
                                    "InstanceFleetType": "MASTER",
                                    "TargetOnDemandCapacity": 1,
                                    "TargetSpotCapacity": 0,
                                    "InstanceTypeConfigs": [{"InstanceType": "m5.xlarge", "WeightedCapacity": 1}],
                                },
                            ],
                """, dag);
    }

    @Test
    void aSpotFleetGetsASpotSpecificationOnlyWhenTheMetadataAsksForOne() {
        String fleets = TestProjects.JOB_GROUP + """
                cluster:
                  fleets:
                    master: {instance_types: [{instance_type: m5.xlarge}]}
                    core:
                      on_demand_capacity: 1
                      spot_capacity: 4
                      instance_types: [{instance_type: r5.2xlarge}]
                """;
        String without = generate(SETTINGS, fleets).get("orders_dag.py");
        assertFalse(without.contains("SpotSpecification"), without);
        assertFalse(without.contains("LaunchSpecifications"), without);
        String with = generate(SETTINGS, fleets + "      spot_timeout_action: TERMINATE_CLUSTER\n").get("orders_dag.py");
        assertFragment("""
                                    "LaunchSpecifications": {
                                        "SpotSpecification": {
                                            "TimeoutDurationMinutes": 30,
                                            "TimeoutAction": "TERMINATE_CLUSTER",
                                            "AllocationStrategy": "price-capacity-optimized",
                                        },
                                    },
                """, with);
    }

    @Test
    void aFreeTextStepNameIsTheEmrNameWhileTheTaskIdKeepsTheStepsName() {
        String dag = generate(SETTINGS, TestProjects.JOB_GROUP.replace("    script: load_raw_to_process.py\n",
                "    step_name: \"Load orders: raw -> processed | daily\"\n    script: load_raw_to_process.py\n")).get("orders_dag.py");
        assertFragment("""
                        {
                            "name": "Load orders: raw -> processed | daily",
                            "action_on_failure": "CANCEL_AND_WAIT",
                """, dag);
        assertFragment("""
                    watch_load_orders = WatchStep(
                        task_id="watch_load_orders",
                """, dag);
        assertFragment("""
                    "| `load_orders` (in EMR: Load orders: raw -\\\\> processed \\\\| daily) | `s3://acme-artifacts/spark/load_raw_to_process.py` | CANCEL_AND_WAIT |\\n"
                """, dag);
    }

    @Test
    void s3nAndS3aLocationsReachTheRequestAsWritten() {
        Map<String, String> out = generate(SETTINGS, """
                description: Orders
                schedule: "0 2 * * *"
                cluster:
                  log_uri: s3n://acme-emr-logs/orders/
                steps:
                  - name: load_orders
                    script: s3a://acme-artifacts/spark/load.py
                  - name: report
                    jar: s3n://acme-artifacts/spark/report.jar
                """);
        String dag = out.get("orders_dag.py");
        assertFragment("""
                    overrides={"LogUri": "s3n://acme-emr-logs/orders/"},
                """, dag);
        assertFragment("""
                                "s3a://acme-artifacts/spark/load.py",
                """, dag);
        assertFragment("""
                                "s3n://acme-artifacts/spark/report.jar",
                """, dag);
    }

    @Test
    void aJobGroupsEmrConnIdReachesCreateClusterAndNoneStaysTheDefault() {
        String plain = generate(SETTINGS, TestProjects.JOB_GROUP).get("orders_dag.py");
        assertFragment("""
                        aws_conn_id="aws_default",
                        emr_conn_id=None,
                """, plain);
        String own = generate(SETTINGS, TestProjects.JOB_GROUP + "emr_conn_id: emr_lakehouse\n").get("orders_dag.py");
        assertFragment("""
                        aws_conn_id="aws_default",
                        emr_conn_id="emr_lakehouse",
                """, own);
        String fromDefaults = generate(SETTINGS.replace("defaults:\n", "defaults:\n  emr_conn_id: emr_default\n"), TestProjects.JOB_GROUP)
                .get("orders_dag.py");
        assertFragment("""
                        emr_conn_id="emr_default",
                """, fromDefaults);
        assertEquals(plain, generate(SETTINGS, TestProjects.JOB_GROUP + "emr_conn_id: null\n").get("orders_dag.py"));
    }

    @Test
    void executionRolesAreListedPerStepAndGivenToAddStepsAndToTheWatchersThatReRun() {
        String dag = generate(SETTINGS, """
                description: Orders
                schedule: "0 2 * * *"
                steps:
                  - name: load_orders
                    script: load.py
                    execution_role_arn: arn:aws:iam::123456789012:role/etl-orders
                    reruns: 1
                  - name: publish
                    script: publish.py
                """).get("orders_dag.py");
        assertFragment("""
                # The EMR runtime role of each step (ExecutionRoleArn, None for the cluster's instance profile): AddJobFlowSteps
                # takes one role per request, so the steps are added in runs of one role, in their order.
                EXECUTION_ROLES = ["arn:aws:iam::123456789012:role/etl-orders", None]
                """, dag);
        assertFragment("""
                        steps=STEPS,
                        execution_roles=EXECUTION_ROLES,
                        aws_conn_id="aws_default",
                    )
                """, dag);
        assertFragment("""
                        reruns=RERUNS,
                        execution_roles=EXECUTION_ROLES,
                """, dag);
        String plain = generate(SETTINGS, TestProjects.JOB_GROUP).get("orders_dag.py");
        assertFalse(plain.contains("EXECUTION_ROLES") || plain.contains("execution_roles"), plain);
    }
}
