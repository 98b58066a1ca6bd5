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
 *
 * <p>A cluster runs on instance groups ({@code master}, {@code core}, optional {@code task}) or on instance fleets
 * ({@code fleets}, non-empty), never both: with fleets the three groups are {@code null}.
 *
 * @param managedScaling {@code null} when EMR does not resize the cluster
 */
public record Cluster(String profile, String name, String releaseLabel, List<String> applications,
        InstanceGroup master, InstanceGroup core, InstanceGroup task, Duration idleTimeout, String logUri,
        String serviceRole, String jobFlowRole, String subnetId, String ec2KeyName, String securityConfiguration,
        Integer stepConcurrency, Map<String, String> tags, List<Configuration> configurations,
        List<BootstrapAction> bootstrapActions, List<InstanceFleet> fleets, ManagedScaling managedScaling) {

    public Cluster {
        applications = List.copyOf(applications);
        tags = Collections.unmodifiableMap(new TreeMap<>(tags));
        configurations = List.copyOf(configurations);
        bootstrapActions = List.copyOf(bootstrapActions);
        fleets = List.copyOf(fleets);
    }

    /** Whether the cluster runs on instance fleets. */
    public boolean usesFleets() {
        return !fleets.isEmpty();
    }

    /** Instance groups in EMR's order: master, core, then task when present; none on a fleet cluster. */
    public List<InstanceGroup> instanceGroups() {
        return usesFleets() ? List.of() : task == null ? List.of(master, core) : List.of(master, core, task);
    }
}
