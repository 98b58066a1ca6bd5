package io.emrdag.model;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One job group, fully resolved: one Airflow DAG that runs the steps on a cluster (by default one it creates and
 * terminates: see {@link ClusterMode}).
 *
 * @param source the metadata file, relative to the project folder, with '/' separators
 * @param schedule cron expression or preset, or {@code null} for manual runs only
 * @param dagrunTimeout {@code null} for no timeout
 * @param jobFlowOverrides raw RunJobFlow fragment (EMR API spelling), deep-merged last; empty when unused
 * @param dependsOn the job groups whose success this one waits for (data-aware scheduling), in the file's order; empty:
 *     it runs on its schedule alone
 * @param alerts who hears about its runs, or {@code null} for nobody
 * @param arguments the DAG arguments of a hand-written DAG (params, default_args); their unset members are {@code null}
 * @param emrConnId the Airflow connection whose extra config create_cluster merges under the request, or {@code null}
 *     for none (the default)
 * @param before tasks that must all succeed before the cluster is requested; empty for none
 * @param after tasks that run once every step succeeded (and terminate ran); empty for none
 * @param clusterMode how the steps get their cluster; with {@link ClusterMode.Kind#EXISTING} {@code cluster} is
 *     {@code null} and {@code jobFlowOverrides} empty
 */
public record JobGroup(String id, String source, String dagId, String variable, String description,
        String schedule, String startDate, String timezone, boolean catchup, String owner, int retries,
        Duration retryDelay, Duration dagrunTimeout, int maxActiveRuns, List<String> tags, String awsConnId,
        Sensor sensor, Cluster cluster, List<Step> steps, Map<String, Object> jobFlowOverrides, List<String> dependsOn,
        Alerts alerts, DagArguments arguments, String emrConnId, List<AroundTask> before, List<AroundTask> after,
        ClusterMode clusterMode) {

    public JobGroup {
        tags = List.copyOf(tags);
        steps = List.copyOf(steps);
        jobFlowOverrides = Collections.unmodifiableMap(new LinkedHashMap<>(jobFlowOverrides));
        dependsOn = List.copyOf(dependsOn);
        before = List.copyOf(before);
        after = List.copyOf(after);
    }

    /**
     * What the checks that span job groups need of this one. A job group bound with errors may lack its cluster: its
     * profile is then {@code ""}, as for one that creates none (the run fails on the errors anyway).
     */
    public GroupSummary summary() {
        return new GroupSummary(id, source, clusterMode != null && clusterMode.createsCluster() && cluster != null ? cluster.profile() : "",
                dependsOn);
    }
}
