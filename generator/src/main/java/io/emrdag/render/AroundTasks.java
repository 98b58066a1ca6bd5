package io.emrdag.render;

import io.emrdag.model.AroundTask;
import io.emrdag.model.JobGroup;
import io.emrdag.model.Step;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The tasks a job group runs around its cluster ({@code before}, {@code after}), as the DAG file writes them: the
 * imports of their operators and callables, one {@code template_generator.task(...)} call each, and their
 * dependencies. {@code task()} knows the operator's {@code template_fields}: the keyword arguments it renders get
 * strings that native rendering would change as {@code literal()}, and Jinja through the {@code text} macro; the
 * others get plain strings, and Jinja in them is refused when the file is parsed.
 */
final class AroundTasks {

    /** Names the DAG file defines or imports itself: an imported operator or callable must not shadow them. */
    private static final Set<String> TAKEN = Set.of("annotations", "datetime", "pendulum", "DAG", "Asset", "EmptyOperator",
            "AssetOrTimeSchedule", "CronTimetable", "literal", "AirflowFailException", "AirflowSkipException", "EmrHook",
            "SnsNotifier", "EmrAddStepsOperator", "EmrCreateJobFlowOperator", "EmrTerminateJobFlowOperator", "EmrStepSensor",
            "send_email", "template_generator", "templates", "CreateCluster", "AddSteps", "WatchStep", "TerminateCluster",
            "PROJECT", "DESCRIPTION", "VARIABLE", "KNOBS", "DOC_MD", "JOB_FLOW_OVERRIDES", "STEPS", "RERUNS", "CLUSTER_ID",
            "SUCCEEDED", "UPSTREAM", "ALERTS", "dag", "create_cluster", "add_steps", "terminate_cluster",
            "all_steps_succeeded", "job_group_succeeded");

    private static final String RENDERED = "template_generator.Rendered";

    private AroundTasks() {
    }

    /** The view of {@code group}'s tasks around the cluster, or {@code null} when it has none. */
    static DagView.Around of(JobGroup group, boolean emitsAsset) {
        if (group.before().isEmpty() && group.after().isEmpty()) {
            return null;
        }
        Map<String, String> names = importNames(group);
        List<String> imports = new ArrayList<>();
        names.forEach((path, name) -> {
            int dot = path.lastIndexOf('.');
            String last = path.substring(dot + 1);
            imports.add("from " + path.substring(0, dot) + " import " + last + (last.equals(name) ? "" : " as " + name));
        });
        Map<String, String> variables = new HashMap<>();
        Set<String> used = new HashSet<>();
        for (String prefix : List.of("before_", "after_")) {
            for (AroundTask task : prefix.equals("before_") ? group.before() : group.after()) {
                String base = prefix + task.taskId().replaceAll("[^A-Za-z0-9_]", "_");
                String variable = base;
                for (int n = 2; !used.add(variable); n++) {
                    variable = base + "_" + n;
                }
                variables.put(task.taskId(), variable);
            }
        }
        List<DagView.AroundTask> before = group.before().stream().map(t -> task(t, names, variables)).toList();
        List<DagView.AroundTask> after = group.after().stream().map(t -> task(t, names, variables)).toList();

        List<String> dependencies = new ArrayList<>();
        within(group.before(), variables, dependencies);
        if (!group.before().isEmpty()) {
            dependencies.add(group(leaves(group.before()).stream().map(variables::get).toList()) + " >> create_cluster");
        }
        boolean outlet = emitsAsset && !group.after().isEmpty();
        if (!group.after().isEmpty()) {
            dependencies.add("all_steps_succeeded >> " + group(group.after().stream().filter(t -> t.upstream().isEmpty())
                    .map(t -> variables.get(t.taskId())).toList()));
            within(group.after(), variables, dependencies);
            if (outlet) {
                List<String> waits = new ArrayList<>(List.of("all_steps_succeeded"));
                leaves(group.after()).forEach(id -> waits.add(variables.get(id)));
                dependencies.add(group(waits) + " >> job_group_succeeded");
            }
        }
        return new DagView.Around(imports, before, after, dependencies, outlet);
    }

    /** {@code upstream >> task} for each task of a list that has upstreams, in the list's order. */
    private static void within(List<AroundTask> list, Map<String, String> variables, List<String> dependencies) {
        for (AroundTask task : list) {
            if (!task.upstream().isEmpty()) {
                dependencies.add(group(task.upstream().stream().map(variables::get).toList()) + " >> " + variables.get(task.taskId()));
            }
        }
    }

    /** Import path → the name it is bound to: its own, or {@code Name_2}, {@code Name_3}... when that is taken. */
    private static Map<String, String> importNames(JobGroup group) {
        TreeMap<String, String> names = new TreeMap<>();
        for (List<AroundTask> list : List.of(group.before(), group.after())) {
            for (AroundTask task : list) {
                names.put(task.operator(), null);
                if (task.pythonCallable() != null) {
                    names.put(task.pythonCallable(), null);
                }
            }
        }
        Set<String> used = new HashSet<>(TAKEN);
        for (Map.Entry<String, String> entry : names.entrySet()) {
            String base = entry.getKey().substring(entry.getKey().lastIndexOf('.') + 1);
            String name = base;
            for (int n = 2; !used.add(name); n++) {
                name = base + "_" + n;
            }
            entry.setValue(name);
        }
        return names;
    }

    private static DagView.AroundTask task(AroundTask task, Map<String, String> names, Map<String, String> variables) {
        PythonLiteral python = new PythonLiteral("template_generator.Verbatim");
        List<DagView.Keyword> keywords = new ArrayList<>();
        keywords.add(new DagView.Keyword("task_id", PythonLiteral.string(task.taskId())));
        if (task.pythonCallable() != null) {
            keywords.add(new DagView.Keyword("python_callable", names.get(task.pythonCallable())));
        }
        if (task.triggerRule() != null) {
            keywords.add(new DagView.Keyword("trigger_rule", PythonLiteral.string(task.triggerRule())));
        }
        task.arguments().forEach((name, value) ->
                keywords.add(new DagView.Keyword(name, python.format(marked(value), 8, name.length() + 1))));
        return new DagView.AroundTask(variables.get(task.taskId()), names.get(task.operator()), keywords);
    }

    /** The value with every Jinja string in the form the {@code text} macro renders, marked for task(). */
    private static Object marked(Object value) {
        if (value instanceof String s && Step.isTemplate(s)) {
            return new PythonLiteral.Marked(RENDERED, "{{ text(" + JinjaString.quote(s) + ") }}");
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put((String) k, marked(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            return new ArrayList<>(list.stream().map(AroundTasks::marked).toList());
        }
        return value;
    }

    /** The ids of a list's tasks that no task of the list runs after, in the list's order. */
    static List<String> leaves(List<AroundTask> tasks) {
        Set<String> upstream = new HashSet<>();
        tasks.forEach(t -> upstream.addAll(t.upstream()));
        return tasks.stream().map(AroundTask::taskId).filter(id -> !upstream.contains(id)).toList();
    }

    private static String group(List<String> variables) {
        return variables.size() == 1 ? variables.get(0) : "[" + String.join(", ", variables) + "]";
    }
}
