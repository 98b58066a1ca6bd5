package io.emrdag.validate;

import io.emrdag.capacity.InstanceTypes;
import io.emrdag.model.Ebs;
import io.emrdag.model.FleetInstanceType;
import io.emrdag.model.InstanceFleet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Binds a cluster's {@code fleets}: per role (master, core, optional task) a menu of instance types with weighted
 * capacity and spot price, the on-demand and spot target capacities, and how EMR gets the spot capacity. EMR's own
 * limits are checked here, so that a fleet it would refuse fails {@code validate}, not the night's run.
 */
final class FleetBinder {

    /** EMR takes at most 30 instance types per fleet (with an allocation strategy; 5 without one in the console). */
    static final int MAX_INSTANCE_TYPES = 30;
    static final List<String> ON_DEMAND_STRATEGIES = List.of("lowest-price", "prioritized");
    static final List<String> SPOT_STRATEGIES = List.of("price-capacity-optimized", "capacity-optimized",
            "capacity-optimized-prioritized", "lowest-price", "diversified");
    static final List<String> SPOT_TIMEOUT_ACTIONS = List.of("SWITCH_TO_ON_DEMAND", "TERMINATE_CLUSTER");
    private static final Pattern PRICE = Pattern.compile("\\d+(\\.\\d+)?");

    private FleetBinder() {
    }

    /**
     * The fleets of {@code cluster}, master first; empty when it has none (or they are broken: reported). {@code core:
     * null} makes a primary-only cluster (EMR takes a request whose only fleet is the primary one); so does a missing
     * core when {@code coreRequired} is false (the raw overrides replace the fleets).
     */
    static List<InstanceFleet> bind(Fields cluster, boolean forJobGroup, boolean coreRequired, InstanceTypes known) {
        Fields fleets = cluster.map("fleets");
        if (fleets == null) {
            return List.of();
        }
        InstanceFleet master = fleet(fleets, "master", "MASTER", true, forJobGroup, known);
        boolean primaryOnly = ClusterBinder.removed(fleets, "core") || !coreRequired && !fleets.has("core");
        InstanceFleet core = primaryOnly ? null : fleet(fleets, "core", "CORE", true, forJobGroup, known);
        InstanceFleet task = fleet(fleets, "task", "TASK", false, forJobGroup, known);
        if (primaryOnly && task != null) {
            ClusterBinder.taskWithoutCore(fleets, "fleet");
        }
        fleets.finish();
        if (master == null || core == null && !primaryOnly) {
            return List.of();
        }
        return Stream.of(master, core, task).filter(Objects::nonNull).toList();
    }

    private static InstanceFleet fleet(Fields fleets, String key, String role, boolean required, boolean forJobGroup,
            InstanceTypes known) {
        Fields fields = fleets.map(key);
        if (fields == null) {
            if (required && forJobGroup && !fleets.has(key)) {
                fleets.missing(key, "give the " + key + " fleet its instance types, e.g. '" + key
                        + ": {instance_types: [{instance_type: m5.xlarge}]}'");
            }
            return null;
        }
        int onDemand = fields.integer("on_demand_capacity", role.equals("TASK") ? 0 : 1, 0, 100_000);
        int spot = fields.integer("spot_capacity", 0, 0, 100_000);
        if (role.equals("MASTER") && onDemand + spot != 1) {
            fields.error(fields.has("spot_capacity") ? "spot_capacity" : "on_demand_capacity", "E181",
                    "the primary fleet has a target capacity of exactly 1, got " + onDemand + " on-demand and " + spot + " spot",
                    "write on_demand_capacity: 1, or spot_capacity: 1 with on_demand_capacity: 0");
        }
        if (role.equals("CORE") && onDemand + spot == 0) {
            fields.error("on_demand_capacity", "E182", "the core fleet needs a target capacity: on-demand and spot are both 0",
                    "give it on_demand_capacity or spot_capacity of 1 or more; use the task fleet for capacity that may be 0");
        }
        List<FleetInstanceType> types = new ArrayList<>();
        for (Fields item : fields.maps("instance_types")) {
            String type = item.matching("instance_type", null, Shapes.INSTANCE_TYPE, "an EC2 instance type like m5.xlarge", null);
            if (type == null && !item.has("instance_type")) {
                item.missing("instance_type", "e.g. instance_type: r5.2xlarge");
            }
            ClusterBinder.knownType(item, type, known);
            int weight = item.integer("weighted_capacity", 1, 1, 1000);
            String bidPrice = item.matching("bid_price", null, PRICE, "a price in USD like 0.35", null);
            Integer percent = item.has("bid_price_percent") ? item.integer("bid_price_percent", 100, 1, 1000) : null;
            if (bidPrice != null && percent != null) {
                item.error("bid_price_percent", "E183", "a spot price cap is bid_price or bid_price_percent, not both",
                        "keep one: bid_price in USD, or bid_price_percent of the on-demand price");
            }
            Ebs ebs = ClusterBinder.ebs(item);
            item.finish();
            if (type != null) {
                types.add(new FleetInstanceType(type, weight, bidPrice, percent, ebs));
            }
        }
        if (types.size() > MAX_INSTANCE_TYPES) {
            fields.error("instance_types", "E184", "a fleet takes at most " + MAX_INSTANCE_TYPES + " instance types, got "
                    + types.size(), "keep the types you would really run on; EMR refuses the cluster otherwise");
        }
        if (types.isEmpty() && forJobGroup && !fields.has("instance_types")) {
            fields.missing("instance_types", "e.g. instance_types: [{instance_type: r5.2xlarge}, {instance_type: r5a.2xlarge}]");
        }
        String onDemandStrategy = fields.has("on_demand_allocation_strategy")
                ? fields.oneOf("on_demand_allocation_strategy", null, ON_DEMAND_STRATEGIES) : null;
        boolean spotSettings = fields.has("spot_allocation_strategy") || fields.has("spot_timeout") || fields.has("spot_timeout_action");
        String spotStrategy = fields.oneOf("spot_allocation_strategy", "price-capacity-optimized", SPOT_STRATEGIES);
        Duration spotTimeout = fields.duration("spot_timeout", Duration.ofMinutes(30), Duration.ofMinutes(5), Duration.ofDays(1));
        String spotAction = fields.oneOf("spot_timeout_action", "SWITCH_TO_ON_DEMAND", SPOT_TIMEOUT_ACTIONS);
        fields.finish();
        // A SpotSpecification only when the metadata asks for one (EMR does not require it for spot capacity).
        return new InstanceFleet(role, onDemand, spot, types, onDemandStrategy, spotSettings ? spotStrategy : null,
                spotSettings ? spotTimeout : null, spotSettings ? spotAction : null);
    }
}
