package io.emrdag.capacity;

import io.emrdag.model.Cluster;
import io.emrdag.model.InstanceGroup;
import io.emrdag.model.Market;
import io.emrdag.model.QuotaClass;
import java.util.List;

/**
 * The EC2 instances one cluster of a job group runs, as the capacity model counts them: per instance group its type,
 * count, market and the vCPUs EC2's quotas count. An instance fleet (target capacities over several types) plugs in
 * here as the instances it would launch; everything downstream reads only this.
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

    /** The instance groups of {@code cluster} that have instances. */
    public static Footprint of(Cluster cluster, InstanceTypes types) {
        return new Footprint(cluster.instanceGroups().stream().filter(g -> g.instanceCount() > 0 && g.instanceType() != null)
                .map(g -> nodes(g, types)).toList());
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
        return String.join(", ", nodes.stream().map(n -> n.count() + "× " + n.instanceType() + (n.market() == Market.SPOT ? " spot" : "")).toList());
    }
}
