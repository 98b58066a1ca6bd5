package io.emrdag.render;

import io.emrdag.model.Cluster;
import io.emrdag.model.ClusterMode;
import io.emrdag.model.JobGroup;
import io.emrdag.model.Project;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * How a job group's DAG file fills its profile's RunJobFlow template: the values of the template's placeholders, and
 * the overrides where the job group's request differs. Its knobs are exactly those whose placeholder is still in the
 * request once the overrides are applied: {@code job_flow_overrides} that bring instance fleets to a profile on
 * instance groups drop the groups, and their knobs with them.
 *
 * @param values    placeholder → value: names, a knob macro per working knob, {@code None} for a placeholder the
 *                  overrides delete (so the file supplies every placeholder of the template it fills)
 * @param overrides the difference from the profile's request ({@code null} values delete keys)
 * @param knobs     knob → default baked into the DAG
 */
record ClusterFill(Map<String, Object> values, Map<String, Object> overrides, Map<String, Object> knobs) {

    static ClusterFill of(Project project, JobGroup group) {
        String projectName = project.settings().project();
        Cluster cluster = group.cluster();
        Map<String, Object> template = EmrRequests.runJobFlow(project.profiles().get(cluster.profile()), projectName);
        @SuppressWarnings("unchecked")
        Map<String, Object> request = (Map<String, Object>) EmrRequests.rendered(
                withOverrides(EmrRequests.runJobFlow(cluster, projectName), group.jobFlowOverrides()));
        if (group.clusterMode().kind() == ClusterMode.Kind.WITH_STEPS) {
            // The steps go with the cluster (the DAG file adds them to the request): it ends by itself after the last one.
            request = TreeDiff.merge(request, Map.of("Instances", Map.of(EmrRequests.KEEP_ALIVE, false)));
        }
        Set<String> inRequest = placeholders(request);
        Map<String, Object> knobs = new LinkedHashMap<>(EmrRequests.knobDefaults(cluster));
        knobs.keySet().retainAll(inRequest);
        Map<String, Object> values = new LinkedHashMap<>();
        values.put(EmrRequests.CLUSTER_NAME.name(),
                EmrRequests.templated(cluster.name() == null ? group.dagId() : cluster.name().replace("{job_group}", group.id())));
        values.put(EmrRequests.JOB_GROUP.name(), group.id());
        knobs.keySet().forEach(k -> values.put(k, new PythonLiteral.Jinja("{{ knob(" + JinjaString.quote(k) + ") }}")));
        placeholders(template).stream().filter(p -> !values.containsKey(p)).forEach(p -> values.put(p, null));
        return new ClusterFill(Collections.unmodifiableMap(values), TreeDiff.diff(template, request), Collections.unmodifiableMap(knobs));
    }

    /**
     * {@code request} with the raw {@code job_flow_overrides} merged in. EMR takes instance groups or instance fleets,
     * never both: an override that sets one shape replaces the request's other shape.
     */
    static Map<String, Object> withOverrides(Map<String, Object> request, Map<String, Object> overrides) {
        if (overrides.get("Instances") instanceof Map<?, ?> instances) {
            String replaced = instances.get(EmrRequests.INSTANCE_FLEETS) != null ? EmrRequests.INSTANCE_GROUPS
                    : instances.get(EmrRequests.INSTANCE_GROUPS) != null ? EmrRequests.INSTANCE_FLEETS : null;
            if (replaced != null) {
                Map<String, Object> drop = new HashMap<>();
                drop.put(replaced, null);
                request = TreeDiff.merge(request, Map.of("Instances", drop));
            }
        }
        return TreeDiff.merge(request, overrides);
    }

    /** The placeholder names in a request tree. */
    static Set<String> placeholders(Object node) {
        Set<String> found = new TreeSet<>();
        collect(node, found);
        return found;
    }

    private static void collect(Object node, Set<String> found) {
        if (node instanceof PythonLiteral.Placeholder placeholder) {
            found.add(placeholder.name());
        } else if (node instanceof Map<?, ?> map) {
            map.values().forEach(v -> collect(v, found));
        } else if (node instanceof List<?> list) {
            list.forEach(v -> collect(v, found));
        }
    }
}
