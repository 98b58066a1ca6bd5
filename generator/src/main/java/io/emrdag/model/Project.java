package io.emrdag.model;

import java.util.List;
import java.util.Map;

/**
 * A resolved project: settings, the cluster profiles (for the shared templates) and every job group
 * with defaults and its profile already merged in. Everything downstream (render, write) reads only this.
 *
 * @param reused job groups an incremental generate takes over unchanged from the output folder (never in
 *     {@code jobGroups}); empty whenever the whole project was bound, as for verify and deploy
 */
public record Project(ProjectSettings settings, Map<String, Cluster> profiles, List<JobGroup> jobGroups,
        List<ReusedGroup> reused) {

    public Project {
        profiles = Map.copyOf(profiles);
        jobGroups = List.copyOf(jobGroups);
        reused = List.copyOf(reused);
    }

    /** A project bound in full. */
    public Project(ProjectSettings settings, Map<String, Cluster> profiles, List<JobGroup> jobGroups) {
        this(settings, profiles, jobGroups, List.of());
    }

    /** How many job groups the project has, bound or reused. */
    public int size() {
        return jobGroups.size() + reused.size();
    }
}
