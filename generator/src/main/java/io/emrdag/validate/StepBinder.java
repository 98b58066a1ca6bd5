package io.emrdag.validate;

import io.emrdag.diagnostic.Diagnostic;
import io.emrdag.load.ListNode;
import io.emrdag.load.MapNode;
import io.emrdag.load.Node;
import io.emrdag.load.ScalarNode;
import io.emrdag.model.Cluster;
import io.emrdag.model.Sensor;
import io.emrdag.model.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds a job group's {@code steps}: names unique within the group, scripts under the scripts base, Jinja only where
 * Airflow renders it, and each step's expected duration against its sensor.
 *
 * <p>Thread-safe (immutable).
 */
final class StepBinder {

    private final String scriptsBase;

    StepBinder(String scriptsBase) {
        this.scriptsBase = scriptsBase;
    }

    List<Step> bind(Fields fields, Sensor sensor, Cluster cluster) {
        if (!fields.has("steps")) {
            fields.missing("steps", "add at least one step: 'steps: [{name: load, script: load_raw_to_process.py}]'");
            return List.of();
        }
        List<Fields> items = fields.maps("steps");
        if (items.isEmpty() && fields.raw("steps") instanceof ListNode) {
            fields.error("steps", "E124", "a job group needs at least one step", null);
        }
        List<Step> steps = new ArrayList<>();
        List<Fields> stepFields = new ArrayList<>();
        Map<String, Fields> seen = new HashMap<>();
        for (Fields item : items) {
            String name = item.matching("name", null, Shapes.STEP_NAME, "a step name of letters, digits and '_'", null);
            if (name == null && !item.has("name")) {
                item.missing("name", "e.g. name: load_orders");
            }
            if (name != null && seen.putIfAbsent(name, item) != null) {
                item.error("name", "E125", "duplicate step name '" + name + "' (first at " + seen.get(name).locationOf("name") + ")",
                        "step names become task ids and must be unique within a job group");
            }
            String script = Scripts.resolve(item, "script", scriptsBase);
            List<String> args = item.strings("args", List.of());
            boolean jobGroupArg = item.bool("job_group_arg", true);
            String deployMode = item.oneOf("deploy_mode", "cluster", Shapes.DEPLOY_MODES);
            List<String> submitArgs = item.strings("spark_submit_args", List.of());
            Map<String, String> conf = item.stringMap("spark_conf");
            String action = item.oneOf("action_on_failure", "CANCEL_AND_WAIT", Shapes.ACTIONS_ON_FAILURE);
            Duration expected = item.duration("expected_duration", null, Duration.ofSeconds(1), Duration.ofDays(30));
            int reruns = item.integer("reruns", 0, 0, 10);
            if (reruns > 0 && "TERMINATE_CLUSTER".equals(action)) {
                item.error("reruns", "E127", "a step whose failure terminates the cluster cannot be re-run on it",
                        "use action_on_failure: CANCEL_AND_WAIT (the default) with reruns, or drop reruns");
            }
            templates(item);
            item.finish();
            if (name != null && script != null) {
                steps.add(new Step(name, script, args, jobGroupArg, deployMode, submitArgs, conf, action, expected, reruns));
                stepFields.add(item);
            }
        }
        TimingChecks.sensorBudget(stepFields, steps, sensor, TimingChecks.oneAtATime(cluster));
        return steps;
    }

    /**
     * Step arguments are the one place Airflow renders Jinja (when they contain {@code {{} or {@code {%}): check
     * that such templates are well formed. Jinja elsewhere in a step reaches EMR as literal text: say so.
     */
    private static void templates(Fields item) {
        if (item.raw("args") instanceof ListNode list) {
            for (int i = 0; i < list.items().size(); i++) {
                if (list.items().get(i) instanceof ScalarNode arg && arg.kind() == ScalarNode.Kind.STRING && Step.isTemplate(arg.text())) {
                    String path = item.pathOf("args") + "[" + i + "]";
                    JinjaSyntax.problem(arg.text()).ifPresent(problem -> item.diagnostics().error("E126", arg.location(), path,
                            "broken Jinja template: " + problem, "Airflow renders this argument at run time: close every '{{' with"
                                    + " '}}' and every block tag with its end tag; for a literal '{{' write {{ '{{' }}"));
                }
            }
        }
        Map<String, Node> literal = new LinkedHashMap<>();
        for (String key : List.of("script", "spark_submit_args", "spark_conf")) {
            collectScalars(item.raw(key), item.pathOf(key), literal);
        }
        literal.forEach((path, node) -> {
            if (node instanceof ScalarNode s && s.kind() == ScalarNode.Kind.STRING && Step.isTemplate(s.text())) {
                item.diagnostics().warning("W203", s.location(), path, "Jinja here is not rendered: EMR receives \""
                        + Diagnostic.excerpt(s.text()) + "\" as written",
                        "only step 'args' are Airflow templates; move the templated part into args");
            }
        });
    }

    private static void collectScalars(Node node, String path, Map<String, Node> out) {
        if (node instanceof ListNode list) {
            for (int i = 0; i < list.items().size(); i++) {
                collectScalars(list.items().get(i), path + "[" + i + "]", out);
            }
        } else if (node instanceof MapNode map) {
            map.members().values().forEach(m -> collectScalars(m.value(), path + "." + m.key(), out));
        } else if (node != null) {
            out.put(path, node);
        }
    }
}
