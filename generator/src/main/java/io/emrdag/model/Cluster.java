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
 * <p>{@code nodes.managedScaling} is {@code null} when EMR does not resize the cluster.
 */
public record Cluster(String profile, String name, Software software, Nodes nodes, Access access, Operation operation,
        Map<String, String> tags) {

    /** What the cluster runs: the EMR release, its applications, their configuration and the bootstrap actions. */
    public record Software(String releaseLabel, List<String> applications, List<Configuration> configurations,
            List<BootstrapAction> bootstrapActions) {

        public Software {
            applications = List.copyOf(applications);
            configurations = List.copyOf(configurations);
            bootstrapActions = List.copyOf(bootstrapActions);
        }
    }

    /** The machines: three instance groups or the fleets (never both), and how EMR resizes them. */
    public record Nodes(InstanceGroup master, InstanceGroup core, InstanceGroup task, List<InstanceFleet> fleets,
            ManagedScaling managedScaling) {

        public Nodes {
            fleets = List.copyOf(fleets);
        }
    }

    /** Who the cluster is and where it runs: IAM roles, network, key pair, security configuration. */
    public record Access(String serviceRole, String jobFlowRole, String subnetId, String ec2KeyName, String securityConfiguration) {
    }

    /** How the cluster runs: when it ends idle, where it logs, how many steps at once. */
    public record Operation(Duration idleTimeout, String logUri, Integer stepConcurrency) {
    }

    public Cluster {
        tags = Collections.unmodifiableMap(new TreeMap<>(tags));
    }

    /** Whether the cluster runs on instance fleets. */
    public boolean usesFleets() {
        return !nodes.fleets().isEmpty();
    }

    /** Instance groups in EMR's order: master, then core and task when present; none on a fleet cluster. */
    public List<InstanceGroup> instanceGroups() {
        return usesFleets() ? List.of() : Stream.of(nodes.master(), nodes.core(), nodes.task()).filter(Objects::nonNull).toList();
    }
}
