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
 * Goldens for Jinja in the templated operator fields (the RunJobFlow request and the steps) and for the DAG arguments
 * of a hand-written DAG: each Jinja string renders at run time, typed as EMR expects; strings without Jinja stay
 * protected.
 */
class JinjaRenderingTest {

    private static final String SETTINGS = TestProjects.SETTINGS.replace("defaults:\n", "project: acme\ndefaults:\n");

    @TempDir
    Path tmp;

    private Map<String, String> generate(String orders) {
        return generate(SETTINGS, orders);
    }

    private Map<String, String> generate(String settings, String orders) {
        Path project = TestProjects.project(tmp, Map.of("emrdag.yaml", settings, "orders.yaml", orders));
        Path out = tmp.resolve("out");
        new Emrdag().generate(new Request(project, out));
        return TestProjects.snapshot(out);
    }

    private static void assertFragment(String fragment, String file) {
        assertTrue(file.contains(fragment), () -> "expected\n" + fragment + "\nin\n" + file);
    }

    /** Silently wrong on main: the name reached EMR as "orders-{{ ds_nodash }}", braces and all. */
    @Test
    void jinjaInTheClusterNameRendersAsText() {
        String orders = TestProjects.JOB_GROUP + "cluster:\n  name: \"{job_group}-{{ ds_nodash }}\"\n";
        assertFragment("\"cluster_name\": \"{{ text('orders-{{ ds_nodash }}') }}\",", generate(orders).get("orders_dag.py"));
    }

    /** Silently wrong on main: tag values, bootstrap arguments and raw override strings were sent as written. */
    @Test
    void jinjaInTagsBootstrapArgumentsAndLogUriRendersAsText() {
        String orders = TestProjects.JOB_GROUP + """
                cluster:
                  log_uri: "s3://logs/{{ ds }}/"
                  tags: {run_day: "{{ ds }}", cost_center: "4100"}
                  bootstrap_actions:
                    - {name: setup, script: s3://boot-bucket/setup.sh, args: ["--day", "{{ ds }}"]}
                """;
        String dag = generate(orders).get("orders_dag.py");
        assertFragment("\"LogUri\": \"{{ text('s3://logs/{{ ds }}/') }}\",", dag);
        assertFragment("{\"Key\": \"run_day\", \"Value\": \"{{ text('{{ ds }}') }}\"}", dag);
        assertFragment("{\"Key\": \"cost_center\", \"Value\": template_generator.Verbatim(\"4100\")}", dag);
        assertFragment("\"Args\": [\"--day\", \"{{ text('{{ ds }}') }}\"]", dag);
    }

    /** A raw override: strings render as text, integer and boolean fields as written (native rendering types them). */
    @Test
    void jinjaInJobFlowOverridesIsTypedByTheRequestShape() {
        String orders = TestProjects.JOB_GROUP + """
                params: {nodes: 3, protect: false}
                job_flow_overrides:
                  SecurityConfiguration: "sec-{{ params.nodes }}"
                  StepConcurrencyLevel: "{{ params.nodes | int }}"
                  Instances:
                    TerminationProtected: "{{ params.protect }}"
                    InstanceGroups:
                      - {Name: "primary-{{ ds }}", InstanceRole: MASTER, InstanceType: m5.xlarge, InstanceCount: 1}
                      - {Name: Core, InstanceRole: CORE, InstanceType: r5.xlarge, InstanceCount: "{{ params.nodes }}"}
                """;
        String dag = generate(orders).get("orders_dag.py");
        assertFragment("\"Name\": \"{{ text('primary-{{ ds }}') }}\",", dag);
        assertFragment("\"InstanceCount\": \"{{ params.nodes }}\",", dag);
        assertFragment("\"SecurityConfiguration\": \"{{ text('sec-{{ params.nodes }}') }}\",", dag);
        assertFragment("\"StepConcurrencyLevel\": \"{{ params.nodes | int }}\",", dag);
        assertFragment("\"TerminationProtected\": \"{{ params.protect }}\",", dag);
    }

    /** Every string of a step is rendered, as in a hand-written DAG's templated steps field. */
    @Test
    void jinjaInAStepsScriptAndSparkConfRendersAsText() {
        String orders = """
                description: Orders
                schedule: "0 2 * * *"
                steps:
                  - name: load_orders
                    script: "s3://b/{{ params.version }}/load.py"
                    spark_conf: {spark.app.name: "load-{{ ds }}"}
                params: {version: v2}
                """;
        String dag = generate(orders).get("orders_dag.py");
        assertFragment("\"{{ text('spark.app.name=load-{{ ds }}') }}\",", dag);
        assertFragment("\"{{ text('s3://b/{{ params.version }}/load.py') }}\",", dag);
    }

    @Test
    void paramsAndDagArgumentsReachTheDagAsAHandWrittenDagSetsThem() {
        String orders = TestProjects.JOB_GROUP + """
                params: {day: "2024-01-01", nodes: 3, full: false, tables: [a, b]}
                depends_on_past: true
                wait_for_downstream: true
                execution_timeout: 2h
                email: [oncall@acme.example]
                email_on_failure: true
                email_on_retry: false
                max_active_tasks: 4
                """;
        String dag = generate(orders).get("orders_dag.py");
        assertFragment("""
                PARAMS = {"day": "2024-01-01", "nodes": 3, "full": False, "tables": ["a", "b"]}
                """, dag);
        assertFragment("""
                    max_active_runs=1,
                    max_active_tasks=4,
                """, dag);
        assertFragment("""
                    default_args={
                        "owner": "airflow",
                        "retries": 0,
                        "retry_delay": datetime.timedelta(minutes=5),
                        "weight_rule": "absolute",
                        "depends_on_past": True,
                        "wait_for_downstream": True,
                        "execution_timeout": datetime.timedelta(hours=2),
                        "email": ["oncall@acme.example"],
                        "email_on_failure": True,
                        "email_on_retry": False,
                    },
                    params=PARAMS,
                """, dag);
    }

    @Test
    void aJobGroupWithoutJinjaOrDagArgumentsHasNoParamsAndNoNewMacros() {
        String dag = generate(TestProjects.JOB_GROUP).get("orders_dag.py");
        assertFalse(dag.contains("PARAMS"), dag);
        assertFalse(dag.contains("max_active_tasks"), dag);
        assertFragment("    default_args={\"owner\": \"airflow\", \"retries\": 0, \"retry_delay\": datetime.timedelta(minutes=5), \"weight_rule\": \"absolute\"},\n", dag);
    }

    @Test
    void aProfileWithJinjaRendersInTheSharedTemplate() {
        String settings = SETTINGS.replace("    core: {instance_type: r5.2xlarge, instance_count: 2}\n",
                "    core: {instance_type: r5.2xlarge, instance_count: 2}\n    security_configuration: \"sec-{{ ds }}\"\n");
        assertEquals(true, generate(settings, TestProjects.JOB_GROUP).get("templates.py")
                .contains("\"SecurityConfiguration\": \"{{ text('sec-{{ ds }}') }}\","));
    }
}
