package io.emrdag.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

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

    /**
     * The merge cases the runtime module's pytest suite reads too (python-tests/runtime/test_template_generator.py):
     * the generator merges job_flow_overrides with these rules and a DAG file merges its overrides at parse time, so
     * both must answer the same, key order included.
     */
    @TestFactory
    Stream<DynamicTest> mergeAnswersTheSharedCasesAsThePythonRuntimeDoes() throws IOException {
        ObjectMapper json = new ObjectMapper();
        JsonNode cases;
        try (InputStream in = TreeDiffTest.class.getResourceAsStream("merge-cases.json")) {
            cases = json.readTree(in).get("cases");
        }
        TypeReference<LinkedHashMap<String, Object>> tree = new TypeReference<>() { };
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : cases) {
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> {
                Map<String, Object> base = json.convertValue(c.get("base"), tree);
                String before = json.writeValueAsString(base);
                Map<String, Object> merged = TreeDiff.merge(base, json.convertValue(c.get("overrides"), tree));
                assertEquals(json.writeValueAsString(c.get("merged")), json.writeValueAsString(merged));
                assertEquals(before, json.writeValueAsString(base), "merge must not change its base");
            }));
        }
        return tests.stream();
    }
}
