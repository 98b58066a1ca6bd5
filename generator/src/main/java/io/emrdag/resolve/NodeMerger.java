package io.emrdag.resolve;

import io.emrdag.load.MapNode;
import io.emrdag.load.Node;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Merges metadata trees: mappings key by key, everything else (lists included) replaced by the later
 * value. Each value keeps the location it was written at, so errors in inherited values point at
 * {@code emrdag.yaml}.
 */
public final class NodeMerger {

    private NodeMerger() {
    }

    /** {@code over} on top of {@code base}; either may be {@code null}. */
    public static Node merge(Node base, Node over) {
        if (base == null) {
            return over;
        }
        if (over == null) {
            return base;
        }
        if (!(base instanceof MapNode baseMap) || !(over instanceof MapNode overMap)) {
            return over;
        }
        LinkedHashMap<String, MapNode.Member> members = new LinkedHashMap<>(baseMap.members());
        for (MapNode.Member member : overMap.members().values()) {
            MapNode.Member previous = members.get(member.key());
            Node value = previous == null ? member.value() : merge(previous.value(), member.value());
            members.put(member.key(), new MapNode.Member(member.key(), member.keyLocation(), value));
        }
        return MapNode.owning(overMap.location(), members);
    }

    /** The keys of a cluster on instance groups; {@code fleets} is the other shape. */
    private static final List<String> GROUP_KEYS = List.of("master", "core", "task");

    /**
     * Cluster layer {@code over} (a profile, a job group's {@code cluster}) on top of {@code base}: a layer that
     * chooses a shape replaces the other shape below it, so that a job group on fleets drops its profile's instance
     * groups (and the other way round) instead of holding both.
     */
    public static Node mergeCluster(Node base, Node over) {
        if (base instanceof MapNode below && over instanceof MapNode above) {
            if (above.has("fleets")) {
                for (String key : GROUP_KEYS) {
                    base = without(base, key);
                }
            } else if (GROUP_KEYS.stream().anyMatch(above::has) && below.has("fleets")) {
                base = without(base, "fleets");
            }
        }
        return merge(base, over);
    }

    /** {@code node} without {@code key}, or {@code node} itself when it is not a mapping. */
    public static Node without(Node node, String key) {
        if (!(node instanceof MapNode map) || !map.has(key)) {
            return node;
        }
        LinkedHashMap<String, MapNode.Member> members = new LinkedHashMap<>(map.members());
        members.remove(key);
        return MapNode.owning(map.location(), members);
    }
}
