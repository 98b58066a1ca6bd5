package io.emrdag.capacity;

import io.emrdag.model.Market;
import io.emrdag.model.QuotaClass;
import java.util.Comparator;

/**
 * What is counted over time: clusters, instances, or vCPUs (all of them, or of one EC2 quota class and market).
 *
 * @param quotaClass for vCPUs of one quota class and market, else {@code null}
 * @param market for vCPUs of one quota class and market, else {@code null}
 */
public record Meter(Kind kind, QuotaClass quotaClass, Market market) implements Comparable<Meter> {

    /** The unit counted. */
    public enum Kind {
        CLUSTERS, INSTANCES, VCPUS
    }

    public static final Meter CLUSTERS = new Meter(Kind.CLUSTERS, null, null);
    public static final Meter INSTANCES = new Meter(Kind.INSTANCES, null, null);
    public static final Meter VCPUS = new Meter(Kind.VCPUS, null, null);

    public static Meter vcpus(QuotaClass quotaClass, Market market) {
        return new Meter(Kind.VCPUS, quotaClass, market);
    }

    /** How much of this one cluster of {@code footprint} holds while it runs. */
    public int amount(Footprint footprint) {
        return switch (kind) {
            case CLUSTERS -> footprint.nodes().isEmpty() ? 0 : 1;
            case INSTANCES -> footprint.instances();
            case VCPUS -> quotaClass == null ? footprint.vcpus() : footprint.vcpus(quotaClass, market);
        };
    }

    /** {@code clusters}, {@code instances}, {@code vCPUs}, {@code on-demand Standard vCPUs}. */
    public String label() {
        return switch (kind) {
            case CLUSTERS -> "clusters";
            case INSTANCES -> "instances";
            case VCPUS -> quotaClass == null ? "vCPUs" : market.label() + " " + quotaClass.label().split(" \\(")[0] + " vCPUs";
        };
    }

    /** The EC2 quota code that limits this meter, or {@code null}. */
    public String quotaCode() {
        return quotaClass == null ? null : quotaClass.code(market);
    }

    /** Where {@code emrdag.yaml} sets this meter's limit: {@code quotas.spot_vcpus.standard}. */
    public String setting() {
        return switch (kind) {
            case CLUSTERS -> "quotas.clusters";
            case INSTANCES -> "quotas.instances";
            case VCPUS -> quotaClass == null ? null
                    : "quotas." + (market == Market.SPOT ? "spot_vcpus." : "on_demand_vcpus.") + quotaClass.id();
        };
    }

    /** Clusters, instances, all vCPUs, then vCPUs on demand and as Spot, each by quota class. */
    private static final Comparator<Meter> ORDER = Comparator.comparing(Meter::kind)
            .thenComparingInt((Meter m) -> m.market == null ? -1 : m.market.ordinal())
            .thenComparingInt((Meter m) -> m.quotaClass == null ? -1 : m.quotaClass.ordinal());

    @Override
    public int compareTo(Meter other) {
        return ORDER.compare(this, other);
    }
}
