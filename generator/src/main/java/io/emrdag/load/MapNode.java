package io.emrdag.load;

import io.emrdag.diagnostic.Location;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A mapping whose keys keep their own locations (unknown-key errors point at the key, not the value). */
public record MapNode(Location location, Map<String, Member> members) implements Node {

    /** One key of a mapping with the position of the key itself. */
    public record Member(String key, Location keyLocation, Node value) {
    }

    public MapNode {
        members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
    }

    public static MapNode empty(Location location) {
        return new MapNode(location, Map.of());
    }

    public Node get(String key) {
        Member member = members.get(key);
        return member == null ? null : member.value();
    }

    public boolean has(String key) {
        return members.containsKey(key);
    }

    @Override
    public String describe() {
        return "a mapping";
    }
}
