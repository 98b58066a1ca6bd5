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
 * The golden of the sensor modes ({@code sensor.mode}): the DAG files of {@code sensor-modes/project/} (deferrable
 * watchers from the project's defaults, with re-runs and the overdue alert; one job group back on poke, keeping the
 * defaults' poke interval) against {@code sensor-modes/expected/}. Update deliberately with
 * {@code -Demrdag.updateGolden=true}.
 */
class SensorModesGoldenTest {

    private static final Path HOME = TestProjects.REPO.resolve("generator/src/test/resources/sensor-modes");

    @Test
    void eachSensorModeRendersItsWatchers(@TempDir Path tmp) {
        Path out = tmp.resolve("out");
        new Emrdag().generate(new Request(HOME.resolve("project"), out));
        Map<String, String> actual = new TreeMap<>(TestProjects.snapshot(out));
        actual.keySet().removeIf(name -> !name.endsWith("_dag.py") && !name.equals("templates.py"));
        if (Boolean.getBoolean("emrdag.updateGolden")) {
            actual.forEach((name, text) -> TestProjects.write(HOME.resolve("expected").resolve(name), text));
        }
        Map<String, String> expected = TestProjects.snapshot(HOME.resolve("expected"));
        assertEquals(expected.keySet(), actual.keySet(), "generated file set differs from sensor-modes/expected/");
        expected.forEach((name, text) -> assertEquals(text, actual.get(name), "sensor-modes/expected/" + name + " differs"));
    }
}
