package io.emrdag.capacity;

import java.util.Set;
import java.util.TreeSet;

/**
 * What one job group uses: instance-hours per run and per month (a twelfth of the model year's runs), and what
 * they cost with a price table. A run is billed from its cluster's start-up to its last step, as expected.
 *
 * @param costPerRun {@code null} without a price table, or when an instance type of the cluster has no price
 * @param unpriced the cluster's instance types the price table has no price for
 * @param spotAtOnDemandPrice a Spot instance type priced on demand (the table had no Spot price): an upper bound
 */
public record Usage(PlannedGroup group, double runsPerMonth, double instanceHoursPerRun, double vcpuHoursPerRun, Double costPerRun,
        Set<String> unpriced, boolean spotAtOnDemandPrice) {

    public Usage {
        unpriced = Set.copyOf(unpriced);
    }

    public static Usage of(PlannedGroup group, ModelYear year, PriceTable prices) {
        double hours = group.run().duration().getSeconds() / 3600.0;
        double instanceHours = 0;
        double vcpuHours = 0;
        double cost = 0;
        Set<String> unpriced = new TreeSet<>();
        boolean upperBound = false;
        for (Footprint.Nodes nodes : group.footprint().nodes()) {
            instanceHours += nodes.count() * hours;
            vcpuHours += nodes.vcpus() * hours;
            if (prices != null) {
                var price = prices.price(nodes.instanceType(), nodes.market());
                if (price.isEmpty()) {
                    unpriced.add(nodes.instanceType());
                } else {
                    cost += nodes.count() * hours * price.get().perHour();
                    upperBound |= price.get().spotAtOnDemandPrice();
                }
            }
        }
        Double costPerRun = prices == null || !unpriced.isEmpty() ? null : cost;
        return new Usage(group, group.runsPerYear(year) / 12.0, instanceHours, vcpuHours, costPerRun, unpriced, upperBound);
    }

    public double instanceHoursPerMonth() {
        return instanceHoursPerRun * runsPerMonth;
    }

    public Double costPerMonth() {
        return costPerRun == null ? null : costPerRun * runsPerMonth;
    }
}
