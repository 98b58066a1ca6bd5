package io.emrdag.model;

import java.time.Duration;
import java.util.Map;

/**
 * How {@code emrdag report} and the quota checks of {@code validate} estimate the fleet ({@code capacity:} and
 * {@code quotas:} in {@code emrdag.yaml}).
 *
 * @param clusterStartup how long a cluster runs before its first step starts (provisioning, bootstrap actions)
 * @param defaultStepDuration the run time assumed for a step without {@code expected_duration}
 * @param prices the price table (CSV), relative to the project folder, or {@code null}
 * @param currency what the prices are in, e.g. USD
 * @param instanceVcpus vCPUs of instance types emrdag's own table does not list (yet)
 */
public record CapacitySettings(Duration clusterStartup, Duration defaultStepDuration, String prices, String currency,
        Map<String, Integer> instanceVcpus, Quotas quotas) {

    public static final Duration DEFAULT_CLUSTER_STARTUP = Duration.ofMinutes(10);
    public static final Duration DEFAULT_STEP_DURATION = Duration.ofMinutes(30);
    public static final String DEFAULT_CURRENCY = "USD";

    /** Built-in defaults, no price table, no quotas. */
    public static final CapacitySettings DEFAULTS = new CapacitySettings(DEFAULT_CLUSTER_STARTUP, DEFAULT_STEP_DURATION,
            null, DEFAULT_CURRENCY, Map.of(), Quotas.NONE);

    public CapacitySettings {
        instanceVcpus = Map.copyOf(instanceVcpus);
    }
}
