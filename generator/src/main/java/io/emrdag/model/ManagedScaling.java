package io.emrdag.model;

/**
 * EMR managed scaling: the limits within which EMR resizes the cluster by itself. The limits are runtime knobs.
 *
 * @param unitType                 {@code Instances}, {@code InstanceFleetUnits} or {@code VCPU}
 * @param maximumOnDemandCapacity  {@code null} for no separate limit
 * @param maximumCoreCapacity      {@code null} for no separate limit
 */
public record ManagedScaling(String unitType, int minimumCapacity, int maximumCapacity, Integer maximumOnDemandCapacity,
        Integer maximumCoreCapacity) {
}
