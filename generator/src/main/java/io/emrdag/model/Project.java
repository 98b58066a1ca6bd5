package io.emrdag.model;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A resolved project: settings, the cluster profiles (for the shared templates) and every job group
 * with defaults and its profile already merged in. Everything downstream (render, write) reads only this.
 *
 * @param jobGroups the job groups bound in this run: every one of the project, unless some were known from an earlier
 *     run without binding them again (then only the others are here, and only they are rendered)
 * @param downstreams for each job group that others depend on, their ids, sorted (its DAG emits what they wait for)
 */
public record Project(ProjectSettings settings, Map<String, Cluster> profiles, List<JobGroup> jobGroups,
        Map<String, List<String>> downstreams) {

    public Project {
        profiles = Map.copyOf(profiles);
        jobGroups = List.copyOf(jobGroups);
        Map<String, List<String>> copy = new TreeMap<>();
        downstreams.forEach((id, ids) -> copy.put(id, List.copyOf(ids)));
        downstreams = Collections.unmodifiableMap(copy);
    }

    /** A project without dependencies between its job groups. */
    public Project(ProjectSettings settings, Map<String, Cluster> profiles, List<JobGroup> jobGroups) {
        this(settings, profiles, jobGroups, Map.of());
    }

    /** The job groups that depend on {@code id}, sorted; empty for none. */
    public List<String> downstreamOf(String id) {
        return downstreams.getOrDefault(id, List.of());
    }

}
