package io.emrdag.render;

import java.util.List;

/**
 * What the DAG-file template prints, in named parts. Every string is finished Python source from
 * {@link PythonLiteral} (a literal, or an expression of literals such as a {@code timedelta}); the template
 * {@code job_group_dag.py.ftl} holds the shape around them and makes no escaping decision. The parts follow the
 * file's own sections, so that a template line reads one part: the file's header and module constants, the
 * {@code DAG(...)} call, the cluster, the step tasks, and how the DAG is wired to other DAGs, people and tasks.
 *
 * @param header the file's header and the constants every DAG file has
 * @param dag    the {@code DAG(...)} arguments
 * @param emr    how the DAG gets its cluster and what it asks EMR for
 * @param tasks  the steps and the tasks that watch them
 * @param wiring the DAG's links outward: Assets, alerts, the tasks around the cluster
 */
public record DagView(Header header, DagArguments dag, Emr emr, Tasks tasks, Wiring wiring) {

    /**
     * The file's header and its constants.
     *
     * @param source        the job-group file it comes from, for the header: a comment-safe value
     * @param packageName   the project's package (the package layout), or {@code null} beside the DAG files (flat)
     * @param project       the project name, a string literal
     * @param documentation the DAG's description and {@code doc_md}
     */
    public record Header(String source, String packageName, String project, Documentation documentation) {
    }

    /**
     * How the DAG gets its cluster and what it asks for.
     *
     * @param mode    how the DAG gets its cluster
     * @param knobs   the runtime knobs, or {@code null} when it has none (an existing cluster)
     * @param cluster the cluster request: the profile's template filled with this job group's values; {@code null} on
     *                an existing cluster
     */
    public record Emr(Mode mode, Knobs knobs, ClusterRequest cluster) {
    }

    /**
     * The step tasks.
     *
     * @param steps          per step, the values filling the Spark step template (a dict literal at indent 8)
     * @param watchers       per step, its sensor
     * @param reruns         the re-run count per step as a list literal, or {@code null} when no step is re-run
     * @param executionRoles the EMR runtime role per step as a list literal ({@code None} for none), or {@code null} when
     *                       no step has one
     */
    public record Tasks(List<String> steps, List<Watcher> watchers, String reruns, String executionRoles) {

        public Tasks {
            steps = List.copyOf(steps);
            watchers = List.copyOf(watchers);
        }
    }

    /**
     * The DAG's links outward.
     *
     * @param dependencies the Assets it emits and waits for, or {@code null} when it neither waits nor is waited for
     * @param alerting     who hears about its runs, or {@code null} for nobody
     * @param around       the tasks before the cluster and after the steps, or {@code null} for none
     */
    public record Wiring(Dependencies dependencies, Alerting alerting, Around around) {
    }

    /** The DAG's description and its {@code doc_md}: one string literal per Markdown line. */
    public record Documentation(String description, List<String> docMd) {

        public Documentation {
            docMd = List.copyOf(docMd);
        }
    }

    /**
     * How the DAG gets its cluster ({@code cluster.mode}).
     *
     * @param key       {@code transient}, {@code with_steps} or {@code existing}: the template's branches
     * @param clusterId the existing cluster's id as written (a string literal; Jinja in it is rendered by Airflow), or
     *                  {@code null} when the DAG creates its cluster (the template pulls its id from create_cluster)
     */
    public record Mode(String key, String clusterId) {
    }

    /** The Airflow Variable that overrides the runtime knobs, and the knobs' defaults (a dict literal). */
    public record Knobs(String variable, String defaults) {
    }

    /**
     * The arguments of {@code template_generator.fill} for the cluster.
     *
     * @param profile   the profile's key in {@code templates.JOB_FLOW_OVERRIDES}, a string literal
     * @param values    the placeholders' values, a dict literal at indent 4
     * @param overrides the job group's differences from the profile's request, a dict literal; {@code null} for none
     */
    public record ClusterRequest(String profile, String values, String overrides) {
    }

    /**
     * The {@code DAG(...)} arguments.
     *
     * @param dagId       a string literal
     * @param tags        a list literal
     * @param params      the DAG's params, a dict literal, or {@code null} for none (not written)
     * @param timing      when it runs
     * @param concurrency how many of its runs and tasks run at once
     * @param defaultArgs the tasks' {@code default_args}
     * @param connections the Airflow connections its EMR tasks use
     */
    public record DagArguments(String dagId, String tags, String params, Timing timing, Concurrency concurrency,
            DefaultArgs defaultArgs, Connections connections) {
    }

    /**
     * When the DAG runs.
     *
     * @param schedule      a string literal or {@code None}
     * @param dagrunTimeout a {@code datetime.timedelta(...)} or {@code None}
     */
    public record Timing(String schedule, StartDate startDate, boolean catchup, String dagrunTimeout) {
    }

    /**
     * How much of the DAG runs at once.
     *
     * @param maxActiveTasks {@code max_active_tasks}, or {@code null} when not set (not written)
     */
    public record Concurrency(int maxActiveRuns, Integer maxActiveTasks) {
    }

    /**
     * The connections of the EMR tasks.
     *
     * @param awsConnId the connection every EMR task uses, a string literal
     * @param emrConnId the connection whose extra config create_cluster merges under the request, a string literal or
     *                  {@code None}
     */
    public record Connections(String awsConnId, String emrConnId) {
    }

    /** {@code pendulum.datetime(year, month, day, tz=timezone)}; the time zone is a string literal. */
    public record StartDate(int year, int month, int day, String timezone) {
    }

    /**
     * The tasks' {@code default_args}: owner (a string literal), retries, retry delay (a {@code timedelta}), and the
     * arguments of a hand-written DAG that are set ({@code depends_on_past}, {@code email}, ...), in Airflow's spelling.
     */
    public record DefaultArgs(String owner, int retries, String retryDelay, List<Argument> more) {

        public DefaultArgs {
            more = List.copyOf(more);
        }
    }

    /** One more default argument: its key and its value, both Python source. */
    public record Argument(String key, String value) {
    }

    /**
     * One step's sensor: its Python variable, task id (a string literal), index among the steps, and timing.
     *
     * @param expectedSeconds the step's expected duration when an overdue alert watches it, else 0
     */
    public record Watcher(String variable, String taskId, int index, long pokeIntervalSeconds, long timeoutSeconds,
            String mode, long expectedSeconds) {

        public Watcher(String variable, String taskId, int index, long pokeIntervalSeconds, long timeoutSeconds, String mode) {
            this(variable, taskId, index, pokeIntervalSeconds, timeoutSeconds, mode, 0);
        }
    }

    /**
     * Data-aware scheduling (Assets on Airflow 3, Datasets on Airflow 2).
     *
     * @param asset     the URI of the Asset this job group's success emits, a string literal; {@code null} when no job
     *                  group waits for it
     * @param upstreams the URIs (string literals) of the Assets of the job groups it waits for; empty for none
     * @param cron      its schedule (a string literal) when it runs on it too, time or data; else {@code null}
     */
    public record Dependencies(String asset, List<String> upstreams, String cron) {

        public Dependencies {
            upstreams = List.copyOf(upstreams);
        }
    }

    /**
     * Who hears about the job group's runs: channels as literals ({@code null} when unused) and the events.
     *
     * @param jobGroup the job-group id, a string literal
     * @param emails   a list literal
     */
    public record Alerting(String jobGroup, String snsTopic, String emails, String callable, boolean failure,
            boolean success, boolean overdue) {
    }

    /**
     * The tasks around the cluster.
     *
     * @param imports      the imports of their operators and callables, where an import sorter wants them
     * @param dependencies the {@code a >> b} lines: within each list, before's leaves to create_cluster, after's roots
     *                     from all_steps_succeeded, and (with {@code outlet}) what job_group_succeeded waits for
     * @param outlet       whether the job group's Asset moves from all_steps_succeeded to job_group_succeeded, which
     *                     also waits for the tasks after
     */
    public record Around(Imports imports, List<AroundTask> before, List<AroundTask> after,
            List<Dependency> dependencies, boolean outlet) {

        public Around {
            before = List.copyOf(before);
            after = List.copyOf(after);
            dependencies = List.copyOf(dependencies);
        }
    }

    /**
     * {@code upstream >> downstream}: task variables, each side one task or a list of them.
     */
    public record Dependency(List<String> upstream, List<String> downstream) {

        public Dependency {
            upstream = List.copyOf(upstream);
            downstream = List.copyOf(downstream);
        }
    }

    /**
     * One import line: {@code from module import names}, or with an alias {@code from module import name as alias}.
     *
     * @param names the imported names, in an import sorter's order; one name when there is an alias
     * @param alias the name the import is bound to, or {@code null} for the imported names themselves
     */
    public record Import(String module, List<String> names, String alias) {

        public Import {
            names = List.copyOf(names);
        }
    }

    /**
     * The import lines of the tasks around the cluster.
     *
     * @param providerSlots Airflow modules' lines among the file's own provider imports: slot i before the i-th of them
     *                      (the EMR hook, SNS notifier, EMR operators, EMR sensor, e-mail), the last slot after them all
     * @param beforeShared  other modules' lines that sort before the shared modules' package (package layout only)
     * @param afterShared   other modules' lines after the shared modules' import
     */
    public record Imports(List<List<Import>> providerSlots, List<Import> beforeShared, List<Import> afterShared) {

        public Imports {
            providerSlots = providerSlots.stream().map(List::copyOf).toList();
            beforeShared = List.copyOf(beforeShared);
            afterShared = List.copyOf(afterShared);
        }
    }

    /** One task: its Python variable, the operator's name in the file, and its keywords (values are Python source). */
    public record AroundTask(String variable, String operator, List<Keyword> keywords) {

        public AroundTask {
            keywords = List.copyOf(keywords);
        }
    }

    /** {@code name=value}; the value is finished Python source. */
    public record Keyword(String name, String value) {
    }
}
