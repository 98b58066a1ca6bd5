package io.emrdag.verify;

import io.emrdag.model.ClusterMode;
import io.emrdag.model.JobGroup;
import io.emrdag.model.Step;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The task graph every job-group DAG must have, stated independently of the templates so that a broken
 * template is caught: create → add steps → one sensor per step → terminate (all_done), and a leaf
 * downstream of the sensors and terminate that fails the run when a step failed. With the steps submitted with
 * the cluster there is no add-steps task; on an existing cluster neither create nor terminate. The EMR tasks are the
 * retry-safe subclasses template_generator.cluster_operators builds on the provider's operators.
 */
public final class ExpectedGraph {

    private ExpectedGraph() {
    }

    /** The expectation as plain data for the Python checker. */
    public static Map<String, Object> of(JobGroup group) {
        List<String> sensors = new ArrayList<>();
        for (Step step : group.steps()) {
            sensors.add("watch_" + step.name());
        }
        ClusterMode.Kind mode = group.clusterMode().kind();
        Map<String, Object> tasks = new LinkedHashMap<>();
        if (mode != ClusterMode.Kind.EXISTING) {
            tasks.put("create_cluster", task("CreateCluster", mode == ClusterMode.Kind.WITH_STEPS ? sensors : List.of("add_steps"),
                    "all_success"));
        }
        if (mode != ClusterMode.Kind.WITH_STEPS) {
            tasks.put("add_steps", task("AddSteps", sensors, "all_success"));
        }
        for (String sensor : sensors) {
            tasks.put(sensor, task("WatchStep", mode == ClusterMode.Kind.EXISTING ? List.of("all_steps_succeeded")
                    : List.of("terminate_cluster", "all_steps_succeeded"), "all_success"));
        }
        if (mode != ClusterMode.Kind.EXISTING) {
            tasks.put("terminate_cluster", task("TerminateCluster", List.of("all_steps_succeeded"), "all_done"));
        }
        tasks.put("all_steps_succeeded", task("EmptyOperator", List.of(), "all_success"));
        Map<String, Object> dag = new LinkedHashMap<>();
        dag.put("dag_id", group.dagId());
        dag.put("tasks", tasks);
        return dag;
    }

    /** The project's janitor: one task that ends clusters whose run is over. */
    public static Map<String, Object> janitor(String dagId) {
        Map<String, Object> tasks = new LinkedHashMap<>();
        tasks.put("terminate_orphaned_clusters", task("PythonOperator", List.of(), "all_success"));
        Map<String, Object> dag = new LinkedHashMap<>();
        dag.put("dag_id", dagId);
        dag.put("tasks", tasks);
        dag.put("native_rendering", false);
        return dag;
    }

    private static Map<String, Object> task(String type, List<String> downstream, String triggerRule) {
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("type", type);
        task.put("downstream", downstream);
        task.put("trigger_rule", triggerRule);
        return task;
    }
}
