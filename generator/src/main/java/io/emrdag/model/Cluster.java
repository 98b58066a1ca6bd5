package io.emrdag.model;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The transient EMR cluster of a job group (or a named profile). Absent optional values are {@code null}
 * and are left out of the RunJobFlow request. In a profile the knob values (instance types) may be absent:
 * they are filled per job group.
 */
public record Cluster(String profile, String name, String releaseLabel, List<String> applications,
        InstanceGroup master, InstanceGroup core, InstanceGroup task, Duration idleTimeout, String logUri,
        String serviceRole, String jobFlowRole, String subnetId, String ec2KeyName, String securityConfiguration,
        Integer stepConcurrency, Map<String, String> tags, List<Configuration> configurations,
        List<BootstrapAction> bootstrapActions) {

    public Cluster {
        applications = List.copyOf(applications);
        tags = Collections.unmodifiableMap(new TreeMap<>(tags));
        configurations = List.copyOf(configurations);
        bootstrapActions = List.copyOf(bootstrapActions);
    }

    /** Instance groups in EMR's order: master, core, then task when present. */
    public List<InstanceGroup> instanceGroups() {
        return task == null ? List.of(master, core) : List.of(master, core, task);
    }
}
