package io.emrdag.validate;

import io.emrdag.diagnostic.Diagnostics;
import io.emrdag.load.ListNode;
import io.emrdag.load.MapNode;
import io.emrdag.load.Node;
import io.emrdag.load.ScalarNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rules EMR enforces on a RunJobFlow request beyond its members' names and types, checked on the raw
 * {@code job_flow_overrides} so that a request EMR would refuse fails {@code validate}, not the night's run: instance
 * groups or fleets (never both, a primary, core beside task, the primary fleet's capacity of 1, spot prices only on spot),
 * managed scaling's limits in order, and the idle timeout's bounds.
 */
final class OverrideRules {

    /** EMR's bounds of {@code AutoTerminationPolicy.IdleTimeout}, in seconds: one minute to seven days. */
    static final long MIN_IDLE_TIMEOUT = 60;
    static final long MAX_IDLE_TIMEOUT = 604_800;

    private final Diagnostics diagnostics;
    private final String base;

    private OverrideRules(Diagnostics diagnostics, String base) {
        this.diagnostics = diagnostics;
        this.base = base;
    }

    /** Checks {@code overrides}, whose path in the document is {@code base}. */
    static void check(MapNode overrides, String base, Diagnostics diagnostics) {
        OverrideRules rules = new OverrideRules(diagnostics, base);
        if (overrides.get("Instances") instanceof MapNode instances) {
            rules.instances(instances);
        }
        if (overrides.get("ManagedScalingPolicy") instanceof MapNode policy && policy.get("ComputeLimits") instanceof MapNode limits) {
            rules.computeLimits(limits);
        }
        if (overrides.get("AutoTerminationPolicy") instanceof MapNode policy) {
            MapNode.Member idle = policy.members().get("IdleTimeout");
            Long seconds = idle == null ? null : integer(idle.value());
            if (seconds != null && (seconds < MIN_IDLE_TIMEOUT || seconds > MAX_IDLE_TIMEOUT)) {
                diagnostics.error("E190", idle.value().location(), base + ".AutoTerminationPolicy.IdleTimeout",
                        "EMR takes an idle timeout from 60 s to 7 days (604800 s), got " + seconds,
                        "set cluster.idle_timeout (e.g. 30m) instead of the raw policy");
            }
        }
    }

    private void instances(MapNode instances) {
        String path = base + ".Instances";
        MapNode.Member groups = present(instances, "InstanceGroups");
        MapNode.Member fleets = present(instances, "InstanceFleets");
        if (groups != null && fleets != null) {
            diagnostics.error("E187", fleets.keyLocation(), path + ".InstanceFleets", "EMR takes InstanceGroups or InstanceFleets,"
                    + " never both, and both are set", "keep one; an override with one of them replaces the cluster's other one by itself");
        }
        if (groups != null && groups.value() instanceof ListNode list) {
            Set<String> roles = new HashSet<>();
            for (int i = 0; i < list.items().size(); i++) {
                if (list.items().get(i) instanceof MapNode group) {
                    roles.add(text(group.get("InstanceRole")));
                    spotPrice(group, path + ".InstanceGroups[" + i + "]");
                }
            }
            rolesComplete(roles, groups, path + ".InstanceGroups");
        }
        if (fleets != null) {
            diagnostics.warning("W220", fleets.keyLocation(), path + ".InstanceFleets", "instance fleets written in"
                    + " job_flow_overrides replace the cluster's instance groups, and get no runtime knobs and fewer checks",
                    "declare them under cluster.fleets: their target capacities then become knobs of the job group's Variable");
            if (fleets.value() instanceof ListNode list) {
                Set<String> roles = new HashSet<>();
                for (int i = 0; i < list.items().size(); i++) {
                    if (list.items().get(i) instanceof MapNode fleet) {
                        String role = text(fleet.get("InstanceFleetType"));
                        roles.add(role);
                        if ("MASTER".equals(role)) {
                            primaryCapacity(fleet, path + ".InstanceFleets[" + i + "]");
                        }
                    }
                }
                rolesComplete(roles, fleets, path + ".InstanceFleets");
            }
        }
    }

    /** EMR needs a primary, and a core beside a task; the override's list replaces the cluster's whole list. */
    private void rolesComplete(Set<String> roles, MapNode.Member list, String path) {
        List<String> missing = new ArrayList<>();
        if (!roles.contains("MASTER")) {
            missing.add("MASTER");
        }
        if (roles.contains("TASK") && !roles.contains("CORE")) {
            missing.add("CORE (a TASK one needs it)");
        }
        if (!missing.isEmpty()) {
            diagnostics.error("E188", list.keyLocation(), path, "this list replaces the cluster's whole list and has no "
                    + String.join(" and no ", missing) + " entry", "list every role the cluster runs: MASTER, CORE and any TASK");
        }
    }

    private void spotPrice(MapNode group, String path) {
        MapNode.Member bid = group.members().get("BidPrice");
        String market = text(group.get("Market"));
        if (bid != null && !"SPOT".equals(market)) {
            diagnostics.error("E189", bid.keyLocation(), path + ".BidPrice", "BidPrice is only for Market: SPOT, and this group is "
                    + (market == null ? "on-demand (EMR's default market)" : market), "remove BidPrice or set Market: SPOT");
        }
    }

    private void primaryCapacity(MapNode fleet, String path) {
        Long onDemand = integer(fleet.get("TargetOnDemandCapacity"));
        Long spot = integer(fleet.get("TargetSpotCapacity"));
        long total = (onDemand == null ? 0 : onDemand) + (spot == null ? 0 : spot);
        if (total != 1) {
            diagnostics.error("E181", fleet.location(), path, "the primary (MASTER) fleet has a target capacity of exactly 1, got "
                    + total, "set TargetOnDemandCapacity: 1, or TargetSpotCapacity: 1");
        }
    }

    private void computeLimits(MapNode limits) {
        String path = base + ".ManagedScalingPolicy.ComputeLimits";
        Long maximum = integer(limits.get("MaximumCapacityUnits"));
        if (maximum == null) {
            return;
        }
        for (String key : new String[] {"MinimumCapacityUnits", "MaximumOnDemandCapacityUnits", "MaximumCoreCapacityUnits"}) {
            MapNode.Member member = limits.members().get(key);
            Long value = member == null ? null : integer(member.value());
            if (value != null && value > maximum) {
                diagnostics.error("E185", member.value().location(), path + "." + key, "managed scaling limits out of order: "
                        + key + " " + value + " is above MaximumCapacityUnits " + maximum,
                        "EMR refuses the cluster: keep the minimum, on-demand and core limits ≤ MaximumCapacityUnits");
            }
        }
    }

    /** The member when it is there and not {@code null} ({@code null} deletes it from the request). */
    private static MapNode.Member present(MapNode map, String key) {
        MapNode.Member member = map.members().get(key);
        return member == null || member.value() instanceof ScalarNode s && s.isNull() ? null : member;
    }

    private static String text(Node node) {
        return node instanceof ScalarNode s && s.kind() == ScalarNode.Kind.STRING ? s.text() : null;
    }

    private static Long integer(Node node) {
        if (node instanceof ScalarNode s && s.kind() == ScalarNode.Kind.INTEGER) {
            try {
                return Long.parseLong(s.text().replace("_", "").replaceFirst("^\\+", ""));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
