package io.emrdag.load;

import io.emrdag.diagnostic.Location;
import java.util.AbstractMap;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** A mapping whose keys keep their own locations (unknown-key errors point at the key, not the value). */
public record MapNode(Location location, Map<String, Member> members) implements Node {

    /** One key of a mapping with the position of the key itself. */
    public record Member(String key, Location keyLocation, Node value) {
    }

    public MapNode {
        members = members instanceof Members owned ? owned : new Members(new LinkedHashMap<>(members));
    }

    /**
     * A mapping of {@code members}, taken as they are instead of copied: for a map built for this node alone (the
     * parser's, a merge's), which its maker never changes again. Every value of every file is a node, and each mapping
     * was copied once more than needed.
     */
    public static MapNode owning(Location location, LinkedHashMap<String, Member> members) {
        return new MapNode(location, new Members(members));
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

    /** The members, in file order, read-only; a map no one else holds. */
    private static final class Members extends AbstractMap<String, Member> {

        private final LinkedHashMap<String, Member> map;

        Members(LinkedHashMap<String, Member> map) {
            this.map = map;
        }

        @Override
        public Member get(Object key) {
            return map.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return map.containsKey(key);
        }

        @Override
        public int size() {
            return map.size();
        }

        @Override
        public boolean isEmpty() {
            return map.isEmpty();
        }

        @Override
        public Set<String> keySet() {
            return Collections.unmodifiableSet(map.keySet());
        }

        @Override
        public Collection<Member> values() {
            return Collections.unmodifiableCollection(map.values());
        }

        @Override
        public Set<Entry<String, Member>> entrySet() {
            return Collections.unmodifiableMap(map).entrySet();
        }
    }
}
