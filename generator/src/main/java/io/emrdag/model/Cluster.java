package io.emrdag.model;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The transient EMR cluster of a job group (or a named profile). Absent optional values are {@code null}
 * and are left out of the RunJobFlow request. In a profile the knob values (instance types) may be absent:
 * they are filled per job group.
 *
 * <p>A cluster runs on instance groups ({@code master}, optional {@code core} and {@code task}) or on instance fleets
 * ({@code fleets}, non-empty), never both: with fleets the three groups are {@code null}. Without {@code core} it is a
 * primary-only cluster (one primary node runs everything; EMR has no task nodes without core nodes).
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

    /** Instance groups in EMR's order: master, then core and task when present; none on a fleet cluster. */
    public List<InstanceGroup> instanceGroups() {
        return usesFleets() ? List.of() : Stream.of(master, core, task).filter(Objects::nonNull).toList();
    }
}
