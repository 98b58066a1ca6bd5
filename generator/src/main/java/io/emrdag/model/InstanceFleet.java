package io.emrdag.model;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * One EMR instance fleet: a menu of instance types from which EMR fills on-demand and spot target capacities. The
 * capacities of the core and task fleets are runtime knobs: these are the defaults baked into the DAG.
 *
 * @param role                       MASTER, CORE or TASK
 * @param onDemandCapacity           target on-demand capacity, in the instance types' weighted units
 * @param spotCapacity               target spot capacity, in the same units
 * @param instanceTypes              the menu; empty only in a profile that leaves it to its job groups
 * @param onDemandAllocationStrategy {@code lowest-price} or {@code prioritized}; {@code null} for EMR's default
 * @param spotAllocationStrategy     e.g. {@code price-capacity-optimized}; {@code null} when the fleet has no spot settings
 * @param spotTimeout                how long EMR tries to get spot capacity before the timeout action
 * @param spotTimeoutAction          {@code SWITCH_TO_ON_DEMAND} or {@code TERMINATE_CLUSTER}
 */
public record InstanceFleet(String role, int onDemandCapacity, int spotCapacity, List<FleetInstanceType> instanceTypes,
        String onDemandAllocationStrategy, String spotAllocationStrategy, Duration spotTimeout, String spotTimeoutAction) {

    public InstanceFleet {
        instanceTypes = List.copyOf(instanceTypes);
    }

    /** Knob-name prefix: {@code core}, {@code task} (the primary fleet has no knobs: its capacity is always 1). */
    public String knobPrefix() {
        return role.toLowerCase(Locale.ROOT);
    }

    /**
     * Whether EMR is told how to get spot capacity: only when the metadata gives one of the spot settings. EMR does not
     * require a SpotSpecification for spot capacity (InstanceFleetProvisioningSpecifications: "SpotSpecification —
     * Required: No"), so a fleet that names none is sent without one, as a hand-written request would be.
     */
    public boolean hasSpotSpecification() {
        return spotAllocationStrategy != null;
    }
}
