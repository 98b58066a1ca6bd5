package io.emrdag.porting;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Factors what imported job groups share into {@code emrdag.yaml}: identical cluster shapes become one profile under
 * {@code clusters}, and the most common value of a DAG argument every job group sets becomes a {@code defaults} key.
 * Pure data in, data out: the job groups' maps are rewritten in place, {@link #emrdagYaml} holds the project file.
 */
final class ProjectLayout {

    /** DAG-level keys factored into defaults when every job group sets them and a value is shared. */
    static final List<String> DEFAULT_KEYS = List.of("owner", "start_date", "schedule", "catchup", "max_active_runs", "retries",
            "retry_delay", "depends_on_past", "wait_for_downstream", "email_on_failure", "email_on_retry", "emr_conn_id");

    /** Cluster keys that belong to one job group, never to its shape. */
    private static final List<String> OWN_CLUSTER_KEYS = List.of("name", "mode", "cluster_id");

    final Map<String, Object> emrdagYaml = new LinkedHashMap<>();
    final List<String> profiles = new ArrayList<>();

    /** Factors {@code jobGroups} (job group id → its keys, in a stable order) for {@code target}. */
    ProjectLayout(Map<String, Map<String, Object>> jobGroups, String target) {
        emrdagYaml.put("target", target);
        emrdagYaml.put("project", "imported");
        Map<String, Object> defaults = factorDefaults(jobGroups);
        if (!defaults.isEmpty()) {
            emrdagYaml.put("defaults", defaults);
        }
        Map<String, Object> clusters = factorProfiles(jobGroups);
        if (!clusters.isEmpty()) {
            emrdagYaml.put("clusters", clusters);
        }
    }

    private static Map<String, Object> factorDefaults(Map<String, Map<String, Object>> jobGroups) {
        Map<String, Object> defaults = new LinkedHashMap<>();
        for (String key : DEFAULT_KEYS) {
            if (jobGroups.size() < 2 || !jobGroups.values().stream().allMatch(g -> g.containsKey(key))) {
                continue;
            }
            Map<Object, Integer> counts = new LinkedHashMap<>();
            jobGroups.values().forEach(g -> counts.merge(new Value(g.get(key)), 1, Integer::sum));
            Map.Entry<Object, Integer> best = counts.entrySet().stream().reduce((a, b) -> b.getValue() > a.getValue() ? b : a).orElseThrow();
            if (best.getValue() < 2) {
                continue;
            }
            Object value = ((Value) best.getKey()).value();
            defaults.put(key, value);
            jobGroups.values().forEach(g -> {
                if (Objects.equals(g.get(key), value)) {
                    g.remove(key);
                }
            });
        }
        return defaults;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> factorProfiles(Map<String, Map<String, Object>> jobGroups) {
        Map<Map<String, Object>, List<String>> byShape = new LinkedHashMap<>();
        jobGroups.forEach((id, group) -> {
            Map<String, Object> cluster = (Map<String, Object>) group.get("cluster");
            if (cluster == null || "existing".equals(cluster.get("mode"))) {
                return;
            }
            Map<String, Object> shape = new LinkedHashMap<>(cluster);
            OWN_CLUSTER_KEYS.forEach(shape::remove);
            byShape.computeIfAbsent(shape, s -> new ArrayList<>()).add(id);
        });
        Map<String, Object> clusters = new LinkedHashMap<>();
        for (Map.Entry<Map<String, Object>, List<String>> shape : byShape.entrySet()) {
            if (shape.getValue().size() < 2) {
                continue;
            }
            String name = "shape_" + (clusters.size() + 1);
            clusters.put(name, shape.getKey());
            profiles.add(name + ": " + String.join(", ", shape.getValue()));
            for (String id : shape.getValue()) {
                Map<String, Object> cluster = (Map<String, Object>) jobGroups.get(id).get("cluster");
                Map<String, Object> own = new LinkedHashMap<>();
                own.put("profile", name);
                OWN_CLUSTER_KEYS.stream().filter(cluster::containsKey).forEach(k -> own.put(k, cluster.get(k)));
                jobGroups.get(id).put("cluster", own);
            }
        }
        return clusters;
    }

    /** A map key that counts null as a value. */
    private record Value(Object value) {
    }
}
