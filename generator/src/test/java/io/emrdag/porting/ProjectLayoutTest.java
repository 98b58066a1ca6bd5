package io.emrdag.porting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ProjectLayoutTest {

    private static Map<String, Object> group(String schedule, int retries, String instanceType, String mode) {
        Map<String, Object> cluster = new LinkedHashMap<>();
        if (mode != null) {
            cluster.put("mode", mode);
        }
        cluster.put("name", "c-" + instanceType);
        cluster.put("release_label", "emr-6.15.0");
        cluster.put("master", Map.of("instance_type", instanceType, "market", "ON_DEMAND"));
        Map<String, Object> group = new LinkedHashMap<>();
        group.put("schedule", schedule);
        group.put("retries", retries);
        group.put("catchup", true);
        group.put("cluster", cluster);
        group.put("steps", List.of());
        return group;
    }

    @Test
    void identicalShapesBecomeOneProfileAndTheCommonArgumentsDefaults() {
        Map<String, Map<String, Object>> groups = new TreeMap<>();
        groups.put("a", group("@daily", 1, "m5.xlarge", null));
        groups.put("b", group("@daily", 2, "m5.xlarge", "with_steps"));
        groups.put("c", group(null, 1, "r5.xlarge", null));
        ProjectLayout layout = new ProjectLayout(groups, "2.10.3");

        assertEquals(Map.of("schedule", "@daily", "retries", 1, "catchup", true), layout.emrdagYaml.get("defaults"));
        assertEquals(List.of("shape_1: a, b"), layout.profiles);
        assertEquals(Map.of("shape_1", Map.of("release_label", "emr-6.15.0", "master", Map.of("instance_type", "m5.xlarge",
                "market", "ON_DEMAND"))), layout.emrdagYaml.get("clusters"));
        assertEquals(Map.of("profile", "shape_1", "name", "c-m5.xlarge"), groups.get("a").get("cluster"));
        assertEquals(Map.of("profile", "shape_1", "name", "c-m5.xlarge", "mode", "with_steps"), groups.get("b").get("cluster"));
        assertEquals("r5.xlarge", ((Map<?, ?>) ((Map<?, ?>) groups.get("c").get("cluster")).get("master")).get("instance_type"));
        assertEquals(2, groups.get("b").get("retries"));
        assertEquals(null, groups.get("c").get("schedule"));
        assertEquals(true, groups.get("c").containsKey("schedule"), "a schedule that differs from the default stays, also null");
        assertEquals(false, groups.get("a").containsKey("retries"));
    }

    @Test
    void aSingleJobGroupKeepsEverything() {
        Map<String, Map<String, Object>> groups = new TreeMap<>();
        groups.put("a", group("@daily", 1, "m5.xlarge", null));
        ProjectLayout layout = new ProjectLayout(groups, "2.10.3");
        assertEquals(Map.of("target", "2.10.3", "project", "imported"), layout.emrdagYaml);
        assertEquals("@daily", groups.get("a").get("schedule"));
    }
}
