package io.emrdag.model;

import java.util.List;
import java.util.Map;

/**
 * A resolved project: settings, the cluster profiles (for the shared templates) and every job group
 * with defaults and its profile already merged in. Everything downstream (render, write) reads only this.
 */
public record Project(ProjectSettings settings, Map<String, Cluster> profiles, List<JobGroup> jobGroups) {

    public Project {
        profiles = Map.copyOf(profiles);
        jobGroups = List.copyOf(jobGroups);
    }
}
