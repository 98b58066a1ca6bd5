package io.emrdag.capacity;

import io.emrdag.model.Cluster;
import io.emrdag.model.FleetInstanceType;
import io.emrdag.model.InstanceFleet;
import io.emrdag.model.InstanceGroup;
import io.emrdag.model.Market;
import io.emrdag.model.QuotaClass;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The EC2 instances one cluster of a job group runs, as the capacity model counts them: per instance group its type,
 * count, market and the vCPUs EC2's quotas count. An instance fleet counts, per market, as the instances its most
 * vCPU-dense type (per weighted unit) would launch to reach the target: EMR picks from the menu at run time, and this
 * is the most it can pick, which is what a quota must hold. Everything downstream reads only this.
 */
public record Footprint(List<Nodes> nodes) {

    /**
     * Instances of one type and market.
     *
     * @param vcpusEach {@code null} when the instance type is not in emrdag's table: not counted in vCPUs
     */
    public record Nodes(String role, String instanceType, int count, Market market, Integer vcpusEach, QuotaClass quotaClass) {

        public int vcpus() {
            return vcpusEach == null ? 0 : vcpusEach * count;
        }
    }

    public Footprint {
        nodes = List.copyOf(nodes);
    }

    /** The instance groups, or the fleets' target capacities, of {@code cluster} that have instances. */
    public static Footprint of(Cluster cluster, InstanceTypes types) {
        List<Nodes> nodes = new ArrayList<>(cluster.instanceGroups().stream()
                .filter(g -> g.instanceCount() > 0 && g.instanceType() != null).map(g -> nodes(g, types)).toList());
        for (InstanceFleet fleet : cluster.nodes().fleets()) {
            fleetNodes(fleet, fleet.onDemandCapacity(), Market.ON_DEMAND, types).ifPresent(nodes::add);
            fleetNodes(fleet, fleet.spotCapacity(), Market.SPOT, types).ifPresent(nodes::add);
        }
        return new Footprint(nodes);
    }

    private static Optional<Nodes> fleetNodes(InstanceFleet fleet, int units, Market market, InstanceTypes types) {
        if (units <= 0 || fleet.instanceTypes().isEmpty()) {
            return Optional.empty();
        }
        FleetInstanceType densest = fleet.instanceTypes().stream()
                .max(Comparator.comparingDouble(t -> types.vcpus(t.instanceType()).orElse(0) / (double) t.weightedCapacity()))
                .orElseThrow();
        int count = (units + densest.weightedCapacity() - 1) / densest.weightedCapacity();
        OptionalInt vcpus = types.vcpus(densest.instanceType());
        return Optional.of(new Nodes(fleet.role(), densest.instanceType(), count, market, vcpus.isPresent() ? vcpus.getAsInt() : null,
                QuotaClass.of(densest.instanceType())));
    }

    private static Nodes nodes(InstanceGroup group, InstanceTypes types) {
        Integer vcpus = types.vcpus(group.instanceType()).isPresent() ? types.vcpus(group.instanceType()).getAsInt() : null;
        return new Nodes(group.role(), group.instanceType(), group.instanceCount(), Market.of(group.market()), vcpus,
                QuotaClass.of(group.instanceType()));
    }

    public int instances() {
        return nodes.stream().mapToInt(Nodes::count).sum();
    }

    /** vCPUs of the instance types emrdag knows. */
    public int vcpus() {
        return nodes.stream().mapToInt(Nodes::vcpus).sum();
    }

    public int vcpus(QuotaClass quotaClass, Market market) {
        return nodes.stream().filter(n -> n.quotaClass() == quotaClass && n.market() == market).mapToInt(Nodes::vcpus).sum();
    }

    /** {@code 1× m5.xlarge, 2× r5.2xlarge, 4× r5.4xlarge spot}. */
    public String describe() {
        if (nodes.isEmpty()) {
            return "no cluster of its own";
        }
        return String.join(", ", nodes.stream().map(n -> n.count() + "× " + n.instanceType() + (n.market() == Market.SPOT ? " spot" : "")).toList());
    }
}
