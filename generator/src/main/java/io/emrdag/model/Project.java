package io.emrdag.model;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A resolved project: settings, the cluster profiles (for the shared templates) and every job group
 * with defaults and its profile already merged in. Everything downstream (render, write) reads only this.
 *
 * @param reused job groups an incremental generate takes over unchanged from the output folder (never in
 *     {@code jobGroups}); empty whenever the whole project was bound, as for verify and deploy
 * @param downstreams for each job group that others depend on, their ids, sorted (its DAG emits what they wait for)
 */
public record Project(ProjectSettings settings, Map<String, Cluster> profiles, List<JobGroup> jobGroups,
        List<ReusedGroup> reused, Map<String, List<String>> downstreams) {

    public Project {
        profiles = Map.copyOf(profiles);
        jobGroups = List.copyOf(jobGroups);
        reused = List.copyOf(reused);
        Map<String, List<String>> copy = new TreeMap<>();
        downstreams.forEach((id, ids) -> copy.put(id, List.copyOf(ids)));
        downstreams = Collections.unmodifiableMap(copy);
    }

    /** A project without dependencies between its job groups. */
    public Project(ProjectSettings settings, Map<String, Cluster> profiles, List<JobGroup> jobGroups, List<ReusedGroup> reused) {
        this(settings, profiles, jobGroups, reused, Map.of());
    }

    /** A project bound in full. */
    public Project(ProjectSettings settings, Map<String, Cluster> profiles, List<JobGroup> jobGroups) {
        this(settings, profiles, jobGroups, List.of());
    }

    /** The job groups that depend on {@code id}, sorted; empty for none. */
    public List<String> downstreamOf(String id) {
        return downstreams.getOrDefault(id, List.of());
    }

    /** How many job groups the project has, bound or reused. */
    public int size() {
        return jobGroups.size() + reused.size();
    }
}
