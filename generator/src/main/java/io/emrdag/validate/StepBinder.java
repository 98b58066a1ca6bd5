package io.emrdag.validate;

import io.emrdag.diagnostic.Diagnostic;
import io.emrdag.load.ListNode;
import io.emrdag.model.Cluster;
import io.emrdag.model.Sensor;
import io.emrdag.model.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Binds a job group's {@code steps}: names unique within the group, scripts under the scripts base, and each step's
 * expected duration against its sensor. Their Jinja is checked with the other templated fields ({@link TemplatedFields}).
 *
 * <p>Thread-safe (immutable).
 */
final class StepBinder {

    private final Scripts.Base scriptsBase;

    StepBinder(Scripts.Base scriptsBase) {
        this.scriptsBase = scriptsBase;
    }

    /** @param defaultAction a step's action_on_failure when it sets none: the cluster mode's */
    List<Step> bind(Fields fields, Sensor sensor, Cluster cluster, String defaultAction) {
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
        Map<String, Fields> seenInEmr = new HashMap<>();
        for (Fields item : items) {
            String name = item.matching("name", null, Shapes.STEP_NAME, "a step name of letters, digits and '_'",
                    "name is the step's id (its task id is watch_<name>); for a name with spaces or punctuation in EMR, set"
                            + " step_name beside it");
            if (name == null && !item.has("name")) {
                item.missing("name", "e.g. name: load_orders");
            }
            if (name != null && seen.putIfAbsent(name, item) != null) {
                item.error("name", "E125", "duplicate step name '" + name + "' (first at " + seen.get(name).locationOf("name") + ")",
                        "step names become task ids and must be unique within a job group");
            }
            String emrName = emrName(item, name, seenInEmr);
            String role = item.matching("execution_role_arn", null, Shapes.IAM_ROLE_ARN,
                    "an IAM role ARN like arn:aws:iam::123456789012:role/emr-runtime-role",
                    "the EMR runtime role the step runs as (the cluster's security configuration must enable runtime roles)");
            Step.Kind kind = kind(item);
            String script = kind == null || kind == Step.Kind.COMMAND ? null
                    : Scripts.resolve(item, kind == Step.Kind.SPARK_JAR ? "jar" : "script", scriptsBase);
            kind = kind == null ? Step.Kind.PYSPARK : kind;
            notFor(item, kind);
            String mainClass = item.matching("main_class", null, JAVA_CLASS, "a Java class name like com.acme.BuildReport", null);
            List<String> command = kind == Step.Kind.COMMAND ? command(item) : List.of();
            List<String> args = item.strings("args", List.of());
            boolean jobGroupArg = item.bool("job_group_arg", kind == Step.Kind.PYSPARK);
            String deployMode = item.oneOf("deploy_mode", "cluster", Shapes.DEPLOY_MODES);
            List<String> submitArgs = item.strings("spark_submit_args", List.of());
            Map<String, String> conf = item.stringMap("spark_conf");
            String action = item.oneOf("action_on_failure", defaultAction, Shapes.ACTIONS_ON_FAILURE);
            Duration expected = item.duration("expected_duration", null, Duration.ofSeconds(1), Duration.ofDays(30));
            int reruns = item.integer("reruns", 0, 0, 10);
            // With the steps submitted with the cluster (whose default is TERMINATE_CLUSTER) ClusterModeBinder refuses re-runs.
            if (reruns > 0 && "TERMINATE_CLUSTER".equals(action) && !"TERMINATE_CLUSTER".equals(defaultAction)) {
                item.error("reruns", "E127", "a step whose failure terminates the cluster cannot be re-run on it",
                        "use action_on_failure: CANCEL_AND_WAIT (the default) with reruns, or drop reruns");
            }
            item.finish();
            if (name != null && emrName != null && (script != null || !command.isEmpty())) {
                steps.add(new Step(name, script, args, jobGroupArg, deployMode, submitArgs, conf, action, expected, reruns, kind,
                        mainClass, command, emrName, role));
                stepFields.add(item);
            }
        }
        TimingChecks.sensorBudget(stepFields, steps, sensor, TimingChecks.oneAtATime(cluster));
        return steps;
    }

    /**
     * The step's {@code Name} in EMR: {@code step_name} (free text as EMR takes it), else {@code name}. Unique within the
     * job group: the DAG finds a step on its cluster by this name (a retried add_steps, a re-run, a failure alert).
     * {@code null} when the name is broken (reported).
     */
    private static String emrName(Fields item, String name, Map<String, Fields> seen) {
        String key = item.has("step_name") ? "step_name" : "name";
        String emrName = item.has("step_name") ? item.string("step_name", null) : name;
        if (emrName == null) {
            return item.has("step_name") ? null : name;
        }
        if (key.equals("step_name")) {
            if (!Shapes.EMR_STEP_NAME.matcher(emrName).matches()) {
                item.error(key, "E250", "expected an EMR step name of 1 to 256 characters without control characters, got "
                        + emrName.length() + " characters" + (emrName.isEmpty() ? "" : ": \"" + Diagnostic.excerpt(emrName) + "\""),
                        "EMR refuses the step otherwise; shorten it, or leave step_name out to use the step's name");
                return null;
            }
            if (Step.isTemplate(emrName)) {
                item.error(key, "E251", "step_name may not hold Jinja (\"" + Diagnostic.excerpt(emrName)
                        + "\"): the DAG finds its steps on the cluster by this exact name, before and after rendering",
                        "write the name as EMR should show it; per-run values belong in the step's args");
                return null;
            }
        }
        Fields first = seen.putIfAbsent(emrName, item);
        // Two steps of one name without step_name are E125's already.
        if (first != null && (key.equals("step_name") || first.has("step_name"))) {
            item.error(key, "E252", "two steps of this job group would have the EMR name '" + Diagnostic.excerpt(emrName)
                    + "' (the other at " + first.locationOf(first.has("step_name") ? "step_name" : "name") + ")",
                    "give each step its own step_name: the DAG finds a step on its cluster by its EMR name (retries, re-runs, alerts)");
        }
        return emrName;
    }

    /** What a step runs, by the one key that says it: {@code script}, {@code jar} or {@code command}; null (reported) for none. */
    private static Step.Kind kind(Fields item) {
        List<String> given = RUNS.keySet().stream().filter(item::has).toList();
        if (given.size() > 1) {
            item.error(given.get(1), "E191", "a step runs one thing: '" + String.join("' and '", given) + "' are both set",
                    "keep one: script (PySpark), jar (a Spark application) or command (e.g. s3-dist-cp); make two steps for two");
        }
        if (given.isEmpty()) {
            item.missing("script", "a step runs a PySpark script (script: load.py), a Spark application (jar: s3://bucket/app.jar)"
                    + " or a command (command: [s3-dist-cp, --src, ..., --dest, ...])");
            return null;
        }
        return RUNS.get(given.get(0));
    }

    /** The key that makes each kind, in the order a step's kinds are named in messages. */
    private static final Map<String, Step.Kind> RUNS = orderedKinds();

    private static Map<String, Step.Kind> orderedKinds() {
        Map<String, Step.Kind> kinds = new LinkedHashMap<>();
        kinds.put("script", Step.Kind.PYSPARK);
        kinds.put("jar", Step.Kind.SPARK_JAR);
        kinds.put("command", Step.Kind.COMMAND);
        return kinds;
    }

    /** The keys that only Spark steps, or only JAR steps, have. */
    private static final List<String> SPARK_KEYS = List.of("args", "job_group_arg", "deploy_mode", "spark_submit_args", "spark_conf");
    static final Pattern JAVA_CLASS = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*");

    /** Reports the keys that do not apply to a step of {@code kind}: they would be ignored. */
    private static void notFor(Fields item, Step.Kind kind) {
        List<String> foreign = new ArrayList<>();
        if (kind == Step.Kind.COMMAND) {
            foreign.addAll(SPARK_KEYS);
        }
        if (kind != Step.Kind.SPARK_JAR) {
            foreign.add("main_class");
        }
        String what = kind == Step.Kind.COMMAND ? "a command step (its arguments are the command's items)" : "a PySpark script step";
        for (String key : foreign) {
            if (item.has(key)) {
                item.error(key, "E193", "'" + key + "' does not apply to " + what, kind == Step.Kind.COMMAND
                        ? "put every argument into command: [program, arg, ...]; Spark settings belong to script or jar steps"
                        : "main_class goes with jar: a Spark application JAR");
            }
        }
    }

    /** A command's items, program first; checked to be non-empty and split into arguments. */
    private static List<String> command(Fields item) {
        List<String> command = item.strings("command", List.of());
        if (command.isEmpty()) {
            if (item.raw("command") instanceof ListNode) {
                item.error("command", "E192", "the command is empty", "e.g. command: [s3-dist-cp, --src, s3://bucket/in/, --dest, hdfs:///in/]");
            }
            return command;
        }
        if (command.get(0).strip().contains(" ")) {
            item.warning("command", "W221", "command-runner.jar runs '" + Diagnostic.excerpt(command.get(0).strip().split(" ")[0])
                    + "' with each list item as one argument, and the first item here holds spaces",
                    "split it: command: [" + Diagnostic.excerpt(String.join(", ", command.get(0).strip().split("\\s+"))) + ", ...]");
        }
        return command;
    }
}
