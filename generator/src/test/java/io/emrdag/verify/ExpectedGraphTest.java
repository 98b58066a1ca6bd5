package io.emrdag.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.emrdag.TestProjects;
import io.emrdag.diagnostic.Diagnostics;
import io.emrdag.model.JobGroup;
import io.emrdag.model.Project;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The graph verify expects of a job group with tasks around its cluster, stated apart from the templates. */
class ExpectedGraphTest {

    private static final String AROUND = TestProjects.JOB_GROUP + """
            before:
              - task_id: wait
                operator: airflow.providers.amazon.aws.sensors.s3.S3KeySensor
                arguments: {bucket_key: "s3://in/{{ ds }}/_SUCCESS", timeout: 600}
              - {task_id: gate, operator: airflow.operators.empty.EmptyOperator, upstream: [wait], trigger_rule: one_success}
            after:
              - {task_id: notify, operator: airflow.operators.python.PythonOperator, python_callable: lake.notify}
            """;

    @TempDir
    Path tmp;

    private JobGroup bind(Map<String, String> files) {
        Diagnostics diagnostics = new Diagnostics();
        Project project = TestProjects.bind(TestProjects.project(tmp, files), diagnostics);
        diagnostics.throwIfErrors();
        return project.jobGroups().stream().filter(g -> g.id().equals("orders")).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    @Test
    void beforeLeadsToCreateClusterAndAfterStartsFromAllStepsSucceeded() {
        Map<String, Object> graph = ExpectedGraph.of(bind(Map.of("emrdag.yaml", TestProjects.SETTINGS, "orders.yaml", AROUND)), false);
        Map<String, Map<String, Object>> tasks = (Map<String, Map<String, Object>>) graph.get("tasks");
        assertEquals(List.of("wait", "gate", "create_cluster", "add_steps", "watch_load_orders", "terminate_cluster",
                "all_steps_succeeded", "notify"), List.copyOf(tasks.keySet()));
        assertEquals(Map.of("type", "S3KeySensor", "downstream", List.of("gate"), "trigger_rule", "all_success"), tasks.get("wait"));
        assertEquals(Map.of("type", "EmptyOperator", "downstream", List.of("create_cluster"), "trigger_rule", "one_success"), tasks.get("gate"));
        assertEquals(List.of("notify"), tasks.get("all_steps_succeeded").get("downstream"));
        assertEquals(List.of(), tasks.get("notify").get("downstream"));
        List<Map<String, Object>> around = (List<Map<String, Object>>) graph.get("around");
        assertEquals("job-groups/orders.yaml:7:5", around.get(0).get("where"));
        assertEquals(List.of("task_id", "bucket_key", "timeout"), around.get(0).get("keywords"));
        assertEquals(List.of("bucket_key"), around.get(0).get("jinja"));
        assertEquals(List.of("task_id", "python_callable"), around.get(2).get("keywords"));
    }

    @SuppressWarnings("unchecked")
    @Test
    void aJobGroupOthersWaitForEmitsItsAssetFromJobGroupSucceeded() {
        Map<String, Object> graph = ExpectedGraph.of(bind(Map.of("emrdag.yaml", TestProjects.SETTINGS, "orders.yaml", AROUND)), true);
        Map<String, Map<String, Object>> tasks = (Map<String, Map<String, Object>>) graph.get("tasks");
        assertEquals(List.of("notify", "job_group_succeeded"), tasks.get("all_steps_succeeded").get("downstream"));
        assertEquals(List.of("job_group_succeeded"), tasks.get("notify").get("downstream"));
        assertEquals(Map.of("type", "EmptyOperator", "downstream", List.of(), "trigger_rule", "all_success"), tasks.get("job_group_succeeded"));
    }

    @Test
    void withoutTasksAroundTheGraphIsTodays() {
        Map<String, Object> graph = ExpectedGraph.of(bind(Map.of("emrdag.yaml", TestProjects.SETTINGS, "orders.yaml", TestProjects.JOB_GROUP)), true);
        assertEquals(List.of("dag_id", "tasks"), List.copyOf(graph.keySet()));
    }
}
