package io.emrdag.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.emrdag.Emrdag;
import io.emrdag.TestProjects;
import io.emrdag.pipeline.Request;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The golden of the cluster modes ({@code cluster.mode}): the DAG files of {@code cluster-modes/project/} (steps
 * submitted with the cluster; an existing cluster by id and by Variable, the profile of {@code defaults.cluster} not
 * inherited) against {@code cluster-modes/expected/}. Update deliberately with {@code -Demrdag.updateGolden=true}.
 */
class ClusterModesGoldenTest {

    private static final Path HOME = TestProjects.REPO.resolve("generator/src/test/resources/cluster-modes");

    @Test
    void eachModeRendersItsDagFile(@TempDir Path tmp) {
        Path out = tmp.resolve("out");
        new Emrdag().generate(new Request(HOME.resolve("project"), out));
        Map<String, String> actual = new TreeMap<>(TestProjects.snapshot(out));
        actual.keySet().removeIf(name -> !name.endsWith("_dag.py") && !name.equals("templates.py"));
        if (Boolean.getBoolean("emrdag.updateGolden")) {
            actual.forEach((name, text) -> TestProjects.write(HOME.resolve("expected").resolve(name), text));
        }
        Map<String, String> expected = TestProjects.snapshot(HOME.resolve("expected"));
        assertEquals(expected.keySet(), actual.keySet(), "generated file set differs from cluster-modes/expected/");
        expected.forEach((name, text) -> assertEquals(text, actual.get(name), "cluster-modes/expected/" + name + " differs"));
    }
}
