package io.emrdag.render;

import io.emrdag.model.AroundTask;
import io.emrdag.model.ClusterMode;
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
    /**
     * @param sharedModule the package the shared modules are imported from ({@code from pkg import ...}), or
     *     {@code null} when they are imported beside the DAG ({@code import template_generator})
     */
    static DagView.Around of(JobGroup group, boolean emitsAsset, String sharedModule) {
        if (group.before().isEmpty() && group.after().isEmpty()) {
            return null;
        }
        Map<String, String> names = importNames(group);
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

        List<DagView.Dependency> dependencies = new ArrayList<>();
        within(group.before(), variables, dependencies);
        if (!group.before().isEmpty()) {
            // The cluster's first task: a long-running cluster's steps are added at once, others' cluster is created first.
            String first = group.clusterMode().kind() == ClusterMode.Kind.EXISTING ? "add_steps" : "create_cluster";
            dependencies.add(new DagView.Dependency(leaves(group.before()).stream().map(variables::get).toList(), List.of(first)));
        }
        boolean outlet = emitsAsset && !group.after().isEmpty();
        if (!group.after().isEmpty()) {
            dependencies.add(new DagView.Dependency(List.of("all_steps_succeeded"), group.after().stream()
                    .filter(t -> t.upstream().isEmpty()).map(t -> variables.get(t.taskId())).toList()));
            within(group.after(), variables, dependencies);
            if (outlet) {
                List<String> waits = new ArrayList<>(List.of("all_steps_succeeded"));
                leaves(group.after()).forEach(id -> waits.add(variables.get(id)));
                dependencies.add(new DagView.Dependency(waits, List.of("job_group_succeeded")));
            }
        }
        return new DagView.Around(imports(names, sharedModule), before, after, dependencies, outlet);
    }

    /** The modules the DAG file imports from outside its try/except block, in the order the template writes them. */
    private static final List<String> PROVIDER_MODULES = List.of("airflow.providers.amazon.aws.hooks.emr",
            "airflow.providers.amazon.aws.notifications.sns", "airflow.providers.amazon.aws.operators.emr",
            "airflow.providers.amazon.aws.sensors.emr", "airflow.utils.email");

    /**
     * The import lines, placed where an isort-style linter (ruff's "I" rules) wants them: Airflow's modules among the
     * file's own provider imports (slot i goes before {@code PROVIDER_MODULES[i]}), any other module (a callable's,
     * taken as one beside the DAG files) among the shared modules' import. Names of one module share a line; an
     * aliased name has a line of its own.
     */
    private static DagView.Imports imports(Map<String, String> names, String sharedModule) {
        TreeMap<String, List<Map.Entry<String, String>>> byModule = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        names.forEach((path, name) -> {
            int dot = path.lastIndexOf('.');
            byModule.computeIfAbsent(path.substring(0, dot), m -> new ArrayList<>()).add(Map.entry(path.substring(dot + 1), name));
        });
        List<List<DagView.Import>> slots = new ArrayList<>();
        for (int i = 0; i <= PROVIDER_MODULES.size(); i++) {
            slots.add(new ArrayList<>());
        }
        List<DagView.Import> beforeShared = new ArrayList<>();
        List<DagView.Import> afterShared = new ArrayList<>();
        byModule.forEach((module, members) -> {
            List<String> plain = members.stream().filter(m -> m.getKey().equals(m.getValue())).map(Map.Entry::getKey)
                    .sorted(AroundTasks::memberOrder).toList();
            List<DagView.Import> lines = new ArrayList<>();
            if (!plain.isEmpty()) {
                lines.add(new DagView.Import(module, plain, null));
            }
            members.stream().filter(m -> !m.getKey().equals(m.getValue()))
                    .sorted((a, b) -> memberOrder(a.getKey() + " as " + a.getValue(), b.getKey() + " as " + b.getValue()))
                    .forEach(m -> lines.add(new DagView.Import(module, List.of(m.getKey()), m.getValue())));
            if (module.equals("airflow") || module.startsWith("airflow.")) {
                int slot = (int) PROVIDER_MODULES.stream().filter(p -> p.compareToIgnoreCase(module) < 0).count();
                slots.get(slot).addAll(lines);
            } else if (sharedModule != null && module.compareToIgnoreCase(sharedModule) < 0) {
                beforeShared.addAll(lines);
            } else {
                afterShared.addAll(lines);
            }
        });
        return new DagView.Imports(slots, beforeShared, afterShared);
    }

    /** isort's order of imported names: CONSTANTS, then Classes, then the rest, each case-insensitively. */
    private static int memberOrder(String a, String b) {
        int byType = Integer.compare(type(a), type(b));
        return byType != 0 ? byType : a.compareToIgnoreCase(b);
    }

    private static int type(String name) {
        String bare = name.split(" ")[0];
        if (bare.length() > 1 && bare.equals(bare.toUpperCase(java.util.Locale.ROOT))) {
            return 0;
        }
        return Character.isUpperCase(bare.charAt(0)) ? 1 : 2;
    }

    /** {@code upstream >> task} for each task of a list that has upstreams, in the list's order. */
    private static void within(List<AroundTask> list, Map<String, String> variables, List<DagView.Dependency> dependencies) {
        for (AroundTask task : list) {
            if (!task.upstream().isEmpty()) {
                dependencies.add(new DagView.Dependency(task.upstream().stream().map(variables::get).toList(),
                        List.of(variables.get(task.taskId()))));
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
}
