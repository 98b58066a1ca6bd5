package io.emrdag.model;

/**
 * One instance type on a fleet's menu.
 *
 * @param weightedCapacity the units of the fleet's target capacities one instance of this type counts for
 * @param bidPrice         the spot price cap in USD, or {@code null}
 * @param bidPricePercent  the spot price cap as a percentage of the on-demand price, or {@code null} (EMR: 100)
 * @param ebs              {@code null} for the instance type's default storage
 */
public record FleetInstanceType(String instanceType, int weightedCapacity, String bidPrice, Integer bidPricePercent, Ebs ebs) {
}
