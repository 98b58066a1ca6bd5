package io.emrdag.model;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The limits {@code quotas:} in {@code emrdag.yaml} gives: the account's EC2 vCPU quotas per class and market, and
 * limits of the team's own on clusters and instances running at once. {@code null} and absent entries: no limit.
 *
 * @param clusters clusters running at once, or {@code null}
 * @param instances EC2 instances of all clusters running at once (e.g. the subnet's free IP addresses), or {@code null}
 * @param onDemandVcpus the "Running On-Demand … instances" quotas
 * @param spotVcpus the "All … Spot Instance Requests" quotas
 */
public record Quotas(Integer clusters, Integer instances, Map<QuotaClass, Integer> onDemandVcpus,
        Map<QuotaClass, Integer> spotVcpus) {

    /** No limits at all. */
    public static final Quotas NONE = new Quotas(null, null, Map.of(), Map.of());

    public Quotas {
        onDemandVcpus = copy(onDemandVcpus);
        spotVcpus = copy(spotVcpus);
    }

    /** The vCPU quotas of one market. */
    public Map<QuotaClass, Integer> vcpus(Market market) {
        return market == Market.SPOT ? spotVcpus : onDemandVcpus;
    }

    public boolean isEmpty() {
        return clusters == null && instances == null && onDemandVcpus.isEmpty() && spotVcpus.isEmpty();
    }

    private static Map<QuotaClass, Integer> copy(Map<QuotaClass, Integer> map) {
        return map.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(map));
    }
}
