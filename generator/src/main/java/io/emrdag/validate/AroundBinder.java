package io.emrdag.validate;

import io.emrdag.diagnostic.Diagnostic;
import io.emrdag.load.ListNode;
import io.emrdag.load.MapNode;
import io.emrdag.load.Node;
import io.emrdag.load.ScalarNode;
import io.emrdag.model.AroundTask;
import io.emrdag.model.Step;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Binds a job group's {@code before} and {@code after}: tasks around the cluster, any Airflow operator by import
 * path. What only a real Airflow knows (that the path imports, that the operator takes each keyword, which of its
 * fields it renders) is checked by {@code verify}; the shapes, the ids and the graph are checked here.
 */
final class AroundBinder {

    /** Before and after, bound. */
    record Around(List<AroundTask> before, List<AroundTask> after) {
    }

    static final String BEFORE = "before";
    static final String AFTER = "after";

    /**
     * The task ids emrdag's own tasks use (a watcher is {@code watch_<step>}); {@code job_group_succeeded} is the
     * leaf that emits the job group's Asset when it has tasks after its steps.
     */
    static final Set<String> EMRDAG_TASK_IDS = Set.of("create_cluster", "add_steps", "terminate_cluster",
            "all_steps_succeeded", "job_group_succeeded");
    static final String WATCHER_PREFIX = "watch_";

    /** {@code module.Class}, {@code module.function}: dotted Python identifiers, at least two. */
    static final Pattern IMPORT_PATH = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)+");

    /** The trigger rules Airflow 2.10 to 3.3 all know. */
    static final List<String> TRIGGER_RULES = List.of("all_success", "all_failed", "all_done", "all_done_setup_success",
            "one_success", "one_failed", "one_done", "none_failed", "none_failed_min_one_success", "none_skipped",
            "all_skipped", "always");

    /** Keywords emrdag passes itself: from the task's own keys, or not at all. */
    private static final Map<String, String> OWN_KEYWORDS = Map.of("task_id", "write it as the task's task_id",
            "python_callable", "write it as the task's python_callable: module.function",
            "trigger_rule", "write it as the task's trigger_rule",
            "dag", "emrdag puts the task in the job group's DAG", "task_group", "emrdag puts the task in the job group's DAG");

    private AroundBinder() {
    }

    static Around bind(Fields fields) {
        Set<String> seen = new HashSet<>();
        List<AroundTask> before = list(fields, BEFORE, seen);
        List<AroundTask> after = list(fields, AFTER, seen);
        return new Around(before, after);
    }

    private static List<AroundTask> list(Fields parent, String key, Set<String> seen) {
        List<AroundTask> tasks = new ArrayList<>();
        Map<String, Fields> items = new LinkedHashMap<>();
        for (Fields item : parent.maps(key)) {
            AroundTask task = task(item, seen);
            if (task != null) {
                tasks.add(task);
                items.put(task.taskId(), item);
            }
        }
        Map<String, AroundTask> byId = new LinkedHashMap<>();
        tasks.forEach(t -> byId.putIfAbsent(t.taskId(), t));
        List<AroundTask> known = new ArrayList<>();
        for (AroundTask task : tasks) {
            Fields item = items.get(task.taskId());
            List<String> upstream = new ArrayList<>();
            if (item.raw("upstream") instanceof ListNode list) {
                for (int i = 0; i < list.items().size(); i++) {
                    if (!(list.items().get(i) instanceof ScalarNode s) || s.kind() != ScalarNode.Kind.STRING) {
                        continue;
                    }
                    if (byId.containsKey(s.text()) && !s.text().equals(task.taskId())) {
                        upstream.add(s.text());
                    } else {
                        String where = s.text().equals(task.taskId()) ? "the task itself"
                                : "no task of '" + key + "' has this id";
                        item.diagnostics().error("E234", s.location(), item.pathOf("upstream") + "[" + i + "]",
                                "upstream \"" + Diagnostic.excerpt(s.text()) + "\": " + where,
                                "name tasks of the same list ('" + key + "'): " + String.join(", ", byId.keySet()));
                    }
                }
            }
            known.add(new AroundTask(task.taskId(), task.operator(), task.pythonCallable(), task.arguments(),
                    upstream.stream().distinct().toList(), task.triggerRule(), task.location()));
        }
        cycle(known, items, key);
        return known;
    }

    private static AroundTask task(Fields item, Set<String> seen) {
        String taskId = item.requiredString("task_id", "an Airflow task id, e.g. task_id: wait_for_input");
        if (taskId != null) {
            if (!Shapes.AIRFLOW_ID.matcher(taskId).matches()) {
                item.error("task_id", "E231", "\"" + Diagnostic.excerpt(taskId) + "\" is not a valid Airflow task id",
                        "Airflow ids use letters, digits, '_', '.', '-' (at most 250)");
                taskId = null;
            } else if (EMRDAG_TASK_IDS.contains(taskId) || taskId.startsWith(WATCHER_PREFIX)) {
                item.error("task_id", "E232", "task id \"" + taskId + "\" is emrdag's own",
                        "emrdag's tasks are create_cluster, add_steps, watch_<step>, terminate_cluster, all_steps_succeeded"
                                + " and job_group_succeeded; choose another id");
                taskId = null;
            } else if (!seen.add(taskId)) {
                item.error("task_id", "E233", "task id \"" + taskId + "\" is used twice in before/after",
                        "task ids are unique in the DAG; rename one");
                taskId = null;
            }
        }
        String operator = item.requiredString("operator", "the operator's import path, e.g. "
                + "operator: airflow.providers.amazon.aws.sensors.s3.S3KeySensor");
        if (operator != null && !isImportPath(operator)) {
            item.error("operator", "E230", "expected the import path of an operator class, module first, got \""
                    + Diagnostic.excerpt(operator) + "\"", "e.g. operator: airflow.providers.amazon.aws.sensors.s3.S3KeySensor");
            operator = null;
        }
        String callable = item.string("python_callable", null);
        if (callable != null && !isImportPath(callable)) {
            item.error("python_callable", "E237", "expected the dotted path of a function, module first, got \""
                    + Diagnostic.excerpt(callable) + "\"", "e.g. python_callable: lake_helpers.notify_done (a module shipped"
                    + " beside the DAG files, or installed on the workers)");
            callable = null;
        }
        String triggerRule = item.string("trigger_rule", null);
        if (triggerRule != null && !TRIGGER_RULES.contains(triggerRule)) {
            item.error("trigger_rule", "E236", "unknown trigger rule \"" + Diagnostic.excerpt(triggerRule) + "\"",
                    DidYouMean.suggest(triggerRule, TRIGGER_RULES).map(s -> "did you mean '" + s + "'?")
                            .orElse("one of " + String.join(", ", TRIGGER_RULES)));
            triggerRule = null;
        }
        item.strings("upstream", List.of());
        Map<String, Object> arguments = arguments(item);
        item.finish();
        if (taskId == null || operator == null) {
            return null;
        }
        return new AroundTask(taskId, operator, callable, arguments, List.of(), triggerRule, item.location());
    }

    private static boolean isImportPath(String path) {
        return IMPORT_PATH.matcher(path).matches() && List.of(path.split("\\.")).stream().noneMatch(Shapes.PYTHON_KEYWORDS::contains);
    }

    private static Map<String, Object> arguments(Fields item) {
        Map<String, Object> out = new LinkedHashMap<>();
        Node raw = item.raw("arguments");
        if (raw == null || raw instanceof ScalarNode s && s.isNull()) {
            return out;
        }
        if (!(raw instanceof MapNode map)) {
            item.error("arguments", "E101", "expected a mapping of keyword arguments, got " + raw.describe(),
                    "e.g. arguments: {bucket_key: \"s3://in/{{ ds }}/_SUCCESS\", timeout: 600}");
            return out;
        }
        for (MapNode.Member member : map.members().values()) {
            String path = item.pathOf("arguments") + "." + member.key();
            if (OWN_KEYWORDS.containsKey(member.key())) {
                item.diagnostics().error("E239", member.keyLocation(), path, "'" + member.key() + "' is not an argument here",
                        OWN_KEYWORDS.get(member.key()));
            } else if (!Shapes.JOB_GROUP_ID.matcher(member.key()).matches() || Shapes.PYTHON_KEYWORDS.contains(member.key())) {
                item.diagnostics().error("E239", member.keyLocation(), path, "'" + Diagnostic.excerpt(member.key())
                        + "' is not a Python keyword-argument name", "write the operator's parameter name, e.g. bucket_key");
            } else {
                out.put(member.key(), value(member.value(), path, item));
            }
        }
        return out;
    }

    /** A located node as plain data; strings with Jinja have their syntax checked (Airflow may render them). */
    private static Object value(Node node, String path, Fields item) {
        if (node instanceof MapNode map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.members().values().forEach(m -> out.put(m.key(), value(m.value(), path + "." + m.key(), item)));
            return out;
        }
        if (node instanceof ListNode list) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < list.items().size(); i++) {
                out.add(value(list.items().get(i), path + "[" + i + "]", item));
            }
            return out;
        }
        ScalarNode scalar = (ScalarNode) node;
        try {
            return switch (scalar.kind()) {
                case STRING -> {
                    if (Step.isTemplate(scalar.text())) {
                        JinjaSyntax.problem(scalar.text()).ifPresent(problem -> item.diagnostics().error("E238", scalar.location(),
                                path, "broken Jinja template: " + problem, "close every '{{' with '}}' and every block tag with"
                                        + " its end tag; for a literal '{{' write {{ '{{' }}"));
                    }
                    yield scalar.text();
                }
                case INTEGER -> new BigInteger(scalar.text().replace("_", "").replaceFirst("^\\+", ""));
                case FLOAT -> new BigDecimal(scalar.text().replace("_", ""));
                case BOOLEAN -> {
                    if (!Fields.isPlainBoolean(scalar.text())) {
                        item.diagnostics().error("E101", scalar.location(), path, "ambiguous YAML 1.1 boolean '"
                                + Diagnostic.excerpt(scalar.text()) + "'", "write true or false, or quote it for a string");
                    }
                    yield Boolean.parseBoolean(scalar.text());
                }
                case NULL -> null;
            };
        } catch (NumberFormatException e) {
            item.diagnostics().error("E101", scalar.location(), path, "number " + Diagnostic.excerpt(scalar.text())
                    + " has no exact Python literal", "write a plain decimal number, or quote it for a string");
            return scalar.text();
        }
    }

    /** Reports one cycle of upstreams in a list, at the upstream list of a task on it. */
    private static void cycle(List<AroundTask> tasks, Map<String, Fields> items, String key) {
        Map<String, List<String>> upstream = new HashMap<>();
        tasks.forEach(t -> upstream.put(t.taskId(), t.upstream()));
        Map<String, Integer> state = new HashMap<>();
        for (AroundTask task : tasks) {
            List<String> path = new ArrayList<>();
            List<String> found = visit(task.taskId(), upstream, state, path);
            if (found != null) {
                Fields item = items.get(found.get(0));
                item.error("upstream", "E235", "the upstreams of '" + key + "' make a cycle: " + String.join(" -> ", found),
                        "a task cannot run after itself; remove one of these upstreams");
                return;
            }
        }
    }

    /** Depth-first: the cycle through {@code id} (first id repeated at the end), or null. State 1: on the path, 2: done. */
    private static List<String> visit(String id, Map<String, List<String>> upstream, Map<String, Integer> state, List<String> path) {
        Integer s = state.get(id);
        if (s != null && s == 2) {
            return null;
        }
        if (s != null && s == 1) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(id), path.size()));
            cycle.add(id);
            return cycle;
        }
        state.put(id, 1);
        path.add(id);
        for (String up : upstream.getOrDefault(id, List.of())) {
            List<String> found = visit(up, upstream, state, path);
            if (found != null) {
                return found;
            }
        }
        path.remove(path.size() - 1);
        state.put(id, 2);
        return null;
    }
}
