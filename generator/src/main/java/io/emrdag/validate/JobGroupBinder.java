package io.emrdag.validate;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import io.emrdag.diagnostic.Diagnostic;
import io.emrdag.diagnostic.Location;
import io.emrdag.load.ListNode;
import io.emrdag.load.MapNode;
import io.emrdag.load.Node;
import io.emrdag.load.ScalarNode;
import io.emrdag.model.Cluster;
import io.emrdag.model.JobGroup;
import io.emrdag.model.ProjectSettings;
import io.emrdag.model.Sensor;
import io.emrdag.model.Step;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds one job group's merged metadata (defaults and profile already underneath) into a {@link JobGroup},
 * reporting every problem as a located diagnostic.
 *
 * <p>Thread-safe: the resolver binds job groups on all cores with one binder per project.
 */
public final class JobGroupBinder {

    /** The JDK copies its zone-id set on every call; a project of 10,000 groups would copy it 10,000 times. */
    private static final java.util.Set<String> ZONE_IDS = java.util.Set.copyOf(ZoneId.getAvailableZoneIds());

    private final ProjectSettings settings;
    private final ClusterBinder clusters;
    /**
     * What the cron parser said of each expression seen in this project (empty: valid). Thousands of job groups
     * share a few dozen schedules, and cron-utils compiles regular expressions on every parse.
     */
    private final java.util.concurrent.ConcurrentMap<String, java.util.Optional<String>> cronProblems =
            new java.util.concurrent.ConcurrentHashMap<>();

    public JobGroupBinder(ProjectSettings settings) {
        this.settings = settings;
        this.clusters = new ClusterBinder(settings.scriptsBase());
    }

    /** The keys a job group (and emrdag.yaml 'defaults') may have; used for did-you-mean hints too. */
    public static final List<String> KEYS = List.of("description", "schedule", "start_date", "timezone", "catchup",
            "owner", "retries", "retry_delay", "dagrun_timeout", "max_active_runs", "tags", "aws_conn_id", "sensor",
            "cluster", "steps", "job_flow_overrides");

    /**
     * @param id the job-group id (file stem), already checked
     * @param source the file, relative to the project folder
     * @param profile the resolved profile name
     * @param profileKnown false when the profile reference is broken (already reported): the cluster is then
     *     checked without requiring values the missing profile would have given
     */
    public JobGroup bind(String id, String source, Fields fields, String profile, boolean profileKnown) {
        String description = fields.string("description", "");
        String schedule = schedule(fields);
        String startDate = startDate(fields);
        String timezone = fields.string("timezone", "UTC");
        if (!ZONE_IDS.contains(timezone) || timezone.startsWith("SystemV/")) {
            fields.error("timezone", "E121", "unknown time zone \"" + Diagnostic.excerpt(timezone) + "\"",
                    "use an IANA name such as UTC or America/New_York (pendulum does not take offsets like +01:00)");
        }
        boolean catchup = fields.bool("catchup", false);
        String owner = fields.string("owner", "airflow");
        int retries = fields.integer("retries", 0, 0, 100);
        Duration retryDelay = fields.duration("retry_delay", Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofDays(1));
        Duration dagrunTimeout = fields.duration("dagrun_timeout", null, Duration.ofMinutes(1), Duration.ofDays(30));
        int maxActiveRuns = fields.integer("max_active_runs", 1, 1, 1000);
        List<String> tags = fields.strings("tags", List.of());
        String awsConnId = fields.matching("aws_conn_id", SettingsBinder.DEFAULT_AWS_CONN_ID, Shapes.AIRFLOW_ID, "an Airflow connection id", null);
        if (!awsConnId.equals(settings.janitorAwsConnId())) {
            fields.warning("aws_conn_id", "W208", "the janitor ends orphaned clusters through connection '"
                    + settings.janitorAwsConnId() + "', not '" + awsConnId + "': a cluster of this job group whose run"
                    + " was marked failed or lost is only ended by its failure callback and idle timeout",
                    "use one connection for all job groups, or set janitor.aws_conn_id in emrdag.yaml");
        }
        Sensor sensor = sensor(fields);
        Cluster cluster = clusters.bind(fields.map("cluster"), profile, profileKnown);
        if (cluster == null && !fields.has("cluster")) {
            fields.missing("cluster", "give the job group a cluster, e.g. 'cluster: {profile: standard}'");
        }
        List<Step> steps = steps(id, fields, sensor, cluster);
        Map<String, Object> overrides = jobFlowOverrides(fields);
        runTimeBudget(fields, dagrunTimeout, cluster, steps);
        sensorsOutliveRun(fields, dagrunTimeout, sensor);
        fields.finish();

        String dagId = settings.dagIdPattern().replace("{job_group}", id);
        if (!Shapes.AIRFLOW_ID.matcher(dagId).matches()) {
            fields.diagnostics().error("E123", Location.ofFile(source), "", "DAG id \"" + Diagnostic.excerpt(dagId) + "\" is not a valid Airflow id",
                    "Airflow ids use letters, digits, '_', '.', '-' (at most 250); check dag_id in emrdag.yaml");
        }
        String variable = settings.variablePattern().replace("{job_group}", id);
        return new JobGroup(id, source, dagId, variable, description, schedule, startDate, timezone, catchup, owner,
                retries, retryDelay, dagrunTimeout, maxActiveRuns, tags, awsConnId, sensor, cluster, steps, overrides);
    }

    /**
     * Every sensor starts when the steps are added, so with one step at a time a sensor waits for its own step and
     * all before it (and their re-runs): warn when that chain is expected to outlast the sensor's timeout.
     */
    private static void sensorBudget(List<Fields> items, List<Step> steps, Sensor sensor, boolean oneAtATime) {
        Duration before = Duration.ZERO;
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            if (step.expectedDuration() == null) {
                continue;
            }
            Duration own = expectedWithReruns(step);
            boolean afterOthers = oneAtATime && !before.isZero();
            Duration chain = oneAtATime ? before.plus(own) : own;
            before = chain;
            if (chain.compareTo(sensor.timeout()) > 0) {
                List<String> why = new ArrayList<>();
                if (afterOthers) {
                    why.add("after the steps before it");
                }
                if (step.reruns() > 0) {
                    why.add("with " + step.reruns() + " re-run(s)");
                }
                String what = why.isEmpty() ? "the step is expected to run " + chain.toMinutes() + " min"
                        : "the step is expected to end " + chain.toMinutes() + " min after the steps are added ("
                                + String.join(", ", why) + ")";
                items.get(i).warning("expected_duration", "W201", what + " but its sensor times out after "
                        + sensor.timeout().toMinutes() + " min", "raise sensor.timeout for this job group");
            }
        }
    }

    /** The longest a step with an expected duration is expected to run: once plus each of its re-runs. */
    private static Duration expectedWithReruns(Step step) {
        return step.expectedDuration().multipliedBy(1L + step.reruns());
    }

    /** EMR runs one step at a time unless the cluster says otherwise. */
    private static boolean oneAtATime(Cluster cluster) {
        return cluster == null || cluster.stepConcurrency() == null || cluster.stepConcurrency() == 1;
    }

    /**
     * Warns when the run can be timed out while its sensors still wait: a timed-out run skips terminate_cluster,
     * and only the failure callback and the janitor end the cluster then.
     */
    private static void sensorsOutliveRun(Fields fields, Duration dagrunTimeout, Sensor sensor) {
        if (dagrunTimeout == null) {
            return;
        }
        Duration needed = sensor.timeout().plus(RUN_OVERHEAD);
        if (dagrunTimeout.compareTo(needed) < 0) {
            fields.warning("dagrun_timeout", "W207", "the DAG run times out after " + minutes(dagrunTimeout)
                    + " but its sensors may wait " + minutes(sensor.timeout()) + " (sensor.timeout) plus about "
                    + minutes(RUN_OVERHEAD) + " to create and end the cluster: the run can end before the steps fail"
                    + " it, and the cluster then waits for the failure callback or the janitor",
                    "raise dagrun_timeout to at least " + minutes(needed) + ", or lower sensor.timeout");
        }
    }

    /** What a run spends outside its sensors: creating the cluster, adding the steps, terminating. */
    private static final Duration RUN_OVERHEAD = Duration.ofMinutes(10);

    private static String minutes(Duration duration) {
        return duration.toMinutes() + " min";
    }

    /**
     * Warns when the run is timed out before its steps can finish: with one step at a time (EMR's default), the
     * steps' expected durations add up.
     */
    private static void runTimeBudget(Fields fields, Duration dagrunTimeout, Cluster cluster, List<Step> steps) {
        if (dagrunTimeout == null || !oneAtATime(cluster)) {
            return;
        }
        Duration total = steps.stream().filter(s -> s.expectedDuration() != null)
                .map(JobGroupBinder::expectedWithReruns).reduce(Duration.ZERO, Duration::plus);
        if (total.compareTo(dagrunTimeout) > 0) {
            fields.warning("dagrun_timeout", "W206", "the steps are expected to run " + total.toMinutes()
                    + " min one after the other but the DAG run times out after " + dagrunTimeout.toMinutes() + " min",
                    "raise dagrun_timeout, or lower the steps' expected_duration if they run faster");
        }
    }

    /** Real cron expressions are short; the parser's cost grows fast with length. */
    private static final int MAX_CRON_LENGTH = 200;
    /** Unix cron, the five-field syntax Airflow's schedules use. */
    private static final CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private String schedule(Fields fields) {
        if (!fields.has("schedule")) {
            if (fields.raw("schedule") == null) {
                fields.missing("schedule", "a cron expression such as \"0 2 * * *\", a preset such as @daily, or null for manual runs");
            }
            return null;
        }
        String schedule = fields.string("schedule", null);
        if (schedule == null || schedule.equals("none")) {
            return null;
        }
        if (schedule.startsWith("@")) {
            return fields.oneOf("schedule", null, Shapes.SCHEDULE_PRESETS);
        }
        String[] parts = schedule.trim().split("\\s+");
        String problem = parts.length != 5 ? parts.length + " fields instead of 5"
                : schedule.length() > MAX_CRON_LENGTH ? "longer than " + MAX_CRON_LENGTH + " characters" : null;
        if (problem == null) {
            problem = cronProblems.computeIfAbsent(String.join(" ", parts), JobGroupBinder::cronProblem).orElse(null);
        }
        if (problem != null) {
            fields.error("schedule", "E120", "not a valid cron expression \"" + Diagnostic.excerpt(schedule) + "\" (" + problem + ")",
                    "minute hour day-of-month month day-of-week, e.g. \"0 2 * * *\" (02:00 every day), or a preset such as @daily");
            return null;
        }
        return String.join(" ", parts);
    }

    /** cron-utils' objection to a five-field expression; its parser is thread-safe (documented since 9.1.7). */
    private static java.util.Optional<String> cronProblem(String expression) {
        try {
            CRON.parse(expression).validate();
            return java.util.Optional.empty();
        } catch (IllegalArgumentException e) {
            return java.util.Optional.ofNullable(e.getMessage()).or(() -> java.util.Optional.of("invalid"));
        }
    }

    private static String startDate(Fields fields) {
        if (!fields.has("start_date")) {
            fields.missing("start_date", "e.g. start_date: 2024-01-01 (here or in emrdag.yaml 'defaults')");
            return null;
        }
        String text = fields.matching("start_date", null, Shapes.DATE, "a date like 2024-01-01", null);
        if (text == null) {
            return null;
        }
        try {
            LocalDate.parse(text);
        } catch (DateTimeException e) {
            fields.error("start_date", "E122", "not a calendar date: \"" + Diagnostic.excerpt(text) + "\"", null);
            return null;
        }
        return text;
    }

    private static Sensor sensor(Fields parent) {
        Fields fields = parent.map("sensor");
        if (fields == null) {
            return new Sensor(Duration.ofSeconds(60), "reschedule", Duration.ofHours(6));
        }
        Duration poke = fields.duration("poke_interval", Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofHours(1));
        String mode = fields.oneOf("mode", "reschedule", Shapes.SENSOR_MODES);
        Duration timeout = fields.duration("timeout", Duration.ofHours(6), Duration.ofMinutes(1), Duration.ofDays(30));
        fields.finish();
        return new Sensor(poke, mode, timeout);
    }

    private List<Step> steps(String id, Fields fields, Sensor sensor, Cluster cluster) {
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
            String script = Scripts.resolve(item, "script", settings.scriptsBase());
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
        sensorBudget(stepFields, steps, sensor, oneAtATime(cluster));
        return steps;
    }

    /**
     * Step arguments are the one place Airflow renders Jinja (when they contain {@code {{} or {@code {%}): check
     * that such templates are well formed. Jinja elsewhere in a step reaches EMR as literal text: say so.
     */
    private static void templates(Fields item) {
        if (item.raw("args") instanceof ListNode list) {
            for (int i = 0; i < list.items().size(); i++) {
                if (list.items().get(i) instanceof ScalarNode arg && arg.kind() == ScalarNode.Kind.STRING && isTemplate(arg.text())) {
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
            if (node instanceof ScalarNode s && s.kind() == ScalarNode.Kind.STRING && isTemplate(s.text())) {
                item.diagnostics().warning("W203", s.location(), path, "Jinja here is not rendered: EMR receives \""
                        + Diagnostic.excerpt(s.text()) + "\" as written",
                        "only step 'args' are Airflow templates; move the templated part into args");
            }
        });
    }

    /** The rule the renderer applies to step arguments: Jinja delimiters make an argument a template. */
    private static boolean isTemplate(String text) {
        return text.contains("{{") || text.contains("{%");
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

    /**
     * Settings in the raw overrides that undo emrdag's safety nets: the idle auto-termination (a cluster left
     * running bills until someone notices), a termination protection the terminate task cannot get past, and
     * a cluster that ends before its steps are added.
     */
    private static void riskyOverrides(MapNode overrides, Fields fields) {
        String base = fields.pathOf("job_flow_overrides");
        MapNode.Member policy = overrides.members().get("AutoTerminationPolicy");
        if (policy != null && policy.value() instanceof ScalarNode s && s.isNull()) {
            fields.diagnostics().warning("W204", policy.keyLocation(), base + ".AutoTerminationPolicy",
                    "no idle auto-termination: a cluster whose terminate task does not run keeps running and billing",
                    "keep the policy and tune cluster.idle_timeout instead");
        }
        if (overrides.get("Instances") instanceof MapNode instances) {
            MapNode.Member protectedFlag = instances.members().get("TerminationProtected");
            if (protectedFlag != null && protectedFlag.value() instanceof ScalarNode s && s.kind() == ScalarNode.Kind.BOOLEAN
                    && s.text().equalsIgnoreCase("true")) {
                fields.diagnostics().warning("W205", protectedFlag.keyLocation(), base + ".Instances.TerminationProtected",
                        "the terminate task cannot end a termination-protected cluster: it keeps running and billing",
                        "remove TerminationProtected; emrdag ends the cluster after the steps");
            }
            MapNode.Member keepAlive = instances.members().get("KeepJobFlowAliveWhenNoSteps");
            if (keepAlive != null && keepAlive.value() instanceof ScalarNode s && s.kind() == ScalarNode.Kind.BOOLEAN
                    && s.text().equalsIgnoreCase("false")) {
                fields.diagnostics().error("E134", keepAlive.keyLocation(), base + ".Instances.KeepJobFlowAliveWhenNoSteps",
                        "the cluster would end before emrdag adds its steps, and every step would fail",
                        "remove KeepJobFlowAliveWhenNoSteps; the terminate task and cluster.idle_timeout end the cluster");
            }
        }
    }

    private static Map<String, Object> jobFlowOverrides(Fields fields) {
        Node raw = fields.raw("job_flow_overrides");
        if (raw == null || raw instanceof ScalarNode s && s.isNull()) {
            return Map.of();
        }
        if (!(raw instanceof MapNode map)) {
            fields.error("job_flow_overrides", "E101", "expected a mapping in EMR's RunJobFlow spelling, got " + raw.describe(), null);
            return Map.of();
        }
        riskyOverrides(map, fields);
        Map<String, Object> out = new LinkedHashMap<>();
        for (MapNode.Member member : map.members().values()) {
            String path = fields.pathOf("job_flow_overrides") + "." + member.key();
            if (member.key().equals("Steps")) {
                fields.diagnostics().error("E131", member.keyLocation(), path, "steps cannot be set in job_flow_overrides",
                        "declare them under 'steps:'; emrdag adds them after the cluster starts");
            } else if (member.key().equals("Tags")) {
                fields.diagnostics().error("E135", member.keyLocation(), path, "Tags in job_flow_overrides would replace the"
                                + " cluster's tags, among them the emrdag:project, emrdag:dag_id and emrdag:run_id tags that the"
                                + " terminate task, the failure callback and the janitor find the cluster by",
                        "put your tags under cluster.tags; emrdag adds its own beside them");
            } else if (!Shapes.RUN_JOB_FLOW_KEYS.contains(member.key())) {
                fields.diagnostics().error("E130", member.keyLocation(), path, "'" + Diagnostic.excerpt(member.key()) + "' is not a RunJobFlow request member",
                        DidYouMean.suggest(member.key(), Shapes.RUN_JOB_FLOW_KEYS).map(s -> "did you mean '" + s + "'?")
                                .orElse("see the EMR RunJobFlow API reference"));
            } else {
                out.put(member.key(), plain(member.value(), fields));
                RunJobFlowShape.get().check(member.key(), member.value(), path, fields.diagnostics());
            }
        }
        return out;
    }

    /**
     * A located node as plain data for the raw overrides; {@code null} deletes the key from the request.
     * Numbers Python cannot read back exactly (YAML's {@code .inf}, {@code .nan}) are reported.
     */
    static Object plain(Node node, Fields fields) {
        if (node instanceof MapNode map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.members().values().forEach(m -> out.put(m.key(), plain(m.value(), fields)));
            return out;
        }
        if (node instanceof ListNode list) {
            List<Object> out = new ArrayList<>();
            list.items().forEach(i -> out.add(plain(i, fields)));
            return out;
        }
        ScalarNode scalar = (ScalarNode) node;
        try {
            return switch (scalar.kind()) {
                case STRING -> scalar.text();
                case INTEGER -> new java.math.BigInteger(scalar.text().replace("_", "").replaceFirst("^\\+", ""));
                case FLOAT -> new BigDecimal(scalar.text().replace("_", ""));
                case BOOLEAN -> {
                    if (!Fields.isPlainBoolean(scalar.text())) {
                        fields.diagnostics().error("E101", scalar.location(), fields.pathOf("job_flow_overrides"),
                                "ambiguous YAML 1.1 boolean '" + Diagnostic.excerpt(scalar.text()) + "'", "write true or false, or quote it for a string");
                    }
                    yield Boolean.parseBoolean(scalar.text());
                }
                case NULL -> null;
            };
        } catch (NumberFormatException e) {
            fields.diagnostics().error("E132", scalar.location(), fields.pathOf("job_flow_overrides"),
                    "number " + Diagnostic.excerpt(scalar.text()) + " cannot be passed to EMR", "write a plain decimal number, or quote it to send a string");
            return scalar.text();
        }
    }
}
