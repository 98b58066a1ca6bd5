package io.emrdag.render;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a job group's request changes in its profile's template, in the terms of
 * {@code template_generator.merge}: mappings merge key by key, other values replace, {@code None} deletes.
 * Invariant (tested): {@code merge(base, diff(base, target)) == target}.
 */
final class TreeDiff {

    private TreeDiff() {
    }

    static Map<String, Object> diff(Map<String, Object> base, Map<String, Object> target) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : target.entrySet()) {
            Object before = base.get(entry.getKey());
            Object after = entry.getValue();
            if (!base.containsKey(entry.getKey())) {
                out.put(entry.getKey(), after);
            } else if (before instanceof Map && after instanceof Map && !((Map<?, ?>) after).isEmpty()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> inner = diff((Map<String, Object>) before, (Map<String, Object>) after);
                if (!inner.isEmpty()) {
                    out.put(entry.getKey(), inner);
                }
            } else if (!Objects.equals(before, after)) {
                out.put(entry.getKey(), after);
            }
        }
        for (String key : base.keySet()) {
            if (!target.containsKey(key)) {
                out.put(key, null);
            }
        }
        return out;
    }

    /** Deep merge with the same rules, used to apply the raw job_flow_overrides escape hatch. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> overrides) {
        Map<String, Object> out = new LinkedHashMap<>(base);
        for (Map.Entry<String, Object> entry : overrides.entrySet()) {
            Object value = entry.getValue();
            if (value == null) {
                out.remove(entry.getKey());
            } else if (value instanceof Map && out.get(entry.getKey()) instanceof Map) {
                out.put(entry.getKey(), merge((Map<String, Object>) out.get(entry.getKey()), (Map<String, Object>) value));
            } else {
                out.put(entry.getKey(), value);
            }
        }
        return out;
    }
}
