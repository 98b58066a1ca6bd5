package io.emrdag.validate;

import io.emrdag.capacity.InstanceTypes;
import io.emrdag.diagnostic.Diagnostic;
import io.emrdag.diagnostic.Location;
import io.emrdag.load.MapNode;
import io.emrdag.model.Alerts;
import io.emrdag.model.Cluster;
import io.emrdag.model.ClusterMode;
import io.emrdag.model.DagArguments;
import io.emrdag.model.JobGroup;
import io.emrdag.model.ProjectSettings;
import io.emrdag.model.Sensor;
import io.emrdag.model.Step;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Binds one job group's merged metadata (defaults and profile already underneath) into a {@link JobGroup},
 * reporting every problem as a located diagnostic.
 *
 * <p>Thread-safe: {@link ProjectBinder} binds job groups on all cores with one binder per project. Steps,
 * schedule, overrides and the timing checks have binders of their own.
 */
public final class JobGroupBinder {

    /** The JDK copies its zone-id set on every call; a project of 10,000 groups would copy it 10,000 times. */
    private static final Set<String> ZONE_IDS = Set.copyOf(ZoneId.getAvailableZoneIds());

    private final ProjectSettings settings;
    private final ClusterBinder clusters;
    private final StepBinder steps;
    private final ScheduleBinder schedules = new ScheduleBinder();

    JobGroupBinder(ProjectSettings settings, Scripts.Base scriptsBase, InstanceTypes instanceTypes) {
        this.settings = settings;
        this.clusters = new ClusterBinder(scriptsBase, instanceTypes);
        this.steps = new StepBinder(scriptsBase);
    }

    /** The keys a job group (and emrdag.yaml 'defaults') may have; used for did-you-mean hints too. */
    public static final List<String> KEYS = List.of("description", "schedule", "start_date", "timezone", "catchup",
            "owner", "retries", "retry_delay", "dagrun_timeout", "max_active_runs", "tags", "aws_conn_id", "emr_conn_id",
            "sensor", "cluster", "steps", "job_flow_overrides", "depends_on", "alerts", "params", "depends_on_past",
            "wait_for_downstream", "execution_timeout", "email", "email_on_failure", "email_on_retry", "max_active_tasks",
            "before", "after");

    /**
     * @param id the job-group id (file stem), already checked
     * @param source the file, relative to the project folder
     * @param profile the resolved profile name
     * @param profileKnown false when the profile reference is broken (already reported): the cluster is then
     *     checked without requiring values the missing profile would have given
     */
    public JobGroup bind(String id, String source, Fields fields, String profile, boolean profileKnown) {
        String description = fields.string("description", "");
        // A job group that waits for others may leave its schedule out: it runs when they have succeeded.
        String schedule = fields.isWritten(DependencyChecks.KEY) && fields.raw("schedule") == null ? null : schedules.bind(fields);
        String startDate = startDate(fields);
        String timezone = fields.string("timezone", "UTC");
        if (!ZONE_IDS.contains(timezone) || timezone.startsWith("SystemV/")) {
            fields.error("timezone", "E121", "unknown time zone \"" + Diagnostic.excerpt(timezone) + "\"",
                    "use an IANA name such as UTC or America/New_York (pendulum does not take offsets like +01:00)");
        }
        boolean catchup = fields.bool("catchup", false);
        TemplatedFields.notRendered(fields, "owner");
        String owner = fields.string("owner", "airflow");
        int retries = fields.integer("retries", 0, 0, 100);
        Duration retryDelay = fields.duration("retry_delay", Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofDays(1));
        Duration dagrunTimeout = fields.duration("dagrun_timeout", null, Duration.ofMinutes(1), Duration.ofDays(30));
        int maxActiveRuns = fields.integer("max_active_runs", 1, 1, 1000);
        TemplatedFields.notRendered(fields, "tags");
        List<String> tags = fields.strings("tags", List.of());
        String awsConnId = fields.matching("aws_conn_id", SettingsBinder.DEFAULT_AWS_CONN_ID, Shapes.AIRFLOW_ID, "an Airflow connection id", null);
        if (!awsConnId.equals(settings.janitor().janitorAwsConnId())) {
            fields.warning("aws_conn_id", "W208", "the janitor ends orphaned clusters through connection '"
                    + settings.janitor().janitorAwsConnId() + "', not '" + awsConnId + "': a cluster of this job group whose run"
                    + " was marked failed or lost is only ended by its failure callback and idle timeout",
                    "use one connection for all job groups, or set janitor.aws_conn_id in emrdag.yaml");
        }
        // Like aws_conn_id; null (the default) passes emr_conn_id=None, so no connection's config is merged in.
        String emrConnId = fields.matching("emr_conn_id", null, Shapes.AIRFLOW_ID, "an Airflow connection id", null);
        Sensor sensor = sensor(fields, settings.target());
        Fields clusterFields = fields.map("cluster");
        ClusterMode mode = ClusterModeBinder.bind(clusterFields, fields.raw("cluster") instanceof MapNode map ? map : null);
        Cluster cluster = null;
        Map<String, Object> overrides = Map.of();
        if (mode.createsCluster()) {
            cluster = clusters.bind(clusterFields, profile, profileKnown,
                    profileKnown && !OverridesBinder.replacesInstances(fields));
            if (cluster == null && !fields.has("cluster")) {
                fields.missing("cluster", "give the job group a cluster, e.g. 'cluster: {profile: standard}'");
            }
        } else {
            ClusterModeBinder.refuseOverrides(fields);
        }
        List<Step> boundSteps = steps.bind(fields, sensor, cluster, mode.defaultActionOnFailure());
        ClusterModeBinder.checkSteps(fields, mode, boundSteps);
        if (mode.createsCluster()) {
            overrides = OverridesBinder.bind(fields, mode);
        }
        TimingChecks.runTimeBudget(fields, dagrunTimeout, cluster, boundSteps);
        TimingChecks.sensorsOutliveRun(fields, dagrunTimeout, sensor);
        List<String> dependsOn = DependencyChecks.bind(fields, id, source, schedule, boundSteps, settings.target());
        Alerts alerts = AlertsBinder.bind(fields, boundSteps);
        TimingChecks.rescheduleRaceWithoutRetries(fields, retries, sensor, settings.target());
        DagArguments arguments = dagArguments(fields, sensor, settings.target());
        TemplatedFields.check(fields, arguments.params().keySet());
        AroundBinder.Around around = AroundBinder.bind(fields);
        fields.finish();

        String dagId = settings.naming().dagIdPattern().replace("{job_group}", id);
        if (!Shapes.AIRFLOW_ID.matcher(dagId).matches()) {
            fields.diagnostics().error("E123", Location.ofFile(source), "", "DAG id \"" + Diagnostic.excerpt(dagId) + "\" is not a valid Airflow id",
                    "Airflow ids use letters, digits, '_', '.', '-' (at most 250); check dag_id in emrdag.yaml");
        }
        String variable = settings.naming().variablePattern().replace("{job_group}", id);
        return new JobGroup(id, source, new JobGroup.Dag(dagId, description, owner, tags, arguments, variable),
                new JobGroup.Timing(schedule, startDate, timezone, catchup, dagrunTimeout, maxActiveRuns, retries, retryDelay),
                new JobGroup.Emr(mode, cluster, overrides, boundSteps, sensor, awsConnId, emrConnId),
                new JobGroup.Workflow(dependsOn, alerts, around.before(), around.after()));
    }

    /** The arguments of a hand-written DAG with Airflow's meaning; unset ones stay {@code null} (Airflow's default). */
    private static DagArguments dagArguments(Fields fields, Sensor sensor, String target) {
        Map<String, Object> params = TemplatedFields.params(fields);
        Boolean dependsOnPast = optionalBool(fields, "depends_on_past");
        Boolean waitForDownstream = optionalBool(fields, "wait_for_downstream");
        Duration executionTimeout = fields.duration("execution_timeout", null, Duration.ofSeconds(1), Duration.ofDays(30));
        TimingChecks.watchersOutliveExecutionTimeout(fields, executionTimeout, sensor, target);
        TemplatedFields.notRendered(fields, "email");
        List<String> email = fields.strings("email", null);
        Boolean emailOnFailure = optionalBool(fields, "email_on_failure");
        Boolean emailOnRetry = optionalBool(fields, "email_on_retry");
        Integer maxActiveTasks = fields.has("max_active_tasks") ? fields.integer("max_active_tasks", 16, 1, 1000) : null;
        return new DagArguments(params, dependsOnPast, waitForDownstream, executionTimeout, email, emailOnFailure, emailOnRetry,
                maxActiveTasks);
    }

    private static Boolean optionalBool(Fields fields, String key) {
        return fields.has(key) ? fields.bool(key, false) : null;
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
            // The text is four, two and two digits (Shapes.DATE): read as numbers, without a formatter's parse per group.
            LocalDate.of(Integer.parseInt(text, 0, 4, 10), Integer.parseInt(text, 5, 7, 10), Integer.parseInt(text, 8, 10, 10));
        } catch (DateTimeException e) {
            fields.error("start_date", "E122", "not a calendar date: \"" + Diagnostic.excerpt(text) + "\"", null);
            return null;
        }
        return text;
    }

    /**
     * The watchers' settings. Their mode defaults to deferrable on Airflow 3, where reschedule-mode sensors meet the
     * scheduler's late-executor-event race (apache/airflow#71172) and deferred watchers wait on the Amazon provider's
     * step trigger; to reschedule on Airflow 2, whose deferred waits count toward execution_timeout (W240).
     */
    private static Sensor sensor(Fields parent, String target) {
        String defaultMode = target.startsWith("2.") ? "reschedule" : "deferrable";
        Fields fields = parent.map("sensor");
        if (fields == null) {
            return new Sensor(Duration.ofSeconds(60), defaultMode, Duration.ofHours(6));
        }
        Duration poke = fields.duration("poke_interval", Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofHours(1));
        String mode = fields.oneOf("mode", defaultMode, Shapes.SENSOR_MODES);
        Duration timeout = fields.duration("timeout", Duration.ofHours(6), Duration.ofMinutes(1), Duration.ofDays(30));
        fields.finish();
        return new Sensor(poke, mode, timeout);
    }

}
