package io.emrdag.model;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One job group, fully resolved: one Airflow DAG that runs the steps on a cluster (by default one it creates and
 * terminates: see {@link ClusterMode}). Its settings come in four parts: the DAG as Airflow lists it, when it runs, the
 * EMR work it does, and how it fits among other job groups and tasks.
 *
 * @param source the metadata file, relative to the project folder, with '/' separators
 */
public record JobGroup(String id, String source, Dag dag, Timing timing, Emr emr, Workflow workflow) {

    /**
     * The DAG as Airflow shows it.
     *
     * @param variable  the Airflow Variable with the job group's runtime knobs
     * @param arguments the DAG arguments of a hand-written DAG (params, default_args); their unset members are {@code null}
     */
    public record Dag(String dagId, String description, String owner, List<String> tags, DagArguments arguments,
            String variable) {

        public Dag {
            tags = List.copyOf(tags);
        }
    }

    /**
     * When the DAG runs, and how often a task is tried.
     *
     * @param schedule      cron expression or preset, or {@code null} for manual runs only
     * @param dagrunTimeout {@code null} for no timeout
     */
    public record Timing(String schedule, String startDate, String timezone, boolean catchup, Duration dagrunTimeout,
            int maxActiveRuns, int retries, Duration retryDelay) {
    }

    /**
     * The EMR work: the cluster, the steps on it and how they are watched.
     *
     * @param clusterMode      how the steps get their cluster; with {@link ClusterMode.Kind#EXISTING} {@code cluster} is
     *                         {@code null} and {@code jobFlowOverrides} empty
     * @param jobFlowOverrides raw RunJobFlow fragment (EMR API spelling), deep-merged last; empty when unused
     * @param emrConnId        the Airflow connection whose extra config create_cluster merges under the request, or
     *                         {@code null} for none (the default)
     */
    public record Emr(ClusterMode clusterMode, Cluster cluster, Map<String, Object> jobFlowOverrides, List<Step> steps,
            Sensor sensor, String awsConnId, String emrConnId) {

        public Emr {
            steps = List.copyOf(steps);
            jobFlowOverrides = Collections.unmodifiableMap(new LinkedHashMap<>(jobFlowOverrides));
        }
    }

    /**
     * How the job group fits among others and among tasks of its own.
     *
     * @param dependsOn the job groups whose success this one waits for (data-aware scheduling), in the file's order;
     *                  empty: it runs on its schedule alone
     * @param alerts    who hears about its runs, or {@code null} for nobody
     * @param before    tasks that must all succeed before the cluster is requested; empty for none
     * @param after     tasks that run once every step succeeded (and terminate ran); empty for none
     */
    public record Workflow(List<String> dependsOn, Alerts alerts, List<AroundTask> before, List<AroundTask> after) {

        public Workflow {
            dependsOn = List.copyOf(dependsOn);
            before = List.copyOf(before);
            after = List.copyOf(after);
        }
    }

    /**
     * What the checks that span job groups need of this one. A job group bound with errors may lack its cluster: its
     * profile is then {@code ""}, as for one that creates none (the run fails on the errors anyway).
     */
    public GroupSummary summary() {
        ClusterMode mode = emr.clusterMode();
        return new GroupSummary(id, source, mode != null && mode.createsCluster() && emr.cluster() != null ? emr.cluster().profile() : "",
                workflow.dependsOn());
    }
}
