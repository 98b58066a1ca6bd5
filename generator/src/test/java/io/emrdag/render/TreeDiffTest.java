package io.emrdag.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TreeDiffTest {

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void diffHoldsOnlyChangesAndMergingItBackGivesTheTarget() {
        Map<String, Object> base = map("Name", "x", "Instances", map("Subnet", "s-1", "Groups", List.of("a", "b")),
                "Tags", List.of("t"), "LogUri", "s3://logs/");
        Map<String, Object> target = map("Name", "x", "Instances", map("Subnet", "s-1", "Groups", List.of("a", "b", "c")),
                "Tags", List.of("t"), "ReleaseLabel", "emr-7.2.0");
        Map<String, Object> diff = TreeDiff.diff(base, target);
        Map<String, Object> expected = map("Instances", map("Groups", List.of("a", "b", "c")), "ReleaseLabel", "emr-7.2.0");
        expected.put("LogUri", null);
        assertEquals(expected, diff);
        assertEquals(target, TreeDiff.merge(base, diff));
    }

    @Test
    void identicalTreesHaveAnEmptyDiff() {
        Map<String, Object> base = map("A", map("B", 1));
        assertEquals(Map.of(), TreeDiff.diff(base, map("A", map("B", 1))));
    }
}
