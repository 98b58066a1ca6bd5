package io.emrdag.verify;

import io.emrdag.model.AroundTask;
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

    /**
     * The expectation as plain data for the Python checker. Tasks before the cluster lead to create_cluster from
     * their leaves; tasks after start from all_steps_succeeded; when the job group emits an Asset and has tasks after,
     * job_group_succeeded emits it once all_steps_succeeded and the leaves after have succeeded. Each task around the
     * cluster is also listed under "around" (its import paths, keywords and where it is written) for the checks only
     * a real Airflow can make.
     */
    public static Map<String, Object> of(JobGroup group, boolean emitsAsset) {
        List<String> sensors = new ArrayList<>();
        for (Step step : group.steps()) {
            sensors.add("watch_" + step.name());
        }
        ClusterMode.Kind mode = group.clusterMode().kind();
        boolean outlet = emitsAsset && !group.after().isEmpty();
        Map<String, Object> tasks = new LinkedHashMap<>();
        around(group.before(), List.of(mode == ClusterMode.Kind.EXISTING ? "add_steps" : "create_cluster"), tasks);
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
        List<String> afterSteps = new ArrayList<>(group.after().stream().filter(t -> t.upstream().isEmpty()).map(AroundTask::taskId).toList());
        if (outlet) {
            afterSteps.add("job_group_succeeded");
        }
        tasks.put("all_steps_succeeded", task("EmptyOperator", afterSteps, "all_success"));
        around(group.after(), outlet ? List.of("job_group_succeeded") : List.of(), tasks);
        if (outlet) {
            tasks.put("job_group_succeeded", task("EmptyOperator", List.of(), "all_success"));
        }
        Map<String, Object> dag = new LinkedHashMap<>();
        dag.put("dag_id", group.dagId());
        dag.put("tasks", tasks);
        List<Map<String, Object>> around = new ArrayList<>();
        for (List<AroundTask> list : List.of(group.before(), group.after())) {
            for (AroundTask t : list) {
                Map<String, Object> spec = new LinkedHashMap<>();
                spec.put("task_id", t.taskId());
                spec.put("where", t.location().toString());
                spec.put("operator", t.operator());
                spec.put("python_callable", t.pythonCallable());
                List<String> keywords = new ArrayList<>(List.of("task_id"));
                if (t.pythonCallable() != null) {
                    keywords.add("python_callable");
                }
                if (t.triggerRule() != null) {
                    keywords.add("trigger_rule");
                }
                keywords.addAll(t.arguments().keySet());
                spec.put("keywords", keywords);
                spec.put("jinja", t.arguments().entrySet().stream().filter(e -> hasJinja(e.getValue())).map(Map.Entry::getKey).toList());
                around.add(spec);
            }
        }
        if (!around.isEmpty()) {
            dag.put("around", around);
        }
        if (group.alerts() != null && group.alerts().callable() != null) {
            // Imported only when an alert is sent (template_generator.callable_channel): verify imports it now.
            dag.put("alert_callable", Map.of("callable", group.alerts().callable(), "where", group.source()));
        }
        return dag;
    }

    /** A list's tasks: each leads to the tasks of the list that name it upstream, its leaves also to {@code leavesTo}. */
    private static void around(List<AroundTask> list, List<String> leavesTo, Map<String, Object> tasks) {
        for (AroundTask t : list) {
            List<String> downstream = new ArrayList<>(list.stream().filter(o -> o.upstream().contains(t.taskId())).map(AroundTask::taskId).toList());
            if (downstream.isEmpty()) {
                downstream.addAll(leavesTo);
            }
            tasks.put(t.taskId(), task(t.className(), downstream, t.triggerRule() == null ? "all_success" : t.triggerRule()));
        }
    }

    private static boolean hasJinja(Object value) {
        if (value instanceof String s) {
            return Step.isTemplate(s);
        }
        if (value instanceof Map<?, ?> map) {
            return map.values().stream().anyMatch(ExpectedGraph::hasJinja);
        }
        return value instanceof List<?> list && list.stream().anyMatch(ExpectedGraph::hasJinja);
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
